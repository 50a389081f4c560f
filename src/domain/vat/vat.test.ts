import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bankHolidays } from '../../test-support/bank-holidays.ts';
import {
  EXAMPLE_VAT_FACTORS,
  ceRiskAssessmentDue,
  isInVatWindow,
  rotherhamRouteFor,
  scoreVat,
  validateAdjustment,
  validateVatFactors,
  vatBandFor,
  vatOutcome,
  vatWindow,
} from './vat.ts';
import type { VatFactor, VatScore, VatScoreInput } from './vat.ts';

const factors: VatFactor[] = [
  { id: 'a', name: 'Factor A', weight: 30, category: 'x' },
  { id: 'b', name: 'Factor B', weight: 10, category: 'x' },
  { id: 'c', name: 'Factor C', weight: 25, category: 'y' },
  { id: 'd', name: 'Factor D', weight: 15, category: 'y' },
];
const AS_OF = '2025-07-15';

function score(input: Partial<VatScoreInput>): VatScore {
  const r = scoreVat({ factors, evidence: [], asOf: AS_OF, ...input });
  if (!r.ok) assert.fail(JSON.stringify(r.errors));
  return r;
}

// ---- window ----

test('the window for 15 July 2025 runs from 15 January 2025 to 15 July 2025, both days included', () => {
  assert.deepEqual(vatWindow(AS_OF), { from: '2025-01-15', to: '2025-07-15' });
});

test('evidence dated exactly six calendar months before the as-of date counts', () => {
  assert.equal(isInVatWindow('2025-01-15', AS_OF), true);
});

test('evidence dated one day earlier than six months before does not count', () => {
  assert.equal(isInVatWindow('2025-01-14', AS_OF), false);
});

test('evidence dated on the as-of date counts; the day after does not', () => {
  assert.equal(isInVatWindow('2025-07-15', AS_OF), true);
  assert.equal(isInVatWindow('2025-07-16', AS_OF), false);
});

test('on 31 August the window starts on the last day of February (clamped)', () => {
  assert.equal(vatWindow('2025-08-31').from, '2025-02-28');
  assert.equal(isInVatWindow('2025-02-28', '2025-08-31'), true);
  assert.equal(isInVatWindow('2025-02-27', '2025-08-31'), false);
  assert.equal(vatWindow('2024-08-31').from, '2024-02-29');
});

// ---- scoring ----

test('no evidence scores 0, low', () => {
  const r = score({});
  assert.deepEqual([r.factorScore, r.total, r.band], [0, 0, 'low']);
});

test('a factor counts once however much evidence there is', () => {
  const r = score({
    evidence: [
      { factor: 'a', date: '2025-03-01' },
      { factor: 'a', date: '2025-05-01' },
      { factor: 'a', date: '2025-07-01' },
    ],
  });
  assert.equal(r.factorScore, 30);
  assert.equal(r.counted[0]?.evidenceCount, 3);
  assert.equal(r.counted[0]?.latestEvidence, '2025-07-01');
});

test('evidence outside the window is excluded with its reason and adds nothing', () => {
  const r = score({
    evidence: [
      { factor: 'a', date: '2025-01-14' },
      { factor: 'b', date: '2025-07-16' },
      { factor: 'c', date: '2025-01-15' },
    ],
  });
  assert.equal(r.factorScore, 25);
  assert.deepEqual(
    r.excluded.map((e) => [e.evidence.factor, e.reason]),
    [
      ['a', 'before-window'],
      ['b', 'after-as-of-date'],
    ],
  );
});

test('a factor with old and recent evidence still counts (the recent evidence is enough)', () => {
  const r = score({
    evidence: [
      { factor: 'a', date: '2024-01-01' },
      { factor: 'a', date: '2025-06-01' },
    ],
  });
  assert.equal(r.factorScore, 30);
  assert.equal(r.excluded.length, 1);
});

test('a total of 39 is low and 40 is medium', () => {
  assert.equal(score({ evidence: [{ factor: 'a', date: AS_OF }], adjustment: { value: 9, rationale: 'r' } }).band, 'low');
  assert.equal(
    score({
      evidence: [
        { factor: 'a', date: AS_OF },
        { factor: 'b', date: AS_OF },
      ],
    }).band,
    'medium',
  );
});

test('a total of 69 is medium and 70 is high', () => {
  assert.equal(vatBandFor(69), 'medium');
  assert.equal(vatBandFor(70), 'high');
  const r = score({
    evidence: [
      { factor: 'a', date: AS_OF },
      { factor: 'c', date: AS_OF },
      { factor: 'd', date: AS_OF },
    ],
  });
  assert.deepEqual([r.total, r.band], [70, 'high']);
});

test('0 and 39 are low; there is no upper limit on high', () => {
  assert.equal(vatBandFor(0), 'low');
  assert.equal(vatBandFor(39), 'low');
  assert.equal(vatBandFor(250), 'high');
});

test('a manual adjustment of +20 lifts 50 (medium) to 70 (high)', () => {
  const r = score({
    evidence: [
      { factor: 'b', date: AS_OF },
      { factor: 'c', date: AS_OF },
      { factor: 'd', date: AS_OF },
    ],
    adjustment: { value: 20, rationale: 'Intelligence not yet on the tracker' },
  });
  assert.deepEqual([r.factorScore, r.adjustment, r.total, r.band], [50, 20, 70, 'high']);
  assert.equal(r.rationale, 'Intelligence not yet on the tracker');
});

test('a deduction can take the total below a band boundary: 40 − 1 is low', () => {
  const r = score({
    evidence: [
      { factor: 'a', date: AS_OF },
      { factor: 'b', date: AS_OF },
    ],
    adjustment: { value: -1, rationale: 'Protective factors' },
  });
  assert.deepEqual([r.total, r.band], [39, 'low']);
});

test('a deduction never takes the total below 0', () => {
  const r = score({ evidence: [{ factor: 'b', date: AS_OF }], adjustment: { value: -20, rationale: 'x' } });
  assert.equal(r.total, 0);
});

test('an adjustment of ±20 is allowed; ±21 is refused', () => {
  assert.deepEqual(validateAdjustment({ value: 20, rationale: 'r' }), []);
  assert.deepEqual(validateAdjustment({ value: -20, rationale: 'r' }), []);
  assert.equal(validateAdjustment({ value: 21, rationale: 'r' })[0]?.field, 'adjustment');
  assert.equal(validateAdjustment({ value: -21, rationale: 'r' })[0]?.field, 'adjustment');
});

test('a fractional adjustment is refused', () => {
  assert.equal(validateAdjustment({ value: 2.5, rationale: 'r' })[0]?.field, 'adjustment');
});

test('a non-zero adjustment without a rationale, or with a blank one, is refused', () => {
  assert.deepEqual(
    validateAdjustment({ value: 5 }).map((e) => e.field),
    ['rationale'],
  );
  assert.deepEqual(
    validateAdjustment({ value: -5, rationale: '  ' }).map((e) => e.field),
    ['rationale'],
  );
  const r = scoreVat({ factors, evidence: [], asOf: AS_OF, adjustment: { value: 5 } });
  assert.equal(r.ok, false);
});

test('a zero adjustment needs no rationale', () => {
  assert.deepEqual(validateAdjustment({ value: 0 }), []);
});

test('evidence for an unknown factor, or with a bad date, is refused', () => {
  const r = scoreVat({
    factors,
    asOf: AS_OF,
    evidence: [
      { factor: 'zzz', date: AS_OF },
      { factor: 'a', date: '2025-02-30' },
    ],
  });
  assert.ok(!r.ok);
  assert.equal(r.errors.length, 2);
});

test('an invalid as-of date is refused', () => {
  const r = scoreVat({ factors, asOf: '15/07/2025', evidence: [] });
  assert.ok(!r.ok);
  assert.equal(r.errors[0]?.field, 'asOf');
});

// ---- outcomes ----

test('high prompts NRM consideration and must remain open to social care', () => {
  const o = vatOutcome('high');
  assert.equal(o.considerNrm, true);
  assert.equal(o.mustRemainOpenToSocialCare, true);
  assert.ok(o.messages.some((m) => /National Referral Mechanism/.test(m)));
});

test('medium must remain open to social care but does not prompt NRM', () => {
  const o = vatOutcome('medium');
  assert.deepEqual([o.mustRemainOpenToSocialCare, o.considerNrm], [true, false]);
});

test('low need not remain open to social care and points to Early Help', () => {
  const o = vatOutcome('low');
  assert.deepEqual([o.mustRemainOpenToSocialCare, o.considerNrm], [false, false]);
  assert.match(o.messages[0] ?? '', /Early Help/);
});

test('a child showing harmful sexual behaviour goes to the YMARAC, not MACE', () => {
  assert.equal(rotherhamRouteFor({ harmfulSexualBehaviour: true }).route, 'ymarac');
  assert.equal(rotherhamRouteFor({ harmfulSexualBehaviour: false }).route, 'mace');
});

test('the CE risk assessment after a Thursday MACE is due the following Tuesday (3 working days)', () => {
  assert.equal(ceRiskAssessmentDue('2025-06-05', bankHolidays), '2025-06-10');
});

test('the CE risk assessment after MACE on Thursday 2 April 2026 is due Thursday 9 April (Easter skipped)', () => {
  assert.equal(ceRiskAssessmentDue('2026-04-02', bankHolidays), '2026-04-09');
});

// ---- configuration ----

test('the example factor set is marked as an example and is valid configuration', () => {
  assert.equal(EXAMPLE_VAT_FACTORS.example, true);
  assert.ok(EXAMPLE_VAT_FACTORS.factors.length >= 10);
  assert.deepEqual(validateVatFactors(EXAMPLE_VAT_FACTORS.factors), []);
});

test('duplicate factor ids and fractional weights are configuration errors', () => {
  const errs = validateVatFactors([
    { id: 'a', name: 'A', weight: 1, category: 'c' },
    { id: 'a', name: 'A2', weight: 1.5, category: 'c' },
  ]);
  assert.equal(errs.length, 2);
});
