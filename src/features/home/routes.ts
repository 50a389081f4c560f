import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { paths } from '../../paths.ts';

export function homeRoutes({ services }: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/',
      access: 'signed-in',
      audit: 'none: lists only the user’s own recent work',
      handler: async (req: Request, res: Response) => {
        const user = req.user!;
        const { mine, drafts, triage, ...lists } = await services.home.forUser(user);
        res.render('home/views/home.njk', {
          ...lists,
          // Issue 14: the national tracker's alerts the coordinators have not decided yet.
          trackerAlerts: can(user.roles, 'tracker:manage') ? await services.tracker.undecided(user.partnershipId) : 0,
          mine,
          drafts,
          editPath: { rfm: paths.rfm.taskList, vat: paths.vat.edit, thrive: paths.llr.thriveRecord } as Record<string, (id: string) => string>,
          triage:
            triage.length || can(user.roles, 'triage:manage')
              ? {
                  new: triage.find((t) => t.status === 'new')?.n ?? 0,
                  inTriage: triage.find((t) => t.status === 'in-triage')?.n ?? 0,
                  show: can(user.roles, 'triage:manage'),
                }
              : undefined,
          canSearch: can(user.roles, 'child:search'),
          canCreate: can(user.roles, 'child:create'),
          canAdmin: can(user.roles, 'users:manage'),
          canReport: can(user.roles, 'report:read'),
        });
      },
    },
  ];
}
