import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { bodyOf, formErrors, isUuid, readBody, str, type FormErrors } from '../../platform/validation.ts';
import { holdSchema } from './schemas.ts';
import { ruleText } from './service.ts';

/** Issue 16 item 12: coordinators see what falls due for erasure in the next month and hold a record with a reason. */
export function retentionRoutes({ services }: AppDeps): RouteSpec[] {
  const retention = services.retention;
  const page = async (
    req: Request,
    res: Response,
    o: { errors?: FormErrors; errorChild?: string; values?: Record<string, string>; notice?: string; status?: number } = {},
  ) => {
    const p = partnershipOf(req);
    const due = await retention.dueNextMonth(actorOf(req), p);
    res.status(o.status ?? 200).render('retention/views/due.njk', { ...due, rule: ruleText(p.retention), ...o });
  };
  return [
    {
      method: 'get',
      path: '/retention',
      access: 'retention:manage',
      audit: 'retention.view',
      handler: (req: Request, res: Response) => page(req, res),
    },
    {
      method: 'post',
      path: '/retention/:id/hold',
      access: 'retention:manage',
      audit: 'retention.hold',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const body = bodyOf(req);
        const read = readBody(holdSchema, body);
        if (!read.ok) {
          return page(req, res, {
            errors: formErrors(read.errors, { reason: `reason-${id}` }),
            errorChild: id,
            values: { reason: str(body.reason) },
            status: 400,
          });
        }
        const r = await retention.placeHold(actorOf(req), id, read.data.reason);
        if (r === 'not-found') return notFound(res);
        await page(req, res, { notice: r === 'placed' ? 'Hold placed: the record will not be erased while it is held.' : 'The record is already held.' });
      },
    },
    {
      method: 'post',
      path: '/retention/:id/release',
      access: 'retention:manage',
      audit: 'retention.release',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const r = await retention.releaseHold(actorOf(req), id);
        if (r === 'not-found') return notFound(res);
        await page(req, res, { notice: r === 'released' ? 'Hold released: the record will be erased when it is due.' : 'The record was not held.' });
      },
    },
  ];
}
