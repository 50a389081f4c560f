import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, readBody, formErrors, isUuid, bodyOf, type FormErrors } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { CSE_TOPICS, EXTENSION_REASONS, PROGRAMME_OUTCOMES, MIN_VISITS_PER_WEEK } from '../../domain/cse/programme.ts';
import { sessionForm, extendForm, endForm, cseValues, cseAnchors } from './schemas.ts';
import type { ChangeResult } from './service.ts';

const notices: Record<string, string> = {
  session: 'Session recorded.',
  extended: 'Programme extended by 4 weeks.',
  ended: 'Programme ended. Its outcome is on the child’s timeline.',
};
/** Which form an error belongs to, so the page shows it beside that form. */
type FormName = 'session' | 'extend' | 'end';

/** Issue 15 item 22 (DOMAIN §3.4): a child's CSE service page, where the partnership has the offer (Staffordshire). */
export function cseRoutes({ services }: AppDeps): RouteSpec[] {
  const cse = services.cse;
  const ids = (req: Request) => {
    const childId = str(req.params.id);
    const programmeId = str(req.params.programmeId);
    return isUuid(childId) && (!req.params.programmeId || isUuid(programmeId)) ? { childId, programmeId } : undefined;
  };

  const render = async (
    req: Request,
    res: Response,
    childId: string,
    o: { status?: number; form?: FormName; errors?: FormErrors; values?: ReturnType<typeof cseValues>; conflict?: boolean } = {},
  ) => {
    const p = partnershipOf(req);
    if (!p.cseService) return notFound(res);
    const page = await cse.page(actorOf(req), p, childId);
    if (!page) return notFound(res);
    const values = o.values ?? cseValues({});
    res.status(o.status ?? 200).render('cse-service/views/programme.njk', {
      ...page,
      team: p.cseService.teamName,
      names: { district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])) },
      canAudit: can(req.user!.roles, 'audit:read'),
      canRecord: can(req.user!.roles, 'assessment:write'),
      form: o.form,
      errors: o.errors,
      conflict: o.conflict,
      values,
      today: todayIso(),
      minVisits: MIN_VISITS_PER_WEEK,
      topicNames: Object.fromEntries(CSE_TOPICS.map((t) => [t.id, t.name])),
      topicItems: CSE_TOPICS.map((t) => ({ value: t.id, text: t.name, checked: values.topics.includes(t.id) })),
      reasonItems: EXTENSION_REASONS.map((r) => ({ value: r.id, text: r.name, checked: values.reason === r.id })),
      reasonNames: Object.fromEntries(EXTENSION_REASONS.map((r) => [r.id, r.name])),
      outcomeItems: PROGRAMME_OUTCOMES.map((x) => ({ value: x.id, text: x.name, checked: values.outcome === x.id })),
      outcomeNames: Object.fromEntries(PROGRAMME_OUTCOMES.map((x) => [x.id, x.name])),
      notice: notices[str(req.query.done)],
    });
  };

  /** After a change: back to the page with its notice, or the page again with the errors beside the form, or 404. */
  const after = async (req: Request, res: Response, childId: string, form: FormName, r: ChangeResult, done: string) => {
    if (r.ok) return res.redirect(303, `${paths.cse.forChild(childId)}?done=${done}`);
    if (r.reason === 'not-found') return notFound(res);
    const values = cseValues(bodyOf(req));
    if (r.reason === 'conflict') return render(req, res, childId, { status: 409, form, values, conflict: true });
    return render(req, res, childId, { status: 400, form, values, errors: formErrors(r.errors, cseAnchors) });
  };

  return [
    {
      method: 'get',
      path: '/children/:id/cse-service',
      access: 'child:read',
      audit: 'cse.view',
      handler: async (req: Request, res: Response) => {
        const i = ids(req);
        if (!i) return notFound(res);
        await render(req, res, i.childId);
      },
    },
    {
      method: 'post',
      path: '/children/:id/cse-service/:programmeId/sessions',
      access: 'assessment:write',
      audit: 'cse.session.add',
      handler: async (req: Request, res: Response) => {
        const i = ids(req);
        if (!i || !partnershipOf(req).cseService) return notFound(res);
        const read = readBody(sessionForm(todayIso()), req.body, { every: false, order: ['heldOn', 'topics', 'notes'] });
        if (!read.ok)
          return render(req, res, i.childId, { status: 400, form: 'session', values: cseValues(bodyOf(req)), errors: formErrors(read.errors, cseAnchors) });
        await after(req, res, i.childId, 'session', await cse.addSession(actorOf(req), i.childId, i.programmeId, read.data), 'session');
      },
    },
    {
      method: 'post',
      path: '/children/:id/cse-service/:programmeId/extend',
      access: 'assessment:write',
      audit: 'cse.extend',
      handler: async (req: Request, res: Response) => {
        const i = ids(req);
        if (!i || !partnershipOf(req).cseService) return notFound(res);
        const read = readBody(extendForm, req.body, { order: ['reason', 'notes'] });
        if (!read.ok)
          return render(req, res, i.childId, { status: 400, form: 'extend', values: cseValues(bodyOf(req)), errors: formErrors(read.errors, cseAnchors) });
        const { version, ...input } = read.data;
        await after(req, res, i.childId, 'extend', await cse.extend(actorOf(req), i.childId, i.programmeId, version, input), 'extended');
      },
    },
    {
      method: 'post',
      path: '/children/:id/cse-service/:programmeId/end',
      access: 'assessment:write',
      audit: 'cse.end',
      handler: async (req: Request, res: Response) => {
        const i = ids(req);
        if (!i || !partnershipOf(req).cseService) return notFound(res);
        const read = readBody(endForm, req.body, { order: ['endedOn', 'outcome', 'notes'] });
        if (!read.ok)
          return render(req, res, i.childId, { status: 400, form: 'end', values: cseValues(bodyOf(req)), errors: formErrors(read.errors, cseAnchors) });
        const { version, ...input } = read.data;
        await after(req, res, i.childId, 'end', await cse.end(actorOf(req), i.childId, i.programmeId, version, input), 'ended');
      },
    },
  ];
}
