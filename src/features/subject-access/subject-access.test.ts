import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFParse } from 'pdf-parse';
import { testApp } from '../../test-support/app.ts';

const t = await testApp();
const admin = await t.signIn('admin');

const [jordan] = await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'staffordshire' AND reference = 'MC000001'`);
const childId = jordan!.id;
// Jordan holds an assessment, a meeting item and intelligence in the demo data; an action and a decision are added here.
const agency = (await t.db.query<{ id: string }>(`SELECT id FROM agencies WHERE partnership_id = 'staffordshire' ORDER BY id LIMIT 1`))[0]!.id;
await t.db.query(
  `INSERT INTO actions (partnership_id, child_id, what, kind, owner_team, owner_agency_id, measure, agreed_by, due_on, created_by)
   VALUES ('staffordshire', $1, 'Arrange a return home interview with Quillon Street youth team', 'support-child', 'Youth team', $2, 'Interview held', 'Panel', '2027-01-15', $3)`,
  [childId, agency, await t.userId('coordinator')],
);
await t.db.query(
  `UPDATE agenda_items i SET decisions = 'Refer to the Harbourmere disruption group', rationale = 'Seen twice at the same address'
     FROM agenda_item_children c WHERE c.partnership_id = i.partnership_id AND c.item_id = i.id AND c.child_id = $1`,
  [childId],
);
// Another child linked to Jordan (a friend in the demo data), and another child with a record of their own.
const [linked] = await t.db.query<{ first_name: string; last_name: string }>(
  `SELECT c.first_name, c.last_name FROM intel_links l JOIN children c ON c.partnership_id = l.partnership_id AND c.id = coalesce(nullif(l.a_child_id, $1), nullif(l.b_child_id, $1))
    WHERE l.partnership_id = 'staffordshire' AND (l.a_child_id = $1 AND l.b_child_id IS NOT NULL OR l.b_child_id = $1 AND l.a_child_id IS NOT NULL) LIMIT 1`,
  [childId],
);
const [other] = await t.db.query<{ id: string; first_name: string; last_name: string; reference: string }>(
  `SELECT id, first_name, last_name, reference FROM children WHERE partnership_id = 'staffordshire' AND reference = 'MC000002'`,
);

const request = (body: Record<string, string>, id = childId, as = admin) =>
  as.agent
    .post(`/children/${id}/subject-access`)
    .type('form')
    .send({ _csrf: as.csrf, ...body })
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

test('issue 16 item 13 (UK GDPR Art. 15): the JSON copy holds each kind of record about the child — record, assessments, decisions, actions, meeting items, intelligence, and who saw it', async () => {
  const res = await request({ requesterReference: 'SAR-2026-041', reason: 'The young person, identity checked in person', format: 'json' });
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type']!, /application\/json/);
  assert.match(res.headers['content-disposition']!, /attachment; filename="staffordshire-subject-access-mc000001-\d{4}-\d\d-\d\d\.json"/);
  const copy = JSON.parse((res.body as Buffer).toString('utf8'));
  assert.equal(copy.child.id, childId);
  assert.equal(copy.child.first_name, 'Jordan');
  assert.equal(copy.requesterReference, 'SAR-2026-041');
  assert.ok(copy.sections.assessments.assessments.length >= 1, 'assessments');
  assert.ok(
    copy.sections.actions.actions.some((a: { what: string }) => /Quillon Street/.test(a.what)),
    'actions',
  );
  const items = copy.sections.meetings.agenda_items;
  assert.ok(items.length >= 1, 'meeting items');
  assert.ok(
    items.some((i: { decisions: string }) => i.decisions === 'Refer to the Harbourmere disruption group'),
    'decisions',
  );
  assert.ok(copy.sections.intelligence.intel_links.length >= 2, 'intelligence that names the child');
  assert.ok(copy.sections.record.timeline_events.length >= 1, 'the record’s timeline');
  assert.ok(
    copy.audit.some((a: { action: string }) => a.action === 'Subject access: requested a copy'),
    'the log of who saw it includes this request',
  );
  assert.ok(copy.audit.length >= 2);
});

test('issue 16 item 13: another child’s data is absent from the copy (a linked child is not named, nor is any other child)', async () => {
  const res = await request({ requesterReference: 'SAR-2026-042', reason: 'Parent with parental responsibility', format: 'json' });
  const text = (res.body as Buffer).toString('utf8');
  assert.ok(linked, 'the demo data links Jordan to another child');
  assert.doesNotMatch(text, new RegExp(`${linked!.first_name}|${linked!.last_name}`));
  assert.match(text, /another child \(not disclosed\)/);
  assert.doesNotMatch(text, new RegExp(`${other!.id}|${other!.reference}|${other!.last_name}`));
});

test('issue 16 item 13 (DOMAIN §7): the PDF carries the partnership’s marking at the top and bottom of every page, and holds the record', async () => {
  const res = await request({ requesterReference: 'SAR-2026-043', reason: 'The young person, by letter', format: 'pdf' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/pdf');
  const parser = new PDFParse({ data: res.body as Buffer });
  const r = await parser.getText();
  await parser.destroy();
  const marking = t.partnerships.get('staffordshire')!.marking.text;
  assert.ok(r.pages.length >= 2);
  for (const p of r.pages) {
    assert.equal(p.text.split(marking).length - 1, 2, `marking at the top and bottom of page ${p.num}`);
    assert.match(p.text, new RegExp(`Page ${p.num} of ${r.pages.length}`));
  }
  assert.match(r.text, /Jordan/);
  assert.match(r.text, /Quillon Street/);
  assert.match(r.text, /Harbourmere disruption group/);
  assert.match(r.text, /SAR-2026-043/);
  assert.match(r.text, /Who has seen the record, and who received it/);
});

test('issue 16 item 13: the request (reference and reason) and its delivery are audited, in the child’s trail', async () => {
  await request({ requesterReference: 'SAR-2026-044', reason: 'Solicitor acting for the young person', format: 'pdf' });
  const rows = await t.db.query<{ action: string; details: Record<string, unknown>; child_id: string }>(
    `SELECT action, details, child_id FROM audit_events WHERE action LIKE 'subject-access.%' AND details->>'requesterReference' = 'SAR-2026-044' ORDER BY id`,
  );
  assert.deepEqual(
    rows.map((r) => r.action),
    ['subject-access.request', 'subject-access.deliver'],
  );
  assert.equal(rows[0]!.details.reason, 'Solicitor acting for the young person');
  assert.equal(rows[1]!.details.format, 'pdf');
  assert.match(String(rows[1]!.details.sha256), /^[0-9a-f]{64}$/);
  assert.ok(Number(rows[1]!.details.bytes) > 1000);
  assert.ok(rows.every((r) => r.child_id === childId));
  const page = await admin.agent.get(`/children/${childId}/audit`);
  assert.match(page.text, /Subject access: produced the copy/);
  assert.match(page.text, new RegExp(`href="/children/${childId}/subject-access"`));
});

test('issue 16 item 13: another partnership’s admin is refused (404) and the attempt audited naming the partnership', async () => {
  const rotherhamAdmin = await t.signIn('admin', 'rotherham');
  const res = await request({ requesterReference: 'SAR-X', reason: 'Probe', format: 'json' }, childId, rotherhamAdmin);
  assert.equal(res.status, 404);
  assert.doesNotMatch((res.body as Buffer).toString('utf8'), /Jordan|Ashdown/);
  const [row] = await t.db.query<{ outcome: string; details: Record<string, unknown> }>(
    `SELECT outcome, details FROM audit_events WHERE action = 'subject-access.request' AND partnership_id = 'rotherham' AND subject_id = $1`,
    [childId],
  );
  assert.equal(row?.outcome, 'denied');
  assert.equal(row?.details.otherPartnership, 'staffordshire');
  assert.equal((await rotherhamAdmin.agent.get(`/children/${childId}/subject-access`)).status, 404);
});

test('issue 16 item 13: only the partnership admin may produce a copy (a coordinator is refused 403)', async () => {
  const coordinator = await t.signIn('coordinator');
  assert.equal((await coordinator.agent.get(`/children/${childId}/subject-access`)).status, 403);
  const res = await request({ requesterReference: 'SAR-Y', reason: 'x', format: 'json' }, childId, coordinator);
  assert.equal(res.status, 403);
});

test('issue 16 item 13: the request form asks for the reference, the reason and the format (400 with the errors, nothing produced)', async () => {
  const form = await admin.agent.get(`/children/${childId}/subject-access`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Produce a subject access copy/);
  const before = (await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'subject-access.deliver'`)).length;
  const res = await request({ requesterReference: ' ', reason: '', format: 'docx' });
  assert.equal(res.status, 400);
  const html = (res.body as Buffer).toString('utf8');
  assert.match(html, /<title>Error:/);
  assert.match(html, /href="#requesterReference"/);
  assert.match(html, /href="#reason"/);
  assert.match(html, /href="#format"/);
  assert.equal((await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'subject-access.deliver'`)).length, before);
});
