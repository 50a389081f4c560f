import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holidayCalendarFromGovUk } from '../calendar/working-days.ts';
import shipped from '../../../config/bank-holidays.json' with { type: 'json' };
import {
  atNextPanel,
  ceAssessmentDueOn,
  childSchedule,
  dueStatus,
  latestDecision,
  reviewDueOn,
  rfmRenewalDueOn,
  withinTwelveWeeks,
  type ScheduleRules,
} from './schedule.ts';

// The bank holidays come from the shipped data file, as the app reads them.
const calendar = holidayCalendarFromGovUk(shipped);
const rotherham = { high: { value: 1, unit: 'months' }, medium: { value: 3, unit: 'months' }, low: { value: 6, unit: 'months' } } as const;
const llr = { high: { value: 2, unit: 'weeks' }, medium: { value: 1, unit: 'months' }, low: { value: 3, unit: 'months' } } as const;
const rules = (o: Partial<ScheduleRules>): ScheduleRules => ({ intervals: rotherham, rfmRenewal: false, ceAssessment: false, panelCycle: false, ...o });

test('a high-risk decision on 31 January is reviewed on 28 February (month end), in a leap year on 29 February', () => {
  assert.equal(reviewDueOn({ on: '2026-01-31', level: 'high', source: 'assessment' }, rotherham), '2026-02-28');
  assert.equal(reviewDueOn({ on: '2028-01-31', level: 'high', source: 'assessment' }, rotherham), '2028-02-29');
});

test('a medium-risk decision on 30 November is reviewed on 28 February; low on 31 August is reviewed on 28 February', () => {
  assert.equal(reviewDueOn({ on: '2026-11-30', level: 'medium', source: 'assessment' }, rotherham), '2027-02-28');
  assert.equal(reviewDueOn({ on: '2026-08-31', level: 'low', source: 'assessment' }, rotherham), '2027-02-28');
});

test('LLR reviews per grade: high 2 weeks, medium 1 month, low 3 months', () => {
  assert.equal(reviewDueOn({ on: '2026-12-24', level: 'high', source: 'assessment' }, llr), '2027-01-07');
  assert.equal(reviewDueOn({ on: '2026-12-31', level: 'medium', source: 'assessment' }, llr), '2027-01-31');
  assert.equal(reviewDueOn({ on: '2026-11-30', level: 'low', source: 'assessment' }, llr), '2027-02-28');
});

test('a review date the meeting set wins over the interval; no risk means no review', () => {
  assert.equal(reviewDueOn({ on: '2026-03-12', level: 'high', source: 'meeting', nextReviewOn: '2026-03-26' }, rotherham), '2026-03-26');
  assert.equal(reviewDueOn({ on: '2026-03-12', level: 'none', source: 'assessment' }, rotherham), null);
  assert.equal(reviewDueOn(undefined, rotherham), null);
});

test('the newest decision counts, and on the same day the meeting’s decision beats the assessment', () => {
  const a = { on: '2026-03-12', level: 'medium', source: 'assessment' } as const;
  const m = { on: '2026-03-12', level: 'high', source: 'meeting' } as const;
  assert.equal(latestDecision([a, m])!.source, 'meeting');
  assert.equal(latestDecision([m, { ...a, on: '2026-03-13' }])!.on, '2026-03-13');
});

test('CE risk assessment: 3 working days after a Thursday MACE is the Tuesday', () => {
  assert.deepEqual(ceAssessmentDueOn('2026-03-12', null, calendar), { dueOn: '2026-03-17', basis: 'after-mace' });
});

test('CE risk assessment after a MACE on Thursday 24 December 2026 skips Christmas, the Boxing Day substitute and the weekend: due Thursday 31 December', () => {
  // Fri 25 (Christmas), Sat, Sun, Mon 28 (Boxing Day substitute) are not working days: 29, 30, 31.
  assert.equal(ceAssessmentDueOn('2026-12-24', null, calendar)!.dueOn, '2026-12-31');
});

test('CE risk assessment after a MACE on Thursday 2 April 2026 skips Good Friday, the weekend and Easter Monday: due Thursday 9 April', () => {
  assert.equal(ceAssessmentDueOn('2026-04-02', null, calendar)!.dueOn, '2026-04-09');
});

test('CE risk assessment after a MACE on Thursday 30 December 2027 skips the New Year substitute (3 January 2028): due Wednesday 5 January', () => {
  assert.equal(ceAssessmentDueOn('2027-12-30', null, calendar)!.dueOn, '2028-01-05');
});

test('a year beyond the bank holiday data is refused, not guessed', () => {
  assert.throws(() => ceAssessmentDueOn('2029-03-01', null, calendar), /No England and Wales bank holiday data for 2029/);
});

test('once recorded after the MACE, the CE risk assessment is next due 12 weeks (84 days) on', () => {
  assert.deepEqual(ceAssessmentDueOn('2026-03-12', '2026-03-16', calendar), { dueOn: '2026-06-08', basis: 'twelve-weeks' });
  assert.deepEqual(ceAssessmentDueOn(null, '2026-03-16', calendar), { dueOn: '2026-06-08', basis: 'twelve-weeks' });
});

test('never more than 12 weeks between CE risk assessments: a new MACE cannot push the next one past 12 weeks after the last', () => {
  // Last CE on 1 Jan 2026; 12 weeks on is 26 March; a MACE (VAT) on 25 March would give 30 March.
  assert.equal(withinTwelveWeeks('2026-01-01', '2026-03-30'), '2026-03-26');
  assert.equal(withinTwelveWeeks('2026-01-01', '2026-03-26'), '2026-03-26');
  assert.equal(ceAssessmentDueOn('2026-03-25', '2026-01-01', calendar)!.dueOn, '2026-03-26');
  assert.equal(ceAssessmentDueOn(null, null, calendar), null);
});

test('RFM renewal six months on: 31 August → 28 February, 31 January → 31 July', () => {
  assert.equal(rfmRenewalDueOn('2026-08-31'), '2027-02-28');
  assert.equal(rfmRenewalDueOn('2026-01-31'), '2026-07-31');
});

test('Staffordshire: a review falls at the first district panel on or after the interval date, or on that date when none is scheduled', () => {
  assert.equal(atNextPanel('2026-05-12', ['2026-03-10', '2026-05-12', '2026-07-14']), '2026-05-12');
  assert.equal(atNextPanel('2026-05-13', ['2026-07-14', '2026-03-10']), '2026-07-14');
  assert.equal(atNextPanel('2026-09-01', ['2026-07-14']), '2026-09-01');
  assert.equal(atNextPanel('2026-05-13', []), '2026-05-13');
  // In any order, repeated, across a year's end: the earliest on or after the date.
  assert.equal(atNextPanel('2026-12-30', ['2027-01-12', '2026-12-29', '2027-01-05', '2027-01-05', '2026-12-30']), '2026-12-30');
  assert.equal(atNextPanel('2026-12-31', ['2027-01-12', '2026-12-29', '2027-01-05', '2027-01-05', '2026-12-30']), '2027-01-05');
});

test('due on the day is not overdue; the day after is; within the window it is due soon', () => {
  assert.equal(dueStatus('2026-03-12', '2026-03-12', 7), 'due-soon');
  assert.equal(dueStatus('2026-03-11', '2026-03-12', 7), 'overdue');
  assert.equal(dueStatus('2026-03-19', '2026-03-12', 7), 'due-soon');
  assert.equal(dueStatus('2026-03-20', '2026-03-12', 7), 'later');
});

test('Rotherham schedule: the review by level and the CE risk assessment, earliest first', () => {
  const items = childSchedule(
    { decisions: [{ on: '2026-12-24', level: 'medium', source: 'assessment' }], vatOn: '2026-12-24' },
    rules({ ceAssessment: true }),
    calendar,
  );
  assert.deepEqual(
    items.map((i) => [i.kind, i.dueOn]),
    [
      ['ce-risk-assessment', '2026-12-31'],
      ['review', '2027-03-24'],
    ],
  );
});

test('Staffordshire schedule: RFM renewal, and the review moved to the panel cycle', () => {
  const items = childSchedule(
    { decisions: [{ on: '2026-01-31', level: 'high', source: 'assessment' }], rfmCompletedOn: '2026-01-31', panelDates: ['2026-04-14'] },
    rules({ intervals: { ...rotherham, high: { value: 2, unit: 'months' } }, rfmRenewal: true, panelCycle: true }),
    calendar,
  );
  assert.deepEqual(
    items.map((i) => [i.kind, i.dueOn]),
    [
      ['review', '2026-04-14'],
      ['rfm-renewal', '2026-07-31'],
    ],
  );
  assert.match(items[0]!.basis, /next district panel/);
});
