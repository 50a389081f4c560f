import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { str, formErrors, isUuid, type FormErrors } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';

/** Issue #7: "Send the pack to members" from a meeting with a deadline (DOMAIN §5): check what goes, confirm, send. */
export function packRoutes({ services }: AppDeps): RouteSpec[] {
  const packs = services.packs;

  const render = async (req: Request, res: Response, o: { status?: number; errors?: FormErrors; notice?: string } = {}) => {
    const id = str(req.params.id);
    if (!isUuid(id)) return notFound(res);
    const pv = await packs.preview(partnershipOf(req), id);
    if (!pv) return notFound(res);
    res.status(o.status ?? 200).render('packs/views/send.njk', { pv, errors: o.errors, notice: o.notice });
  };

  return [
    {
      method: 'get',
      path: '/meetings/:id/pack',
      access: 'meeting:manage',
      audit: 'none: what the pack holds and who it goes to (members of the meeting); no child',
      handler: async (req: Request, res: Response) => render(req, res, { notice: str(req.query.done) === 'sent' ? 'sent' : undefined }),
    },
    {
      method: 'post',
      path: '/meetings/:id/pack',
      access: 'meeting:manage',
      audit: 'report.export',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const r = await packs.send(actorOf(req), partnershipOf(req), id);
        if (!r.ok && r.reason === 'not-found') return notFound(res);
        if (!r.ok) return render(req, res, { status: 400, errors: formErrors(r.errors, { send: 'send' }) });
        res.redirect(303, `${paths.packs.send(id)}?done=sent`);
      },
    },
  ];
}
