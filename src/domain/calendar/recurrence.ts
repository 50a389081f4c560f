// Meeting series: RFC 5545 recurrence rules read as local wall-clock times in Europe/London
// (DOMAIN §7), so a 9:30am meeting stays at 9:30am across the clock changes. Pure: no clock.

import rrule from 'rrule';
import { DateTime } from 'luxon';
import { addDays, dayOfWeek, isIsoDate, parseIsoDate, type IsoDate } from './dates.ts';
import { isBankHoliday, nextWorkingDay, type HolidayCalendar } from './working-days.ts';

const { RRule } = rrule;

const DEFAULT_TIMEZONE = 'Europe/London';

/** A series' timing, as configured or as an administrator chose it. */
export interface SeriesTiming {
  /** The RRULE body without DTSTART, e.g. 'FREQ=WEEKLY;BYDAY=TH'. */
  readonly rrule: string;
  /** The first date the rule counts from (for fortnightly series: the first meeting of the cycle). */
  readonly firstDate: IsoDate;
  /** Local start time 'HH:MM'. */
  readonly startTime: string;
  readonly durationMinutes: number;
  readonly timezone?: string;
  /** Bank holidays (England and Wales) are not meeting days in the series. */
  readonly skipBankHolidays: boolean;
  /**
   * What happens to a date that falls on a bank holiday when skipBankHolidays is set: 'skip' leaves it out (a daily or
   * weekly meeting: the next one is days away), 'next-working-day' moves it (a monthly meeting is never dropped). Default 'skip'.
   */
  readonly onBankHoliday?: BankHolidayRule;
  /** Every occurrence moved by this many calendar days (a pre-meeting a week before: -7). */
  readonly offsetDays?: number;
}

export type BankHolidayRule = 'skip' | 'next-working-day';
export const BANK_HOLIDAY_RULES = ['skip', 'next-working-day'] as const;

interface Occurrence {
  /** The local date of the meeting. */
  readonly date: IsoDate;
  /** The instant the rule gives (the key of a written occurrence); differs from startsAt when moved off a bank holiday. */
  readonly ruleStartsAt: Date;
  /** Set when the rule's date was a bank holiday and the meeting moved to the next working day: that date and the holiday's name. */
  readonly movedFrom?: { readonly date: IsoDate; readonly holiday: string };
  readonly startsAt: Date;
  readonly endsAt: Date;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

// DOMAIN §5: a start time is a local wall-clock time written 'HH:MM'
export function isLocalTime(value: unknown): value is string {
  return typeof value === 'string' && TIME.test(value);
}

// DOMAIN §5: configuration may write the start time into the rule as 'T=HH:MM' (older form); it is split off
export function splitRule(rule: string): { rrule: string; startTime?: string } {
  const parts = rule.split(';').filter(Boolean);
  const t = parts.find((p) => p.startsWith('T='));
  return { rrule: parts.filter((p) => !p.startsWith('T=')).join(';'), startTime: t ? t.slice(2) : undefined };
}

// DOMAIN §7: an RRULE body is checked before it is stored (FREQ required, no DTSTART, UNTIL or COUNT kept as given)
export function ruleError(body: string): string | undefined {
  const freq = /(?:^|;)FREQ=([A-Z]+)/.exec(body)?.[1];
  if (!freq) return 'The rule must say how often (FREQ)';
  if (!['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq)) return 'The rule must repeat daily, weekly, monthly or yearly';
  if (/DTSTART/i.test(body)) return 'The first date is given separately, not in the rule';
  try {
    RRule.parseString(body);
    return undefined;
  } catch {
    return 'The rule is not a valid recurrence rule';
  }
}

// DOMAIN §7: a local date and wall-clock time in a zone is one UTC instant (a time lost to the spring change moves forward)
export function localToInstant(date: IsoDate, time: string, zone = DEFAULT_TIMEZONE): Date {
  const { year, month, day } = parseIsoDate(date);
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone }).toUTC().toJSDate();
}

// DOMAIN §7: the local calendar date of an instant
export function localDateOf(instant: Date, zone = DEFAULT_TIMEZONE): IsoDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

// DOMAIN §7: whether a date is an England and Wales bank holiday; a year the calendar does not hold counts as none
function holiday(date: IsoDate, calendar: HolidayCalendar): boolean {
  try {
    return isBankHoliday(date, calendar);
  } catch {
    return false;
  }
}

// DOMAIN §7: the first working day after a bank holiday; a year the calendar does not hold counts Monday to Friday only
function workingDayAfter(date: IsoDate, calendar: HolidayCalendar): IsoDate {
  try {
    return nextWorkingDay(date, calendar);
  } catch {
    let d = addDays(date, 1);
    while (!holidayFreeWeekday(d, calendar)) d = addDays(d, 1);
    return d;
  }
}
function holidayFreeWeekday(date: IsoDate, calendar: HolidayCalendar): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !holiday(date, calendar);
}

// DOMAIN §4, §5, §6: the occurrences of a series whose rule puts them in [from, to), in local time; a bank holiday is left out,
// or (onBankHoliday 'next-working-day', DOMAIN §5: the Monthly on the fourth Tuesday) moved to the next working day and marked so
export function occurrencesBetween(timing: SeriesTiming, from: Date, to: Date, calendar: HolidayCalendar): Occurrence[] {
  const zone = timing.timezone ?? DEFAULT_TIMEZONE;
  if (!isIsoDate(timing.firstDate)) throw new RangeError(`Not a valid first date: ${timing.firstDate}`);
  if (!isLocalTime(timing.startTime)) throw new RangeError(`Not a valid start time: ${timing.startTime}`);
  const offset = timing.offsetDays ?? 0;
  const { year, month, day } = parseIsoDate(timing.firstDate);
  const [hour, minute] = timing.startTime.split(':').map(Number) as [number, number];
  // Floating times: the rule runs on wall-clock values held as if they were UTC, then each is placed in the zone.
  const rule = new RRule({ ...RRule.parseString(timing.rrule), dtstart: new Date(Date.UTC(year, month - 1, day, hour, minute)) });
  const floating = (d: Date, shiftDays: number) => {
    const local = DateTime.fromJSDate(d, { zone });
    return new Date(Date.UTC(local.year, local.month - 1, local.day + shiftDays, 0, 0));
  };
  // A window two days wider than asked (and the offset undone), then filtered on the real instants.
  const candidates = rule.between(floating(from, -2 - offset), floating(to, 2 - offset), true);
  const out: Occurrence[] = [];
  for (const c of candidates) {
    const ruleDate = c.toISOString().slice(0, 10);
    const date = offset ? addDays(ruleDate, offset) : ruleDate;
    const ruleStartsAt = localToInstant(date, timing.startTime, zone);
    if (ruleStartsAt < from || ruleStartsAt >= to) continue;
    const span = timing.durationMinutes * 60_000;
    if (timing.skipBankHolidays && holiday(date, calendar)) {
      if ((timing.onBankHoliday ?? 'skip') === 'skip') continue;
      const moved = workingDayAfter(date, calendar);
      const startsAt = localToInstant(moved, timing.startTime, zone);
      const name = calendar.holidays.find((h) => h.date === date)?.name ?? 'a bank holiday';
      out.push({ date: moved, ruleStartsAt, startsAt, endsAt: new Date(startsAt.getTime() + span), movedFrom: { date, holiday: name } });
      continue;
    }
    out.push({ date, ruleStartsAt, startsAt: ruleStartsAt, endsAt: new Date(ruleStartsAt.getTime() + span) });
  }
  return out;
}

// DOMAIN §4, §5, §6: the bank holidays a series leaves out or moves off in [from, to) (listed on invitations as exceptions)
export function skippedBetween(timing: SeriesTiming, from: Date, to: Date, calendar: HolidayCalendar): Occurrence[] {
  if (!timing.skipBankHolidays) return [];
  const all = occurrencesBetween({ ...timing, skipBankHolidays: false }, from, to, calendar);
  return all.filter((o) => holiday(o.date, calendar));
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];
const DAY_NAMES: Record<string, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };
export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

// DOMAIN §7: a rule in plain English for the pages ("Every Thursday", "Fourth Tuesday of every month")
export function describeRule(body: string): string {
  const p = Object.fromEntries(
    body
      .split(';')
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
  const interval = Number(p.INTERVAL ?? 1);
  const days = (p.BYDAY ?? '').split(',').filter(Boolean);
  const plainDays = days.map((d) => DAY_NAMES[d.replace(/^[+-]?\d+/, '')] ?? d);
  if (p.FREQ === 'DAILY') return interval === 1 ? 'Every day' : `Every ${interval} days`;
  if (p.FREQ === 'WEEKLY') {
    const on = days.join(',') === 'MO,TU,WE,TH,FR' ? 'Monday to Friday' : plainDays.join(', ');
    if (interval === 1) return on ? (on === 'Monday to Friday' ? on : `Every ${on}`) : 'Every week';
    if (interval === 2) return `Every other ${on || 'week'}`;
    return `Every ${interval} weeks${on ? ` on ${on}` : ''}`;
  }
  if (p.FREQ === 'MONTHLY') {
    const every = interval === 1 ? 'every month' : interval === 2 ? 'every two months' : `every ${interval} months`;
    const m = /^([+-]?\d+)([A-Z]{2})$/.exec(days[0] ?? '');
    if (m) {
      const n = Number(m[1]);
      const which = n === -1 ? 'last' : (ORDINALS[n - 1] ?? `${n}th`);
      return `${which[0]!.toUpperCase()}${which.slice(1)} ${DAY_NAMES[m[2]!]} of ${every}`;
    }
    if (p.BYMONTHDAY) return `Day ${p.BYMONTHDAY} of ${every}`;
    return `${every[0]!.toUpperCase()}${every.slice(1)}`;
  }
  return body;
}
