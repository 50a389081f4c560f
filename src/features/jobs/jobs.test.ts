import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { todayIso, formatDate } from '../../platform/dates.ts';
import { addDays } from '../../domain/calendar/dates.ts';
import { drmmCaseListDeadline } from '../../domain/calendar/deadlines.ts';
import { localDateOf, localToInstant } from '../../domain/calendar/recurrence.ts';
import { chairsOf, ensureSeries } from '../meetings/service.ts';
import { mailContext } from '../../platform/mail.ts';
import { runDueJobs, JOBS_LOCK_KEY } from './runner.ts';
import { loadConfig, loadBankHolidays } from '../../config.ts';
import { markDue } from '../reviews/due-marks.ts';

// Emails carry whole links on the service's public address (PUBLIC_URL).
const t = await testApp({ env: { PUBLIC_URL: 'https://mace.example.org/' } });
// What the jobs are given: where email links point and the bank holidays (the test app's configuration).
const jobs = { links: mailContext(t.config.publicUrl), calendar: t.config.bankHolidays };
const llr = t.partnerships.get('llr')!;
const only = (id: string) => new Map([[id, t.partnerships.get(id)!]]);

type Mail = { to_address: string; subject: string; body: string };
const mailSince = async (id: number) => t.db.query<Mail>(`SELECT to_address, subject, body FROM outbox WHERE id > $1 ORDER BY id`, [id]);
const lastMailId = async () => Number((await t.db.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM outbox`))[0]!.id);

// The next DRMM at least three days away, and the instant its case list is due (16:00 the previous working day).
await t.db.tx((q) => ensureSeries(q, llr, t.config.bankHolidays));
const drmms = await t.db.query<{ id: string; starts_at: Date }>(
  `SELECT o.id, o.starts_at FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
    WHERE o.partnership_id = 'llr' AND s.type_id = 'drmm' AND o.status <> 'cancelled' AND o.starts_at > now() + interval '3 days' ORDER BY o.starts_at LIMIT 2`,
);
const drmmDate = localDateOf(drmms[0]!.starts_at);
const caseList = drmmCaseListDeadline(drmmDate, t.config.bankHolidays);
const deadlineAt = localToInstant(caseList.date, caseList.time);
const drmmSubject = `Due: the case list to partners for Daily Risk Management Meeting on ${formatDate(drmmDate)}`;

test('the DRMM case list: a reminder to the coordinators when 16:00 the previous working day is near and the agenda is not published, sent once', async () => {
  const before = await lastMailId();
  const tooEarly = new Date(deadlineAt.getTime() - 25 * 3_600_000);
  await runDueJobs(t.db, only('llr'), jobs, tooEarly);
  assert.equal((await mailSince(before)).filter((m) => m.subject === drmmSubject).length, 0, 'not yet near (25 hours before)');

  const near = new Date(deadlineAt.getTime() - 2 * 3_600_000);
  const first = await runDueJobs(t.db, only('llr'), jobs, near);
  assert.equal(first.ran, true);
  const sent = (await mailSince(before)).filter((m) => m.subject === drmmSubject);
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.to_address, llr.coordinatorsInbox);
  assert.match(sent[0]!.body, new RegExp(`due by 16:00 on ${formatDate(caseList.date)}, and the agenda has not been published yet`));
  assert.match(sent[0]!.body, new RegExp(`The agenda: https://mace\\.example\\.org/meetings/${drmms[0]!.id}/agenda\n`), 'a whole link, not a path');
  assert.match(sent[0]!.body, /\n\nSENSITIVE – CONFIDENTIAL$/, 'the email ends with LLR’s own marking, not another partnership’s');

  // Again, and after the deadline (late) before the meeting: already sent, not again.
  await runDueJobs(t.db, only('llr'), jobs, near);
  await runDueJobs(t.db, only('llr'), jobs, new Date(deadlineAt.getTime() + 3_600_000));
  assert.equal((await mailSince(before)).filter((m) => m.subject.includes(`Daily Risk Management Meeting on ${formatDate(drmmDate)}`)).length, 1);
  const [claimed] = await t.db.query<{ due_on: string }>(
    `SELECT due_on FROM reminders_sent WHERE partnership_id = 'llr' AND kind = 'deadline' AND subject_id = $1`,
    [drmms[0]!.id],
  );
  assert.equal(claimed!.due_on, caseList.date);
});

test('no deadline reminder once the agenda is published (something has gone)', async () => {
  const next = drmms[1]!;
  const date = localDateOf(next.starts_at);
  const d = drmmCaseListDeadline(date, t.config.bankHolidays);
  await t.db.query(`INSERT INTO agendas (partnership_id, occurrence_id, status, published_at) VALUES ('llr', $1, 'published', now())`, [next.id]);
  const before = await lastMailId();
  await runDueJobs(t.db, only('llr'), jobs, new Date(localToInstant(d.date, d.time).getTime() - 3_600_000));
  assert.equal((await mailSince(before)).filter((m) => m.subject.includes(`Daily Risk Management Meeting on ${formatDate(date)}`)).length, 0);
});

test('two runners at once: one reminder, one email', async () => {
  const [s] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE email = 'practitioner@rotherham.example.org'`);
  const [child] = await t.db.query<{ id: string; first_name: string; last_name: string }>(
    `SELECT id, first_name, last_name FROM children WHERE partnership_id = 'rotherham' ORDER BY reference LIMIT 1`,
  );
  await t.db.query(
    `INSERT INTO actions (partnership_id, child_id, what, kind, owner_user_id, owner_agency_id, measure, agreed_by, due_on, created_by)
     SELECT 'rotherham', $2, 'Concurrent check', 'other', u.id, u.agency_id, 'Done', 'Panel', $3, u.id FROM users u WHERE u.id = $1`,
    [s!.id, child!.id, addDays(todayIso(), -1)],
  );
  const before = await lastMailId();
  const now = new Date();
  const results = await Promise.all([
    runDueJobs(t.db, only('rotherham'), jobs, now),
    runDueJobs(t.db, only('rotherham'), jobs, now),
    runDueJobs(t.db, only('rotherham'), jobs, now),
  ]);
  assert.ok(
    results.some((r) => r.ran),
    'one runner ran',
  );
  const mails = (await mailSince(before)).filter((m) => m.to_address === 'practitioner@rotherham.example.org' && m.subject.startsWith('Your actions'));
  assert.equal(mails.length, 1);
  assert.match(mails[0]!.subject, /1 action overdue/);
  assert.doesNotMatch(mails[0]!.body, new RegExp(`${child!.first_name}|${child!.last_name}`), 'no child’s name in the email');
  assert.match(mails[0]!.body, /\/actions\?owner=me&overdue=1/);
});

test('on a database server, a runner that cannot take the advisory lock does nothing', { skip: t.db.kind !== 'postgres' }, async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = t.db.tx(async (q) => {
    await q.query(`SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, [JOBS_LOCK_KEY]);
    locked();
    await held;
  });
  await isLocked;
  const runsBefore = (await t.db.query(`SELECT 1 FROM job_runs`)).length;
  const r = await runDueJobs(t.db, t.partnerships, jobs, new Date());
  release();
  await holder;
  assert.deepEqual(r, { ran: false, jobs: [] });
  assert.equal((await t.db.query(`SELECT 1 FROM job_runs`)).length, runsBefore, 'nothing recorded');
});

test('action owners: one email for actions due within 3 days and overdue, counts and links only; team-owned actions are not emailed', async () => {
  const owner = await t.userId('coordinator', 'llr');
  const [u] = await t.db.query<{ agency_id: string }>(`SELECT agency_id FROM users WHERE id = $1`, [owner]);
  const insert = (what: string, due: string, ownerId: string | null, team: string | null) =>
    t.db.query(
      `INSERT INTO actions (partnership_id, what, kind, owner_user_id, owner_team, owner_agency_id, measure, agreed_by, due_on, created_by)
       VALUES ('llr', $1, 'other', $2, $3, $4, 'Done', 'DRMM', $5, $6)`,
      [what, ownerId, team, u!.agency_id, due, owner],
    );
  const today = todayIso();
  await insert('Soon', addDays(today, 2), owner, null);
  await insert('Late', addDays(today, -3), owner, null);
  await insert('Later', addDays(today, 10), owner, null);
  await insert('Team', addDays(today, -3), null, 'Exploitation team');
  const before = await lastMailId();
  await runDueJobs(t.db, only('llr'), jobs, new Date());
  const mails = (await mailSince(before)).filter((m) => m.subject.startsWith('Your actions'));
  assert.deepEqual(
    mails.map((m) => [m.to_address, m.subject]),
    [['coordinator@llr.example.org', 'Your actions: 1 action overdue, 1 action due within 3 days']],
  );
  await runDueJobs(t.db, only('llr'), jobs, new Date());
  assert.equal((await mailSince(before)).filter((m) => m.subject.startsWith('Your actions')).length, 1, 'sent once');
});

test('review owners: the chair who completed the VAT is told the review and the CE risk assessment are overdue, by reference and link, once', async () => {
  const chair = await t.userId('chair', 'rotherham');
  const [u] = await t.db.query<{ agency_id: string }>(`SELECT agency_id FROM users WHERE id = $1`, [chair]);
  const [child] = await t.db.query<{ id: string; reference: string; first_name: string; last_name: string }>(
    `SELECT id, reference, first_name, last_name FROM children WHERE partnership_id = 'rotherham' ORDER BY reference DESC LIMIT 1`,
  );
  await t.db.query(
    `INSERT INTO assessments (partnership_id, series_id, child_id, instrument, instrument_version, status, author_user_id, author_agency_id, completed_on, judged_level, scored_level, submitted_at)
     VALUES ('rotherham', gen_random_uuid(), $1, 'vat', 'test', 'submitted', $2, $3, $4, 'high', 'high', now() + interval '1 day')`,
    [child!.id, chair, u!.agency_id, addDays(todayIso(), -45)],
  );
  await markDue(t.db, 'rotherham', [child!.id]); // as the assessments repository does when an assessment is submitted
  const before = await lastMailId();
  await runDueJobs(t.db, only('rotherham'), jobs, new Date());
  const mails = (await mailSince(before)).filter((m) => m.to_address === 'chair@rotherham.example.org' && m.subject.startsWith('Reviews and assessments'));
  assert.equal(mails.length, 1);
  assert.match(mails[0]!.body, new RegExp(`review overdue since .*child reference ${child!.reference}: https://mace\\.example\\.org/children/${child!.id}`));
  assert.match(mails[0]!.body, new RegExp(`CE risk assessment overdue since .*child reference ${child!.reference}`));
  assert.doesNotMatch(mails[0]!.body, new RegExp(`${child!.first_name}|${child!.last_name}`));
  assert.match(mails[0]!.body, new RegExp(`\n${t.partnerships.get('rotherham')!.marking.text}$`), 'the partnership’s marking ends the email');
  await runDueJobs(t.db, only('rotherham'), jobs, new Date());
  assert.equal(
    (await mailSince(before)).filter((m) => m.to_address === 'chair@rotherham.example.org' && m.subject.startsWith('Reviews and assessments')).length,
    1,
    'sent once',
  );
});

test('every run is recorded per job; a failing job is recorded as failed and the others still run', async () => {
  const broken = new Map([['nowhere', { ...llr, id: 'nowhere' }]]);
  const r = await runDueJobs(t.db, broken, jobs, new Date());
  assert.deepEqual(
    r.jobs.map((j) => [j.name, j.outcome]),
    [
      ['deadline-reminders', 'failed'],
      ['chair-reminders', 'failed'],
      ['action-reminders', 'succeeded'],
      // Reads review_due, whose state a partnership the database does not hold cannot have.
      ['review-reminders', 'failed'],
    ],
  );
  const rows = await t.db.query<{ name: string; outcome: string; details: Record<string, unknown>; finished_at: Date | null }>(
    `SELECT name, outcome, details, finished_at FROM job_runs ORDER BY id DESC LIMIT 4`,
  );
  assert.deepEqual(rows.map((x) => x.outcome).sort(), ['failed', 'failed', 'failed', 'succeeded']);
  assert.ok(rows.every((x) => x.finished_at));
  assert.equal(rows.find((x) => x.outcome === 'failed')!.details.message, undefined, 'no message that could quote a value');
});

test('configuration: jobs are off in tests unless asked, interval and reminder windows are read; a bad bank holidays file is refused', () => {
  assert.equal(loadConfig({ NODE_ENV: 'test' }).jobs.enabled, false);
  assert.equal(loadConfig({ NODE_ENV: 'test', JOBS_ENABLED: 'true' }).jobs.enabled, true);
  const c = loadConfig({ NODE_ENV: 'production', JOBS_INTERVAL_SECONDS: '60', REMINDER_DEADLINE_HOURS: '6' }).jobs;
  assert.deepEqual([c.enabled, c.intervalSeconds, c.reminders.deadlineHours, c.reminders.actionDays], [true, 60, 6, 3]);
  assert.throws(() => loadConfig({ JOBS_INTERVAL_SECONDS: '1' }), /JOBS_INTERVAL_SECONDS/);
  assert.throws(() => loadConfig({ BANK_HOLIDAYS_FILE: '/nonexistent/bank-holidays.json' }), /could not be read/);
  assert.throws(() => loadBankHolidays('/nonexistent/bank-holidays.json'), /could not be read/);
  assert.equal(loadBankHolidays(new URL('../../../config/bank-holidays.json', import.meta.url).pathname).lastYear, 2028);
  assert.equal(loadConfig({ NODE_ENV: 'test' }).bankHolidays.lastYear, 2028, 'without BANK_HOLIDAYS_FILE: the shipped file');
});

test('the live runner throttles the hourly jobs: a second tick within the hour runs only the deadline reminders', async () => {
  const at = new Date('2031-03-03T10:00:00Z');
  const first = await runDueJobs(t.db, t.partnerships, jobs, at, undefined, { throttle: true });
  assert.deepEqual(
    first.jobs.map((j) => j.name),
    ['deadline-reminders', 'chair-reminders', 'action-reminders', 'review-reminders'],
  );
  const second = await runDueJobs(t.db, t.partnerships, jobs, new Date(at.getTime() + 5 * 60_000), undefined, { throttle: true });
  assert.deepEqual(
    second.jobs.map((j) => j.name),
    ['deadline-reminders'],
  );
  const later = await runDueJobs(t.db, t.partnerships, jobs, new Date(at.getTime() + 61 * 60_000), undefined, { throttle: true });
  assert.deepEqual(
    later.jobs.map((j) => j.name),
    ['deadline-reminders', 'chair-reminders', 'action-reminders', 'review-reminders'],
  );
});

test('a meeting type whose deadline names no pack: the reminder asks for the agenda only, with no pack to send', async () => {
  // LLR's configuration with the DRMM's pack taken out, for a DRMM well beyond the other tests' reminders.
  const noPack = { ...llr, meetingTypes: llr.meetingTypes.map((m) => (m.id === 'drmm' ? { ...m, deadline: { ...m.deadline!, pack: undefined } } : m)) };
  const [later] = await t.db.query<{ id: string; starts_at: Date }>(
    `SELECT o.id, o.starts_at FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = 'llr' AND s.type_id = 'drmm' AND o.status <> 'cancelled' AND o.starts_at > now() + interval '20 days' ORDER BY o.starts_at LIMIT 1`,
  );
  const date = localDateOf(later!.starts_at);
  const due = drmmCaseListDeadline(date, t.config.bankHolidays);
  const before = await lastMailId();
  await runDueJobs(t.db, new Map([['llr', noPack]]), jobs, new Date(localToInstant(due.date, due.time).getTime() - 2 * 3_600_000));
  const sent = (await mailSince(before)).filter((m) => m.subject === `Due: the case list to partners for Daily Risk Management Meeting on ${formatDate(date)}`);
  assert.equal(sent.length, 1);
  assert.match(sent[0]!.body, new RegExp(`The agenda: https://mace\\.example\\.org/meetings/${later!.id}/agenda\n`));
  assert.match(sent[0]!.body, /the agenda has not been published yet\.\n/);
  assert.doesNotMatch(sent[0]!.body, /pack/i, 'no pack to send, so none is mentioned');
});

test('chairs (004: a detective sergeant chairs the DRMM): the named chair and deputy of a meeting are reminded the day before, once each; the next meeting’s chair is the next turn', async () => {
  const [series] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_series WHERE partnership_id = 'llr' AND type_id = 'drmm'`);
  const [sergeant, inspector, deputy] = await Promise.all([t.userId('coordinator', 'llr'), t.userId('practitioner', 'llr'), t.userId('responder', 'llr')]);
  const [first] = await t.db.query<{ original_starts_at: Date }>(`SELECT original_starts_at FROM meeting_occurrences WHERE id = $1`, [drmms[0]!.id]);
  await t.db.query(`INSERT INTO meeting_chair_rotas (partnership_id, series_id, starts_at, updated_by) VALUES ('llr', $1, $2, $3)`, [
    series!.id,
    first!.original_starts_at,
    sergeant,
  ]);
  await t.db.query(
    `INSERT INTO meeting_chair_turns (partnership_id, series_id, position, role, chair_user_id, deputy_user_id)
     VALUES ('llr', $1, 1, 'Detective sergeant', $2, $4), ('llr', $1, 2, 'Detective sergeant', $3, NULL)`,
    [series!.id, sergeant, inspector, deputy],
  );
  const before = await lastMailId();
  const subject = `You chair Daily Risk Management Meeting on ${formatDate(drmms[0]!.starts_at)}`;
  await runDueJobs(t.db, only('llr'), jobs, new Date(drmms[0]!.starts_at.getTime() - 30 * 3_600_000));
  assert.equal((await mailSince(before)).filter((m) => m.subject === subject).length, 0, 'not yet (30 hours before)');
  const at = new Date(drmms[0]!.starts_at.getTime() - 2 * 3_600_000);
  await runDueJobs(t.db, only('llr'), jobs, at);
  await runDueJobs(t.db, only('llr'), jobs, new Date(at.getTime() + 61 * 60_000));
  const mails = await mailSince(before);
  const chair = mails.filter((m) => m.subject === subject);
  assert.equal(chair.length, 1, 'once');
  assert.equal(chair[0]!.to_address, 'coordinator@llr.example.org');
  assert.match(chair[0]!.body, /\(Detective sergeant\)\. Your deputy is /);
  assert.match(chair[0]!.body, new RegExp(`The meeting: https://mace\\.example\\.org/meetings/${drmms[0]!.id}\n`));
  assert.match(chair[0]!.body, /SENSITIVE – CONFIDENTIAL$/);
  const dep = mails.filter((m) => m.subject === `You are the deputy chair for Daily Risk Management Meeting on ${formatDate(drmms[0]!.starts_at)}`);
  assert.deepEqual(
    dep.map((m) => m.to_address),
    ['responder@llr.example.org'],
  );
  // The meeting after is the second turn's: the inspector (not reminded yet: it is more than a day away).
  const byRota = await t.db.tx((q) =>
    chairsOf(q, llr, [
      { id: drmms[1]!.id, series_id: series!.id, type_id: 'drmm' },
      { id: drmms[0]!.id, series_id: series!.id, type_id: 'drmm' },
    ]),
  );
  assert.equal(byRota.get(drmms[0]!.id)!.chair!.id, sergeant);
  assert.equal(byRota.get(drmms[1]!.id)!.chair!.id, inspector);
  assert.equal(byRota.get(drmms[1]!.id)!.deputy, null);
});
