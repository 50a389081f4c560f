import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { formatDate } from '../../platform/dates.ts';
import { mailContext } from '../../platform/mail.ts';
import { runDueJobs } from '../jobs/runner.ts';

// Issue 15, item 20 (002 §2.2: the Evolve team manager and a detective sergeant alternate, with deputies who chair in the
// chair's absence; 004: the chairs of the DRMM, the FORM and the Monthly): when the rota's chair is away, the coordinator
// names another chair and/or deputy for that one meeting, with the reason. The rota itself is unchanged.

const t = await testApp({ env: { PUBLIC_URL: 'https://mace.example.org/' } });
const rc = await t.signIn('coordinator', 'rotherham');
const [series] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_series WHERE partnership_id = 'rotherham' AND type_id = 'mace'`);
const sid = series!.id;
const [manager, sergeant, deputy, standIn, otherDeputy] = await Promise.all([
  t.userId('practitioner', 'rotherham'),
  t.userId('coordinator', 'rotherham'),
  t.userId('responder', 'rotherham'),
  t.userId('chair', 'rotherham'),
  t.userId('administrator', 'rotherham'),
]);
const names = new Map(
  (await t.db.query<{ id: string; display_name: string }>(`SELECT id, display_name FROM users WHERE partnership_id = 'rotherham'`)).map((u) => [
    u.id,
    u.display_name,
  ]),
);
const nameOf = (id: string) => names.get(id)!;

// The rota: the Evolve team manager and the detective sergeant alternate, the YJS coordinator deputising.
const rota = await rc.post(`/meetings/series/${sid}/chairs`, {
  rows: '2',
  version: '0',
  'role-1': 'Evolve team manager',
  'chair-1': manager,
  'deputy-1': deputy,
  'role-2': 'Detective sergeant, CSE team',
  'chair-2': sergeant,
  'deputy-2': deputy,
});
assert.equal(rota.status, 303);
const next = await t.db.query<{ id: string; starts_at: Date }>(
  `SELECT id, starts_at FROM meeting_occurrences WHERE series_id = $1 AND starts_at > now() + interval '2 days' AND status = 'scheduled' ORDER BY original_starts_at LIMIT 3`,
  [sid],
);
const rowOf = (html: string, key: string) =>
  new RegExp(`${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*([\\s\\S]*?)\\s*</dd>`).exec(html)?.[1]?.replace(/\s+/g, ' ').trim();
const changesOf = (id: string) =>
  t.db.query<{ chair_user_id: string | null; deputy_user_id: string | null; reason: string; version: number }>(
    `SELECT chair_user_id, deputy_user_id, reason, version FROM meeting_chair_changes WHERE occurrence_id = $1`,
    [id],
  );
const lastMailId = async () => Number((await t.db.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM outbox`))[0]!.id);
type Mail = { to_address: string; subject: string; body: string; attachments: { filename: string; content: string }[] };
const mailSince = (id: number) => t.db.query<Mail>(`SELECT to_address, subject, body, attachments FROM outbox WHERE id > $1 ORDER BY id`, [id]);

test('002 §2.2 chairs: the coordinator names another chair for one meeting with the reason; shown on the meeting and the list, audited, the new chair invited; the rota’s next meetings unchanged', async () => {
  const [m, after, again] = next as [(typeof next)[0], (typeof next)[0], (typeof next)[0]];
  const page = await rc.agent.get(`/meetings/${m.id}`);
  assert.equal(rowOf(page.text, 'Chair'), `${nameOf(manager)} (Evolve team manager)`);
  assert.match(page.text, /id="chair-change">Change the chair for this meeting/);

  const bad = await rc.post(`/meetings/${m.id}/chair`, { version: '0', chair: '', deputy: '', chairReason: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<title>Error:/);
  assert.match(bad.text, /href="#chair">Select who chairs this meeting, or who deputises, instead of the rota’s/);
  assert.match(bad.text, /href="#chairReason">Enter why the chair changes for this meeting/);
  const same = await rc.post(`/meetings/${m.id}/chair`, { version: '0', chair: '', deputy: manager, chairReason: 'Cover' });
  assert.equal(same.status, 400);
  assert.match(same.text, /href="#deputy">The deputy must be someone other than the chair of this meeting/);
  assert.deepEqual(await changesOf(m.id), [], 'nothing saved');

  const before = await lastMailId();
  const ok = await rc.post(`/meetings/${m.id}/chair`, { version: '0', chair: standIn, deputy: '', chairReason: 'The Evolve team manager is on leave' });
  assert.equal(ok.status, 303);
  assert.match(ok.headers.location!, /done=chair-invited/);
  assert.deepEqual(await changesOf(m.id), [{ chair_user_id: standIn, deputy_user_id: null, reason: 'The Evolve team manager is on leave', version: 1 }]);

  // Invited as the rota's chairs are: a core member of the series, sent the meeting with a calendar file.
  const mails = await mailSince(before);
  assert.deepEqual(
    mails.map((x) => [x.to_address, x.subject]),
    [['chair@rotherham.example.org', `Invitation: you chair MACE on ${formatDate(m.starts_at)}`]],
  );
  assert.match(mails[0]!.body, new RegExp(`in place of ${nameOf(manager)}, for this meeting only`));
  assert.match(mails[0]!.body, new RegExp(`https://mace\\.example\\.org/meetings/${m.id}/agenda`));
  assert.match(mails[0]!.body, /This meeting is confidential/);
  assert.equal(mails[0]!.attachments[0]!.filename, 'meeting.ics');
  assert.match(mails[0]!.attachments[0]!.content, /BEGIN:VEVENT/);
  const [member] = await t.db.query<{ membership: string }>(`SELECT membership FROM meeting_members WHERE series_id = $1 AND user_id = $2`, [sid, standIn]);
  assert.equal(member?.membership, 'core');

  // Audited in the same transaction: from the rota's chair to the stand-in, with the reason.
  const [entry] = await t.db.query<{ details: { from: { chair: string }; to: { chair: string }; reason: string; invited: string[] } }>(
    `SELECT details FROM audit_events WHERE action = 'meeting.chair.change' AND subject_id = $1 AND outcome = 'allowed'`,
    [m.id],
  );
  assert.deepEqual(
    [entry!.details.from.chair, entry!.details.to.chair, entry!.details.reason, entry!.details.invited],
    [manager, standIn, 'The Evolve team manager is on leave', [standIn]],
  );

  const shown = await rc.agent.get(`/meetings/${m.id}?done=chair-invited`);
  assert.equal(rowOf(shown.text, 'Chair'), `${nameOf(standIn)} (Evolve team manager, for this meeting only)`);
  assert.equal(rowOf(shown.text, 'Deputy'), nameOf(deputy), 'the rota’s deputy stands');
  const changed = rowOf(shown.text, 'Chair changed')!;
  assert.ok(changed.includes(`For this meeting only, in place of the rota’s chair: ${nameOf(manager)} on the rota.`), changed);
  assert.ok(changed.includes('Reason: The Evolve team manager is on leave'));
  assert.match(shown.text, /Chair for this meeting saved/);
  const list = await rc.agent.get(`/meetings?series=${sid}`);
  assert.ok(list.text.includes(`${nameOf(standIn)} (Evolve team manager, for this meeting only)`), 'the list shows the one-off chair');

  // The rota is unchanged: the next meetings are the sergeant's and the manager's.
  assert.equal(rowOf((await rc.agent.get(`/meetings/${after.id}`)).text, 'Chair'), `${nameOf(sergeant)} (Detective sergeant, CSE team)`);
  assert.equal(rowOf((await rc.agent.get(`/meetings/${again.id}`)).text, 'Chair'), `${nameOf(manager)} (Evolve team manager)`);
});

test('002 §2.2 chairs: a stale save of a meeting’s chair is refused with 409, the input kept on screen and in edit_conflicts, the saved change kept', async () => {
  const m = next[0]!;
  const stale = await rc.post(`/meetings/${m.id}/chair`, { version: '0', chair: sergeant, deputy: otherDeputy, chairReason: 'Someone else typed this' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /The chair of this meeting changed while you were working on it/);
  assert.match(stale.text, new RegExp(`<option value="${otherDeputy}" selected>`), 'the input kept');
  assert.match(stale.text, /Someone else typed this/);
  const [kept] = await t.db.query<{ submitted: { chair: string; deputy: string } }>(
    `SELECT submitted FROM edit_conflicts WHERE record_type = 'meeting_chair_change' AND record_id = $1`,
    [m.id],
  );
  assert.deepEqual([kept?.submitted.chair, kept?.submitted.deputy], [sergeant, otherDeputy], 'the refused version kept');
  assert.equal((await changesOf(m.id))[0]!.chair_user_id, standIn, 'the saved version kept');
  const failed = await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'meeting.chair.change' AND subject_id = $1 AND outcome = 'failed'`, [m.id]);
  assert.equal(failed.length, 1);
});

test('004 chairs: a deputy named for one meeting is invited and, with the stand-in chair, reminded the day before; the rota’s chair is not', async () => {
  const m = next[0]!;
  const before = await lastMailId();
  const ok = await rc.post(`/meetings/${m.id}/chair`, { version: '1', chair: standIn, deputy: otherDeputy, chairReason: 'Both away' });
  assert.equal(ok.status, 303);
  const invites = await mailSince(before);
  assert.deepEqual(
    invites.map((x) => [x.to_address, x.subject]),
    [['administrator@rotherham.example.org', `Invitation: deputy chair of MACE on ${formatDate(m.starts_at)}`]],
    'only whoever is newly named (the chair was invited already)',
  );
  assert.match(invites[0]!.body, new RegExp(`you chair it if ${nameOf(standIn)} cannot`));

  const reminded = await lastMailId();
  await runDueJobs(
    t.db,
    new Map([['rotherham', t.partnerships.get('rotherham')!]]),
    { links: mailContext(t.config.publicUrl), calendar: t.config.bankHolidays },
    new Date(m.starts_at.getTime() - 2 * 3_600_000),
  );
  const reminders = (await mailSince(reminded)).filter((x) => x.subject.includes(`MACE on ${formatDate(m.starts_at)}`));
  assert.deepEqual(reminders.map((x) => [x.to_address, x.subject]).sort(), [
    ['administrator@rotherham.example.org', `You are the deputy chair for MACE on ${formatDate(m.starts_at)}`],
    ['chair@rotherham.example.org', `You chair MACE on ${formatDate(m.starts_at)}`],
  ]);
  assert.match(reminders.find((x) => x.to_address === 'chair@rotherham.example.org')!.body, /\(Evolve team manager, for this meeting only\)/);
});

test('002 §2.2 chairs: the coordinator puts the rota’s chair back; a responder may not change the chair, another partnership finds no meeting', async () => {
  const m = next[0]!;
  const undo = await rc.post(`/meetings/${m.id}/chair/undo`, { version: '2' });
  assert.equal(undo.status, 303);
  assert.deepEqual(await changesOf(m.id), []);
  const page = await rc.agent.get(`/meetings/${m.id}`);
  assert.equal(rowOf(page.text, 'Chair'), `${nameOf(manager)} (Evolve team manager)`);
  assert.equal(rowOf(page.text, 'Chair changed'), undefined);
  const [entry] = await t.db.query<{ details: { removed: boolean } }>(
    `SELECT details FROM audit_events WHERE action = 'meeting.chair.change' AND subject_id = $1 AND outcome = 'allowed' ORDER BY id DESC LIMIT 1`,
    [m.id],
  );
  assert.equal(entry!.details.removed, true);
  assert.equal((await rc.post(`/meetings/${m.id}/chair/undo`, { version: '2' })).status, 409, 'nothing left to undo');

  const responder = await t.signIn('responder', 'rotherham');
  assert.equal((await responder.post(`/meetings/${m.id}/chair`, { version: '0', chair: standIn, chairReason: 'x' })).status, 403);
  assert.doesNotMatch((await responder.agent.get(`/meetings/${m.id}`)).text, /Change the chair for this meeting/);
  const staffs = await t.signIn('coordinator', 'staffordshire');
  assert.equal((await staffs.post(`/meetings/${m.id}/chair`, { version: '0', chair: standIn, chairReason: 'x' })).status, 404);
  assert.deepEqual(await changesOf(m.id), []);
});

test('API (002 §2.2 chairs): the meeting gives its chair and the change’s version; PUT …/chair names a chair for one meeting, 422 when invalid, 409 when stale', async () => {
  const m = next[1]!;
  const auth = { Authorization: `Bearer ${await t.apiToken('coordinator', 'rotherham')}` };
  const got = await t.request().get(`/api/v1/meeting-occurrences/${m.id}`).set(auth);
  assert.equal(got.status, 200);
  assert.deepEqual(
    [got.body.chair.chair.id, got.body.chair.role, got.body.chair.change, got.body.chair.changeVersion],
    [sergeant, 'Detective sergeant, CSE team', null, 0],
  );
  const bad = await t.request().put(`/api/v1/meeting-occurrences/${m.id}/chair`).set(auth).send({ version: 0, reason: '' });
  assert.equal(bad.status, 422);
  assert.match(bad.headers['content-type']!, /application\/problem\+json/);
  assert.deepEqual(
    bad.body.errors.map((e: { field: string }) => e.field),
    ['chairUserId', 'reason'],
  );
  const put = await t
    .request()
    .put(`/api/v1/meeting-occurrences/${m.id}/chair`)
    .set(auth)
    .send({ version: 0, chairUserId: standIn, reason: 'The sergeant is in court' });
  assert.equal(put.status, 200);
  assert.deepEqual(
    [put.body.chair.chair.id, put.body.chair.change.rotaChair.id, put.body.chair.change.reason, put.body.chair.changeVersion],
    [standIn, sergeant, 'The sergeant is in court', 1],
  );
  const stale = await t.request().put(`/api/v1/meeting-occurrences/${m.id}/chair`).set(auth).send({ version: 0, chairUserId: otherDeputy, reason: 'Late' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.current.chair.id, standIn);
  assert.equal(stale.body.submitted.chairUserId, otherDeputy);
  const spec = await t.request().get('/api/v1/openapi.json').set(auth);
  assert.ok(spec.body.paths['/api/v1/meeting-occurrences/{id}/chair']?.put, 'documented');
});
