import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { todayIso } from '../../platform/dates.ts';
import { addDays } from '../../domain/calendar/dates.ts';
import { runRetentionJob, RETENTION_JOB } from '../jobs/retention.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator');
const today = todayIso();
/** A date of birth whose 25th birthday (Staffordshire's default rule) is `on`. */
const bornFor25th = (on: string) => `${+on.slice(0, 4) - 25}${on.slice(4)}`;
const child = async (reference: string) =>
  (
    await t.db.query<{ id: string; first_name: string; last_name: string }>(
      `SELECT id, first_name, last_name FROM children WHERE partnership_id = 'staffordshire' AND reference = $1`,
      [reference],
    )
  )[0]!;
const setBirth = (id: string, dob: string) =>
  t.db.query(`UPDATE children SET date_of_birth = $2 WHERE partnership_id = 'staffordshire' AND id = $1`, [id, dob]);
const exists = async (id: string) => (await t.db.query(`SELECT 1 FROM children WHERE id = $1`, [id])).length === 1;

const jordan = await child('MC000001'); // an assessment, a meeting item, intelligence links (one to another child) in the demo data
const kayla = await child('MC000002');
const tyler = await child('MC000003');
const amelia = await child('MC000004');

test('issue 16 item 12: coordinators see the records falling due within a month (not later), the list audited naming them; others are refused', async () => {
  await setBirth(amelia.id, bornFor25th(addDays(today, 20)));
  await setBirth(tyler.id, bornFor25th(addDays(today, 45)));
  const res = await coordinator.agent.get('/retention');
  assert.equal(res.status, 200);
  assert.match(res.text, new RegExp(`${amelia.first_name} ${amelia.last_name}`));
  assert.doesNotMatch(res.text, new RegExp(`${tyler.first_name} ${tyler.last_name}`), 'falls due after next month');
  const [entry] = await t.db.query<{ children_shown: string[] }>(
    `SELECT children_shown FROM audit_events WHERE action = 'retention.view' ORDER BY id DESC LIMIT 1`,
  );
  assert.ok(entry!.children_shown.includes(amelia.id));
  assert.match((await coordinator.agent.get('/children')).text, /href="\/retention"/, 'linked from Children');
  const practitioner = await t.signIn('practitioner');
  assert.equal((await practitioner.agent.get('/retention')).status, 403);
  assert.doesNotMatch((await practitioner.agent.get('/children')).text, /href="\/retention"/);
});

test('issue 16 item 12: a hold needs a reason (400, nothing held); with one it is placed and audited, and the job keeps the record', async () => {
  await setBirth(tyler.id, bornFor25th(today));
  const bad = await coordinator.post(`/retention/${tyler.id}/hold`, { reason: '  ' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, new RegExp(`href="#reason-${tyler.id}"`));
  assert.equal((await t.db.query(`SELECT 1 FROM retention_holds WHERE child_id = $1`, [tyler.id])).length, 0);
  const ok = await coordinator.post(`/retention/${tyler.id}/hold`, { reason: 'Open police investigation (Operation Larkspur)' });
  assert.equal(ok.status, 200);
  assert.match(ok.text, /Hold placed/);
  const [a] = await t.db.query<{ details: { reason: string }; child_id: string }>(
    `SELECT details, child_id FROM audit_events WHERE action = 'retention.hold' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(a!.details.reason, 'Open police investigation (Operation Larkspur)');
  assert.equal(a!.child_id, tyler.id);
  const r = await t.services.retention.run(today);
  assert.ok(r.held >= 1);
  assert.ok(await exists(tyler.id), 'a held record is kept');
  // Erasing it any other way is refused while the hold is open (the hold's row stops it): nothing erased.
  const direct = await t.services.children.erase({ partnershipId: 'staffordshire' }, tyler.id, 'test');
  assert.deepEqual(direct, { ok: false, reason: 'held', table: 'retention_holds' });
  assert.ok(await exists(tyler.id));
});

test('DOMAIN §7 retention: the job erases a record on its erase-by date, not the day before; then the hold released, the held one too', async () => {
  await setBirth(jordan.id, bornFor25th(today));
  await t.services.retention.run(addDays(today, -1));
  assert.ok(await exists(jordan.id), 'the day before: kept');
  const r = await runRetentionJob(t.db, t.services.retention, new Date(), { force: true });
  assert.equal(r.ran && r.outcome, 'succeeded');
  assert.equal(await exists(jordan.id), false, 'the day of: erased');
  const [run] = await t.db.query<{ outcome: string; details: Record<string, number> }>(
    `SELECT outcome, details FROM job_runs WHERE name = $1 ORDER BY id DESC LIMIT 1`,
    [RETENTION_JOB],
  );
  assert.equal(run!.outcome, 'succeeded');
  assert.ok(run!.details.erased! >= 1);
  assert.ok(
    Object.values(run!.details).every((v) => typeof v === 'number'),
    'counts only',
  );

  assert.equal((await coordinator.post(`/retention/${tyler.id}/release`)).status, 200);
  await t.services.retention.run(today);
  assert.equal(await exists(tyler.id), false, 'released, then erased');
});

test('issue 16 item 12: the erasure leaves no row about the child in any table with a child_id, nor an intelligence link; another child’s rows stay', async () => {
  const tables = await t.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'child_id' AND table_name <> 'audit_events'`,
  );
  assert.ok(tables.length > 20);
  for (const { table_name } of tables) {
    const left = await t.db.query(`SELECT 1 FROM ${table_name} WHERE child_id = $1`, [jordan.id]);
    assert.equal(left.length, 0, `${table_name} still holds a row about the erased child`);
  }
  assert.equal((await t.db.query(`SELECT 1 FROM intel_links WHERE a_child_id = $1 OR b_child_id = $1`, [jordan.id])).length, 0);
  assert.ok(await exists(kayla.id));
  assert.ok((await t.db.query(`SELECT 1 FROM intel_links WHERE a_child_id = $1 OR b_child_id = $1`, [kayla.id])).length > 0, 'Kayla keeps her own links');
  assert.ok((await t.db.query(`SELECT 1 FROM assessments WHERE child_id = $1`, [kayla.id])).length > 0, 'Kayla keeps her assessment');
});

test('issue 16 item 12: the audit keeps its rows with the subject pseudonymised (the id names no record), and the erasure records counts without personal data', async () => {
  const kept = await t.db.query(`SELECT 1 FROM audit_events WHERE child_id = $1`, [jordan.id]);
  assert.ok(kept.length > 0, 'audit rows kept');
  const [erase] = await t.db.query<{ details: { why: string; erased: Record<string, number> } }>(
    `SELECT details FROM audit_events WHERE action = 'child.erase' AND subject_id = $1`,
    [jordan.id],
  );
  assert.match(erase!.details.why, /^retention: until the 25th birthday$/);
  assert.ok(erase!.details.erased.assessments! >= 1);
  assert.ok(erase!.details.erased.intel_links! >= 1);
  assert.equal(erase!.details.erased.children, 1);
  assert.doesNotMatch(JSON.stringify(erase), new RegExp(`${jordan.first_name}|${jordan.last_name}`));
  // Nothing left in the database maps the id to the child.
  assert.equal((await t.db.query(`SELECT 1 FROM children WHERE id = $1`, [jordan.id])).length, 0);
});
