import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { isUuid } from '../../platform/validation.ts';
import { instrumentNames } from '../../domain/risk/levels.ts';

/** The child record's "Meetings" tab: upcoming agenda items and what past meetings decided. */
export function childMeetingRoutes({ services }: Pick<AppDeps, 'services'>): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/children/:id/meetings',
      access: 'child:read',
      audit: 'agenda.child-meetings',
      handler: async (req: Request, res: Response) => {
        const id = typeof req.params.id === 'string' ? req.params.id : '';
        const p = partnershipOf(req);
        const view = isUuid(id) ? await services.agenda.childMeetings(actorOf(req), p, id) : undefined;
        if (!view) return notFound(res);
        res.render('agenda/views/child-meetings.njk', {
          ...view,
          instrumentNames,
          names: { district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])) },
          canAudit: can(req.user!.roles, 'audit:read'),
          canReadMeetings: can(req.user!.roles, 'meeting:read'),
        });
      },
    },
  ];
}
