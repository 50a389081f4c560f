import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { str, readBody, formErrors, isUuid, type FormErrors } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';
import type { AttendeeInput } from './service.ts';
import { attendeeForm, agreeForm } from './schemas.ts';
import { roomPage, attendancePage } from './view-model.ts';
import { ids, refuse } from './routes-common.ts';

/** The meeting page, opening the meeting, its attendance and the confidentiality agreement. */
export function meetingRoomRoomRoutes({ services }: AppDeps): RouteSpec[] {
  const room = services.meetingRoom;

  const renderRoom = async (req: Request, res: Response, id: string, o: { errors?: FormErrors; status?: number; notice?: string } = {}) => {
    const r = await room.room(actorOf(req), id);
    if (!r.ok) return refuse(res, id, r.reason);
    res
      .status(o.status ?? 200)
      .render('meeting-room/views/room.njk', roomPage(r, partnershipOf(req), req.user!, { errors: o.errors, notice: o.notice ?? str(req.query.done) }));
  };

  const renderAttendance = async (req: Request, res: Response, id: string, o: { values?: AttendeeInput; errors?: FormErrors; status?: number } = {}) => {
    const r = await room.room(actorOf(req), id);
    if (!r.ok) return refuse(res, id, r.reason);
    if (!r.meeting.opened_at || r.meeting.closed_at) return refuse(res, id, r.meeting.closed_at ? 'closed' : 'not-open');
    res.status(o.status ?? 200).render('meeting-room/views/attendance.njk', attendancePage(r, partnershipOf(req), o));
  };

  return [
    {
      method: 'get',
      path: '/meetings/:id/room',
      access: 'meeting:read',
      audit: 'meeting.room.view',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        await renderRoom(req, res, id);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/room/open',
      access: 'meeting:manage',
      audit: 'meeting.open',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const r = await room.open(actorOf(req), id, str(req.body?.reason));
        if (!r.ok && r.reason === 'invalid') return renderRoom(req, res, id, { errors: formErrors(r.errors), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=${r.early ? 'opened-early' : 'opened'}`);
      },
    },
    {
      method: 'get',
      path: '/meetings/:id/room/attendance',
      access: 'meeting:manage',
      audit: 'meeting.room.view',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        await renderAttendance(req, res, id);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/room/attendance',
      access: 'meeting:manage',
      audit: 'meeting.attendance.add',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const values: AttendeeInput = readBody(attendeeForm, req.body).data!;
        const r = await room.addAttendee(actorOf(req), partnershipOf(req), id, values);
        if (!r.ok && r.reason === 'invalid') return renderAttendance(req, res, id, { values, errors: formErrors(r.errors, { role: 'role' }), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=attendee#attendance`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/room/accept',
      access: 'meeting:read',
      audit: 'meeting.agreement.accept',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const agreed = readBody(agreeForm, req.body);
        if (!agreed.ok) return renderRoom(req, res, id, { errors: formErrors(agreed.errors), status: 400 });
        const r = await room.accept(actorOf(req), partnershipOf(req), id);
        if (!r.ok && r.reason === 'may-not-join')
          return renderRoom(req, res, id, {
            errors: formErrors([{ field: 'agree', message: 'You are not on the attendance of this meeting: ask the chair to add you' }]),
            status: 403,
          });
        if (!r.ok && r.reason !== 'already' && r.reason !== 'may-not-join') return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=accepted`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/room/attendance/:attendanceId/accept',
      access: 'meeting:manage',
      audit: 'meeting.agreement.record',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        const attendanceId = str(req.params.attendanceId);
        if (!id || !isUuid(attendanceId)) return notFound(res);
        const r = await room.acceptFor(actorOf(req), partnershipOf(req), id, attendanceId, str(req.body?.method));
        if (!r.ok && r.reason === 'invalid') return renderRoom(req, res, id, { errors: formErrors(r.errors), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=recorded#attendance`);
      },
    },
  ];
}
