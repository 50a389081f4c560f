import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, partnershipOf } from '../../platform/http.ts';
import { problem, type FieldError } from '../../platform/problems.ts';
import { str, isUuid, readBody } from '../../platform/validation.ts';
import { apiFilters } from './schemas.ts';

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
        const read = readBody(apiFilters(), req.query);
        if (!read.ok) return invalid(res, read.errors);
        const filters = read.data;
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
        const read = readBody(apiFilters(1), req.query);
        if (!read.ok) return invalid(res, read.errors);
        const filters = read.data;
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
        const read = readBody(apiFilters(2), req.query);
        if (!read.ok) return invalid(res, read.errors);
        const filters = read.data;
        const out = await network.meetingNetwork(actorOf(req), id, filters);
        if (!out) return problem(res, 404, 'Not found', 'No meeting with that id in your partnership.');
        res.json({ occurrence: id, children: out.occurrence.childIds, filters, ...out.network });
      },
    },
  ];
}
