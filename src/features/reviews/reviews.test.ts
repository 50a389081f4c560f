import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { formatDate, todayIso } from '../../platform/dates.ts';
import { addCalendarMonths, addDays } from '../../domain/calendar/dates.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addWorkingDays, nextWorkingDay } from '../../domain/calendar/working-days.ts';
import { loadConfig } from '../../config.ts';
import { createServices } from '../../services.ts';
import { markDue, markDueOfSeries } from './due-marks.ts';

const t = await testApp();
const today = todayIso();

type Child = { id: string; reference: string; district_id: string | null };
const children = async (partnership: string) =>
  t.db.query<Child>(`SELECT id, reference, district_id FROM children WHERE partnership_id = $1 ORDER BY reference`, [partnership]);

// Start each partnership from no risk decisions, so that what the dashboard shows is what these tests put there.
// Written here in SQL, not through a service: review_due (migration 071) is computed again from scratch at the next view.
for (const p of ['rotherham', 'llr', 'staffordshire']) {
  await t.db.query(`UPDATE assessments SET superseded_at = now() WHERE partnership_id = $1`, [p]);
}
await t.db.query(`DELETE FROM review_due_state`);

async function assess(partnership: string, childId: string, instrument: string, completedOn: string, level: string, role = 'chair') {
  const author = await t.userId(role, partnership);
  const [u] = await t.db.query<{ agency_id: string }>(`SELECT agency_id FROM users WHERE id = $1`, [author]);
  await t.db.query(
    `INSERT INTO assessments (partnership_id, series_id, child_id, instrument, instrument_version, status, author_user_id, author_agency_id, completed_on, judged_level, scored_level, risk_type, submitted_at)
     VALUES ($1, gen_random_uuid(), $2, $3, 'test', 'submitted', $4, $5, $6, $7, $7, 'CCE', now())`,
    [partnership, childId, instrument, author, u!.agency_id, completedOn, level],
  );
  // As the assessments' repository marks what it submits (review_due, migration 071).
  await markDue(t.db, partnership, [childId]);
}

const [r1, r2, r3] = await children('rotherham');
// A high-risk VAT two months ago: the review (1 month) and the CE risk assessment (3 working days) are overdue.
await assess('rotherham', r1!.id, 'vat', addDays(today, -60), 'high');
// A medium-risk VAT today: the CE risk assessment is due in 3 working days; the review in 3 months.
await assess('rotherham', r2!.id, 'vat', today, 'medium');

test('the dashboard lists what is overdue and due soon, soonest first, with links to the child and the rule that set each date', async () => {
  const coordinator = await t.signIn('coordinator', 'rotherham');
  const res = await coordinator.agent.get('/reviews');
  assert.equal(res.status, 200);
  assert.match(res.text, /<h1 class="govuk-heading-l">Reviews and assessments due<\/h1>/);
  assert.match(res.text, /govuk-tag--red">2 overdue/);
  // Sorted on the server, a page at a time: a sort in the browser would order one page only.
  assert.doesNotMatch(res.text, /moj-sortable-table/);
  assert.doesNotMatch(res.text, /govuk-pagination/, 'a page or less: no pagination');
  assert.match(res.text, new RegExp(`href="/children/${r1!.id}"`));
  const ceDue = addWorkingDays(today, 3, t.config.bankHolidays);
  assert.match(res.text, new RegExp(`<time datetime="${ceDue}">`), 'the CE risk assessment 3 working days after today’s MACE');
  assert.match(res.text, /3 working days after the MACE on/);
  assert.doesNotMatch(res.text, new RegExp(`/children/${r3!.id}"`), 'a child with no risk decision is not listed');
  const dates = [...res.text.matchAll(/<time datetime="(\d{4}-\d\d-\d\d)">/g)].map((m) => m[1]!);
  assert.deepEqual(dates, [...dates].sort());
  assert.ok(dates.length >= 3, 'two overdue and one due soon');
  const [entry] = await t.db.query<{ action: string; details: { shown: number } }>(
    `SELECT action, details FROM audit_events WHERE action = 'review.read' AND actor_user_id = $1 ORDER BY id DESC LIMIT 1`,
    [await t.userId('coordinator', 'rotherham')],
  );
  assert.equal(entry!.details.shown, dates.length);
});

test('API: the child’s record carries the current risk, the next review date and the assessment due date', async () => {
  const token = await t.apiToken('chair', 'rotherham');
  const res = await t.request().get(`/api/v1/children/${r2!.id}`).set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.currentRisk, { level: 'medium', type: 'CCE', instrument: 'vat', date: today });
  assert.equal(res.body.nextReviewOn, addCalendarMonths(today, 3), 'Rotherham: medium is reviewed 3 months on');
  assert.equal(res.body.assessmentDueOn, addWorkingDays(today, 3, t.config.bankHolidays), 'the CE risk assessment within 3 working days');
  const none = await t.request().get(`/api/v1/children/${r3!.id}`).set('Authorization', `Bearer ${token}`);
  assert.deepEqual([none.body.currentRisk, none.body.nextReviewOn, none.body.assessmentDueOn], [null, null, null]);
  const doc = await t.request().get('/api/v1/openapi.json').set('Authorization', `Bearer ${token}`);
  assert.match(JSON.stringify(doc.body), /assessmentDueOn/);
});

test('overdue only, by kind, and by district', async () => {
  const chair = await t.signIn('chair', 'rotherham');
  const overdue = await chair.agent.get('/reviews?show=overdue');
  assert.equal([...overdue.text.matchAll(/govuk-tag--red">Overdue/g)].length, 2);
  assert.doesNotMatch(overdue.text, /govuk-tag--yellow">Due soon/);
  const ce = await chair.agent.get('/reviews?show=all&kind=ce-risk-assessment');
  assert.doesNotMatch(ce.text, />Review<br>/);
  assert.match(ce.text, /CE risk assessment<br>/);
  const [other] = await t.db.query<{ id: string }>(`SELECT id FROM districts WHERE partnership_id = 'rotherham' AND id IS DISTINCT FROM $1 LIMIT 1`, [
    r1!.district_id,
  ]);
  if (other) {
    const none = await chair.agent.get(`/reviews?district=${other.id}&show=all`);
    if (r2!.district_id !== other.id) assert.doesNotMatch(none.text, new RegExp(`/children/${r1!.id}"`));
  }
  if (r1!.district_id) {
    const mine = await chair.agent.get(`/reviews?district=${r1!.district_id}&show=all`);
    assert.match(mine.text, new RegExp(`/children/${r1!.id}"`));
  }
  // Nothing overdue of a kind: the page says so and offers what is scheduled of that kind (the other filters kept).
  const staffordshire = await t.signIn('coordinator', 'staffordshire'); // no risk decisions yet (the Staffordshire tests below add them)
  const noRfm = await staffordshire.agent.get('/reviews?show=overdue&kind=rfm-renewal');
  assert.match(noRfm.text, /Nothing is overdue that matches the filters\./);
  assert.match(
    noRfm.text,
    /<a class="govuk-link govuk-link--no-visited-state" href="\/reviews\?show=all&amp;kind=rfm-renewal">See everything scheduled that matches the other filters<\/a>/,
  );
  assert.doesNotMatch(ce.text, /See everything scheduled/, 'not when everything scheduled is what is shown');
  const junk = await chair.agent.get('/reviews?district=nowhere&show=%3Cscript%3E&kind=x');
  assert.equal(junk.status, 200, 'unknown filter values fall back to the defaults');
});

test('recording the CE risk assessment: bad input is refused with errors and nothing saved; then the next is due 12 weeks on', async () => {
  const practitioner = await t.signIn('practitioner', 'rotherham');
  const url = `/reviews/children/${r2!.id}/ce-risk-assessment`;
  const form = await practitioner.agent.get(url);
  assert.equal(form.status, 200);
  assert.match(form.text, new RegExp(`Next due by <time datetime="${addWorkingDays(today, 3, t.config.bankHolidays)}">`));
  const bad = await practitioner.post(url, {
    'completedOn-day': '31',
    'completedOn-month': '2',
    'completedOn-year': '2026',
    meetingKind: 'party',
    agencyId: 'nowhere',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<title>Error: /);
  assert.match(bad.text, /href="#completedOn-day">The date it was completed must be a real date/);
  assert.match(bad.text, /href="#meetingKind">Select the meeting/);
  assert.match(bad.text, /href="#agencyId">Select the agency/);
  const future = await practitioner.post(url, {
    'completedOn-day': '1',
    'completedOn-month': '1',
    'completedOn-year': String(Number(today.slice(0, 4)) + 1),
    meetingKind: 'mace',
    agencyId: 'evolve',
  });
  assert.equal(future.status, 400);
  assert.match(future.text, /must be today or in the past/);
  const [{ n }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ce_risk_assessment_updates WHERE child_id = $1`, [r2!.id])) as [
    { n: number },
  ];
  assert.equal(n, 0, 'nothing saved');
  const [agency] = await t.db.query<{ id: string }>(`SELECT id FROM agencies WHERE partnership_id = 'rotherham' ORDER BY id LIMIT 1`);
  const [y, m, d] = today.split('-');
  const ok = await practitioner.post(url, {
    'completedOn-day': d,
    'completedOn-month': m,
    'completedOn-year': y,
    meetingKind: 'core-group',
    agencyId: agency!.id,
    outcome: 'low',
  });
  assert.equal(ok.status, 303);
  const after = await practitioner.agent.get(ok.headers.location!);
  assert.match(after.text, /The CE risk assessment was recorded/);
  assert.match(after.text, new RegExp(`Next due by <time datetime="${addDays(today, 84)}">`));
  assert.match(after.text, /Core Group/);
  const [entry] = await t.db.query<{ child_id: string }>(
    `SELECT child_id FROM audit_events WHERE action = 'review.ce-assessment.record' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(entry!.child_id, r2!.id);
});

test('002 §4.7: a Medium or High CE risk assessment outcome records the type of exploitation; a Low one does not ask it', async () => {
  const practitioner = await t.signIn('practitioner', 'rotherham');
  const url = `/reviews/children/${r3!.id}/ce-risk-assessment`;
  const form = await practitioner.agent.get(url);
  assert.equal(form.status, 200);
  assert.match(form.text, /What was the outcome\?/);
  for (const level of ['high', 'medium', 'low']) assert.match(form.text, new RegExp(`name="outcome" type="radio" value="${level}"`));
  assert.doesNotMatch(form.text, /name="outcome" type="radio" value="\w+" checked/, 'no outcome pre-selected');
  assert.match(form.text, /If the outcome is medium or high: what type of exploitation was discussed\?/);
  assert.match(form.text, /Not needed when the outcome is low/);
  for (const type of ['CSE', 'CCE', 'Dual']) assert.match(form.text, new RegExp(`name="riskType" type="radio" value="${type}"`));
  assert.doesNotMatch(form.text, /name="riskType" type="radio" value="\w+" checked/, 'no type pre-selected');
  const [y, m, d] = today.split('-');
  const base = { 'completedOn-day': d, 'completedOn-month': m, 'completedOn-year': y, meetingKind: 'mace', agencyId: 'evolve' };
  const rows = async () =>
    t.db.query<{ outcome: string; risk_type: string | null }>(
      `SELECT outcome, risk_type FROM ce_risk_assessment_updates WHERE partnership_id = 'rotherham' AND child_id = $1 ORDER BY recorded_at, id`,
      [r3!.id],
    );

  const none = await practitioner.post(url, base);
  assert.equal(none.status, 400);
  assert.match(none.text, /href="#outcome">Select the outcome of the CE risk assessment/);
  for (const level of ['medium', 'high']) {
    const missing = await practitioner.post(url, { ...base, outcome: level });
    assert.equal(missing.status, 400, `${level} without a type`);
    assert.match(missing.text, /<title>Error: /);
    assert.match(missing.text, /href="#riskType">Select the type of exploitation discussed/);
    assert.match(missing.text, new RegExp(`name="outcome" type="radio" value="${level}" checked`), 'the outcome is kept');
  }
  const junk = await practitioner.post(url, { ...base, outcome: 'high', riskType: 'Gangs' });
  assert.equal(junk.status, 400, 'only the vocabulary’s types');
  assert.deepEqual(await rows(), [], 'nothing saved');

  assert.equal((await practitioner.post(url, { ...base, outcome: 'low' })).status, 303, 'low: no type required');
  assert.equal((await practitioner.post(url, { ...base, outcome: 'low', riskType: 'CSE' })).status, 303, 'low: a type given anyway is not kept');
  assert.equal((await practitioner.post(url, { ...base, outcome: 'medium', riskType: 'Dual' })).status, 303);
  assert.equal((await practitioner.post(url, { ...base, outcome: 'high', riskType: 'CCE' })).status, 303);
  assert.deepEqual(await rows(), [
    { outcome: 'low', risk_type: null },
    { outcome: 'low', risk_type: null },
    { outcome: 'medium', risk_type: 'Dual' },
    { outcome: 'high', risk_type: 'CCE' },
  ]);
  const page = await practitioner.agent.get(url);
  assert.match(page.text, /High – Criminal exploitation \(CCE\)/);
  assert.match(page.text, /Medium – Both \(dual\)/);
  assert.match(page.text, />Low</);
});

test('a review date set by the meeting wins over the interval', async () => {
  const chair = await t.userId('chair', 'rotherham');
  const [s] = await t.db.query<{ id: string }>(
    `INSERT INTO meeting_series (partnership_id, type_id, name, rrule, first_date, start_time, duration_minutes) VALUES ('rotherham', 'mace', 'Test MACE', 'FREQ=WEEKLY;BYDAY=TH', '2026-01-01', '09:30', 60) RETURNING id`,
  );
  const [o] = await t.db.query<{ id: string }>(
    `INSERT INTO meeting_occurrences (partnership_id, series_id, original_starts_at, starts_at, ends_at) VALUES ('rotherham', $1, now(), now(), now() + interval '1 hour') RETURNING id`,
    [s!.id],
  );
  const set = addDays(today, 10);
  const [i] = await t.db.query<{ id: string }>(
    `INSERT INTO agenda_items (partnership_id, occurrence_id, kind, position, slot_minutes, risk_instrument, risk_level, next_review_on, decided_by, decided_at, created_by)
     VALUES ('rotherham', $1, 'child', 0, 15, 'vat', 'high', $2, $3, now(), $3) RETURNING id`,
    [o!.id, set, chair],
  );
  await t.db.query(`INSERT INTO agenda_item_children (partnership_id, item_id, child_id) VALUES ('rotherham', $1, $2)`, [i!.id, r1!.id]);
  await markDue(t.db, 'rotherham', [r1!.id]);
  const coordinator = await t.signIn('coordinator', 'rotherham');
  const res = await coordinator.agent.get('/reviews?kind=review');
  assert.match(res.text, new RegExp(`<time datetime="${set}">`));
  assert.match(res.text, /the date the meeting set/);
});

test('LLR reviews per THRIVE grade: high after 2 weeks', async () => {
  const [l1] = await children('llr');
  await assess('llr', l1!.id, 'thrive', addDays(today, -15), 'high', 'coordinator');
  const coordinator = await t.signIn('coordinator', 'llr');
  const res = await coordinator.agent.get('/reviews');
  assert.match(res.text, new RegExp(`<time datetime="${addDays(today, -1)}">`));
  assert.match(res.text, /govuk-tag--red">Overdue/);
  assert.doesNotMatch(res.text, /CE risk assessment<br>/, 'LLR has no CE risk assessment rule');
});

test('Staffordshire: the RFM is renewed six months on, and the review is at the child’s next district panel', async () => {
  const [s1, s2] = await children('staffordshire');
  const completed = addDays(today, -190);
  await assess('staffordshire', s1!.id, 'rfm', completed, 'medium', 'practitioner');
  // Medium: 2 months on, then the first panel of the child's district on or after that date.
  await assess('staffordshire', s2!.id, 'rfm', addDays(today, -10), 'medium', 'practitioner');
  const coordinator = await t.signIn('coordinator', 'staffordshire');
  const res = await coordinator.agent.get('/reviews?show=all');
  assert.match(res.text, /RFM renewal<br>/);
  assert.match(res.text, new RegExp(`RFM completed on ${formatDate(completed)}`));
  const interval = addCalendarMonths(addDays(today, -10), 2);
  const [panel] = await t.db.query<{ on_date: string }>(
    `SELECT (o.starts_at AT TIME ZONE 'Europe/London')::date AS on_date FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = 'staffordshire' AND s.type_id = 'district-mace' AND s.district_id = $1 AND o.status <> 'cancelled' AND (o.starts_at AT TIME ZONE 'Europe/London')::date >= $2
      ORDER BY o.starts_at LIMIT 1`,
    [s2!.district_id, interval],
  );
  assert.ok(panel, 'the district panels are scheduled');
  assert.ok(panel.on_date >= interval);
  assert.match(res.text, new RegExp(`<time datetime="${panel.on_date}">`));
  assert.match(res.text, /medium risk on \d{1,2} \w+ \d{4}, at the next district panel/);
  const ce = await coordinator.agent.get(`/reviews/children/${s1!.id}/ce-risk-assessment`);
  assert.equal(ce.status, 404, 'the CE risk assessment is Rotherham’s');
});

test('a review overdue for over a year: the child’s identity bar and the dashboard give the same date (every past panel counts for both)', async () => {
  // A child in a district with no decision at a meeting nor a review of an assessment (the demo has some of each).
  const [s3] = await t.db.query<Child>(
    `SELECT id, reference, district_id FROM children ch WHERE partnership_id = 'staffordshire' AND district_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM agenda_item_children c JOIN agenda_items i ON i.partnership_id = c.partnership_id AND i.id = c.item_id
                         WHERE c.partnership_id = ch.partnership_id AND c.child_id = ch.id AND i.decided_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM assessment_reviews r WHERE r.partnership_id = ch.partnership_id AND r.child_id = ch.id)
      ORDER BY reference DESC LIMIT 1`,
  );
  // High risk 500 days ago: reviewed within weeks, at the first panel of the district on or after that date — a panel
  // 405 days ago, older than the 400 days back from today the identity bar used to read.
  const decided = addDays(today, -500);
  const [series] = await t.db.query<{ id: string }>(
    `SELECT id FROM meeting_series WHERE partnership_id = 'staffordshire' AND type_id = 'district-mace' AND district_id = $1 LIMIT 1`,
    [s3!.district_id],
  );
  const old = new Date(`${addDays(today, -405)}T10:00:00Z`);
  await t.db.query(
    `INSERT INTO meeting_occurrences (partnership_id, series_id, original_starts_at, starts_at, ends_at) VALUES ('staffordshire', $1, $2, $2, $3)`,
    [series!.id, old, new Date(old.getTime() + 3_600_000)],
  );
  await markDueOfSeries(t.db, 'staffordshire', series!.id);
  await assess('staffordshire', s3!.id, 'rfm', decided, 'high', 'practitioner');
  const coordinator = await t.signIn('coordinator', 'staffordshire');
  const page = await coordinator.agent.get(`/children/${s3!.id}`);
  assert.equal(page.status, 200);
  const header = /Next review ([^<]+)<\/span>/.exec(page.text)?.[1];
  assert.equal(header, formatDate(addDays(today, -405)), 'the identity bar counts the panel 405 days ago');
  const list = await coordinator.agent.get(`/reviews?show=overdue`);
  const row = list.text.split('<tr').find((r) => r.includes(`/children/${s3!.id}"`) && /Review<br>|>Review</.test(r));
  assert.ok(row, 'the child’s review is on the dashboard');
  assert.match(row, new RegExp(`<time datetime="${addDays(today, -405)}">`));
});

test('the dashboard is for coordinators, chairs and administrators; recording is for those who write assessments', async () => {
  for (const role of ['practitioner', 'responder', 'analyst']) {
    const u = await t.signIn(role, 'rotherham');
    assert.equal((await u.agent.get('/reviews')).status, 403, role);
  }
  const admin = await t.signIn('administrator', 'rotherham');
  assert.equal((await admin.agent.get('/reviews')).status, 200);
  assert.equal((await admin.agent.get(`/reviews/children/${r1!.id}/ce-risk-assessment`)).status, 403);
  const other = await t.signIn('practitioner', 'llr');
  assert.equal((await other.agent.get(`/reviews/children/${r1!.id}/ce-risk-assessment`)).status, 404, 'another partnership’s child');
  const practitioner = await t.signIn('practitioner', 'rotherham');
  assert.equal((await practitioner.agent.get('/reviews/children/not-an-id/ce-risk-assessment')).status, 404);
});

test('a VAT in a year the bank holiday data does not hold still shows, counting weekends only, and says so', async () => {
  const [, , , r4] = await children('rotherham');
  await assess('rotherham', r4!.id, 'vat', '2023-12-21', 'low');
  const coordinator = await t.signIn('coordinator', 'rotherham');
  const res = await coordinator.agent.get('/reviews?show=all&kind=ce-risk-assessment');
  assert.equal(res.status, 200);
  // Thursday 21 December 2023 + 3 weekdays (Christmas not held for 2023) = Tuesday 26 December.
  assert.match(
    res.text,
    /3 working days after the MACE on 21 December 2023 \(no bank holiday data for that year: weekends only\)[\s\S]*?<time datetime="2023-12-26">/,
  );
});

test('issue 14: a closed record has no reviews due (nor reminders); reopened, its reviews are due again', async () => {
  const [, , , , r5] = await children('rotherham');
  await assess('rotherham', r5!.id, 'vat', addDays(today, -60), 'high');
  const coordinator = await t.signIn('coordinator', 'rotherham');
  const listed = async () => (await coordinator.agent.get('/reviews?show=all')).text.includes(`href="/children/${r5!.id}"`);
  assert.ok(await listed(), 'due while open');
  const token = await t.apiToken('coordinator', 'rotherham');
  const close = await t.request().post(`/api/v1/children/${r5!.id}/close`).set('Authorization', `Bearer ${token}`).send({ reason: 'risk-reduced' });
  assert.equal(close.status, 200);
  assert.equal(await listed(), false, 'closed: not due');
  const reopen = await t.request().post(`/api/v1/children/${r5!.id}/reopen`).set('Authorization', `Bearer ${token}`).send({ reason: 'New concerns.' });
  assert.equal(reopen.status, 200);
  assert.ok(await listed(), 'reopened: due again');
});

test('the bank holidays are a value: two sets of services in one process, built with different lists, give different working days', async () => {
  const shipped = t.config.bankHolidays;
  // A newer bank holidays file (BANK_HOLIDAYS_FILE) that adds a closure on the next working day.
  const closure = nextWorkingDay(today, shipped);
  const events = [...shipped.holidays.map((h) => ({ title: h.name, date: h.date })), { title: 'Invented closure', date: closure }];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mace-holidays-')), 'bank-holidays.json');
  fs.writeFileSync(file, JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events } }));
  const newer = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BANK_HOLIDAYS_FILE: file } as NodeJS.ProcessEnv).bankHolidays;
  const rotherham = t.partnerships.get('rotherham')!;
  // A child of its own: a medium-risk VAT today, so the CE risk assessment is due 3 working days on.
  const [, , , , , r6] = await children('rotherham');
  await assess('rotherham', r6!.id, 'vat', today, 'medium');

  const first = createServices(t.db, { ...t.config, bankHolidays: shipped }, t.partnerships);
  const second = createServices(t.db, { ...t.config, bankHolidays: newer }, t.partnerships);
  const due = async (s: ReturnType<typeof createServices>) => (await s.reviews.dueDates(rotherham, r6!.id, today)).assessmentDueOn;
  const before = await due(first);
  assert.equal(before, addWorkingDays(today, 3, shipped), 'the shipped list: 3 working days after today’s VAT');
  assert.equal(await due(second), addWorkingDays(closure, 3, shipped), 'the newer list: the closure is not a working day');
  assert.notEqual(await due(second), before);
  // Building the second changed nothing for the first, nor for the app's own services (no process-wide list).
  assert.equal(await due(first), before);
  assert.equal(await due(t.services), before);
  // The VAT page's next steps follow the same value.
  const vat = { status: 'submitted', completed_on: today, judged_level: 'medium' } as Parameters<typeof first.vat.nextSteps>[1];
  assert.deepEqual([first.vat.nextSteps(rotherham, vat)?.ceDue, second.vat.nextSteps(rotherham, vat)?.ceDue], [before, addWorkingDays(closure, 3, shipped)]);
});

test('issue 17: a long list is shown a page at a time (50 rows), soonest first across pages, the filters kept in the page links', async () => {
  // 61 more LLR children, each assessed low on its own day, so their reviews fall 3 months on, one a day apart.
  const author = await t.userId('coordinator', 'llr');
  const added = await t.db.query<{ id: string }>(
    `INSERT INTO children (partnership_id, reference, first_name, last_name)
     SELECT 'llr', 'PG' || lpad(i::text, 6, '0'), 'Paged', 'Child ' || i FROM generate_series(1, 61) AS i RETURNING id`,
  );
  for (const [i, c] of added.entries()) await assess('llr', c.id, 'thrive', addDays(today, -i), 'low', 'coordinator');
  try {
    const coordinator = await t.signIn('coordinator', 'llr');
    const dates = (html: string) => [...html.matchAll(/<time datetime="(\d{4}-\d\d-\d\d)">/g)].map((m) => m[1]!);
    const first = await coordinator.agent.get('/reviews?show=all&kind=review');
    assert.equal(first.status, 200);
    const total = Number(/Showing 1 to 50 of (\d+) items/.exec(first.text)?.[1]);
    assert.ok(total >= 61 && total <= 100, `every review of LLR on two pages (${total})`);
    assert.equal(dates(first.text).length, 50);
    assert.match(first.text, /class="govuk-pagination"/);
    assert.match(first.text, /href="\/reviews\?show=all&amp;kind=review&amp;page=2"/, 'the next page keeps the filters');
    const second = await coordinator.agent.get('/reviews?show=all&kind=review&page=2');
    assert.match(second.text, new RegExp(`Showing 51 to ${total} of ${total} items`));
    const all = [...dates(first.text), ...dates(second.text)];
    assert.equal(all.length, total);
    assert.deepEqual(all, [...all].sort(), 'soonest first across the pages');
    assert.match(second.text, /href="\/reviews\?show=all&amp;kind=review"[^>]*>\s*1\s*</, 'page 1 is the page without a number');
    // A page past the end is the last page; a page that is not a number is the first.
    assert.deepEqual(dates((await coordinator.agent.get('/reviews?show=all&kind=review&page=99')).text), dates(second.text));
    assert.deepEqual(dates((await coordinator.agent.get('/reviews?show=all&kind=review&page=x')).text), dates(first.text));
    const [entry] = await t.db.query<{ details: { shown: number; total: number; page: number } }>(
      `SELECT details FROM audit_events WHERE action = 'review.read' AND actor_user_id = $1 ORDER BY id DESC LIMIT 1`,
      [author],
    );
    assert.deepEqual([entry!.details.shown, entry!.details.total, entry!.details.page], [50, total, 1]);
  } finally {
    await t.db.query(`UPDATE assessments SET superseded_at = now() WHERE partnership_id = 'llr' AND child_id = ANY($1::uuid[])`, [added.map((c) => c.id)]);
    await markDue(
      t.db,
      'llr',
      added.map((c) => c.id),
    );
  }
});
