import type { FieldError } from '../../platform/problems.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { readDateInput } from '../../platform/validation.ts';
import { WEEKDAY_CODES, ruleError } from '../../domain/calendar/recurrence.ts';

const REASON_MAX = 1000;
export const dayNames: Record<string, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };
export const nthNames: Record<string, string> = { '1': 'First', '2': 'Second', '3': 'Third', '4': 'Fourth', '-1': 'Last' };

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown) => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string');

/** Reads "9:30", "09:30", "9:30am", "2pm" or "14.00" as 'HH:MM'; undefined when it is not a time. */
export function readTime(v: string): string | undefined {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(v.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  const ampm = m[3]?.[0]?.toLowerCase();
  if (min > 59) return undefined;
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    if (ampm === 'p' && h !== 12) h += 12;
    if (ampm === 'a' && h === 12) h = 0;
  } else if (h > 23 || m[2] === undefined) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** A new meeting series, read from its form (the service creates it). */
export type NewSeries = {
  typeId: string;
  name: string;
  districtId: string | null;
  rrule: string;
  firstDate: string;
  startTime: string;
  durationMinutes: number;
  skipBankHolidays: boolean;
  location: string | null;
};

export type SeriesFormValues = Record<string, string | string[]>;

/** The add-a-series form: a rule built from simple choices (never typed as RRULE). */
export function readSeriesForm(body: Record<string, unknown>, p: PartnershipConfig): { values: SeriesFormValues; errors: FieldError[]; input?: NewSeries } {
  const values: SeriesFormValues = {
    typeId: str(body.typeId),
    name: str(body.name),
    districtId: str(body.districtId),
    pattern: str(body.pattern),
    days: list(body.days),
    weeksDay: str(body.weeksDay),
    weeksInterval: str(body.weeksInterval),
    nth: str(body.nth),
    monthDay: str(body.monthDay),
    monthsInterval: str(body.monthsInterval),
    startTime: str(body.startTime),
    duration: str(body.duration),
    skipBankHolidays: str(body.skipBankHolidays),
    location: str(body.location),
    'firstDate-day': str(body['firstDate-day']),
    'firstDate-month': str(body['firstDate-month']),
    'firstDate-year': str(body['firstDate-year']),
  };
  const errors: FieldError[] = [];
  const days = values.days as string[];
  if (!p.meetingTypes.some((t) => t.id === values.typeId) && values.typeId !== 'other') errors.push({ field: 'typeId', message: 'Select the type of meeting' });
  if (!values.name) errors.push({ field: 'name', message: 'Enter a name for the series' });
  else if ((values.name as string).length > 120) errors.push({ field: 'name', message: 'Name must be 120 characters or fewer' });
  if (values.districtId && !p.districts.some((d) => d.id === values.districtId))
    errors.push({ field: 'districtId', message: 'Select a district from the list' });
  let rrule = '';
  const intIn = (v: string, lo: number, hi: number) => (/^\d{1,2}$/.test(v) && Number(v) >= lo && Number(v) <= hi ? Number(v) : undefined);
  if (values.pattern === 'weekly') {
    if (!days.length || !days.every((d) => (WEEKDAY_CODES as readonly string[]).includes(d)))
      errors.push({ field: 'days', message: 'Select the days of the week the meeting is held' });
    else rrule = `FREQ=WEEKLY;BYDAY=${WEEKDAY_CODES.filter((d) => days.includes(d)).join(',')}`;
  } else if (values.pattern === 'weeks') {
    const n = intIn(values.weeksInterval as string, 2, 12);
    if (!n) errors.push({ field: 'weeksInterval', message: 'Enter how many weeks apart, from 2 to 12' });
    if (!(WEEKDAY_CODES as readonly string[]).includes(values.weeksDay as string)) errors.push({ field: 'weeksDay', message: 'Select the day of the week' });
    if (n && values.weeksDay) rrule = `FREQ=WEEKLY;INTERVAL=${n};BYDAY=${values.weeksDay}`;
  } else if (values.pattern === 'monthly') {
    const n = intIn(values.monthsInterval as string, 1, 12);
    if (!n) errors.push({ field: 'monthsInterval', message: 'Enter how many months apart, from 1 to 12' });
    const nth = values.nth as string;
    if (!(nth in nthNames)) errors.push({ field: 'nth', message: 'Select which week of the month' });
    if (!(WEEKDAY_CODES as readonly string[]).includes(values.monthDay as string)) errors.push({ field: 'monthDay', message: 'Select the day of the week' });
    if (n && nth in nthNames && values.monthDay) rrule = `FREQ=MONTHLY${n > 1 ? `;INTERVAL=${n}` : ''};BYDAY=${nth}${values.monthDay}`;
  } else errors.push({ field: 'pattern', message: 'Select how often the meeting is held' });
  if (rrule && ruleError(rrule)) errors.push({ field: 'pattern', message: ruleError(rrule)! });
  const first = readDateInput(body, 'firstDate', 'First date');
  if (first.error) errors.push({ field: 'firstDate', message: first.error });
  else if (!first.value && values.pattern === 'weeks')
    errors.push({ field: 'firstDate', message: 'Enter the date of the first meeting, so that the fortnights (or weeks) are counted from it' });
  const startTime = readTime(values.startTime as string);
  if (!values.startTime) errors.push({ field: 'startTime', message: 'Enter the start time' });
  else if (!startTime) errors.push({ field: 'startTime', message: 'Enter the start time like 9:30am or 14:00' });
  const duration =
    /^\d{1,3}$/.test(values.duration as string) && Number(values.duration) >= 5 && Number(values.duration) <= 720 ? Number(values.duration) : undefined;
  if (!values.duration) errors.push({ field: 'duration', message: 'Enter how long the meeting lasts, in minutes' });
  else if (!duration) errors.push({ field: 'duration', message: 'Duration must be a whole number of minutes from 5 to 720' });
  if ((values.location as string).length > 200) errors.push({ field: 'location', message: 'Where must be 200 characters or fewer' });
  if (errors.length) return { values, errors };
  return {
    values,
    errors,
    input: {
      typeId: values.typeId as string,
      name: values.name as string,
      districtId: (values.districtId as string) || null,
      rrule,
      firstDate: first.value ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()),
      startTime: startTime!,
      durationMinutes: duration!,
      skipBankHolidays: values.skipBankHolidays === 'yes',
      location: (values.location as string) || null,
    },
  };
}

/** Moving one meeting: a new date and time, and why. */
export function readMoveForm(body: Record<string, unknown>) {
  const values = {
    reason: str(body.reason),
    time: str(body.time),
    'date-day': str(body['date-day']),
    'date-month': str(body['date-month']),
    'date-year': str(body['date-year']),
  };
  const errors: FieldError[] = [];
  const d = readDateInput(body, 'date', 'New date');
  if (d.error) errors.push({ field: 'date', message: d.error });
  else if (!d.value) errors.push({ field: 'date', message: 'Enter the new date' });
  const time = readTime(values.time);
  if (!values.time) errors.push({ field: 'time', message: 'Enter the new start time' });
  else if (!time) errors.push({ field: 'time', message: 'Enter the new start time like 9:30am or 14:00' });
  reasonErrors(values.reason, 'moving', errors);
  return { values, errors, date: d.value, time };
}

export function reasonErrors(reason: string, what: string, errors: FieldError[]) {
  if (!reason) errors.push({ field: 'reason', message: `Enter the reason for ${what} the meeting` });
  else if (reason.length > REASON_MAX) errors.push({ field: 'reason', message: `Reason must be ${REASON_MAX} characters or fewer` });
}

const MEMBER_NAME_MAX = 200;
const EMAIL_MAX = 254;
/** One address, no spaces or list separators, a dot in the domain. */
const isEmailAddress = (s: string) =>
  s.length <= EMAIL_MAX && /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\.]{2,}$/.test(s) && !/\.\./.test(s);

export interface GuestMember {
  name: string;
  email: string;
  agencyId: string;
  membership: 'core' | 'secondary';
}

/**
 * Reads a member who has no account (name, email, agency of the partnership, core or secondary).
 * `fields` names the inputs (the page prefixes them; the API does not).
 */
export function readGuestMember(
  body: Record<string, unknown>,
  p: PartnershipConfig,
  fields: { name: string; email: string; agencyId: string; membership: string },
): { values: Record<string, string>; errors: FieldError[]; input?: GuestMember } {
  const values = {
    name: str(body[fields.name]),
    email: str(body[fields.email]),
    agencyId: str(body[fields.agencyId]),
    membership: str(body[fields.membership]),
  };
  const errors: FieldError[] = [];
  if (!values.name) errors.push({ field: fields.name, message: 'Enter their full name' });
  else if (values.name.length > MEMBER_NAME_MAX) errors.push({ field: fields.name, message: `Full name must be ${MEMBER_NAME_MAX} characters or fewer` });
  if (!values.email) errors.push({ field: fields.email, message: 'Enter their email address' });
  else if (!isEmailAddress(values.email)) errors.push({ field: fields.email, message: 'Enter an email address in the correct format, like name@example.org' });
  if (!p.agencies.some((a) => a.id === values.agencyId))
    errors.push({ field: fields.agencyId, message: values.agencyId ? 'Select an agency of this partnership' : 'Select their agency' });
  if (values.membership !== 'core' && values.membership !== 'secondary')
    errors.push({ field: fields.membership, message: 'Select whether they are a core or secondary member' });
  if (errors.length) return { values, errors };
  return {
    values,
    errors,
    input: { name: values.name, email: values.email, agencyId: values.agencyId, membership: values.membership as 'core' | 'secondary' },
  };
}
