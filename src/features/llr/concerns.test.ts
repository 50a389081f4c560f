import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { newChild, recordConcern, grade } from './scenarios.ts';
import { routeConcern, NO_PREVIOUS_CE } from './routing.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator', 'llr');

const concernIdFrom = (location: string | undefined) => /\/concerns\/([0-9a-f-]{36})\?recorded=1$/.exec(location ?? '')![1]!;
const concernRow = async (id: string) =>
  (
    await t.db.query<{ routed_to: string | null; routing_reason: string; source: string; indicators_present: boolean; risk_changed: boolean | null }>(
      `SELECT * FROM concerns WHERE id = $1`,
      [id],
    )
  )[0]!;
const count = async (sql: string, params: unknown[]) => Number((await t.db.query<{ n: string }>(sql, params))[0]!.n);

test('routing rule: indicators → exploitation team; none but previous CE concerns → exploitation team; none at all → no route', () => {
  assert.equal(routeConcern(true, { concernsWithIndicators: 0, thriveGradings: 0 }).routedTo, 'exploitation-team');
  const previous = routeConcern(false, { concernsWithIndicators: 1, thriveGradings: 2 });
  assert.equal(previous.routedTo, 'exploitation-team');
  assert.match(previous.reason, /1 earlier concern with exploitation indicators and 2 THRIVE gradings/);
  assert.deepEqual(routeConcern(false, { concernsWithIndicators: 0, thriveGradings: 0 }), { routedTo: null, toTriage: false, reason: NO_PREVIOUS_CE });
});

test('a concern with exploitation indicators is routed to the exploitation team, put in the triage inbox, emailed by reference only, and audited', async () => {
  const childId = await newChild(coordinator, 'Aria');
  const res = await recordConcern(coordinator, childId, { source: 'ppn', indicatorsPresent: 'yes' });
  assert.equal(res.status, 303);
  const id = concernIdFrom(res.headers.location);
  const row = await concernRow(id);
  assert.equal(row.routed_to, 'exploitation-team');
  assert.match(row.routing_reason, /shared with partner agencies .* police exploitation team .* before the DRMM/);
  assert.equal(await count(`SELECT count(*) AS n FROM triage_items WHERE kind = 'concern' AND subject_id = $1 AND status = 'new'`, [id]), 1);

  const [mail] = await t.db.query<{ to_address: string; subject: string; body: string }>(`SELECT * FROM outbox WHERE body LIKE $1`, [`%${id}%`]);
  assert.equal(mail!.to_address, 'exploitation-team@llr.example.org');
  const [child] = await t.db.query<{ reference: string }>(`SELECT reference FROM children WHERE id = $1`, [childId]);
  assert.match(mail!.subject + mail!.body, new RegExp(child!.reference));
  assert.doesNotMatch(mail!.subject + mail!.body, /Aria|Quarrendon/, 'the email names no child');

  assert.equal(
    await count(`SELECT count(*) AS n FROM timeline_events WHERE child_id = $1 AND kind = 'concern' AND link = $2`, [childId, `/concerns/${id}`]),
    1,
  );
  assert.equal(await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'concern.create' AND subject_id = $1 AND outcome = 'allowed'`, [id]), 1);

  const page = await coordinator.agent.get(`/concerns/${id}?recorded=1`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Child concern recorded/);
  assert.match(page.text, /Routed to the police exploitation team/);
  assert.equal(await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'concern.view' AND subject_id = $1`, [id]), 1, 'the view is audited');
});

test('a concern without indicators, for a child with a previous CE concern, goes to the exploitation team with the reason stated', async () => {
  const childId = await newChild(coordinator, 'Bryn');
  await recordConcern(coordinator, childId, { source: 'intelligence', indicatorsPresent: 'yes' });
  const res = await recordConcern(coordinator, childId, { source: 'partner-referral', indicatorsPresent: 'no' });
  const id = concernIdFrom(res.headers.location);
  const row = await concernRow(id);
  assert.equal(row.routed_to, 'exploitation-team');
  assert.match(row.routing_reason, /No exploitation indicators, but the check found previous CE concerns \(1 earlier concern with exploitation indicators\)/);
  const page = await coordinator.agent.get(`/concerns/${id}`);
  assert.match(page.text, /previous CE concerns/);
  assert.equal(await count(`SELECT count(*) AS n FROM outbox WHERE body LIKE $1`, [`%${id}%`]), 1);
});

test('a concern without indicators, for a child graded at a DRMM before, goes to the exploitation team', async () => {
  const childId = await newChild(coordinator, 'Cerys');
  const { res: graded } = await grade(coordinator, childId, '2026-09-01', { grade: 'low' });
  assert.equal(graded.status, 303);
  const res = await recordConcern(coordinator, childId, { source: 'ppn', indicatorsPresent: 'no' });
  const row = await concernRow(concernIdFrom(res.headers.location));
  assert.equal(row.routed_to, 'exploitation-team');
  assert.match(row.routing_reason, /1 THRIVE grading at a DRMM/);
});

test('a concern without indicators and no previous CE concerns is not routed, and the page says so', async () => {
  const childId = await newChild(coordinator, 'Dafydd');
  const res = await recordConcern(coordinator, childId, { source: 'ppn', indicatorsPresent: 'no' });
  const id = concernIdFrom(res.headers.location);
  const row = await concernRow(id);
  assert.equal(row.routed_to, null);
  assert.equal(row.routing_reason, 'No previous CE concerns: no further routing');
  assert.equal(await count(`SELECT count(*) AS n FROM triage_items WHERE subject_id = $1`, [id]), 0);
  assert.equal(await count(`SELECT count(*) AS n FROM outbox WHERE body LIKE $1`, [`%${id}%`]), 0);
  const page = await coordinator.agent.get(`/concerns/${id}?recorded=1`);
  assert.match(page.text, /No previous CE concerns: no further routing/);
});

test('a screening tool without a change in risk is refused with a clear message, the input kept and nothing saved', async () => {
  const childId = await newChild(coordinator, 'Eira');
  const res = await recordConcern(coordinator, childId, {
    source: 'screening-tool',
    riskChanged: 'no',
    indicatorsPresent: 'yes',
    summary: 'Screening tool from school nurse',
  });
  assert.equal(res.status, 400);
  assert.match(res.text, /<title>Error: Record a child concern/);
  assert.match(res.text, /href="#riskChanged">A screening tool is taken as a child concern only when there is a change in the risk assessment/);
  assert.match(res.text, /Screening tool from school nurse<\/textarea>/);
  assert.match(res.text, /value="screening-tool" checked/);
  assert.equal(await count(`SELECT count(*) AS n FROM concerns WHERE child_id = $1`, [childId]), 0);

  const unanswered = await recordConcern(coordinator, childId, { source: 'screening-tool', indicatorsPresent: 'yes' });
  assert.equal(unanswered.status, 400);
  assert.match(unanswered.text, /Select whether the child’s risk assessment has changed/);

  const changed = await recordConcern(coordinator, childId, { source: 'screening-tool', riskChanged: 'yes', indicatorsPresent: 'yes' });
  assert.equal(changed.status, 303);
  const row = await concernRow(concernIdFrom(changed.headers.location));
  assert.equal(row.source, 'screening-tool');
  assert.equal(row.risk_changed, true);
});

test('an empty concern form lists every error in form order', async () => {
  const childId = await newChild(coordinator, 'Ffion');
  const res = await coordinator.post(`/children/${childId}/concerns/new`, {});
  assert.equal(res.status, 400);
  const summary = [...res.text.matchAll(/<a href="#([\w-]+)">/g)].map((m) => m[1]);
  assert.deepEqual(summary, ['source', 'indicatorsPresent', 'summary']);
});

test('roles without the permission get 403, and the refusal is audited', async () => {
  const childId = await newChild(coordinator, 'Gethin');
  const res = await recordConcern(coordinator, childId, { source: 'ppn', indicatorsPresent: 'yes' });
  const id = concernIdFrom(res.headers.location);
  const administrator = await t.signIn('administrator', 'llr');
  assert.equal((await administrator.agent.get(`/children/${childId}/concerns/new`)).status, 403);
  assert.equal((await recordConcern(administrator, childId, { source: 'ppn', indicatorsPresent: 'yes' })).status, 403);
  assert.equal((await administrator.agent.get(`/concerns/${id}`)).status, 200, 'a panel administrator may read a concern');
  const analyst = await t.signIn('analyst', 'llr');
  assert.equal((await analyst.agent.get(`/concerns/${id}`)).status, 403);
  const practitioner = await t.signIn('practitioner', 'llr');
  assert.equal(
    (await recordConcern(practitioner, childId, { source: 'partner-referral', indicatorsPresent: 'no' })).status,
    303,
    'practitioners record concerns',
  );
  assert.ok((await count(`SELECT count(*) AS n FROM audit_events WHERE outcome = 'denied' AND action = 'concern.create'`, [])) >= 1);
});

test('a Staffordshire user gets 404 for an LLR child and its concern, and the attempt is audited', async () => {
  const childId = await newChild(coordinator, 'Heledd');
  const res = await recordConcern(coordinator, childId, { source: 'ppn', indicatorsPresent: 'yes' });
  const id = concernIdFrom(res.headers.location);
  const staffs = await t.signIn('coordinator', 'staffordshire');
  const form = await staffs.agent.get(`/children/${childId}/concerns/new`);
  assert.equal(form.status, 404);
  assert.doesNotMatch(form.text, /Heledd/);
  assert.equal((await recordConcern(staffs, childId, { source: 'ppn', indicatorsPresent: 'yes' })).status, 404);
  const view = await staffs.agent.get(`/concerns/${id}`);
  assert.equal(view.status, 404);
  assert.doesNotMatch(view.text, /Heledd/);
  assert.equal(await count(`SELECT count(*) AS n FROM concerns WHERE child_id = $1`, [childId]), 1, 'nothing recorded across partnerships');
  assert.ok(
    (await count(`SELECT count(*) AS n FROM audit_events WHERE partnership_id = 'staffordshire' AND outcome = 'denied' AND subject_id IN ($1, $2)`, [
      childId,
      id,
    ])) >= 3,
  );
});
