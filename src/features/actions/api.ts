import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, partnershipOf } from '../../platform/http.ts';
import { problem, editConflict } from '../../platform/problems.ts';
import { str, bodyOf, readBody, isUuid } from '../../platform/validation.ts';
import type { ActionRow } from './repository.ts';
import { readActionQuery, smartJson, changeJson } from './schemas.ts';

const actionJson = (a: ActionRow & { overdue?: boolean }) => ({
  id: a.id,
  childId: a.child_id,
  childReference: a.child_reference,
  meetingSeriesId: a.meeting_series_id,
  meetingOccurrenceId: a.meeting_occurrence_id,
  carriedForwardToOccurrenceId: a.carried_forward_to_occurrence_id,
  what: a.what,
  kind: a.kind,
  toolkitItem: a.toolkit_item,
  ownerUserId: a.owner_user_id,
  ownerTeam: a.owner_team,
  ownerName: a.owner_name,
  ownerAgencyId: a.owner_agency_id,
  measure: a.measure,
  agreedBy: a.agreed_by,
  dueOn: a.due_on,
  status: a.status,
  overdue: a.overdue ?? false,
  completionEvidence: a.completion_evidence,
  notCompletedReason: a.not_completed_reason,
  completedAt: a.completed_at,
  createdAt: a.created_at,
  updatedAt: a.updated_at,
  version: a.version,
});

export function actionApi({ services }: AppDeps): RouteSpec[] {
  const actions = services.actions;
  return [
    {
      method: 'get',
      path: '/api/v1/actions',
      access: 'action:read',
      audit: 'action.list',
      api: true,
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const rows = await actions.exportRows(actorOf(req), readActionQuery(req.query as Record<string, unknown>, p));
        res.json({ actions: rows.map(actionJson) });
      },
    },
    {
      method: 'post',
      path: '/api/v1/children/:id/actions',
      access: 'action:manage',
      audit: 'action.create',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        const body = bodyOf(req);
        const occurrenceId = str(body.meetingOccurrenceId);
        if (occurrenceId && !isUuid(occurrenceId))
          return problem(res, 422, 'Invalid action', undefined, [{ field: 'meetingOccurrenceId', message: 'meetingOccurrenceId must be a meeting id' }]);
        const r = await actions.create(actorOf(req), partnershipOf(req), id, readBody(smartJson, body).data!, { occurrenceId: occurrenceId || undefined });
        if (!r.ok && r.reason === 'not-found') return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        if (!r.ok) return problem(res, 422, 'Invalid action', 'Some fields are missing or invalid; nothing was saved.', r.errors);
        res.status(201).location(`/api/v1/actions/${r.action.id}`).json(actionJson(r.action));
      },
    },
    {
      method: 'get',
      path: '/api/v1/actions/:id',
      access: 'action:read',
      audit: 'action.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const view = isUuid(id) ? await actions.view(actorOf(req), id) : undefined;
        if (!view) return problem(res, 404, 'Not found', 'No action with that id in your partnership.');
        res.json({
          ...actionJson(view.action),
          updates: view.updates.map((u) => ({
            at: u.at,
            authorUserId: u.author_user_id,
            authorName: u.author_name,
            body: u.body,
            statusFrom: u.status_from,
            statusTo: u.status_to,
          })),
        });
      },
    },
    {
      method: 'put',
      path: '/api/v1/actions/:id',
      access: 'action:read',
      audit: 'action.update',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return problem(res, 404, 'Not found', 'No action with that id in your partnership.');
        const body = bodyOf(req);
        const version = body.version;
        if (typeof version !== 'number' || !Number.isInteger(version))
          return problem(res, 422, 'Invalid action', undefined, [{ field: 'version', message: 'version must be the version you read' }]);
        const input = readBody(changeJson, body).data!;
        const r = await actions.change(actorOf(req), id, version, input);
        if (!r.ok && r.reason === 'not-found') return problem(res, 404, 'Not found', 'No action with that id in your partnership.');
        if (!r.ok && r.reason === 'forbidden') return problem(res, 403, 'Forbidden', 'Only the action’s owner, or someone who manages actions, may change it.');
        if (!r.ok && r.reason === 'invalid') return problem(res, 422, 'Invalid action', 'Nothing was saved.', r.errors);
        if (!r.ok && r.reason === 'conflict') {
          const { dueOnError: _e, ...submitted } = r.submitted;
          return editConflict(
            res,
            'Someone else saved this action first. Your version was kept and not applied; read the current version and try again.',
            actionJson(r.current),
            submitted,
          );
        }
        if (r.ok) res.json(actionJson(r.action));
      },
    },
  ];
}
