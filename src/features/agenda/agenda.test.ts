import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFParse } from 'pdf-parse';
import type request from 'supertest';
import { testApp } from '../../test-support/app.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator', 'rotherham');
const coordinator2 = await t.signIn('administrator', 'rotherham');

type Kid = { id: string; reference: string; first_name: string; last_name: string };
const kidsOf = (p: string) => t.db.query<Kid>(`SELECT id, reference, first_name, last_name FROM children WHERE partnership_id = $1 ORDER BY reference`, [p]);
const rKids = await kidsOf('rotherham');

/** An upcoming scheduled meeting of a type (OFFSET keeps tests apart from the demo agenda on the next one). */
async function occurrenceOf(partnership: string, type: string, offset: number) {
  const [row] = await t.db.query<{ id: string; series_id: string; starts_at: Date }>(
    `SELECT o.id, o.series_id, o.starts_at FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = $1 AND s.type_id = $2 AND o.status = 'scheduled' AND o.starts_at > now() ORDER BY o.starts_at OFFSET $3 LIMIT 1`,
    [partnership, type, offset],
  );
  return row!;
}
const itemsOf = (occ: string) =>
  t.db.query<{
    id: string;
    kind: string;
    discussion: string;
    slot_minutes: number;
    position: number;
    version: number;
    fixed_start: string | null;
    children: number;
  }>(
    `SELECT i.id, i.kind, i.discussion, i.slot_minutes, i.position, i.version, i.fixed_start,
            (SELECT count(*)::int FROM agenda_item_children c WHERE c.item_id = i.id) AS children
       FROM agenda_items i WHERE i.occurrence_id = $1 ORDER BY i.position`,
    [occ],
  );
const versionIn = (html: string, action: string) => new RegExp(`action="${action}"[\\s\\S]*?name="version" value="(\\d+)"`).exec(html)![1]!;

test('demo: a Staffordshire district panel, Rotherham’s MACE and an LLR DRMM each have a draft agenda with demo children', async () => {
  const rows = await t.db.query<{ partnership_id: string; type_id: string; status: string; children: number; items: number }>(
    `SELECT a.partnership_id, s.type_id, a.status,
            (SELECT count(*)::int FROM agenda_item_children c JOIN agenda_items i ON i.id = c.item_id WHERE i.occurrence_id = a.occurrence_id) AS children,
            (SELECT count(*)::int FROM agenda_items i WHERE i.occurrence_id = a.occurrence_id) AS items
       FROM agendas a JOIN meeting_occurrences o ON o.id = a.occurrence_id JOIN meeting_series s ON s.id = o.series_id ORDER BY a.partnership_id`,
  );
  assert.deepEqual(
    rows.map((r) => [r.partnership_id, r.type_id, r.status]),
    [
      ['llr', 'drmm', 'draft'],
      ['rotherham', 'mace', 'draft'],
      ['staffordshire', 'district-mace', 'draft'],
    ],
  );
  for (const r of rows) assert.ok(r.children >= 2 && r.children <= 3, `${r.partnership_id}: two or three demo children`);
  const [group] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM agenda_items WHERE partnership_id = 'rotherham' AND kind = 'group'`);
  assert.equal(group!.n, 1, 'Rotherham’s demo pair is one group in one slot');
});

test('Rotherham: an initial child takes 45 minutes and a review 15, in a running order from 9:30am; the page says how much time is left', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 2);
  const form = await coordinator.agent.get(`/meetings/${occ.id}/agenda/add-child`);
  assert.equal(form.status, 200);
  assert.match(form.text, /45 minutes slot/);
  const first = await coordinator.post(`/meetings/${occ.id}/agenda/add-child`, { childId: 'other', reference: rKids[3]!.reference, discussion: 'auto' });
  assert.equal(first.status, 303);
  assert.equal(first.headers.location, `/meetings/${occ.id}/agenda?done=added`);
  await coordinator.post(`/meetings/${occ.id}/agenda/add-child`, { childId: 'other', reference: rKids[4]!.reference.toLowerCase(), discussion: 'review' });
  const items = await itemsOf(occ.id);
  assert.deepEqual(
    items.map((i) => [i.discussion, i.slot_minutes, i.position]),
    [
      ['initial', 45, 0],
      ['review', 15, 1],
    ],
  );
  const page = await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  assert.equal(page.status, 200);
  assert.match(page.text, /9:30am to 10:15am/);
  assert.match(page.text, /10:15am to 10:30am/);
  assert.match(page.text, /The agenda fits the meeting’s 3 hours 30 minutes with 2 hours 30 minutes to spare/);
  assert.match(page.text, new RegExp(`${rKids[3]!.first_name} ${rKids[3]!.last_name}`));
  assert.match(page.text, /Draft/);
});

test('a child appears once per meeting: the same child again, alone or in a group, is refused and nothing is saved', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 2);
  const before = await itemsOf(occ.id);
  const again = await coordinator.post(`/meetings/${occ.id}/agenda/add-child`, { childId: 'other', reference: rKids[3]!.reference });
  assert.equal(again.status, 400);
  assert.match(again.text, /<title>Error: /);
  assert.match(again.text, /is already on this agenda: a child appears once per meeting/);
  const group = await coordinator.post(`/meetings/${occ.id}/agenda/add-group`, { references: `${rKids[3]!.reference}\n${rKids[5]!.reference}` });
  assert.equal(group.status, 400);
  assert.match(group.text, /href="#references">/);
  assert.deepEqual(await itemsOf(occ.id), before);
});

test('bad input on the add pages: clear errors linked to their fields, input kept, nothing saved', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 2);
  const before = await itemsOf(occ.id);
  const none = await coordinator.post(`/meetings/${occ.id}/agenda/add-child`, {});
  assert.equal(none.status, 400);
  assert.match(none.text, /Enter the child’s reference|Select the child to discuss/);
  const unknown = await coordinator.post(`/meetings/${occ.id}/agenda/add-child`, { childId: 'other', reference: 'MC999999' });
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /No child in your partnership has the reference MC999999/);
  assert.match(unknown.text, /value="MC999999"/, 'the input is kept');
  const slot = await coordinator.post(`/meetings/${occ.id}/agenda/add-location`, { location: 'Clifton Park (demo)', slotMinutes: '900', fixedStart: '25:99' });
  assert.equal(slot.status, 400);
  assert.match(slot.text, /href="#slotMinutes">Slot length must be a whole number of minutes from 5 to 240/);
  assert.match(slot.text, /href="#fixedStart">Enter the start time like 10:30am or 14:00/);
  const llrPage = await (
    await t.signIn('coordinator', 'llr')
  ).post(`/meetings/${(await occurrenceOf('llr', 'monthly', 0)).id}/agenda/add-child`, { childId: 'other' });
  assert.equal(llrPage.status, 400);
  assert.match(llrPage.text, /href="#reference">Enter the child’s reference/, 'with no child to pick, the error links to the reference box');
  const one = await coordinator.post(`/meetings/${occ.id}/agenda/add-group`, { references: rKids[6]!.reference });
  assert.equal(one.status, 400);
  assert.match(one.text, /at least two children/);
  const noPlace = await coordinator.post(`/meetings/${occ.id}/agenda/add-location`, { location: '  ' });
  assert.equal(noPlace.status, 400);
  assert.match(noPlace.text, /href="#location">Enter the location to discuss/);
  assert.deepEqual(await itemsOf(occ.id), before);
  const fresh = await occurrenceOf('rotherham', 'mace', 7);
  assert.equal((await coordinator.post(`/meetings/${fresh.id}/agenda/add-child`, { childId: 'other', reference: 'MC999999' })).status, 400);
  assert.equal((await t.db.query(`SELECT 1 FROM agendas WHERE occurrence_id = $1`, [fresh.id])).length, 0, 'a refused first item leaves no agenda behind');
});

test('a group of linked children is one item in one slot; a location is discussed with no child', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 2);
  const g = await coordinator.post(`/meetings/${occ.id}/agenda/add-group`, {
    title: 'Peers at the same address',
    references: `${rKids[5]!.reference}, ${rKids[6]!.reference}`,
  });
  assert.equal(g.status, 303);
  const l = await coordinator.post(`/meetings/${occ.id}/agenda/add-location`, { location: 'Clifton Park (demo)', title: 'Gatherings after school' });
  assert.equal(l.status, 303);
  const items = await itemsOf(occ.id);
  assert.deepEqual(
    items.slice(2).map((i) => [i.kind, i.slot_minutes, i.children]),
    [
      ['group', 45, 2],
      ['location', 15, 0],
    ],
  );
  const page = await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  assert.match(page.text, /Peers at the same address/);
  assert.match(page.text, /Clifton Park \(demo\)/);
  assert.match(page.text, /with 1 hour 30 minutes to spare/);
  // The group's children change on its page: at least two, none already elsewhere on the agenda.
  const groupId = items[2]!.id;
  const edit = await coordinator.agent.get(`/agenda-items/${groupId}`);
  assert.match(edit.text, /Children in the group/);
  const v = versionIn(edit.text, `/agenda-items/${groupId}`);
  const alone = await coordinator.post(`/agenda-items/${groupId}`, {
    version: v,
    members: '1',
    childIds: [rKids[5]!.id],
    discussion: 'initial',
    slotMinutes: '45',
  });
  assert.equal(alone.status, 400);
  assert.match(alone.text, /href="#childIds">Select or enter at least two different children/);
  const taken = await coordinator.post(`/agenda-items/${groupId}`, {
    version: v,
    members: '1',
    childIds: [rKids[5]!.id, rKids[6]!.id],
    references: rKids[3]!.reference,
    discussion: 'initial',
    slotMinutes: '45',
  });
  assert.equal(taken.status, 400);
  assert.match(taken.text, /is already on this agenda/);
  assert.equal((await itemsOf(occ.id))[2]!.children, 2, 'nothing changed');
  const three = await coordinator.post(`/agenda-items/${groupId}`, {
    version: v,
    members: '1',
    childIds: [rKids[5]!.id, rKids[6]!.id],
    references: rKids[10]!.reference,
    discussion: 'initial',
    slotMinutes: '45',
  });
  assert.equal(three.status, 303);
  assert.equal((await itemsOf(occ.id))[2]!.children, 3);
  const back = await coordinator.agent.get(`/agenda-items/${groupId}`);
  const dropped = await coordinator.post(`/agenda-items/${groupId}`, {
    version: versionIn(back.text, `/agenda-items/${groupId}`),
    members: '1',
    childIds: [rKids[5]!.id, rKids[6]!.id],
    discussion: 'initial',
    slotMinutes: '45',
  });
  assert.equal(dropped.status, 303);
  assert.equal((await itemsOf(occ.id))[2]!.children, 2, 'a child taken out of the group is free for another item');
});

test('an agenda longer than the meeting says by how much it runs over', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 2);
  // 45 + 15 + 45 + 15 = 120 so far; three more initial children (135) make 255: 45 minutes over 210.
  for (const k of rKids.slice(7, 10))
    assert.equal(
      (await coordinator.post(`/meetings/${occ.id}/agenda/add-child`, { childId: 'other', reference: k.reference, discussion: 'initial' })).status,
      303,
    );
  const page = await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  assert.match(page.text, /The agenda runs 45 minutes over the meeting’s 3 hours 30 minutes/);
});

test('a fixed start that overlaps the item before is refused naming both items and times; nothing is half-saved', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 3);
  await coordinator.post(`/meetings/${occ.id}/agenda/add-child`, { childId: 'other', reference: rKids[3]!.reference, discussion: 'initial' });
  const before = await itemsOf(occ.id);
  const bad = await coordinator.post(`/meetings/${occ.id}/agenda/add-location`, { location: 'Town centre (demo)', fixedStart: '10:00' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Item 2 would start at 10am, before item 1 ends at 10:15am/);
  assert.deepEqual(await itemsOf(occ.id), before);
  const ok = await coordinator.post(`/meetings/${occ.id}/agenda/add-location`, { location: 'Town centre (demo)', fixedStart: '11am' });
  assert.equal(ok.status, 303);
  const page = await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  assert.match(page.text, /11am to 11:15am/);
  assert.match(page.text, /Starts after a gap of 45 minutes/);
  // Lengthening item 1 past 11am would overlap the fixed item: refused, item unchanged.
  const [first] = await itemsOf(occ.id);
  const edit = await coordinator.agent.get(`/agenda-items/${first!.id}`);
  const res = await coordinator.post(`/agenda-items/${first!.id}`, {
    version: versionIn(edit.text, `/agenda-items/${first!.id}`),
    discussion: 'initial',
    slotMinutes: '120',
  });
  assert.equal(res.status, 400);
  assert.match(res.text, /Item 2 would start at 11am, before item 1 ends at 11:30am/);
  assert.equal((await itemsOf(occ.id))[0]!.slot_minutes, 45);
  // Moving item 1 below the fixed item: the fixed one keeps 11am, the moved one follows it.
  const agenda = await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  const v = versionIn(agenda.text, `/meetings/${occ.id}/agenda/move`);
  const moved = await coordinator.post(`/meetings/${occ.id}/agenda/move`, { version: v, itemId: first!.id, direction: 'down' });
  assert.equal(moved.status, 303);
  assert.match((await coordinator.agent.get(`/meetings/${occ.id}/agenda`)).text, /11:15am to 12pm/);
});

test('reordering moves an item up or down; a stale order is refused with 409 and nothing moves', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 4);
  for (const k of rKids.slice(3, 6)) await coordinator.post(`/meetings/${occ.id}/agenda/add-child`, { childId: 'other', reference: k.reference });
  const page = await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  const v = versionIn(page.text, `/meetings/${occ.id}/agenda/move`);
  const [a, b, c] = await itemsOf(occ.id);
  const res = await coordinator.post(`/meetings/${occ.id}/agenda/move`, { version: v, itemId: c!.id, direction: 'up' });
  assert.equal(res.status, 303);
  assert.deepEqual(
    (await itemsOf(occ.id)).map((i) => i.id),
    [a!.id, c!.id, b!.id],
  );
  const stale = await coordinator2.post(`/meetings/${occ.id}/agenda/move`, { version: v, itemId: a!.id, direction: 'down' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /The agenda changed while you were working on it/);
  assert.deepEqual(
    (await itemsOf(occ.id)).map((i) => i.id),
    [a!.id, c!.id, b!.id],
  );
  const garbage = await coordinator.post(`/meetings/${occ.id}/agenda/move`, { version: 'x', itemId: 'nope', direction: 'sideways' });
  assert.equal(garbage.status, 400);
});

test('two people change the same item: the second save is refused with both versions shown, and kept', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 4);
  const [item] = await itemsOf(occ.id);
  const pageA = await coordinator.agent.get(`/agenda-items/${item!.id}`);
  const pageB = await coordinator2.agent.get(`/agenda-items/${item!.id}`);
  assert.equal(pageA.status, 200);
  const vA = versionIn(pageA.text, `/agenda-items/${item!.id}`);
  const vB = versionIn(pageB.text, `/agenda-items/${item!.id}`);
  assert.equal(vA, vB);
  const first = await coordinator.post(`/agenda-items/${item!.id}`, { version: vA, discussion: 'review', slotMinutes: '20' });
  assert.equal(first.status, 303);
  const second = await coordinator2.post(`/agenda-items/${item!.id}`, { version: vB, discussion: 'initial', slotMinutes: '50', fixedStart: '' });
  assert.equal(second.status, 409);
  assert.match(second.text, /This item changed while you were working on it/);
  assert.match(second.text, /Both versions/);
  assert.match(second.text, /20 minutes<\/td><td class="govuk-table__cell" data-label="Your version">50 minutes/);
  assert.match(second.text, /value="50"/, 'the refused input stays in the form');
  const [row] = await itemsOf(occ.id);
  assert.deepEqual([row!.discussion, row!.slot_minutes], ['review', 20]);
  const [kept] = await t.db.query<{ submitted: { slotMinutes: number } }>(
    `SELECT submitted FROM edit_conflicts WHERE record_type = 'agenda_item' AND record_id = $1`,
    [item!.id],
  );
  assert.equal(kept!.submitted.slotMinutes, 50);
});

test('publishing emails every member (no child named) and is audited; later changes say so and can be sent again; items are removed only while draft', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 4);
  const [, , last] = await itemsOf(occ.id);
  const itemPage = await coordinator.agent.get(`/agenda-items/${last!.id}`);
  const removed = await coordinator.post(`/agenda-items/${last!.id}/remove`, { version: versionIn(itemPage.text, `/agenda-items/${last!.id}/remove`) });
  assert.equal(removed.status, 303);
  assert.equal((await itemsOf(occ.id)).length, 2);
  assert.deepEqual(
    (await itemsOf(occ.id)).map((i) => i.position),
    [0, 1],
    'positions closed up',
  );
  // The demo made the chair, the administrator and the responder members of Rotherham’s MACE; add one by name and email only.
  await t.db.query(
    `INSERT INTO meeting_members (partnership_id, series_id, name, email, membership) VALUES ('rotherham', $1, 'Dana Holloway', 'housing-lead@rotherham.example.org', 'secondary')`,
    [occ.series_id],
  );
  const members = (
    await t.db.query<{ email: string }>(
      `SELECT coalesce(u.email, m.email) AS email FROM meeting_members m LEFT JOIN users u ON u.id = m.user_id WHERE m.series_id = $1`,
      [occ.series_id],
    )
  )
    .map((m) => m.email)
    .sort();
  assert.deepEqual(members, [
    'administrator@rotherham.example.org',
    'chair@rotherham.example.org',
    'housing-lead@rotherham.example.org',
    'responder@rotherham.example.org',
  ]);
  const page = await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  const res = await coordinator.post(`/meetings/${occ.id}/agenda/publish`, { version: versionIn(page.text, `/meetings/${occ.id}/agenda/publish`) });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/meetings/${occ.id}/agenda?done=published`);
  const mails = await t.db.query<{ to_address: string; subject: string; body: string; attachments: { filename: string; content: string }[] }>(
    `SELECT to_address, subject, body, attachments FROM outbox WHERE body LIKE $1 ORDER BY id`,
    [`%/meetings/${occ.id}/agenda%`],
  );
  assert.deepEqual(mails.map((m) => m.to_address).sort(), members, 'every member, user or not');
  for (const m of mails) {
    assert.match(m.subject, /^Agenda published: MACE/);
    assert.match(m.body, /It has 2 items/);
    assert.match(m.body, /This meeting is confidential/);
    assert.equal(m.attachments[0]!.filename, 'meeting.ics');
    // Read unfolded: RFC 5545 folds long lines (CRLF and a space) at 75 octets.
    assert.match(m.attachments[0]!.content.replace(/\r\n /g, ''), /BEGIN:VCALENDAR[\s\S]*This meeting is confidential/);
    for (const k of rKids) assert.ok(!m.body.includes(k.last_name) && !m.subject.includes(k.last_name), 'no child named in the email');
  }
  const [a] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'agenda.publish' AND subject_id = $1`, [occ.id]);
  assert.ok(a!.n >= 1);
  const published = await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  assert.match(published.text, /Published/);
  assert.doesNotMatch(published.text, /Changed since published/);
  // No removal once published.
  const [first] = await itemsOf(occ.id);
  const refused = await coordinator.post(`/agenda-items/${first!.id}/remove`, { version: String(first!.version) });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /The agenda is published: its items cannot be removed/);
  // A change after publishing: shown, and sent again.
  await coordinator.post(`/meetings/${occ.id}/agenda/add-location`, { location: 'Retail park (demo)' });
  const changed = await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  assert.match(changed.text, /Changed since published/);
  assert.match(changed.text, /Send the changed agenda to members/);
  const resend = await coordinator.post(`/meetings/${occ.id}/agenda/publish`, { version: versionIn(changed.text, `/meetings/${occ.id}/agenda/publish`) });
  assert.equal(resend.headers.location, `/meetings/${occ.id}/agenda?done=resent`);
  const again = await t.db.query<{ subject: string; body: string }>(`SELECT subject, body FROM outbox WHERE subject LIKE 'Agenda changed:%' AND body LIKE $1`, [
    `%/meetings/${occ.id}/agenda%`,
  ]);
  assert.equal(again.length, members.length);
  assert.match(again[0]!.body, /has changed since it was published/);
  assert.match(again[0]!.body, /It has 3 items/);
});

test('members see a published agenda; a responder sees children by reference only; a draft is hidden from those who do not run meetings', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 4);
  const responder = await t.signIn('responder', 'rotherham');
  const page = await responder.agent.get(`/meetings/${occ.id}/agenda`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Child MC\d+/);
  for (const k of rKids) assert.ok(!page.text.includes(k.last_name), 'no child named to a role that may not see children');
  assert.doesNotMatch(page.text, /Add a child/);
  assert.doesNotMatch(page.text, /Current risk/, 'no risk column for a role that may not see children');
  const practitioner = await t.signIn('practitioner', 'rotherham');
  const notMember = await practitioner.agent.get(`/meetings/${occ.id}/agenda`);
  assert.match(notMember.text, /shared with the members of this meeting’s series only/);
  const draft = await occurrenceOf('rotherham', 'mace', 2);
  const hidden = await responder.agent.get(`/meetings/${draft.id}/agenda`);
  assert.match(hidden.text, /The agenda is not published yet/);
  for (const k of rKids) assert.ok(!hidden.text.includes(k.reference), 'nothing of a draft is shown');
  assert.equal((await practitioner.post(`/meetings/${draft.id}/agenda/add-child`, { childId: 'other', reference: rKids[10]!.reference })).status, 403);
  assert.equal((await responder.post(`/meetings/${draft.id}/agenda/publish`, { version: '1' })).status, 403);
  const other = await t.signIn('coordinator', 'staffordshire');
  const across = await other.agent.get(`/meetings/${draft.id}/agenda`);
  assert.equal(across.status, 404);
  const [denied] = await t.db.query<{ details: { otherPartnership?: string } }>(
    `SELECT details FROM audit_events WHERE action = 'agenda.view' AND outcome = 'denied' AND subject_id = $1 AND partnership_id = 'staffordshire'`,
    [draft.id],
  );
  assert.equal(denied!.details.otherPartnership, 'rotherham');
});

test('every child shown on an agenda is audited against that child', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 2);
  const before = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'agenda.view' AND child_id = $1`, [rKids[3]!.id]);
  await coordinator.agent.get(`/meetings/${occ.id}/agenda`);
  const after = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'agenda.view' AND child_id = $1`, [rKids[3]!.id]);
  assert.equal(after[0]!.n, before[0]!.n + 1);
});

test('Staffordshire: referred children are offered, with each child’s current risk and the lead professional’s checklist on the agenda', async () => {
  const staffs = await t.signIn('coordinator', 'staffordshire');
  const sKids = await kidsOf('staffordshire');
  const medium = sKids[0]!;
  const ref = await staffs.post(`/children/${medium.id}/panel-referral`, {
    leadName: 'Priya Fairweather',
    leadAgencyId: 'childrens-services',
    leadContact: '',
  });
  assert.equal(ref.status, 303);
  const [district] = await t.db.query<{ district_id: string }>(`SELECT district_id FROM children WHERE id = $1`, [medium.id]);
  const [occ] = await t.db.query<{ id: string }>(
    `SELECT o.id FROM meeting_occurrences o JOIN meeting_series s ON s.id = o.series_id WHERE s.partnership_id = 'staffordshire' AND s.type_id = 'district-mace' AND s.district_id = $1 AND o.starts_at > now() ORDER BY o.starts_at OFFSET 1 LIMIT 1`,
    [district!.district_id],
  );
  const form = await staffs.agent.get(`/meetings/${occ!.id}/agenda/add-child`);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`${medium.first_name} ${medium.last_name} \\(${medium.reference}\\)`));
  assert.match(form.text, /Referred, not yet thresholded. Lead professional’s checklist: 0 of 5 done/);
  const add = await staffs.post(`/meetings/${occ!.id}/agenda/add-child`, { childId: medium.id, discussion: 'auto' });
  assert.equal(add.status, 303);
  const page = await staffs.agent.get(`/meetings/${occ!.id}/agenda`);
  assert.match(page.text, /govuk-tag--orange">Medium</);
  assert.match(page.text, /0 of 5 done/);
  const [row] = await t.db.query<{ referral_id: string | null }>(`SELECT referral_id FROM agenda_items WHERE occurrence_id = $1`, [occ!.id]);
  assert.ok(row!.referral_id, 'the item is linked to the open referral');
});

test('invitation: a member accepts, or declines naming a deputy who is sent the meeting with a calendar file; coordinators see the answers', async () => {
  const occ = await occurrenceOf('rotherham', 'mace', 4);
  const responder = await t.signIn('responder', 'rotherham');
  const page = await responder.agent.get(`/meetings/${occ.id}/invitation`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Will you attend\?/);
  const missing = await responder.post(`/meetings/${occ.id}/invitation`, { response: 'declined' });
  assert.equal(missing.status, 400);
  assert.match(missing.text, /href="#deputyName">Enter the name of the manager or colleague who will attend instead/);
  const badEmail = await responder.post(`/meetings/${occ.id}/invitation`, {
    response: 'declined',
    deputyName: 'Morgan Lightfoot',
    deputyEmail: 'not-an-email',
  });
  assert.equal(badEmail.status, 400);
  assert.match(badEmail.text, /Enter an email address in the correct format/);
  assert.equal((await t.db.query(`SELECT 1 FROM meeting_invitation_responses WHERE occurrence_id = $1`, [occ.id])).length, 0, 'nothing saved');
  const ok = await responder.post(`/meetings/${occ.id}/invitation`, {
    response: 'declined',
    deputyName: 'Morgan Lightfoot',
    deputyEmail: 'deputy@rotherham.example.org',
  });
  assert.equal(ok.status, 303);
  const [resp] = await t.db.query<{ response: string; deputy_name: string }>(
    `SELECT response, deputy_name FROM meeting_invitation_responses WHERE occurrence_id = $1`,
    [occ.id],
  );
  assert.deepEqual(resp, { response: 'declined', deputy_name: 'Morgan Lightfoot' });
  const [mail] = await t.db.query<{ body: string; attachments: { filename: string; content: string }[] }>(
    `SELECT body, attachments FROM outbox WHERE to_address = 'deputy@rotherham.example.org'`,
  );
  assert.match(mail!.body, /has named you to attend instead/);
  assert.match(mail!.body, /This meeting is confidential/);
  assert.equal(mail!.attachments[0]!.filename, 'meeting.ics');
  assert.match(mail!.attachments[0]!.content, /BEGIN:VEVENT[\s\S]*DTSTART:\d{8}T\d{6}Z/);
  const chair = await t.signIn('chair', 'rotherham');
  assert.equal((await chair.post(`/meetings/${occ.id}/invitation`, { response: 'accepted' })).status, 303);
  const answers = await coordinator.agent.get(`/meetings/${occ.id}/invitation`);
  assert.match(answers.text, /Accepted 1, declined 1, not answered 2/);
  assert.match(answers.text, /Morgan Lightfoot/);
  const practitioner = await t.signIn('practitioner', 'rotherham');
  const notMember = await practitioner.post(`/meetings/${occ.id}/invitation`, { response: 'accepted' });
  assert.equal(notMember.status, 400);
  assert.match(notMember.text, /You are not a member of this meeting’s series/);
  const occPage = await responder.agent.get(`/meetings/${occ.id}`);
  assert.match(occPage.text, new RegExp(`href="/meetings/${occ.id}/invitation"`));
});

test('API: read the agenda, add an item, change it with its version (409 when stale, both versions given), delete while draft', async () => {
  const token = await t.apiToken('coordinator', 'rotherham');
  const auth = { Authorization: `Bearer ${token}` };
  const occ = await occurrenceOf('rotherham', 'mace', 5);
  const bad = await t.request().post(`/api/v1/meetings/${occ.id}/agenda/items`).set(auth).send({ kind: 'child' });
  assert.equal(bad.status, 422);
  assert.match(bad.headers['content-type']!, /application\/problem\+json/);
  assert.ok(bad.body.errors.length);
  const created = await t
    .request()
    .post(`/api/v1/meetings/${occ.id}/agenda/items`)
    .set(auth)
    .send({ kind: 'child', childIds: [rKids[3]!.id] });
  assert.equal(created.status, 201);
  assert.equal(created.body.slotMinutes, 45);
  assert.equal(created.body.discussion, 'initial');
  assert.equal(created.body.children[0].reference, rKids[3]!.reference);
  const dup = await t
    .request()
    .post(`/api/v1/meetings/${occ.id}/agenda/items`)
    .set(auth)
    .send({ kind: 'group', childReferences: [rKids[3]!.reference, rKids[4]!.reference] });
  assert.equal(dup.status, 422);
  const got = await t.request().get(`/api/v1/meetings/${occ.id}/agenda`).set(auth);
  assert.equal(got.status, 200);
  assert.equal(got.body.status, 'draft');
  assert.deepEqual(got.body.fit, { status: 'under', minutes: 165 });
  assert.equal(got.body.items.length, 1);
  const id = created.body.id as string;
  const put = await t.request().put(`/api/v1/agenda-items/${id}`).set(auth).send({ version: created.body.version, discussion: 'review', slotMinutes: 15 });
  assert.equal(put.status, 200);
  assert.equal(put.body.slotMinutes, 15);
  const stale = await t.request().put(`/api/v1/agenda-items/${id}`).set(auth).send({ version: created.body.version, discussion: 'initial', slotMinutes: 60 });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.current.slotMinutes, 15);
  assert.equal(stale.body.submitted.slotMinutes, 60);
  const invalid = await t.request().put(`/api/v1/agenda-items/${id}`).set(auth).send({ version: put.body.version, discussion: 'sideways', slotMinutes: 0 });
  assert.equal(invalid.status, 422);
  assert.deepEqual(invalid.body.errors.map((e: { field: string }) => e.field).sort(), ['discussion', 'slotMinutes']);
  const practitioner = await t.apiToken('practitioner', 'rotherham');
  assert.equal(
    (await t.request().post(`/api/v1/meetings/${occ.id}/agenda/items`).set('Authorization', `Bearer ${practitioner}`).send({ kind: 'location', location: 'x' }))
      .status,
    403,
  );
  const staleDelete = await t.request().delete(`/api/v1/agenda-items/${id}`).set(auth).send({ version: created.body.version });
  assert.equal(staleDelete.status, 409);
  const del = await t.request().delete(`/api/v1/agenda-items/${id}`).set(auth).send({ version: put.body.version });
  assert.equal(del.status, 204);
  assert.equal((await itemsOf(occ.id)).length, 0);
  const doc = await t.request().get('/api/v1/openapi.json');
  assert.ok(doc.body.paths['/api/v1/meetings/{id}/agenda'].get.responses['200']);
  assert.ok(doc.body.paths['/api/v1/agenda-items/{id}'].put.responses['409']);
});

test('a child discussed at an earlier meeting of the series is offered again and, by default, reviewed in the shorter slot', async () => {
  const earlier = await occurrenceOf('rotherham', 'mace', 2);
  const later = await occurrenceOf('rotherham', 'mace', 6);
  const kid = rKids[7]!;
  const form = await coordinator.agent.get(`/meetings/${later.id}/agenda/add-child`);
  assert.match(form.text, new RegExp(`${kid.first_name} ${kid.last_name} \\(${kid.reference}\\)`));
  assert.match(form.text, /On the agenda of this series on \d+ \w+ \d{4}/, 'an earlier meeting not yet held');
  // The meeting room records the discussion; until then a future meeting does not count as discussed.
  await t.db.query(
    `UPDATE agenda_items SET status = 'discussed' WHERE occurrence_id = $1 AND id IN (SELECT item_id FROM agenda_item_children WHERE child_id = $2)`,
    [earlier.id, kid.id],
  );
  const add = await coordinator.post(`/meetings/${later.id}/agenda/add-child`, { childId: kid.id, discussion: 'auto' });
  assert.equal(add.status, 303);
  const [item] = await itemsOf(later.id);
  assert.deepEqual([item!.discussion, item!.slot_minutes], ['review', 15]);
  const fresh = await coordinator.post(`/meetings/${later.id}/agenda/add-child`, { childId: 'other', reference: rKids[11]!.reference, discussion: 'auto' });
  assert.equal(fresh.status, 303);
  assert.deepEqual(
    (await itemsOf(later.id)).map((i) => [i.discussion, i.slot_minutes]),
    [
      ['review', 15],
      ['initial', 45],
    ],
  );
});

test('004: the DRMM’s and the FORM’s standing agenda (introductions … any other business) on the agenda page and its PDF; a panel without one shows none', async () => {
  const llr = await t.signIn('coordinator', 'llr');
  const [drmm] = await t.db.query<{ occurrence_id: string }>(
    `SELECT a.occurrence_id FROM agendas a JOIN meeting_occurrences o ON o.id = a.occurrence_id JOIN meeting_series s ON s.id = o.series_id
      WHERE a.partnership_id = 'llr' AND s.type_id = 'drmm'`,
  );
  const page = await llr.agent.get(`/meetings/${drmm!.occurrence_id}/agenda`);
  assert.equal(page.status, 200);
  const list = /<ol class="govuk-list govuk-list--number app-standing-agenda">([\s\S]*?)<\/ol>/.exec(page.text)![1]!;
  const items = [...list.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!.trim());
  assert.deepEqual(
    items.map((i) => i.replace(/:.*$/, '')),
    [
      'Introductions',
      'Case discussion via THRIVE and information sharing',
      'Risk assessment',
      'Agree actions, priorities, ownership and timescales',
      'Any other business',
    ],
  );
  assert.match(items[1]!, /: the \d+ items? of the running order below$/, 'the cases are taken at the case discussion');
  const form = await occurrenceOf('llr', 'form', 0);
  const formPage = await llr.agent.get(`/meetings/${form.id}/agenda`);
  assert.match(
    formPage.text,
    /Standing agenda[\s\S]*Introductions[\s\S]*Case discussion via THRIVE and information sharing: the running order below, when items are added[\s\S]*Any other business/,
  );
  assert.doesNotMatch(formPage.text, /Risk assessment<\/li>/, 'the FORM’s agenda has four items, without the risk assessment');
  const staffs = await t.signIn('coordinator');
  const [panel] = await t.db.query<{ occurrence_id: string }>(`SELECT occurrence_id FROM agendas WHERE partnership_id = 'staffordshire'`);
  assert.doesNotMatch((await staffs.agent.get(`/meetings/${panel!.occurrence_id}/agenda`)).text, /Standing agenda/, 'no standing agenda is configured');
  const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const pdf = await llr.agent
    .post(`/exports/agenda/${drmm!.occurrence_id}`)
    .type('form')
    .buffer(true)
    .parse(binary)
    .send({ _csrf: llr.csrf, reason: 'meeting' });
  assert.equal(pdf.status, 200);
  const parser = new PDFParse({ data: pdf.body as Buffer });
  const text = (await parser.getText()).text;
  await parser.destroy();
  assert.match(text, /Standing agenda[\s\S]*1\. Introductions[\s\S]*3\. Risk assessment[\s\S]*5\. Any other business[\s\S]*Running order/);
});
