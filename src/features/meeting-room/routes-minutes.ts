import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { str, formErrors, type FormErrors } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';
import { meetingTypeOf } from '../../partnerships/index.ts';
import { itemHeading } from './service.ts';
import type { MinutesRow } from './repository.ts';
import { minutesPage, statusWords } from './view-model.ts';
import { ids, refuse, outOfDate } from './routes-common.ts';

/** Closing the meeting and its minutes: read, edited, approved and sent. */
export function meetingRoomMinutesRoutes({ services }: AppDeps): RouteSpec[] {
  const room = services.meetingRoom;

  const renderMinutes = async (
    req: Request,
    res: Response,
    id: string,
    o: { body?: string; errors?: FormErrors; status?: number; conflict?: { current: MinutesRow; submitted: string }; notice?: string } = {},
  ) => {
    const r = await room.minutes(actorOf(req), id);
    if (!r.ok)
      return r.reason === 'not-open'
        ? res
            .status(404)
            .render('meeting-room/views/refused.njk', { id, message: 'There are no minutes yet: they are written when the chair closes the meeting.' })
        : refuse(res, id, r.reason);
    const meetingType = meetingTypeOf(partnershipOf(req), r.meeting.type_id);
    res
      .status(o.status ?? 200)
      .render(
        'meeting-room/views/minutes.njk',
        minutesPage(r, meetingType, req.user!, { body: o.body, errors: o.errors, conflict: o.conflict, notice: o.notice ?? str(req.query.done) }),
      );
  };

  return [
    {
      method: 'get',
      path: '/meetings/:id/room/close',
      access: 'meeting:manage',
      audit: 'meeting.room.view',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const r = await room.room(actorOf(req), id);
        if (!r.ok) return refuse(res, id, r.reason);
        if (!r.showItems) return refuse(res, id, r.meeting.opened_at ? 'not-accepted' : 'not-open');
        if (r.meeting.closed_at) return refuse(res, id, 'closed');
        res.render('meeting-room/views/close.njk', {
          meeting: r.meeting,
          items: r.items.map((i) => ({ ...i, heading: itemHeading(i) })),
          statusWords,
          attendance: r.attendance,
        });
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/room/close',
      access: 'meeting:manage',
      audit: 'meeting.close',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const r = await room.close(actorOf(req), partnershipOf(req), id);
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.minutes(id)}?done=closed-${r.carried}`);
      },
    },
    {
      method: 'get',
      path: '/meetings/:id/minutes',
      access: 'meeting:read',
      audit: 'meeting.minutes.view',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        await renderMinutes(req, res, id);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/minutes',
      access: 'meeting:manage',
      audit: 'meeting.minutes.edit',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const body = str(b.body);
        const version = versionOf(b);
        if (version === undefined) return renderMinutes(req, res, id, { body, errors: formErrors([outOfDate], { version: 'body' }), status: 400 });
        const r = await room.saveMinutes(actorOf(req), id, version, body);
        if (!r.ok && r.reason === 'invalid') return renderMinutes(req, res, id, { body, errors: formErrors(r.errors), status: 400 });
        if (!r.ok && (r.reason === 'conflict' || r.reason === 'locked'))
          return renderMinutes(req, res, id, { body, conflict: { current: r.current, submitted: body }, status: 409 });
        if (!r.ok && r.reason !== 'conflict' && r.reason !== 'locked') return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.minutes(id)}?done=saved`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/minutes/approve',
      access: 'meeting:manage',
      audit: 'meeting.minutes.approve',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const version = versionOf((req.body ?? {}) as Record<string, unknown>);
        const r = version === undefined ? undefined : await room.approveMinutes(actorOf(req), id, version);
        if (!r) return renderMinutes(req, res, id, { errors: formErrors([outOfDate], { version: 'body' }), status: 400 });
        if (!r.ok && r.reason === 'conflict')
          return renderMinutes(req, res, id, {
            errors: formErrors([
              { field: 'body', message: 'The minutes changed since you read them, or are already approved: check them, then approve again' },
            ]),
            status: 409,
          });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.minutes(id)}?done=approved`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/minutes/send',
      access: 'meeting:manage',
      audit: 'meeting.minutes.send',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const version = versionOf((req.body ?? {}) as Record<string, unknown>);
        const r = version === undefined ? undefined : await room.sendMinutes(actorOf(req), partnershipOf(req), id, version);
        if (!r) return renderMinutes(req, res, id, { errors: formErrors([outOfDate], { version: 'body' }), status: 400 });
        if (!r.ok && r.reason === 'conflict')
          return renderMinutes(req, res, id, {
            errors: formErrors([{ field: 'body', message: 'Only approved minutes that have not been sent can be sent' }]),
            status: 409,
          });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.minutes(id)}?done=sent-${r.sent}`);
      },
    },
  ];
}
