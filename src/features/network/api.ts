import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, partnershipOf } from '../../platform/http.ts';
import { problem, type FieldError } from '../../platform/problems.ts';
import { str, isUuid } from '../../platform/validation.ts';
import { recordKinds, periods, MAX_DEPTH, readNetworkFilters } from '../../domain/network/filters.ts';
import type { Filters } from './service.ts';

/** The API is strict where the pages are forgiving: a depth, kind or period it does not know is named, not ignored. */
function readApiFilters(query: Record<string, unknown>, maxDepth = MAX_DEPTH): { filters?: Filters; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (query.depth !== undefined && !(typeof query.depth === 'string' && /^[1-9]$/.test(query.depth) && Number(query.depth) <= maxDepth)) {
    errors.push({ field: 'depth', message: `depth must be a whole number from 1 to ${maxDepth}` });
  }
  const kinds = ([] as unknown[]).concat(query.kind ?? []);
  if (kinds.some((k) => typeof k !== 'string' || !(recordKinds as readonly string[]).includes(k)))
    errors.push({ field: 'kind', message: `kind must be one of ${recordKinds.join(', ')}` });
  if (query.period !== undefined && !periods.some((p) => p.value === query.period))
    errors.push({ field: 'period', message: `period must be one of ${periods.map((p) => p.value).join(', ')}` });
  return errors.length ? { errors } : { filters: readNetworkFilters(query), errors };
}

export function networkApi({ services }: AppDeps): RouteSpec[] {
  const network = services.network;
  const invalid = (res: Response, errors: FieldError[]) => problem(res, 422, 'Invalid filters', undefined, errors);
  return [
    {
      method: 'get',
      path: '/api/v1/network/children/:id',
      access: 'intel:read',
      audit: 'network.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        const { filters, errors } = readApiFilters(req.query as Record<string, unknown>);
        if (!filters) return invalid(res, errors);
        const out = await network.childNetwork(actorOf(req), id, filters);
        if (!out) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        res.json({ centre: id, filters, ...out.network });
      },
    },
    {
      method: 'get',
      path: '/api/v1/network/districts/:id',
      access: 'intel:read',
      audit: 'network.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const { filters, errors } = readApiFilters(req.query as Record<string, unknown>, 1);
        if (!filters) return invalid(res, errors);
        const out = await network.districtNetwork(actorOf(req), partnershipOf(req), str(req.params.id), filters);
        if (!out) return problem(res, 404, 'Not found', 'No district with that id in your partnership.');
        res.json({ district: out.district.id, filters: { ...filters, depth: 1 }, ...out.network });
      },
    },
    {
      method: 'get',
      path: '/api/v1/network/meetings/:id',
      access: 'intel:read',
      audit: 'network.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return problem(res, 404, 'Not found', 'No meeting with that id in your partnership.');
        const { filters, errors } = readApiFilters(req.query as Record<string, unknown>, 2);
        if (!filters) return invalid(res, errors);
        const out = await network.meetingNetwork(actorOf(req), id, filters);
        if (!out) return problem(res, 404, 'Not found', 'No meeting with that id in your partnership.');
        res.json({ occurrence: id, children: out.occurrence.childIds, filters, ...out.network });
      },
    },
  ];
}
