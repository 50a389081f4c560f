import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { partnershipOf } from '../../platform/http.ts';
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
