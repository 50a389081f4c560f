import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { str, readBody, formErrors, readDateInput, datePartsOf, type FormErrors, isUuid, objectOf, bodyOf } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { can } from '../../platform/roles.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import {
  childForm,
  childFormValues,
  aliasSchema,
  addressForm,
  agencySchema,
  searchSchema,
  closeSchema,
  reopenSchema,
  closeReasons,
  accessReasonSchema,
  type CloseReason,
} from './schemas.ts';
import { parseSearch } from './service.ts';
import { toInput, type ChildRow } from './repository.ts';

function optionsFor(p: PartnershipConfig) {
  const list = (items: string[], selected?: string) => [
    { value: '', text: 'Choose an option' },
    ...items.map((i) => ({ value: i, text: i, selected: i === selected })),
  ];
  return {
    districts: (sel?: string) => [{ value: '', text: 'Choose a district' }, ...p.districts.map((d) => ({ value: d.id, text: d.name, selected: d.id === sel }))],
    agencies: (sel?: string) => [{ value: '', text: 'Choose an agency' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === sel }))],
    gender: (sel?: string) => list(p.lists.gender, sel),
    ethnicity: (sel?: string) => list(p.lists.ethnicity, sel),
    livingSituation: (sel?: string) => list(p.lists.livingSituation, sel),
    eetStatus: (sel?: string) => list(p.lists.eetStatus, sel),
    legalStatus: (sel?: string) => list(p.lists.legalStatus, sel),
  };
}

const anchors = { dateOfBirth: 'dateOfBirth-day' };
const dateParts = ['dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year'];

export function childRoutes({ services }: AppDeps): RouteSpec[] {
  const children = services.children;
  const rfm = services.rfm;
  const names = (p: PartnershipConfig) => ({
    district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])),
    agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])),
  });

  const renderForm = (
    req: Request,
    res: Response,
    o: { child?: ChildRow; values: Record<string, unknown>; errors?: FormErrors; status?: number; conflict?: ChildRow; version?: number },
  ) => {
    const p = partnershipOf(req);
    res.status(o.status ?? 200).render('children/views/form.njk', {
      child: o.child,
      values: o.values,
      errors: o.errors,
      options: optionsFor(p),
      conflict: o.conflict,
      version: o.version ?? o.child?.version,
      names: names(p),
    });
  };

  /** The close form (an open record) or the reopen form (a closed one); the other way round goes to the one that applies. */
  const renderClosure = async (
    req: Request,
    res: Response,
    which: 'close' | 'reopen',
    o: { values?: Record<string, string>; errors?: FormErrors; status?: number } = {},
  ) => {
    const id = str(req.params.id);
    const child = isUuid(id) ? await children.get(actorOf(req), id) : undefined;
    if (!child) return notFound(res);
    if (!!child.closed_at !== (which === 'reopen')) return res.redirect(303, which === 'close' ? paths.children.reopen(id) : paths.children.show(id));
    const values = o.values ?? {};
    res.status(o.status ?? 200).render(`children/views/${which}.njk`, {
      child,
      values,
      errors: o.errors,
      trackerOn: services.tracker.enabled(child.partnership_id),
      closedReason: child.closed_reason ? closeReasons[child.closed_reason as CloseReason] : undefined,
      reasons: Object.entries(closeReasons).map(([value, text]) => ({ value, text, checked: values.reason === value })),
    });
  };

  return [
    {
      method: 'get',
      path: '/children',
      access: 'child:search',
      audit: 'child.search',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const saved = (req.user!.data.childSearch ?? {}) as { q?: string; districtId?: string };
        const q = saved.q ?? '';
        const districtId = saved.districtId ?? '';
        let results;
        let errors: FormErrors | undefined;
        if (q || districtId) {
          const { text, dob, dobInvalid } = parseSearch(q);
          if (dobInvalid) errors = formErrors([{ field: 'q', message: 'Date of birth must be a real date, like 27/3/2011' }]);
          else results = await children.search(actorOf(req), text, dob, districtId || undefined);
        }
        res.render('children/views/search.njk', {
          values: { q, districtId },
          results,
          errors,
          districts: optionsFor(p)
            .districts(districtId)
            .map((d) => (d.value === '' ? { ...d, text: 'All districts' } : d)),
          names: names(p),
          canCreate: can(req.user!.roles, 'child:create'),
        });
      },
    },
    {
      // The search is posted and kept in the session, so that names never appear in a URL or a log.
      method: 'post',
      path: '/children/search',
      access: 'child:search',
      audit: 'none: the search is audited when its results are shown',
      handler: async (req: Request, res: Response) => {
        const search = readBody(searchSchema, { q: str(req.body?.q), districtId: str(req.body?.districtId) }).data ?? { q: '', districtId: '' };
        await services.sessions.setData(req.user!, { ...req.user!.data, childSearch: search });
        res.redirect(303, paths.children.search());
      },
    },
    {
      method: 'get',
      path: '/children/new',
      access: 'child:create',
      audit: 'none: empty form',
      handler: (req: Request, res: Response) => renderForm(req, res, { values: { dob: {} } }),
    },
    {
      method: 'post',
      path: '/children',
      access: 'child:create',
      audit: 'child.create',
      handler: async (req: Request, res: Response) => {
        const read = readBody(childForm(partnershipOf(req)), req.body);
        if (!read.ok)
          return renderForm(req, res, { values: childFormValues(partnershipOf(req), req.body ?? {}), errors: formErrors(read.errors, anchors), status: 400 });
        // Issue 15 item 13: before a new child is saved, the children already recorded who are likely the same child are
        // shown (audited as child.duplicate-check naming them); "None of these" posts the form again, kept in hidden fields.
        if (str(req.body?.notDuplicate) !== 'yes') {
          const existing = await children.likelyExisting(actorOf(req), read.data);
          if (existing.length) {
            const p = partnershipOf(req);
            const fields = [...Object.keys(childFormValues(p, {})).filter((k) => k !== 'dob' && k !== 'dateOfBirth'), ...dateParts];
            return res.render('children/views/existing.njk', {
              existing,
              typed: read.data,
              carried: fields.map((name) => ({ name, value: str(req.body?.[name]) })).filter((f) => f.value !== ''),
              names: names(p),
            });
          }
        }
        const child = await children.create(actorOf(req), read.data);
        res.redirect(303, paths.children.show(child.id));
      },
    },
    {
      method: 'get',
      path: '/children/:id',
      access: 'child:read',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const p = partnershipOf(req);
        if (!isUuid(id)) return notFound(res);
        // Issue 16 item 11 (break-glass): a user whose agency is not involved states a reason before the record opens.
        const gate = await children.accessGate(actorOf(req), id);
        if (gate.kind === 'reason') return res.render('children/views/access-reason.njk', { child: gate.child, values: {} });
        const view = gate.kind === 'ok' ? await children.view(actorOf(req), id, p) : undefined;
        if (!view) return notFound(res);
        const roles = req.user!.roles;
        const current = p.assessmentTools.includes('rfm') ? await rfm.currentRfm(p.id, id) : undefined;
        const openReferral = await services.panel.openReferralId(p.id, id);
        const mayRfm = p.assessmentTools.includes('rfm') && can(roles, 'assessment:write');
        // Issue 15 §1: with a current RFM, reviewing it (Section E) is the primary action; a new RFM is secondary.
        const reviewFirst = mayRfm && current?.next.step === 'review';
        res.render('children/views/show.njk', {
          ...view,
          openSteps: await rfm.openRequiredSteps(p.id, id),
          currentRfm: current,
          reviewFirst,
          actions: [
            reviewFirst ? { text: 'Review the Risk Factor Matrix', href: paths.rfm.review(current!.assessment.id) } : null,
            mayRfm ? { text: current ? 'Start a new Risk Factor Matrix' : 'Start a Risk Factor Matrix', href: paths.rfm.start(id) } : null,
            // DOMAIN §3.3: a CE referral needs an updated RFM (and a child under 18): offered only when one can be made.
            mayRfm && current && rfm.isRfmRecentEnough(p.id, current.lastUpdated) && !rfm.adultRefusal(p.id, view.child, 'a CE referral')
              ? { text: 'Make a CE referral', href: paths.rfm.referral(id) }
              : null,
            p.assessmentTools.includes('vat') && can(roles, 'vat:complete')
              ? { text: 'Complete the Vulnerability Assessment Tool', href: paths.vat.start(id) }
              : null,
            p.assessmentTools.includes('thrive') && can(roles, 'concern:create') ? { text: 'Record a child concern', href: paths.llr.newConcern(id) } : null,
            p.assessmentTools.includes('thrive') && can(roles, 'thrive:grade') ? { text: 'Grade the risk (THRIVE)', href: paths.llr.thrive(id) } : null,
            can(roles, 'panel:refer')
              ? openReferral
                ? { text: 'Open the panel referral', href: paths.panel.referral(openReferral) }
                : { text: 'Refer to a MACE panel', href: paths.panel.refer(id) }
              : null,
            can(roles, 'child:update') ? { text: 'Record a missing episode', href: paths.missing.forChild(id) } : null,
          ].filter(Boolean),
          flashReferred: req.query.referred === '1',
          names: names(p),
          canEdit: can(req.user!.roles, 'child:update'),
          canAudit: can(req.user!.roles, 'audit:read'),
          canClose: can(req.user!.roles, 'child:close'),
          closedReason: view.child.closed_reason ? closeReasons[view.child.closed_reason as CloseReason] : undefined,
          flash: req.query.saved === '1' ? 'saved' : req.query.saved === 'closed' || req.query.saved === 'reopened' ? req.query.saved : undefined,
        });
      },
    },
    {
      method: 'get',
      path: '/children/:id/edit',
      access: 'child:update',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const child = isUuid(id) ? await children.get(actorOf(req), id) : undefined;
        if (!child) return notFound(res);
        renderForm(req, res, { child, values: { ...toInput(child), dob: datePartsOf(child.date_of_birth) } });
      },
    },
    {
      method: 'post',
      path: '/children/:id/edit',
      access: 'child:update',
      audit: 'child.update',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const version = versionOf(objectOf(req.body)) ?? NaN;
        const current = isUuid(id) ? await children.get(actorOf(req), id) : undefined;
        if (!current) return notFound(res);
        const read = readBody(childForm(partnershipOf(req)), req.body);
        const values = childFormValues(partnershipOf(req), req.body ?? {});
        const errors = read.errors ?? [];
        if (!Number.isInteger(version)) errors.push({ field: 'version', message: 'The form is out of date: reload the page' });
        if (errors.length || !read.ok) return renderForm(req, res, { child: current, values, errors: formErrors(errors, anchors), status: 400, version });
        const result = await children.update(actorOf(req), id, version, read.data);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'conflict') {
          return renderForm(req, res, { child: result.current, values, conflict: result.current, version: result.current.version, status: 409 });
        }
        res.redirect(303, `${paths.children.show(id)}?saved=1`);
      },
    },
    {
      method: 'get',
      path: '/children/:id/close',
      access: 'child:close',
      audit: 'child.view',
      handler: (req: Request, res: Response) => renderClosure(req, res, 'close'),
    },
    {
      method: 'post',
      path: '/children/:id/close',
      access: 'child:close',
      audit: 'child.close',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const values = { reason: str(req.body?.reason), details: str(req.body?.details) };
        const r = readBody(closeSchema, { reason: values.reason || undefined, details: values.details });
        if (!r.ok) return renderClosure(req, res, 'close', { values, errors: formErrors(r.errors), status: 400 });
        const out = await children.close(actorOf(req), id, r.data);
        if (!out.ok && out.reason === 'not-found') return notFound(res);
        // Closed now, or already closed by someone else: the record says so either way.
        res.redirect(303, `${paths.children.show(id)}?saved=closed`);
      },
    },
    {
      method: 'get',
      path: '/children/:id/reopen',
      access: 'child:close',
      audit: 'child.view',
      handler: (req: Request, res: Response) => renderClosure(req, res, 'reopen'),
    },
    {
      method: 'post',
      path: '/children/:id/reopen',
      access: 'child:close',
      audit: 'child.reopen',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const values = { reason: str(req.body?.reason) };
        const r = readBody(reopenSchema, values);
        if (!r.ok) return renderClosure(req, res, 'reopen', { values, errors: formErrors(r.errors), status: 400 });
        const out = await children.reopen(actorOf(req), id, r.data.reason);
        if (!out.ok && out.reason === 'not-found') return notFound(res);
        res.redirect(303, `${paths.children.show(id)}?saved=reopened`);
      },
    },
    ...subForm('aliases', 'child.alias.add', 'children/views/alias.njk', async (req, body) => {
      const read = readBody(aliasSchema, { alias: str(body.alias), kind: str(body.kind) || undefined });
      if (!read.ok) return { errors: read.errors };
      return { ok: await children.addAlias(actorOf(req), str(req.params.id), read.data) };
    }),
    ...subForm('addresses', 'child.address.add', 'children/views/address.njk', async (req, body) => {
      const read = readBody(addressForm, body);
      if (!read.ok) return { errors: read.errors, anchors: { fromDate: 'fromDate-day', toDate: 'toDate-day' } };
      return { ok: await children.addAddress(actorOf(req), str(req.params.id), read.data) };
    }),
    ...subForm('agencies', 'child.agency.add', 'children/views/agency.njk', async (req, body) => {
      const p = partnershipOf(req);
      const read = readBody(agencySchema(p), { agencyId: str(body.agencyId), workerName: str(body.workerName), workerContact: str(body.workerContact) });
      if (!read.ok) return { errors: read.errors };
      const agencyName = p.agencies.find((a) => a.id === read.data.agencyId)!.name;
      return { ok: await children.addAgency(actorOf(req), str(req.params.id), read.data, agencyName) };
    }),
    {
      method: 'post',
      path: '/children/:id/access-reason',
      access: 'child:read',
      audit: 'child.access-reason',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const read = readBody(accessReasonSchema, bodyOf(req));
        if (!read.ok) {
          const gate = await children.accessGate(actorOf(req), id);
          if (gate.kind !== 'reason') return gate.kind === 'ok' ? res.redirect(303, paths.children.show(id)) : notFound(res);
          return res
            .status(400)
            .render('children/views/access-reason.njk', { child: gate.child, values: { reason: str(bodyOf(req).reason) }, errors: formErrors(read.errors) });
        }
        if (!(await children.giveAccessReason(actorOf(req), id, read.data.reason))) return notFound(res);
        res.redirect(303, paths.children.show(id));
      },
    },
    {
      method: 'get',
      path: '/admin/access-reasons',
      access: 'audit:read',
      audit: 'access-reasons.view',
      handler: async (req: Request, res: Response) => {
        const rows = await children.accessReasons(actorOf(req));
        res.render('children/views/access-reasons.njk', { rows, names: names(partnershipOf(req)) });
      },
    },
    {
      method: 'get',
      path: '/children/:id/audit',
      access: 'audit:read',
      audit: 'audit.read',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const trail = isUuid(id) ? await children.auditTrail(actorOf(req), partnershipOf(req), id) : undefined;
        if (!trail) return notFound(res);
        res.render('children/views/audit.njk', { ...trail, names: names(partnershipOf(req)) });
      },
    },
  ];

  /** A small form that adds one part to a child's record (alias, address, agency). */
  function subForm(
    part: 'aliases' | 'addresses' | 'agencies',
    auditAction: string,
    view: string,
    save: (req: Request, body: Record<string, unknown>) => Promise<{ ok?: boolean; errors?: FieldError[]; anchors?: Record<string, string> }>,
  ): RouteSpec[] {
    const show = async (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) => {
      const id = str(req.params.id);
      const child = isUuid(id) ? await children.get(actorOf(req), id) : undefined;
      if (!child) return notFound(res);
      const p = partnershipOf(req);
      res
        .status(status)
        .render(view, { child, agencies: optionsFor(p).agencies(str((extra.values as Record<string, string>)?.agencyId)), values: {}, ...extra });
    };
    return [
      { method: 'get', path: `/children/:id/${part}`, access: 'child:update', audit: 'child.view', handler: (req: Request, res: Response) => show(req, res) },
      {
        method: 'post',
        path: `/children/:id/${part}`,
        access: 'child:update',
        audit: auditAction,
        handler: async (req: Request, res: Response) => {
          const id = str(req.params.id);
          if (!isUuid(id)) return notFound(res);
          const body = (req.body ?? {}) as Record<string, unknown>;
          const result = await save(req, body);
          if (result.errors) {
            const values = { ...body, fromDateParts: readDateInput(body, 'fromDate', '').parts, toDateParts: readDateInput(body, 'toDate', '').parts };
            return show(req, res, { values, errors: formErrors(result.errors, result.anchors) }, 400);
          }
          if (!result.ok) return notFound(res);
          res.redirect(303, `${paths.children.show(id)}?saved=1`);
        },
      },
    ];
  }
}
