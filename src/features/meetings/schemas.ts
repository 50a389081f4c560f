import { z } from 'zod';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import {
  str as text,
  readDateInput,
  objectOf,
  formText,
  formTrimmed,
  formFields,
  dateInput,
  withDateInputs,
  isUuid,
  always,
  isRealDate,
} from '../../platform/validation.ts';
import { WEEKDAY_CODES, ruleError, localToInstant } from '../../domain/calendar/recurrence.ts';

const REASON_MAX = 1000;
export const dayNames: Record<string, string> = { MO: 'Monday', TU: 'Tuesday', WE: 'Wednesday', TH: 'Thursday', FR: 'Friday', SA: 'Saturday', SU: 'Sunday' };
export const nthNames: Record<string, string> = { '1': 'First', '2': 'Second', '3': 'Third', '4': 'Fourth', '-1': 'Last' };

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
/** A form field as trimmed text (anything but a string is none), for a schema. */
const trimmed = formText.transform((v) => v.trim());
const list = (v: unknown) => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string');
/** An error of a field, from a rule of the whole form. */
const issue = (ctx: z.RefinementCtx, field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });

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

/** The add-a-series form as typed, to show back. */
export function seriesValues(body: Record<string, unknown>): SeriesFormValues {
  return {
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
}

/** A series' fields as the rules read them: the form's text, the days chosen, the first date read from its input. */
type SeriesFields = {
  typeId: string;
  name: string;
  districtId: string;
  pattern: string;
  days: string[];
  weeksDay: string;
  weeksInterval: string;
  nth: string;
  monthDay: string;
  monthsInterval: string;
  startTime: string;
  duration: string;
  skipBankHolidays: boolean;
  location: string;
  firstDate: ReturnType<typeof readDateInput>;
};

const intIn = (v: string, lo: number, hi: number) => (/^\d{1,2}$/.test(v) && Number(v) >= lo && Number(v) <= hi ? Number(v) : undefined);
const isDay = (d: string) => (WEEKDAY_CODES as readonly string[]).includes(d);

/** The recurrence rule the pattern's choices build ('' when they do not make one). */
function ruleOf(v: SeriesFields): string {
  if (v.pattern === 'weekly')
    return v.days.length && v.days.every(isDay) ? `FREQ=WEEKLY;BYDAY=${WEEKDAY_CODES.filter((d) => v.days.includes(d)).join(',')}` : '';
  if (v.pattern === 'weeks') {
    const n = intIn(v.weeksInterval, 2, 12);
    return n && v.weeksDay ? `FREQ=WEEKLY;INTERVAL=${n};BYDAY=${v.weeksDay}` : '';
  }
  if (v.pattern === 'monthly') {
    const n = intIn(v.monthsInterval, 1, 12);
    return n && v.nth in nthNames && v.monthDay ? `FREQ=MONTHLY${n > 1 ? `;INTERVAL=${n}` : ''};BYDAY=${v.nth}${v.monthDay}` : '';
  }
  return '';
}
const durationOf = (v: string) => (/^\d{1,3}$/.test(v) && Number(v) >= 5 && Number(v) <= 720 ? Number(v) : undefined);

/**
 * A series' rules, in the order the form shows its fields (a rule never made from RRULE typed by hand): the type, the name, the
 * district, the pattern's choices and the rule they make, the first date (needed for "every n weeks"), the time, duration, where.
 */
const seriesRules = (p: PartnershipConfig, durationField: string) => (v: SeriesFields, ctx: z.RefinementCtx) => {
  if (!p.meetingTypes.some((t) => t.id === v.typeId) && v.typeId !== 'other') issue(ctx, 'typeId', 'Select the type of meeting');
  if (!v.name) issue(ctx, 'name', 'Enter a name for the series');
  else if (v.name.length > 120) issue(ctx, 'name', 'Name must be 120 characters or fewer');
  if (v.districtId && !p.districts.some((d) => d.id === v.districtId)) issue(ctx, 'districtId', 'Select a district from the list');
  if (v.pattern === 'weekly') {
    if (!v.days.length || !v.days.every(isDay)) issue(ctx, 'days', 'Select the days of the week the meeting is held');
  } else if (v.pattern === 'weeks') {
    if (!intIn(v.weeksInterval, 2, 12)) issue(ctx, 'weeksInterval', 'Enter how many weeks apart, from 2 to 12');
    if (!isDay(v.weeksDay)) issue(ctx, 'weeksDay', 'Select the day of the week');
  } else if (v.pattern === 'monthly') {
    if (!intIn(v.monthsInterval, 1, 12)) issue(ctx, 'monthsInterval', 'Enter how many months apart, from 1 to 12');
    if (!(v.nth in nthNames)) issue(ctx, 'nth', 'Select which week of the month');
    if (!isDay(v.monthDay)) issue(ctx, 'monthDay', 'Select the day of the week');
  } else issue(ctx, 'pattern', 'Select how often the meeting is held');
  const rrule = ruleOf(v);
  if (rrule && ruleError(rrule)) issue(ctx, 'pattern', ruleError(rrule)!);
  if (v.firstDate.error) issue(ctx, 'firstDate', v.firstDate.error);
  else if (!v.firstDate.value && v.pattern === 'weeks')
    issue(ctx, 'firstDate', 'Enter the date of the first meeting, so that the fortnights (or weeks) are counted from it');
  if (!v.startTime) issue(ctx, 'startTime', 'Enter the start time');
  else if (!readTime(v.startTime)) issue(ctx, 'startTime', 'Enter the start time like 9:30am or 14:00');
  if (!v.duration) issue(ctx, durationField, 'Enter how long the meeting lasts, in minutes');
  else if (!durationOf(v.duration)) issue(ctx, durationField, 'Duration must be a whole number of minutes from 5 to 720');
  if (v.location.length > 200) issue(ctx, 'location', 'Where must be 200 characters or fewer');
};

const newSeries = (v: SeriesFields): NewSeries => ({
  typeId: v.typeId,
  name: v.name,
  districtId: v.districtId || null,
  rrule: ruleOf(v),
  firstDate: v.firstDate.value ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()),
  startTime: readTime(v.startTime)!,
  durationMinutes: durationOf(v.duration)!,
  skipBankHolidays: v.skipBankHolidays,
  location: v.location || null,
});

const seriesText = (t: z.ZodType<string, unknown>) => ({
  typeId: t,
  name: t,
  districtId: t,
  pattern: t,
  weeksDay: t,
  weeksInterval: t,
  nth: t,
  monthDay: t,
  monthsInterval: t,
  startTime: t,
  location: t,
});

/** The add-a-series form: a rule built from simple choices (never typed as RRULE), the first date a GOV.UK date input. */
export const seriesForm = (p: PartnershipConfig) =>
  z
    .preprocess(
      (b) => ({ ...objectOf(b), firstDate: readDateInput(objectOf(b), 'firstDate', 'First date') }),
      z.looseObject({
        ...seriesText(trimmed),
        days: z.unknown().optional().transform(list),
        duration: trimmed,
        skipBankHolidays: trimmed.transform((v) => v === 'yes'),
        firstDate: z.custom<ReturnType<typeof readDateInput>>(),
      }),
    )
    .superRefine(seriesRules(p, 'duration'))
    .transform(newSeries);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * The API's series: the page form's rules on the JSON's names (firstDate is YYYY-MM-DD here, three boxes there; skipBankHolidays
 * a boolean here, yes/no there; durationMinutes for duration). A firstDate or skipBankHolidays of the wrong shape is said first.
 */
export const seriesApiSchema = (p: PartnershipConfig) =>
  z
    .preprocess(
      (b) => {
        const o = objectOf(b);
        const m = typeof o.firstDate === 'string' ? ISO_DATE.exec(o.firstDate) : null;
        const given = o.firstDate !== undefined && o.firstDate !== null && o.firstDate !== '';
        return {
          ...o,
          duration: o.durationMinutes ?? o.duration,
          firstDate: m
            ? readDateInput({ 'firstDate-year': m[1], 'firstDate-month': m[2], 'firstDate-day': m[3] }, 'firstDate', 'First date')
            : { parts: { day: '', month: '', year: '' } },
          firstDateGiven: given && !m,
        };
      },
      z.looseObject({
        skipBankHolidays: z
          .unknown()
          .optional()
          .refine((v) => v === undefined || typeof v === 'boolean', 'skipBankHolidays must be true or false')
          .transform((v) => v !== false),
        firstDate: z.custom<ReturnType<typeof readDateInput>>(),
        firstDateGiven: z.boolean(),
        ...seriesText(formTrimmed),
        days: z
          .unknown()
          .optional()
          .transform((v) => (Array.isArray(v) ? v.filter((d): d is string => typeof d === 'string') : typeof v === 'string' ? [v] : [])),
        duration: formTrimmed,
      }),
    )
    .superRefine((v, ctx) => {
      if (v.firstDateGiven) issue(ctx, 'firstDate', 'firstDate must be a date like 2027-01-13');
    }, always)
    .superRefine(seriesRules(p, 'durationMinutes'), always)
    .transform(newSeries);

/** Why a meeting is moved or cancelled: required, at most REASON_MAX characters. */
const reasonText = (what: string) =>
  z.string().min(1, `Enter the reason for ${what} the meeting`).max(REASON_MAX, `Reason must be ${REASON_MAX} characters or fewer`);
const reason = (what: string) => trimmed.pipe(reasonText(what));
/** The version a form read: not a whole number is an out-of-date form. */
const formVersion = formText.transform((v) => Number.parseInt(v, 10)).refine((n) => Number.isInteger(n), 'The form is out of date: reload the page');

/** The move form as typed, to show back. */
export const moveValues = (body: Record<string, unknown>) => ({
  reason: str(body.reason),
  time: str(body.time),
  'date-day': str(body['date-day']),
  'date-month': str(body['date-month']),
  'date-year': str(body['date-year']),
});

/** Moving one meeting: a new date (a GOV.UK date input) and time, why, and the version read. */
export const moveForm = z.preprocess(
  withDateInputs({ date: 'New date' }),
  z.looseObject({
    date: dateInput.pipe(z.string().min(1, 'Enter the new date')),
    time: trimmed.transform((t, ctx) => {
      const time = readTime(t);
      if (time) return time;
      ctx.addIssue({ code: 'custom', message: t ? 'Enter the new start time like 9:30am or 14:00' : 'Enter the new start time' });
      return z.NEVER;
    }),
    reason: reason('moving'),
    version: formVersion,
  }),
);
/** The move form's anchors in the error summary. */
export const moveAnchors = { date: 'date-day', version: 'move' };

/** Cancelling one meeting: why (the field cancelReason, beside the move form's reason), and the version read. */
export const cancelForm = formFields({ cancelReason: reason('cancelling'), version: formVersion });

/** The API's version: a whole number as read from GET (a string of digits is accepted too). */
const apiVersion = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN))
  .refine((n) => Number.isInteger(n) && n >= 1 && n <= 2_147_483_647, 'version is required: the version you read from GET /api/v1/meeting-occurrences/{id}');
/** The API's reason: text (anything else is none). */
const apiReason = (what: string) =>
  z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v.trim() : ''))
    .pipe(reasonText(what));

/** An ISO 8601 instant with its offset (Z or ±HH:MM). */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The API's move: the new start (an instant with its offset, between 2000 and 2100), why, and the version read. */
export const moveApiSchema = formFields({
  startsAt: z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      const at = typeof v === 'string' && INSTANT.test(v) ? new Date(v) : undefined;
      if (!at || Number.isNaN(at.getTime()))
        ctx.addIssue({ code: 'custom', message: 'startsAt is required: an ISO 8601 instant with an offset, like 2027-02-02T11:15:00+00:00' });
      else if (at.getUTCFullYear() < 2000 || at.getUTCFullYear() > 2100)
        ctx.addIssue({ code: 'custom', message: 'startsAt must be between the years 2000 and 2100' });
      else return at;
      return z.NEVER;
    }),
  reason: apiReason('moving'),
  version: apiVersion,
});

/** The API's cancellation: why, and the version read. */
export const cancelApiSchema = formFields({ reason: apiReason('cancelling'), version: apiVersion });

const MAX_RANGE_DAYS = 366;
/**
 * An instant of the occurrences query: required, with its offset; or a date alone (issue 16 item 10), a local date in
 * Europe/London read as the start of that day there (00:00, BST or GMT as the day has it).
 */
const instantParam = (name: string) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (typeof v !== 'string' || !v)
        ctx.addIssue({
          code: 'custom',
          message: `${name} is required: an ISO 8601 instant with an offset, like 2026-03-29T00:00:00Z, or a date, like 2026-03-29`,
        });
      else if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
        if (isRealDate(v)) return localToInstant(v, '00:00', 'Europe/London');
        ctx.addIssue({ code: 'custom', message: `${name} must be a real date, like 2026-03-29` });
      } else if (!INSTANT.test(v) || Number.isNaN(new Date(v).getTime()))
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an ISO 8601 instant with an offset, like 2026-03-29T00:00:00+01:00, or a date, like 2026-03-29`,
        });
      else return new Date(v);
      return z.NEVER;
    });

/** The occurrences query: from and to, to after from, at most MAX_RANGE_DAYS apart. */
export const occurrencesQuery = formFields({ from: instantParam('from'), to: instantParam('to') }).superRefine((q, ctx) => {
  if (q.to <= q.from) issue(ctx, 'to', 'to must be after from');
  else if (q.to.getTime() - q.from.getTime() > MAX_RANGE_DAYS * 86_400_000) issue(ctx, 'to', `The range must be ${MAX_RANGE_DAYS} days or shorter`);
});

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

/** The names of a guest member's inputs: the page prefixes them (guestName…), the API does not. */
export type GuestFields = { name: string; email: string; agencyId: string; membership: string };

/** A member without an account as typed, by the page's input names, to show back. */
export const guestMemberValues = (body: Record<string, unknown>, fields: GuestFields) =>
  Object.fromEntries(Object.values(fields).map((f) => [f, str(body[f])]));

/**
 * A member who has no account (name, email, agency of the partnership, core or secondary), the fields named by `fields`.
 * The API's messages (json) name its fields as the JSON does; the page's say "Select…".
 */
export const guestMemberSchema = (p: PartnershipConfig, fields: GuestFields, json = false) =>
  formFields({
    [fields.name]: trimmed.pipe(z.string().min(1, 'Enter their full name').max(MEMBER_NAME_MAX, `Full name must be ${MEMBER_NAME_MAX} characters or fewer`)),
    [fields.email]: trimmed.pipe(
      z.string().min(1, 'Enter their email address').refine(isEmailAddress, 'Enter an email address in the correct format, like name@example.org'),
    ),
    [fields.agencyId]: trimmed.transform((v, ctx) => {
      if (p.agencies.some((a) => a.id === v)) return v;
      const message = json ? 'agencyId must be the id of an agency of your partnership' : v ? 'Select an agency of this partnership' : 'Select their agency';
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }),
    [fields.membership]: trimmed.pipe(
      z.enum(['core', 'secondary'], { error: json ? 'membership must be core or secondary' : 'Select whether they are a core or secondary member' }),
    ),
  }).transform((v): GuestMember => ({
    name: v[fields.name] as string,
    email: v[fields.email] as string,
    agencyId: v[fields.agencyId] as string,
    membership: v[fields.membership] as GuestMember['membership'],
  }));

/** A user of the partnership made a member (the page's form). */
export const memberForm = formFields({
  userId: formText.refine(isUuid, 'Select the person to add'),
  membership: formText.pipe(z.enum(['core', 'secondary'], { error: 'Select whether they are a core or secondary member' })),
});
/** The member form as typed, to show back. */
export const memberValues = (body: Record<string, unknown>) => ({ userId: text(body.userId), membership: text(body.membership) });

/** A user of the partnership made a member (the API). */
export const memberApiSchema = formFields({
  userId: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v : ''))
    .refine(
      isUuid,
      'userId is required: the id of an active user of your partnership (or, for someone without an account, give name, email and agencyId instead)',
    ),
  membership: z.enum(['core', 'secondary'], { error: 'membership must be core or secondary' }),
});

/** The chair rota form as typed: its first meeting, and each turn's role, chair and deputy (at most `maxTurns`). */
export function chairsValues(body: Record<string, unknown>, maxTurns: number): Record<string, string> {
  const count = Math.min(Math.max(Number(text(body.rows)) || 0, 1), maxTurns);
  const values: Record<string, string> = { firstMeeting: text(body.firstMeeting), rows: String(count) };
  for (let row = 1; row <= count; row++) for (const f of ['role', 'chair', 'deputy']) values[`${f}-${row}`] = text(body[`${f}-${row}`]);
  return values;
}

/**
 * A chair rota: the turns filled in (role, chair, deputy), the first meeting (a meeting of the series, or '' for as now) and the
 * version read. A form out of date is said alone; the service checks the turns against the series' users and meetings.
 */
export const chairsForm = (maxTurns: number) =>
  z
    .preprocess((b) => ({ ...chairsValues(objectOf(b), maxTurns), version: text(objectOf(b).version) }), z.record(z.string(), z.string()))
    .superRefine((v, ctx) => {
      const version = Number(v.version);
      if (!Number.isInteger(version) || version < 0) issue(ctx, 'role-1', 'Reload the page and try again');
      else if (v.firstMeeting && !isUuid(v.firstMeeting)) issue(ctx, 'firstMeeting', 'Select the meeting the first turn chairs from the list');
    })
    .transform((v) => ({
      version: Number(v.version),
      firstMeeting: v.firstMeeting,
      rows: Array.from({ length: Number(v.rows) }, (_, i) => i + 1)
        .map((row) => ({ row, role: v[`role-${row}`]!, chair: v[`chair-${row}`]!, deputy: v[`deputy-${row}`] || null }))
        .filter((t) => t.role.trim() || t.chair || t.deputy),
    }));

/** A person chosen from the list: a uuid, or none. */
const personChoice = (message: string) => trimmed.refine((v) => !v || isUuid(v), message).transform((v) => v || null);

/**
 * The one-off chair change of a meeting (issue 15, item 20): another chair and/or deputy for that meeting, and why. What
 * needs the rota (one of them named, the deputy someone other than the chair) is checked by the service (domain/meeting/chair.ts).
 */
export const chairChangeForm = formFields({
  chair: personChoice('Select who chairs this meeting from the list'),
  deputy: personChoice('Select the deputy from the list'),
  chairReason: trimmed,
  version: formText.transform((v) => Number.parseInt(v, 10)).refine((n) => Number.isInteger(n) && n >= 0, 'The form is out of date: reload the page'),
});
export const chairChangeValues = (body: Record<string, unknown>) => ({ chair: str(body.chair), deputy: str(body.deputy), chairReason: str(body.chairReason) });

/** The API's one-off chair change: user ids (null keeps the rota's), the reason and the version read (0: none yet). */
export const chairChangeApiSchema = formFields({
  chairUserId: z
    .unknown()
    .optional()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v))
    .refine((v) => v === null || (typeof v === 'string' && isUuid(v)), 'chairUserId must be a user’s id, or null to keep the rota’s chair')
    .transform((v) => v as string | null),
  deputyUserId: z
    .unknown()
    .optional()
    .transform((v) => (v === undefined || v === null || v === '' ? null : v))
    .refine((v) => v === null || (typeof v === 'string' && isUuid(v)), 'deputyUserId must be a user’s id, or null to keep the rota’s deputy')
    .transform((v) => v as string | null),
  reason: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' ? v.trim() : '')),
  version: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'number' ? v : Number.NaN))
    .refine(
      (n) => Number.isInteger(n) && n >= 0,
      'version is required: the chairChange version from GET /api/v1/meeting-occurrences/{id} (0 when there is none)',
    ),
});
