import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { readBody, formErrors, str, type FormErrors } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { alertIdPattern, decisionSchema, transferSchema } from './schemas.ts';
import { pageNumber, paginationFor } from '../../platform/pagination.ts';

/** The tracker could not be reached: said plainly, never a 500. */
const unavailable = (res: Response) => res.status(503).render('tracker/views/unavailable.njk');

/** Issue 14: the coordinators' Tracker page and an alert's page (confirm or reject, then the transfer of information). */
export function trackerRoutes({ services }: AppDeps): RouteSpec[] {
  const tracker = services.tracker;
  const names = (p: PartnershipConfig) => ({
    district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])),
    agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])),
  });

  async function renderAlert(req: Request, res: Response, o: { values?: Record<string, string>; errors?: FormErrors; status?: number; notice?: string } = {}) {
    const id = str(req.params.id);
    if (!alertIdPattern.test(id)) return notFound(res);
    const page = await tracker.alert(actorOf(req), id);
    if (!page) return notFound(res);
    if ('unavailable' in page) return unavailable(res);
    // A withdrawn alert is not found (as in the API), but the page says it was withdrawn, and nothing more.
    if ('withdrawn' in page) return res.status(404).render('tracker/views/withdrawn.njk', page);
    res.status(o.status ?? 200).render('tracker/views/alert.njk', {
      ...page,
      values: o.values ?? {},
      errors: o.errors,
      notice: o.notice,
      names: names(partnershipOf(req)),
      canAudit: can(req.user!.roles, 'audit:read'),
      section: 'tracker',
    });
  }

  return [
    {
      method: 'get',
      path: '/tracker',
      access: 'tracker:manage',
      audit: 'tracker.alerts.read',
      handler: async (req: Request, res: Response) => {
        const out = await tracker.list(actorOf(req), { page: pageNumber(req.query.page) });
        res.render('tracker/views/index.njk', {
          ...out,
          pagination: paginationFor(out.page, out.pages, (n) => paths.tracker.index(n)),
        });
      },
    },
    {
      method: 'get',
      path: '/tracker/alerts/:id',
      access: 'tracker:manage',
      audit: 'tracker.alert.view',
      handler: (req: Request, res: Response) => {
        const done = str(req.query.done);
        return renderAlert(req, res, { notice: done === 'confirmed' || done === 'transfer' ? done : undefined });
      },
    },
    {
      // The service writes tracker.alert.confirm or tracker.alert.reject, as the decision was.
      method: 'post',
      path: '/tracker/alerts/:id',
      access: 'tracker:manage',
      audit: 'tracker.alert.decide',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!alertIdPattern.test(id)) return notFound(res);
        const values = { decision: str(req.body?.decision), reason: str(req.body?.reason) };
        const read = readBody(decisionSchema, { decision: values.decision || undefined, reason: values.reason || undefined });
        if (!read.ok) return renderAlert(req, res, { values, errors: formErrors(read.errors, { decision: 'decision' }), status: 400 });
        const out = await tracker.decide(actorOf(req), id, read.data);
        // No such alert here: the alert's page says whether it was withdrawn meanwhile (404 either way).
        if (!out) return renderAlert(req, res);
        if ('unavailable' in out) return unavailable(res);
        if ('conflict' in out) return renderAlert(req, res, { values, errors: formErrors([{ field: 'decision', message: out.conflict }]), status: 409 });
        if (read.data.decision === 'reject') return res.redirect(303, paths.tracker.index());
        res.redirect(303, `${paths.tracker.alert(id)}?done=confirmed`);
      },
    },
    {
      method: 'post',
      path: '/tracker/alerts/:id/transfer',
      access: 'tracker:manage',
      audit: 'tracker.transfer.request',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!alertIdPattern.test(id)) return notFound(res);
        const values = { note: str(req.body?.note) };
        const read = readBody(transferSchema, { note: values.note || undefined });
        if (!read.ok) return renderAlert(req, res, { values, errors: formErrors(read.errors), status: 400 });
        const out = await tracker.requestTransfer(actorOf(req), id, read.data.note ?? '');
        if (!out) return notFound(res);
        if ('unavailable' in out) return unavailable(res);
        if ('conflict' in out) return renderAlert(req, res, { values, errors: formErrors([{ field: 'note', message: out.conflict }]), status: 409 });
        res.redirect(303, `${paths.tracker.alert(id)}?done=transfer`);
      },
    },
  ];
}
