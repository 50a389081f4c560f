import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { addToTriage } from './enqueue.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator');
const practitionerId = await t.userId('practitioner');

type Child = { id: string; first_name: string; last_name: string; district_id: string; reference: string };
const children = await t.db.query<Child>(
  `SELECT id, first_name, last_name, district_id, reference FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference`,
);
const child = (await t.anyChild()) as unknown as Child;
const full = children.find((c) => c.id === child.id)!;
const [other] = children.filter((c) => c.district_id !== full.district_id);

/** Adds an item received `daysAgo` days ago (the inbox is ordered by when items arrived). */
async function item(c: Child, daysAgo: number, summary: string, kind: 'assessment' | 'referral' | 'concern' = 'assessment') {
  const id = await addToTriage(t.db, {
    partnershipId: 'staffordshire',
    childId: c.id,
    districtId: c.district_id,
    kind,
    subjectId: crypto.randomUUID(),
    summary,
    referrerUserId: practitionerId,
  });
  await t.db.query(`UPDATE triage_items SET received_at = now() - $2 * interval '1 day' WHERE id = $1`, [id, daysAgo]);
  return id;
}

const newest = await item(full, 1, 'Risk Factor Matrix: suspected (score 31)');
const oldest = await item(full, 9, 'Risk Factor Matrix: evidenced (score 58)');
const middle = await item(other!, 4, 'CE referral form (CSE service)', 'referral');
const rowsIn = (html: string) => [...html.matchAll(/href="\/triage\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

test('the inbox lists new items oldest first, with the count in the heading', async () => {
  const res = await coordinator.agent.get('/triage');
  assert.equal(res.status, 200);
  const [{ n }] = (await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM triage_items WHERE partnership_id = 'staffordshire' AND status <> 'decided'`,
  )) as [{ n: number }];
  assert.match(res.text, new RegExp(`<h1 class="govuk-heading-l">Triage inbox \\(${n}\\)</h1>`));
  const ids = rowsIn(res.text);
  assert.deepEqual(
    ids.filter((id) => [newest, oldest, middle].includes(id!)),
    [oldest, middle, newest],
  );
  assert.match(res.text, /aria-sort="ascending"/);
  assert.match(res.text, /govuk-tag--blue">New/);
  const [entry] = await t.db.query<{ details: { total: number } }>(`SELECT details FROM audit_events WHERE action = 'triage.inbox' ORDER BY id DESC LIMIT 1`);
  assert.equal(entry!.details.total, n, 'showing the inbox is audited, with counts and not names');
});

test('the inbox can be sorted newest first', async () => {
  const ids = rowsIn((await coordinator.agent.get('/triage?sort=received&order=desc')).text);
  assert.deepEqual(
    ids.filter((id) => [newest, oldest, middle].includes(id!)),
    [newest, middle, oldest],
  );
});

test('the inbox filters by district', async () => {
  const res = await coordinator.agent.get(`/triage?district=${other!.district_id}`);
  assert.equal(res.status, 200);
  const ids = rowsIn(res.text);
  assert.ok(ids.includes(middle));
  assert.ok(!ids.includes(oldest) && !ids.includes(newest));
  assert.match(res.text, /Clear filters/);
  assert.match(res.text, new RegExp(`Triage inbox \\(${ids.length}\\)`));
});

test('a district of another partnership, or an unknown status, is ignored rather than an error', async () => {
  const res = await coordinator.agent.get('/triage?district=rutland&status=bogus&sort=x&page=-3');
  assert.equal(res.status, 200);
  assert.ok(rowsIn(res.text).includes(oldest));
});

test('an item shows its child and subject, and every view is audited against the child', async () => {
  const res = await coordinator.agent.get(`/triage/${oldest}`);
  assert.equal(res.status, 200);
  assert.match(res.text, new RegExp(`href="/children/${full.id}"`));
  assert.match(res.text, /href="\/assessments\/[0-9a-f-]{36}"/);
  assert.match(res.text, /No further action/);
  assert.match(res.text, /CE team \(CSE service\)/, 'the partnership’s configured routes are offered');
  const audit = await t.db.query<{ action: string; child_id: string }>(`SELECT action, child_id FROM audit_events WHERE subject_id = $1 ORDER BY id`, [oldest]);
  assert.deepEqual(audit.at(-1), { action: 'triage.view', child_id: full.id });
});

test('picking up an item puts it in triage with the coordinator', async () => {
  const page = await coordinator.agent.get(`/triage/${newest}`);
  const res = await coordinator.post(`/triage/${newest}/pick-up`, { version: versionIn(page.text) });
  assert.equal(res.status, 303);
  const [row] = await t.db.query<{ status: string; picked_up_by: string }>(`SELECT status, picked_up_by FROM triage_items WHERE id = $1`, [newest]);
  assert.deepEqual(row, { status: 'in-triage', picked_up_by: await t.userId('coordinator') });
  assert.match((await coordinator.agent.get('/triage?status=in-triage')).text, /In triage<\/strong><br><span class="govuk-body-s">with Colin Marchbank/);
});

test('a decision without a rationale or a route is refused, explained, the input kept, and nothing saved', async () => {
  const page = await coordinator.agent.get(`/triage/${oldest}`);
  const res = await coordinator.post(`/triage/${oldest}/decision`, { version: versionIn(page.text), routes: 'ce-team', rationale: '   ' });
  assert.equal(res.status, 400);
  assert.match(res.text, /<title>Error: /);
  assert.match(res.text, /href="#rationale">Enter the rationale for the decision/);
  assert.match(res.text, /value="ce-team" checked/);
  const none = await coordinator.post(`/triage/${oldest}/decision`, { version: versionIn(page.text), rationale: 'Some reasons' });
  assert.equal(none.status, 400);
  assert.match(none.text, /href="#routes">Select the routes chosen, or select no further action/);
  assert.match(none.text, />Some reasons<\/textarea>/);
  const both = await coordinator.post(`/triage/${oldest}/decision`, {
    version: versionIn(page.text),
    routes: ['ce-team', 'no-further-action'],
    rationale: 'Reasons',
  });
  assert.match(both.text, /Select routes or no further action, not both/);
  const [row] = await t.db.query<{ status: string; rationale: string | null }>(`SELECT status, rationale FROM triage_items WHERE id = $1`, [oldest]);
  assert.deepEqual(row, { status: 'new', rationale: null });
});

test('a decision records the routes and rationale, goes on the child’s timeline, and tells the referrer by email', async () => {
  const page = await coordinator.agent.get(`/triage/${oldest}`);
  const res = await coordinator.post(`/triage/${oldest}/decision`, {
    version: versionIn(page.text),
    routes: ['eha', 'ce-team'],
    rationale: 'Evidenced risk; CE team to offer the 8-week programme.',
  });
  assert.equal(res.status, 303);
  const [row] = await t.db.query<{ status: string; routes: string[]; rationale: string; decided_by: string; decided_at: Date | null }>(
    `SELECT status, routes, rationale, decided_by, decided_at FROM triage_items WHERE id = $1`,
    [oldest],
  );
  assert.equal(row!.status, 'decided');
  assert.deepEqual(row!.routes, ['ce-team', 'eha'], 'routes kept in the order the partnership lists them');
  assert.equal(row!.rationale, 'Evidenced risk; CE team to offer the 8-week programme.');
  assert.equal(row!.decided_by, await t.userId('coordinator'));
  assert.ok(row!.decided_at);

  const [timeline] = await t.db.query<{ summary: string }>(
    `SELECT summary FROM timeline_events WHERE child_id = $1 AND kind = 'triage' ORDER BY occurred_at DESC LIMIT 1`,
    [full.id],
  );
  assert.equal(timeline!.summary, 'Triage decision: CE team (CSE service), Early Help Assessment');
  const [audit] = await t.db.query<{ outcome: string; details: { routes: string[] } }>(
    `SELECT outcome, details FROM audit_events WHERE action = 'triage.decide' AND subject_id = $1`,
    [oldest],
  );
  assert.equal(audit!.outcome, 'allowed');
  assert.deepEqual(audit!.details.routes, ['ce-team', 'eha']);

  const [mail] = await t.db.query<{ to_address: string; subject: string; body: string }>(
    `SELECT to_address, subject, body FROM outbox WHERE subject LIKE 'Triage decision%' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(mail!.to_address, 'practitioner@staffordshire.example.org');
  assert.equal(mail!.subject, `Triage decision for child ${full.reference}`);
  assert.match(mail!.body, /- CE team \(CSE service\)\n- Early Help Assessment/);
  for (const personal of [full.first_name, full.last_name, 'Evidenced risk'])
    assert.ok(!mail!.body.includes(personal) && !mail!.subject.includes(personal), `the email leaves out ${personal}`);

  const shown = await coordinator.agent.get(res.headers.location!);
  assert.match(shown.text, /Triage decision recorded/);
  assert.match(shown.text, /Evidenced risk; CE team to offer the 8-week programme\./);
  assert.doesNotMatch(shown.text, /Record the triage decision/, 'a decided item has no decision form');
  assert.match((await coordinator.agent.get('/triage?status=decided')).text, /Decided<\/strong><br><span class="govuk-body-s">by Colin Marchbank/);
});

test('a stale decision is refused with a clear message, the input kept, and the first decision stands', async () => {
  const second = await t.signIn('coordinator');
  const pageA = await coordinator.agent.get(`/triage/${middle}`);
  const pageB = await second.agent.get(`/triage/${middle}`);
  assert.equal(
    (await second.post(`/triage/${middle}/decision`, { version: versionIn(pageB.text), routes: 'no-further-action', rationale: 'Support already in place.' }))
      .status,
    303,
  );
  const res = await coordinator.post(`/triage/${middle}/decision`, { version: versionIn(pageA.text), routes: 'scass', rationale: 'Refer to SCASS.' });
  assert.equal(res.status, 409);
  assert.match(res.text, /This item changed while you were working on it/);
  assert.match(res.text, /Your decision has not been saved/);
  assert.match(res.text, /Refer to SCASS\./, 'what was typed is still on screen');
  assert.match(res.text, /Your decision \(not saved\)[\s\S]*Children’s Advice and Support Service \(SCASS\)/);
  const [row] = await t.db.query<{ routes: string[]; rationale: string }>(`SELECT routes, rationale FROM triage_items WHERE id = $1`, [middle]);
  assert.deepEqual(row, { routes: ['no-further-action'], rationale: 'Support already in place.' });
  const [conflict] = await t.db.query<{ submitted: { rationale: string } }>(`SELECT submitted FROM edit_conflicts WHERE record_id = $1`, [middle]);
  assert.equal(conflict!.submitted.rationale, 'Refer to SCASS.');
  const mails = await t.db.query(`SELECT 1 FROM outbox WHERE subject = $1`, [`Triage decision for child ${other!.reference}`]);
  assert.equal(mails.length, 1, 'the referrer is told once');
});

test('a decision on an item picked up by someone else since the page was read is refused until reloaded', async () => {
  const id = await item(full, 2, 'Risk Factor Matrix: suspected (score 35)');
  const second = await t.signIn('coordinator');
  const pageA = await coordinator.agent.get(`/triage/${id}`);
  assert.equal((await second.post(`/triage/${id}/pick-up`, { version: versionIn(pageA.text) })).status, 303);
  const res = await coordinator.post(`/triage/${id}/decision`, { version: versionIn(pageA.text), routes: 'eha', rationale: 'Early help.' });
  assert.equal(res.status, 409);
  assert.match(res.text, />Early help\.<\/textarea>/);
  assert.equal(
    (await coordinator.post(`/triage/${id}/decision`, { version: versionIn(res.text), routes: 'eha', rationale: 'Early help.' })).status,
    303,
    'the reloaded form saves',
  );
});

test('a practitioner cannot open the inbox, an item, or decide', async () => {
  const practitioner = await t.signIn('practitioner');
  assert.equal((await practitioner.agent.get('/triage')).status, 403);
  assert.equal((await practitioner.agent.get(`/triage/${newest}`)).status, 403);
  assert.equal((await practitioner.post(`/triage/${newest}/decision`, { version: '1', routes: 'eha', rationale: 'x' })).status, 403);
  const [row] = await t.db.query<{ status: string }>(`SELECT status FROM triage_items WHERE id = $1`, [newest]);
  assert.equal(row!.status, 'in-triage');
});

test('another partnership’s coordinator cannot see an item: not found, and the attempt audited', async () => {
  const llr = await t.signIn('coordinator', 'llr');
  assert.equal((await llr.agent.get(`/triage/${newest}`)).status, 404);
  assert.ok(!rowsIn((await llr.agent.get('/triage')).text).includes(newest));
  const [denied] = await t.db.query<{ outcome: string; details: { otherPartnership: string } }>(
    `SELECT outcome, details FROM audit_events WHERE action = 'triage.view' AND subject_id = $1 AND partnership_id = 'llr'`,
    [newest],
  );
  assert.equal(denied!.outcome, 'denied');
  assert.equal(denied!.details.otherPartnership, 'staffordshire');
});

test('the inbox pages at 50 items', async () => {
  for (let i = 0; i < 52; i++) await item(full, 30 + i, `Bulk item ${i}`, 'concern');
  const first = await coordinator.agent.get(`/triage?district=${full.district_id}`);
  assert.equal(rowsIn(first.text).length, 50);
  assert.match(first.text, /govuk-pagination/);
  const second = await coordinator.agent.get(`/triage?district=${full.district_id}&page=2`);
  assert.ok(rowsIn(second.text).length >= 2);
  assert.equal(new Set([...rowsIn(first.text), ...rowsIn(second.text)]).size, rowsIn(first.text).length + rowsIn(second.text).length, 'no item on both pages');
});

test('a superseded RFM in triage is marked and links to the newest; the newest is not marked', async () => {
  const { rfmContent } = await import('../../db/demo-assessments.ts');
  const { addCalendarMonths } = await import('../../domain/calendar/dates.ts');
  const { todayIso } = await import('../../platform/dates.ts');
  const [u] = await t.db.query<{ id: string; agency_id: string; roles: string[]; display_name: string; email: string }>(
    `SELECT id, agency_id, roles, display_name, email FROM users WHERE id = $1`,
    [practitionerId],
  );
  const actor = {
    userId: u!.id,
    partnershipId: 'staffordshire',
    agencyId: u!.agency_id,
    roles: u!.roles,
    displayName: u!.display_name,
    email: u!.email,
    ip: 'test',
  };
  // A child of another district than the other tests' items, with no assessment yet.
  const [c] = await t.db.query<Child>(
    `SELECT id, first_name, last_name, district_id, reference FROM children ch WHERE partnership_id = 'staffordshire' AND district_id <> $1 AND closed_at IS NULL
        AND date_of_birth > now() - interval '16 years' AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.child_id = ch.id) ORDER BY reference LIMIT 1`,
    [full.district_id],
  );
  const submitRfm = async (total: number, completedOn: string) => {
    const draft = (await t.services.rfm.assessments.createDraft(actor, c!.id, 'rfm', '2023', rfmContent(total, 'yes', completedOn)))!;
    await t.services.rfm.submit(actor, draft.id, draft.version);
    const [row] = await t.db.query<{ id: string }>(`SELECT id FROM triage_items WHERE subject_id = $1`, [draft.id]);
    assert.ok(row, 'the RFM went to the triage inbox');
    return row.id;
  };
  const stale = await submitRfm(30, addCalendarMonths(todayIso(), -1));
  const fresh = await submitRfm(44, todayIso());

  const inbox = await coordinator.agent.get(`/triage?district=${c!.district_id}`);
  // A row is found by its own link, the child's name (a superseded row also links to the newest).
  const rowOf = (id: string) => inbox.text.split('<tr').find((r) => r.includes(`<a class="govuk-link" href="/triage/${id}">${c!.first_name}`))!;
  assert.match(rowOf(stale), /<strong class="govuk-tag govuk-tag--grey app-superseded">Superseded<\/strong>/);
  assert.match(rowOf(stale), new RegExp(`by a newer RFM, completed [^:]+: <a class="govuk-link" href="/triage/${fresh}">open the newest`));
  assert.doesNotMatch(rowOf(fresh), /Superseded/);

  const page = await coordinator.agent.get(`/triage/${stale}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Superseded: a newer Risk Factor Matrix for [^<]+ was completed on \d{1,2} \w+ \d{4}\. Triage the newest instead\./);
  assert.match(page.text, new RegExp(`<a class="govuk-link" href="/triage/${fresh}">Open the newest in the triage inbox</a>`));
  assert.doesNotMatch((await coordinator.agent.get(`/triage/${fresh}`)).text, /Superseded/);
});
