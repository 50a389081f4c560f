import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { readBody } from '../../platform/validation.ts';
import { occurrencesQuery } from './schemas.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator', 'llr');
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
const londonTime = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(d);

test('the list shows LLR’s DRMM at 9am local time on weekdays only, from its configuration', async () => {
  const res = await coordinator.agent.get('/meetings?weeks=4');
  assert.equal(res.status, 200);
  assert.match(res.text, /Daily Risk Management Meeting/);
  assert.match(res.text, /9am to 10am/);
  assert.match(res.text, /Fortnightly Operational Review Meeting/);
  const rows = await t.db.query<{ starts_at: Date }>(
    `SELECT o.starts_at FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = 'llr' AND s.type_id = 'drmm' ORDER BY o.starts_at`,
  );
  assert.ok(rows.length > 200, 'twelve months are written');
  for (const r of rows) {
    const [day, time] = londonTime(r.starts_at).split(' ');
    assert.ok(!['Sat', 'Sun'].includes(day!.replace(',', '')), `weekday: ${r.starts_at.toISOString()}`);
    assert.equal(time, '09:00', `9am local: ${r.starts_at.toISOString()}`);
  }
  const again = await coordinator.agent.get('/meetings');
  assert.equal(again.status, 200);
  const [{ n }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM meeting_series WHERE partnership_id = 'llr'`)) as [{ n: number }];
  assert.equal(n, 3, 'configured series are created once');
});

test('Staffordshire has one district panel and one thresholding meeting per district', async () => {
  const admin = await t.signIn('coordinator', 'staffordshire');
  assert.equal((await admin.agent.get('/meetings')).status, 200);
  const rows = await t.db.query<{ type_id: string; n: number }>(
    `SELECT type_id, count(*)::int AS n FROM meeting_series WHERE partnership_id = 'staffordshire' GROUP BY type_id ORDER BY type_id`,
  );
  assert.deepEqual(rows, [
    { type_id: 'ce-triage', n: 1 },
    { type_id: 'district-mace', n: 8 },
    { type_id: 'pre-mace', n: 8 },
  ]);
});

async function anOccurrence(partnership = 'llr', type = 'drmm') {
  const [row] = await t.db.query<{ id: string }>(
    `SELECT o.id FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = $1 AND s.type_id = $2 AND o.status = 'scheduled' AND o.starts_at > now() ORDER BY o.starts_at OFFSET 3 LIMIT 1`,
    [partnership, type],
  );
  return row!.id;
}

test('a meeting is moved with a reason, and a stale second save is refused with 409', async () => {
  const id = await anOccurrence();
  const page = await coordinator.agent.get(`/meetings/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Move this meeting/);
  const version = versionIn(page.text);
  const missing = await coordinator.post(`/meetings/${id}/move`, {
    version,
    'date-day': '2',
    'date-month': '2',
    'date-year': '2027',
    time: '11:15',
    reason: '',
  });
  assert.equal(missing.status, 400);
  assert.match(missing.text, /Enter the reason for moving the meeting/);
  assert.match(missing.text, /<title>Error:/);
  const ok = await coordinator.post(`/meetings/${id}/move`, {
    version,
    'date-day': '2',
    'date-month': '2',
    'date-year': '2027',
    time: '11:15am',
    reason: 'Room unavailable',
  });
  assert.equal(ok.status, 303);
  const [row] = await t.db.query<{ status: string; starts_at: Date; ends_at: Date; reason: string }>(
    `SELECT status, starts_at, ends_at, reason FROM meeting_occurrences WHERE id = $1`,
    [id],
  );
  assert.equal(row!.status, 'moved');
  assert.equal(row!.starts_at.toISOString(), '2027-02-02T11:15:00.000Z');
  assert.equal(row!.ends_at.toISOString(), '2027-02-02T12:15:00.000Z', 'keeps its length');
  const shown = await coordinator.agent.get(`/meetings/${id}?done=moved`);
  assert.match(shown.text, /Room unavailable/);
  assert.match(shown.text, /11:15am/);
  const stale = await coordinator.post(`/meetings/${id}/cancel`, { version, cancelReason: 'Chair unwell' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /This meeting changed while you were working on it/);
  assert.match(stale.text, /Chair unwell/, 'the input is kept');
  const [audit] = await t.db.query<{ outcome: string }>(
    `SELECT outcome FROM audit_events WHERE action = 'meeting.cancel' AND subject_id = $1 ORDER BY id DESC LIMIT 1`,
    [id],
  );
  assert.equal(audit!.outcome, 'failed');
});

test('a meeting is cancelled with a reason; re-materialising leaves it cancelled', async () => {
  const id = await anOccurrence('llr', 'form');
  const page = await coordinator.agent.get(`/meetings/${id}`);
  const noReason = await coordinator.post(`/meetings/${id}/cancel`, { version: versionIn(page.text), cancelReason: ' ' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /Enter the reason for cancelling the meeting/);
  const res = await coordinator.post(`/meetings/${id}/cancel`, { version: versionIn(page.text), cancelReason: 'Clash with training day' });
  assert.equal(res.status, 303);
  await t.db.query(`UPDATE meeting_series SET materialised_until = NULL WHERE partnership_id = 'llr'`);
  assert.equal((await coordinator.agent.get('/meetings')).status, 200);
  const [row] = await t.db.query<{ status: string; reason: string }>(`SELECT status, reason FROM meeting_occurrences WHERE id = $1`, [id]);
  assert.deepEqual(row, { status: 'cancelled', reason: 'Clash with training day' });
  const shown = await coordinator.agent.get(`/meetings/${id}`);
  assert.match(shown.text, /govuk-tag--red">Cancelled/);
  assert.doesNotMatch(shown.text, /Move this meeting/);
});

test('responders can read meetings but not move or cancel them', async () => {
  const responder = await t.signIn('responder', 'llr');
  const id = await anOccurrence();
  const page = await responder.agent.get(`/meetings/${id}`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Move this meeting/);
  assert.equal(
    (await responder.post(`/meetings/${id}/move`, { version: '1', 'date-day': '1', 'date-month': '1', 'date-year': '2027', time: '9:00', reason: 'x' })).status,
    403,
  );
  assert.equal((await responder.post(`/meetings/${id}/cancel`, { version: '1', cancelReason: 'x' })).status, 403);
  assert.equal((await responder.agent.get('/meetings/series/new')).status, 403);
});

test('another partnership’s meeting or series is not found', async () => {
  const id = await anOccurrence();
  const other = await t.signIn('coordinator', 'rotherham');
  assert.equal((await other.agent.get(`/meetings/${id}`)).status, 404);
  assert.equal((await other.post(`/meetings/${id}/cancel`, { version: '1', cancelReason: 'x' })).status, 404);
  const [s] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_series WHERE partnership_id = 'llr' LIMIT 1`);
  assert.equal((await other.agent.get(`/meetings/series/${s!.id}`)).status, 404);
  const [denied] = await t.db.query<{ details: { otherPartnership: string } }>(
    `SELECT details FROM audit_events WHERE outcome = 'denied' AND subject_id = $1 ORDER BY id DESC LIMIT 1`,
    [s!.id],
  );
  assert.equal(denied!.details.otherPartnership, 'llr');
});

test('a partnership admin adds a fortnightly series from a first date; errors are shown', async () => {
  const admin = await t.signIn('admin', 'rotherham');
  const form = await admin.agent.get('/meetings/series/new');
  assert.equal(form.status, 200);
  const bad = await admin.post('/meetings/series/new', {
    typeId: 'mace',
    name: '',
    pattern: 'weeks',
    weeksInterval: '2',
    weeksDay: 'WE',
    startTime: '25:00',
    duration: '60',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Enter a name for the series/);
  assert.match(bad.text, /Enter the date of the first meeting/);
  assert.match(bad.text, /Enter the start time like 9:30am or 14:00/);
  const ok = await admin.post('/meetings/series/new', {
    typeId: 'other',
    name: 'YMARAC liaison',
    pattern: 'weeks',
    weeksInterval: '2',
    weeksDay: 'WE',
    'firstDate-day': '13',
    'firstDate-month': '1',
    'firstDate-year': '2027',
    startTime: '2pm',
    duration: '45',
    skipBankHolidays: 'yes',
    location: 'Microsoft Teams',
  });
  assert.equal(ok.status, 303);
  const [s] = await t.db.query<{ id: string; rrule: string; start_time: string; first_date: string }>(
    `SELECT id, rrule, start_time, first_date FROM meeting_series WHERE partnership_id = 'rotherham' AND name = 'YMARAC liaison'`,
  );
  assert.deepEqual(
    { rrule: s!.rrule, start: s!.start_time, first: s!.first_date },
    { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', start: '14:00', first: '2027-01-13' },
  );
  const page = await admin.agent.get(ok.headers.location!);
  assert.match(page.text, /Every other Wednesday/);
  assert.match(page.text, /13 January 2027, 2pm/);
  const coord = await t.signIn('coordinator', 'rotherham');
  assert.equal((await coord.post('/meetings/series/new', { typeId: 'other' })).status, 403, 'only partnership admins add series');
});

test('adding a member queues an invitation with the confidentiality statement and a calendar file', async () => {
  const [s] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_series WHERE partnership_id = 'llr' AND type_id = 'monthly'`);
  const practitionerId = await t.userId('practitioner', 'llr');
  const res = await coordinator.post(`/meetings/series/${s!.id}/members`, { userId: practitionerId, membership: 'core' });
  assert.equal(res.status, 303);
  const [mail] = await t.db.query<{ subject: string; body: string; attachments: { filename: string; contentType: string; content: string }[] }>(
    `SELECT subject, body, attachments FROM outbox WHERE to_address = 'practitioner@llr.example.org' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(mail!.subject, 'Invitation: Monthly Exploitation Meeting');
  assert.match(mail!.body, /This meeting is confidential/);
  assert.doesNotMatch(mail!.body, /BEGIN:VCALENDAR/, 'the calendar file is attached, not pasted in the body');
  const [ics] = mail!.attachments;
  assert.equal(ics!.filename, 'invite.ics');
  assert.match(ics!.contentType, /^text\/calendar/);
  assert.match(ics!.content, /BEGIN:VCALENDAR/);
  assert.match(ics!.content, /RRULE:FREQ=MONTHLY;BYDAY=4TU/);
  assert.match(ics!.content, /DTSTART;TZID=Europe\/London:\d{8}T100000/);
  const again = await coordinator.post(`/meetings/series/${s!.id}/members`, { userId: practitionerId, membership: 'core' });
  assert.equal(again.status, 400);
  assert.match(again.text, /already a member/);
  const page = await coordinator.agent.get(`/meetings/series/${s!.id}`);
  assert.match(page.text, /Members \(1\)/);
  const practitioner = await t.signIn('practitioner', 'llr');
  const home = await practitioner.agent.get('/');
  assert.match(home.text, /<h2 class="govuk-heading-m">Meetings<\/h2>/);
  assert.match(home.text, /Monthly Exploitation Meeting/);
  assert.doesNotMatch(home.text, /Daily Risk Management Meeting/, 'only series they are a member of');
});

test('API: occurrences across the October clock change carry the right UTC offsets; bad ranges are named', async () => {
  const token = await t.apiToken('coordinator', 'llr');
  const list = await t.request().get('/api/v1/meeting-series').set('Authorization', `Bearer ${token}`);
  assert.equal(list.status, 200);
  const drmm = list.body.series.find((s: { typeId: string }) => s.typeId === 'drmm');
  const res = await t
    .request()
    .get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=2027-10-28T00:00:00%2B01:00&to=2027-11-03T00:00:00Z`)
    .set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.occurrences.map((o: { startsAt: string }) => o.startsAt),
    ['2027-10-28T09:00:00+01:00', '2027-10-29T09:00:00+01:00', '2027-11-01T09:00:00+00:00', '2027-11-02T09:00:00+00:00'],
  );
  // March 2027: the clocks change on Easter Sunday; the DRMM is configured to skip Good Friday and Easter Monday.
  const march = await t
    .request()
    .get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=2027-03-25T00:00:00Z&to=2027-03-31T00:00:00%2B01:00`)
    .set('Authorization', `Bearer ${token}`);
  assert.deepEqual(
    march.body.occurrences.map((o: { startsAt: string }) => o.startsAt),
    ['2027-03-25T09:00:00+00:00', '2027-03-30T09:00:00+01:00'],
  );
  // Issue 16 item 10: dates alone are local dates in Europe/London: from the start of 28 October (BST, 23:00 UTC the day
  // before) to the start of 3 November (GMT), the same four meetings as the instants above.
  const dates = await t.request().get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=2027-10-28&to=2027-11-03`).set('Authorization', `Bearer ${token}`);
  assert.equal(dates.status, 200);
  assert.deepEqual(
    dates.body.occurrences.map((o: { startsAt: string }) => o.startsAt),
    ['2027-10-28T09:00:00+01:00', '2027-10-29T09:00:00+01:00', '2027-11-01T09:00:00+00:00', '2027-11-02T09:00:00+00:00'],
  );
  const read = readBody(occurrencesQuery, { from: '2027-10-28', to: '2027-11-03' });
  assert.equal(read.data!.from.toISOString(), '2027-10-27T23:00:00.000Z', 'the start of 28 October in London (BST)');
  assert.equal(read.data!.to.toISOString(), '2027-11-03T00:00:00.000Z', 'the start of 3 November in London (GMT)');
  const notReal = await t.request().get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=2027-02-30&to=2027-03-03`).set('Authorization', `Bearer ${token}`);
  assert.equal(notReal.status, 422);
  assert.match(notReal.body.errors[0].message, /from must be a real date/);
  const bad = await t.request().get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=yesterday`).set('Authorization', `Bearer ${token}`);
  assert.equal(bad.status, 422);
  assert.deepEqual(
    bad.body.errors.map((e: { field: string }) => e.field),
    ['from', 'to'],
  );
  const other = await t.apiToken('coordinator', 'rotherham');
  assert.equal(
    (
      await t
        .request()
        .get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=2027-03-25T00:00:00Z&to=2027-03-31T00:00:00Z`)
        .set('Authorization', `Bearer ${other}`)
    ).status,
    404,
  );
});

const api = async (role: string, partnership = 'llr') => {
  const token = await t.apiToken(role, partnership);
  return {
    get: (url: string) => t.request().get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string, body: unknown) =>
      t
        .request()
        .post(url)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
  };
};
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

test('API: a partnership admin adds a series with the page form’s rules; invalid fields are named with 422', async () => {
  const admin = await api('admin', 'rotherham');
  const bad = await admin.post('/api/v1/meeting-series', {
    typeId: 'nope',
    name: '',
    pattern: 'weeks',
    weeksInterval: 2,
    weeksDay: 'WE',
    startTime: '25:00',
    durationMinutes: 3,
    firstDate: '13/01/2027',
    skipBankHolidays: 'yes',
  });
  assert.equal(bad.status, 422);
  assert.match(bad.headers['content-type']!, /application\/problem\+json/);
  assert.deepEqual(fields(bad.body), ['durationMinutes', 'firstDate', 'name', 'skipBankHolidays', 'startTime', 'typeId']);
  const notReal = await admin.post('/api/v1/meeting-series', {
    typeId: 'other',
    name: 'Liaison',
    pattern: 'monthly',
    monthsInterval: 1,
    nth: '5',
    monthDay: 'XX',
    startTime: '10:00',
    durationMinutes: 60,
    firstDate: '2027-02-30',
  });
  assert.equal(notReal.status, 422);
  assert.deepEqual(fields(notReal.body), ['firstDate', 'monthDay', 'nth']);
  for (const garbage of [[], 'x', null]) assert.equal((await admin.post('/api/v1/meeting-series', garbage)).status, 422);
  const before = await t.db.query(`SELECT id FROM meeting_series WHERE partnership_id = 'rotherham'`);
  const ok = await admin.post('/api/v1/meeting-series', {
    typeId: 'other',
    name: 'API liaison',
    pattern: 'weeks',
    weeksInterval: 2,
    weeksDay: 'TH',
    firstDate: '2027-01-14',
    startTime: '2pm',
    durationMinutes: 45,
    location: 'Microsoft Teams',
  });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.rrule, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH');
  assert.equal(ok.body.startTime, '14:00');
  assert.equal(ok.body.firstDate, '2027-01-14');
  assert.equal(ok.body.durationMinutes, 45);
  assert.equal(ok.body.skipBankHolidays, true);
  const after = await t.db.query(`SELECT id FROM meeting_series WHERE partnership_id = 'rotherham'`);
  assert.equal(after.length, before.length + 1, 'the invalid ones saved nothing');
  const occ = await admin.get(`/api/v1/meeting-series/${ok.body.id}/occurrences?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z`);
  assert.deepEqual(
    occ.body.occurrences.map((o: { startsAt: string }) => o.startsAt),
    ['2027-01-14T14:00:00+00:00', '2027-01-28T14:00:00+00:00'],
  );
  const [audit] = await t.db.query<{ outcome: string }>(`SELECT outcome FROM audit_events WHERE action = 'meeting.series.create' AND subject_id = $1`, [
    ok.body.id,
  ]);
  assert.equal(audit!.outcome, 'allowed');
  assert.equal((await (await api('practitioner', 'rotherham')).post('/api/v1/meeting-series', { typeId: 'other' })).status, 403);
  assert.equal(
    (await (await api('coordinator', 'rotherham')).post('/api/v1/meeting-series', { typeId: 'other' })).status,
    403,
    'only partnership admins add series',
  );
});

async function apiOccurrence(offset: number) {
  const [row] = await t.db.query<{ id: string }>(
    `SELECT o.id FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = 'llr' AND s.type_id = 'drmm' AND o.status = 'scheduled' AND o.starts_at > now() + interval '30 days' ORDER BY o.starts_at OFFSET $1 LIMIT 1`,
    [offset],
  );
  return row!.id;
}

test('API: one meeting is read with its version, moved with an offset, and a stale move or cancel is refused with 409', async () => {
  const coord = await api('coordinator');
  const id = await apiOccurrence(10);
  const read = await coord.get(`/api/v1/meeting-occurrences/${id}`);
  assert.equal(read.status, 200);
  assert.equal(read.body.id, id);
  assert.equal(read.body.status, 'scheduled');
  assert.match(read.body.startsAt, /T09:00:00\+0[01]:00$/);
  const version = read.body.version as number;
  assert.equal(typeof version, 'number');
  const bad = await coord.post(`/api/v1/meeting-occurrences/${id}/move`, { startsAt: '2027-02-02 11:15', reason: ' ', version: 'one' });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad.body), ['reason', 'startsAt', 'version']);
  assert.equal(
    (await coord.post(`/api/v1/meeting-occurrences/${id}/move`, { startsAt: '2027-02-02T11:15:00', reason: 'Room', version })).status,
    422,
    'an instant without an offset is refused',
  );
  const moved = await coord.post(`/api/v1/meeting-occurrences/${id}/move`, { startsAt: '2027-07-02T11:15:00+01:00', reason: 'Room unavailable', version });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.status, 'moved');
  assert.equal(moved.body.startsAt, '2027-07-02T11:15:00+01:00');
  assert.equal(moved.body.endsAt, '2027-07-02T12:15:00+01:00', 'keeps its length');
  assert.equal(moved.body.reason, 'Room unavailable');
  assert.equal(moved.body.version, version + 1);
  const [row] = await t.db.query<{ starts_at: Date }>(`SELECT starts_at FROM meeting_occurrences WHERE id = $1`, [id]);
  assert.equal(row!.starts_at.toISOString(), '2027-07-02T10:15:00.000Z');
  const stale = await coord.post(`/api/v1/meeting-occurrences/${id}/cancel`, { reason: 'Chair unwell', version });
  assert.equal(stale.status, 409);
  assert.match(stale.headers['content-type']!, /application\/problem\+json/);
  assert.equal(stale.body.current.version, version + 1);
  assert.equal(stale.body.current.status, 'moved');
  assert.equal(stale.body.submitted.reason, 'Chair unwell');
  assert.equal((await coord.post(`/api/v1/meeting-occurrences/${id}/move`, { startsAt: '2027-07-03T11:15:00Z', reason: 'Again', version })).status, 409);
  const kept = await t.db.query<{ read_version: number; submitted: { reason: string } }>(
    `SELECT read_version, submitted FROM edit_conflicts WHERE record_type = 'meeting_occurrence' AND record_id = $1 ORDER BY at`,
    [id],
  );
  assert.deepEqual(
    kept.map((k) => [k.read_version, k.submitted.reason]),
    [
      [version, 'Chair unwell'],
      [version, 'Again'],
    ],
    'the refused changes are kept',
  );
  const [still] = await t.db.query<{ status: string; reason: string }>(`SELECT status, reason FROM meeting_occurrences WHERE id = $1`, [id]);
  assert.deepEqual(still, { status: 'moved', reason: 'Room unavailable' }, 'nothing changed by the stale calls');
});

test('API: a meeting is cancelled with a reason; a cancelled meeting cannot be moved', async () => {
  const coord = await api('chair');
  const id = await apiOccurrence(20);
  const { version } = (await coord.get(`/api/v1/meeting-occurrences/${id}`)).body as { version: number };
  const bad = await coord.post(`/api/v1/meeting-occurrences/${id}/cancel`, { reason: 'x'.repeat(1001) });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad.body), ['reason', 'version']);
  for (const garbage of [[], 'x', { reason: 7, version: -1 }])
    assert.equal((await coord.post(`/api/v1/meeting-occurrences/${id}/cancel`, garbage)).status, 422);
  const ok = await coord.post(`/api/v1/meeting-occurrences/${id}/cancel`, { reason: 'Clash with training day', version });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.status, 'cancelled');
  assert.equal(ok.body.reason, 'Clash with training day');
  const move = await coord.post(`/api/v1/meeting-occurrences/${id}/move`, { startsAt: '2027-07-03T11:15:00Z', reason: 'Try again', version: ok.body.version });
  assert.equal(move.status, 409);
  assert.equal(move.body.title, 'Meeting cancelled');
  assert.equal(move.body.current.status, 'cancelled');
  const [audit] = await t.db.query<{ outcome: string; details: { reason: string } }>(
    `SELECT outcome, details FROM audit_events WHERE action = 'meeting.cancel' AND subject_id = $1 ORDER BY id DESC LIMIT 1`,
    [id],
  );
  assert.deepEqual({ outcome: audit!.outcome, reason: audit!.details.reason }, { outcome: 'allowed', reason: 'Clash with training day' });
});

test('API: another partnership’s meeting or series is not found (and the attempt is audited); a practitioner may read but not change', async () => {
  const id = await apiOccurrence(30);
  const [s] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_series WHERE partnership_id = 'llr' AND type_id = 'monthly'`);
  const other = await api('coordinator', 'rotherham');
  assert.equal((await other.get(`/api/v1/meeting-occurrences/${id}`)).status, 404);
  assert.equal((await other.post(`/api/v1/meeting-occurrences/${id}/move`, { startsAt: '2027-07-03T11:15:00Z', reason: 'x', version: 1 })).status, 404);
  assert.equal((await other.post(`/api/v1/meeting-occurrences/${id}/cancel`, { reason: 'x', version: 1 })).status, 404);
  assert.equal(
    (await other.post(`/api/v1/meeting-series/${s!.id}/members`, { userId: await t.userId('coordinator', 'rotherham'), membership: 'core' })).status,
    404,
  );
  assert.equal((await other.get('/api/v1/meeting-occurrences/not-a-uuid')).status, 404);
  assert.equal((await other.post('/api/v1/meeting-occurrences/not-a-uuid/cancel', { reason: 'x', version: 1 })).status, 404);
  const denied = await t.db.query<{ action: string; details: { otherPartnership: string } }>(
    `SELECT action, details FROM audit_events WHERE outcome = 'denied' AND subject_id IN ($1, $2) ORDER BY id`,
    [id, s!.id],
  );
  assert.deepEqual(
    denied.map((d) => [d.action, d.details.otherPartnership]),
    [
      ['meeting.view', 'llr'],
      ['meeting.move', 'llr'],
      ['meeting.cancel', 'llr'],
      ['meeting.member.add', 'llr'],
    ],
  );
  const [row] = await t.db.query<{ status: string }>(`SELECT status FROM meeting_occurrences WHERE id = $1`, [id]);
  assert.equal(row!.status, 'scheduled');
  const practitioner = await api('practitioner');
  assert.equal((await practitioner.get(`/api/v1/meeting-occurrences/${id}`)).status, 200);
  assert.equal((await practitioner.post(`/api/v1/meeting-occurrences/${id}/move`, { startsAt: '2027-07-03T11:15:00Z', reason: 'x', version: 1 })).status, 403);
  assert.equal((await practitioner.post(`/api/v1/meeting-occurrences/${id}/cancel`, { reason: 'x', version: 1 })).status, 403);
  assert.equal(
    (await practitioner.post(`/api/v1/meeting-series/${s!.id}/members`, { userId: await t.userId('practitioner', 'llr'), membership: 'core' })).status,
    403,
  );
});

test('API: a member is added and invited; a repeat is 409, a bad or unknown user 422', async () => {
  const coord = await api('coordinator');
  const [s] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_series WHERE partnership_id = 'llr' AND type_id = 'form'`);
  const chairId = await t.userId('chair', 'llr');
  const bad = await coord.post(`/api/v1/meeting-series/${s!.id}/members`, { userId: 'someone', membership: 'chair' });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad.body), ['membership', 'userId']);
  assert.equal(
    (await coord.post(`/api/v1/meeting-series/${s!.id}/members`, { userId: await t.userId('coordinator', 'rotherham'), membership: 'core' })).status,
    422,
    'another partnership’s user',
  );
  assert.equal((await coord.post(`/api/v1/meeting-series/${s!.id}/members`, [])).status, 422);
  const ok = await coord.post(`/api/v1/meeting-series/${s!.id}/members`, { userId: chairId, membership: 'secondary' });
  assert.equal(ok.status, 201);
  assert.deepEqual(ok.body, { seriesId: s!.id, userId: chairId, membership: 'secondary', invited: true });
  const [m] = await t.db.query<{ membership: string; agency_id: string }>(
    `SELECT membership, agency_id FROM meeting_members WHERE series_id = $1 AND user_id = $2`,
    [s!.id, chairId],
  );
  assert.equal(m!.membership, 'secondary');
  assert.ok(m!.agency_id, 'their agency is recorded');
  const [mail] = await t.db.query<{ body: string }>(`SELECT body FROM outbox WHERE to_address = 'chair@llr.example.org' ORDER BY id DESC LIMIT 1`);
  assert.match(mail!.body, /as a secondary member/);
  const again = await coord.post(`/api/v1/meeting-series/${s!.id}/members`, { userId: chairId, membership: 'core' });
  assert.equal(again.status, 409);
  assert.deepEqual(fields(again.body), ['userId']);
});

test('API: the OpenAPI document describes the meetings’ write routes with their permissions', async () => {
  const doc = (await t.request().get('/api/v1/openapi.json')).body as {
    paths: Record<string, Record<string, { 'x-permission': string; requestBody?: unknown; responses: Record<string, unknown> }>>;
  };
  assert.equal(doc.paths['/api/v1/meeting-series']!.post!['x-permission'], 'series:admin');
  assert.ok(doc.paths['/api/v1/meeting-series']!.post!.responses['422']);
  assert.equal(doc.paths['/api/v1/meeting-series/{id}/members']!.post!['x-permission'], 'series:members', 'issue 16 item 9: the admin manages members too');
  assert.equal(doc.paths['/api/v1/meeting-occurrences/{id}']!.get!['x-permission'], 'meeting:read');
  for (const verb of ['move', 'cancel']) {
    const op = doc.paths[`/api/v1/meeting-occurrences/{id}/${verb}`]!.post!;
    assert.equal(op['x-permission'], 'meeting:manage');
    assert.ok(op.requestBody && op.responses['409'] && op.responses['422'], verb);
  }
});

const drmmSeries = async () => (await t.db.query<{ id: string }>(`SELECT id FROM meeting_series WHERE partnership_id = 'llr' AND type_id = 'drmm'`))[0]!.id;
const guestCount = async (seriesId: string) =>
  (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM meeting_members WHERE series_id = $1 AND user_id IS NULL`, [seriesId]))[0]!.n;

test('someone without an account is added from the series page and sent the invitation with its calendar file; bad input and a repeat are refused', async () => {
  const id = await drmmSeries();
  const page = await coordinator.agent.get(`/meetings/series/${id}`);
  assert.match(page.text, /Add someone without an account/);
  assert.match(page.text, /<option value="health">Health<\/option>/, 'the partnership’s agencies');

  const bad = await coordinator.post(`/meetings/series/${id}/members`, {
    memberKind: 'guest',
    guestName: '',
    guestEmail: 'not an email',
    guestAgencyId: 'evolve',
    guestMembership: 'chair',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<title>Error:/);
  assert.match(bad.text, /govuk-error-summary/);
  for (const [href, message] of [
    ['guestName', 'Enter their full name'],
    ['guestEmail', 'Enter an email address in the correct format'],
    ['guestAgencyId', 'Select an agency of this partnership'],
    ['guestMembership', 'Select whether they are a core or secondary member'],
  ]) {
    assert.match(bad.text, new RegExp(`href="#${href}">${message}`), href);
    assert.match(bad.text, new RegExp(`id="${href}-error"`), `${href} inline`);
  }
  assert.match(bad.text, /value="not an email"/, 'what was typed is kept');
  assert.equal(await guestCount(id), 0, 'nothing saved');

  const ok = await coordinator.post(`/meetings/series/${id}/members`, {
    memberKind: 'guest',
    guestName: 'Alex Fictional',
    guestEmail: 'Alex.Fictional@Example.org',
    guestAgencyId: 'health',
    guestMembership: 'secondary',
  });
  assert.equal(ok.status, 303);
  const [m] = await t.db.query<{ id: string; name: string; email: string; agency_id: string; membership: string }>(
    `SELECT id, name, email, agency_id, membership FROM meeting_members WHERE series_id = $1 AND user_id IS NULL`,
    [id],
  );
  assert.deepEqual(
    { ...m, id: undefined },
    { id: undefined, name: 'Alex Fictional', email: 'Alex.Fictional@Example.org', agency_id: 'health', membership: 'secondary' },
  );
  const [mail] = await t.db.query<{ subject: string; body: string; attachments: { filename: string; contentType: string; content: string }[] }>(
    `SELECT subject, body, attachments FROM outbox WHERE to_address = 'Alex.Fictional@Example.org'`,
  );
  assert.match(mail!.subject, /^Invitation: Daily Risk Management Meeting/);
  assert.match(mail!.body, /This meeting is confidential/);
  assert.match(mail!.body, /as a secondary member/);
  assert.equal(mail!.attachments[0]!.filename, 'invite.ics');
  assert.match(mail!.attachments[0]!.contentType, /^text\/calendar/);
  assert.match(mail!.attachments[0]!.content, /BEGIN:VCALENDAR/);
  const [a] = await t.db.query<{ outcome: string; details: Record<string, unknown> }>(
    `SELECT outcome, details FROM audit_events WHERE action = 'meeting.member.add' AND subject_id = $1 ORDER BY id DESC LIMIT 1`,
    [id],
  );
  assert.equal(a!.outcome, 'allowed');
  assert.deepEqual(a!.details, { memberId: m!.id, withoutAccount: true, agencyId: 'health', membership: 'secondary' }, 'audited without the name or address');
  const shown = await coordinator.agent.get(`/meetings/series/${id}`);
  assert.match(shown.text, /Alex Fictional \(no account\)/);

  const again = await coordinator.post(`/meetings/series/${id}/members`, {
    memberKind: 'guest',
    guestName: 'Alex F',
    guestEmail: 'alex.fictional@example.ORG',
    guestAgencyId: 'police',
    guestMembership: 'core',
  });
  assert.equal(again.status, 400);
  assert.match(again.text, /href="#guestEmail">Someone with that email address is already a member of this series/);
  assert.equal(await guestCount(id), 1);
  assert.equal((await t.db.query(`SELECT 1 FROM outbox WHERE lower(to_address) = 'alex.fictional@example.org'`)).length, 1, 'no second invitation');

  const practitioner = await t.signIn('practitioner', 'llr');
  assert.equal(
    (
      await practitioner.post(`/meetings/series/${id}/members`, {
        memberKind: 'guest',
        guestName: 'Sam Fictional',
        guestEmail: 'sam@example.org',
        guestAgencyId: 'health',
        guestMembership: 'core',
      })
    ).status,
    403,
  );
  const other = await t.signIn('coordinator', 'rotherham');
  assert.equal(
    (
      await other.post(`/meetings/series/${id}/members`, {
        memberKind: 'guest',
        guestName: 'Sam Fictional',
        guestEmail: 'sam@example.org',
        guestAgencyId: 'evolve',
        guestMembership: 'core',
      })
    ).status,
    404,
    'another partnership’s series',
  );
  assert.equal(await guestCount(id), 1);
});

test('API: someone without an account is added by name, email and agency; bad fields are named, a repeat address is 409, another partnership’s agency 422', async () => {
  const coord = await api('coordinator');
  const id = await drmmSeries();
  const bad = await coord.post(`/api/v1/meeting-series/${id}/members`, { name: '', email: 'x@', agencyId: 'health', membership: 'core' });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad.body), ['email', 'name']);
  const foreign = await coord.post(`/api/v1/meeting-series/${id}/members`, {
    name: 'Jo Fictional',
    email: 'jo.fictional@example.org',
    agencyId: 'evolve',
    membership: 'core',
  });
  assert.equal(foreign.status, 422, 'Rotherham’s agency');
  assert.deepEqual(fields(foreign.body), ['agencyId']);
  assert.equal(
    (
      await coord.post(`/api/v1/meeting-series/${id}/members`, {
        name: 'Jo Fictional',
        email: 'jo.fictional@example.org',
        agencyId: 'police',
        membership: 'core',
        extra: 1,
      })
    ).status,
    201,
  );
  const [m] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_members WHERE series_id = $1 AND email = 'jo.fictional@example.org'`, [id]);
  const [mail] = await t.db.query<{ attachments: { filename: string }[] }>(`SELECT attachments FROM outbox WHERE to_address = 'jo.fictional@example.org'`);
  assert.equal(mail!.attachments[0]!.filename, 'invite.ics');
  const again = await coord.post(`/api/v1/meeting-series/${id}/members`, {
    name: 'Jo',
    email: 'JO.FICTIONAL@example.org',
    agencyId: 'health',
    membership: 'secondary',
  });
  assert.equal(again.status, 409);
  assert.deepEqual(fields(again.body), ['email']);
  assert.equal((await t.db.query(`SELECT 1 FROM meeting_members WHERE series_id = $1 AND lower(email) = 'jo.fictional@example.org'`, [id])).length, 1);
  assert.ok(m);
  const practitioner = await api('practitioner');
  assert.equal(
    (
      await practitioner.post(`/api/v1/meeting-series/${id}/members`, {
        name: 'Kim Fictional',
        email: 'kim@example.org',
        agencyId: 'health',
        membership: 'core',
      })
    ).status,
    403,
  );
  const other = await api('coordinator', 'rotherham');
  assert.equal(
    (await other.post(`/api/v1/meeting-series/${id}/members`, { name: 'Kim Fictional', email: 'kim@example.org', agencyId: 'evolve', membership: 'core' }))
      .status,
    404,
  );
  assert.equal((await t.db.query(`SELECT 1 FROM meeting_members WHERE series_id = $1 AND email = 'kim@example.org'`, [id])).length, 0);
  const doc = (await t.request().get('/api/v1/openapi.json')).body as {
    paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { oneOf: { required: string[] }[] } }> } }>>;
  };
  const shapes = doc.paths['/api/v1/meeting-series/{id}/members']!.post!.requestBody.content['application/json']!.schema.oneOf.map((s) => s.required);
  assert.deepEqual(shapes, [
    ['userId', 'membership'],
    ['name', 'email', 'agencyId', 'membership'],
  ]);
});

test('a user whose email address is already a member without an account is not added twice', async () => {
  const id = await drmmSeries();
  const [u] = await t.db.query<{ id: string; email: string }>(
    `SELECT id, email FROM users WHERE partnership_id = 'llr' AND disabled_at IS NULL
        AND id NOT IN (SELECT user_id FROM meeting_members WHERE series_id = $1 AND user_id IS NOT NULL) ORDER BY email LIMIT 1`,
    [id],
  );
  const ok = await coordinator.post(`/meetings/series/${id}/members`, {
    memberKind: 'guest',
    guestName: 'Pat Fictional',
    guestEmail: u!.email.toUpperCase(),
    guestAgencyId: 'police',
    guestMembership: 'core',
  });
  assert.equal(ok.status, 303);
  const again = await coordinator.post(`/meetings/series/${id}/members`, { userId: u!.id, membership: 'core' });
  assert.equal(again.status, 400);
  assert.match(again.text, /already a member/);
  assert.equal((await t.db.query(`SELECT 1 FROM meeting_members WHERE series_id = $1 AND user_id = $2`, [id, u!.id])).length, 0);
});

test('LLR Monthly (004): a fourth Tuesday that is a bank holiday (28 December 2027) is not dropped: moved to the next working day and shown so', async () => {
  const token = await t.apiToken('coordinator', 'llr');
  const list = await t.request().get('/api/v1/meeting-series').set('Authorization', `Bearer ${token}`);
  const monthly = list.body.series.find((s: { typeId: string }) => s.typeId === 'monthly');
  const res = await t
    .request()
    .get(`/api/v1/meeting-series/${monthly.id}/occurrences?from=2027-11-01T00:00:00Z&to=2028-02-01T00:00:00Z`)
    .set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.occurrences.map((o: { startsAt: string; movedOffHoliday: string | null }) => [o.startsAt, o.movedOffHoliday]),
    [
      ['2027-11-23T10:00:00+00:00', null],
      ['2027-12-29T10:00:00+00:00', 'Boxing Day (substitute day)'],
      ['2028-01-25T10:00:00+00:00', null],
    ],
  );
  const december = res.body.occurrences[1];
  assert.equal(december.originalStartsAt, '2027-12-28T10:00:00+00:00');
  assert.equal(december.status, 'scheduled');
  const page = await coordinator.agent.get(`/meetings/${december.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Moved off a bank holiday/);
  assert.match(
    page.text,
    /The usual date, 28 December 2027, is a bank holiday \(Boxing Day \(substitute day\)\), so the meeting was moved to the next working day/,
  );
  assert.match(page.text, /Move this meeting/);
  // The DRMM (daily) still leaves bank holidays out: its next meeting is the next working day anyway.
  const drmm = list.body.series.find((s: { typeId: string }) => s.typeId === 'drmm');
  const days = await t
    .request()
    .get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=2027-12-24T00:00:00Z&to=2027-12-30T00:00:00Z`)
    .set('Authorization', `Bearer ${token}`);
  assert.deepEqual(
    days.body.occurrences.map((o: { startsAt: string }) => o.startsAt),
    ['2027-12-24T09:00:00+00:00', '2027-12-29T09:00:00+00:00'],
  );
});

test('Rotherham MACE (002 §2.2): the series’ manager sets the chair rota (Evolve team manager and detective sergeant alternate, with deputies); each meeting shows its chair and deputy; the chairs are invited', async () => {
  const rc = await t.signIn('coordinator', 'rotherham');
  assert.equal((await rc.agent.get('/meetings')).status, 200);
  const [s] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_series WHERE partnership_id = 'rotherham' AND type_id = 'mace'`);
  const seriesPage = await rc.agent.get(`/meetings/series/${s!.id}`);
  assert.match(
    seriesPage.text,
    /Evolve team manager and Detective sergeant, CSE team chair in turn; deputy: YJS coordinator or a nominated Evolve social worker\. No one is named yet\./,
  );
  const form = await rc.agent.get(`/meetings/series/${s!.id}/chairs`);
  assert.equal(form.status, 200);
  assert.match(form.text, /value="Evolve team manager"/, 'the configured roles are the defaults');
  assert.match(form.text, /value="Detective sergeant, CSE team"/);
  const [manager, sergeant, deputy] = await Promise.all([
    t.userId('practitioner', 'rotherham'),
    t.userId('coordinator', 'rotherham'),
    t.userId('responder', 'rotherham'),
  ]);
  const turns = { rows: '3', 'role-1': 'Evolve team manager', 'role-2': 'Detective sergeant, CSE team', 'role-3': '' };

  const bad = await rc.post(`/meetings/series/${s!.id}/chairs`, { ...turns, version: '0', 'chair-1': manager, 'deputy-1': manager, 'chair-2': '' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<title>Error:/);
  assert.match(bad.text, /href="#deputy-1">The deputy for turn 1 must be someone other than the chair/);
  assert.match(bad.text, /href="#chair-2">Select who chairs turn 2/);
  assert.equal((await t.db.query(`SELECT 1 FROM meeting_chair_rotas WHERE series_id = $1`, [s!.id])).length, 0, 'nothing saved');

  const before = (await t.db.query(`SELECT id FROM outbox`)).length;
  const membersOf = async () =>
    (await t.db.query<{ email: string }>(`SELECT u.email FROM meeting_members m JOIN users u ON u.id = m.user_id WHERE m.series_id = $1`, [s!.id])).map(
      (m) => m.email,
    );
  const membersBefore = await membersOf();
  const ok = await rc.post(`/meetings/series/${s!.id}/chairs`, {
    ...turns,
    version: '0',
    'chair-1': manager,
    'deputy-1': deputy,
    'chair-2': sergeant,
    'deputy-2': deputy,
  });
  assert.equal(ok.status, 303);
  assert.match(ok.headers.location!, /done=chairs-invited/);
  const invited = await t.db.query<{ to_address: string; subject: string }>(`SELECT to_address, subject FROM outbox ORDER BY id OFFSET $1`, [before]);
  const named = ['coordinator@rotherham.example.org', 'practitioner@rotherham.example.org', 'responder@rotherham.example.org'];
  assert.deepEqual(
    invited.map((m) => m.to_address).sort(),
    named.filter((e) => !membersBefore.includes(e)),
    'those not yet members are invited, once',
  );
  assert.ok(invited.length >= 1);
  const membersAfter = await membersOf();
  for (const e of named) assert.ok(membersAfter.includes(e), `${e} is a member`);
  assert.ok(invited.every((m) => m.subject === 'Invitation: MACE'));
  const [entry] = await t.db.query<{ details: { turns: unknown[]; invited: string[] } }>(
    `SELECT details FROM audit_events WHERE action = 'meeting.chairs.set' AND subject_id = $1 AND outcome = 'allowed'`,
    [s!.id],
  );
  assert.equal(entry!.details.turns.length, 2);

  // The next meetings alternate: the first from the next meeting on, then the detective sergeant, then the manager again.
  const next = await t.db.query<{ id: string }>(
    `SELECT id FROM meeting_occurrences WHERE series_id = $1 AND starts_at > now() ORDER BY original_starts_at LIMIT 3`,
    [s!.id],
  );
  const names = await t.db.query<{ email: string; display_name: string }>(`SELECT email, display_name FROM users WHERE id = ANY($1::uuid[])`, [
    [manager, sergeant, deputy],
  ]);
  const nameOf = (email: string) => names.find((n) => n.email === email)!.display_name;
  const chairOn = async (id: string) => {
    const page = await rc.agent.get(`/meetings/${id}`);
    return /Chair\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*([^<]+)/.exec(page.text)![1]!.trim();
  };
  assert.equal(await chairOn(next[0]!.id), `${nameOf('practitioner@rotherham.example.org')} (Evolve team manager)`);
  assert.equal(await chairOn(next[1]!.id), `${nameOf('coordinator@rotherham.example.org')} (Detective sergeant, CSE team)`);
  assert.equal(await chairOn(next[2]!.id), `${nameOf('practitioner@rotherham.example.org')} (Evolve team manager)`);
  const meeting = await rc.agent.get(`/meetings/${next[1]!.id}`);
  assert.match(meeting.text, new RegExp(`Deputy\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*${nameOf('responder@rotherham.example.org')}`));
  const list = await rc.agent.get(`/meetings?series=${s!.id}`);
  assert.match(list.text, /<th scope="col" class="govuk-table__header">Chair<\/th>/);
  assert.ok(list.text.includes(`${nameOf('coordinator@rotherham.example.org')} (Detective sergeant, CSE team)`));
  const series = await rc.agent.get(ok.headers.location!);
  assert.match(series.text, /Chair rota saved\. Chairs and deputies who were not members have been added/);
  assert.match(series.text, /Change the chair rota/);

  // A save naming the version read before that save is stale: refused with 409, the input kept and in edit_conflicts.
  const stale = await rc.post(`/meetings/series/${s!.id}/chairs`, { ...turns, version: '0', 'chair-1': sergeant, 'chair-2': manager });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /The chair rota changed while you were working on it/);
  assert.match(stale.text, new RegExp(`<option value="${sergeant}" selected>`));
  assert.equal((await t.db.query(`SELECT 1 FROM edit_conflicts WHERE record_type = 'meeting_chair_rota' AND record_id = $1`, [s!.id])).length, 1);
  assert.equal(await chairOn(next[0]!.id), `${nameOf('practitioner@rotherham.example.org')} (Evolve team manager)`, 'unchanged');

  // A responder may read meetings but not set the rota; another partnership's coordinator finds no such series.
  const responder = await t.signIn('responder', 'rotherham');
  assert.equal((await responder.agent.get(`/meetings/series/${s!.id}/chairs`)).status, 403);
  assert.equal((await coordinator.agent.get(`/meetings/series/${s!.id}/chairs`)).status, 404);
  assert.equal((await coordinator.post(`/meetings/series/${s!.id}/chairs`, { ...turns, version: '1', 'chair-1': manager })).status, 404);
});

test('series membership (issue 16 item 9; README: the partnership admin manages meeting series and members): the admin adds members by page and API, as the panel administrator does; a responder may not', async () => {
  const [s] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_series WHERE partnership_id = 'llr' AND type_id = 'drmm' LIMIT 1`);
  assert.ok(s, 'the LLR DRMM series');
  const newUser = async (name: string) =>
    (
      await t.db.query<{ id: string }>(
        `WITH e AS (INSERT INTO user_emails (email, partnership_id) VALUES ($1, 'llr'))
         INSERT INTO users (partnership_id, email, display_name, agency_id, roles) VALUES ('llr', $1, $2, (SELECT agency_id FROM users WHERE email = 'responder@llr.example.org'), '{responder}') RETURNING id`,
        [`${name.toLowerCase().replace(/ /g, '.')}@llr.example.org`, name],
      )
    )[0]!.id;
  const admin = await t.signIn('admin', 'llr');
  const page = await admin.agent.get(`/meetings/series/${s.id}`);
  assert.match(page.text, /Add someone with an account/, 'the admin is offered the members form');
  const byPage = await admin.post(`/meetings/series/${s.id}/members`, { userId: await newUser('Ossian Pellow'), membership: 'secondary' });
  assert.equal(byPage.status, 303);
  const byApi = await (await api('admin')).post(`/api/v1/meeting-series/${s.id}/members`, { userId: await newUser('Briony Tarrant'), membership: 'core' });
  assert.equal(byApi.status, 201);
  const administrator = await (
    await api('administrator')
  ).post(`/api/v1/meeting-series/${s.id}/members`, { userId: await newUser('Kenji Laverick'), membership: 'core' });
  assert.equal(administrator.status, 201);
  const responder = await t.signIn('responder', 'llr');
  assert.doesNotMatch((await responder.agent.get(`/meetings/series/${s.id}`)).text, /Add someone with an account/);
  assert.equal((await responder.post(`/meetings/series/${s.id}/members`, { userId: await t.userId('practitioner', 'llr'), membership: 'core' })).status, 403);
});
