/**
 * Each figure of each report against hand-built records where the right answer is known. The records are
 * dated in 2025, before the demo data, so only they are counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { fixtures } from './fixtures.ts';
import { buildReport } from './builders.ts';
import { tableForExport, reportPack } from './service.ts';
import { PDFParse } from 'pdf-parse';
import { findTable, type Report } from './model.ts';
import { nextReviewDate } from '../../domain/cadence/review.ts';
import { intervalSql } from '../../domain/reports/intervals.ts';

const t = await testApp();
// The records are all inserted before any test is registered, so that no test ends the run while inserting.
const later: (() => void)[] = [];
const check = (name: string, fn: () => unknown) => later.push(() => test(name, fn as () => void));
const uid = async (role: string, p: string) =>
  (await t.db.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM users WHERE email = $1`, [`${role}@${p}.example.org`]))[0]!;
const now = new Date('2025-05-02T09:00:00Z');

/** The count in a table's row (by label) and column (by heading; the last column when not given). */
function count(r: Report, tableId: string, row: string, col?: string): number {
  const found = findTable(r, tableId);
  assert.ok(found, `table ${tableId}`);
  const tb = found.table;
  assert.equal(tb.kind, 'count');
  if (tb.kind !== 'count') return NaN;
  const rr = tb.rows.find((x) => x.label === row);
  if (!rr) return 0;
  const ci = col === undefined ? tb.columns.length - 1 : tb.columns.indexOf(col);
  assert.ok(ci >= 0, `column ${col} of ${tableId}: ${tb.columns.join(', ')}`);
  return rr.cells[ci]!.count;
}
const listCells = (r: Report, tableId: string) => {
  const tb = findTable(r, tableId)!.table;
  return tb.kind === 'list' ? tb.rows.map((x) => x.cells) : [];
};

// ------------------------------------------------------------------------------------------------
const staffs = t.partnerships.get('staffordshire')!;
const su = await uid('coordinator', 'staffordshire');
const s = fixtures(t.db, 'staffordshire', su.id, su.agency_id);
const c1 = await s.child({ district: 'tamworth', primaryRisk: 'CCE' });
const c2 = await s.child({ district: 'tamworth', primaryRisk: 'CSE' });
const c3 = await s.child({ district: 'tamworth' });
const c4 = await s.child({ district: 'stafford', primaryRisk: 'CCE' });
const c5 = await s.child({ district: 'tamworth', primaryRisk: 'CSE' });
const c6 = await s.child({ district: 'tamworth', primaryRisk: 'CSE' });
await s.assessment(c1, { instrument: 'rfm', on: '2024-09-15', level: 'medium', type: 'CCE' });
await s.assessment(c1, {
  instrument: 'rfm',
  on: '2025-01-10',
  level: 'medium',
  type: 'CCE',
  content: { indicators: { 1: { score: '3' }, 2: { score: '4' } } },
});
await s.assessment(c2, {
  instrument: 'rfm',
  on: '2025-03-10',
  level: 'high',
  scored: 'medium',
  type: 'CSE',
  content: {
    indicators: { 5: { score: '3' }, 6: { score: '2' } },
    judgement: { decision: 'override', band: 'evidenced', reason: 'Police intelligence of a new adult association' },
  },
});
await s.assessment(c6, { instrument: 'rfm', on: '2024-10-05', level: 'medium', type: 'CSE' });
const c7 = await s.child({ district: 'tamworth', primaryRisk: 'CSE' });
await s.assessment(c7, { instrument: 'rfm', on: '2024-09-20', level: 'medium', type: 'CSE' });
await s.assessment(c7, { instrument: 'rfm', on: '2025-03-21', level: 'medium' });
const r1 = await s.referral(c1, { category: 1, level: 'medium', at: '2025-03-05T10:00:00Z', district: 'tamworth' });
await s.referral(c3, { category: 2, level: null, at: '2025-04-01T10:00:00Z', district: 'tamworth' });
const early = await s.meeting({ district: 'tamworth', at: '2025-01-15T10:00:00Z' });
await s.item(early.occ, [c2], { level: 'high' });
const march = await s.meeting({ district: 'tamworth', at: '2025-03-20T10:00:00Z' });
await s.item(march.occ, [c1], { level: 'high', referralId: r1 });
await s.item(march.occ, [c5], { level: 'high', status: 'planned' });
await s.item(march.occ, [], { kind: 'location', location: 'Bus station', level: null });
const april = await s.meeting({ district: 'tamworth', at: '2025-04-10T09:00:00Z' });
await s.item(april.occ, [c2, c3], { level: 'medium' });
const staffordPanel = await s.meeting({ district: 'stafford', at: '2025-03-20T10:00:00Z' });
await s.item(staffordPanel.occ, [c4], { level: 'low' });
const hotspot = await s.record('location', 'Canal towpath', { locationKind: 'hotspot' });
const safe = await s.record('location', 'Youth centre', { locationKind: 'safe-space' });
await s.link(c1, hotspot, 'frequents');
await s.link(c2, hotspot, 'found-at');
await s.link(c1, safe, 'frequents');
await s.action({ agency: 'police', childId: c2, created: '2025-03-02T10:00:00Z', due: '2025-03-15' });
await s.action({ agency: 'education', childId: c1, created: '2025-02-01T10:00:00Z', due: '2025-05-30', status: 'done', completed: '2025-04-02T10:00:00Z' });
await s.action({ agency: 'police', childId: c4, created: '2025-03-02T10:00:00Z', due: '2025-03-15' });
await s.trainingNeed({ on: '2025-04-05', need: 'Recognising county lines grooming online', agency: 'education', district: 'tamworth' });

const biPeriod = { from: '2025-03-01', to: '2025-04-30' };
const tamworth = await buildReport(t.db, staffs, 'bi-monthly', {
  period: biPeriod,
  districtId: 'tamworth',
  today: '2025-05-02',
  now,
  police: true,
  calendar: t.config.bankHolidays,
});
const county = await buildReport(t.db, staffs, 'bi-monthly', {
  period: biPeriod,
  districtId: null,
  today: '2025-05-02',
  now,
  police: true,
  calendar: t.config.bankHolidays,
});

check('bi-monthly: children discussed by the level decided and the type on their latest RFM, once each, only items discussed', () => {
  assert.equal(count(tamworth, 'discussed-level-type', 'High', 'Criminal exploitation (CCE)'), 1);
  assert.equal(count(tamworth, 'discussed-level-type', 'Medium', 'Sexual exploitation (CSE)'), 1, 'c2 counted once, at its April discussion');
  assert.equal(count(tamworth, 'discussed-level-type', 'Medium', 'Other or not recorded'), 1);
  assert.equal(count(tamworth, 'discussed-level-type', 'Total', 'Total'), 3, 'the planned item and the Stafford panel are not counted');
  assert.equal(count(county, 'discussed-level-type', 'Total', 'Total'), 4, 'the county counts every district');
  assert.equal(count(county, 'discussed-level-type', 'Low', 'Criminal exploitation (CCE)'), 1);
});

check('bi-monthly: thresholding decisions by category', () => {
  assert.equal(count(tamworth, 'category', '1. Discuss at MACE'), 1);
  assert.equal(count(tamworth, 'category', '2. Insufficient information'), 1);
  assert.equal(count(tamworth, 'category', '4. Remove from MACE'), 0);
});

check('bi-monthly: movement compares the panel decision with the previous decision, else the level on referral', () => {
  assert.equal(count(tamworth, 'movement', 'Risk increased'), 1, 'c1: medium on referral → high');
  assert.equal(count(tamworth, 'movement', 'Risk reduced'), 1, 'c2: high in January → medium in April');
  assert.equal(count(tamworth, 'movement', 'First panel decision'), 1, 'c3');
  assert.equal(count(tamworth, 'movement-matrix', 'High', 'Medium'), 1);
});

check('bi-monthly: themes are RFM indicators scored 3 or 4 in RFMs completed in the period', () => {
  const themes = findTable(tamworth, 'themes')!.table;
  assert.equal(themes.kind === 'count' && themes.rows.length, 1, 'only c2’s RFM is in the period, with one indicator at 3 or more');
  assert.match(themes.kind === 'count' ? themes.rows[0]!.label : '', /^5\. /);
  assert.equal(count(tamworth, 'trend-rfm', 'March 2025', 'Sexual exploitation (CSE)'), 1);
  assert.equal(count(tamworth, 'trend-discussed', 'April 2025'), 2);
});

check('bi-monthly: locations linked to the children discussed, by kind, and location items', () => {
  assert.equal(count(tamworth, 'location-kinds', 'Hotspot'), 1);
  assert.equal(count(tamworth, 'location-kinds', 'Safe space'), 1);
  assert.equal(count(tamworth, 'locations', 'Canal towpath (Hotspot)'), 2);
  assert.deepEqual(listCells(tamworth, 'location-items'), [['Bus station']]);
});

check('bi-monthly: RFM compliance: current at the meeting, renewals on time or not yet, overrides and their reasons', () => {
  assert.equal(count(tamworth, 'rfm-current', 'Current (within six months)'), 2);
  assert.equal(count(tamworth, 'rfm-current', 'Not current or none'), 1);
  assert.equal(count(tamworth, 'renewals', 'Renewed on time'), 1, 'c1’s September RFM renewed in January');
  assert.equal(count(tamworth, 'renewals', 'Not yet renewed'), 1, 'c6');
  assert.equal(count(tamworth, 'renewals', 'Renewed late'), 1, 'c7: current until 20 March, renewed on the 21st');
  assert.equal(count(tamworth, 'overrides', 'Raised above the scored level'), 1);
  assert.deepEqual(
    listCells(tamworth, 'override-reasons').map((r) => r[3]),
    ['Police intelligence of a new adult association'],
  );
});

check('bi-monthly: actions set, completed and overdue by agency; training needs', () => {
  assert.equal(count(tamworth, 'actions-agency', 'Staffordshire Police', 'Set'), 1);
  assert.equal(count(tamworth, 'actions-agency', 'Staffordshire Police', 'Overdue'), 1);
  assert.equal(count(tamworth, 'actions-agency', 'Education', 'Completed'), 1);
  assert.equal(count(tamworth, 'actions-agency', 'Education', 'Set'), 0, 'set before the period');
  assert.equal(count(county, 'actions-agency', 'Staffordshire Police', 'Set'), 2);
  assert.equal(count(tamworth, 'training-agency', 'Education'), 1);
});

check('suppression for sharing outside: small counts become "fewer than 5" and lists are left out', () => {
  const tb = tableForExport(findTable(tamworth, 'movement')!.table, staffs, true)!;
  assert.deepEqual(
    tb.rows.find((r) => r[0] === 'Risk increased'),
    ['Risk increased', 'fewer than 5'],
  );
  assert.deepEqual(
    tb.rows.find((r) => r[0] === 'Risk reduced'),
    ['Risk reduced', 'fewer than 5'],
  );
  assert.deepEqual(
    tb.rows.find((r) => r[0] === 'Total'),
    ['Total', 'fewer than 5'],
    'the total of 3 is itself small',
  );
  assert.equal(tableForExport(findTable(tamworth, 'override-reasons')!.table, staffs, true), undefined);
  assert.deepEqual(tableForExport(findTable(tamworth, 'movement')!.table, staffs, false)!.rows[0], ['Risk increased', 1]);
});

// ------------------------------------------------------------------------------------------------
const llr = t.partnerships.get('llr')!;
const lu = await uid('coordinator', 'llr');
const l = fixtures(t.db, 'llr', lu.id, lu.agency_id);
const h1 = await l.child({ district: 'leicester-city', primaryRisk: 'CSE', education: 'Northgate Academy' });
const h2 = await l.child({ district: 'rutland', primaryRisk: 'CCE' });
const m1 = await l.child({ district: 'leicestershire', primaryRisk: 'CCE' });
const m2 = await l.child({ district: 'leicestershire', primaryRisk: 'CSE' });
const x1 = await l.child({ district: 'leicester-city', primaryRisk: 'CSE' });
const d1 = await l.child({ district: 'rutland', primaryRisk: 'CCE' });
await l.assessment(d1, { instrument: 'thrive', on: '2025-02-10', level: 'high' });
await l.assessment(h1, { instrument: 'thrive', on: '2025-02-01', level: 'high' });
await l.assessment(h2, { instrument: 'thrive', on: '2025-03-10', level: 'high' });
await l.assessment(m1, { instrument: 'thrive', on: '2025-03-05', level: 'medium' });
await l.assessment(m2, { instrument: 'thrive', on: '2024-12-01', level: 'medium' });
await l.assessment(m2, { instrument: 'thrive', on: '2025-03-06', level: 'low' });
await l.assessment(x1, { instrument: 'thrive', on: '2025-04-01', level: 'high' });
await l.concern(h1, { at: '2025-01-05T10:00:00Z' });
await l.concern(h1, { at: '2025-01-20T10:00:00Z' });
await l.concern(h1, { at: '2025-03-05T10:00:00Z', source: 'screening-tool' });
await l.concern(h2, { at: '2025-03-11T10:00:00Z' });
await l.missing(m1, { went: '2025-03-12', concern: true });
await l.missing(m2, { went: '2025-03-12', returned: '2025-03-13', concern: true });
// Three episodes in the 90 days to 17 March 2025, all returned: an MPRU consideration; two are not.
const rep = await l.child({ district: 'rutland', primaryRisk: 'CCE' });
for (const went of ['2024-12-18', '2025-01-20', '2025-03-01']) await l.missing(rep, { went, returned: went });
const two = await l.child({ district: 'rutland', primaryRisk: 'CCE' });
for (const went of ['2024-12-17', '2025-01-20', '2025-03-01']) await l.missing(two, { went, returned: went });
const exploiter = await l.record('person', 'Dean Fixture', { role: 'suspected-exploiter' });
await l.link(h1, exploiter, 'suspected-exploiter', '2025-01-01');
const park = await l.record('location', 'Riverside park', { locationKind: 'hotspot' });
await l.link(h2, park, 'frequents');
const formSeries = await l.meeting({ at: '2025-02-26T10:30:00Z', type: 'form' });
await l.action({ agency: 'police', childId: h2, created: '2025-03-01T10:00:00Z', due: '2025-04-30', seriesId: formSeries.series });
await l.action({
  agency: 'education',
  childId: h2,
  created: '2025-03-01T10:00:00Z',
  due: '2025-03-10',
  status: 'done',
  completed: '2025-03-09T10:00:00Z',
  seriesId: formSeries.series,
});
await l.investigation(h1, { kind: 's47', started: '2025-02-01', outcome: 'ongoing' });
await l.investigation(h2, { kind: 'criminal', started: '2025-01-01', outcome: 'nfa', outcomeOn: '2025-02-01' });

const formPeriod = { from: '2025-03-04', to: '2025-03-17' };
const formReport = await buildReport(t.db, llr, 'form', {
  period: formPeriod,
  districtId: null,
  today: '2025-03-17',
  now,
  police: true,
  calendar: t.config.bankHolidays,
});
const formNoPolice = await buildReport(t.db, llr, 'form', {
  period: formPeriod,
  districtId: null,
  today: '2025-03-17',
  now,
  police: false,
  calendar: t.config.bankHolidays,
});
const refs = async (...ids: string[]) =>
  (await t.db.query<{ reference: string }>(`SELECT reference FROM children WHERE id = ANY($1::uuid[]) ORDER BY reference`, [ids])).map((r) => r.reference);

check('FORM: high-risk children by authority at the end of the period (a later grading not counted)', async () => {
  assert.equal(count(formReport, 'high-authority', 'Leicester City'), 1);
  assert.equal(count(formReport, 'high-authority', 'Rutland'), 2);
  assert.equal(count(formReport, 'high-authority', 'Total'), 3);
  assert.deepEqual(
    listCells(formReport, 'high-list').map((r) => r[0]),
    await refs(h1, h2, d1),
  );
});

check('FORM: downgrade considerations, medium-risk cases of the fortnight, oversight list', async () => {
  assert.deepEqual(
    listCells(formReport, 'downgrade').map((r) => r[0]),
    await refs(d1),
    'd1 graded high over 2 weeks ago with no concern since; h1 has a new concern',
  );
  assert.deepEqual(
    listCells(formReport, 'medium-fortnight').map((r) => r[0]),
    await refs(m1),
  );
  assert.deepEqual(
    listCells(formReport, 'oversight').map((r) => r[0]),
    await refs(m1),
    'm2 is now low',
  );
});

check('FORM: missing in the previous 14 days with an exploitation concern (high or medium only), MPRU, actions carried forward', async () => {
  assert.equal(count(formReport, 'missing-level', 'Medium'), 1);
  assert.deepEqual(
    listCells(formReport, 'missing-list').map((r) => r[0]),
    await refs(m1),
    'm2 is low',
  );
  const mpru = listCells(formReport, 'mpru');
  assert.deepEqual(
    mpru.map((r) => r[0]),
    [...(await refs(m1)), ...(await refs(rep))],
    'm1 still missing at the end of the period; rep with 3 episodes in 90 days; not two, whose first was 91 days before',
  );
  assert.deepEqual(
    mpru.map((r) => r[2]),
    ['Missing since 12 March 2025', '3 missing episodes in 90 days'],
  );
  assert.equal(count(formReport, 'carried-agency', 'Leicestershire Police'), 1);
  assert.equal(count(formReport, 'carried-agency', 'Education'), 0, 'done');
});

check('FORM: perpetrator considerations only with police access; geographical areas', () => {
  assert.deepEqual(
    listCells(formReport, 'perpetrators').map((r) => r.slice(0, 3)),
    [['Dean Fixture', 'suspected-exploiter', '1']],
  );
  assert.deepEqual(
    listCells(formReport, 'perpetrator-downgrade').map((r) => r[0]),
    ['Dean Fixture'],
    'no link seen in the period',
  );
  const withheld = formNoPolice.sections.find((x) => x.id === 'perpetrators')!;
  assert.equal(withheld.tables.length, 0);
  assert.equal(count(formReport, 'areas', 'Riverside park (Hotspot)'), 1);
});

const monthlyReport = await buildReport(t.db, llr, 'monthly', {
  period: { from: '2025-03-01', to: '2025-03-31' },
  districtId: null,
  today: '2025-04-02',
  now,
  police: true,
  calendar: t.config.bankHolidays,
});
const monthlyNoPolice = await buildReport(t.db, llr, 'monthly', {
  period: { from: '2025-03-01', to: '2025-03-31' },
  districtId: null,
  today: '2025-04-02',
  now,
  police: false,
  calendar: t.config.bankHolidays,
});

check('Monthly: DRMM referrals by authority and type, screening tools, 3 or more referrals', async () => {
  assert.equal(count(monthlyReport, 'referrals', 'Leicester City', 'CSE'), 1);
  assert.equal(count(monthlyReport, 'referrals', 'Rutland', 'CCE'), 1);
  assert.equal(count(monthlyReport, 'referrals', 'Total', 'Total'), 2, 'January concerns are outside the period');
  assert.equal(count(monthlyReport, 'screening', 'Leicester City'), 1);
  assert.equal(count(monthlyReport, 'repeat', 'Leicester City'), 1);
  assert.deepEqual(listCells(monthlyReport, 'repeat-list'), [[...(await refs(h1)), 'Leicester City', '3']]);
});

check('Monthly: open cases, CSE and CCE high risk by authority, open investigations (police only), education establishments', () => {
  assert.equal(count(monthlyReport, 'open-cases', 'Leicestershire County', 'Medium'), 1);
  assert.equal(count(monthlyReport, 'high-by-authority', 'Leicester City', 'CSE'), 1, 'x1 graded in April is not counted');
  assert.equal(count(monthlyReport, 'high-by-authority', 'Rutland', 'CCE'), 2);
  assert.equal(count(monthlyReport, 'investigations', 'Leicester City', 'Child protection (s47)'), 1);
  assert.equal(count(monthlyReport, 'investigations', 'Rutland', 'Criminal'), 0, 'closed with NFA before the period ended');
  assert.equal(monthlyNoPolice.sections.find((x) => x.id === 'investigations')!.tables.length, 0);
  assert.equal(count(monthlyReport, 'education', 'Northgate Academy'), 1);
});

// ------------------------------------------------------------------------------------------------
const roth = t.partnerships.get('rotherham')!;
const ru = await uid('chair', 'rotherham');
const r = fixtures(t.db, 'rotherham', ru.id, ru.agency_id);
const v1 = await r.child({ district: 'rotherham', primaryRisk: 'CCE' });
const v2 = await r.child({ district: 'rotherham', primaryRisk: 'CSE' });
const v3 = await r.child({ district: 'rotherham', primaryRisk: 'CSE' });
await r.assessment(v1, { instrument: 'vat', on: '2025-01-10', level: 'high', type: 'CCE' });
await r.assessment(v2, { instrument: 'vat', on: '2025-02-15', level: 'medium' });
await r.assessment(v3, { instrument: 'vat', on: '2025-02-25', level: 'high', type: 'Dual' });
const mace = await r.meeting({ at: '2025-03-06T09:30:00Z' });
await r.item(mace.occ, [v1], { level: 'high' });
await r.item(mace.occ, [v2], { level: 'medium' });
await r.ceRiskAssessment(v1, '2025-03-11');
await r.ceRiskAssessment(v2, '2025-03-12');
// 002 §4.7: v1's later CE risk assessment (medium, CCE) is its latest in the period; v3 high and CSE; v4 low with no type.
await r.ceRiskAssessment(v1, '2025-03-25', { outcome: 'medium', riskType: 'CCE' });
await r.ceRiskAssessment(v3, '2025-03-20', { outcome: 'high', riskType: 'CSE' });
const v4 = await r.child({ district: 'rotherham', primaryRisk: 'CSE' });
await r.ceRiskAssessment(v4, '2025-03-21', { outcome: 'low' });
await r.ceRiskAssessment(v4, '2025-04-02', { outcome: 'high', riskType: 'Dual' });
const rothReport = await buildReport(t.db, roth, 'rotherham', {
  period: { from: '2025-03-01', to: '2025-03-31' },
  districtId: null,
  today: '2025-03-20',
  now,
  police: true,
  calendar: t.config.bankHolidays,
});

check('Rotherham: children by VAT band and type', () => {
  assert.equal(count(rothReport, 'bands', 'High', 'Criminal exploitation (CCE)'), 1);
  assert.equal(count(rothReport, 'bands', 'High', 'Both (dual)'), 1);
  assert.equal(count(rothReport, 'bands', 'Medium', 'Sexual exploitation (CSE)'), 1, 'no VAT type: the child’s primary risk');
});

check('Rotherham: reviews overdue (high after 1 month) and due in the period', () => {
  assert.equal(count(rothReport, 'reviews', 'High', 'Overdue'), 1, 'v1 due 10 February');
  assert.equal(count(rothReport, 'reviews', 'High', 'Due in the period'), 1, 'v3 due 25 March, after today');
  assert.equal(count(rothReport, 'reviews', 'Medium', 'Due in the period'), 0, 'v2 due in May');
});

check('Rotherham: CE risk assessments within 3 working days of MACE', () => {
  assert.equal(count(rothReport, 'timeliness', 'Within 3 working days'), 1, 'Thursday 6 March → Tuesday 11 March');
  assert.equal(count(rothReport, 'timeliness', 'Later than 3 working days'), 1);
});

check('002 §4.7: the Rotherham report counts CE risk assessments by outcome and type of exploitation', () => {
  assert.equal(count(rothReport, 'ce-outcomes', 'Medium', 'Criminal exploitation (CCE)'), 1, 'v1: its latest in the period');
  assert.equal(count(rothReport, 'ce-outcomes', 'High', 'Sexual exploitation (CSE)'), 1, 'v3');
  assert.equal(count(rothReport, 'ce-outcomes', 'Low', 'No type recorded'), 1, 'v4: low asks no type (its April one is after the period)');
  assert.equal(count(rothReport, 'ce-outcomes', 'High', 'Both (dual)'), 0);
  assert.equal(count(rothReport, 'ce-outcomes', 'Outcome not recorded', 'No type recorded'), 1, 'v2: recorded before the outcome was asked');
  const csv = tableForExport(findTable(rothReport, 'ce-outcomes')!.table, roth, false)!;
  assert.deepEqual(csv.columns, ['Outcome', 'Sexual exploitation (CSE)', 'Criminal exploitation (CCE)', 'Both (dual)', 'No type recorded', 'Total']);
  assert.deepEqual(csv.rows[1], ['Medium', 0, 1, 0, 0, 1]);
});

check('the FORM document pack: a PDF with the marking, the lists, and without the police-only figures', async () => {
  const pack = await reportPack(t.db, llr, 'form', formPeriod, now, '2025-03-17', t.config.bankHolidays);
  assert.equal(pack.filename, 'llr-form-2025-03-04-2025-03-17.pdf');
  const parser = new PDFParse({ data: pack.pdf });
  const text = (await parser.getText()).text;
  await parser.destroy();
  assert.match(text, /SENSITIVE – CONFIDENTIAL/);
  assert.match(text, /should not be printed/);
  assert.match(text, new RegExp((await refs(d1))[0]!));
  assert.doesNotMatch(text, /Dean Fixture/);
  assert.match(text, /Not included: police intelligence and investigation figures/);
});

check('review intervals in SQL give the dates nextReviewDate gives (month ends clamped, weeks as days)', async () => {
  const cases: [string, { value: number; unit: 'weeks' | 'months' }][] = [
    ['2025-01-31', { value: 1, unit: 'months' }],
    ['2024-08-31', { value: 6, unit: 'months' }],
    ['2024-02-29', { value: 12, unit: 'months' }],
    ['2025-03-10', { value: 2, unit: 'weeks' }],
  ];
  for (const [on, i] of cases) {
    const [row] = await t.db.query<{ d: string }>(`SELECT ($1::date + $2::interval)::date AS d`, [on, intervalSql(i)]);
    assert.equal(row!.d, nextReviewDate(on, 'high', { high: i, medium: i, low: i }), `${on} + ${i.value} ${i.unit}`);
  }
});

for (const register of later) register();
