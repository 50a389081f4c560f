import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { childrenForHome } from '../children/home.ts';
import { draftsForHome } from '../assessments/home.ts';
import { triageCountsForHome } from '../triage/home.ts';
import { paths } from '../../paths.ts';
import { actionsForHome, laterActionsForHome } from '../actions/home.ts';
import { lateralChecksForHome, referralsForHome } from '../panel/home.ts';
import { meetingsForHome } from '../meetings/home.ts';

export function homeRoutes({ db }: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get', path: '/', access: 'signed-in', audit: 'none: lists only the user’s own recent work',
      handler: async (req: Request, res: Response) => {
        const user = req.user!;
        const mine = can(user.roles, 'child:read') ? await childrenForHome(db, user) : [];
        // Drafts the user started and has not submitted: long forms are finished over days.
        const drafts = can(user.roles, 'assessment:write')
          ? await draftsForHome(db, user)
          : [];
        const triage = can(user.roles, 'triage:manage')
          ? await triageCountsForHome(db, user)
          : [];
        res.render('home/views/home.njk', {
          myActions: can(user.roles, 'action:read') ? await actionsForHome(db, user) : [],
          laterActions: can(user.roles, 'action:read') ? await laterActionsForHome(db, user) : 0,
          lateralChecks: can(user.roles, 'lateral-check:respond') ? await lateralChecksForHome(db, user) : [],
          panelReferrals: can(user.roles, 'panel:threshold') ? await referralsForHome(db, user) : [],
          meetings: can(user.roles, 'meeting:read') ? await meetingsForHome(db, user) : [],
          mine,
          drafts,
          editPath: { rfm: paths.rfm.taskList, vat: paths.vat.edit, thrive: paths.llr.thriveRecord } as Record<string, (id: string) => string>,
          triage: triage.length || can(user.roles, 'triage:manage') ? { new: triage.find((t) => t.status === 'new')?.n ?? 0, inTriage: triage.find((t) => t.status === 'in-triage')?.n ?? 0, show: can(user.roles, 'triage:manage') } : undefined,
          canSearch: can(user.roles, 'child:search'),
          canCreate: can(user.roles, 'child:create'),
          canAdmin: can(user.roles, 'users:manage'),
        });
      },
    },
  ];
}
