import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePeriod, lastTwoMonths, lastCalendarMonth, nextFortnightly, formPeriod, monthsOf, periodDays, periodToDate } from './period.ts';
import { showCount, showTable } from './suppression.ts';
import { movementBetween } from './movement.ts';
import { bankHolidays } from '../../test-support/bank-holidays.ts';
import { rfmCurrentAt, withinWorkingDays, reviewState, isRepeatReferral } from './compliance.ts';

test('a period that ends before it starts is refused on its end date', () => {
  assert.deepEqual(validatePeriod({ from: '2026-03-02', to: '2026-03-01' }, 731), [
    { field: 'to', message: 'The date the period ends must be the same as or after the date it starts' },
  ]);
  assert.deepEqual(validatePeriod({ from: '2026-03-01', to: '2026-03-01' }, 731), [], 'one day is a period');
});

test('a period longer than the configured maximum is refused; exactly the maximum is allowed', () => {
  assert.deepEqual(validatePeriod({ from: '2026-01-01', to: '2026-01-31' }, 31), []);
  assert.equal(periodDays({ from: '2026-01-01', to: '2026-02-01' }), 32);
  assert.deepEqual(validatePeriod({ from: '2026-01-01', to: '2026-02-01' }, 31), [
    { field: 'to', message: 'The period must be 31 days or shorter (this one is 32 days)' },
  ]);
});

test('missing or unreal dates are named on their own field', () => {
  assert.deepEqual(
    validatePeriod({}, 31).map((e) => e.field),
    ['from', 'to'],
  );
  assert.deepEqual(validatePeriod({ from: '2026-02-30', to: '2026-03-01' }, 31), [
    { field: 'from', message: 'The date the period starts must be a real date' },
  ]);
});

test('the natural periods: last two months, last calendar month, the FORM fortnight up to the Monday before', () => {
  assert.deepEqual(lastTwoMonths('2026-03-15'), { from: '2026-01-01', to: '2026-02-28' });
  assert.deepEqual(lastTwoMonths('2026-01-01'), { from: '2025-11-01', to: '2025-12-31' });
  assert.deepEqual(lastCalendarMonth('2026-03-01'), { from: '2026-02-01', to: '2026-02-28' });
  // FORM every other Wednesday from 14 January 2026: on Thursday 15 January the next is 28 January.
  assert.equal(nextFortnightly('2026-01-14', '2026-01-15'), '2026-01-28');
  assert.equal(nextFortnightly('2026-01-14', '2026-01-28'), '2026-01-28', 'the FORM day itself');
  assert.equal(nextFortnightly('2026-01-14', '2025-12-01'), '2026-01-14');
  // The document for Wednesday 28 January goes out on Monday 26 January and covers 13–26 January.
  assert.deepEqual(formPeriod('2026-01-28'), { from: '2026-01-13', to: '2026-01-26' });
  assert.deepEqual(monthsOf({ from: '2025-12-15', to: '2026-02-01' }), ['2025-12', '2026-01', '2026-02']);
});

test('counts of 1 to threshold − 1 are suppressed for sharing outside; 0 and the threshold are shown', () => {
  assert.equal(showCount(0, 5, true).text, '0');
  assert.deepEqual(showCount(1, 5, true), { value: 1, suppressed: true, text: 'fewer than 5' });
  assert.deepEqual(showCount(4, 5, true), { value: 4, suppressed: true, text: 'fewer than 5' });
  assert.equal(showCount(5, 5, true).text, '5');
  assert.equal(showCount(3, 5, false).text, '3', 'inside the partnership small numbers are shown');
});

test('movement between levels compares the panel decision with the level before', () => {
  assert.equal(movementBetween('medium', 'high'), 'up');
  assert.equal(movementBetween('high', 'low'), 'down');
  assert.equal(movementBetween('medium', 'medium'), 'same');
  assert.equal(movementBetween(null, 'medium'), 'new');
});

test('an RFM is current at a meeting on its six-month anniversary, not the day after, nor before it was completed', () => {
  assert.equal(rfmCurrentAt('2025-09-10', '2026-03-10'), true);
  assert.equal(rfmCurrentAt('2025-09-10', '2026-03-11'), false);
  assert.equal(rfmCurrentAt('2026-03-12', '2026-03-11'), false);
  assert.equal(rfmCurrentAt(null, '2026-03-11'), false);
});

test('within 3 working days skips the weekend and bank holidays', () => {
  // Thursday 2 April 2026: Good Friday 3rd and Easter Monday 6th are bank holidays → 3 working days later is Thursday 9th.
  assert.equal(withinWorkingDays('2026-04-02', '2026-04-09', 3, bankHolidays), true);
  assert.equal(withinWorkingDays('2026-04-02', '2026-04-10', 3, bankHolidays), false);
  assert.equal(withinWorkingDays('2026-04-02', null, 3, bankHolidays), false);
});

test('a review is overdue when its date passed before the period end, due when it falls in the period', () => {
  const p = { from: '2026-02-01', to: '2026-02-28' };
  assert.equal(reviewState('2026-01-31', p, '2026-03-05'), 'overdue');
  assert.equal(reviewState('2026-02-27', p, '2026-03-05'), 'overdue');
  assert.equal(reviewState('2026-02-28', p, '2026-03-05'), 'due');
  assert.equal(reviewState('2026-02-20', p, '2026-02-10'), 'due', 'a period still running is judged as at today');
  assert.equal(reviewState('2026-03-01', p, '2026-03-05'), 'not-due');
  assert.equal(reviewState(null, p, '2026-03-05'), 'none');
});

test('three or more DRMM referrals is a repeat referral', () => {
  assert.equal(isRepeatReferral(2), false);
  assert.equal(isRepeatReferral(3), true);
});

test('a total that would give a suppressed count away by subtraction is not shown; other totals are', () => {
  // rows: two districts and a Total row; columns: CSE, CCE and a Total column.
  const t = showTable(
    [
      [3, 10, 13],
      [6, 7, 13],
      [9, 17, 26],
    ],
    { threshold: 5, suppress: true, totalColumn: true, totalRow: true },
  ).map((r) => r.map((c) => c.text));
  assert.deepEqual(t, [
    ['fewer than 5', '10', 'not shown'],
    ['6', '7', '13'],
    ['not shown', '17', 'not shown'],
  ]);
  const none = showTable(
    [
      [6, 10, 16],
      [6, 7, 13],
      [12, 17, 29],
    ],
    { threshold: 5, suppress: true, totalColumn: true, totalRow: true },
  ).map((r) => r.map((c) => c.text));
  assert.deepEqual(none, [
    ['6', '10', '16'],
    ['6', '7', '13'],
    ['12', '17', '29'],
  ]);
  const single = showTable([[3], [10], [12], [25]], { threshold: 5, suppress: true, totalColumn: false, totalRow: true }).map((r) => r[0]!.text);
  assert.deepEqual(single, ['fewer than 5', '10', '12', 'not shown']);
  assert.equal(
    showTable([[3], [25]], { threshold: 5, suppress: false, totalColumn: false, totalRow: true })[1]![0]!.text,
    '25',
    'inside the partnership everything is shown',
  );
});

test('issue 15 item 9: the period to date, offered when the last complete period had no activity', () => {
  assert.deepEqual(periodToDate('bi-monthly', '2026-12-07'), { from: '2026-11-01', to: '2026-12-07' });
  assert.deepEqual(periodToDate('monthly', '2026-12-07'), { from: '2026-12-01', to: '2026-12-07' });
  assert.deepEqual(periodToDate('rotherham', '2027-01-01'), { from: '2027-01-01', to: '2027-01-01' });
  assert.equal(periodToDate('form', '2026-12-07'), undefined, 'the FORM’s period is the fortnight just gone already');
});
