import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';

export function platformRoutes({ services }: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/health',
      access: 'public',
      audit: 'none: no data',
      api: true,
      handler: async (_req: Request, res: Response) => {
        const h = await services.platform.health();
        if (h.ok) res.json({ status: 'ok', database: h.database });
        else res.status(503).json({ status: 'unavailable', database: h.database });
      },
    },
    {
      method: 'get',
      path: '/help',
      access: 'public',
      audit: 'none: no data',
      handler: (_req: Request, res: Response) => res.render('platform/views/help.njk'),
    },
    {
      method: 'get',
      path: '/help/privacy',
      access: 'public',
      audit: 'none: no data',
      handler: (_req: Request, res: Response) => res.render('platform/views/privacy.njk'),
    },
    {
      method: 'get',
      path: '/help/accessibility',
      access: 'public',
      audit: 'none: no data',
      handler: (_req: Request, res: Response) => res.render('platform/views/accessibility.njk'),
    },
  ];
}
