import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { markDueOfItems } from '../reviews/due-marks.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator');
const practitioner = await t.signIn('practitioner');
const responder = await t.signIn('responder');
const rotherham = await t.signIn('coordinator', 'rotherham');
const llr = await t.signIn('coordinator', 'llr');

type Kid = { id: string; reference: string; first_name: string; last_name: string };
const kidsOf = (p: string) => t.db.query<Kid>(`SELECT id, reference, first_name, last_name FROM children WHERE partnership_id = $1 ORDER BY reference`, [p]);
const [jordan, kayla, tyler] = (await kidsOf('staffordshire')) as [Kid, Kid, Kid];
const llrKids = await kidsOf('llr');
const lead = { leadName: 'Priya Fairweather', leadAgencyId: 'childrens-services' };
const versionIn = (html: string, action: string) => new RegExp(`action="${action}"[\\s\\S]*?name="version" value="(\\d+)"`).exec(html)![1]!;
/** The demo draft agenda (Staffordshire's district panel) and its item for a child. */
const demoItem = async (childId: string) =>
  (
    await t.db.query<{ item_id: string; occurrence_id: string }>(
      `SELECT i.id AS item_id, i.occurrence_id FROM agenda_item_children ic JOIN agenda_items i ON i.id = ic.item_id WHERE ic.child_id = $1`,
      [childId],
    )
  )[0]!;
const audits = (action: string, childId: string) =>
  t.db.query<{ outcome: string; actor_user_id: string }>(
    `SELECT outcome, actor_user_id FROM audit_events WHERE action = $1 AND (child_id = $2::uuid OR subject_id = $2::text) ORDER BY at`,
    [action, childId],
  );

test('the Meetings tab lists a child on an upcoming agenda, and the view is audited against the child', async () => {
  const res = await practitioner.agent.get(`/children/${jordan.id}/meetings`);
  assert.equal(res.status, 200);
  assert.match(res.text, /On an agenda \(1\)/);
  assert.match(res.text, /District MACE panel: Newcastle-under-Lyme/);
  assert.match(res.text, /What meetings decided \(0\)/);
  const rows = await audits('agenda.child-meetings', jordan.id);
  assert.deepEqual(
    rows.map((r) => r.outcome),
    ['allowed'],
  );
  // The record's sub-navigation links to it.
  assert.match((await practitioner.agent.get(`/children/${jordan.id}`)).text, new RegExp(`href="/children/${jordan.id}/meetings"`));
});

test('what a closed meeting decided is listed with the risk, decisions and next review, no longer as upcoming', async () => {
  const { item_id, occurrence_id } = await demoItem(jordan.id);
  await t.db.query(
    `UPDATE agenda_items SET status = 'discussed', risk_instrument = 'rfm', risk_level = 'high', decisions = 'Disruption plan with the police.', rationale = 'Escalating missing episodes.', next_review_on = '2027-02-01', decided_at = now() WHERE id = $1`,
    [item_id],
  );
  await t.db.query(
    `INSERT INTO agendas (partnership_id, occurrence_id, opened_at, closed_at) VALUES ('staffordshire', $1, now(), now()) ON CONFLICT (partnership_id, occurrence_id) DO UPDATE SET opened_at = now(), closed_at = now()`,
    [occurrence_id],
  );
  const res = await coordinator.agent.get(`/children/${jordan.id}/meetings`);
  assert.equal(res.status, 200);
  assert.match(res.text, /On an agenda \(0\)/);
  assert.match(res.text, /What meetings decided \(1\)/);
  assert.match(res.text, /High<\/strong> \(Risk Factor Matrix\)/);
  assert.match(res.text, /Disruption plan with the police\./);
  assert.match(res.text, /1 February 2027/);
  assert.match(res.text, new RegExp(`href="/meetings/${occurrence_id}/items/${item_id}"`));
});

test('the Meetings tab: denied to a role without child records, not found in another partnership (audited), 404 for a bad id', async () => {
  assert.equal((await responder.agent.get(`/children/${kayla.id}/meetings`)).status, 403);
  const other = await rotherham.agent.get(`/children/${kayla.id}/meetings`);
  assert.equal(other.status, 404);
  assert.doesNotMatch(other.text, new RegExp(kayla.last_name));
  assert.ok((await audits('agenda.child-meetings', kayla.id)).some((r) => r.outcome === 'denied'));
  assert.equal((await coordinator.agent.get('/children/not-a-uuid/meetings')).status, 404);
});

test('a referral thresholded to discuss at MACE links to the next panel of its district, with the child chosen there', async () => {
  assert.equal((await practitioner.post(`/children/${kayla.id}/panel-referral`, lead)).status, 303);
  const [ref] = await t.db.query<{ id: string; district_id: string }>(`SELECT id, district_id FROM panel_referrals WHERE child_id = $1`, [kayla.id]);
  const before = await coordinator.agent.get(`/panel-referrals/${ref!.id}`);
  assert.doesNotMatch(before.text, /The panel’s agenda/, 'not before thresholding');
  // The coordinator's home page lists it to threshold.
  assert.match(
    (await coordinator.agent.get('/')).text,
    new RegExp(`href="/panel-referrals/${ref!.id}">${kayla.first_name} ${kayla.last_name}</a>[\\s\\S]*?to threshold`),
  );
  const v = versionIn(before.text, `/panel-referrals/${ref!.id}/threshold`);
  assert.equal((await coordinator.post(`/panel-referrals/${ref!.id}/threshold`, { version: v, category: '1', rationale: 'High risk.' })).status, 303);
  const page = await coordinator.agent.get(`/panel-referrals/${ref!.id}`);
  const link = new RegExp(`href="/meetings/([0-9a-f-]{36})/agenda/add-child\\?child=${kayla.id}">District MACE panel: Staffordshire Moorlands, `).exec(
    page.text,
  );
  assert.ok(link, 'a link to add the child to the Moorlands panel');
  assert.match((await coordinator.agent.get('/')).text, /to add to the panel’s agenda/);
  // The practitioner (no meeting:manage) is not offered it.
  assert.doesNotMatch((await practitioner.agent.get(`/panel-referrals/${ref!.id}`)).text, /add-child\?child=/);

  const form = await coordinator.agent.get(`/meetings/${link[1]}/agenda/add-child?child=${kayla.id}`);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`value="${kayla.id}" checked`));
  assert.equal((await coordinator.post(`/meetings/${link[1]}/agenda/add-child`, { childId: kayla.id, discussion: 'auto' })).status, 303);
  const after = await coordinator.agent.get(`/panel-referrals/${ref!.id}`);
  assert.match(
    after.text,
    new RegExp(`On the draft agenda of <a class="govuk-link" href="/meetings/${link[1]}/agenda">District MACE panel: Staffordshire Moorlands`),
  );
  assert.doesNotMatch((await coordinator.agent.get('/')).text, /to add to the panel’s agenda/);
});

test('a child not referred (an LLR concern) is offered first on the add-child form when chosen from their record', async () => {
  const child = llrKids[3]!;
  const [occ] = await t.db.query<{ id: string }>(
    `SELECT o.id FROM meeting_occurrences o JOIN meeting_series s ON s.id = o.series_id WHERE o.partnership_id = 'llr' AND s.type_id = 'drmm' AND o.starts_at > now() ORDER BY o.starts_at OFFSET 3 LIMIT 1`,
  );
  const form = await llr.agent.get(`/meetings/${occ!.id}/agenda/add-child?child=${child.id}`);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`value="${child.id}" checked[\\s\\S]*?${child.first_name} ${child.last_name}[\\s\\S]*?Chosen from the child’s record`));
  // Another partnership's child is not offered.
  assert.doesNotMatch((await llr.agent.get(`/meetings/${occ!.id}/agenda/add-child?child=${tyler.id}`)).text, new RegExp(tyler.id));
});

test('an action due after a fortnight is still announced on its owner’s home page', async () => {
  const before = (await practitioner.agent.get('/')).text;
  assert.doesNotMatch(before, /None is due within a fortnight/);
  const owner = await t.userId('practitioner');
  await t.db.query(
    `INSERT INTO actions (partnership_id, child_id, what, kind, owner_user_id, owner_agency_id, measure, agreed_by, due_on, created_by)
     VALUES ('staffordshire', $1, 'Later action', 'support-child', $2, 'childrens-services', 'Recorded', 'Panel', current_date + 60, $2)`,
    [tyler.id, owner],
  );
  assert.match(
    (await practitioner.agent.get('/')).text,
    /None is due within a fortnight\. <a class="govuk-link" href="\/actions\?owner=me">Your open actions \(1\)<\/a>/,
  );
});

test('Rotherham: a VAT level recorded by the chair at MACE makes the CE risk assessment due 3 working days later on /reviews', async () => {
  const rotherhamChair = await t.signIn('chair', 'rotherham');
  const child = (await kidsOf('rotherham'))[0]!;
  const { item_id } = await demoItem(child.id);
  const before = await rotherhamChair.agent.get('/reviews?show=all&kind=ce-risk-assessment');
  assert.doesNotMatch(before.text, new RegExp(child.reference), 'nothing due before the MACE');
  await t.db.query(
    `UPDATE agenda_items SET status = 'discussed', risk_instrument = 'vat', risk_level = 'high', decided_at = now(), decided_by = $2 WHERE id = $1`,
    [item_id, await t.userId('chair', 'rotherham')],
  );
  // Written in SQL here, so marked as the meeting room's repository marks a decision (review_due, migration 071).
  await markDueOfItems(t.db, 'rotherham', [item_id]);
  const after = await rotherhamChair.agent.get('/reviews?show=all&kind=ce-risk-assessment');
  assert.match(after.text, new RegExp(`${child.reference}[\\s\\S]*?CE risk assessment<br><span class="govuk-body-s">3 working days after the MACE on`));
});
