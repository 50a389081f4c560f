import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, partnershipOf } from '../../platform/http.ts';
import { problem } from '../../platform/problems.ts';
import { describeRule } from '../../domain/calendar/recurrence.ts';
import { type ChangeResult, type MeetingChair } from './service.ts';
import type { OccurrenceRow, SeriesRow } from './repository.ts';
import { isUuid, readBody, objectOf } from '../../platform/validation.ts';
import { seriesApiSchema, guestMemberSchema, memberApiSchema, moveApiSchema, cancelApiSchema, occurrencesQuery, chairChangeApiSchema } from './schemas.ts';

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

const personJson = (x: { id: string; name: string } | null) => (x ? { id: x.id, name: x.name } : null);
/** Who chairs a meeting and deputises (issue 15, item 20), with a one-off change for that meeting and its version (0: none). */
const chairJson = (c: MeetingChair | undefined, changeVersion: number) =>
  c
    ? {
        role: c.role,
        chair: personJson(c.chair),
        deputy: personJson(c.deputy),
        deputyRole: c.deputyRole,
        coChair: c.coChair,
        change: c.change
          ? {
              reason: c.change.reason,
              chairChanged: c.change.chairChanged,
              deputyChanged: c.change.deputyChanged,
              rotaChair: personJson(c.change.rotaChair),
              rotaDeputy: personJson(c.change.rotaDeputy),
            }
          : null,
        changeVersion,
      }
    : null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
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
        const q = readBody(occurrencesQuery, req.query);
        if (!q.ok) return problem(res, 422, 'Invalid request', 'Some query parameters are missing or invalid.', q.errors);
        const p = partnershipOf(req);
        const out = isUuid(id) ? await meetings.apiOccurrences(actorOf(req), p, id, q.data.from, q.data.to) : undefined;
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
        const read = readBody(seriesApiSchema(p), req.body);
        if (!read.ok) return problem(res, 422, 'Invalid series', 'Nothing was saved.', read.errors);
        const row = await meetings.createSeries(actorOf(req), p, read.data);
        res.status(201).location(`/api/v1/meeting-series/${row.id}/occurrences`).json(seriesJson(row));
      },
    },
    {
      method: 'post',
      path: '/api/v1/meeting-series/:id/members',
      access: 'series:members',
      audit: 'meeting.member.add',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const b = objectOf(req.body);
        const p = partnershipOf(req);
        const guest = b.userId === undefined && (b.name !== undefined || b.email !== undefined || b.agencyId !== undefined);
        if (guest) {
          const read = readBody(guestMemberSchema(p, { name: 'name', email: 'email', agencyId: 'agencyId', membership: 'membership' }, true), b);
          if (!read.ok) return problem(res, 422, 'Invalid member', 'Nothing was saved.', read.errors);
          const r = isUuid(id) ? await meetings.addGuestMember(actorOf(req), p, id, read.data) : ({ ok: false, reason: 'not-found' } as const);
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
            name: read.data.name,
            email: read.data.email,
            agencyId: read.data.agencyId,
            membership: read.data.membership,
            invited: true,
          });
        }
        const member = readBody(memberApiSchema, b);
        if (!member.ok) return problem(res, 422, 'Invalid member', 'Nothing was saved.', member.errors);
        const { userId, membership } = member.data;
        const r = isUuid(id) ? await meetings.addMember(actorOf(req), p, id, userId, membership) : ({ ok: false, reason: 'not-found' } as const);
        if (!r.ok && r.reason === 'not-found') return problem(res, 404, 'Not found', 'No meeting series with that id in your partnership.');
        if (!r.ok && r.reason === 'already')
          return problem(res, 409, 'Already a member', 'That person is already a member of this series.', [
            { field: 'userId', message: 'That person is already a member of this series' },
          ]);
        if (!r.ok)
          return problem(res, 422, 'Invalid member', 'Nothing was saved.', [{ field: 'userId', message: 'No active user of your partnership has that id' }]);
        res.status(201).json({ seriesId: id, userId, membership, invited: true });
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
        const o = isUuid(id) ? await meetings.occurrence(actorOf(req), id, partnershipOf(req)) : undefined;
        if (!o) return problem(res, 404, 'Not found', 'No meeting with that id in your partnership.');
        const c = await meetings.chairOf(actorOf(req), partnershipOf(req), o);
        res.json({ ...occurrenceJson(o), chair: chairJson(o.chair, c.version) });
      },
    },
    {
      method: 'put',
      path: '/api/v1/meeting-occurrences/:id/chair',
      access: 'meeting:manage',
      audit: 'meeting.chair.change',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const read = readBody(chairChangeApiSchema, req.body);
        if (!read.ok) return problem(res, 422, 'Invalid chair change', 'Nothing was changed.', read.errors);
        const { chairUserId, deputyUserId, reason, version } = read.data;
        const r = isUuid(id)
          ? await meetings.changeChair(actorOf(req), partnershipOf(req), id, version, { chair: chairUserId, deputy: deputyUserId, reason })
          : ({ ok: false, reason: 'not-found' } as const);
        if (!r.ok && r.reason === 'not-found') return problem(res, 404, 'Not found', 'No meeting with that id in your partnership.');
        if (!r.ok && r.reason === 'invalid') {
          const names: Record<string, string> = { chair: 'chairUserId', deputy: 'deputyUserId' };
          return problem(
            res,
            422,
            'Invalid chair change',
            'Nothing was changed.',
            r.errors.map((e) => ({ ...e, field: names[e.field] ?? e.field })),
          );
        }
        const o = (await meetings.occurrence(actorOf(req), id, partnershipOf(req)))!;
        const c = await meetings.chairOf(actorOf(req), partnershipOf(req), o);
        if (!r.ok)
          return void res
            .status(409)
            .type('application/problem+json')
            .send(
              JSON.stringify({
                type: 'about:blank',
                title: 'Edit conflict',
                status: 409,
                detail: 'Someone else changed the chair of this meeting first. Your change was kept and not applied; read the current version and try again.',
                current: chairJson(o.chair, c.version),
                submitted: { chairUserId, deputyUserId, reason, version },
              }),
            );
        res.json({ ...occurrenceJson(o), chair: chairJson(o.chair, c.version) });
      },
    },
    {
      method: 'post',
      path: '/api/v1/meeting-occurrences/:id/move',
      access: 'meeting:manage',
      audit: 'meeting.move',
      api: true,
      handler: async (req: Request, res: Response) => {
        const read = readBody(moveApiSchema, req.body);
        if (!read.ok) return problem(res, 422, 'Invalid move', 'Nothing was changed.', read.errors);
        const { startsAt, reason, version } = read.data;
        await changed(res, await forId(req, (id) => meetings.move(actorOf(req), id, version, startsAt, reason)), {
          startsAt: objectOf(req.body).startsAt,
          reason,
          version,
        });
      },
    },
    {
      method: 'post',
      path: '/api/v1/meeting-occurrences/:id/cancel',
      access: 'meeting:manage',
      audit: 'meeting.cancel',
      api: true,
      handler: async (req: Request, res: Response) => {
        const read = readBody(cancelApiSchema, req.body);
        if (!read.ok) return problem(res, 422, 'Invalid cancellation', 'Nothing was changed.', read.errors);
        const { reason, version } = read.data;
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
