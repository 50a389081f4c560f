import { test } from 'node:test';
import assert from 'node:assert/strict';
import { THRIVE_ELEMENTS, THRIVE_GRADE_DEFINITIONS, npaReferralDecision, recentMediumGrading, validateThriveGrading } from './thrive.ts';
import type { NpaReferralInput, ThriveGrade } from './thrive.ts';

// ---- definitions ----

test('the grading definitions are the source wording', () => {
  assert.equal(
    THRIVE_GRADE_DEFINITIONS.high.definition,
    'A number of indicators of Threat, Harm and Risk of CE where the impact is likely to be significant and likely to be imminent',
  );
  assert.equal(
    THRIVE_GRADE_DEFINITIONS.medium.definition,
    'A number of indicators of Threat, Harm and Risk of CE where there is likely to be an impact on the child',
  );
  assert.equal(
    THRIVE_GRADE_DEFINITIONS.low.definition,
    'Where there is indication of CE present but the impact is minimal and key safety measures which are likely to maintain a Low risk',
  );
});

test('THRIVE spells Threat, Harm, Risk, Investigation, Vulnerabilities, Engagement', () => {
  assert.equal(THRIVE_ELEMENTS.map((e) => e.label[0]).join(''), 'THRIVE');
});

// ---- grading validation ----

test('high with an investigation reference and an allocated professional is valid', () => {
  assert.deepEqual(validateThriveGrading({ grade: 'high', investigationReference: 'CR/1234/25', allocatedProfessional: 'A. Worker' }), []);
});

test('high with no criminal investigation is valid when the managing multi-agency team is named', () => {
  assert.deepEqual(validateThriveGrading({ grade: 'high', managingTeam: 'City CE team', allocatedProfessional: 'A. Worker' }), []);
});

test('high without an investigation reference or managing team is refused', () => {
  assert.deepEqual(
    validateThriveGrading({ grade: 'high', allocatedProfessional: 'A. Worker' }).map((e) => e.field),
    ['investigationReference'],
  );
});

test('high without an allocated professional (blank counts as missing) is refused', () => {
  assert.deepEqual(
    validateThriveGrading({ grade: 'high', investigationReference: 'CR/1', allocatedProfessional: '  ' }).map((e) => e.field),
    ['allocatedProfessional'],
  );
});

test('medium and low need neither an investigation reference nor an allocated professional', () => {
  assert.deepEqual(validateThriveGrading({ grade: 'medium' }), []);
  assert.deepEqual(validateThriveGrading({ grade: 'low' }), []);
});

test('an unknown grade is refused', () => {
  assert.equal(validateThriveGrading({ grade: 'severe' as ThriveGrade })[0]?.field, 'grade');
});

// ---- recent medium window ----

const DRMM = '2025-06-15';

test('a medium grading on 16 March is within the 3 months before a DRMM on 15 June', () => {
  assert.equal(recentMediumGrading(DRMM, [{ date: '2025-03-16', grade: 'medium' }]), '2025-03-16');
});

test('a medium grading on 15 March (exactly 3 months before 15 June) is not within the previous 3 months', () => {
  assert.equal(recentMediumGrading(DRMM, [{ date: '2025-03-15', grade: 'medium' }]), null);
});

test('on 31 May the 3-month window is clamped: 28 Feb is outside, 1 Mar is inside', () => {
  assert.equal(recentMediumGrading('2025-05-31', [{ date: '2025-02-28', grade: 'medium' }]), null);
  assert.equal(recentMediumGrading('2025-05-31', [{ date: '2025-03-01', grade: 'medium' }]), '2025-03-01');
});

test('a grading on the same day as this DRMM, or later, is not a previous grading', () => {
  assert.equal(recentMediumGrading(DRMM, [{ date: DRMM, grade: 'medium' }]), null);
  assert.equal(recentMediumGrading(DRMM, [{ date: '2025-06-20', grade: 'medium' }]), null);
});

test('a recent high or low grading does not count as a recent medium grading', () => {
  assert.equal(
    recentMediumGrading(DRMM, [
      { date: '2025-06-01', grade: 'high' },
      { date: '2025-06-02', grade: 'low' },
    ]),
    null,
  );
});

test('the latest of several recent medium gradings is reported', () => {
  assert.equal(
    recentMediumGrading(DRMM, [
      { date: '2025-04-01', grade: 'medium' },
      { date: '2025-05-20', grade: 'medium' },
      { date: '2025-01-01', grade: 'medium' },
    ]),
    '2025-05-20',
  );
});

// ---- NPA referral decision ----

const medium: NpaReferralInput = {
  grade: 'medium',
  drmmDate: DRMM,
  previousGradings: [],
  significantNewRisk: false,
  crimeIdentified: false,
  npaManagedAs: null,
};

test('medium with no recent medium grading and no crime: referral, safeguarding occurrence and NPA task', () => {
  const d = npaReferralDecision(medium);
  assert.deepEqual([d.code, d.referToNpa, d.recordOn], ['safeguarding-occurrence', true, 'safeguarding-occurrence-and-npa-task']);
  assert.match(d.sentence, /safeguarding occurrence is created and a task is sent to the NPA/);
});

test('medium graded medium 3 months less a day ago, no significant new risk: no referral', () => {
  const d = npaReferralDecision({ ...medium, previousGradings: [{ date: '2025-03-16', grade: 'medium' }] });
  assert.deepEqual([d.code, d.referToNpa, d.recordOn, d.recentMediumDate], ['recent-medium', false, null, '2025-03-16']);
  assert.match(d.sentence, /^No NPA referral: the child was graded medium at the DRMM on 2025-03-16/);
});

test('medium graded medium exactly 3 months ago: referral is sent', () => {
  const d = npaReferralDecision({ ...medium, previousGradings: [{ date: '2025-03-15', grade: 'medium' }] });
  assert.equal(d.referToNpa, true);
  assert.equal(d.recentMediumDate, null);
});

test('recent medium grading but a significant new risk is ticked: referral is sent, and says why', () => {
  const d = npaReferralDecision({
    ...medium,
    significantNewRisk: true,
    previousGradings: [{ date: '2025-05-01', grade: 'medium' }],
  });
  assert.equal(d.referToNpa, true);
  assert.equal(d.newRiskOverrodeRecentMedium, true);
  assert.match(d.sentence, /significant new risk has been identified/);
});

test('medium with a crime identified: the information goes on the crime report', () => {
  const d = npaReferralDecision({ ...medium, crimeIdentified: true });
  assert.deepEqual([d.code, d.referToNpa, d.recordOn], ['crime-report', true, 'crime-report']);
});

test('medium, no crime, child already managed by the NPA as NOM: master management report, not a new occurrence and task', () => {
  const d = npaReferralDecision({ ...medium, npaManagedAs: 'NOM' });
  assert.deepEqual([d.code, d.referToNpa, d.recordOn], ['master-management-report', true, 'master-management-report']);
  assert.match(d.sentence, /NPA already manages the child \(NOM\).*master management report instead of a new occurrence and task/);
});

test('a blank NPA management value means the NPA does not manage the child', () => {
  assert.equal(npaReferralDecision({ ...medium, npaManagedAs: '  ' }).code, 'safeguarding-occurrence');
});

test('the recent-medium rule wins over NPA management: no referral and no report entry', () => {
  const d = npaReferralDecision({ ...medium, npaManagedAs: 'HKC', previousGradings: [{ date: '2025-06-01', grade: 'medium' }] });
  assert.equal(d.code, 'recent-medium');
});

test('high and low gradings never produce an NPA referral', () => {
  for (const grade of ['high', 'low'] as const) {
    const d = npaReferralDecision({ ...medium, grade });
    assert.deepEqual([d.code, d.referToNpa, d.recordOn], ['not-medium', false, null]);
  }
});

test('a malformed DRMM date is refused', () => {
  assert.throws(() => npaReferralDecision({ ...medium, drmmDate: '2025-6-15' }), RangeError);
  assert.throws(() => npaReferralDecision({ ...medium, previousGradings: [{ date: 'yesterday', grade: 'medium' }] }), RangeError);
});
