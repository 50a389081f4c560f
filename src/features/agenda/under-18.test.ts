import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';

// Issue 15 item 17 (001: "any Staffordshire child under the age of 18"; 003: "a child or young person under the age of 18"):
// a child is not put on the agenda of a meeting held on or after their 18th birthday, and one already on it is flagged.

const t = await testApp();
const coordinator = await t.signIn('coordinator', 'rotherham');
const support = t.partnerships.get('rotherham')!.adultSupportText;
const kids = await t.db.query<{ id: string; reference: string }>(`SELECT id, reference FROM children WHERE partnership_id = 'rotherham' ORDER BY reference`);

/** An upcoming scheduled meeting of Rotherham's MACE, past the demo agenda's (each test its own offset). */
async function meeting(offset: number) {
  const [row] = await t.db.query<{ id: string }>(
    `SELECT o.id FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = 'rotherham' AND s.type_id = 'mace' AND o.status = 'scheduled' AND o.starts_at > now() ORDER BY o.starts_at OFFSET $1 LIMIT 1`,
    [offset],
  );
  return { id: row!.id };
}
/** Moves a meeting to 10am on `date` (UTC, so the same local date in winter and summer). */
const moveTo = (id: string, date: string) =>
  t.db.query(`UPDATE meeting_occurrences SET starts_at = $2::timestamptz, ends_at = $2::timestamptz + interval '3 hours' WHERE id = $1`, [
    id,
    `${date}T10:00:00Z`,
  ]);
const bornOn = (childId: string, dob: string) => t.db.query(`UPDATE children SET date_of_birth = $2 WHERE id = $1`, [childId, dob]);
const itemsOf = (occ: string) => t.db.query<{ id: string }>(`SELECT id FROM agenda_items WHERE occurrence_id = $1 ORDER BY position`, [occ]);
/** The ISO date `days` after `iso`. */
const plusDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The date of birth whose 18th birthday is `iso` (not 29 February). */
const eighteenOn = (iso: string) => `${+iso.slice(0, 4) - 18}${iso.slice(4)}`;

test('under 18 (001, 003): a child is not put on the agenda of a meeting on their 18th birthday (400, the partnership’s text, nothing saved); the day before it they are', async () => {
  const m = await meeting(8);
  const date = '2030-05-20';
  await moveTo(m.id, date);
  const [adult, child] = [kids[0]!, kids[1]!];
  await bornOn(adult.id, eighteenOn(date));
  await bornOn(child.id, eighteenOn(plusDays(date, 1)));
  const before = await itemsOf(m.id);

  const refused = await coordinator.post(`/meetings/${m.id}/agenda/add-child`, { childId: adult.id, discussion: 'auto' });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /<title>Error: /);
  assert.match(refused.text, /href="#childId">MACE is for children under 18: an agenda item for /);
  assert.ok(refused.text.includes(support), 'the partnership’s text saying where adults are supported');
  assert.deepEqual(await itemsOf(m.id), before, 'nothing saved');
  const [audited] = await t.db.query<{ outcome: string }>(
    `SELECT outcome FROM audit_events WHERE action = 'agenda.item.add' AND subject_id = $1 ORDER BY id DESC LIMIT 1`,
    [m.id],
  );
  assert.equal(audited?.outcome, 'failed');

  const group = await coordinator.post(`/meetings/${m.id}/agenda/add-group`, { references: `${adult.reference}\n${child.reference}`, discussion: 'auto' });
  assert.equal(group.status, 400, 'nor in a group');
  assert.match(group.text, new RegExp(`an agenda item for ${adult.reference} cannot be made`));
  assert.deepEqual(await itemsOf(m.id), before);

  const accepted = await coordinator.post(`/meetings/${m.id}/agenda/add-child`, { childId: child.id, discussion: 'auto' });
  assert.equal(accepted.status, 303, 'the day before the 18th birthday is still a child');
  assert.equal((await itemsOf(m.id)).length, before.length + 1);
});

test('under 18 (001, 003), API: adding a young person 18 or over on the meeting’s date is refused with 422 problem+json and nothing saved', async () => {
  const m = await meeting(9);
  await moveTo(m.id, '2030-01-15');
  const adult = kids[2]!;
  await bornOn(adult.id, '2012-01-15');
  const auth = { Authorization: `Bearer ${await t.apiToken('coordinator', 'rotherham')}` };
  const before = await itemsOf(m.id);
  const r = await t
    .request()
    .post(`/api/v1/meetings/${m.id}/agenda/items`)
    .set(auth)
    .send({ kind: 'child', childIds: [adult.id] });
  assert.equal(r.status, 422);
  assert.match(r.headers['content-type']!, /application\/problem\+json/);
  assert.equal(r.body.errors[0].field, 'childId');
  assert.ok(r.body.errors[0].message.startsWith('MACE is for children under 18'));
  assert.ok(r.body.errors[0].message.includes(support));
  assert.deepEqual(await itemsOf(m.id), before);
  await bornOn(adult.id, '2012-01-16');
  const ok = await t
    .request()
    .post(`/api/v1/meetings/${m.id}/agenda/items`)
    .set(auth)
    .send({ kind: 'child', childIds: [adult.id] });
  assert.equal(ok.status, 201, 'the day before the 18th birthday');
});

test('under 18, born on 29 February: a meeting on 28 February of the 18th year takes the child, one on 1 March does not', async () => {
  const child = kids[3]!;
  await bornOn(child.id, '2012-02-29');
  const feb = await meeting(10);
  await moveTo(feb.id, '2030-02-28');
  assert.equal((await coordinator.post(`/meetings/${feb.id}/agenda/add-child`, { childId: child.id, discussion: 'auto' })).status, 303);
  const mar = await meeting(11);
  await moveTo(mar.id, '2030-03-01');
  const before = await itemsOf(mar.id);
  const refused = await coordinator.post(`/meetings/${mar.id}/agenda/add-child`, { childId: child.id, discussion: 'auto' });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /MACE is for children under 18/);
  assert.deepEqual(await itemsOf(mar.id), before);
});

test('under 18: a child on the agenda of a meeting moved to their 18th birthday or later is flagged to the coordinator (page and API)', async () => {
  const m = await meeting(12);
  await moveTo(m.id, '2030-06-10');
  const child = kids[4]!;
  await bornOn(child.id, '2012-06-11');
  assert.equal((await coordinator.post(`/meetings/${m.id}/agenda/add-child`, { childId: child.id, discussion: 'auto' })).status, 303);
  const calm = await coordinator.agent.get(`/meetings/${m.id}/agenda`);
  assert.doesNotMatch(calm.text, /id="adults"/, 'the day before the 18th birthday: no warning');

  await moveTo(m.id, '2030-06-11');
  const page = await coordinator.agent.get(`/meetings/${m.id}/agenda`);
  assert.equal(page.status, 200);
  const warning = /<div class="govuk-warning-text" id="adults">([\s\S]*?)<\/div>\s*<\/div>/.exec(page.text)?.[1];
  assert.ok(warning, 'the agenda page warns');
  assert.match(warning, /MACE is for children under 18: this young person is 18 or over on the date of this meeting/);
  assert.ok(warning.includes(child.reference));
  assert.ok(warning.includes(support));

  const auth = { Authorization: `Bearer ${await t.apiToken('coordinator', 'rotherham')}` };
  const api = await t.request().get(`/api/v1/meetings/${m.id}/agenda`).set(auth);
  assert.deepEqual(
    api.body.childrenAdultOnDate.map((a: { childId: string; reference: string }) => [a.childId, a.reference]),
    [[child.id, child.reference]],
  );
});
