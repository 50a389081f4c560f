import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, readBody, formErrors, datePartsOf, type FormErrors, isUuid, objectOf } from '../../platform/validation.ts';
import { formatDate } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { THRIVE_ELEMENTS, THRIVE_GRADE_DEFINITIONS, THRIVE_GRADES } from '../../domain/thrive/thrive.ts';
import { isEmail, type ThriveRecord } from './service.ts';
import {
  concernSources,
  concernSourceNames,
  concernForm,
  concernValues,
  concernOrder,
  outcomeForm,
  outcomeValues,
  thriveForm,
  thriveFormValues,
  thriveFieldOrder,
  thriveAnchors,
  type ThriveContent,
} from './schemas.ts';
import { NO_PREVIOUS_CE } from './routing.ts';

/** Where a drafted NPA referral's information is recorded (source 004 "Medium Risk"). */
const recordOnNames: Record<string, string> = {
  'crime-report': 'The crime report, for the investigating officer',
  'master-management-report': 'The child’s master management report (the NPA already manages the child)',
  'safeguarding-occurrence-and-npa-task': 'A new safeguarding occurrence, with a task for the NPA',
};

/** The same, inside a sentence. */
const recordOnPhrases: Record<string, string> = {
  'crime-report': 'the crime report, for the investigating officer',
  'master-management-report': 'the child’s master management report, as the NPA already manages the child',
  'safeguarding-occurrence-and-npa-task': 'a new safeguarding occurrence, with a task for the NPA',
};

/** The domain's sentences name dates as YYYY-MM-DD; on screen they read "14 March 2026". */
const readable = (sentence: string | null | undefined) => (sentence ?? '').replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => formatDate(d));

const gradeLabel = (g: string | null | undefined) => (g ? g[0]!.toUpperCase() + g.slice(1) : '');

export function llrRoutes({ services }: AppDeps): RouteSpec[] {
  const llr = services.llr;
  const names = (p: PartnershipConfig) => ({
    district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])),
    agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])),
  });
  const common = (req: Request) => ({
    names: names(partnershipOf(req)),
    canAudit: can(req.user!.roles, 'audit:read'),
    grades: THRIVE_GRADES.map((g) => ({ value: g, text: gradeLabel(g), definition: THRIVE_GRADE_DEFINITIONS[g].definition })),
    definitions: Object.fromEntries(THRIVE_GRADES.map((g) => [g, THRIVE_GRADE_DEFINITIONS[g].definition])),
    elements: THRIVE_ELEMENTS,
    recordOnNames,
    recordOnPhrases,
    gradeLabel,
  });

  // ---- concerns ----

  const renderConcernForm = async (
    req: Request,
    res: Response,
    o: { child: { id: string }; risk: unknown; values: Record<string, string>; errors?: FormErrors; status?: number },
  ) => res.status(o.status ?? 200).render('llr/views/concern-form.njk', { ...common(req), ...o, sources: concernSources });

  // ---- THRIVE ----

  const thriveValues = (c: ThriveContent) => ({
    ...Object.fromEntries(THRIVE_ELEMENTS.map((e) => [e.key, (c as Record<string, unknown>)[e.key] ?? ''])),
    grade: c.grade ?? '',
    investigationReference: c.investigationReference ?? '',
    multiAgencyTeam: c.multiAgencyTeam ?? '',
    allocatedProfessional: c.allocatedProfessional ?? '',
    significantNewRisk: !!c.significantNewRisk,
    npaManagedAs: c.npaManagedAs ?? '',
    crimeReference: c.crimeReference ?? '',
    drmm: datePartsOf(c.drmmDate),
  });

  const renderThriveForm = async (
    req: Request,
    res: Response,
    o: { record: ThriveRecord; values: Record<string, unknown>; errors?: FormErrors; status?: number; conflict?: boolean; version?: number; saved?: boolean },
  ) =>
    res.status(o.status ?? 200).render('llr/views/thrive-form.njk', {
      ...common(req),
      risk: o.record.risk,
      child: o.record.child,
      a: o.record.a,
      values: o.values,
      errors: o.errors,
      conflict: o.conflict,
      version: o.version ?? o.record.a.version,
      saved: o.saved,
    });

  const renderThrive = async (req: Request, res: Response, record: ThriveRecord, extra: Record<string, unknown> = {}, status = 200) =>
    res.status(status).render('llr/views/thrive.njk', {
      ...common(req),
      risk: record.risk,
      child: record.child,
      a: record.a,
      c: record.a.content,
      referral: record.referral,
      ruleText: readable(record.referral?.rule_text ?? record.a.content.npaDecision?.sentence),
      area: record.referral?.district_id ? names(partnershipOf(req)).district[record.referral.district_id] : undefined,
      canOutcome: can(req.user!.roles, 'npa:record-outcome'),
      ...extra,
    });

  /** A POST to a THRIVE grading that has been submitted: refused, the input shown back to the user. */
  const refuseSubmitted = (req: Request, res: Response, record: ThriveRecord, values: Record<string, unknown>) =>
    renderThrive(
      req,
      res,
      record,
      {
        errors: {
          list: [{ text: 'This THRIVE grading has been submitted and can no longer be changed: your changes have not been saved', href: '#not-saved' }],
          byField: {},
        },
        notSaved: values,
      },
      400,
    );

  /** Saves (and, for submit, grades) the posted THRIVE form; every refusal re-shows the input. */
  async function postThrive(req: Request, res: Response, forSubmit: boolean) {
    const id = str(req.params.id);
    if (!isUuid(id)) return notFound(res);
    const actor = actorOf(req);
    const action = forSubmit ? 'assessment.submit' : 'assessment.save';
    const body = (req.body ?? {}) as Record<string, unknown>;
    const read = readBody(thriveForm(forSubmit), body, { order: thriveFieldOrder });
    const values = thriveFormValues(body);
    const version = versionOf(body) ?? NaN;
    const errors = [...(read.errors ?? []), ...(Number.isInteger(version) ? [] : [{ field: 'version', message: 'The form is out of date: reload the page' }])];
    if (!read.ok || errors.length) {
      const record = await llr.refusedThrive(actor, id, action, 'invalid input');
      if (!record) return notFound(res);
      if (record.a.status !== 'draft') return refuseSubmitted(req, res, record, values);
      return renderThriveForm(req, res, {
        record,
        values,
        errors: formErrors(errors, thriveAnchors),
        status: 400,
        version: Number.isInteger(version) ? version : undefined,
      });
    }
    const saved = await llr.saveThrive(actor, id, version, read.data);
    if (!saved.ok) {
      if (saved.reason === 'not-found') return notFound(res);
      const record = (await llr.viewThrive(actor, id))!;
      if (saved.reason === 'not-draft') return refuseSubmitted(req, res, record, values);
      return renderThriveForm(req, res, { record, values, conflict: true, status: 409, version: record.a.version });
    }
    if (!forSubmit) return res.redirect(303, `${paths.llr.thriveRecord(id)}?saved=1`);
    const submitted = await llr.submitThrive(actor, id, saved.assessment.version);
    if (!submitted.ok) {
      if (submitted.reason === 'not-found') return notFound(res);
      const record = (await llr.viewThrive(actor, id))!;
      if (submitted.reason === 'not-draft') return refuseSubmitted(req, res, record, values);
      return renderThriveForm(req, res, { record, values, conflict: true, status: 409, version: record.a.version });
    }
    res.redirect(303, paths.llr.thriveConfirmation(id));
  }

  // ---- NPA outcome ----

  const renderOutcome = async (
    req: Request,
    res: Response,
    found: NonNullable<Awaited<ReturnType<typeof llr.viewReferral>>>,
    o: { values?: Record<string, string>; errors?: FormErrors; status?: number; conflict?: boolean; version?: number } = {},
  ) =>
    res.status(o.status ?? 200).render('llr/views/npa-outcome.njk', {
      ...common(req),
      risk: found.risk,
      child: found.child,
      a: found.a,
      referral: found.referral,
      ruleText: readable(found.referral.rule_text),
      area: found.referral.district_id ? names(partnershipOf(req)).district[found.referral.district_id] : undefined,
      values: o.values ?? {},
      errors: o.errors,
      conflict: o.conflict,
      version: o.version ?? found.referral.version,
      canConcern: can(req.user!.roles, 'concern:create'),
      leadTold: isEmail(found.child.lead_professional_contact),
    });

  return [
    {
      method: 'get',
      path: '/children/:id/concerns/new',
      access: 'concern:create',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const page = isUuid(id) ? await llr.childFor(actorOf(req), id) : undefined;
        if (!page) return notFound(res);
        await renderConcernForm(req, res, { ...page, values: {} });
      },
    },
    {
      method: 'post',
      path: '/children/:id/concerns/new',
      access: 'concern:create',
      audit: 'concern.create',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const read = readBody(concernForm, req.body, { order: concernOrder });
        const values = concernValues(req.body ?? {});
        if (!read.ok) {
          const page = await llr.childFor(actorOf(req), id);
          if (!page) return notFound(res);
          return renderConcernForm(req, res, {
            ...page,
            values,
            errors: formErrors(read.errors, { source: 'source', riskChanged: 'riskChanged', indicatorsPresent: 'indicatorsPresent' }),
            status: 400,
          });
        }
        const created = await llr.createConcern(actorOf(req), id, read.data);
        if (!created) return notFound(res);
        res.redirect(303, `${paths.llr.concern(created.concern.id)}?recorded=1`);
      },
    },
    {
      method: 'get',
      path: '/concerns/:id',
      access: 'assessment:read',
      audit: 'concern.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const found = isUuid(id) ? await llr.viewConcern(actorOf(req), id) : undefined;
        if (!found) return notFound(res);
        const route = partnershipOf(req).routes.find((r) => r.id === found.concern.routed_to);
        res.render('llr/views/concern.njk', {
          ...common(req),
          ...found,
          sourceName: concernSourceNames[found.concern.source],
          routeName: route?.name,
          noRoute: NO_PREVIOUS_CE,
          recorded: req.query.recorded === '1',
          canGrade: can(req.user!.roles, 'thrive:grade'),
          canConcern: can(req.user!.roles, 'concern:create'),
          // Issue #5: on to the next DRMM's agenda (or another meeting's), for those who build agendas.
          agenda: can(req.user!.roles, 'meeting:manage')
            ? await services.agenda.forReferral(partnershipOf(req), found.child.id, found.child.district_id)
            : undefined,
        });
      },
    },
    {
      // Opens the actor's THRIVE draft for the child, starting one if there is none.
      method: 'get',
      path: '/children/:id/thrive/new',
      access: 'thrive:grade',
      audit: 'assessment.create',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const draft = isUuid(id) ? await llr.startThrive(actorOf(req), id) : undefined;
        if (!draft) return notFound(res);
        res.redirect(303, paths.llr.thriveRecord(draft.id));
      },
    },
    {
      method: 'get',
      path: '/thrive/:id',
      access: 'assessment:read',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const record = isUuid(id) ? await llr.viewThrive(actorOf(req), id) : undefined;
        if (!record) return notFound(res);
        if (record.a.status === 'draft' && can(req.user!.roles, 'thrive:grade')) {
          return renderThriveForm(req, res, { record, values: thriveValues(record.a.content), saved: req.query.saved === '1' });
        }
        await renderThrive(req, res, record, { outcomeRecorded: req.query.outcome === '1', leadTold: isEmail(record.child.lead_professional_contact) });
      },
    },
    {
      method: 'post',
      path: '/thrive/:id',
      access: 'thrive:grade',
      audit: 'assessment.save',
      handler: (req: Request, res: Response) => postThrive(req, res, false),
    },
    {
      method: 'post',
      path: '/thrive/:id/submit',
      access: 'thrive:grade',
      audit: 'assessment.submit',
      handler: (req: Request, res: Response) => postThrive(req, res, true),
    },
    {
      method: 'get',
      path: '/thrive/:id/confirmation',
      access: 'assessment:read',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const record = isUuid(id) ? await llr.viewThrive(actorOf(req), id) : undefined;
        if (!record) return notFound(res);
        if (record.a.status !== 'submitted') return res.redirect(303, paths.llr.thriveRecord(id));
        res.render('llr/views/thrive-confirmation.njk', {
          ...common(req),
          child: record.child,
          a: record.a,
          c: record.a.content,
          referral: record.referral,
          ruleText: readable(record.a.content.npaDecision?.sentence),
          area: record.child.district_id ? names(partnershipOf(req)).district[record.child.district_id] : undefined,
          canOutcome: can(req.user!.roles, 'npa:record-outcome'),
        });
      },
    },
    {
      method: 'get',
      path: '/npa-referrals/:id/outcome',
      access: 'npa:record-outcome',
      audit: 'npa-referral.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const found = isUuid(id) ? await llr.viewReferral(actorOf(req), id) : undefined;
        if (!found) return notFound(res);
        await renderOutcome(req, res, found);
      },
    },
    {
      method: 'post',
      path: '/npa-referrals/:id/outcome',
      access: 'npa:record-outcome',
      audit: 'npa-referral.outcome',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const actor = actorOf(req);
        const read = readBody(outcomeForm, req.body);
        const values = outcomeValues(req.body ?? {});
        const version = versionOf(objectOf(req.body)) ?? NaN;
        const errors = [
          ...(read.errors ?? []),
          ...(Number.isInteger(version) ? [] : [{ field: 'version', message: 'The form is out of date: reload the page' }]),
        ];
        if (!read.ok || errors.length) {
          const found = await llr.viewReferral(actor, id);
          if (!found) return notFound(res);
          return renderOutcome(req, res, found, { values, errors: formErrors(errors), status: 400, version: Number.isInteger(version) ? version : undefined });
        }
        const o = read.data;
        const result = await llr.recordOutcome(actor, id, version, {
          outcome: o.outcome,
          detail: (o.outcome === 'work-done' ? o.workDone : o.rationale) ?? null,
        });
        if (!result.ok) {
          if (result.reason === 'not-found') return notFound(res);
          const found = (await llr.viewReferral(actor, id))!;
          if (result.reason === 'already-recorded') {
            return renderOutcome(req, res, found, {
              values,
              errors: {
                list: [{ text: 'The NPA’s outcome has already been recorded for this referral: your entry has not been saved', href: '#recorded-outcome' }],
                byField: {},
              },
              status: 400,
            });
          }
          return renderOutcome(req, res, found, { values, conflict: true, status: 409 });
        }
        res.redirect(303, `${paths.llr.thriveRecord(result.referral.assessment_id)}?outcome=1`);
      },
    },
  ];
}
