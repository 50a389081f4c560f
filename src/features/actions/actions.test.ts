import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { todayIso } from '../../platform/dates.ts';
import { addDays } from '../../domain/actions/rules.ts';
import { carryForward } from './service.ts';

const t = await testApp();
const practitioner = await t.signIn('practitioner');
const coordinator = await t.signIn('coordinator');
const responder = await t.signIn('responder');
const practitionerId = await t.userId('practitioner');
const coordinatorId = await t.userId('coordinator');
const outsiderId = await t.userId('practitioner', 'rotherham');
const child = await t.anyChild();
const today = todayIso();

const dateParts = (iso: string) => ({ 'dueOn-day': String(+iso.slice(8, 10)), 'dueOn-month': String(+iso.slice(5, 7)), 'dueOn-year': iso.slice(0, 4) });
const form = (over: Record<string, string> = {}) => ({
  what: 'Visit the address of concern with the neighbourhood team',
  toolkitItem: 'police-7',
  kind: '',
  ownerType: 'person',
  ownerUserId: practitionerId,
  measure: 'Visit recorded on the police system',
  agreedBy: 'District MACE panel',
  ...dateParts(addDays(today, 7)),
  ...over,
});
const countActions = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM actions`))[0]!.n);
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

/** An action straight into the table (the form refuses past due dates, which overdue tests need). */
async function insertAction(o: {
  what: string;
  due: string;
  owner?: string;
  agency?: string;
  status?: string;
  childId?: string | null;
  seriesId?: string;
  occurrenceId?: string;
}) {
  const [row] = await t.db.query<{ id: string }>(
    `INSERT INTO actions (partnership_id, child_id, meeting_series_id, meeting_occurrence_id, what, kind, owner_user_id, owner_team, owner_agency_id, measure, agreed_by, due_on, status, completion_evidence, created_by)
     VALUES ('staffordshire', $1, $2, $3, $4, 'other', $5, $6, $7, 'measured', 'panel', $8, $9, $10, $11) RETURNING id`,
    [
      o.childId === undefined ? child.id : o.childId,
      o.seriesId ?? null,
      o.occurrenceId ?? null,
      o.what,
      o.owner ?? null,
      o.owner ? null : 'Harm reduction hub',
      o.agency ?? 'police',
      o.due,
      o.status ?? 'open',
      o.status === 'done' ? 'evidence' : null,
      coordinatorId,
    ],
  );
  return row!.id;
}

test('a SMART action with missing parts and a past due date: errors named, input kept, nothing saved', async () => {
  const before = await countActions();
  const res = await practitioner.post(`/children/${child.id}/actions/new`, form({ measure: '', ...dateParts(addDays(today, -1)) }));
  assert.equal(res.status, 400);
  assert.match(res.text, /<title>Error: /);
  assert.match(res.text, /href="#measure">Enter how completion will be measured/);
  assert.match(res.text, /href="#dueOn-day">Due date must be today or in the future/);
  assert.match(res.text, /Visit the address of concern with the neighbourhood team<\/textarea>/, 'what was typed is kept');
  assert.match(res.text, /value="police-7" selected/, 'the toolkit choice is kept');
  assert.equal(await countActions(), before);
});

test('an owner outside the partnership is refused and nothing is saved', async () => {
  const before = await countActions();
  const res = await practitioner.post(`/children/${child.id}/actions/new`, form({ ownerUserId: outsiderId }));
  assert.equal(res.status, 400);
  assert.match(res.text, /href="#ownerUserId">The owner must be a person in the partnership/);
  const team = await practitioner.post(`/children/${child.id}/actions/new`, form({ ownerType: 'team', ownerTeam: 'Team X', ownerAgencyId: 'no-such-agency' }));
  assert.equal(team.status, 400);
  assert.match(team.text, /The team’s agency must be an agency of the partnership/);
  assert.equal(await countActions(), before);
});

test('the form offers the Appendix 1 toolkit grouped, and the partnership’s people', async () => {
  const res = await practitioner.agent.get(`/children/${child.id}/actions/new`);
  assert.equal(res.status, 200);
  assert.match(res.text, /<optgroup label="Disruption: Housing">/);
  assert.match(res.text, /<optgroup label="Support for the child: Communication styles">/);
  assert.match(res.text, /<optgroup label="Family support \(caregivers\): Work with siblings">/);
  assert.match(res.text, new RegExp(`value="${practitionerId}" selected`));
  assert.doesNotMatch(res.text, new RegExp(outsiderId));
});

let actionId = '';
test('a valid action is recorded with a timeline entry, and every view is audited with the child', async () => {
  const res = await practitioner.post(`/children/${child.id}/actions/new`, form());
  assert.equal(res.status, 303);
  const [a] = await t.db.query<{ id: string; kind: string; owner_agency_id: string; status: string; version: number }>(
    `SELECT id, kind, owner_agency_id, status, version FROM actions WHERE child_id = $1 AND toolkit_item = 'police-7'`,
    [child.id],
  );
  actionId = a!.id;
  assert.equal(a!.kind, 'disruption', 'the toolkit item sets the kind');
  const [tl] = await t.db.query<{ summary: string }>(
    `SELECT summary FROM timeline_events WHERE child_id = $1 AND kind = 'action' ORDER BY occurred_at DESC LIMIT 1`,
    [child.id],
  );
  assert.equal(tl!.summary, 'Action agreed: Visit the address of concern with the neighbourhood team');
  const list = await practitioner.agent.get(`/children/${child.id}/actions`);
  assert.equal(list.status, 200);
  assert.match(list.text, /moj-identity-bar/);
  assert.match(list.text, /aria-current="page"[^>]*>\s*Actions|Actions<\/a>/);
  assert.match(list.text, new RegExp(`href="/actions/${actionId}"`));
  const show = await practitioner.agent.get(`/actions/${actionId}`);
  assert.equal(show.status, 200);
  assert.match(show.text, /Review vehicle licences|Visiting houses/);
  const audit = await t.db.query<{ action: string; child_id: string }>(
    `SELECT action, child_id FROM audit_events WHERE child_id = $1 AND action LIKE 'action.%' ORDER BY id`,
    [child.id],
  );
  assert.deepEqual(audit.map((x) => x.action).slice(-3), ['action.create', 'action.list', 'action.view']);
});

test('two people editing the same action: the second save is refused with both versions shown, and kept', async () => {
  const first = await practitioner.agent.get(`/actions/${actionId}`);
  const second = await coordinator.agent.get(`/actions/${actionId}`);
  const due = addDays(today, 10);
  const ok = await practitioner.post(`/actions/${actionId}`, {
    version: versionIn(first.text),
    status: 'in-progress',
    completionEvidence: '',
    ...dateParts(due),
  });
  assert.equal(ok.status, 303);
  const stale = await coordinator.post(`/actions/${actionId}`, {
    version: versionIn(second.text),
    status: 'cancelled',
    completionEvidence: 'No longer needed, see minutes',
    notCompletedReason: 'Superseded by the panel’s new plan',
    ...dateParts(addDays(today, 3)),
  });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /This action changed while you were working on it/);
  assert.match(stale.text, /Saved version[\s\S]*Your version/);
  assert.match(stale.text, /In progress<\/td><td class="govuk-table__cell" data-label="Your version">Cancelled/);
  assert.match(stale.text, /No longer needed, see minutes/);
  assert.equal(versionIn(stale.text), String(Number(versionIn(first.text)) + 1), 'the form now names the current version');
  const [row] = await t.db.query<{ status: string }>(`SELECT status FROM actions WHERE id = $1`, [actionId]);
  assert.equal(row!.status, 'in-progress');
  const [conflict] = await t.db.query<{ record_type: string; user_id: string; submitted: { status: string } }>(
    `SELECT record_type, user_id, submitted FROM edit_conflicts WHERE record_id = $1`,
    [actionId],
  );
  assert.equal(conflict!.record_type, 'action');
  assert.equal(conflict!.user_id, coordinatorId);
  assert.equal(conflict!.submitted.status, 'cancelled');
  const updates = await t.db.query<{ body: string }>(`SELECT body FROM action_updates WHERE action_id = $1`, [actionId]);
  assert.match(updates[0]!.body, /Status changed from Open to In progress/);
});

test('completing an action requires evidence; once done it is on the child’s timeline', async () => {
  let page = await practitioner.agent.get(`/actions/${actionId}`);
  const [cur] = await t.db.query<{ due_on: string }>(`SELECT due_on FROM actions WHERE id = $1`, [actionId]);
  const refused = await practitioner.post(`/actions/${actionId}`, {
    version: versionIn(page.text),
    status: 'done',
    completionEvidence: ' ',
    ...dateParts(cur!.due_on),
  });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /href="#completionEvidence">Enter the evidence that the action is complete/);
  page = await practitioner.agent.get(`/actions/${actionId}`);
  const done = await practitioner.post(`/actions/${actionId}`, {
    version: versionIn(page.text),
    status: 'done',
    completionEvidence: 'Visit made on the 3rd, recorded',
    ...dateParts(cur!.due_on),
  });
  assert.equal(done.status, 303);
  const [tl] = await t.db.query<{ summary: string }>(`SELECT summary FROM timeline_events WHERE child_id = $1 AND summary LIKE 'Action completed:%'`, [
    child.id,
  ]);
  assert.ok(tl);
  const updates = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM action_updates WHERE action_id = $1`, [actionId]))[0]!.n;
  const before = await updates();
  const empty = await practitioner.post(`/actions/${actionId}/updates`, { note: '   ' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /href="#note">Enter the update/);
  const long = await practitioner.post(`/actions/${actionId}/updates`, { note: 'x'.repeat(2001) });
  assert.equal(long.status, 400);
  assert.match(long.text, /href="#note">The update must be 2000 characters or fewer/);
  assert.equal(await updates(), before, 'nothing added');
  const note = await practitioner.post(`/actions/${actionId}/updates`, { note: 'Family told of the outcome' });
  assert.equal(note.status, 303);
  assert.match((await practitioner.agent.get(`/actions/${actionId}`)).text, /Family told of the outcome/);
});

test('004: an action closed without completion asks why; the reason is kept, shown and in the history', async () => {
  const id = await insertAction({ what: 'Offer a return home interview', due: addDays(today, 7), owner: practitionerId });
  let page = await practitioner.agent.get(`/actions/${id}`);
  assert.match(page.text, /Why the action was not completed/);
  const refused = await practitioner.post(`/actions/${id}`, {
    version: versionIn(page.text),
    status: 'cancelled',
    completionEvidence: '',
    notCompletedReason: ' ',
    ...dateParts(addDays(today, 7)),
  });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /href="#notCompletedReason">Enter why the action was not completed: why it was not proportionate or necessary/);
  const [unchanged] = await t.db.query<{ status: string; version: number }>(`SELECT status, version FROM actions WHERE id = $1`, [id]);
  assert.deepEqual({ ...unchanged }, { status: 'open', version: 1 }, 'nothing changed');
  page = await practitioner.agent.get(`/actions/${id}`);
  const reason = 'The child declined; a youth worker now offers the interview instead';
  const ok = await practitioner.post(`/actions/${id}`, {
    version: versionIn(page.text),
    status: 'cancelled',
    completionEvidence: '',
    notCompletedReason: reason,
    ...dateParts(addDays(today, 7)),
  });
  assert.equal(ok.status, 303);
  page = await practitioner.agent.get(`/actions/${id}`);
  assert.match(page.text, new RegExp(`Why it was not completed\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*${reason}`));
  assert.match(page.text, new RegExp(`Status changed from Open to Cancelled. Not completed because: ${reason}`));
  const [row] = await t.db.query<{ not_completed_reason: string }>(`SELECT not_completed_reason FROM actions WHERE id = $1`, [id]);
  assert.equal(row!.not_completed_reason, reason);
  // Reopened, the reason is cleared from the action (the history keeps it).
  const reopened = await practitioner.post(`/actions/${id}`, {
    version: versionIn(page.text),
    status: 'open',
    completionEvidence: '',
    notCompletedReason: reason,
    ...dateParts(addDays(today, 7)),
  });
  assert.equal(reopened.status, 303);
  const [after] = await t.db.query<{ not_completed_reason: string | null }>(`SELECT not_completed_reason FROM actions WHERE id = $1`, [id]);
  assert.equal(after!.not_completed_reason, null);
  // The database refuses a cancelled action with no reason, whatever writes it.
  await assert.rejects(t.db.query(`UPDATE actions SET status = 'cancelled', not_completed_reason = NULL WHERE id = $1`, [id]));
});

let overdueId = '';
let dueTodayId = '';
let laterId = '';

test('my actions on the home page: overdue flagged red, due today not overdue, far-off ones left out', async () => {
  overdueId = await insertAction({ what: 'Overdue: refer to the harm reduction hub', due: addDays(today, -1), owner: practitionerId, agency: 'police' });
  dueTodayId = await insertAction({ what: 'Due today: update the safety plan', due: today, owner: practitionerId });
  laterId = await insertAction({ what: 'Later: far in the future', due: addDays(today, 60), owner: practitionerId });
  const res = await practitioner.agent.get('/');
  assert.equal(res.status, 200);
  assert.match(res.text, /Your actions \(\d+\)/);
  assert.match(
    res.text,
    new RegExp(`href="/actions/${overdueId}">Overdue: refer to the harm reduction hub</a>\\s*<strong class="govuk-tag govuk-tag--red">Overdue`),
  );
  assert.match(res.text, new RegExp(`href="/actions/${dueTodayId}">Due today: update the safety plan</a>\\s*<span`));
  assert.doesNotMatch(res.text, new RegExp(laterId));
  assert.doesNotMatch((await coordinator.agent.get('/')).text, new RegExp(overdueId), 'only the owner sees it as theirs');
});

test('the overdue filter lists only overdue actions, with the counts in the heading', async () => {
  const res = await coordinator.agent.get('/actions?overdue=1');
  assert.equal(res.status, 200);
  const ids = [...res.text.matchAll(/href="\/actions\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  assert.ok(ids.includes(overdueId));
  assert.ok(!ids.includes(dueTodayId) && !ids.includes(laterId));
  assert.match(res.text, new RegExp(`Actions \\(${ids.length}\\)`));
  assert.match(res.text, /govuk-tag--red">\d+ overdue/);
  const mine = await practitioner.agent.get('/actions?owner=me&sort=what&order=desc');
  assert.ok(mine.text.includes(laterId) && !mine.text.includes(actionId), 'owner me: open actions of mine only (the done one is filtered by status)');
  assert.match(mine.text, /aria-sort="descending"/);
});

test('CSV export: fields quoted and escaped, only the filtered rows', async () => {
  const tricky = await insertAction({ what: 'Map venues, "hot spots"\nand taxis', due: addDays(today, -2), agency: 'education' });
  const res = await coordinator.agent.get('/actions/export.csv?agency=education');
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type']!, /text\/csv/);
  assert.match(res.headers['content-disposition']!, /attachment; filename="actions-staffordshire-/);
  assert.ok(res.text.includes('"Map venues, ""hot spots""\nand taxis"'));
  const [{ n }] = (await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM actions WHERE partnership_id = 'staffordshire' AND owner_agency_id = 'education' AND status IN ('open', 'in-progress')`,
  )) as [{ n: number }];
  const records = res.text.split('\r\n').filter(Boolean);
  assert.equal(records.length, n + 1, 'a header and the filtered rows, no more');
  assert.ok(records.slice(1).every((r) => r.includes('"Harm reduction hub"') || r.includes('Map venues')));
  assert.ok(res.text.includes(tricky) && !res.text.includes(overdueId));
  const page = await coordinator.agent.get('/actions?agency=education');
  assert.match(page.text, /href="\/actions\/export.csv\?agency=education"/, 'the export link carries the filters');
  // Nothing to download when the filters match no action: no link to an empty file.
  const none = await coordinator.agent.get('/actions?agency=education&status=cancelled');
  assert.match(none.text, /There are no actions/);
  assert.doesNotMatch(none.text, /export\.csv/);
  const formula = await insertAction({ what: '=HYPERLINK("x")', due: addDays(today, 5), agency: 'education' });
  const csv2 = await coordinator.agent.get('/actions/export.csv?agency=education');
  assert.ok(csv2.text.includes(`"${formula}"`) && csv2.text.includes(`"'=HYPERLINK(""x"")"`), 'a formula is neutralised');
});

test('an agency responder can read their agency’s actions but not record or change them', async () => {
  // Issue 16 item 7: a responder reads the actions of their own agency (education here), not the police action overdueId.
  const ours = await insertAction({ what: 'Education team: check the attendance pattern', due: addDays(today, 6), agency: 'education' });
  assert.equal((await responder.agent.get('/actions')).status, 200);
  assert.equal((await responder.agent.get(`/actions/${ours}`)).status, 200);
  assert.equal((await responder.agent.get(`/children/${child.id}/actions/new`)).status, 403);
  assert.equal((await responder.post(`/children/${child.id}/actions/new`, form())).status, 403);
  assert.equal((await responder.post(`/actions/${ours}`, { version: '1', status: 'done' })).status, 403);
});

test('need to know (issue 16 item 7): a responder reads the actions their agency owns or they are asked to do, not a police team’s action or its free text, by page, API and CSV', async () => {
  const secret = 'Police team: covert observation of the flat above the takeaway';
  const policeId = await insertAction({ what: secret, due: addDays(today, -3), agency: 'police' });
  const educationId = await insertAction({ what: 'Education: attendance plan with the school', due: addDays(today, -2), agency: 'education' });
  // A named responder asked to do an action for another agency's team still reads it (they own it by name).
  const mineId = await insertAction({
    what: 'Responder asked by name: bring the school records',
    due: addDays(today, 4),
    owner: await t.userId('responder'),
    agency: 'police',
  });
  const page = await responder.agent.get('/actions?status=all');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(educationId) && page.text.includes(mineId), 'their agency’s action and their own are listed');
  assert.ok(!page.text.includes(policeId) && !page.text.includes(secret), 'the police team’s action is not listed');
  const overdue = await responder.agent.get('/actions/overdue');
  assert.doesNotMatch(overdue.text, /Staffordshire Police/, 'the overdue counts are of the actions they may read');
  const csv = await responder.agent.get('/actions/export.csv?status=all');
  assert.equal(csv.status, 200);
  assert.ok(csv.text.includes(educationId) && csv.text.includes(mineId));
  assert.ok(!csv.text.includes(policeId) && !csv.text.includes(secret), 'nor exported');
  const token = await t.apiToken('responder');
  const api = await t.request().get('/api/v1/actions?status=all').set('Authorization', `Bearer ${token}`);
  assert.equal(api.status, 200);
  const ids: string[] = api.body.actions.map((a: { id: string }) => a.id);
  assert.ok(ids.includes(educationId) && ids.includes(mineId));
  assert.ok(!ids.includes(policeId) && !JSON.stringify(api.body).includes(secret), 'nor in the API');
  const responderId = await t.userId('responder');
  assert.ok(
    api.body.actions.every((a: { ownerAgencyId: string; ownerUserId: string | null }) => a.ownerAgencyId === 'education' || a.ownerUserId === responderId),
    'every action returned is their agency’s or theirs',
  );
  // One action of another agency: not found (404), by page and API, and the refusal audited.
  const one = await responder.agent.get(`/actions/${policeId}`);
  assert.equal(one.status, 404);
  assert.ok(!one.text.includes(secret));
  const oneApi = await t.request().get(`/api/v1/actions/${policeId}`).set('Authorization', `Bearer ${token}`);
  assert.equal(oneApi.status, 404);
  assert.ok(!JSON.stringify(oneApi.body).includes(secret));
  const denied = await t.db.query<{ action: string; details: { reason: string; ownerAgency: string } }>(
    `SELECT action, details FROM audit_events WHERE subject_id = $1 AND outcome = 'denied' ORDER BY id`,
    [policeId],
  );
  assert.deepEqual(
    denied.map((d) => [d.action, d.details.reason, d.details.ownerAgency]),
    [
      ['action.view', 'not an action of your agency or yours', 'police'],
      ['action.view', 'not an action of your agency or yours', 'police'],
    ],
  );
  // Roles that read every action by their job still do.
  for (const role of ['coordinator', 'chair', 'administrator', 'practitioner']) {
    const all = await t
      .request()
      .get('/api/v1/actions?status=all')
      .set('Authorization', `Bearer ${await t.apiToken(role)}`);
    assert.ok(
      all.body.actions.some((a: { id: string }) => a.id === policeId),
      `${role} reads the police action`,
    );
    assert.equal((await (await t.signIn(role)).agent.get(`/actions/${policeId}`)).status, 200, `${role} opens it`);
  }
});

test('another partnership’s action or child is not found, and the attempt is audited', async () => {
  const other = await t.signIn('practitioner', 'rotherham');
  assert.equal((await other.agent.get(`/actions/${overdueId}`)).status, 404);
  assert.equal((await other.agent.get(`/children/${child.id}/actions`)).status, 404);
  assert.equal((await other.post(`/children/${child.id}/actions/new`, form())).status, 404);
  const list = await other.agent.get('/actions');
  assert.ok(!list.text.includes(overdueId));
  const token = await t.apiToken('practitioner', 'rotherham');
  assert.equal((await t.request().get(`/api/v1/actions/${overdueId}`).set('Authorization', `Bearer ${token}`)).status, 404);
  const denied = await t.db.query<{ details: { otherPartnership?: string } }>(
    `SELECT details FROM audit_events WHERE subject_id = $1 AND outcome = 'denied' AND partnership_id = 'rotherham'`,
    [overdueId],
  );
  assert.ok(denied.length >= 2 && denied.every((d) => d.details.otherPartnership === 'staffordshire'));
});

test('API: create, read, stale PUT refused with 409 and both versions', async () => {
  const token = await t.apiToken('coordinator');
  const auth = { Authorization: `Bearer ${token}` };
  const bad = await t
    .request()
    .post(`/api/v1/children/${child.id}/actions`)
    .set(auth)
    .send({ what: 'x', kind: 'other', ownerUserId: outsiderId, measure: 'm', agreedBy: 'a', dueOn: addDays(today, -1) });
  assert.equal(bad.status, 422);
  assert.deepEqual(
    bad.body.errors.map((e: { field: string }) => e.field),
    ['ownerUserId', 'dueOn'],
  );
  const created = await t
    .request()
    .post(`/api/v1/children/${child.id}/actions`)
    .set(auth)
    .send({
      what: 'Safety plan with danger statement',
      toolkitItem: 'communication-5',
      ownerTeam: 'Harm reduction hub',
      ownerAgencyId: 'police',
      measure: 'Plan on file',
      agreedBy: 'Panel',
      dueOn: addDays(today, 5),
    });
  assert.equal(created.status, 201);
  assert.equal(created.body.kind, 'support-child');
  const id = created.body.id as string;
  const read = await t.request().get(`/api/v1/actions/${id}`).set(auth);
  assert.equal(read.body.version, 1);
  const put = await t
    .request()
    .put(`/api/v1/actions/${id}`)
    .set(auth)
    .send({ version: 1, status: 'in-progress', dueOn: addDays(today, 5) });
  assert.equal(put.status, 200);
  assert.equal(put.body.version, 2);
  const stale = await t
    .request()
    .put(`/api/v1/actions/${id}`)
    .set(auth)
    .send({ version: 1, status: 'cancelled', dueOn: addDays(today, 5), notCompletedReason: 'No longer proportionate' });
  assert.equal(stale.status, 409);
  assert.match(stale.headers['content-type']!, /application\/problem\+json/);
  const body = JSON.parse(stale.text);
  assert.equal(body.current.status, 'in-progress');
  assert.equal(body.submitted.status, 'cancelled');
  const list = await t.request().get('/api/v1/actions?status=all').set(auth);
  assert.ok(list.body.actions.some((a: { id: string }) => a.id === id));
  // 004: cancelling through the API needs the reason too; it is in the action's record.
  const noReason = await t
    .request()
    .put(`/api/v1/actions/${id}`)
    .set(auth)
    .send({ version: 2, status: 'cancelled', dueOn: addDays(today, 5) });
  assert.equal(noReason.status, 422);
  assert.deepEqual(
    noReason.body.errors.map((e: { field: string }) => e.field),
    ['notCompletedReason'],
  );
  const cancelled = await t
    .request()
    .put(`/api/v1/actions/${id}`)
    .set(auth)
    .send({ version: 2, status: 'cancelled', dueOn: addDays(today, 5), notCompletedReason: 'The panel closed the case' });
  assert.equal(cancelled.status, 200);
  assert.equal((await t.request().get(`/api/v1/actions/${id}`).set(auth)).body.notCompletedReason, 'The panel closed the case');
});

test('open actions of a series carry forward to its next meeting', async () => {
  // Real rows: actions' series and occurrences have foreign keys (migration 013).
  const [{ id: series }] = (await t.db.query<{ id: string }>(
    `INSERT INTO meeting_series (partnership_id, type_id, name, rrule, first_date, start_time, duration_minutes) VALUES ('staffordshire', 'other', 'Carry-forward test', 'FREQ=WEEKLY;BYDAY=TU', '2026-01-06', '10:00', 60) RETURNING id`,
  )) as [{ id: string }];
  const occurrence = async (days: number) =>
    (
      await t.db.query<{ id: string }>(
        `INSERT INTO meeting_occurrences (partnership_id, series_id, original_starts_at, starts_at, ends_at) VALUES ('staffordshire', $1, now() + $2 * interval '1 day', now() + $2 * interval '1 day', now() + $2 * interval '1 day' + interval '1 hour') RETURNING id`,
        [series, days],
      )
    )[0]!.id;
  const m1 = await occurrence(1);
  const m2 = await occurrence(8);
  const open = await insertAction({ what: 'carry me', due: addDays(today, 3), seriesId: series, occurrenceId: m1, childId: null });
  await insertAction({ what: 'done already', due: addDays(today, 3), seriesId: series, occurrenceId: m1, status: 'done' });
  const carried = await t.db.tx((q) => carryForward(q, 'staffordshire', series, m2));
  assert.deepEqual(
    carried.map((a) => a.id),
    [open],
  );
  const [row] = await t.db.query<{ carried_forward_to_occurrence_id: string }>(`SELECT carried_forward_to_occurrence_id FROM actions WHERE id = $1`, [open]);
  assert.equal(row!.carried_forward_to_occurrence_id, m2);
  assert.deepEqual(await t.db.tx((q) => carryForward(q, 'staffordshire', series, m2)), [], 'only once');
});

test('the series filter lists the actions of one meeting series; overdue actions are counted per owner, per agency and per series', async () => {
  const [{ id: series }] = (await t.db.query<{ id: string }>(
    `INSERT INTO meeting_series (partnership_id, type_id, name, rrule, first_date, start_time, duration_minutes) VALUES ('staffordshire', 'other', 'Series filter panel', 'FREQ=WEEKLY;BYDAY=WE', '2026-01-07', '10:00', 60) RETURNING id`,
  )) as [{ id: string }];
  const inSeries = await insertAction({
    what: 'Series overdue one',
    due: addDays(today, -4),
    owner: practitionerId,
    agency: 'education',
    seriesId: series,
    childId: null,
  });
  const inSeries2 = await insertAction({ what: 'Series overdue two', due: addDays(today, -2), agency: 'education', seriesId: series, childId: null });
  await insertAction({ what: 'Series not overdue', due: addDays(today, 5), owner: practitionerId, agency: 'education', seriesId: series, childId: null });
  const outside = await insertAction({ what: 'Outside the series', due: addDays(today, -4), owner: practitionerId, agency: 'education' });

  const list = await coordinator.agent.get(`/actions?series=${series}&overdue=1`);
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`<option value="${series}" selected>Series filter panel</option>`));
  assert.ok(list.text.includes(inSeries) && list.text.includes(inSeries2));
  assert.ok(!list.text.includes(outside), 'another series’ action is not listed');
  assert.match(list.text, /Actions \(2\)/);
  const junk = await coordinator.agent.get('/actions?series=%3Cscript%3E&ownerUser=nope');
  assert.equal(junk.status, 200, 'a malformed series is ignored');

  const summary = await coordinator.agent.get('/actions/overdue');
  assert.equal(summary.status, 200);
  assert.match(summary.text, /<h1 class="govuk-heading-l">Overdue actions by owner, agency and series<\/h1>/);
  const [{ n }] = (await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM actions WHERE partnership_id = 'staffordshire' AND status IN ('open', 'in-progress') AND due_on < $1::date`,
    [today],
  )) as [{ n: number }];
  assert.match(summary.text, new RegExp(`govuk-tag--red">${n} overdue`));
  const seriesRow = new RegExp(
    `href="/actions\\?series=${series}&amp;overdue=1">Series filter panel</a>\\s*</td>\\s*<td class="govuk-table__cell govuk-table__cell--numeric"[^>]*>\\s*2\\s*</td>`,
  );
  assert.match(summary.text, seriesRow, 'two overdue in the series');
  assert.match(summary.text, new RegExp(`href="/actions\\?ownerUser=${practitionerId}&amp;overdue=1">`));
  assert.match(summary.text, /href="\/actions\?agency=education&amp;overdue=1">/);
  assert.match(summary.text, />Harm reduction hub</, 'a team owner is counted, without a link');

  const mine = await coordinator.agent.get(`/actions?ownerUser=${practitionerId}&overdue=1`);
  assert.ok(mine.text.includes(inSeries) && mine.text.includes(outside) && !mine.text.includes(inSeries2), 'one owner’s overdue actions');
  const [entry] = await t.db.query<{ details: { overdue: number } }>(
    `SELECT details FROM audit_events WHERE action = 'action.overdue-summary' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(entry!.details.overdue, n);
  const analyst = await t.signIn('analyst');
  assert.equal((await analyst.agent.get('/actions/overdue')).status, 403, 'not for roles without action:read');
});

test('an action owned by an agency responder: the owner updates it and adds a note; another responder may not', async () => {
  const responderId = await t.userId('responder');
  const id = await insertAction({
    what: 'Share the school attendance record with the panel',
    due: addDays(today, 10),
    owner: responderId,
    agency: 'education',
  });
  const page = await responder.agent.get(`/actions/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Change the status or due date/, 'the owner is offered the change form');
  const noted = await responder.post(`/actions/${id}/updates`, { note: 'Record requested from the school office' });
  assert.equal(noted.status, 303);
  const saved = await responder.post(`/actions/${id}`, {
    version: versionIn(page.text),
    status: 'in-progress',
    ...dateParts(addDays(today, 10)),
    completionEvidence: '',
  });
  assert.equal(saved.status, 303);
  const [row] = await t.db.query<{ status: string }>(`SELECT status FROM actions WHERE id = $1`, [id]);
  assert.equal(row!.status, 'in-progress');
  // The same responder on an action someone else owns: refused, audited, unchanged.
  // (an action of the responder's agency, so that they may read it: issue 16 item 7)
  const other = await insertAction({ what: 'Someone else’s action', due: addDays(today, 10), agency: 'education' });
  assert.doesNotMatch((await responder.agent.get(`/actions/${other}`)).text, /Change the status or due date/);
  assert.equal((await responder.post(`/actions/${other}`, { version: '1', status: 'in-progress', ...dateParts(addDays(today, 10)) })).status, 403);
  assert.equal((await responder.post(`/actions/${other}/updates`, { note: 'not mine' })).status, 403);
  const denied = await t.db.query(`SELECT 1 FROM audit_events WHERE subject_id = $1 AND outcome = 'denied'`, [other]);
  assert.equal(denied.length, 2);
});
