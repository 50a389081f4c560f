import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, readBody, formErrors, type FormErrors, isUuid } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { categories, removalReasons, categoryName, outstanding } from '../../domain/panel/thresholding.ts';
import { panelChecklist, checklistProgress } from '../../domain/panel/checklist.ts';
import { adultRefusal, isChildOn } from '../../domain/eligibility/age.ts';
import { todayIso } from '../../platform/dates.ts';
import { panelService, lateralCheckAgencies } from './service.ts';
import { referralSchema, answerSchema, fileCheckSchema, thresholdSchema } from './schemas.ts';
import type { ReferralRow, CheckRow } from './repository.ts';

const list = (v: unknown) => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string');
const outOfDate: FieldError = { field: 'version', message: 'The form is out of date: reload the page' };

const rank = (p: PartnershipConfig, agencyId: string) => {
  const i = p.lateralCheckAgencies.indexOf(agencyId);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
};

type Form = 'file-check' | 'checklist' | 'threshold';
type PageState = { form?: Form; values?: Record<string, unknown>; errors?: FormErrors; status?: number; conflict?: ReferralRow; notice?: string };

export function panelRoutes({ services }: AppDeps): RouteSpec[] {
  const panel = services.panel;
  const names = (p: PartnershipConfig) => ({
    district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])),
    agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])),
  });
  const idOf = (req: Request) => {
    const id = str(req.params.id);
    return isUuid(id) ? id : undefined;
  };

  // ---- Referral to a panel -------------------------------------------------------------------
  const renderRefer = async (req: Request, res: Response, o: { values?: Record<string, string>; errors?: FormErrors; status?: number } = {}) => {
    const id = idOf(req);
    const form = id ? await panel.referralForm(actorOf(req), id) : undefined;
    if (!form) return notFound(res);
    const p = partnershipOf(req);
    const { child, risk, open } = form;
    const values = o.values ?? {
      leadName: child.lead_professional_name ?? '',
      leadAgencyId: child.lead_professional_agency_id ?? '',
      leadContact: child.lead_professional_contact ?? '',
      overrideReason: '',
      triage: isUuid(str(req.query.triage)) ? str(req.query.triage) : '',
    };
    const adult = isChildOn(child.date_of_birth, todayIso()) ? undefined : adultRefusal('a panel referral', p.adultSupportText);
    const allowed = !adult && (risk?.level === 'medium' || risk?.level === 'high');
    res.status(o.status ?? (adult ? 409 : 200)).render('panel/views/refer.njk', {
      child,
      adult,
      risk,
      open,
      allowed,
      mayOverride: can(req.user!.roles, 'panel:threshold'),
      values,
      errors: o.errors,
      agencies: [{ value: '', text: 'Choose an agency' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.leadAgencyId }))],
      checkAgencies: lateralCheckAgencies(p).map((a) => names(p).agency[a]),
      names: names(p),
    });
  };

  // ---- The referral page --------------------------------------------------------------------
  const renderReferral = async (req: Request, res: Response, id: string, o: PageState = {}) => {
    const view = await panel.view(actorOf(req), id);
    if (!view) return notFound(res);
    const p = partnershipOf(req);
    const r = view.referral;
    const v = o.values ?? {};
    const done: string[] = o.form === 'checklist' && v.done ? (v.done as string[]) : r.checklist_done;
    const waiting = outstanding(view.checks);
    res.status(o.status ?? 200).render('panel/views/referral.njk', {
      referral: r,
      // In the partnership's configured order (DOMAIN §2), others after.
      checks: [...view.checks].sort((a, b) => rank(p, a.agency_id) - rank(p, b.agency_id)),
      outstandingCount: waiting.length,
      risk: view.risk,
      names: names(p),
      categoryName: r.category ? categoryName(r.category) : undefined,
      removalName: removalReasons.find((x) => x.value === r.removal_reason)?.name,
      checklist: panelChecklist.map((i) => ({ value: i.id, text: i.text, hint: i.hint ? { text: i.hint } : undefined, checked: done.includes(i.id) })),
      progress: checklistProgress(r.checklist_done),
      categories,
      removalReasons,
      form: o.form,
      values: v,
      errors: o.errors,
      conflict: o.conflict,
      notice: o.notice ?? str(req.query.done),
      canThreshold: can(req.user!.roles, 'panel:threshold'),
      canChecklist: can(req.user!.roles, 'panel:refer'),
      // Issue #5: from a child thresholded to discuss at MACE, on to the panel's agenda.
      agenda: r.status !== 'closed' && (r.category === 1 || r.category === null) ? await services.agenda.forReferral(p, r.child_id, r.district_id) : undefined,
      canManageMeetings: can(req.user!.roles, 'meeting:manage'),
    });
  };

  /** A POST to a referral: validate, check the version, save, then back to the page (or the page with errors). */
  const referralPost =
    (
      form: Form,
      save: (
        req: Request,
        id: string,
        version: number,
      ) => Promise<{ errors?: FieldError[]; values: Record<string, unknown>; result?: Awaited<ReturnType<ReturnType<typeof panelService>['fileCheck']>> }>,
    ) =>
    async (req: Request, res: Response) => {
      const id = idOf(req);
      if (!id) return notFound(res);
      const version = versionOf(req.body ?? {});
      const out = await save(req, id, version ?? -1);
      const errors = [...(out.errors ?? []), ...(version === undefined ? [outOfDate] : [])];
      if (errors.length || !out.result)
        return renderReferral(req, res, id, {
          form,
          values: out.values,
          errors: formErrors(errors, {
            version: form,
            category: 'category',
            removalReason: 'removalReason',
            concernsContinue: 'concernsContinue',
            requestInclusion: 'requestInclusion',
            done: 'done',
          }),
          status: 400,
        });
      if (!out.result.ok && out.result.reason === 'not-found') return notFound(res);
      if (!out.result.ok && out.result.reason === 'conflict')
        return renderReferral(req, res, id, { form, values: out.values, conflict: out.result.current, status: 409 });
      res.redirect(303, `${paths.panel.referral(id)}?done=${form}`);
    };

  // ---- Lateral checks -----------------------------------------------------------------------
  const renderCheck = async (
    req: Request,
    res: Response,
    id: string,
    o: { values?: Record<string, string>; errors?: FormErrors; status?: number; conflict?: CheckRow } = {},
  ) => {
    const check = await panel.check(actorOf(req), id);
    if (!check) return notFound(res);
    const p = partnershipOf(req);
    res.status(o.status ?? 200).render('panel/views/check.njk', {
      check,
      values: o.values ?? { kind: check.response_kind ?? '', text: check.response_text ?? '' },
      errors: o.errors,
      conflict: o.conflict,
      notice: str(req.query.done),
      names: names(p),
    });
  };

  return [
    {
      method: 'get',
      path: '/children/:id/panel-referral',
      access: 'panel:refer',
      audit: 'panel.refer-form',
      handler: (req: Request, res: Response) => renderRefer(req, res),
    },
    {
      method: 'post',
      path: '/children/:id/panel-referral',
      access: 'panel:refer',
      audit: 'panel.refer',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        const p = partnershipOf(req);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const values = {
          leadName: str(body.leadName),
          leadAgencyId: str(body.leadAgencyId),
          leadContact: str(body.leadContact),
          overrideReason: str(body.overrideReason),
          triage: str(body.triage),
        };
        const read = readBody(referralSchema(p), values);
        if (!read.ok) return renderRefer(req, res, { values, errors: formErrors(read.errors), status: 400 });
        const result = await panel.refer(actorOf(req), p, id, read.data);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'already') return res.redirect(303, paths.panel.referral(result.open.id));
        if (!result.ok && result.reason === 'adult') return renderRefer(req, res, { values, status: 409 });
        if (!result.ok && result.reason === 'risk') {
          const message = result.mayOverride
            ? 'Enter why the child should be referred although their current risk is not medium or high'
            : `The child cannot be referred: their current judged risk is ${result.level ?? 'not assessed'}. Every child referred to a panel has a Risk Factor Matrix showing medium or high risk`;
          return renderRefer(req, res, {
            values,
            errors: formErrors([{ field: result.mayOverride ? 'overrideReason' : 'risk', message }], { risk: 'risk' }),
            status: 400,
          });
        }
        if (!result.ok) return notFound(res);
        res.redirect(303, `${paths.panel.referral(result.id)}?done=referred`);
      },
    },
    {
      method: 'get',
      path: '/panel-referrals/:id',
      access: 'child:read',
      audit: 'panel.referral.view',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        await renderReferral(req, res, id);
      },
    },
    {
      method: 'post',
      path: '/panel-referrals/:id/file-check',
      access: 'panel:threshold',
      audit: 'panel.file-check',
      handler: referralPost('file-check', async (req, id, version) => {
        const values = { note: str(req.body?.note) };
        const read = readBody(fileCheckSchema, values);
        if (!read.ok) return { values, errors: read.errors };
        if (version < 0) return { values };
        return { values, result: await panel.fileCheck(actorOf(req), id, version, read.data.note) };
      }),
    },
    {
      method: 'post',
      path: '/panel-referrals/:id/checklist',
      access: 'panel:refer',
      audit: 'panel.checklist',
      handler: referralPost('checklist', async (req, id, version) => {
        const values = { done: list(req.body?.done) };
        if (version < 0) return { values };
        return { values, result: await panel.checklist(actorOf(req), id, version, values.done) };
      }),
    },
    {
      method: 'post',
      path: '/panel-referrals/:id/threshold',
      access: 'panel:threshold',
      audit: 'panel.threshold',
      handler: referralPost('threshold', async (req, id, version) => {
        const b = (req.body ?? {}) as Record<string, unknown>;
        const values = {
          category: str(b.category),
          rationale: str(b.rationale),
          removalReason: str(b.removalReason),
          hostAuthority: str(b.hostAuthority),
          concernsContinue: str(b.concernsContinue),
          requestInclusion: str(b.requestInclusion),
        };
        const read = readBody(thresholdSchema, values);
        if (!read.ok) return { values, errors: read.errors };
        if (version < 0) return { values };
        return { values, result: await panel.threshold(actorOf(req), id, version, read.data) };
      }),
    },
    {
      method: 'get',
      path: '/lateral-checks',
      access: 'lateral-check:respond',
      audit: 'lateral-check.list',
      handler: async (req: Request, res: Response) => {
        const rows = await panel.waiting(actorOf(req));
        res.render('panel/views/checks.njk', { rows, names: names(partnershipOf(req)), answered: isUuid(str(req.query.done)) });
      },
    },
    {
      method: 'get',
      path: '/lateral-checks/:id',
      access: 'lateral-check:respond',
      audit: 'lateral-check.view',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        await renderCheck(req, res, id);
      },
    },
    {
      method: 'post',
      path: '/lateral-checks/:id',
      access: 'lateral-check:respond',
      audit: 'lateral-check.answer',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const values = { kind: str(body.kind), text: str(body.text) };
        const version = versionOf(body);
        const read = readBody(answerSchema, values);
        const errors = read.errors ?? [];
        if (version === undefined) errors.push(outOfDate);
        if (errors.length || !read.ok || version === undefined)
          return renderCheck(req, res, id, { values, errors: formErrors(errors, { version: 'kind' }), status: 400 });
        const result = await panel.answer(actorOf(req), id, version, read.data);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'conflict') return renderCheck(req, res, id, { values, conflict: result.current, status: 409 });
        res.redirect(303, `${paths.panel.lateralChecks()}?done=${id}`);
      },
    },
  ];
}
