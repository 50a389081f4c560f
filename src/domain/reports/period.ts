// Report periods (issue #7): a report covers a chosen period, checked against the partnership's limit.
import { addCalendarMonths, addDays, compareIsoDates, isIsoDate, parseIsoDate, type IsoDate } from '../calendar/dates.ts';
import { mondayBefore } from '../calendar/deadlines.ts';

export type Period = { readonly from: IsoDate; readonly to: IsoDate };
type PeriodError = { readonly field: 'from' | 'to'; readonly message: string };

/** Days in a period, both ends included. */
export function periodDays(p: Period): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000) + 1;
}

// DOMAIN §5, §6 (issue #7): a period may not end before it starts nor be longer than the partnership's maximum
export function validatePeriod(p: { from?: string; to?: string }, maxPeriodDays: number): PeriodError[] {
  const errors: PeriodError[] = [];
  if (!p.from) errors.push({ field: 'from', message: 'Enter the date the period starts' });
  else if (!isIsoDate(p.from)) errors.push({ field: 'from', message: 'The date the period starts must be a real date' });
  if (!p.to) errors.push({ field: 'to', message: 'Enter the date the period ends' });
  else if (!isIsoDate(p.to)) errors.push({ field: 'to', message: 'The date the period ends must be a real date' });
  if (errors.length) return errors;
  if (compareIsoDates(p.to!, p.from!) < 0) return [{ field: 'to', message: 'The date the period ends must be the same as or after the date it starts' }];
  const days = periodDays({ from: p.from!, to: p.to! });
  if (days > maxPeriodDays) return [{ field: 'to', message: `The period must be ${maxPeriodDays} days or shorter (this one is ${days} days)` }];
  return [];
}

/** The first day of the month of a date. */
const monthStart = (d: IsoDate) => `${d.slice(0, 7)}-01`;

// DOMAIN §6: the bi-monthly data report covers the two calendar months before the current one
export function lastTwoMonths(today: IsoDate): Period {
  const thisMonth = monthStart(today);
  return { from: addCalendarMonths(thisMonth, -2), to: addDays(thisMonth, -1) };
}

// DOMAIN §5: the monthly data set (and Rotherham's monthly figures) cover the last calendar month
export function lastCalendarMonth(today: IsoDate): Period {
  const thisMonth = monthStart(today);
  return { from: addCalendarMonths(thisMonth, -1), to: addDays(thisMonth, -1) };
}

// DOMAIN §5: the FORM meets every other Wednesday counted from a configured first date; the next one on or after today
export function nextFortnightly(firstDate: IsoDate, today: IsoDate): IsoDate {
  parseIsoDate(firstDate);
  if (compareIsoDates(today, firstDate) <= 0) return firstDate;
  const days = periodDays({ from: firstDate, to: today }) - 1;
  const k = Math.ceil(days / 14);
  return addDays(firstDate, k * 14);
}

// DOMAIN §5: the FORM document goes out on the Monday before the FORM and covers the 14 days up to that Monday
export function formPeriod(nextFormDate: IsoDate): Period {
  const monday = mondayBefore(nextFormDate);
  return { from: addDays(monday, -13), to: monday };
}

/** The months a period touches, as YYYY-MM, oldest first. */
export function monthsOf(p: Period): string[] {
  const out: string[] = [];
  let m = monthStart(p.from);
  while (compareIsoDates(m, p.to) <= 0) {
    out.push(m.slice(0, 7));
    m = addCalendarMonths(m, 1);
  }
  return out;
}

// Issue 15 item 9 (DOMAIN §5, §6): the report's current period so far, offered when its last complete period had no activity
// (the two months to date for the bi-monthly; the month to date for the monthly figures; none for the FORM, whose period is the fortnight just gone).
export function periodToDate(kind: string, today: IsoDate): Period | undefined {
  if (kind === 'bi-monthly') return { from: addCalendarMonths(monthStart(today), -1), to: today };
  if (kind === 'monthly' || kind === 'rotherham') return { from: monthStart(today), to: today };
  return undefined;
}
