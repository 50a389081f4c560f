import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { loadPartnerships } from '../../partnerships/index.ts';
import { staffordshire } from '../../partnerships/staffordshire.ts';
import { rotherham } from '../../partnerships/rotherham.ts';
import { llr } from '../../partnerships/llr.ts';

// Staffordshire asks practitioners (and partnership admins) for a reason; Rotherham asks nobody (the default).
const t = await testApp({
  partnerships: loadPartnerships([{ ...staffordshire, reasonForAccess: { roles: ['practitioner', 'admin', 'coordinator'] } }, rotherham, llr]),
});
const practitioner = await t.signIn('practitioner');
const [me] = await t.db.query<{ agency_id: string }>(`SELECT agency_id FROM users WHERE email = 'practitioner@staffordshire.example.org'`);
const otherAgency = (
  await t.db.query<{ id: string }>(`SELECT id FROM agencies WHERE partnership_id = 'staffordshire' AND id <> $1 ORDER BY id LIMIT 1`, [me!.agency_id])
)[0]!.id;
const newChild = async (reference: string, lead: string | null) =>
  (
    await t.db.query<{ id: string }>(
      `INSERT INTO children (partnership_id, reference, first_name, last_name, district_id, lead_professional_agency_id)
       VALUES ('staffordshire', $1, 'Orla', 'Fenwick', 'stafford', $2) RETURNING id`,
      [reference, lead],
    )
  )[0]!.id;
const notInvolved = await newChild('BG-0001', otherAgency);
const involved = await newChild('BG-0002', me!.agency_id);

test('issue 16 item 11: a practitioner whose agency is not involved is asked for a reason before the record opens; other pages of the record are refused meanwhile (audited)', async () => {
  const res = await practitioner.agent.get(`/children/${notInvolved}`);
  assert.equal(res.status, 200);
  assert.match(res.text, /Why do you need to see this record\?/);
  assert.doesNotMatch(res.text, /Timeline|Record created/);
  assert.equal((await practitioner.agent.get(`/children/${notInvolved}/edit`)).status, 404);
  const [denied] = await t.db.query<{ details: { reason: string } }>(
    `SELECT details FROM audit_events WHERE subject_id = $1 AND outcome = 'denied' ORDER BY id DESC LIMIT 1`,
    [notInvolved],
  );
  assert.equal(denied!.details.reason, 'reason for access not given');
});

test('issue 16 item 11: an empty reason is refused (400, the error linked); a reason opens the record and the audit keeps it', async () => {
  const bad = await practitioner.post(`/children/${notInvolved}/access-reason`, { reason: ' ' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /href="#reason"/);
  const ok = await practitioner.post(`/children/${notInvolved}/access-reason`, {
    reason: 'Strategy discussion this afternoon; the child was named by a sibling',
  });
  assert.equal(ok.status, 303);
  const page = await practitioner.agent.get(`/children/${notInvolved}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Why do you need to see this record\?/);
  assert.match(page.text, /Orla/);
  const [a] = await t.db.query<{ details: { reason: string }; child_id: string }>(
    `SELECT details, child_id FROM audit_events WHERE action = 'child.access-reason' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(a!.child_id, notInvolved);
  assert.match(a!.details.reason, /Strategy discussion/);
  assert.equal((await practitioner.agent.get(`/children/${notInvolved}/edit`)).status, 200, 'the record’s other pages open too');
});

test('issue 16 item 11: not asked when the agency is involved (the lead professional’s), nor of a coordinator even when configured', async () => {
  const page = await practitioner.agent.get(`/children/${involved}`);
  assert.doesNotMatch(page.text, /Why do you need to see this record\?/);
  assert.match(page.text, /Orla/);
  const coordinator = await t.signIn('coordinator');
  const c = await coordinator.agent.get(`/children/${notInvolved}`);
  assert.doesNotMatch(c.text, /Why do you need to see this record\?/);
  // One of the child's agencies counts as involved too.
  const viaAgencies = await newChild('BG-0003', otherAgency);
  assert.match((await practitioner.agent.get(`/children/${viaAgencies}`)).text, /Why do you need to see this record\?/);
  await t.db.query(`INSERT INTO child_agencies (partnership_id, child_id, agency_id) VALUES ('staffordshire', $1, $2)`, [viaAgencies, me!.agency_id]);
  assert.doesNotMatch((await practitioner.agent.get(`/children/${viaAgencies}`)).text, /Why do you need to see this record\?/);
});

test('issue 16 item 11: the partnership admin reviews the reasons given (audited naming the children); another partnership asks nobody', async () => {
  const admin = await t.signIn('admin');
  const list = await admin.agent.get('/admin/access-reasons');
  assert.equal(list.status, 200);
  assert.match(list.text, /BG-0001/);
  assert.match(list.text, /Strategy discussion this afternoon/);
  assert.doesNotMatch(list.text, /BG-0002/);
  const [a] = await t.db.query<{ children_shown: string[] }>(
    `SELECT children_shown FROM audit_events WHERE action = 'access-reasons.view' ORDER BY id DESC LIMIT 1`,
  );
  assert.deepEqual(a!.children_shown, [notInvolved]);
  assert.equal((await practitioner.agent.get('/admin/access-reasons')).status, 403);
  const rPractitioner = await t.signIn('practitioner', 'rotherham');
  const [rChild] = await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'rotherham' ORDER BY reference LIMIT 1`);
  const r = await rPractitioner.agent.get(`/children/${rChild!.id}`);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /Why do you need to see this record\?/);
});
