import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';

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
  const rows = await t.db.query<{ type_id: string; n: number }>(`SELECT type_id, count(*)::int AS n FROM meeting_series WHERE partnership_id = 'staffordshire' GROUP BY type_id ORDER BY type_id`);
  assert.deepEqual(rows, [{ type_id: 'ce-triage', n: 1 }, { type_id: 'district-mace', n: 8 }, { type_id: 'pre-mace', n: 8 }]);
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
  const missing = await coordinator.post(`/meetings/${id}/move`, { version, 'date-day': '2', 'date-month': '2', 'date-year': '2027', time: '11:15', reason: '' });
  assert.equal(missing.status, 400);
  assert.match(missing.text, /Enter the reason for moving the meeting/);
  assert.match(missing.text, /<title>Error:/);
  const ok = await coordinator.post(`/meetings/${id}/move`, { version, 'date-day': '2', 'date-month': '2', 'date-year': '2027', time: '11:15am', reason: 'Room unavailable' });
  assert.equal(ok.status, 303);
  const [row] = await t.db.query<{ status: string; starts_at: Date; ends_at: Date; reason: string }>(`SELECT status, starts_at, ends_at, reason FROM meeting_occurrences WHERE id = $1`, [id]);
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
  const [audit] = await t.db.query<{ outcome: string }>(`SELECT outcome FROM audit_events WHERE action = 'meeting.cancel' AND subject_id = $1 ORDER BY id DESC LIMIT 1`, [id]);
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
  assert.equal((await responder.post(`/meetings/${id}/move`, { version: '1', 'date-day': '1', 'date-month': '1', 'date-year': '2027', time: '9:00', reason: 'x' })).status, 403);
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
  const [denied] = await t.db.query<{ details: { otherPartnership: string } }>(`SELECT details FROM audit_events WHERE outcome = 'denied' AND subject_id = $1 ORDER BY id DESC LIMIT 1`, [s!.id]);
  assert.equal(denied!.details.otherPartnership, 'llr');
});

test('a partnership admin adds a fortnightly series from a first date; errors are shown', async () => {
  const admin = await t.signIn('admin', 'rotherham');
  const form = await admin.agent.get('/meetings/series/new');
  assert.equal(form.status, 200);
  const bad = await admin.post('/meetings/series/new', { typeId: 'mace', name: '', pattern: 'weeks', weeksInterval: '2', weeksDay: 'WE', startTime: '25:00', duration: '60' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Enter a name for the series/);
  assert.match(bad.text, /Enter the date of the first meeting/);
  assert.match(bad.text, /Enter the start time like 9:30am or 14:00/);
  const ok = await admin.post('/meetings/series/new', {
    typeId: 'other', name: 'YMARAC liaison', pattern: 'weeks', weeksInterval: '2', weeksDay: 'WE',
    'firstDate-day': '13', 'firstDate-month': '1', 'firstDate-year': '2027', startTime: '2pm', duration: '45', skipBankHolidays: 'yes', location: 'Microsoft Teams',
  });
  assert.equal(ok.status, 303);
  const [s] = await t.db.query<{ id: string; rrule: string; start_time: string; first_date: string }>(`SELECT id, rrule, start_time, first_date FROM meeting_series WHERE partnership_id = 'rotherham' AND name = 'YMARAC liaison'`);
  assert.deepEqual({ rrule: s!.rrule, start: s!.start_time, first: s!.first_date }, { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', start: '14:00', first: '2027-01-13' });
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
  const [mail] = await t.db.query<{ subject: string; body: string; attachments: { filename: string; contentType: string; content: string }[] }>(`SELECT subject, body, attachments FROM outbox WHERE to_address = 'practitioner@llr.example.org' ORDER BY id DESC LIMIT 1`);
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
  const res = await t.request().get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=2027-10-28T00:00:00%2B01:00&to=2027-11-03T00:00:00Z`).set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.occurrences.map((o: { startsAt: string }) => o.startsAt), ['2027-10-28T09:00:00+01:00', '2027-10-29T09:00:00+01:00', '2027-11-01T09:00:00+00:00', '2027-11-02T09:00:00+00:00']);
  // March 2027: the clocks change on Easter Sunday; the DRMM is configured to skip Good Friday and Easter Monday.
  const march = await t.request().get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=2027-03-25T00:00:00Z&to=2027-03-31T00:00:00%2B01:00`).set('Authorization', `Bearer ${token}`);
  assert.deepEqual(march.body.occurrences.map((o: { startsAt: string }) => o.startsAt), ['2027-03-25T09:00:00+00:00', '2027-03-30T09:00:00+01:00']);
  const bad = await t.request().get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=yesterday`).set('Authorization', `Bearer ${token}`);
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field), ['from', 'to']);
  const other = await t.apiToken('coordinator', 'rotherham');
  assert.equal((await t.request().get(`/api/v1/meeting-series/${drmm.id}/occurrences?from=2027-03-25T00:00:00Z&to=2027-03-31T00:00:00Z`).set('Authorization', `Bearer ${other}`)).status, 404);
});
