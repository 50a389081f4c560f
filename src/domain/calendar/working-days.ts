// Working days: Monday–Friday, excluding England & Wales bank holidays (DOMAIN §7).
// Used for Rotherham's "CE risk assessment within 3 working days" (DOMAIN §4) and
// LLR's "list sent by 4pm the previous day", read as the previous working day (DOMAIN §5).

// The calendar is a value every caller passes in (no process-wide list): config.ts reads config/bank-holidays.json, or the
// newer BANK_HOLIDAYS_FILE, into one at start and createServices hands it to the services that count working days.

import { addDays, dayOfWeek, isIsoDate, parseIsoDate } from './dates.ts';
import type { IsoDate } from './dates.ts';

/** A list of bank holidays and the years it is complete for (built by holidayCalendarFromGovUk; frozen). */
export interface HolidayCalendar {
  readonly name: string;
  /** First and last calendar years the list is complete for; dates outside are refused. */
  readonly firstYear: number;
  readonly lastYear: number;
  readonly holidays: readonly { readonly date: IsoDate; readonly name: string }[];
}

/** One division of the GOV.UK bank-holidays JSON (https://www.gov.uk/bank-holidays.json), as shipped in config/. */
interface GovUkBankHolidays {
  readonly [division: string]: { readonly events: readonly { readonly title: string; readonly date: string; readonly notes?: string }[] } | undefined;
}

/**
 * Reads the GOV.UK bank-holidays JSON (the same shape as the published file) into a calendar for one
 * division. The years held run from the first to the last year with an event; every date is checked.
 * Pure: the caller reads the file.
 */
// DOMAIN §7: working days skip England & Wales bank holidays, held as data (updatable without a code change)
export function holidayCalendarFromGovUk(json: unknown, division = 'england-and-wales'): HolidayCalendar {
  const d = (json as GovUkBankHolidays | null)?.[division];
  if (!d || !Array.isArray(d.events) || d.events.length === 0) throw new RangeError(`No "${division}" events in the bank holidays data`);
  const holidays = d.events
    .map((e, i) => {
      if (!e || typeof e.title !== 'string' || !isIsoDate(e.date))
        throw new RangeError(`Bank holiday ${i + 1} of "${division}" needs a title and a date written YYYY-MM-DD`);
      const notes = typeof e.notes === 'string' && e.notes.trim() ? ` (${e.notes.trim().toLowerCase()})` : '';
      return { date: e.date, name: `${e.title}${notes}` };
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const years = holidays.map((h) => Number(h.date.slice(0, 4)));
  return Object.freeze({
    name: division === 'england-and-wales' ? 'England and Wales' : division,
    firstYear: Math.min(...years),
    lastYear: Math.max(...years),
    holidays: Object.freeze(holidays.map((h) => Object.freeze(h))),
  });
}

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
export function isBankHoliday(date: IsoDate, calendar: HolidayCalendar): boolean {
  assertCovered(date, calendar);
  return calendar.holidays.some((h) => h.date === date);
}

// DOMAIN §7: a working day is Monday–Friday and not a bank holiday
export function isWorkingDay(date: IsoDate, calendar: HolidayCalendar): boolean {
  const dow = dayOfWeek(date);
  if (dow === 0 || dow === 6) return false;
  return !isBankHoliday(date, calendar);
}

/**
 * The start day itself is not counted: addWorkingDays(Thursday, 3) is the following Tuesday.
 * 0 returns the date unchanged; a negative count steps backwards.
 */
// DOMAIN §4: "within N working days" counts working days after the start date
export function addWorkingDays(date: IsoDate, workingDays: number, calendar: HolidayCalendar): IsoDate {
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
export function previousWorkingDay(date: IsoDate, calendar: HolidayCalendar): IsoDate {
  return addWorkingDays(date, -1, calendar);
}

// DOMAIN §7: the first working day strictly after date
export function nextWorkingDay(date: IsoDate, calendar: HolidayCalendar): IsoDate {
  return addWorkingDays(date, 1, calendar);
}
