import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { todayIso } from '../../platform/dates.ts';
import { addCalendarMonths, addDays } from '../../domain/calendar/dates.ts';

const t = await testApp();
const chair = await t.signIn('chair', 'rotherham');
const kids = await t.db.query<{ id: string; first_name: string; last_name: string }>(
  `SELECT id, first_name, last_name FROM children WHERE partnership_id = 'rotherham' ORDER BY reference`,
);
let next = 0;
/** Each test works on its own child, so that drafts and VATs do not meet. */
const freshChild = () => kids[next++]!;

const today = todayIso();
const monthsAgo = (n: number) => addCalendarMonths(today, -n);
const parts = (iso: string, prefix: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y };
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Starts a VAT for a child (no harmful sexual behaviour) and returns the draft's id and version. */
async function startVat(childId: string, extra: Record<string, string> = {}) {
  const res = await chair.post(`/children/${childId}/vat/new`, { harmfulSexualBehaviour: 'no', placed: 'no', ...extra });
  assert.equal(res.status, 303, res.text);
  const id = new RegExp(`^/vat/(${UUID.source})$`).exec(res.headers.location!)![1]!;
  return { id, version: await versionOf(id) };
}
const versionOf = async (id: string) => (await t.db.query<{ version: number }>(`SELECT version FROM assessments WHERE id = $1`, [id]))[0]!.version;

/** The form's fields for evidence: { factorId: isoDate }. */
function form(evidence: Record<string, string>, o: { asOf?: string; adjustment?: string; rationale?: string; action?: string } = {}) {
  const body: Record<string, unknown> = {
    factors: Object.keys(evidence),
    adjustment: o.adjustment ?? '',
    rationale: o.rationale ?? '',
    action: o.action ?? 'continue',
    ...parts(o.asOf ?? today, 'asOf'),
  };
  for (const [f, date] of Object.entries(evidence)) Object.assign(body, parts(date, `date-${f}`), { [`note-${f}`]: `Evidence about ${f}` });
  return body;
}
async function save(id: string, body: Record<string, unknown>) {
  return chair.post(`/vat/${id}`, { version: String(await versionOf(id)), ...body });
}
/** Submits the draft; `riskType`: the type of exploitation chosen with the decision (asked at medium and high, 002 §4.7). */
async function submit(id: string, riskType?: string) {
  return chair.post(`/vat/${id}/submit`, { version: String(await versionOf(id)), ...(riskType ? { riskType } : {}) });
}

test('the start page asks about harmful sexual behaviour and the placing authority, with GOV.UK errors', async () => {
  const child = freshChild();
  const page = await chair.agent.get(`/children/${child.id}/vat/new`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Does the child show harmful sexual behaviour\?/);
  assert.match(page.text, /placed here by another local authority/);
  const empty = await chair.post(`/children/${child.id}/vat/new`, {});
  assert.equal(empty.status, 400);
  assert.match(empty.text, /<title>Error: /);
  assert.match(empty.text, /href="#harmfulSexualBehaviour">Select yes if the child shows harmful sexual behaviour/);
  assert.match(empty.text, /href="#placed">Select yes if the child is looked after/);
  const noAuthority = await chair.post(`/children/${child.id}/vat/new`, { harmfulSexualBehaviour: 'no', placed: 'yes', placingAuthority: '' });
  assert.equal(noAuthority.status, 400);
  assert.match(noAuthority.text, /href="#placingAuthority">Enter the placing authority/);
  assert.match(noAuthority.text, /name="harmfulSexualBehaviour" type="radio" value="no" checked/, 'the answers are kept');
});

test('a child showing harmful sexual behaviour is turned away from MACE with the YMARAC route, and no VAT is started', async () => {
  const child = freshChild();
  const res = await chair.post(`/children/${child.id}/vat/new`, { harmfulSexualBehaviour: 'yes' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/children/${child.id}/vat/not-for-mace`);
  const page = await chair.agent.get(res.headers.location!);
  assert.equal(page.status, 200);
  assert.match(page.text, /This child cannot be discussed at MACE/);
  assert.match(page.text, /YMARAC/);
  assert.match(page.text, /Youth Justice Service/);
  assert.match(page.text, /fortnight/);
  assert.match(page.text, /ymarac@rotherham\.example\.org/);
  assert.doesNotMatch(page.text, /<form method="post" action="\/vat/, 'nothing else: no VAT form');
  const [row] = await t.db.query<{ hsb: boolean; n: number }>(
    `SELECT c.harmful_sexual_behaviour AS hsb, (SELECT count(*)::int FROM assessments a WHERE a.child_id = c.id) AS n FROM children c WHERE c.id = $1`,
    [child.id],
  );
  assert.deepEqual(row, { hsb: true, n: 0 });
  const audits = await t.db.query<{ action: string; details: { route?: string } }>(
    `SELECT action, details FROM audit_events WHERE child_id = $1 AND action IN ('vat.start', 'child.update') ORDER BY id`,
    [child.id],
  );
  assert.deepEqual(
    audits.map((a) => a.action),
    ['child.update', 'vat.start'],
  );
  assert.equal(audits[1]!.details.route, 'ymarac');
  // The start page remembers the answer; answering no records that and starts the VAT.
  assert.match((await chair.agent.get(`/children/${child.id}/vat/new`)).text, /name="harmfulSexualBehaviour" type="radio" value="yes" checked/);
  await startVat(child.id);
  const [after] = await t.db.query<{ hsb: boolean }>(`SELECT harmful_sexual_behaviour AS hsb FROM children WHERE id = $1`, [child.id]);
  assert.equal(after!.hsb, false);
});

test('the chair completes a VAT: example factors marked, evidence aged out not counted, adjustment changes the band, both levels kept', async () => {
  const child = freshChild();
  const { id } = await startVat(child.id, { placed: 'yes', placingAuthority: 'Exampleshire County Council' });
  const [placed] = await t.db.query<{ placing_authority: string }>(`SELECT placing_authority FROM children WHERE id = $1`, [child.id]);
  assert.equal(placed!.placing_authority, 'Exampleshire County Council', 'a looked after child is recorded with their placing authority');

  const page = await chair.agent.get(`/vat/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /These factors are an example set/);
  assert.match(page.text, /Arrested or found with drugs indicating supply/);
  assert.match(page.text, /name="factors" type="checkbox" value="drug-supply"/);
  assert.match(page.text, /id="date-drug-supply-day"/);

  // 20 + 15 + 15 = 50 counted (medium); 15 more is 7 months old and does not count; +20 makes 70 (high).
  const body = form(
    { 'drug-supply': monthsAgo(1), 'adults-of-concern': monthsAgo(2), 'gang-affiliation': monthsAgo(5), 'found-out-of-area': monthsAgo(7) },
    { adjustment: '20', rationale: 'Intelligence this week of a county lines run, not yet on the tracker.' },
  );
  const saved = await save(id, body);
  assert.equal(saved.status, 303, saved.text);
  assert.equal(saved.headers.location, `/vat/${id}/check`);

  const check = await chair.agent.get(`/vat/${id}/check`);
  assert.equal(check.status, 200);
  assert.match(check.text, /Check the VAT before you submit it/);
  assert.match(check.text, /Factor score\s*<\/dt>\s*<dd[^>]*>\s*50 \(medium on the factors alone\)/);
  assert.match(check.text, /Manual adjustment\s*<\/dt>\s*<dd[^>]*>\s*\+20/);
  assert.match(check.text, /Total\s*<\/dt>\s*<dd[^>]*>\s*70/);
  assert.match(check.text, /govuk-tag--red">\s*High/);
  assert.match(check.text, /National Referral Mechanism \(NRM\) referral should be considered/);
  assert.match(check.text, /must remain open to social care/);
  assert.match(check.text, /Evidence not counted/);
  assert.match(check.text, /Found out of area with no known connection<\/th>\s*<td[^>]*>[^<]+<\/td>\s*<td[^>]*>Older than 6 months/);
  assert.match(check.text, /These factors are an example set/);

  const done = await submit(id, 'CCE');
  assert.equal(done.status, 303);
  assert.equal(done.headers.location, `/vat/${id}?submitted=1`);
  const [a] = await t.db.query<{
    status: string;
    instrument_version: string;
    completed_on: string;
    scored_level: string;
    judged_level: string;
    scored_result: Record<string, unknown>;
    content: Record<string, unknown>;
  }>(`SELECT status, instrument_version, completed_on, scored_level, judged_level, scored_result, content FROM assessments WHERE id = $1`, [id]);
  assert.equal(a!.status, 'submitted');
  assert.equal(a!.instrument_version, 'example-2026');
  assert.equal(a!.completed_on, today);
  assert.equal(a!.scored_level, 'medium', 'the factor score band');
  assert.equal(a!.judged_level, 'high', 'the adjusted total band');
  assert.deepEqual(
    { factorScore: a!.scored_result.factorScore, adjustment: a!.scored_result.adjustment, total: a!.scored_result.total, band: a!.scored_result.band },
    { factorScore: 50, adjustment: 20, total: 70, band: 'high' },
  );
  assert.equal((a!.content.evidence as unknown[]).length, 4);
  assert.equal(a!.content.placingAuthority, 'Exampleshire County Council');
  assert.equal(a!.content.asOf, today);

  const shown = await chair.agent.get(`/vat/${id}?submitted=1`);
  assert.match(shown.text, /VAT submitted/);
  assert.match(shown.text, /Book the MACE review for 1 month/);
  assert.match(shown.text, /Amend this VAT/);
  assert.doesNotMatch(shown.text, /name="factors"/, 'a submitted VAT is read-only');

  const history = await t.db.query<{ scored_level: string; judged_level: string }>(
    `SELECT scored_level, judged_level FROM assessments WHERE child_id = $1 AND status = 'submitted'`,
    [child.id],
  );
  assert.deepEqual(history, [{ scored_level: 'medium', judged_level: 'high' }]);
  const [timeline] = await t.db.query<{ summary: string }>(`SELECT summary FROM timeline_events WHERE child_id = $1 AND kind = 'assessment'`, [child.id]);
  assert.match(timeline!.summary, /Vulnerability Assessment Tool submitted: high risk \(scored medium\)/);
  const actions = (await t.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE subject_id = $1 AND outcome = 'allowed' ORDER BY id`, [id])).map(
    (r) => r.action,
  );
  for (const expected of ['assessment.create', 'assessment.save', 'assessment.submit']) assert.ok(actions.includes(expected), expected);

  // Submitted is read-only: a save is refused and nothing changes.
  const refused = await chair.post(`/vat/${id}`, { version: '99', ...form({ 'drug-supply': monthsAgo(1) }) });
  assert.equal(refused.status, 409);
  assert.match(refused.text, /cannot be changed/);
  const resubmit = await chair.post(`/vat/${id}/submit`, { version: String(await versionOf(id)) });
  assert.equal(resubmit.status, 409);
  assert.equal((await t.db.query<{ total: number }>(`SELECT (scored_result->>'total')::int AS total FROM assessments WHERE id = $1`, [id]))[0]!.total, 70);
});

test('the manual adjustment may be ±20 and no more', async () => {
  const { id } = await startVat(freshChild().id);
  for (const bad of ['21', '-21', '+21', '2.5', 'ten']) {
    const res = await save(id, form({}, { adjustment: bad, rationale: 'A reason' }));
    assert.equal(res.status, 400, bad);
    assert.match(res.text, /href="#adjustment">The manual adjustment must be a whole number from −20 to \+20/, bad);
    assert.match(res.text, new RegExp(`name="adjustment" type="text" spellcheck="false" value="${bad.replace('+', '\\+')}"`), `${bad} is kept`);
  }
  for (const ok of ['20', '-20', '−20', '+20']) {
    const res = await save(id, form({}, { adjustment: ok, rationale: 'A reason', action: 'draft' }));
    assert.equal(res.status, 303, ok);
  }
  const [row] = await t.db.query<{ adjustment: number }>(`SELECT (content->>'adjustment')::int AS adjustment FROM assessments WHERE id = $1`, [id]);
  assert.equal(row!.adjustment, 20);
});

test('a non-zero adjustment needs a rationale; the input is kept', async () => {
  const { id } = await startVat(freshChild().id);
  const res = await save(id, form({ weapon: monthsAgo(1) }, { adjustment: '-5', rationale: '  ' }));
  assert.equal(res.status, 400);
  assert.match(res.text, /<title>Error: /);
  assert.match(res.text, /href="#rationale">Record the rationale for the manual adjustment/);
  assert.match(res.text, /value="-5"/);
  assert.match(res.text, /name="factors" type="checkbox" value="weapon" checked/);
  assert.equal((await save(id, form({ weapon: monthsAgo(1) }, { adjustment: '0', rationale: '' }))).status, 303, 'no adjustment, no rationale needed');
});

test('dates in the future and evidence without a date are refused, with links to the fields', async () => {
  const { id } = await startVat(freshChild().id);
  const tomorrow = addDays(today, 1);
  const res = await save(id, form({ weapon: tomorrow }, { asOf: tomorrow }));
  assert.equal(res.status, 400);
  assert.match(res.text, /href="#asOf-day">Assessment date must be today or in the past/);
  assert.match(res.text, /href="#date-weapon-day">Date of evidence for “Carrying or concealing a weapon” must be today or in the past/);
  const noDate = await save(id, { ...form({}), factors: ['weapon'] });
  assert.equal(noDate.status, 400);
  assert.match(noDate.text, /href="#date-weapon-day">Enter the date of the most recent evidence for “Carrying or concealing a weapon”/);
  const after = await save(id, form({ weapon: monthsAgo(1) }, { asOf: monthsAgo(2) }));
  assert.equal(after.status, 400);
  assert.match(after.text, /must be on or before the assessment date/);
  const unticked = await save(id, { ...form({ weapon: tomorrow }), factors: [] });
  assert.equal(unticked.status, 303, 'a date left in an unticked factor is ignored');
});

test('evidence ages: a later VAT carries the evidence over and shows what has aged out of the six months', async () => {
  const child = freshChild();
  const first = await startVat(child.id);
  // Assessed four months ago: drug supply evidence from eight months ago was then four months old, and counted.
  assert.equal((await save(first.id, form({ 'drug-supply': monthsAgo(8), 'adults-of-concern': monthsAgo(5) }, { asOf: monthsAgo(4) }))).status, 303);
  assert.equal((await submit(first.id)).status, 303);
  const [one] = await t.db.query<{ total: number; completed_on: string }>(
    `SELECT (scored_result->>'total')::int AS total, completed_on FROM assessments WHERE id = $1`,
    [first.id],
  );
  assert.deepEqual(one, { total: 35, completed_on: monthsAgo(4) });

  const second = await startVat(child.id);
  assert.notEqual(second.id, first.id);
  const page = await chair.agent.get(`/vat/${second.id}`);
  assert.match(page.text, /carried over from the VAT completed on/);
  assert.match(page.text, /name="factors" type="checkbox" value="drug-supply" checked/);
  assert.equal((await save(second.id, form({ 'drug-supply': monthsAgo(8), 'adults-of-concern': monthsAgo(5), weapon: monthsAgo(1) }))).status, 303);
  const check = await chair.agent.get(`/vat/${second.id}/check`);
  assert.match(check.text, /Factor score\s*<\/dt>\s*<dd[^>]*>\s*30\s*</, 'drug supply (20) no longer counts: 15 + 15');
  assert.match(check.text, /Re-scoring since the VAT of/);
  assert.match(check.text, /has now aged out[\s\S]*Arrested or found with drugs indicating supply: evidence of/);
  assert.equal((await submit(second.id)).status, 303);
  const [two] = await t.db.query<{ r: { factorScore: number; notCounted: { factor: string; reason: string }[] } }>(
    `SELECT scored_result AS r FROM assessments WHERE id = $1`,
    [second.id],
  );
  assert.equal(two!.r.factorScore, 30);
  assert.deepEqual(two!.r.notCounted, [{ factor: 'drug-supply', date: monthsAgo(8), reason: 'before-window' }]);
});

test('an amendment is a new version; the submitted one is kept and replaced', async () => {
  const child = freshChild();
  const { id } = await startVat(child.id);
  assert.equal((await save(id, form({ weapon: monthsAgo(1) }))).status, 303);
  assert.equal((await submit(id)).status, 303);
  const amend = await chair.post(`/vat/${id}/amend`);
  assert.equal(amend.status, 303);
  const newId = /\/vat\/([0-9a-f-]{36})$/.exec(amend.headers.location!)![1]!;
  assert.notEqual(newId, id);
  const edit = await chair.agent.get(`/vat/${newId}`);
  assert.match(edit.text, /You are amending a submitted VAT/);
  assert.match(edit.text, /name="factors" type="checkbox" value="weapon" checked/);
  assert.equal((await save(newId, form({ weapon: monthsAgo(1), 'drug-supply': monthsAgo(1) }))).status, 303);
  assert.equal((await submit(newId)).status, 303);
  const rows = await t.db.query<{ id: string; series_version: number; superseded: boolean; total: number }>(
    `SELECT id, series_version, superseded_at IS NOT NULL AS superseded, (scored_result->>'total')::int AS total FROM assessments WHERE child_id = $1 ORDER BY series_version`,
    [child.id],
  );
  assert.deepEqual(rows, [
    { id, series_version: 1, superseded: true, total: 15 },
    { id: newId, series_version: 2, superseded: false, total: 35 },
  ]);
  const old = await chair.agent.get(`/vat/${id}`);
  assert.match(old.text, /Replaced by an amendment/);
  assert.doesNotMatch(old.text, /Amend this VAT/);
});

test('two people saving the same draft: the second save is refused with 409, the input kept on screen and in edit_conflicts', async () => {
  const { id, version } = await startVat(freshChild().id);
  const first = await chair.post(`/vat/${id}`, { version: String(version), ...form({ weapon: monthsAgo(1) }, { action: 'draft' }) });
  assert.equal(first.status, 303);
  const second = await chair.post(`/vat/${id}`, {
    version: String(version),
    ...form({ 'drug-debt': monthsAgo(2) }, { adjustment: '5', rationale: 'Stale but kept' }),
  });
  assert.equal(second.status, 409);
  assert.match(second.text, /Someone else saved this VAT/);
  assert.match(second.text, /name="factors" type="checkbox" value="drug-debt" checked/);
  assert.match(second.text, /Stale but kept/);
  assert.match(second.text, new RegExp(`name="version" value="${version + 1}"`));
  const [kept] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM edit_conflicts WHERE record_id = $1`, [id]);
  assert.equal(kept!.n, 1);
  const [row] = await t.db.query<{ factor: string }>(`SELECT content->'evidence'->0->>'factor' AS factor FROM assessments WHERE id = $1`, [id]);
  assert.equal(row!.factor, 'weapon', 'the first save stands');
});

test('a practitioner cannot start, complete or submit a VAT (403, audited) but may read one', async () => {
  const child = freshChild();
  const { id } = await startVat(child.id);
  const practitioner = await t.signIn('practitioner', 'rotherham');
  assert.equal((await practitioner.agent.get(`/children/${child.id}/vat/new`)).status, 403);
  assert.equal((await practitioner.post(`/children/${child.id}/vat/new`, { harmfulSexualBehaviour: 'no', placed: 'no' })).status, 403);
  assert.equal((await practitioner.post(`/vat/${id}`, { version: '1', ...form({ weapon: monthsAgo(1) }) })).status, 403);
  assert.equal((await practitioner.agent.get(`/vat/${id}/check`)).status, 403);
  assert.equal((await practitioner.post(`/vat/${id}/submit`, { version: '1' })).status, 403);
  const read = await practitioner.agent.get(`/vat/${id}`);
  assert.equal(read.status, 200);
  assert.doesNotMatch(read.text, /name="factors"/, 'read-only for those who do not complete VATs');
  const [denied] = await t.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events WHERE outcome = 'denied' AND actor_roles = 'practitioner' AND details->>'permission' = 'vat:complete'`,
  );
  assert.ok(denied!.n >= 5);
});

test('across partnerships a VAT is not found, and a partnership without the VAT has no VAT pages', async () => {
  const child = freshChild();
  const { id } = await startVat(child.id);
  const staffsChair = await t.signIn('chair', 'staffordshire');
  assert.equal((await staffsChair.agent.get(`/vat/${id}`)).status, 404);
  assert.equal((await staffsChair.agent.get(`/vat/${id}/check`)).status, 404);
  assert.equal((await staffsChair.post(`/vat/${id}/submit`, { version: '1' })).status, 404);
  assert.equal((await staffsChair.agent.get(`/children/${child.id}/vat/new`)).status, 404);
  const staffsChild = await t.anyChild('staffordshire');
  assert.equal((await staffsChair.agent.get(`/children/${staffsChild.id}/vat/new`)).status, 404, 'Staffordshire uses the RFM');
  assert.equal((await chair.agent.get(`/children/${staffsChild.id}/vat/new`)).status, 404);
  assert.equal((await chair.post(`/children/${staffsChild.id}/vat/new`, { harmfulSexualBehaviour: 'no', placed: 'no' })).status, 404);
});

// 20 (drug supply) + 15 (adults of concern) = 35; +4 with a rationale is 39 (low), + 5 (multiple phones) is 40 (medium), and with
// gang affiliation and a weapon (15 + 15) 70 (high): the boundaries of 002 §4.6.
const AT = {
  39: form({ 'drug-supply': monthsAgo(1), 'adults-of-concern': monthsAgo(1) }, { adjustment: '4', rationale: 'Seen in a car of concern last week' }),
  40: form({ 'drug-supply': monthsAgo(1), 'adults-of-concern': monthsAgo(1), 'multiple-phones': monthsAgo(1) }),
  70: form({
    'drug-supply': monthsAgo(1),
    'adults-of-concern': monthsAgo(1),
    'multiple-phones': monthsAgo(1),
    'gang-affiliation': monthsAgo(1),
    weapon: monthsAgo(1),
  }),
};
/** The three type tests share the demo's last Rotherham child (the demo has one child a test): each VAT replaces the last. */
const typedChild = () => kids[kids.length - 1]!;
const stored = async (id: string) =>
  (
    await t.db.query<{ status: string; judged_level: string; risk_type: string | null; content_type: string | null }>(
      `SELECT status, judged_level, risk_type, content->>'riskType' AS content_type FROM assessments WHERE id = $1`,
      [id],
    )
  )[0]!;

test('002 §4.7: a Low VAT outcome (39) neither asks nor keeps the type of exploitation', async () => {
  const child = typedChild();
  const { id } = await startVat(child.id);
  assert.equal((await save(id, AT[39])).status, 303);
  const check = await chair.agent.get(`/vat/${id}/check`);
  assert.match(check.text, /Total\s*<\/dt>\s*<dd[^>]*>\s*39/);
  assert.doesNotMatch(check.text, /name="riskType"/, 'not asked at low');
  assert.doesNotMatch(check.text, /What type of exploitation was discussed\?/);
  const done = await submit(id, 'CSE');
  assert.equal(done.status, 303, 'not required at low');
  assert.deepEqual(await stored(id), { status: 'submitted', judged_level: 'low', risk_type: null, content_type: null }, 'a type sent anyway is not kept');
});

for (const [total, band, type] of [
  [40, 'medium', 'CSE'],
  [70, 'high', 'Dual'],
] as const) {
  test(`002 §4.7: a Medium or High VAT outcome records the type of exploitation (${total}, ${band})`, async () => {
    const child = typedChild();
    const { id } = await startVat(child.id);
    assert.equal((await save(id, AT[total])).status, 303);
    const check = await chair.agent.get(`/vat/${id}/check`);
    assert.equal(check.status, 200);
    assert.match(check.text, new RegExp(`Total\\s*</dt>\\s*<dd[^>]*>\\s*${total}`));
    assert.match(check.text, /What type of exploitation was discussed\?/);
    for (const [value, label] of [
      ['CSE', 'Sexual exploitation \\(CSE\\)'],
      ['CCE', 'Criminal exploitation \\(CCE\\)'],
      ['Dual', 'Both \\(dual\\)'],
    ])
      assert.match(check.text, new RegExp(`name="riskType" type="radio" value="${value}">\\s*<label[^>]*>\\s*${label}`));
    assert.doesNotMatch(check.text, /name="riskType" type="radio" value="\w+" checked/, 'no type is pre-selected');

    const missing = await submit(id);
    assert.equal(missing.status, 400);
    assert.match(missing.text, /<title>Error: /);
    assert.match(missing.text, /href="#riskType">Select the type of exploitation discussed/);
    assert.match(missing.text, /id="riskType-error"/, 'the message beside the question');
    assert.equal((await stored(id)).status, 'draft', 'nothing submitted');
    const junk = await submit(id, 'Gangs');
    assert.equal(junk.status, 400, 'only the vocabulary’s types');
    assert.equal((await stored(id)).status, 'draft');

    const done = await submit(id, type);
    assert.equal(done.status, 303, done.text);
    assert.deepEqual(await stored(id), { status: 'submitted', judged_level: band, risk_type: type, content_type: type });
    const shown = await chair.agent.get(`/vat/${id}`);
    assert.match(
      shown.text,
      new RegExp(`Type of exploitation\\s*</dt>\\s*<dd[^>]*>\\s*${type === 'CSE' ? 'Sexual exploitation \\(CSE\\)' : 'Both \\(dual\\)'}`),
    );
    const history = await chair.agent.get(`/children/${child.id}/assessments`);
    assert.equal(history.status, 200);
    assert.match(history.text, new RegExp(`Vulnerability Assessment Tool[\\s\\S]*?${band}[\\s\\S]*?>${type}<`), 'the child’s risk history shows the type');
  });
}
