import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { str, readBody, formErrors, isUuid, type FormErrors } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';
import { detectAudio, describeBytes } from '../../domain/meeting/audio.ts';
import { smartForm } from '../actions/schemas.ts';
import { decisionForm } from './schemas.ts';
import type { ItemRow } from './repository.ts';
import { itemPage, decisionPage, actionPage, type ItemState, type DecisionValues } from './view-model.ts';
import { ids, refuse, outOfDate } from './routes-common.ts';

/** One item: what was shared, the risk decision, its status, SMART actions and recordings. */
export function meetingRoomItemRoutes({ services }: AppDeps): RouteSpec[] {
  const room = services.meetingRoom;

  const renderItem = async (req: Request, res: Response, id: string, itemId: string, o: ItemState = {}) => {
    const p = partnershipOf(req);
    const r = await room.item(actorOf(req), p, id, itemId);
    if (!r.ok) return refuse(res, id, r.reason);
    res
      .status(o.status ?? 200)
      .render(
        'meeting-room/views/item.njk',
        itemPage(r, p, req.user!, id, itemId, { values: o.values, errors: o.errors, notice: o.notice ?? str(req.query.done) }),
      );
  };

  const renderDecision = async (
    req: Request,
    res: Response,
    id: string,
    itemId: string,
    o: { values?: DecisionValues; errors?: FormErrors; status?: number; conflict?: { current: ItemRow } } = {},
  ) => {
    const p = partnershipOf(req);
    const r = await room.item(actorOf(req), p, id, itemId);
    if (!r.ok) return refuse(res, id, r.reason);
    if (r.meeting.closed_at || !r.meeting.opened_at) return refuse(res, id, r.meeting.closed_at ? 'closed' : 'not-open');
    res.status(o.status ?? 200).render('meeting-room/views/decision.njk', decisionPage(r, partnershipOf(req), o));
  };

  const renderAction = async (
    req: Request,
    res: Response,
    id: string,
    itemId: string,
    o: { values?: Record<string, string>; dueParts?: { day: string; month: string; year: string }; errors?: FormErrors; status?: number } = {},
  ) => {
    const p = partnershipOf(req);
    const r = await room.item(actorOf(req), p, id, itemId);
    if (!r.ok) return refuse(res, id, r.reason);
    if (r.meeting.closed_at || !r.meeting.opened_at) return refuse(res, id, r.meeting.closed_at ? 'closed' : 'not-open');
    const owners = await room.activeUsers(p.id);
    res.status(o.status ?? 200).render('meeting-room/views/action.njk', actionPage(r, p, owners, o));
  };

  return [
    {
      method: 'get',
      path: '/meetings/:id/items/:itemId',
      access: 'meeting:read',
      audit: 'meeting.item.view',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        await renderItem(req, res, id, itemId);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/items/:itemId/contributions',
      access: 'meeting:manage',
      audit: 'meeting.item.contribute',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const values = { agencyId: str(req.body?.agencyId), body: str(req.body?.body) };
        const r = await room.contribute(actorOf(req), partnershipOf(req), id, itemId, values);
        if (!r.ok && r.reason === 'invalid') return renderItem(req, res, id, itemId, { values, errors: formErrors(r.errors), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.item(id, itemId)}?done=shared#shared`);
      },
    },
    {
      method: 'get',
      path: '/meetings/:id/items/:itemId/decision',
      access: 'meeting:manage',
      audit: 'meeting.item.view',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        await renderDecision(req, res, id, itemId);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/items/:itemId/decision',
      access: 'meeting:manage',
      audit: 'meeting.item.decide',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const values = readBody(decisionForm, b).data!;
        const version = versionOf(b);
        const anchors = { level: 'level', nextReview: 'nextReview-day', version: 'level' };
        if (version === undefined) return renderDecision(req, res, id, itemId, { values, errors: formErrors([outOfDate], anchors), status: 400 });
        const r = await room.decide(actorOf(req), partnershipOf(req), id, itemId, version, values);
        if (!r.ok && r.reason === 'invalid') return renderDecision(req, res, id, itemId, { values, errors: formErrors(r.errors, anchors), status: 400 });
        if (!r.ok && r.reason === 'conflict') return renderDecision(req, res, id, itemId, { values, conflict: { current: r.current }, status: 409 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.item(id, itemId)}?done=decided#decided`);
      },
    },
    {
      method: 'get',
      path: '/meetings/:id/items/:itemId/actions',
      access: 'meeting:manage',
      audit: 'meeting.item.view',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        await renderAction(req, res, id, itemId);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/items/:itemId/actions',
      access: 'meeting:manage',
      audit: 'action.create',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const { raw, dueParts } = readBody(smartForm, b).data!;
        const values = { ...raw, childId: str(b.childId) } as unknown as Record<string, string>;
        const r = await room.addAction(actorOf(req), partnershipOf(req), id, itemId, str(b.childId), raw);
        if (!r.ok && r.reason === 'invalid')
          return renderAction(req, res, id, itemId, {
            values,
            dueParts,
            errors: formErrors([...r.errors], { dueOn: 'dueOn-day', ownerType: 'ownerType', kind: 'kind' }),
            status: 400,
          });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.item(id, itemId)}?done=action#actions`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/items/:itemId/status',
      access: 'meeting:manage',
      audit: 'meeting.item.status',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const version = versionOf(b);
        if (version === undefined) return renderItem(req, res, id, itemId, { errors: formErrors([outOfDate], { version: 'status' }), status: 400 });
        const status = str(b.status);
        const r = await room.setStatus(actorOf(req), id, itemId, version, status);
        if (!r.ok && r.reason === 'invalid') return renderItem(req, res, id, itemId, { errors: formErrors(r.errors), status: 400 });
        if (!r.ok && r.reason === 'conflict')
          return renderItem(req, res, id, itemId, {
            errors: formErrors([
              { field: 'status', message: 'Someone else changed this item while you were working on it: nothing was saved. Check it below, then try again' },
            ]),
            status: 409,
          });
        if (!r.ok) return refuse(res, id, r.reason);
        const next = str(b.next);
        if (next && isUuid(next)) return res.redirect(303, paths.meetingRoom.item(id, next));
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=${status}#agenda`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/items/:itemId/recordings',
      access: 'meeting:manage',
      audit: 'meeting.recording.upload',
      // Nothing of a partnership that keeps no recordings is kept, not even in memory.
      multipart: { file: 'recording', maxBytes: (req) => (partnershipOf(req).recordings.enabled ? partnershipOf(req).recordings.maxBytes : 0) },
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const p = partnershipOf(req);
        const fail = (message: string, status = 400) => renderItem(req, res, id, itemId, { errors: formErrors([{ field: 'recording', message }]), status });
        if (!p.recordings.enabled) return fail('Recordings are not kept in this partnership');
        const up = req.upload!;
        if (up.error === 'not-multipart') return fail('Choose an audio file to upload');
        if (up.error === 'too-large') return fail(`The recording must be smaller than ${describeBytes(p.recordings.maxBytes)}`, 413);
        if (up.error === 'no-file') return fail('Choose an audio file to upload');
        if (up.error || !up.file) return fail('The file could not be read: try again');
        const audio = detectAudio(up.file.data);
        if (!audio) return fail('The file must be an audio recording (MP3, WAV, Ogg, M4A, WebM or FLAC)');
        const r = await room.addRecording(actorOf(req), id, itemId, up.fields.childId ?? '', { data: up.file.data, contentType: audio.contentType });
        if (!r.ok && r.reason === 'invalid') return renderItem(req, res, id, itemId, { errors: formErrors(r.errors), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.item(id, itemId)}?done=recorded#recordings`);
      },
    },
    {
      method: 'get',
      path: '/meetings/:id/recordings/:recordingId',
      access: 'meeting:read',
      audit: 'meeting.recording.download',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        const recordingId = str(req.params.recordingId);
        if (!id || !isUuid(recordingId)) return notFound(res);
        const r = await room.recording(actorOf(req), id, recordingId);
        if (!r.ok) return refuse(res, id, r.reason);
        const ext = detectAudio(r.recording.data)?.extension ?? 'bin';
        res.set({
          'Content-Type': r.recording.content_type,
          'Content-Disposition': `attachment; filename="meeting-recording-${recordingId.slice(0, 8)}.${ext}"`,
          'Content-Length': String(r.recording.data.length),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        });
        res.end(r.recording.data);
      },
    },
  ];
}
