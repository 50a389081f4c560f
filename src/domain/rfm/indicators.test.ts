import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COMPLETION_GUIDANCE,
  CONSENT_QUESTIONS,
  INDICATOR_INSTRUCTION,
  PROFESSIONAL_JUDGEMENT,
  RAG_RATINGS,
  REVIEW_FIELDS,
  RFM_INDICATORS,
  RFM_NOTICES,
  indicatorByNumber,
  reviewHeading,
} from './indicators.ts';
import { RFM_SCORES } from './types.ts';

test('there are 14 indicators numbered 1 to 14 in order', () => {
  assert.deepEqual(
    RFM_INDICATORS.map((i) => i.number),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
  );
});

test('indicators 1–7 are subtotal A and 8–14 are subtotal B', () => {
  for (const i of RFM_INDICATORS) assert.equal(i.subtotal, i.number <= 7 ? 'A' : 'B', `indicator ${i.number}`);
});

test('every indicator has at least one descriptor for each score 0 to 4, and at least one prompt', () => {
  for (const i of RFM_INDICATORS) {
    for (const s of RFM_SCORES) assert.ok(i.descriptors[s].length > 0, `indicator ${i.number} score ${s}`);
    assert.ok(i.prompts.length > 0, `indicator ${i.number} prompts`);
  }
});

test('no transcribed text keeps PDF noise: bullet marks, tabs, double spaces or leading/trailing spaces', () => {
  for (const i of RFM_INDICATORS) {
    for (const text of [i.title, i.summaryTitle, ...i.prompts, ...RFM_SCORES.flatMap((s) => i.descriptors[s])]) {
      assert.doesNotMatch(text, /·|\t| {2}|^\s|\s$/, text);
    }
  }
});

test('descriptors are word for word: indicator 1 score 4 and indicator 11 score 4', () => {
  assert.deepEqual(indicatorByNumber(1)?.descriptors[4], [
    'Frequent and prolonged missing episodes',
    'Found in Areas where there is no connection',
    'Believed to have missing episodes which are not being reported',
  ]);
  assert.deepEqual(indicatorByNumber(11)?.descriptors[4], [
    'Sex is non-consensual. Child feels pressured to have sex or to engage in sexual acts in exchange for status/protection, possessions, or substances or affection. Child has many sexual partners /many tests for STIs or pregnancy. Child is under the age of 13 and cannot consent.',
  ]);
});

test('indicator 1 prompts include the Missing Intervention Meetings reminder for 3, 5 and 9', () => {
  assert.equal(indicatorByNumber(1)?.prompts.at(-1), 'Please ensure Missing Intervention Meetings have been completed for 3,5 & 9 as per Missing Policy.');
});

test('indicator titles keep the source wording, including "exploitive"', () => {
  assert.equal(indicatorByNumber(7)?.title, 'Ability to identify exploitive behaviour');
  assert.equal(indicatorByNumber(14)?.summaryTitle, 'Parent/Carers Engagement');
});

test('indicatorByNumber returns undefined for 0 and 15', () => {
  assert.equal(indicatorByNumber(0), undefined);
  assert.equal(indicatorByNumber(15), undefined);
});

test('the consent questions come in form order with three options for the child and for parents/carers', () => {
  assert.deepEqual(
    CONSENT_QUESTIONS.map((q) => q.id),
    ['childConsent', 'supportReferral', 'parentsAware'],
  );
  assert.equal(CONSENT_QUESTIONS[0]?.options.length, 3);
  assert.equal(CONSENT_QUESTIONS[2]?.options.length, 3);
  assert.equal(
    CONSENT_QUESTIONS[0]?.options[2]?.label,
    'No – the child has not been made aware: information is being shared in the interest of safeguarding children',
  );
});

test('only the "another professional" options ask for details; a Yes support referral asks for date and service', () => {
  for (const q of [CONSENT_QUESTIONS[0], CONSENT_QUESTIONS[2]]) {
    assert.deepEqual(
      q?.options.filter((o) => o.asksForDetails).map((o) => o.value),
      ['yes-other-professional'],
    );
  }
  assert.deepEqual(CONSENT_QUESTIONS[1]?.followUp, {
    whenValue: 'yes',
    label: 'Date of referral and name of service',
    datePlaceholder: '(Enter date)',
  });
});

test('no phone number or email address from the source appears in the form data', () => {
  // Staff named in the sources are kept out by review (and the before-stop check), not by listing their names here.
  const all = JSON.stringify({ RFM_INDICATORS, CONSENT_QUESTIONS, RFM_NOTICES, REVIEW_FIELDS, PROFESSIONAL_JUDGEMENT });
  assert.doesNotMatch(all, /@|\d{4}[- ]?\d{3}[- ]?\d{3,4}|staffordshire\.gov|catch-22\.org/i);
});

test('the not-a-referral notice names both front doors', () => {
  assert.match(RFM_NOTICES.notAReferral, /Children’s Advice and Duty Team for Stoke-on-Trent/);
  assert.match(RFM_NOTICES.notAReferral, /Children’s Advice and Support Service for Staffordshire$/);
});

test('the notices, questions and band texts are spelt right and not in capitals (issue 15 §6)', () => {
  const shown = JSON.stringify({ CONSENT_QUESTIONS, RFM_NOTICES, PROFESSIONAL_JUDGEMENT, RAG_RATINGS, INDICATOR_INSTRUCTION, COMPLETION_GUIDANCE });
  assert.doesNotMatch(shown, /referal|\btis\b|RFM’s|Please Complete|comment’s|childrens/i);
  // No run of three words in capitals (acronyms such as RFM, CSE or YOS stand alone).
  assert.doesNotMatch(shown, /\b[A-Z]{2,}\s+[A-Z]{2,}\s+[A-Z]{2,}\b/);
  assert.match(RFM_NOTICES.notAReferral, /^The RFM is not a referral to children’s social care\./);
});

test('the RAG table keeps the printed, overlapping thresholds', () => {
  assert.deepEqual(
    RAG_RATINGS.map((r) => r.printedThreshold),
    ['0-13', '13-24', '25-40', '40+'],
  );
});

test('a Section E review has nine fields, beginning with the risk level at last assessment', () => {
  assert.equal(REVIEW_FIELDS.length, 9);
  assert.equal(REVIEW_FIELDS[0]?.id, 'riskLevelAtLastAssessment');
  assert.equal(new Set(REVIEW_FIELDS.map((f) => f.id)).size, 9);
  assert.equal(reviewHeading(2), 'SECTION E – Review 2 of Child Exploitation RFM');
});
