import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf } from '../../platform/http.ts';
import { problem, type FieldError } from '../../platform/problems.ts';
import { describeRule } from '../../domain/calendar/recurrence.ts';
import { meetingService } from './service.ts';
import type { SeriesRow } from './repository.ts';
import { isUuid } from '../../platform/validation.ts';

/** An ISO 8601 instant with its offset (Z or ±HH:MM). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_RANGE_DAYS = 366;
const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true });

export const seriesJson = (s: SeriesRow) => ({
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

export function meetingApi({ db, partnerships }: Services): RouteSpec[] {
  const meetings = meetingService(db);
  return [
    {
      method: 'get', path: '/api/v1/meeting-series', access: 'meeting:read', audit: 'none: series and their schedules, no personal data', api: true,
      handler: async (req: Request, res: Response) => {
        const p = partnerships.get(req.user!.partnershipId)!;
        const now = new Date();
        const { series } = await meetings.upcoming(actorOf(req), p, now, now);
        res.json({ series: series.map(seriesJson) });
      },
    },
    {
      method: 'get', path: '/api/v1/meeting-series/:id/occurrences', access: 'meeting:read', audit: 'none: meeting times, no personal data', api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const errors: FieldError[] = [];
        const read = (name: 'from' | 'to') => {
          const v = req.query[name];
          if (typeof v !== 'string' || !v) return errors.push({ field: name, message: `${name} is required: an ISO 8601 instant with an offset, like 2026-03-29T00:00:00Z` }), undefined;
          const d = new Date(v);
          if (!INSTANT.test(v) || Number.isNaN(d.getTime())) return errors.push({ field: name, message: `${name} must be an ISO 8601 instant with an offset, like 2026-03-29T00:00:00+01:00` }), undefined;
          return d;
        };
        const from = read('from');
        const to = read('to');
        if (from && to && to <= from) errors.push({ field: 'to', message: 'to must be after from' });
        else if (from && to && to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) errors.push({ field: 'to', message: `The range must be ${MAX_RANGE_DAYS} days or shorter` });
        if (errors.length) return problem(res, 422, 'Invalid request', 'Some query parameters are missing or invalid.', errors);
        const p = partnerships.get(req.user!.partnershipId)!;
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
            reason: o.reason,
            version: o.version,
          })),
        });
      },
    },
  ];
}
