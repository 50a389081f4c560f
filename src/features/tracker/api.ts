import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf } from '../../platform/http.ts';
import { problem } from '../../platform/problems.ts';
import { bodyOf, readBody, str } from '../../platform/validation.ts';
import { alertIdPattern, rejectSchema } from './schemas.ts';

const noAlert = (res: Response) => problem(res, 404, 'Not found', 'No such alert for your partnership.');
const down = (res: Response) => problem(res, 503, 'Tracker unavailable', 'The national tracker cannot be reached; try again later.');

/** Issue 14: the tracker's part of /api/v1 — the caller's partnership's alerts, nothing of the other record. */
export function trackerApi({ services }: AppDeps): RouteSpec[] {
  const tracker = services.tracker;

  async function decide(req: Request, res: Response, decision: 'confirm' | 'reject') {
    const id = str(req.params.id);
    let reason: string | undefined;
    if (decision === 'reject') {
      const read = readBody(rejectSchema, { reason: bodyOf(req).reason });
      if (!read.ok) return problem(res, 422, 'Invalid request', undefined, read.errors);
      reason = read.data.reason;
    }
    if (!alertIdPattern.test(id)) return noAlert(res);
    const out = await tracker.decide(actorOf(req), id, { decision, reason });
    if (!out) return noAlert(res);
    if ('unavailable' in out) return down(res);
    if ('conflict' in out) return problem(res, 409, 'Conflict', out.conflict);
    res.json(tracker.apiView(out));
  }

  return [
    {
      method: 'get',
      path: '/api/v1/tracker/alerts',
      access: 'tracker:manage',
      audit: 'tracker.alerts.read',
      api: true,
      handler: async (req: Request, res: Response) => {
        const out = await tracker.list(actorOf(req), { api: true });
        if (out.unavailable) return down(res);
        res.json({ alerts: out.alerts.map((a) => ({ ...tracker.apiView(a), otherPartnershipName: a.otherName })) });
      },
    },
    {
      method: 'post',
      path: '/api/v1/tracker/alerts/:id/confirm',
      access: 'tracker:manage',
      audit: 'tracker.alert.confirm',
      api: true,
      handler: (req: Request, res: Response) => decide(req, res, 'confirm'),
    },
    {
      method: 'post',
      path: '/api/v1/tracker/alerts/:id/reject',
      access: 'tracker:manage',
      audit: 'tracker.alert.reject',
      api: true,
      handler: (req: Request, res: Response) => decide(req, res, 'reject'),
    },
    {
      method: 'post',
      path: '/api/v1/tracker/match',
      access: 'tracker:match',
      audit: 'tracker.match',
      api: true,
      handler: async (req: Request, res: Response) => {
        const out = await tracker.rematch(actorOf(req));
        if (!out) return problem(res, 409, 'Tracker off', 'The national tracker is not switched on for your partnership.');
        if ('unavailable' in out) return down(res);
        res.json(out);
      },
    },
  ];
}
