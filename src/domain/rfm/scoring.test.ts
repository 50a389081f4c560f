import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_RFM_BANDS,
  PRINTED_RFM_BANDS,
  applyProfessionalJudgement,
  bandFor,
  bandRuleStatement,
  effectiveBandRanges,
  missingEpisodePrompt,
  missingInterventionMeetingsDue,
  nextReview,
  renewalStatus,
  rfmNextStep,
  riskLevelForBand,
  validateScores,
} from './scoring.ts';
import type { BandDefinition } from './scoring.ts';

const all = (score: number): Record<number, number> => Object.fromEntries(Array.from({ length: 14 }, (_, i) => [i + 1, score]));

// ---- validation and totals ----

test('fourteen scores of 4 total 56: 28 in A and 28 in B', () => {
  const r = validateScores(all(4));
  assert.ok(r.ok);
  assert.deepEqual([r.totalA, r.totalB, r.total], [28, 28, 56]);
});

test('indicator 7 counts towards total A and indicator 8 towards total B', () => {
  const r = validateScores({ ...all(0), 7: 3, 8: 1 });
  assert.ok(r.ok);
  assert.deepEqual([r.totalA, r.totalB, r.total], [3, 1, 4]);
});

test('all zeros is valid and totals 0', () => {
  const r = validateScores(all(0));
  assert.ok(r.ok);
  assert.equal(r.total, 0);
});

test('form values "0" to "4" as strings are accepted', () => {
  const r = validateScores(Object.fromEntries(Object.entries(all(2)).map(([k, v]) => [k, String(v)])));
  assert.ok(r.ok);
  assert.equal(r.total, 28);
});

test('a missing indicator is an error naming that indicator', () => {
  const input = all(1);
  delete input[9];
  const r = validateScores(input);
  assert.equal(r.ok, false);
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => e.indicator),
    [9],
  );
  assert.match(r.errors[0]!.message, /Select a score from 0 to 4 for indicator 9 \(Mental Health/);
});

test('an empty string counts as missing', () => {
  const r = validateScores({ ...all(1), 3: '' });
  assert.ok(!r.ok);
  assert.match(r.errors[0]!.message, /^Select a score/);
});

test('5, -1, 2.5, "4.0", "x" and true are each rejected as not a whole number from 0 to 4', () => {
  const r = validateScores({ ...all(1), 1: 5, 2: -1, 3: 2.5, 4: '4.0', 5: 'x', 6: true });
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => e.indicator),
    [1, 2, 3, 4, 5, 6],
  );
  for (const e of r.errors) assert.match(e.message, /must be a whole number from 0 to 4/);
});

test('an empty submission gives one error per indicator, 14 in all', () => {
  const r = validateScores({});
  assert.ok(!r.ok);
  assert.equal(r.errors.length, 14);
});

test('an indicator 15 is reported as unknown', () => {
  const r = validateScores({ ...all(1), 15: 2 });
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => e.indicator),
    [15],
  );
});

// ---- bands ----

test('a total of 12 is no risk', () => assert.equal(bandFor(12), 'none'));
test('a total of 13 is vulnerable, not no risk', () => assert.equal(bandFor(13), 'vulnerable'));
test('a total of 24 is vulnerable and 25 is suspected', () => {
  assert.equal(bandFor(24), 'vulnerable');
  assert.equal(bandFor(25), 'suspected');
});
test('a total of 39 is suspected', () => assert.equal(bandFor(39), 'suspected'));
test('40 is evidenced, not suspected', () => assert.equal(bandFor(40), 'evidenced'));
test('0 is no risk and 56 is evidenced', () => {
  assert.equal(bandFor(0), 'none');
  assert.equal(bandFor(56), 'evidenced');
});

test('the printed, overlapping bands give the same band as the defaults for every total 0–56', () => {
  for (let t = 0; t <= 56; t++) assert.equal(bandFor(t, PRINTED_RFM_BANDS), bandFor(t), `total ${t}`);
});

test('a total outside 0–56 or not whole is refused', () => {
  assert.throws(() => bandFor(-1), RangeError);
  assert.throws(() => bandFor(57), RangeError);
  assert.throws(() => bandFor(12.5), RangeError);
});

test('a band configuration with a gap is refused for a total in the gap', () => {
  const gappy: BandDefinition[] = [
    { band: 'none', label: 'None', min: 0, max: 10 },
    { band: 'evidenced', label: 'Evidenced', min: 12, max: 56 },
  ];
  assert.throws(() => bandFor(11, gappy), /No band covers a total of 11/);
});

test('the effective ranges of the printed bands are 0–12, 13–24, 25–39, 40–56', () => {
  assert.deepEqual(
    effectiveBandRanges(PRINTED_RFM_BANDS).map((r) => [r.band, r.min, r.max]),
    DEFAULT_RFM_BANDS.map((b) => [b.band, b.min, b.max]),
  );
});

test('the band rule statement lists the bands applied and says a total on a boundary goes to the higher band (13 vulnerable, 40 evidenced)', () => {
  const s = bandRuleStatement();
  assert.match(s, /^Bands: no exploitation risk 0–12, vulnerable 13–24, suspected exploitation 25–39, evidenced exploitation 40–56\./);
  assert.match(s, /A total on a boundary goes to the higher band/);
  assert.match(s, /a total of 13 is vulnerable and a total of 40 is evidenced exploitation\.$/);
  // Issue 15 §6: the rule a practitioner needs, not the designer's reasoning about the printed form.
  assert.doesNotMatch(s, /prints|overlap|because|err towards/i);
});

test('a band configuration without overlaps states the bands only', () => {
  assert.equal(
    bandRuleStatement(DEFAULT_RFM_BANDS, DEFAULT_RFM_BANDS),
    'Bands: no exploitation risk 0–12, vulnerable 13–24, suspected exploitation 25–39, evidenced exploitation 40–56.',
  );
});

test('bands map to risk levels: none→none, vulnerable→low, suspected→medium, evidenced→high', () => {
  assert.deepEqual((['none', 'vulnerable', 'suspected', 'evidenced'] as const).map(riskLevelForBand), ['none', 'low', 'medium', 'high']);
});

// ---- professional judgement ----

test('agreeing with the score keeps the scored level and is not an override', () => {
  const r = applyProfessionalJudgement('suspected', { decision: 'agree' });
  assert.ok(r.ok);
  assert.equal(r.judgedLevel, 'medium');
  assert.equal(r.differsFromScored, false);
  assert.equal(r.direction, null);
});

test('overriding suspected up to evidenced with a reason records high and direction up', () => {
  const r = applyProfessionalJudgement('suspected', { decision: 'override', band: 'evidenced', reason: 'Disclosure today' });
  assert.ok(r.ok);
  assert.deepEqual([r.scoredLevel, r.judgedLevel, r.differsFromScored, r.direction], ['medium', 'high', true, 'up']);
  assert.equal(r.reason, 'Disclosure today');
});

test('overriding vulnerable down to no risk records none and direction down', () => {
  const r = applyProfessionalJudgement('vulnerable', { decision: 'override', band: 'none', reason: 'Scores reflect old info' });
  assert.ok(r.ok);
  assert.deepEqual([r.judgedLevel, r.direction], ['none', 'down']);
});

test('an override without a reason, or with only spaces, is refused', () => {
  for (const reason of [undefined, '', '   ']) {
    const r = applyProfessionalJudgement('suspected', { decision: 'override', band: 'evidenced', ...(reason === undefined ? {} : { reason }) });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => e.field),
      ['reason'],
    );
  }
});

test('an "override" to the band the scores already indicate is refused', () => {
  const r = applyProfessionalJudgement('suspected', { decision: 'override', band: 'suspected', reason: 'x' });
  assert.ok(!r.ok);
  assert.equal(r.errors[0]?.field, 'band');
});

// ---- reviews and renewal ----

test('the first, second and third reviews are allowed', () => {
  assert.deepEqual(nextReview(0), { ok: true, reviewNumber: 1 });
  assert.deepEqual(nextReview(2), { ok: true, reviewNumber: 3 });
});

test('a fourth review is refused: a new RFM is needed', () => {
  const r = nextReview(3);
  assert.ok(!r.ok);
  assert.match(r.message, /new Risk Factor Matrix/);
});

test('an RFM started 2025-01-15 is still current on 2025-07-15 (exactly six months)', () => {
  assert.deepEqual(renewalStatus('2025-01-15', '2025-07-15'), { renewalDue: false, currentUntil: '2025-07-15' });
});

test('an RFM started 2025-01-15 is due for renewal on 2025-07-16 (more than six months)', () => {
  assert.equal(renewalStatus('2025-01-15', '2025-07-16').renewalDue, true);
});

test('an RFM started 31 August 2025 is current until 28 February 2026 and due on 1 March', () => {
  assert.equal(renewalStatus('2025-08-31', '2026-02-28').renewalDue, false);
  assert.equal(renewalStatus('2025-08-31', '2026-03-01').renewalDue, true);
  assert.equal(renewalStatus('2025-08-31', '2026-03-01').currentUntil, '2026-02-28');
});

test('a current RFM with fewer than 3 reviews and within six months is reviewed next (Section E)', () => {
  assert.deepEqual(rfmNextStep(0, false), { step: 'review' });
  assert.deepEqual(rfmNextStep(2, false), { step: 'review' });
});

test('a new RFM is next once all 3 reviews are used, or once the RFM is more than six months old', () => {
  assert.deepEqual(rfmNextStep(3, false), { step: 'new', because: 'reviews-used' });
  assert.deepEqual(rfmNextStep(1, true), { step: 'new', because: 'renewal-due' });
  assert.deepEqual(rfmNextStep(3, true), { step: 'new', because: 'reviews-used' });
});

test('renewal refuses a malformed date', () => {
  assert.throws(() => renewalStatus('2025-01-15', '15/07/2025'), RangeError);
});

// ---- missing episodes ----

test('the 3rd, 5th and 9th missing episodes prompt a Missing Intervention Meeting; the 2nd, 4th, 6th and 10th do not', () => {
  assert.match(missingEpisodePrompt(3) ?? '', /3rd missing episode.*Missing Intervention Meeting/);
  assert.match(missingEpisodePrompt(5) ?? '', /5th/);
  assert.match(missingEpisodePrompt(9) ?? '', /9th/);
  for (const n of [1, 2, 4, 6, 8, 10]) assert.equal(missingEpisodePrompt(n), null, `episode ${n}`);
});

test('by 8 episodes meetings are due for the 3rd and 5th; by 9 also the 9th', () => {
  assert.deepEqual(missingInterventionMeetingsDue(2), []);
  assert.deepEqual(missingInterventionMeetingsDue(8), [3, 5]);
  assert.deepEqual(missingInterventionMeetingsDue(9), [3, 5, 9]);
});

test('episode 0 is not a valid episode number', () => {
  assert.throws(() => missingEpisodePrompt(0), RangeError);
});
