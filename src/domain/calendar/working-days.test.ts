import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, dayOfWeek, formatIsoDate } from './dates.ts';
import { bankHolidays } from '../../test-support/bank-holidays.ts';
import { addWorkingDays, holidayCalendarFromGovUk, isBankHoliday, isWorkingDay, nextWorkingDay, previousWorkingDay } from './working-days.ts';
import type { HolidayCalendar } from './working-days.ts';

const dates = (year: number) => bankHolidays.holidays.map((h) => h.date).filter((d) => d.startsWith(`${year}-`));

test('2026 bank holidays are 1 Jan, 3 Apr, 6 Apr, 4 May, 25 May, 31 Aug, 25 Dec and 28 Dec (Boxing Day substitute)', () => {
  assert.deepEqual(dates(2026), ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']);
});

// Independent cross-check of the data against the statutory pattern.
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatIsoDate({ year, month, day });
}
function firstMonday(year: number, month: number): string {
  let d = formatIsoDate({ year, month, day: 1 });
  while (dayOfWeek(d) !== 1) d = addDays(d, 1);
  return d;
}
function lastMonday(year: number, month: number): string {
  let d = addDays(formatIsoDate({ year, month: month + 1, day: 1 }), -1);
  while (dayOfWeek(d) !== 1) d = addDays(d, -1);
  return d;
}
function expected(year: number): string[] {
  const out: string[] = [];
  const nyd = `${year}-01-01`;
  out.push(dayOfWeek(nyd) === 6 ? addDays(nyd, 2) : dayOfWeek(nyd) === 0 ? addDays(nyd, 1) : nyd);
  const easter = easterSunday(year);
  out.push(addDays(easter, -2), addDays(easter, 1));
  out.push(firstMonday(year, 5), lastMonday(year, 5), lastMonday(year, 8));
  const xmas = `${year}-12-25`;
  const dow = dayOfWeek(xmas);
  if (dow === 6) out.push(addDays(xmas, 2), addDays(xmas, 3));
  else if (dow === 0) out.push(addDays(xmas, 2), addDays(xmas, 1));
  else if (dow === 5) out.push(xmas, addDays(xmas, 3));
  else out.push(xmas, addDays(xmas, 1));
  return out.sort();
}

for (const year of [2024, 2025, 2026, 2027, 2028]) {
  test(`${year} bank holidays match the statutory pattern (Easter, first/last Mondays, weekend substitutes)`, () => {
    assert.deepEqual([...dates(year)].sort(), expected(year));
  });
}

test('no bank holiday in the data falls on a weekend', () => {
  for (const h of bankHolidays.holidays) {
    assert.ok(![0, 6].includes(dayOfWeek(h.date)), h.date);
  }
});

test('Good Friday 2026 is not a working day; the Thursday before it is', () => {
  assert.equal(isWorkingDay('2026-04-03', bankHolidays), false);
  assert.equal(isWorkingDay('2026-04-02', bankHolidays), true);
  assert.equal(isBankHoliday('2026-04-03', bankHolidays), true);
});

test('Saturday 26 Dec 2026 is not a bank holiday itself but is not a working day; Monday 28 Dec is the holiday', () => {
  assert.equal(isBankHoliday('2026-12-26', bankHolidays), false);
  assert.equal(isWorkingDay('2026-12-26', bankHolidays), false);
  assert.equal(isWorkingDay('2026-12-28', bankHolidays), false);
  assert.equal(isWorkingDay('2026-12-29', bankHolidays), true);
});

test('3 working days from a Thursday is the following Tuesday (the start day is not counted)', () => {
  assert.equal(addWorkingDays('2025-06-05', 3, bankHolidays), '2025-06-10');
});

test('3 working days from the Thursday before Easter 2026 skips Good Friday and Easter Monday: Thursday 9 April', () => {
  assert.equal(addWorkingDays('2026-04-02', 3, bankHolidays), '2026-04-09');
});

test('3 working days from Christmas Eve 2026 lands on 31 December', () => {
  assert.equal(addWorkingDays('2026-12-24', 3, bankHolidays), '2026-12-31');
});

test('working days counted from a Saturday start on the Monday', () => {
  assert.equal(addWorkingDays('2025-06-07', 1, bankHolidays), '2025-06-09');
});

test('adding 0 working days returns the date unchanged, even at a weekend', () => {
  assert.equal(addWorkingDays('2025-06-07', 0, bankHolidays), '2025-06-07');
});

test('the previous working day before a Monday is the Friday', () => {
  assert.equal(previousWorkingDay('2025-06-09', bankHolidays), '2025-06-06');
});

test('the previous working day before the Tuesday after Easter Monday 2026 is the Thursday before Good Friday', () => {
  assert.equal(previousWorkingDay('2026-04-07', bankHolidays), '2026-04-02');
});

test('the previous working day before a Wednesday is the Tuesday', () => {
  assert.equal(previousWorkingDay('2025-06-11', bankHolidays), '2025-06-10');
});

test('the next working day after Christmas Eve 2027 (Friday) is Wednesday 29 December', () => {
  assert.equal(nextWorkingDay('2027-12-24', bankHolidays), '2027-12-29');
});

test('a date in a year with no holiday data is refused, not guessed', () => {
  assert.throws(() => isWorkingDay('2029-01-02', bankHolidays), /2029/);
  assert.throws(() => addWorkingDays('2028-12-29', 3, bankHolidays), /2029/);
  // weekends need no holiday data
  assert.equal(isWorkingDay('2029-01-06', bankHolidays), false);
});

test('a partnership can supply its own holiday calendar', () => {
  const custom: HolidayCalendar = {
    name: 'test',
    firstYear: 2025,
    lastYear: 2025,
    holidays: [{ date: '2025-06-06', name: 'local closure' }],
  };
  assert.equal(previousWorkingDay('2025-06-09', custom), '2025-06-05');
});

test('a fractional number of working days is refused', () => {
  assert.throws(() => addWorkingDays('2025-06-05', 1.5, bankHolidays), RangeError);
});

test('the bank holidays are read from the GOV.UK-shaped data file, substitute days named, years held from first to last', () => {
  const cal = holidayCalendarFromGovUk({
    'england-and-wales': {
      division: 'england-and-wales',
      events: [
        { title: 'Christmas Day', date: '2029-12-25', notes: '' },
        { title: 'New Year’s Day', date: '2029-01-01', notes: '' },
        { title: 'Boxing Day', date: '2030-12-26', notes: 'Substitute day' },
      ],
    },
    scotland: { events: [{ title: 'St Andrew’s Day', date: '2029-11-30' }] },
  });
  assert.equal(cal.firstYear, 2029);
  assert.equal(cal.lastYear, 2030);
  assert.deepEqual(
    cal.holidays.map((h) => h.date),
    ['2029-01-01', '2029-12-25', '2030-12-26'],
  );
  assert.equal(cal.holidays[2]!.name, 'Boxing Day (substitute day)');
  assert.equal(isBankHoliday('2029-11-30', cal), false, 'only England and Wales');
  assert.equal(addWorkingDays('2029-12-24', 1, cal), '2029-12-26');
});

test('a calendar read from the data is a value: frozen, so no caller can change the holidays another counts with', () => {
  const cal = holidayCalendarFromGovUk({ 'england-and-wales': { events: [{ title: 'Christmas Day', date: '2029-12-25' }] } });
  assert.ok(Object.isFrozen(cal) && Object.isFrozen(cal.holidays) && Object.isFrozen(cal.holidays[0]));
  assert.throws(() => (cal.holidays as { date: string; name: string }[]).push({ date: '2029-12-27', name: 'Invented' }), TypeError);
  assert.throws(() => ((cal as { lastYear: number }).lastYear = 2200), TypeError);
  assert.equal(isBankHoliday('2029-12-25', cal), true);
  assert.equal(isWorkingDay('2029-12-27', cal), true);
});

test('a bank holidays file without England and Wales, or with an impossible date, is refused', () => {
  assert.throws(() => holidayCalendarFromGovUk({ scotland: { events: [{ title: 'x', date: '2029-01-01' }] } }), /No "england-and-wales" events/);
  assert.throws(() => holidayCalendarFromGovUk({ 'england-and-wales': { events: [{ title: 'x', date: '2029-02-30' }] } }), /YYYY-MM-DD/);
  assert.throws(() => holidayCalendarFromGovUk(null), /No "england-and-wales" events/);
});

test('the shipped file holds 2024–2028 (the calendar the configuration gives when BANK_HOLIDAYS_FILE is not set)', () => {
  assert.equal(bankHolidays.firstYear, 2024);
  assert.equal(bankHolidays.lastYear, 2028);
  assert.equal(bankHolidays.holidays.length, 40);
});
