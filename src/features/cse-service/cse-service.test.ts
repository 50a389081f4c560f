import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { addToTriage } from '../triage/enqueue.ts';
import { addDays } from '../../domain/calendar/dates.ts';
import { todayIso } from '../../platform/dates.ts';

// Issue 15 item 22 (DOMAIN §3.4, source 001 "Child Sexual Exploitation Service Offer").
const t = await testApp();
const coordinator = await t.signIn('coordinator');
const practitioner = await t.signIn('practitioner');
const practitionerId = await t.userId('practitioner');
const today = todayIso();

type Child = { id: string; district_id: string; first_name: string };
const kids = await t.db.query<Child>(`SELECT id, district_id, first_name FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference`);
const child = kids[2]!;

const versionIn = (html: string, action: string) => new RegExp(`action="${action}"[\\s\\S]*?name="version" value="(\\d+)"`).exec(html)![1]!;
const dateParts = (name: string, iso: string) => ({
  [`${name}-day`]: String(+iso.slice(8)),
  [`${name}-month`]: String(+iso.slice(5, 7)),
  [`${name}-year`]: iso.slice(0, 4),
});

async function triageTo(c: Child, routes: string[]) {
  const id = await addToTriage(t.db, {
    partnershipId: 'staffordshire',
    childId: c.id,
    districtId: c.district_id,
    kind: 'referral',
    subjectId: crypto.randomUUID(),
    summary: 'CE referral form (CSE service)',
    referrerUserId: practitionerId,
  });
  const page = await coordinator.agent.get(`/triage/${id}`);
  const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
  const res = await coordinator.post(`/triage/${id}/decision`, { version, routes, rationale: 'Meets the CSE service criteria.' });
  assert.equal(res.status, 303);
  return id;
}
const programmes = (childId: string) =>
  t.db.query<{ id: string; started_on: string; ended_on: string | null; outcome: string | null; extension_reason: string | null }>(
    `SELECT id, started_on::text, ended_on::text, outcome, extension_reason FROM cse_programmes WHERE child_id = $1 ORDER BY created_at`,
    [childId],
  );

test('001: a triage decision routing the child to the CE team opens the 8-week programme, once; on the timeline and audited', async () => {
  assert.deepEqual(await programmes(child.id), []);
  await triageTo(child, ['scass']);
  assert.deepEqual(await programmes(child.id), [], 'another route opens nothing');
  const item = await triageTo(child, ['ce-team']);
  const [p] = await programmes(child.id);
  assert.equal(p!.started_on, today);
  await triageTo(child, ['ce-team', 'eha']);
  assert.equal((await programmes(child.id)).length, 1, 'a running programme is not opened twice');
  const [tl] = await t.db.query<{ summary: string }>(`SELECT summary FROM timeline_events WHERE child_id = $1 AND kind = 'cse-programme'`, [child.id]);
  assert.match(tl!.summary, /CSE service: the CE team’s 8-week programme started \(planned to end \d+ \w+ \d{4}\)/);
  const [a] = await t.db.query<{ details: { triageItem: string } }>(`SELECT details FROM audit_events WHERE action = 'cse.open' AND child_id = $1`, [child.id]);
  assert.equal(a!.details.triageItem, item);
  const page = await practitioner.agent.get(`/children/${child.id}/cse-service`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Current programme/);
  assert.match(page.text, /Planned to end[\s\S]*?\(8 weeks\)/);
  assert.match(page.text, /aria-current="page"[^>]*>\s*CSE service|CSE service<\/a>/);
  const [viewed] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'cse.view' AND child_id = $1`, [child.id]);
  assert.ok(viewed!.n >= 1, 'the page is an audited view of the child');
});

test('001: sessions of direct work are dated within the programme with the topics covered; bad input changes nothing', async () => {
  const [p] = await programmes(child.id);
  const url = `/children/${child.id}/cse-service/${p!.id}/sessions`;
  const bad = await practitioner.post(url, { ...dateParts('heldOn', addDays(today, 1)), notes: '  ' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /href="#heldOn-day">The date of the session must be today or in the past/);
  assert.match(bad.text, /href="#topics">Select the topics the session covered/);
  assert.match(bad.text, /href="#notes">Enter what was done in the session/);
  const before = await t.db.query(`SELECT 1 FROM cse_sessions WHERE programme_id = $1`, [p!.id]);
  assert.equal(before.length, 0);
  const early = await practitioner.post(url, { ...dateParts('heldOn', addDays(today, -1)), topics: 'grooming', notes: 'First visit' });
  assert.equal(early.status, 400);
  assert.match(early.text, /on or after the day the programme started/);
  const ok = await practitioner.post(url, {
    ...dateParts('heldOn', today),
    topics: ['grooming', 'keeping-safe'],
    withParents: 'yes',
    notes: 'Met at school; talked about grooming.',
  });
  assert.equal(ok.status, 303);
  const page = await practitioner.agent.get(ok.headers.location!);
  assert.match(page.text, /Session recorded/);
  assert.match(page.text, /with parents or carers[\s\S]*Topics: Grooming, Keeping safe[\s\S]*Met at school; talked about grooming\./);
});

test('001: the programme is extended once by 4 weeks for rapport or additional needs; a stale or second extension is refused and kept', async () => {
  const [p] = await programmes(child.id);
  const url = `/children/${child.id}/cse-service/${p!.id}/extend`;
  let page = await practitioner.agent.get(`/children/${child.id}/cse-service`);
  const version = versionIn(page.text, url);
  const none = await practitioner.post(url, { version, reason: '' });
  assert.equal(none.status, 400);
  assert.match(none.text, /href="#reason">Select why the programme is extended/);
  assert.equal((await practitioner.post(url, { version, reason: 'additional-needs', notes: 'Speech and language needs' })).status, 303);
  page = await practitioner.agent.get(`/children/${child.id}/cse-service`);
  assert.match(page.text, /Planned to end[\s\S]*?\(extended by 4 weeks\)/);
  assert.doesNotMatch(page.text, /Extend by 4 weeks/, 'no second extension is offered');
  const again = await coordinator.post(url, { version, reason: 'rapport' });
  assert.equal(again.status, 409);
  assert.match(again.text, /The programme changed while you were working on it/);
  const [kept] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM edit_conflicts WHERE record_type = 'cse_programme' AND record_id = $1`, [
    p!.id,
  ]);
  assert.equal(kept!.n, 1);
  assert.equal((await programmes(child.id))[0]!.extension_reason, 'additional-needs');
});

test('001: the programme’s end and outcome go on the child’s timeline; it cannot end before it started', async () => {
  const [p] = await programmes(child.id);
  const url = `/children/${child.id}/cse-service/${p!.id}/end`;
  const page = await practitioner.agent.get(`/children/${child.id}/cse-service`);
  const version = versionIn(page.text, url);
  const before = await practitioner.post(url, { version, ...dateParts('endedOn', addDays(today, -3)), outcome: 'completed' });
  assert.equal(before.status, 400);
  assert.match(before.text, /href="#endedOn-day">The date the programme ended must be on or after the day it started/);
  const noOutcome = await practitioner.post(url, { version, ...dateParts('endedOn', today) });
  assert.match(noOutcome.text, /href="#outcome">Select how the programme ended/);
  assert.equal((await programmes(child.id))[0]!.ended_on, null, 'nothing changed');
  assert.equal((await practitioner.post(url, { version, ...dateParts('endedOn', today), outcome: 'completed', notes: 'Safety plan in place' })).status, 303);
  const [ended] = await programmes(child.id);
  assert.equal(ended!.ended_on, today);
  const events = await t.db.query<{ summary: string }>(
    `SELECT summary FROM timeline_events WHERE child_id = $1 AND kind = 'cse-programme' ORDER BY occurred_at`,
    [child.id],
  );
  assert.match(events.at(-1)!.summary, /^CSE service: programme ended \d+ \w+ \d{4}\. Completed: the planned work was done$/);
  assert.match(events.at(-2)!.summary, /programme extended by 4 weeks \(the child has additional needs\)/);
  // Ended, a new acceptance opens a new programme.
  await triageTo(child, ['ce-team']);
  assert.equal((await programmes(child.id)).length, 2);
});

test('permissions: another partnership has no CSE service page (404); a responder may not record; another partnership’s child is not found', async () => {
  const llr = await t.signIn('coordinator', 'llr');
  const llrChild = await t.anyChild('llr');
  assert.equal((await llr.agent.get(`/children/${llrChild.id}/cse-service`)).status, 404);
  assert.equal((await llr.agent.get(`/children/${child.id}/cse-service`)).status, 404);
  const [p] = await programmes(child.id);
  const responder = await t.signIn('responder');
  assert.equal((await responder.post(`/children/${child.id}/cse-service/${p!.id}/sessions`, { notes: 'x' })).status, 403);
  assert.equal((await practitioner.agent.get(`/children/not-a-uuid/cse-service`)).status, 404);
});
