import type { Request, Response } from 'express';
import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { childRepository } from '../children/repository.ts';

export function homeRoutes({ db }: Services): RouteSpec[] {
  const children = childRepository(db);
  return [
    {
      method: 'get', path: '/', access: 'signed-in', audit: 'none: lists only the user’s own recent work',
      handler: async (req: Request, res: Response) => {
        const user = req.user!;
        const mine = can(user.roles, 'child:read') ? await children.createdBy(user.partnershipId, user.userId, 10) : [];
        res.render('home/views/home.njk', {
          mine,
          canSearch: can(user.roles, 'child:search'),
          canCreate: can(user.roles, 'child:create'),
          canAdmin: can(user.roles, 'users:manage'),
        });
      },
    },
  ];
}
