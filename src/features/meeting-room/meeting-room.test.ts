import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, csrfFrom } from '../../test-support/app.ts';
import { loadPartnerships } from '../../partnerships/index.ts';
import { todayIso } from '../../platform/dates.ts';
import { localToInstant } from '../../domain/calendar/recurrence.ts';

// LLR recordings are limited to 4 KB here, so that "too large" can be tested without megabytes.
const partnerships = loadPartnerships();
partnerships.get('llr')!.recordings.maxBytes = 4096;
const t = await testApp({ partnerships });

const chair = await t.signIn('chair', 'rotherham');
const coordinator = await t.signIn('coordinator', 'rotherham');
const practitioner = await t.signIn('practitioner', 'rotherham');
const responder = await t.signIn('responder', 'rotherham');
const chairToken = await t.apiToken('chair', 'rotherham');
const responderToken = await t.apiToken('responder', 'rotherham');
const chairId = await t.userId('chair', 'rotherham');
const practitionerId = await t.userId('practitioner', 'rotherham');

type Occ = { id: string; starts_at: Date; series_id: string };
/** The first occurrences more than two days ahead, with nothing on their agenda, of the partnership's series of a meeting type. */
const occurrences = async (partnership: string, typeId: string) =>
  t.db.query<Occ>(
    `SELECT o.id, o.starts_at, o.series_id FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = $1 AND s.type_id = $2 AND o.starts_at > now() + interval '2 days' AND o.status <> 'cancelled'
        AND NOT EXISTS (SELECT 1 FROM agenda_items i WHERE i.partnership_id = o.partnership_id AND i.occurrence_id = o.id)
      ORDER BY o.starts_at LIMIT 3`,
    [partnership, typeId],
  );
const kids = await t.db.query<{ id: string; first_name: string; last_name: string; reference: string }>(
  `SELECT id, first_name, last_name, reference FROM children WHERE partnership_id = 'rotherham' ORDER BY reference LIMIT 2`,
);
const child = kids[0]!;

async function addItem(partnership: string, occurrenceId: string, childIds: string[], position: number, createdBy: string) {
  const [row] = await t.db.query<{ id: string }>(
    `INSERT INTO agenda_items (partnership_id, occurrence_id, kind, position, slot_minutes, created_by) VALUES ($1, $2, $3, $4, 45, $5) RETURNING id`,
    [partnership, occurrenceId, childIds.length > 1 ? 'group' : 'child', position, createdBy],
  );
  for (const c of childIds)
    await t.db.query(`INSERT INTO agenda_item_children (partnership_id, item_id, child_id) VALUES ($1, $2, $3)`, [partnership, row!.id, c]);
  return row!.id;
}
const versionIn = (html: string, action: string) =>
  new RegExp(`action="${action.replace(/[?]/g, '\\?')}"[\\s\\S]*?name="version" value="(\\d+)"`).exec(html)![1]!;
const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: string }>(sql, params))[0]!.n);
const childName = new RegExp(child.last_name);

/**
 * A meeting is opened and recorded on its day, never before (issue 15, item 2): a test's meeting is first moved to today, as a
 * coordinator moves a meeting held early (at `time`, London), and the occurrence is answered as it now is.
 */
async function heldToday(o: Occ, time: string): Promise<Occ> {
  const [moved] = await t.db.query<Occ>(
    `UPDATE meeting_occurrences SET starts_at = $2, ends_at = $2::timestamptz + (ends_at - starts_at), status = 'moved', reason = 'Held today (test)'
      WHERE id = $1 RETURNING id, starts_at, series_id`,
    [o.id, localToInstant(todayIso(), time).toISOString()],
  );
  return moved!;
}

// Every test has a meeting of its own, so that any test runs alone (--test-name-pattern) and in any order.
const admins = new Map<string, Awaited<ReturnType<typeof t.signIn>>>();
let made = 0;
/**
 * A new weekly series of the partnership's meeting type, added by its admin (with no members): its first meeting more than
 * two days ahead, and the one after, where the first's open actions are carried; both moved to today, so that they can be held.
 */
async function newMeeting(partnership: string, typeId: string): Promise<[Occ, Occ]> {
  if (!admins.has(partnership)) admins.set(partnership, await t.signIn('admin', partnership));
  const name = `Meeting-room test ${++made}`;
  const added = await admins
    .get(partnership)!
    .post('/meetings/series/new', { typeId, name, pattern: 'weekly', days: 'MO', startTime: '10:00', duration: '120' });
  assert.equal(added.status, 303, `series ${name} added`);
  const [first, next] = await t.db.query<Occ>(
    `SELECT o.id, o.starts_at, o.series_id FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE s.partnership_id = $1 AND s.name = $2 AND o.starts_at > now() + interval '2 days' ORDER BY o.starts_at LIMIT 2`,
    [partnership, name],
  );
  // Both held today (just after midnight, the second a minute later, so that no meeting of the series falls between them).
  return [await heldToday(first!, '00:00'), await heldToday(next!, '00:01')];
}

// The Rotherham meeting's story, step by step: each test makes a meeting with the child on its agenda and takes the
// steps before its own (as the tests before it would have), then takes its own step.
type Meeting = { occ: Occ; nextOcc: Occ; itemId: string; room: string; item: string; meetingDay: string };
const formVersion = async (path: string) => versionIn((await chair.agent.get(path)).text, path);
const story: [string, (m: Meeting) => Promise<unknown>][] = [
  ['open', ({ room }) => chair.post(`${room}/open`)],
  ['accept', ({ room }) => chair.post(`${room}/accept`, { agree: 'yes' })],
  [
    'late joiner',
    async ({ room }) => {
      await chair.post(`${room}/attendance`, { who: `user:${practitionerId}`, role: 'member' });
      await practitioner.post(`${room}/accept`, { agree: 'yes' });
    },
  ],
  [
    'guest',
    async ({ occ, room }) => {
      await chair.post(`${room}/attendance`, {
        who: 'other',
        role: 'guest',
        name: 'Robin Guestley',
        agencyId: 'barnardos',
        email: 'robin.guestley@example.org',
      });
      const [g] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_attendance WHERE occurrence_id = $1 AND name = 'Robin Guestley'`, [occ.id]);
      await chair.post(`${room}/attendance/${g!.id}/accept`, { method: 'verbal' });
    },
  ],
  ['deputy', (m) => addDeputy(m)],
  ['shared', ({ item }) => chair.post(`${item}/contributions`, { agencyId: 'police-cse', body: 'Seen twice with an adult of concern near the station.' })],
  [
    'decision',
    async ({ item }) =>
      chair.post(`${item}/decision`, {
        version: await formVersion(`${item}/decision`),
        level: 'high',
        adjustment: '10',
        rationale: 'Escalating missing episodes; adjusted for new intelligence.',
        decisions: 'Strategy meeting within 2 days.',
      }),
  ],
  ['coordinator', ({ room }) => coordinator.post(`${room}/accept`, { agree: 'yes' })],
  [
    'api decision',
    async ({ itemId }) => {
      const get = await t.request().get(`/api/v1/agenda-items/${itemId}/decision`).set('Authorization', `Bearer ${chairToken}`);
      await t.request().put(`/api/v1/agenda-items/${itemId}/decision`).set('Authorization', `Bearer ${chairToken}`).send({
        version: get.body.version,
        level: 'medium',
        rationale: 'Reduced after disruption',
        decisions: 'Review in three months',
        nextReviewOn: '2099-01-01',
        nextReviewReason: 'Court date',
      });
    },
  ],
  [
    'action',
    ({ item }) =>
      chair.post(`${item}/actions`, {
        what: 'Home visit with the child and carers',
        kind: 'support-child',
        measure: 'Visit recorded on the case file',
        agreedBy: 'MACE',
        ownerType: 'person',
        ownerUserId: practitionerId,
        'dueOn-day': '1',
        'dueOn-month': '1',
        'dueOn-year': '2099',
      }),
  ],
  [
    'close',
    async ({ room, item, nextOcc }) => {
      await chair.post(`${item}/status`, { version: versionIn((await chair.agent.get(item)).text, `${item}/status`), status: 'discussed' });
      await chair.post(`${room}/close`);
      await chair.post(`/meetings/${nextOcc.id}/room/open`);
      await chair.post(`/meetings/${nextOcc.id}/room/accept`, { agree: 'yes' });
    },
  ],
  [
    'minutes',
    async ({ occ }) => {
      const minutes = `/meetings/${occ.id}/minutes`;
      await chair.post(minutes, { version: await formVersion(minutes), body: '## Edited\nEdited by the chair.\n- <b>Line two</b>' });
      await chair.post(`${minutes}/approve`, { version: versionIn((await chair.agent.get(minutes)).text, `${minutes}/approve`) });
      await chair.post(`${minutes}/send`, { version: versionIn((await chair.agent.get(minutes)).text, `${minutes}/send`) });
    },
  ],
  ['sent', async () => undefined],
];
/** A Rotherham meeting of the test's own with the child on its agenda, brought through the story up to `step`. */
async function meetingAt(step: string): Promise<Meeting> {
  const [occ, nextOcc] = await newMeeting('rotherham', 'mace');
  const itemId = await addItem('rotherham', occ.id, [child.id], 0, chairId);
  const m = {
    occ,
    nextOcc,
    itemId,
    room: `/meetings/${occ.id}/room`,
    item: `/meetings/${occ.id}/items/${itemId}`,
    meetingDay: todayIso(new Date(occ.starts_at)),
  };
  for (const [name, take] of story) {
    if (name === step) return m;
    await take(m);
  }
  throw new Error(`no step ${step}`);
}

// ---- LLR set-up ----
const llrChair = await t.signIn('chair', 'llr');
const llrChairId = await t.userId('chair', 'llr');
const llrKids = await t.db.query<{ id: string; last_name: string }>(
  `SELECT id, last_name FROM children WHERE partnership_id = 'llr' ORDER BY reference LIMIT 1`,
);
const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(200, 1)]);
/** An LLR Monthly meeting of the test's own with a child's item, opened by its chair, who accepted the agreement. */
async function llrMonthly() {
  const [monthly] = await newMeeting('llr', 'monthly');
  const llrItem = await addItem('llr', monthly.id, [llrKids[0]!.id], 0, llrChairId);
  const llrRoom = `/meetings/${monthly.id}/room`;
  await llrChair.post(`${llrRoom}/open`);
  await llrChair.post(`${llrRoom}/accept`, { agree: 'yes' });
  const recordings = () => count(`SELECT count(*) AS n FROM meeting_recordings WHERE item_id = $1`, [llrItem]);
  return { monthly, llrItem, llrRoom, uploadUrl: `/meetings/${monthly.id}/items/${llrItem}/recordings`, recordings };
}

test('before the chair opens the meeting: no item is shown, and only a meeting manager may open it', async () => {
  const { room, item } = await meetingAt('open');
  const page = await chair.agent.get(room);
  assert.equal(page.status, 200);
  assert.match(page.text, /Open the meeting/);
  assert.doesNotMatch(page.text, childName);
  const forbidden = await practitioner.post(`${room}/open`);
  assert.equal(forbidden.status, 403);
  const early = await chair.agent.get(item);
  assert.equal(early.status, 409);
  assert.doesNotMatch(early.text, childName);
});

test('a meeting cannot be opened before its day without the coordinator’s reason; with it, it is held today, the reason kept and audited', async () => {
  const [later] = (await occurrences('rotherham', 'mace')) as [Occ];
  const room = `/meetings/${later.id}/room`;
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(later.starts_at);
  const page = await chair.agent.get(room);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Open the meeting/);
  assert.match(page.text, new RegExp(`This meeting is on ${day}\\. It is opened on that day, not before`));
  assert.match(page.text, /Hold the meeting today and open it/);
  // No reason: refused on the page, nothing opened or moved, the refusal audited.
  const refused = await chair.post(`${room}/open`, { reason: '  ' });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /<title>Error:/);
  assert.match(refused.text, /href="#reason">Enter why the meeting is being held before its date/);
  const notOpen = await t.db.query<{ opened_at: Date | null }>(`SELECT opened_at FROM agendas WHERE occurrence_id = $1`, [later.id]);
  assert.equal(notOpen[0]?.opened_at ?? null, null, 'not opened');
  const [still] = await t.db.query<{ starts_at: Date }>(`SELECT starts_at FROM meeting_occurrences WHERE id = $1`, [later.id]);
  assert.equal(still!.starts_at.getTime(), later.starts_at.getTime(), 'not moved');
  assert.equal(await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'meeting.open' AND outcome = 'failed' AND subject_id = $1`, [later.id]), 1);
  // A practitioner cannot open it at all.
  assert.equal((await practitioner.post(`${room}/open`, { reason: 'Brought forward' })).status, 403);
  // With the reason: held today at its usual time, opened, the reason kept on the meeting and in the audit.
  const opened = await coordinator.post(`${room}/open`, { reason: 'Brought forward: the usual day clashes with a court hearing' });
  assert.equal(opened.status, 303);
  assert.match(opened.headers.location!, /done=opened-early$/);
  const [moved] = await t.db.query<{ starts_at: Date; ends_at: Date; status: string; reason: string; opened: boolean }>(
    `SELECT o.starts_at, o.ends_at, o.status, o.reason, a.opened_at IS NOT NULL AS opened FROM meeting_occurrences o
       JOIN agendas a ON a.partnership_id = o.partnership_id AND a.occurrence_id = o.id WHERE o.id = $1`,
    [later.id],
  );
  assert.equal(todayIso(moved!.starts_at), todayIso());
  const hm = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(d);
  assert.equal(hm(moved!.starts_at), hm(later.starts_at), 'at its usual time');
  assert.deepEqual(
    { status: moved!.status, reason: moved!.reason, opened: moved!.opened },
    { status: 'moved', reason: 'Brought forward: the usual day clashes with a court hearing', opened: true },
  );
  const [audited] = await t.db.query<{ details: { heldEarly: boolean; reason: string } }>(
    `SELECT details FROM audit_events WHERE action = 'meeting.open' AND outcome = 'allowed' AND subject_id = $1`,
    [later.id],
  );
  assert.deepEqual(
    { heldEarly: audited!.details.heldEarly, reason: audited!.details.reason },
    { heldEarly: true, reason: 'Brought forward: the usual day clashes with a court hearing' },
  );
  assert.equal(await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'meeting.move' AND subject_id = $1`, [later.id]), 1);
  assert.match((await coordinator.agent.get(opened.headers.location!)).text, /Meeting moved to today and opened/);
});

test('a decision cannot predate the meeting: a meeting opened, then moved to a later day, records no decision until that day', async () => {
  const { occ, itemId, item } = await meetingAt('decision');
  await t.db.query(`UPDATE meeting_occurrences SET starts_at = starts_at + interval '7 days', ends_at = ends_at + interval '7 days' WHERE id = $1`, [occ.id]);
  const res = await chair.post(`${item}/decision`, {
    version: await formVersion(`${item}/decision`),
    level: 'high',
    rationale: 'Escalating missing episodes.',
    decisions: 'Strategy meeting within 2 days.',
  });
  assert.equal(res.status, 409);
  assert.match(res.text, /This meeting is on a later day/);
  const [saved] = await t.db.query<{ risk_level: string | null }>(`SELECT risk_level FROM agenda_items WHERE id = $1`, [itemId]);
  assert.equal(saved!.risk_level, null);
  const api = await t.request().put(`/api/v1/agenda-items/${itemId}/decision`).set('Authorization', `Bearer ${chairToken}`).send({
    version: 1,
    level: 'high',
    rationale: 'r',
    decisions: 'd',
  });
  assert.equal(api.status, 409);
  assert.match(api.body.title, /Before the meeting’s day/);
});

test('the chair opens the meeting and is on the attendance, but sees no child until accepting the agreement', async () => {
  const { occ, itemId, room, item } = await meetingAt('open');
  const res = await chair.post(`${room}/open`);
  assert.equal(res.status, 303);
  const [a] = await t.db.query<{ opened_by: string }>(`SELECT opened_by FROM agendas WHERE occurrence_id = $1`, [occ.id]);
  assert.equal(a!.opened_by, chairId);
  const [att] = await t.db.query<{ role_in_meeting: string; agreement_accepted_at: Date | null }>(
    `SELECT role_in_meeting, agreement_accepted_at FROM meeting_attendance WHERE occurrence_id = $1 AND user_id = $2`,
    [occ.id, chairId],
  );
  assert.deepEqual(att, { role_in_meeting: 'chair', agreement_accepted_at: null });

  const deniedBefore = await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'meeting.item.view' AND outcome = 'denied' AND subject_id = $1`, [
    occ.id,
  ]);
  const page = await chair.agent.get(room);
  assert.match(page.text, /Confidentiality agreement/);
  assert.match(page.text, /I understand that everything discussed in this meeting is confidential/);
  assert.doesNotMatch(page.text, childName, 'no child named before acceptance, the chair included');
  const itemPage = await chair.agent.get(item);
  assert.equal(itemPage.status, 403);
  assert.match(itemPage.text, /Accept the confidentiality agreement for this meeting before you open any case/);
  assert.doesNotMatch(itemPage.text, childName);
  const api = await t.request().get(`/api/v1/agenda-items/${itemId}/decision`).set('Authorization', `Bearer ${chairToken}`);
  assert.equal(api.status, 403);
  assert.equal(
    await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'meeting.item.view' AND outcome = 'denied' AND subject_id = $1`, [occ.id]),
    deniedBefore + 2,
    'both refusals audited',
  );
});

test('accepting needs the box ticked; the agreement’s text and version are stored with the acceptance; then the agenda is shown and each child audited', async () => {
  const { occ, room, item } = await meetingAt('accept');
  const missing = await chair.post(`${room}/accept`);
  assert.equal(missing.status, 400);
  assert.match(missing.text, /href="#agree">Confirm that you accept the confidentiality agreement/);
  const ok = await chair.post(`${room}/accept`, { agree: 'yes' });
  assert.equal(ok.status, 303);
  const [att] = await t.db.query<{ agreement_version: string; agreement_text: string; agreement_method: string }>(
    `SELECT agreement_version, agreement_text, agreement_method FROM meeting_attendance WHERE occurrence_id = $1 AND user_id = $2`,
    [occ.id, chairId],
  );
  const agreement = t.partnerships.get('rotherham')!.confidentialityAgreement;
  assert.deepEqual(att, { agreement_version: agreement.version, agreement_text: agreement.text, agreement_method: 'signed-in' });
  const page = await chair.agent.get(room);
  assert.match(page.text, childName);
  assert.match(page.text, new RegExp(`href="${item}"`));
  const [audit] = await t.db.query<{ child_id: string }>(
    `SELECT child_id FROM audit_events WHERE action = 'meeting.room.view' AND outcome = 'allowed' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(audit!.child_id, child.id);
});

test('a late joiner who is not a member is refused until the chair adds them; then they see the agreement first, and only after accepting the case', async () => {
  const { occ, room, item } = await meetingAt('late joiner');
  const refused = await practitioner.post(`${room}/accept`, { agree: 'yes' });
  assert.equal(refused.status, 403);
  assert.match(refused.text, /ask the chair to add you/);
  assert.equal(await count(`SELECT count(*) AS n FROM meeting_attendance WHERE occurrence_id = $1 AND user_id = $2`, [occ.id, practitionerId]), 0);

  const add = await chair.post(`${room}/attendance`, { who: `user:${practitionerId}`, role: 'member' });
  assert.equal(add.status, 303);
  const before = await practitioner.agent.get(room);
  assert.match(before.text, /Accept and join the meeting/);
  assert.doesNotMatch(before.text, childName);
  assert.equal((await practitioner.agent.get(item)).status, 403);
  assert.equal((await practitioner.post(`${room}/accept`, { agree: 'yes' })).status, 303);
  const after = await practitioner.agent.get(item);
  assert.equal(after.status, 200);
  assert.match(after.text, childName);
  const [audit] = await t.db.query<{ child_id: string; actor_user_id: string }>(
    `SELECT child_id, actor_user_id FROM audit_events WHERE action = 'meeting.item.view' AND outcome = 'allowed' ORDER BY id DESC LIMIT 1`,
  );
  assert.deepEqual(audit, { child_id: child.id, actor_user_id: practitionerId });
  assert.equal((await practitioner.post(`${item}/contributions`, { agencyId: 'police', body: 'x' })).status, 403, 'attendees read; managers record');
});

test('a guest without an account: name and agency required; the chair records their acceptance, verbally or in writing', async () => {
  const { occ, room } = await meetingAt('guest');
  const bad = await chair.post(`${room}/attendance`, { who: 'other', role: 'guest', name: '', agencyId: 'nowhere' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /href="#name">Enter the person’s name/);
  assert.match(bad.text, /The agency must be an agency of the partnership/);
  const ok = await chair.post(`${room}/attendance`, {
    who: 'other',
    role: 'guest',
    name: 'Robin Guestley',
    agencyId: 'barnardos',
    email: 'robin.guestley@example.org',
  });
  assert.equal(ok.status, 303);
  const [g] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_attendance WHERE occurrence_id = $1 AND name = 'Robin Guestley'`, [occ.id]);
  const noMethod = await chair.post(`${room}/attendance/${g!.id}/accept`, {});
  assert.equal(noMethod.status, 400);
  assert.match(noMethod.text, /Choose how Robin Guestley accepted the agreement/);
  assert.equal((await chair.post(`${room}/attendance/${g!.id}/accept`, { method: 'verbal' })).status, 303);
  const [row] = await t.db.query<{ agreement_method: string; user_id: string | null; agreement_version: string }>(
    `SELECT agreement_method, user_id, agreement_version FROM meeting_attendance WHERE id = $1`,
    [g!.id],
  );
  assert.deepEqual(row, { agreement_method: 'verbal', user_id: null, agreement_version: '2026-1' });
  assert.equal((await responder.post(`${room}/attendance`, { who: 'other', role: 'guest', name: 'X', agencyId: 'police' })).status, 403);
});

/** A member of the series who declined, naming a deputy (the deputy is offered on the attendance form); then added. */
async function namedDeputy({ occ }: Meeting) {
  const responderId = await t.userId('responder', 'rotherham');
  const [member] = await t.db.query<{ id: string }>(
    `INSERT INTO meeting_members (partnership_id, series_id, user_id, agency_id, membership)
       SELECT 'rotherham', $1, id, agency_id, 'core' FROM users WHERE id = $2
     ON CONFLICT (partnership_id, series_id, user_id) WHERE user_id IS NOT NULL DO UPDATE SET membership = 'core' RETURNING id`,
    [occ.series_id, responderId],
  );
  const [answer] = await t.db.query<{ id: string }>(
    `INSERT INTO meeting_invitation_responses (partnership_id, occurrence_id, member_id, response, deputy_name, deputy_email) VALUES ('rotherham', $1, $2, 'declined', 'Dana Standish', 'dana.standish@example.org') RETURNING id`,
    [occ.id, member!.id],
  );
  return { member: member!, answer: answer! };
}
async function addDeputy(m: Meeting) {
  const { answer } = await namedDeputy(m);
  const { room } = m;
  return chair.post(`${room}/attendance`, { who: `deputy:${answer.id}`, role: 'member' });
}

test('a deputy named in a member’s answer to the invitation is offered, and attends as that member’s deputy', async () => {
  const m = await meetingAt('deputy');
  const { occ, room } = m;
  const { member, answer } = await namedDeputy(m);
  const form = await chair.agent.get(`${room}/attendance`);
  assert.match(form.text, /Dana Standish \(deputy for /);
  assert.equal((await chair.post(`${room}/attendance`, { who: `deputy:${answer!.id}`, role: 'member' })).status, 303);
  const [row] = await t.db.query<{ role_in_meeting: string; deputy_for_member_id: string; email: string; user_id: string | null }>(
    `SELECT role_in_meeting, deputy_for_member_id, email, user_id FROM meeting_attendance WHERE occurrence_id = $1 AND name = 'Dana Standish'`,
    [occ.id],
  );
  assert.deepEqual(row, { role_in_meeting: 'deputy', deputy_for_member_id: member!.id, email: 'dana.standish@example.org', user_id: null });
});

test('an attendee who has not accepted the agreement: the chair is told before the first item and on each item; once recorded, no longer', async () => {
  // The story's deputy, Dana Standish, has no account and has not accepted.
  const { room, item, occ } = await meetingAt('shared');
  const warning = (html: string) =>
    /<div id="not-accepted">([\s\S]*?)<\/div>\s*<\/div>/
      .exec(html)?.[1]
      ?.replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ') ?? '';
  const page = await chair.agent.get(room);
  assert.match(
    warning(page.text),
    /Dana Standish has not accepted the confidentiality agreement\. Before the first item, record their acceptance or ask them to leave: they are shown no child’s details, and the minutes will say they were present without accepting\./,
  );
  assert.ok(page.text.indexOf('id="not-accepted"') < page.text.indexOf('id="agenda"'), 'before the agenda');
  assert.match(warning((await chair.agent.get(item)).text), /Dana Standish has not accepted the confidentiality agreement: they are shown no child’s details/);
  const [dana] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_attendance WHERE occurrence_id = $1 AND name = 'Dana Standish'`, [occ.id]);
  assert.equal((await chair.post(`${room}/attendance/${dana!.id}/accept`, { method: 'written' })).status, 303);
  assert.doesNotMatch((await chair.agent.get(room)).text, /id="not-accepted"/);
  assert.doesNotMatch((await chair.agent.get(item)).text, /id="not-accepted"/);
});

test('the minutes say who was present without accepting the agreement, and the chair is told so before approving', async () => {
  const { occ } = await meetingAt('minutes');
  const [m] = await t.db.query<{ body: string }>(`SELECT body FROM meeting_minutes WHERE occurrence_id = $1`, [occ.id]);
  assert.match(m!.body, /- Dana Standish, [^\n]+\(Deputy; did not accept the confidentiality agreement\)/);
  assert.match(
    m!.body,
    /### Present without accepting the confidentiality agreement\nDana Standish \([^)]+\) was present without accepting the confidentiality agreement, and so was shown no child’s details\./,
  );
  const page = await chair.agent.get(`/meetings/${occ.id}/minutes`);
  const approveAt = page.text.indexOf('Approve the minutes');
  const warnAt = page.text.indexOf('id="not-accepted"');
  assert.ok(warnAt > 0 && warnAt < approveAt, 'the warning comes before the approval');
  assert.match(
    page.text
      .slice(warnAt, approveAt)
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' '),
    /Dana Standish was present without accepting the confidentiality agreement\. The minutes say so, and that they were shown no child’s details: check this is right before you approve them\./,
  );
});

test('information shared by an agency: the agency must be the partnership’s and the text not empty', async () => {
  const { itemId, item } = await meetingAt('shared');
  const bad = await chair.post(`${item}/contributions`, { agencyId: 'mi5', body: '  ' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Choose the agency that shared the information/);
  assert.match(bad.text, /Enter what the agency shared/);
  assert.equal(await count(`SELECT count(*) AS n FROM agenda_item_contributions WHERE item_id = $1`, [itemId]), 0);
  const ok = await chair.post(`${item}/contributions`, { agencyId: 'police-cse', body: 'Seen twice with an adult of concern near the station.' });
  assert.equal(ok.status, 303);
  const page = await chair.agent.get(item);
  assert.match(page.text, /Seen twice with an adult of concern near the station\./);
  assert.match(page.text, /In discussion/);
});

test('the VAT decision: level, rationale and decisions required; an adjustment beyond 20 refused; the review date follows Rotherham’s rule; written to the child’s timeline', async () => {
  const { itemId, item, meetingDay } = await meetingAt('decision');
  const form = await chair.agent.get(`${item}/decision`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Vulnerability Assessment Tool/);
  const v = versionIn(form.text, `${item}/decision`);
  const empty = await chair.post(`${item}/decision`, { version: v });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /href="#level">Choose the risk level/);
  assert.match(empty.text, /Enter what the meeting decided/);
  const tooMuch = await chair.post(`${item}/decision`, { version: v, level: 'high', adjustment: '25', rationale: 'x', decisions: 'y' });
  assert.equal(tooMuch.status, 400);
  assert.match(tooMuch.text, /Adjustment must be a whole number from -20 to 20/);
  const changedNoReason = await chair.post(`${item}/decision`, {
    version: v,
    level: 'high',
    rationale: 'Escalating',
    decisions: 'Strategy meeting',
    'nextReview-day': '1',
    'nextReview-month': '1',
    'nextReview-year': '2099',
  });
  assert.equal(changedNoReason.status, 400);
  assert.match(changedNoReason.text, /Enter why the next review date differs/);
  const [unchanged] = await t.db.query<{ risk_level: string | null; version: number }>(`SELECT risk_level, version FROM agenda_items WHERE id = $1`, [itemId]);
  assert.deepEqual(unchanged, { risk_level: null, version: Number(v) }, 'nothing half-saved');

  const ok = await chair.post(`${item}/decision`, {
    version: v,
    level: 'high',
    adjustment: '10',
    rationale: 'Escalating missing episodes; adjusted for new intelligence.',
    decisions: 'Strategy meeting within 2 days.',
  });
  assert.equal(ok.status, 303);
  const [saved] = await t.db.query<{
    risk_instrument: string;
    risk_level: string;
    risk_adjustment: number;
    next_review_on: string;
    next_review_reason: string | null;
  }>(`SELECT risk_instrument, risk_level, risk_adjustment, next_review_on, next_review_reason FROM agenda_items WHERE id = $1`, [itemId]);
  const [expected] = await t.db.query<{ d: string }>(`SELECT to_char(($1::date + interval '1 month')::date, 'YYYY-MM-DD') AS d`, [meetingDay]);
  assert.deepEqual(saved, { risk_instrument: 'vat', risk_level: 'high', risk_adjustment: 10, next_review_on: expected!.d, next_review_reason: null });
  const [tl] = await t.db.query<{ summary: string; link: string }>(
    `SELECT summary, link FROM timeline_events WHERE child_id = $1 AND kind = 'meeting' ORDER BY occurred_at DESC LIMIT 1`,
    [child.id],
  );
  assert.match(tl!.summary, /risk high \(Vulnerability Assessment Tool, adjusted \+10\)/);
  assert.equal(tl!.link, item);
});

test('the decision form never pre-selects a level (GOV.UK): the latest assessment’s level is said beside the radios instead', async () => {
  const { item } = await meetingAt('decision');
  const [u] = await t.db.query<{ agency_id: string }>(`SELECT agency_id FROM users WHERE id = $1`, [chairId]);
  await t.db.query(
    `INSERT INTO assessments (partnership_id, series_id, child_id, instrument, instrument_version, status, author_user_id, author_agency_id, completed_on, judged_level, scored_level, submitted_at)
     VALUES ('rotherham', gen_random_uuid(), $1, 'vat', 'test', 'submitted', $2, $3, '2026-11-02', 'medium', 'medium', now())`,
    [child.id, chairId, u!.agency_id],
  );
  const form = await chair.agent.get(`${item}/decision`);
  assert.equal(form.status, 200);
  assert.doesNotMatch(form.text, /name="level"[^>]*checked/);
  assert.match(form.text, /The latest Vulnerability Assessment Tool, 2 November 2026, judged the risk medium\./);
  // Rotherham's 1, 3 and 6 months give three dates: nothing to explain.
  assert.doesNotMatch(form.text, /The same date as/);
  // Once the chair has chosen, the form shows their answer back.
  const v = versionIn(form.text, `${item}/decision`);
  await chair.post(`${item}/decision`, { version: v, level: 'low', rationale: 'Reduced', decisions: 'Monitor' });
  assert.match((await chair.agent.get(`${item}/decision`)).text, /value="low" checked/);
});

test('two people saving the same decision: the second (stale) save is refused with both versions shown and kept', async () => {
  const { itemId, room, item } = await meetingAt('coordinator');
  assert.equal((await coordinator.post(`${room}/accept`, { agree: 'yes' })).status, 303, 'a coordinator runs meetings, so may join late');
  const stale = await coordinator.post(`${item}/decision`, { version: '1', level: 'low', rationale: 'My view', decisions: 'Close to MACE' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /This decision changed while you were working on it/);
  assert.match(stale.text, /Strategy meeting within 2 days\./, 'theirs');
  assert.match(stale.text, /Close to MACE/, 'yours, kept in the form');
  const [kept] = await t.db.query<{ submitted: { decisions: string } }>(
    `SELECT submitted FROM edit_conflicts WHERE record_type = 'agenda_item' AND record_id = $1`,
    [itemId],
  );
  assert.equal(kept!.submitted.decisions, 'Close to MACE');
  const [row] = await t.db.query<{ risk_level: string }>(`SELECT risk_level FROM agenda_items WHERE id = $1`, [itemId]);
  assert.equal(row!.risk_level, 'high');
});

test('API: the decision is readable and writable with its version; bad fields 422, stale 409', async () => {
  const { itemId } = await meetingAt('api decision');
  const get = await t.request().get(`/api/v1/agenda-items/${itemId}/decision`).set('Authorization', `Bearer ${chairToken}`);
  assert.equal(get.status, 200);
  assert.equal(get.body.level, 'high');
  assert.equal(get.body.instrument, 'vat');
  const bad = await t
    .request()
    .put(`/api/v1/agenda-items/${itemId}/decision`)
    .set('Authorization', `Bearer ${chairToken}`)
    .send({ version: get.body.version, level: 'extreme', decisions: 'x' });
  assert.equal(bad.status, 422);
  assert.ok(bad.body.errors.some((e: { field: string }) => e.field === 'level'));
  const put = await t.request().put(`/api/v1/agenda-items/${itemId}/decision`).set('Authorization', `Bearer ${chairToken}`).send({
    version: get.body.version,
    level: 'medium',
    rationale: 'Reduced after disruption',
    decisions: 'Review in three months',
    nextReviewOn: '2099-01-01',
    nextReviewReason: 'Court date',
  });
  assert.equal(put.status, 200);
  assert.deepEqual(
    [put.body.level, put.body.nextReviewOn, put.body.nextReviewReason, put.body.version],
    ['medium', '2099-01-01', 'Court date', get.body.version + 1],
  );
  const stale = await t
    .request()
    .put(`/api/v1/agenda-items/${itemId}/decision`)
    .set('Authorization', `Bearer ${chairToken}`)
    .send({ version: get.body.version, level: 'low', rationale: 'r', decisions: 'd' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.current.level, 'medium');
  assert.equal(stale.body.submitted.level, 'low');
  const notAttending = await t.request().get(`/api/v1/agenda-items/${itemId}/decision`).set('Authorization', `Bearer ${responderToken}`);
  assert.equal(notAttending.status, 403);
  const forbidden = await t.request().put(`/api/v1/agenda-items/${itemId}/decision`).set('Authorization', `Bearer ${responderToken}`).send({ version: 1 });
  assert.equal(forbidden.status, 403);
});

test('a SMART action on the item: a due date before the meeting and an owner outside the partnership are refused, nothing saved; a good one is linked to the item', async () => {
  const { occ, itemId, item, meetingDay } = await meetingAt('action');
  const before = await count(`SELECT count(*) AS n FROM actions WHERE partnership_id = 'rotherham'`);
  const outsider = await t.userId('chair', 'llr');
  const base = { what: 'Home visit with the child and carers', kind: 'support-child', measure: 'Visit recorded on the case file', agreedBy: 'MACE' };
  const early = await chair.post(`${item}/actions`, {
    ...base,
    ownerType: 'person',
    ownerUserId: chairId,
    'dueOn-day': String(Number(meetingDay.slice(8))),
    'dueOn-month': meetingDay.slice(5, 7),
    'dueOn-year': String(Number(meetingDay.slice(0, 4)) - 1),
  });
  assert.equal(early.status, 400);
  assert.match(early.text, /Due date must be on or after the date of the meeting/);
  const foreign = await chair.post(`${item}/actions`, {
    ...base,
    ownerType: 'person',
    ownerUserId: outsider,
    'dueOn-day': '1',
    'dueOn-month': '1',
    'dueOn-year': '2099',
  });
  assert.equal(foreign.status, 400);
  assert.match(foreign.text, /The owner must be a person in the partnership/);
  assert.equal(await count(`SELECT count(*) AS n FROM actions WHERE partnership_id = 'rotherham'`), before);
  const ok = await chair.post(`${item}/actions`, {
    ...base,
    ownerType: 'person',
    ownerUserId: practitionerId,
    'dueOn-day': '1',
    'dueOn-month': '1',
    'dueOn-year': '2099',
  });
  assert.equal(ok.status, 303);
  const [a] = await t.db.query<{ agenda_item_id: string; meeting_occurrence_id: string; meeting_series_id: string; child_id: string }>(
    `SELECT agenda_item_id, meeting_occurrence_id, meeting_series_id, child_id FROM actions WHERE partnership_id = 'rotherham' ORDER BY created_at DESC LIMIT 1`,
  );
  assert.deepEqual(a, { agenda_item_id: itemId, meeting_occurrence_id: occ.id, meeting_series_id: occ.series_id, child_id: child.id });
});

test('the item is marked discussed; closing carries open actions to the series’ next meeting and writes the minutes from what was recorded', async () => {
  const { occ, nextOcc, itemId, room, item } = await meetingAt('close');
  const page = await chair.agent.get(item);
  const v = versionIn(page.text, `${item}/status`);
  assert.equal((await chair.post(`${item}/status`, { version: v, status: 'discussed' })).status, 303);
  assert.equal((await responder.post(`${room}/close`)).status, 403);
  const confirm = await chair.agent.get(`${room}/close`);
  assert.equal(confirm.status, 200);
  const res = await chair.post(`${room}/close`);
  assert.equal(res.status, 303);
  assert.match(res.headers.location!, /\/minutes\?done=closed-1$/);
  const [a] = await t.db.query<{ carried_forward_to_occurrence_id: string }>(`SELECT carried_forward_to_occurrence_id FROM actions WHERE agenda_item_id = $1`, [
    itemId,
  ]);
  assert.equal(a!.carried_forward_to_occurrence_id, nextOcc.id);
  const [m] = await t.db.query<{ body: string; status: string }>(`SELECT body, status FROM meeting_minutes WHERE occurrence_id = $1`, [occ.id]);
  assert.equal(m!.status, 'draft');
  assert.match(m!.body, /Robin Guestley, Barnardo’s \(Guest; confidentiality agreement accepted verbally/);
  assert.match(m!.body, /Seen twice with an adult of concern near the station\./);
  assert.match(m!.body, /Rationale: Reduced after disruption/);
  assert.match(m!.body, /Home visit with the child and carers\. Owner: /);
  assert.equal((await chair.post(`${item}/contributions`, { agencyId: 'police-cse', body: 'Too late' })).status, 409, 'a closed meeting records nothing more');
  // At the next meeting, the carried action is listed once it is open and accepted.
  await chair.post(`/meetings/${nextOcc.id}/room/open`);
  await chair.post(`/meetings/${nextOcc.id}/room/accept`, { agree: 'yes' });
  const next = await chair.agent.get(`/meetings/${nextOcc.id}/room`);
  assert.match(next.text, /Open actions from earlier meetings \(1\)/);
  assert.match(next.text, /Home visit with the child and carers/);
});

test('minutes: a stale save is refused with both versions shown and the refused text kept; then approved and sent to attendees without naming the child', async () => {
  const { occ } = await meetingAt('minutes');
  const page = await chair.agent.get(`/meetings/${occ.id}/minutes`);
  assert.equal(page.status, 200);
  const v = versionIn(page.text, `/meetings/${occ.id}/minutes`);
  assert.equal((await chair.post(`/meetings/${occ.id}/minutes`, { version: v, body: '## Edited\nEdited by the chair.\n- <b>Line two</b>' })).status, 303);
  const shown = await chair.agent.get(`/meetings/${occ.id}/minutes`);
  assert.match(shown.text, /<textarea[^>]*id="body"[^>]*>## Edited/);
  const stale = await coordinator.post(`/meetings/${occ.id}/minutes`, { version: v, body: 'The coordinator’s edit.' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /The minutes changed while you were editing them/);
  assert.match(stale.text, /Edited by the chair\./);
  assert.match(stale.text, /The coordinator’s edit\./);
  const [kept] = await t.db.query<{ submitted: { body: string } }>(
    `SELECT submitted FROM edit_conflicts WHERE record_type = 'meeting_minutes' AND record_id = $1`,
    [occ.id],
  );
  assert.equal(kept!.submitted.body, 'The coordinator’s edit.');
  const empty = await chair.post(`/meetings/${occ.id}/minutes`, { version: String(Number(v) + 1), body: '   ' });
  assert.equal(empty.status, 400);

  const current = await chair.agent.get(`/meetings/${occ.id}/minutes`);
  const cv = versionIn(current.text, `/meetings/${occ.id}/minutes/approve`);
  assert.equal((await practitioner.post(`/meetings/${occ.id}/minutes/approve`, { version: cv })).status, 403);
  assert.equal((await chair.post(`/meetings/${occ.id}/minutes/approve`, { version: cv })).status, 303);
  const approved = await chair.agent.get(`/meetings/${occ.id}/minutes`);
  const av = versionIn(approved.text, `/meetings/${occ.id}/minutes/send`);
  assert.match(approved.text, /<h3 class="govuk-heading-m">Edited<\/h3>/, 'simple mark-up shown as headings and lists');
  assert.match(approved.text, /<li>&lt;b&gt;Line two&lt;\/b&gt;<\/li>/, 'and escaped');
  const outboxBefore = await count(`SELECT count(*) AS n FROM outbox WHERE partnership_id = 'rotherham'`);
  const sent = await chair.post(`/meetings/${occ.id}/minutes/send`, { version: av });
  assert.equal(sent.status, 303);
  const mails = await t.db.query<{ to_address: string; subject: string; body: string }>(
    `SELECT to_address, subject, body FROM outbox WHERE partnership_id = 'rotherham' ORDER BY created_at DESC, id LIMIT 10`,
  );
  const fresh = mails.slice(0, (await count(`SELECT count(*) AS n FROM outbox WHERE partnership_id = 'rotherham'`)) - outboxBefore);
  assert.deepEqual(
    fresh.map((m) => m.to_address).sort(),
    ['chair@rotherham.example.org', 'coordinator@rotherham.example.org', 'practitioner@rotherham.example.org', 'robin.guestley@example.org'],
    'attendees who accepted: not the deputy who never did',
  );
  for (const m of fresh) {
    assert.match(m.body, new RegExp(`/meetings/${occ.id}/minutes`));
    assert.doesNotMatch(`${m.subject} ${m.body}`, childName);
    assert.doesNotMatch(`${m.subject} ${m.body}`, new RegExp(child.first_name));
  }
  assert.equal((await chair.post(`/meetings/${occ.id}/minutes/send`, { version: String(Number(av) + 1) })).status, 409, 'sent once');
});

test('API: the minutes for an attendee who accepted; refused to one who did not', async () => {
  const { occ } = await meetingAt('sent');
  const ok = await t.request().get(`/api/v1/meetings/${occ.id}/minutes`).set('Authorization', `Bearer ${chairToken}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.status, 'sent');
  assert.match(ok.body.body, /Edited by the chair/);
  const no = await t.request().get(`/api/v1/meetings/${occ.id}/minutes`).set('Authorization', `Bearer ${responderToken}`);
  assert.equal(no.status, 403);
  const other = await t
    .request()
    .get(`/api/v1/meetings/${occ.id}/minutes`)
    .set('Authorization', `Bearer ${await t.apiToken('chair', 'llr')}`);
  assert.equal(other.status, 404, 'another partnership’s meeting is not found');
});

// ---- LLR: recordings, and the Monthly meeting's minutes ---------------------------------------------------------
test('LLR: an upload without the session’s CSRF token is refused; not audio or too large is refused with a clear error; nothing stored', async () => {
  const { llrRoom, uploadUrl, recordings } = await llrMonthly();
  const forged = await llrChair.agent.post(uploadUrl).attach('recording', wav, { filename: 'talk.wav', contentType: 'audio/wav' });
  assert.equal(forged.status, 403);
  const wrongToken = await llrChair.agent
    .post(uploadUrl)
    .field('_csrf', 'not-the-token')
    .attach('recording', wav, { filename: 'talk.wav', contentType: 'audio/wav' });
  assert.equal(wrongToken.status, 403);
  const inQuery = await llrChair.agent
    .post(`${uploadUrl}?_csrf=${encodeURIComponent(llrChair.csrf)}`)
    .attach('recording', wav, { filename: 'talk.wav', contentType: 'audio/wav' });
  assert.equal(inQuery.status, 403, 'the token belongs in the form body or a header, never the address');
  const elsewhere = await llrChair.agent.post(`${llrRoom}/accept`).field('_csrf', llrChair.csrf).field('agree', 'yes');
  assert.equal(elsewhere.status, 403, 'only a route declared multipart reads a multipart body');
  const token = llrChair.csrf;
  const pdf = await llrChair.agent
    .post(uploadUrl)
    .field('_csrf', token)
    .attach('recording', Buffer.from('%PDF-1.7 pretending to be audio ......'), { filename: 'talk.mp3', contentType: 'audio/mpeg' });
  assert.equal(pdf.status, 400);
  assert.match(pdf.text, /href="#recording">The file must be an audio recording/);
  const big = await llrChair.agent
    .post(uploadUrl)
    .set('X-CSRF-Token', token)
    .attach('recording', Buffer.concat([wav, Buffer.alloc(5000, 2)]), { filename: 'long.wav', contentType: 'audio/wav' });
  assert.equal(big.status, 413);
  assert.match(big.text, /The recording must be smaller than 4 KB/);
  const none = await llrChair.post(uploadUrl.replace('/recordings', '/recordings'), {});
  assert.equal(none.status, 400);
  assert.equal(await recordings(), 0);
});

test('LLR: an audio recording is stored and streamed back as an attachment only to those who accepted; each download audited against the child', async () => {
  const { monthly, llrItem, uploadUrl } = await llrMonthly();
  const page = await llrChair.agent.get(`/meetings/${monthly.id}/items/${llrItem}`);
  assert.match(page.text, /enctype="multipart\/form-data"/);
  assert.match(page.text, /enctype="multipart\/form-data"[^]*?name="_csrf"[^]*?name="recording"/, 'the token is a field before the file');
  const token = csrfFrom(page.text);
  const ok = await llrChair.agent
    .post(uploadUrl)
    .field('_csrf', token)
    .attach('recording', wav, { filename: 'Child name discussion.wav', contentType: 'application/octet-stream' });
  assert.equal(ok.status, 303);
  const [rec] = await t.db.query<{ id: string; content_type: string; size_bytes: number; child_id: string }>(
    `SELECT id, content_type, size_bytes, child_id FROM meeting_recordings WHERE item_id = $1`,
    [llrItem],
  );
  assert.deepEqual({ ...rec, id: undefined }, { id: undefined, content_type: 'audio/wav', size_bytes: wav.length, child_id: llrKids[0]!.id });
  const dl = await llrChair.agent
    .get(`/meetings/${monthly.id}/recordings/${rec!.id}`)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  assert.equal(dl.status, 200);
  assert.match(dl.headers['content-disposition']!, /^attachment; filename="meeting-recording-[0-9a-f]{8}\.wav"$/);
  assert.ok(Buffer.compare(dl.body as Buffer, wav) === 0);
  const [audit] = await t.db.query<{ child_id: string }>(
    `SELECT child_id FROM audit_events WHERE action = 'meeting.recording.download' AND outcome = 'allowed' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(audit!.child_id, llrKids[0]!.id);
  const coordinatorLlr = await t.signIn('coordinator', 'llr');
  const refused = await coordinatorLlr.agent.get(`/meetings/${monthly.id}/recordings/${rec!.id}`);
  assert.equal(refused.status, 403);
  assert.doesNotMatch(refused.text, /RIFF/);
  const otherPartnership = await chair.agent.get(`/meetings/${monthly.id}/recordings/${rec!.id}`);
  assert.equal(otherPartnership.status, 404);
});

test('LLR Monthly Exploitation Meeting: minutes record actions only, and are due the same day', async () => {
  const { monthly, llrItem, llrRoom } = await llrMonthly();
  const base = `/meetings/${monthly.id}/items/${llrItem}`;
  await llrChair.post(`${base}/contributions`, { agencyId: t.partnerships.get('llr')!.agencies[0]!.id, body: 'Confidential detail shared today.' });
  await llrChair.post(`${base}/actions`, {
    what: 'Map the locations named',
    kind: 'disruption',
    measure: 'Map shared',
    agreedBy: 'Monthly meeting',
    ownerType: 'person',
    ownerUserId: llrChairId,
    'dueOn-day': '1',
    'dueOn-month': '1',
    'dueOn-year': '2099',
  });
  assert.equal((await llrChair.post(`${llrRoom}/close`)).status, 303);
  const [m] = await t.db.query<{ body: string }>(`SELECT body FROM meeting_minutes WHERE occurrence_id = $1`, [monthly.id]);
  assert.match(m!.body, /This meeting records actions only/);
  assert.match(m!.body, /Map the locations named/);
  assert.doesNotMatch(m!.body, /Confidential detail shared today/);
  const page = await llrChair.agent.get(`/meetings/${monthly.id}/minutes`);
  assert.match(page.text, /Send today: the minutes go to attendees on the day of the meeting/);
});

// ---- Staffordshire: the district panel cycle, and a location item ---------------------------------------------
test('Staffordshire: a high-risk decision is reviewed at the first panel of the same district on or after two months; a location needs no level', async () => {
  const staffsChair = await t.signIn('chair', 'staffordshire');
  await staffsChair.agent.get('/meetings');
  const panel = await heldToday(((await occurrences('staffordshire', 'district-mace')) as [Occ])[0], '00:00');
  const staffsChairId = await t.userId('chair', 'staffordshire');
  const staffsChild = await t.anyChild('staffordshire');
  const childItem = await addItem('staffordshire', panel.id, [staffsChild.id], 0, staffsChairId);
  const [loc] = await t.db.query<{ id: string }>(
    `INSERT INTO agenda_items (partnership_id, occurrence_id, kind, location_text, position, slot_minutes, created_by) VALUES ('staffordshire', $1, 'location', 'The retail park (test)', 1, 20, $2) RETURNING id`,
    [panel.id, staffsChairId],
  );
  const base = `/meetings/${panel.id}`;
  await staffsChair.post(`${base}/room/open`);
  await staffsChair.post(`${base}/room/accept`, { agree: 'yes' });
  const form = await staffsChair.agent.get(`${base}/items/${childItem}/decision`);
  assert.match(form.text, /Risk Factor Matrix/);
  // No level is chosen for the chair (GOV.UK: radios are never pre-selected), and High and Medium say why their dates are one.
  assert.doesNotMatch(form.text, /name="level"[^>]*checked/);
  const radioId = { high: 'level', medium: 'level-2', low: 'level-3' } as Record<string, string>;
  const hintOf = (level: string) => new RegExp(`id="${radioId[level]}-item-hint"[^>]*>\\s*([^<]*)<`).exec(form.text)?.[1]?.trim() ?? '';
  const firstPanel = /^Next review (\d{1,2} \w+ \d{4}): the district’s first panel at least 2 months after this meeting\./;
  assert.match(hintOf('high'), firstPanel);
  assert.match(hintOf('high'), /The same date as Medium, because both are reviewed at the district’s next panel after the interval\.$/);
  assert.match(hintOf('medium'), /The same date as High, because both are reviewed at the district’s next panel after the interval\.$/);
  assert.equal(firstPanel.exec(hintOf('high'))![1], firstPanel.exec(hintOf('medium'))![1]);
  assert.match(hintOf('low'), /^Next review \d{1,2} \w+ \d{4}: 6 months after this meeting\.$/);
  const v = versionIn(form.text, `${base}/items/${childItem}/decision`);
  assert.equal(
    (await staffsChair.post(`${base}/items/${childItem}/decision`, { version: v, level: 'high', rationale: 'Evidenced RFM', decisions: 'Disruption plan' }))
      .status,
    303,
  );
  const [expected] = await t.db.query<{ d: string }>(
    `SELECT to_char(min(starts_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS d FROM meeting_occurrences
      WHERE series_id = $1 AND status <> 'cancelled' AND (starts_at AT TIME ZONE 'Europe/London')::date >= ($2::date + interval '2 months')::date`,
    [panel.series_id, todayIso(new Date(panel.starts_at))],
  );
  const [saved] = await t.db.query<{ next_review_on: string; risk_instrument: string }>(
    `SELECT next_review_on, risk_instrument FROM agenda_items WHERE id = $1`,
    [childItem],
  );
  assert.deepEqual(saved, { next_review_on: expected!.d, risk_instrument: 'rfm' });

  const lv = versionIn((await staffsChair.agent.get(`${base}/items/${loc!.id}/decision`)).text, `${base}/items/${loc!.id}/decision`);
  assert.equal(
    (await staffsChair.post(`${base}/items/${loc!.id}/decision`, { version: lv, decisions: 'Ask the district council about licensing' })).status,
    303,
  );
  const [l] = await t.db.query<{ risk_level: string | null; decisions: string; next_review_on: string | null }>(
    `SELECT risk_level, decisions, next_review_on FROM agenda_items WHERE id = $1`,
    [loc!.id],
  );
  assert.deepEqual(l, { risk_level: null, decisions: 'Ask the district council about licensing', next_review_on: null });
  const room = await staffsChair.agent.get(`${base}/room`);
  assert.match(room.text, /Location: The retail park \(test\)/);
});

/** A DRMM of the test's own with a group item of two children, opened by the LLR chair, who accepted the agreement. */
async function drmmGroup() {
  const [drmm] = await newMeeting('llr', 'drmm');
  const pair = await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'llr' ORDER BY reference LIMIT 2 OFFSET 1`);
  const group = await addItem(
    'llr',
    drmm.id,
    pair.map((p) => p.id),
    0,
    llrChairId,
  );
  const base = `/meetings/${drmm.id}`;
  await llrChair.post(`${base}/room/open`);
  await llrChair.post(`${base}/room/accept`, { agree: 'yes' });
  return { pair, group, base };
}

test('LLR group item: a recording names whose discussion it is; an action may be about one child of the group or the whole group', async () => {
  const { pair, group, base } = await drmmGroup();
  const url = `${base}/items/${group}/recordings`;
  const noChild = await llrChair.agent.post(url).field('_csrf', llrChair.csrf).attach('recording', wav, { filename: 'a.wav', contentType: 'audio/wav' });
  assert.equal(noChild.status, 400);
  assert.match(noChild.text, /Choose the child whose discussion was recorded/);
  const ok = await llrChair.agent
    .post(url)
    .field('_csrf', llrChair.csrf)
    .field('childId', pair[1]!.id)
    .attach('recording', wav, { filename: 'a.wav', contentType: 'audio/wav' });
  assert.equal(ok.status, 303);
  const [rec] = await t.db.query<{ child_id: string }>(`SELECT child_id FROM meeting_recordings WHERE item_id = $1`, [group]);
  assert.equal(rec!.child_id, pair[1]!.id);

  const action = {
    what: 'Joint visit',
    kind: 'support-child',
    measure: 'Recorded',
    agreedBy: 'DRMM',
    ownerType: 'person',
    ownerUserId: llrChairId,
    'dueOn-day': '1',
    'dueOn-month': '1',
    'dueOn-year': '2099',
  };
  const stranger = await llrChair.post(`${base}/items/${group}/actions`, { ...action, childId: llrKids[0]!.id });
  assert.equal(stranger.status, 400);
  assert.match(stranger.text, /Choose a child of this item, or the whole group/);
  assert.equal((await llrChair.post(`${base}/items/${group}/actions`, { ...action, childId: pair[0]!.id })).status, 303);
  assert.equal((await llrChair.post(`${base}/items/${group}/actions`, { ...action, childId: '' })).status, 303);
  const rows = await t.db.query<{ child_id: string | null }>(`SELECT child_id FROM actions WHERE agenda_item_id = $1 ORDER BY created_at`, [group]);
  assert.deepEqual(
    rows.map((r) => r.child_id),
    [pair[0]!.id, null],
  );
});

test('the OpenAPI document describes the decision and minutes routes', async () => {
  const doc = await t.request().get('/api/v1/openapi.json');
  assert.equal(doc.status, 200);
  const paths = doc.body.paths as Record<string, Record<string, { summary: string; 'x-permission': string }>>;
  assert.match(paths['/api/v1/agenda-items/{id}/decision']!.get!.summary, /confidentiality agreement/);
  assert.match(paths['/api/v1/agenda-items/{id}/decision']!.put!.summary, /next review date follows/);
  assert.equal(paths['/api/v1/agenda-items/{id}/decision']!.put!['x-permission'], 'meeting:manage');
  assert.match(paths['/api/v1/meetings/{id}/minutes']!.get!.summary, /minutes/);
});

test('marking an item discussed with a stale version is refused, nothing changed', async () => {
  // A group item of a DRMM (open).
  const { group } = await drmmGroup();
  const [it] = await t.db.query<{ id: string; occurrence_id: string; version: number; status: string }>(
    `SELECT i.id, i.occurrence_id, i.version, i.status FROM agenda_items i JOIN agendas a ON a.partnership_id = i.partnership_id AND a.occurrence_id = i.occurrence_id
      WHERE i.partnership_id = 'llr' AND i.kind = 'group' AND a.opened_at IS NOT NULL AND a.closed_at IS NULL AND i.id = $1`,
    [group],
  );
  const res = await llrChair.post(`/meetings/${it!.occurrence_id}/items/${it!.id}/status`, { version: String(it!.version - 1 || 99), status: 'deferred' });
  assert.equal(res.status, 409);
  assert.match(res.text, /Someone else changed this item while you were working on it/);
  const [after] = await t.db.query<{ status: string; version: number }>(`SELECT status, version FROM agenda_items WHERE id = $1`, [it!.id]);
  assert.deepEqual(after, { status: it!.status, version: it!.version });
});
