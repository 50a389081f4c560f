import type { Request, Response } from 'express';
import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { childRepository } from '../children/repository.ts';
import { paths } from '../../paths.ts';
import { actionsForHome, laterActionsForHome } from '../actions/home.ts';
import { lateralChecksForHome, referralsForHome } from '../panel/home.ts';
import { meetingsForHome } from '../meetings/home.ts';

export function homeRoutes({ db }: Services): RouteSpec[] {
  const children = childRepository(db);
  return [
    {
      method: 'get', path: '/', access: 'signed-in', audit: 'none: lists only the user’s own recent work',
      handler: async (req: Request, res: Response) => {
        const user = req.user!;
        const mine = can(user.roles, 'child:read') ? await children.createdBy(user.partnershipId, user.userId, 10) : [];
        // Drafts the user started and has not submitted: long forms are finished over days.
        const drafts = can(user.roles, 'assessment:write')
          ? await db.query<{ id: string; instrument: string; child_id: string; first_name: string; last_name: string; updated_at: Date }>(
              `SELECT a.id, a.instrument, a.child_id, c.first_name, c.last_name, a.updated_at
                 FROM assessments a JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
                WHERE a.partnership_id = $1 AND a.author_user_id = $2 AND a.status = 'draft' ORDER BY a.updated_at DESC LIMIT 10`,
              [user.partnershipId, user.userId],
            )
          : [];
        const triage = can(user.roles, 'triage:manage')
          ? (await db.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM triage_items WHERE partnership_id = $1 AND status <> 'decided' GROUP BY status`, [user.partnershipId]))
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
