// Calendar-date helpers for 'YYYY-MM-DD' strings. Pure: no clock, no time zone.
// Dates are UK local calendar dates (DOMAIN §7); arithmetic is done on the
// calendar, never on instants, so daylight saving cannot shift a day.

/** A calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateParts {
  readonly year: number;
  readonly month: number; // 1–12
  readonly day: number; // 1–31
}

// DOMAIN §7: calendar arithmetic
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// DOMAIN §7: dates are calendar dates written 'YYYY-MM-DD'
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// DOMAIN §7: a malformed or impossible date is refused, never guessed
export function parseIsoDate(value: string): DateParts {
  if (!isIsoDate(value)) {
    throw new RangeError(`Not a valid date (expected YYYY-MM-DD): ${JSON.stringify(value)}`);
  }
  return {
    year: Number(value.slice(0, 4)),
    month: Number(value.slice(5, 7)),
    day: Number(value.slice(8, 10)),
  };
}

// DOMAIN §7: dates are written 'YYYY-MM-DD'
export function formatIsoDate(parts: DateParts): IsoDate {
  const y = String(parts.year).padStart(4, '0');
  const m = String(parts.month).padStart(2, '0');
  const d = String(parts.day).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function toUtcMs(value: IsoDate): number {
  const { year, month, day } = parseIsoDate(value);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): IsoDate {
  const d = new Date(ms);
  return formatIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

// DOMAIN §7: day arithmetic on the calendar
export function addDays(value: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number: ${days}`);
  return fromUtcMs(toUtcMs(value) + days * 86_400_000);
}

/** A day missing from the target month is clamped to its last day (31 Aug + 6 months = 28/29 Feb). */
// DOMAIN §3.2, §4, §5: calendar-month arithmetic
export function addCalendarMonths(value: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be a whole number: ${months}`);
  const { year, month, day } = parseIsoDate(value);
  const monthIndex = year * 12 + (month - 1) + months;
  const newYear = Math.floor(monthIndex / 12);
  const newMonth = monthIndex - newYear * 12 + 1;
  return formatIsoDate({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) });
}

/** 0 = Sunday … 6 = Saturday. */
// DOMAIN §7: working days depend on the day of the week
export function dayOfWeek(value: IsoDate): number {
  return new Date(toUtcMs(value)).getUTCDay();
}

/** Negative when a is before b, 0 when equal, positive when after (both validated). */
// DOMAIN §7: dates compare on the calendar
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return toUtcMs(a) - toUtcMs(b);
}
