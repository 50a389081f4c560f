import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addCalendarMonths, addDays, compareIsoDates, dayOfWeek, isIsoDate, parseIsoDate } from './dates.ts';

test('a well-formed real date is an ISO date; 30 February and 2025-2-3 are not', () => {
  assert.equal(isIsoDate('2024-02-29'), true);
  assert.equal(isIsoDate('2025-02-29'), false);
  assert.equal(isIsoDate('2025-02-30'), false);
  assert.equal(isIsoDate('2025-2-3'), false);
  assert.equal(isIsoDate('2025-13-01'), false);
  assert.equal(isIsoDate(20250101), false);
});

test('parsing an impossible date throws rather than rolling over', () => {
  assert.throws(() => parseIsoDate('2025-04-31'), RangeError);
});

test('adding days crosses month, year and the clock change without drifting', () => {
  assert.equal(addDays('2025-03-29', 2), '2025-03-31'); // BST starts 30 March 2025
  assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  assert.equal(addDays('2025-03-01', -1), '2025-02-28');
});

test('calendar months clamp to the end of a shorter month: 31 Aug + 6 months is 28 Feb (29 in a leap year)', () => {
  assert.equal(addCalendarMonths('2025-08-31', 6), '2026-02-28');
  assert.equal(addCalendarMonths('2023-08-31', 6), '2024-02-29');
  assert.equal(addCalendarMonths('2025-01-15', 6), '2025-07-15');
  assert.equal(addCalendarMonths('2025-05-31', -3), '2025-02-28');
  assert.equal(addCalendarMonths('2025-02-10', -3), '2024-11-10');
});

test('day of week: 2026-01-01 is a Thursday', () => {
  assert.equal(dayOfWeek('2026-01-01'), 4);
});

test('compareIsoDates orders by calendar', () => {
  assert.ok(compareIsoDates('2025-01-31', '2025-02-01') < 0);
  assert.equal(compareIsoDates('2025-02-01', '2025-02-01'), 0);
});
