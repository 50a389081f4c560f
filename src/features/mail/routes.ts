import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf } from '../../platform/http.ts';
import { paths } from '../../paths.ts';
import { MAX_ATTEMPTS } from './sender.ts';
import { pageNumber, paginationFor } from '../../platform/pagination.ts';

export function mailRoutes({ services, config }: AppDeps): RouteSpec[] {
  const outbox = services.outbox;
  return [
    {
      method: 'get',
      path: '/admin/outbox',
      access: 'outbox:read',
      audit: 'outbox.read',
      handler: async (req: Request, res: Response) => {
        const view = await outbox.page(actorOf(req), pageNumber(req.query.page));
        res.render('mail/views/outbox.njk', {
          ...view,
          maxAttempts: MAX_ATTEMPTS,
          sending: !!config.smtpUrl,
          pagination: paginationFor(view.page, view.pages, (n) => paths.outbox(n)),
        });
      },
    },
  ];
}
