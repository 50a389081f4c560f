import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, partnershipOf } from '../../platform/http.ts';
import { problem, editConflict } from '../../platform/problems.ts';
import { str, bodyOf, readBody, isUuid } from '../../platform/validation.ts';
import { decisionBody } from './schemas.ts';
import { type Gate } from './service.ts';
import type { ItemRow } from './repository.ts';

const decisionJson = (i: ItemRow) => ({
  itemId: i.id,
  meetingId: i.occurrence_id,
  kind: i.kind,
  children: i.children.map((c) => ({ id: c.id, reference: c.reference })),
  status: i.status,
  instrument: i.risk_instrument,
  level: i.risk_level,
  assessmentId: i.risk_assessment_id,
  adjustment: i.risk_adjustment,
  rationale: i.rationale,
  decisions: i.decisions,
  nextReviewOn: i.next_review_on,
  nextReviewReason: i.next_review_reason,
  decidedBy: i.decided_by,
  decidedAt: i.decided_at,
  version: i.version,
});

const refused = (res: Response, reason: Gate) => {
  if (reason === 'not-found') return problem(res, 404, 'Not found', 'No such item or meeting in your partnership.');
  if (reason === 'not-accepted')
    return problem(
      res,
      403,
      'Confidentiality agreement not accepted',
      'Accept the confidentiality agreement for this meeting (on its page) before opening any case in it.',
    );
  if (reason === 'not-open') return problem(res, 409, 'Meeting not open', 'The chair has not opened this meeting yet.');
  if (reason === 'not-yet')
    return problem(res, 409, 'Before the meeting’s day', 'Nothing can be recorded in a meeting before its day: a decision never predates the meeting.');
  return problem(res, 409, 'Meeting closed', 'This meeting is closed: nothing more can be recorded in it.');
};

/** Decisions and minutes through /api/v1: the same service, gates and audit as the pages. */
export function meetingRoomApi({ services }: AppDeps): RouteSpec[] {
  const room = services.meetingRoom;
  return [
    {
      method: 'get',
      path: '/api/v1/agenda-items/:id/decision',
      access: 'meeting:read',
      audit: 'meeting.item.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return refused(res, 'not-found');
        const r = await room.decision(actorOf(req), id);
        if (!r.ok) return refused(res, r.reason);
        res.json(decisionJson(r.item));
      },
    },
    {
      method: 'put',
      path: '/api/v1/agenda-items/:id/decision',
      access: 'meeting:manage',
      audit: 'meeting.item.decide',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return refused(res, 'not-found');
        const b = bodyOf(req);
        if (typeof b.version !== 'number' || !Number.isInteger(b.version))
          return problem(res, 422, 'Invalid decision', 'Nothing was saved.', [{ field: 'version', message: 'version must be the version you read' }]);
        const input = readBody(decisionBody, b).data!;
        const r = await room.decide(actorOf(req), partnershipOf(req), undefined, id, b.version, input);
        if (!r.ok && r.reason === 'invalid')
          return problem(
            res,
            422,
            'Invalid decision',
            'Nothing was saved.',
            r.errors.map((e) => ({ field: e.field === 'nextReview' ? 'nextReviewOn' : e.field, message: e.message })),
          );
        if (!r.ok && r.reason === 'conflict') {
          const { nextReviewError: _e, ...submitted } = r.submitted;
          return editConflict(
            res,
            'Someone else saved this decision first. Your version was kept and not applied; read the current version and try again.',
            decisionJson(r.current),
            submitted,
          );
        }
        if (!r.ok) return refused(res, r.reason);
        res.json(decisionJson(r.item));
      },
    },
    {
      method: 'get',
      path: '/api/v1/meetings/:id/minutes',
      access: 'meeting:read',
      audit: 'meeting.minutes.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return refused(res, 'not-found');
        const r = await room.minutes(actorOf(req), id);
        if (!r.ok && r.reason === 'not-open') return problem(res, 404, 'No minutes yet', 'The minutes are written when the chair closes the meeting.');
        if (!r.ok) return refused(res, r.reason);
        const m = r.minutes;
        res.json({
          meetingId: id,
          status: m.status,
          body: m.body,
          generatedAt: m.generated_at,
          approvedAt: m.approved_at,
          sentAt: m.sent_at,
          updatedAt: m.updated_at,
          version: m.version,
        });
      },
    },
  ];
}
