import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { bodyOf, formErrors, isUuid, readBody, str, type FormErrors } from '../../platform/validation.ts';
import { subjectAccessSchema } from './schemas.ts';
import type { ChildRow } from '../children/repository.ts';

/** Issue 16 item 13: a partnership admin produces a child's subject access copy, from the child's audit page. */
export function subjectAccessRoutes({ services }: AppDeps): RouteSpec[] {
  const sar = services.subjectAccess;
  const render = (res: Response, child: ChildRow, o: { values?: Record<string, string>; errors?: FormErrors; status?: number } = {}) =>
    res.status(o.status ?? 200).render('subject-access/views/request.njk', { child, values: o.values ?? { format: 'pdf' }, errors: o.errors });
  return [
    {
      method: 'get',
      path: '/children/:id/subject-access',
      access: 'child:subject-access',
      audit: 'subject-access.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const child = isUuid(id) ? await sar.form(actorOf(req), id) : undefined;
        if (!child) return notFound(res);
        render(res, child);
      },
    },
    {
      method: 'post',
      path: '/children/:id/subject-access',
      access: 'child:subject-access',
      audit: 'subject-access.request',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const body = bodyOf(req);
        const read = readBody(subjectAccessSchema, body);
        if (!read.ok) {
          const child = await sar.form(actorOf(req), id);
          if (!child) return notFound(res);
          const values = { requesterReference: str(body.requesterReference), reason: str(body.reason), format: str(body.format) };
          return render(res, child, { values, errors: formErrors(read.errors, { format: 'format' }), status: 400 });
        }
        const out = await sar.produce(actorOf(req), partnershipOf(req), id, {
          requesterReference: read.data.requesterReference,
          reason: read.data.reason,
          format: read.data.format as 'pdf' | 'json',
        });
        if (!out) return notFound(res);
        res.set('Content-Disposition', `attachment; filename="${out.filename}"`);
        res.set('Cache-Control', 'no-store');
        res.type(out.contentType).send(out.body);
      },
    },
  ];
}
