// Working days: Monday–Friday, excluding England & Wales bank holidays (DOMAIN §7).
// Used for Rotherham's "CE risk assessment within 3 working days" (DOMAIN §4) and
// LLR's "list sent by 4pm the previous day", read as the previous working day (DOMAIN §5).

import { addDays, dayOfWeek, parseIsoDate } from './dates.ts';
import type { IsoDate } from './dates.ts';

export interface HolidayCalendar {
  readonly name: string;
  /** First and last calendar years the list is complete for; dates outside are refused. */
  readonly firstYear: number;
  readonly lastYear: number;
  readonly holidays: readonly { readonly date: IsoDate; readonly name: string }[];
}

/**
 * England & Wales bank holidays 2024–2028 (substitute days included where a holiday
 * falls at a weekend). Extend `lastYear` and the list when the government publishes
 * later years; dates after `lastYear` are refused rather than guessed.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: HolidayCalendar = {
  name: 'England and Wales',
  firstYear: 2024,
  lastYear: 2028,
  holidays: [
    { date: '2024-01-01', name: 'New Year’s Day' },
    { date: '2024-03-29', name: 'Good Friday' },
    { date: '2024-04-01', name: 'Easter Monday' },
    { date: '2024-05-06', name: 'Early May bank holiday' },
    { date: '2024-05-27', name: 'Spring bank holiday' },
    { date: '2024-08-26', name: 'Summer bank holiday' },
    { date: '2024-12-25', name: 'Christmas Day' },
    { date: '2024-12-26', name: 'Boxing Day' },

    { date: '2025-01-01', name: 'New Year’s Day' },
    { date: '2025-04-18', name: 'Good Friday' },
    { date: '2025-04-21', name: 'Easter Monday' },
    { date: '2025-05-05', name: 'Early May bank holiday' },
    { date: '2025-05-26', name: 'Spring bank holiday' },
    { date: '2025-08-25', name: 'Summer bank holiday' },
    { date: '2025-12-25', name: 'Christmas Day' },
    { date: '2025-12-26', name: 'Boxing Day' },

    { date: '2026-01-01', name: 'New Year’s Day' },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-06', name: 'Easter Monday' },
    { date: '2026-05-04', name: 'Early May bank holiday' },
    { date: '2026-05-25', name: 'Spring bank holiday' },
    { date: '2026-08-31', name: 'Summer bank holiday' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-28', name: 'Boxing Day (substitute day)' },

    { date: '2027-01-01', name: 'New Year’s Day' },
    { date: '2027-03-26', name: 'Good Friday' },
    { date: '2027-03-29', name: 'Easter Monday' },
    { date: '2027-05-03', name: 'Early May bank holiday' },
    { date: '2027-05-31', name: 'Spring bank holiday' },
    { date: '2027-08-30', name: 'Summer bank holiday' },
    { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
    { date: '2027-12-28', name: 'Boxing Day (substitute day)' },

    { date: '2028-01-03', name: 'New Year’s Day (substitute day)' },
    { date: '2028-04-14', name: 'Good Friday' },
    { date: '2028-04-17', name: 'Easter Monday' },
    { date: '2028-05-01', name: 'Early May bank holiday' },
    { date: '2028-05-29', name: 'Spring bank holiday' },
    { date: '2028-08-28', name: 'Summer bank holiday' },
    { date: '2028-12-25', name: 'Christmas Day' },
    { date: '2028-12-26', name: 'Boxing Day' },
  ],
};

function assertCovered(date: IsoDate, calendar: HolidayCalendar): void {
  const { year } = parseIsoDate(date);
  if (year < calendar.firstYear || year > calendar.lastYear) {
    throw new RangeError(
      `No ${calendar.name} bank holiday data for ${year} (held: ${calendar.firstYear}–${calendar.lastYear}); ` +
        'add that year to the holiday calendar before counting working days in it.',
    );
  }
}

// DOMAIN §7: working days skip England & Wales bank holidays
export function isBankHoliday(date: IsoDate, calendar: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS): boolean {
  assertCovered(date, calendar);
  return calendar.holidays.some((h) => h.date === date);
}

// DOMAIN §7: a working day is Monday–Friday and not a bank holiday
export function isWorkingDay(date: IsoDate, calendar: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS): boolean {
  const dow = dayOfWeek(date);
  if (dow === 0 || dow === 6) return false;
  return !isBankHoliday(date, calendar);
}

/**
 * The start day itself is not counted: addWorkingDays(Thursday, 3) is the following Tuesday.
 * 0 returns the date unchanged; a negative count steps backwards.
 */
// DOMAIN §4: "within N working days" counts working days after the start date
export function addWorkingDays(
  date: IsoDate,
  workingDays: number,
  calendar: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS,
): IsoDate {
  if (!Number.isInteger(workingDays)) throw new RangeError(`workingDays must be a whole number: ${workingDays}`);
  parseIsoDate(date);
  const step = workingDays < 0 ? -1 : 1;
  let remaining = Math.abs(workingDays);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current, calendar)) remaining -= 1;
  }
  return current;
}

// DOMAIN §5: "by 4pm the previous day" read as the previous working day (strictly before date)
export function previousWorkingDay(date: IsoDate, calendar: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS): IsoDate {
  return addWorkingDays(date, -1, calendar);
}

// DOMAIN §7: the first working day strictly after date
export function nextWorkingDay(date: IsoDate, calendar: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS): IsoDate {
  return addWorkingDays(date, 1, calendar);
}
