import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { notFound, partnershipOf } from '../../platform/http.ts';
import { metricsAuthorised } from '../../platform/metrics.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { vatConfigOf } from '../vat/content.ts';

/**
 * Issue 16 item 10: the reference data an API client needs to build a valid child (and to read what it gets back):
 * the partnership's districts, agencies, lists and tools. Configuration only, no personal data.
 */
export function partnershipJson(p: PartnershipConfig) {
  return {
    id: p.id,
    name: p.name,
    shortName: p.shortName,
    districts: p.districts.map((d) => ({ id: d.id, name: d.name })),
    agencies: p.agencies.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
    lists: {
      gender: [...p.lists.gender],
      ethnicity: [...p.lists.ethnicity],
      livingSituation: [...p.lists.livingSituation],
      eetStatus: [...p.lists.eetStatus],
      legalStatus: [...p.lists.legalStatus],
      primaryRisk: ['CSE', 'CCE', 'Other'],
    },
    tools: {
      assessments: [...p.assessmentTools],
      vat: vatConfigOf(p) ? `/api/v1/partnerships/${p.id}/tools/vat` : null,
    },
    meetingTypes: p.meetingTypes.map((t) => ({ id: t.id, name: t.name })),
    reports: [...p.reports],
  };
}

export function platformRoutes({ services, config }: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/health',
      access: 'public',
      audit: 'none: no data',
      api: true,
      handler: async (_req: Request, res: Response) => {
        const h = await services.platform.health();
        // A replica down is not the service down: reads go to the primary, and this says so.
        if (h.ok) res.json({ status: 'ok', database: h.database, replica: h.replica });
        else res.status(503).json({ status: 'unavailable', database: h.database, replica: h.replica });
      },
    },
    {
      // Issue 17 item 6: the process is up (a liveness probe: restart it when this fails). Nothing is read.
      method: 'get',
      path: '/health/live',
      access: 'public',
      audit: 'none: a probe of the process, no data read',
      api: true,
      handler: (_req: Request, res: Response) => {
        res.set('Cache-Control', 'no-store').json({ status: 'ok' });
      },
    },
    {
      // Issue 17 item 6: ready to serve (a readiness probe: send it traffic): the database answers, every shipped migration
      // is applied; the replica's state is reported (down: reads go to the primary, still ready). Counts and states only.
      method: 'get',
      path: '/health/ready',
      access: 'public',
      audit: 'none: a probe of the database and migrations, counts only',
      api: true,
      handler: async (_req: Request, res: Response) => {
        const r = await services.platform.ready();
        res
          .status(r.ready ? 200 : 503)
          .set('Cache-Control', 'no-store')
          .json({ status: r.ready ? 'ready' : 'unavailable', database: r.database, migrations: r.migrations ?? null, replica: r.replica });
      },
    },
    {
      // Issue 17 item 6: Prometheus's scrape. Not for users, so no session: the bearer METRICS_TOKEN, checked here; without
      // one configured (or with METRICS_PORT, its own port) this port answers 404, as for any unknown address.
      method: 'get',
      path: '/metrics',
      access: 'public',
      audit: 'none: operational counts, no personal data; the bearer METRICS_TOKEN is checked by the handler',
      handler: async (req: Request, res: Response) => {
        const token = config.metrics.token;
        if (!token || config.metrics.port) return notFound(res);
        if (!metricsAuthorised(req.headers.authorization, token)) {
          return res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('Unauthorised\n');
        }
        const text = await services.metrics.render();
        res.status(200).set('Content-Type', services.metrics.contentType).set('Cache-Control', 'no-store').send(text);
      },
    },
    {
      method: 'get',
      path: '/api/v1/partnership',
      access: 'signed-in',
      audit: 'none: partnership configuration, no personal data',
      api: true,
      handler: (req: Request, res: Response) => {
        res.json(partnershipJson(partnershipOf(req)));
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
