import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, partnershipOf } from '../../platform/http.ts';
import { problem, type FieldError } from '../../platform/problems.ts';
import { describeRule } from '../../domain/calendar/recurrence.ts';
import { type ChangeResult } from './service.ts';
import type { OccurrenceRow, SeriesRow } from './repository.ts';
import { isUuid } from '../../platform/validation.ts';
import { readSeriesForm, reasonErrors, readGuestMember } from './schemas.ts';

/** The API names its fields as the JSON does; the page's messages say "Select…", which fits no API. */
const apiMessage = (field: string, message: string) =>
  field === 'agencyId' ? 'agencyId must be the id of an agency of your partnership' : field === 'membership' ? 'membership must be core or secondary' : message;

/** An ISO 8601 instant with its offset (Z or ±HH:MM). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_RANGE_DAYS = 366;
const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true });

const seriesJson = (s: SeriesRow) => ({
  id: s.id,
  typeId: s.type_id,
  name: s.name,
  districtId: s.district_id,
  rrule: s.rrule,
  description: describeRule(s.rrule),
  firstDate: s.first_date,
  startTime: s.start_time,
  durationMinutes: s.duration_minutes,
  timezone: s.timezone,
  skipBankHolidays: s.skip_bank_holidays,
  offsetDays: s.offset_days,
  location: s.location,
  version: s.version,
});

const ZONE = 'Europe/London';

const occurrenceJson = (o: OccurrenceRow, zone = ZONE) => ({
  id: o.id,
  seriesId: o.series_id,
  seriesName: o.series_name,
  typeId: o.type_id,
  districtId: o.district_id,
  location: o.location,
  startsAt: local(o.starts_at, zone),
  endsAt: local(o.ends_at, zone),
  originalStartsAt: local(o.original_starts_at, zone),
  status: o.status,
  movedOffHoliday: o.moved_off_holiday,
  reason: o.reason,
  changedAt: o.changed_at ? o.changed_at.toISOString() : null,
  version: o.version,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A JSON scalar as the page form would have sent it (numbers as text); anything else as nothing. */
const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

/**
 * The API's series body, translated into the page form's fields so that readSeriesForm applies the very
 * same rules (firstDate is YYYY-MM-DD here, three boxes there; skipBankHolidays a boolean here, yes/no there).
 */
function seriesFormBody(b: Record<string, unknown>): { body: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const body: Record<string, unknown> = {};
  for (const k of ['typeId', 'name', 'districtId', 'pattern', 'weeksDay', 'weeksInterval', 'nth', 'monthDay', 'monthsInterval', 'startTime', 'location'])
    body[k] = text(b[k]);
  body.duration = text(b.durationMinutes ?? b.duration);
  body.days = Array.isArray(b.days) ? b.days.filter((d) => typeof d === 'string') : typeof b.days === 'string' ? [b.days] : [];
  if (b.skipBankHolidays !== undefined && typeof b.skipBankHolidays !== 'boolean')
    errors.push({ field: 'skipBankHolidays', message: 'skipBankHolidays must be true or false' });
  body.skipBankHolidays = b.skipBankHolidays === false ? 'no' : 'yes';
  if (b.firstDate !== undefined && b.firstDate !== null && b.firstDate !== '') {
    const m = typeof b.firstDate === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(b.firstDate) : null;
    if (!m) errors.push({ field: 'firstDate', message: 'firstDate must be a date like 2027-01-13' });
    else Object.assign(body, { 'firstDate-year': m[1], 'firstDate-month': m[2], 'firstDate-day': m[3] });
  }
  return { body, errors };
}

/** version: a whole number as read from GET (a string of digits is accepted too). */
function readVersion(v: unknown, errors: FieldError[]): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647)
    errors.push({ field: 'version', message: 'version is required: the version you read from GET /api/v1/meeting-occurrences/{id}' });
  return n;
}

export function meetingApi({ services }: AppDeps): RouteSpec[] {
  const meetings = services.meetings;
  return [
    {
      method: 'get',
      path: '/api/v1/meeting-series',
      access: 'meeting:read',
      audit: 'none: series and their schedules, no personal data',
      api: true,
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const now = new Date();
        const { series } = await meetings.upcoming(actorOf(req), p, now, now);
        res.json({ series: series.map(seriesJson) });
      },
    },
    {
      method: 'get',
      path: '/api/v1/meeting-series/:id/occurrences',
      access: 'meeting:read',
      audit: 'none: meeting times, no personal data',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const errors: FieldError[] = [];
        const read = (name: 'from' | 'to') => {
          const v = req.query[name];
          if (typeof v !== 'string' || !v)
            return (errors.push({ field: name, message: `${name} is required: an ISO 8601 instant with an offset, like 2026-03-29T00:00:00Z` }), undefined);
          const d = new Date(v);
          if (!INSTANT.test(v) || Number.isNaN(d.getTime()))
            return (errors.push({ field: name, message: `${name} must be an ISO 8601 instant with an offset, like 2026-03-29T00:00:00+01:00` }), undefined);
          return d;
        };
        const from = read('from');
        const to = read('to');
        if (from && to && to <= from) errors.push({ field: 'to', message: 'to must be after from' });
        else if (from && to && to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
          errors.push({ field: 'to', message: `The range must be ${MAX_RANGE_DAYS} days or shorter` });
        if (errors.length) return problem(res, 422, 'Invalid request', 'Some query parameters are missing or invalid.', errors);
        const p = partnershipOf(req);
        const out = isUuid(id) ? await meetings.apiOccurrences(actorOf(req), p, id, from!, to!) : undefined;
        if (!out) return problem(res, 404, 'Not found', 'No meeting series with that id in your partnership.');
        const zone = out.series.timezone;
        res.json({
          series: seriesJson(out.series),
          occurrences: out.rows.map((o) => ({
            id: o.id,
            startsAt: local(o.starts_at, zone),
            endsAt: local(o.ends_at, zone),
            originalStartsAt: local(o.original_starts_at, zone),
            status: o.status,
            movedOffHoliday: o.moved_off_holiday,
            reason: o.reason,
            version: o.version,
          })),
        });
      },
    },
    {
      method: 'post',
      path: '/api/v1/meeting-series',
      access: 'series:admin',
      audit: 'meeting.series.create',
      api: true,
      handler: async (req: Request, res: Response) => {
        if (!isObject(req.body))
          return problem(res, 422, 'Invalid series', 'Send a JSON object.', [{ field: 'body', message: 'The body must be a JSON object' }]);
        const p = partnershipOf(req);
        const { body, errors } = seriesFormBody(req.body);
        const read = readSeriesForm(body, p);
        const all = [...errors, ...read.errors.filter((e) => !errors.some((x) => x.field === e.field))];
        if (all.length || !read.input)
          return problem(
            res,
            422,
            'Invalid series',
            'Nothing was saved.',
            all.map((e) => (e.field === 'duration' ? { ...e, field: 'durationMinutes' } : e)),
          );
        const row = await meetings.createSeries(actorOf(req), p, read.input);
        res.status(201).location(`/api/v1/meeting-series/${row.id}/occurrences`).json(seriesJson(row));
      },
    },
    {
      method: 'post',
      path: '/api/v1/meeting-series/:id/members',
      access: 'meeting:manage',
      audit: 'meeting.member.add',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const b = isObject(req.body) ? req.body : {};
        const p = partnershipOf(req);
        const guest = b.userId === undefined && (b.name !== undefined || b.email !== undefined || b.agencyId !== undefined);
        if (guest) {
          const read = readGuestMember(b, p, { name: 'name', email: 'email', agencyId: 'agencyId', membership: 'membership' });
          if (!read.input)
            return problem(
              res,
              422,
              'Invalid member',
              'Nothing was saved.',
              read.errors.map((e) => ({ ...e, message: apiMessage(e.field, e.message) })),
            );
          const r = isUuid(id) ? await meetings.addGuestMember(actorOf(req), p, id, read.input) : ({ ok: false, reason: 'not-found' } as const);
          if (!r.ok && r.reason === 'not-found') return problem(res, 404, 'Not found', 'No meeting series with that id in your partnership.');
          if (!r.ok && r.reason === 'already')
            return problem(res, 409, 'Already a member', 'Someone with that email address is already a member of this series.', [
              { field: 'email', message: 'Someone with that email address is already a member of this series' },
            ]);
          if (!r.ok)
            return problem(res, 422, 'Invalid member', 'Nothing was saved.', [
              { field: 'agencyId', message: 'agencyId must be the id of an agency of your partnership' },
            ]);
          return res.status(201).json({
            seriesId: id,
            memberId: r.memberId,
            name: read.input.name,
            email: read.input.email,
            agencyId: read.input.agencyId,
            membership: read.input.membership,
            invited: true,
          });
        }
        const errors: FieldError[] = [];
        const userId = typeof b.userId === 'string' ? b.userId : '';
        if (!isUuid(userId))
          errors.push({
            field: 'userId',
            message:
              'userId is required: the id of an active user of your partnership (or, for someone without an account, give name, email and agencyId instead)',
          });
        if (b.membership !== 'core' && b.membership !== 'secondary') errors.push({ field: 'membership', message: 'membership must be core or secondary' });
        if (errors.length) return problem(res, 422, 'Invalid member', 'Nothing was saved.', errors);
        const r = isUuid(id)
          ? await meetings.addMember(actorOf(req), p, id, userId, b.membership as 'core' | 'secondary')
          : ({ ok: false, reason: 'not-found' } as const);
        if (!r.ok && r.reason === 'not-found') return problem(res, 404, 'Not found', 'No meeting series with that id in your partnership.');
        if (!r.ok && r.reason === 'already')
          return problem(res, 409, 'Already a member', 'That person is already a member of this series.', [
            { field: 'userId', message: 'That person is already a member of this series' },
          ]);
        if (!r.ok)
          return problem(res, 422, 'Invalid member', 'Nothing was saved.', [{ field: 'userId', message: 'No active user of your partnership has that id' }]);
        res.status(201).json({ seriesId: id, userId, membership: b.membership, invited: true });
      },
    },
    {
      method: 'get',
      path: '/api/v1/meeting-occurrences/:id',
      access: 'meeting:read',
      audit: 'none: a meeting’s time and place, no personal data',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const o = isUuid(id) ? await meetings.occurrence(actorOf(req), id) : undefined;
        if (!o) return problem(res, 404, 'Not found', 'No meeting with that id in your partnership.');
        res.json(occurrenceJson(o));
      },
    },
    {
      method: 'post',
      path: '/api/v1/meeting-occurrences/:id/move',
      access: 'meeting:manage',
      audit: 'meeting.move',
      api: true,
      handler: async (req: Request, res: Response) => {
        const b = isObject(req.body) ? req.body : {};
        const errors: FieldError[] = [];
        const startsAt = typeof b.startsAt === 'string' && INSTANT.test(b.startsAt) ? new Date(b.startsAt) : undefined;
        if (!startsAt || Number.isNaN(startsAt.getTime()))
          errors.push({ field: 'startsAt', message: 'startsAt is required: an ISO 8601 instant with an offset, like 2027-02-02T11:15:00+00:00' });
        else if (startsAt.getUTCFullYear() < 2000 || startsAt.getUTCFullYear() > 2100)
          errors.push({ field: 'startsAt', message: 'startsAt must be between the years 2000 and 2100' });
        const reason = typeof b.reason === 'string' ? b.reason.trim() : '';
        reasonErrors(reason, 'moving', errors);
        const version = readVersion(b.version, errors);
        if (errors.length) return problem(res, 422, 'Invalid move', 'Nothing was changed.', errors);
        await changed(res, await forId(req, (id) => meetings.move(actorOf(req), id, version, startsAt!, reason)), { startsAt: b.startsAt, reason, version });
      },
    },
    {
      method: 'post',
      path: '/api/v1/meeting-occurrences/:id/cancel',
      access: 'meeting:manage',
      audit: 'meeting.cancel',
      api: true,
      handler: async (req: Request, res: Response) => {
        const b = isObject(req.body) ? req.body : {};
        const errors: FieldError[] = [];
        const reason = typeof b.reason === 'string' ? b.reason.trim() : '';
        reasonErrors(reason, 'cancelling', errors);
        const version = readVersion(b.version, errors);
        if (errors.length) return problem(res, 422, 'Invalid cancellation', 'Nothing was changed.', errors);
        await changed(res, await forId(req, (id) => meetings.cancel(actorOf(req), id, version, reason)), { reason, version });
      },
    },
  ];

  /** A non-uuid id is simply not found (and audited as the pages audit an unknown id). */
  async function forId(req: Request, run: (id: string) => Promise<ChangeResult>): Promise<ChangeResult> {
    const id = String(req.params.id);
    return isUuid(id) ? run(id) : { ok: false, reason: 'not-found' };
  }

  /** The answer to a move or cancel: 200 with the occurrence, 404, or 409 with the current occurrence. */
  async function changed(res: Response, r: ChangeResult, submitted: Record<string, unknown>) {
    if (r.ok) return void res.json(occurrenceJson(r.occurrence));
    if (r.reason === 'not-found') return problem(res, 404, 'Not found', 'No meeting with that id in your partnership.');
    const detail =
      r.reason === 'cancelled'
        ? 'This meeting is cancelled: it cannot be moved.'
        : 'Someone else changed this meeting first. Your change was kept and not applied; read the current version and try again.';
    res
      .status(409)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: r.reason === 'cancelled' ? 'Meeting cancelled' : 'Edit conflict',
          status: 409,
          detail,
          current: occurrenceJson(r.current),
          submitted,
        }),
      );
  }
}
