import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, formErrors, isUuid, readBody, objectOf, type FormErrors } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { RISK_TYPES, asksRiskType, riskLevelNames, riskTypeNames, instrumentShortNames } from '../../domain/risk/levels.ts';
import { ceMeetingKinds, scheduleRules, REVIEWS_PAGE_SIZE, type DashboardFilter } from './service.ts';
import { pageNumber, paginationFor } from '../../platform/pagination.ts';
import { CE_OUTCOMES, ceForm, ceValues, ceAnchors } from './schemas.ts';

const kindNames: Record<string, string> = {
  review: 'Review',
  'rfm-renewal': 'RFM renewal',
  'ce-risk-assessment': 'CE risk assessment',
};
const statusNames: Record<string, string> = { overdue: 'Overdue', 'due-soon': 'Due soon', later: 'Not yet due' };

/** The kinds of due item this partnership has (DOMAIN §3.2, §4, §5, §6). */
function kindsOf(p: PartnershipConfig): string[] {
  const r = scheduleRules(p);
  return ['review', ...(r.rfmRenewal ? ['rfm-renewal'] : []), ...(r.ceAssessment ? ['ce-risk-assessment'] : [])];
}

/** The dashboard's filter from the query: anything unknown falls back to the default. */
function readFilter(p: PartnershipConfig, query: Record<string, unknown>): DashboardFilter {
  const district = str(query.district);
  const show = str(query.show);
  const kind = str(query.kind);
  return {
    district: p.districts.some((d) => d.id === district) ? district : '',
    show: show === 'overdue' || show === 'all' ? show : 'due',
    kind: kindsOf(p).includes(kind) ? (kind as DashboardFilter['kind']) : '',
    page: pageNumber(query.page),
  };
}

/** What is due and overdue: reviews, assessments, deadlines (DOMAIN §3.2, §4, §5, §6, §7). */
export function reviewRoutes({ services }: AppDeps): RouteSpec[] {
  const reviews = services.reviews;

  const renderCe = async (req: Request, res: Response, o: { values?: Record<string, unknown>; errors?: FormErrors; status?: number } = {}) => {
    const id = str(req.params.id);
    const p = partnershipOf(req);
    if (!isUuid(id) || !p.assessmentTools.includes('vat')) return notFound(res);
    const form = await reviews.ceForm(actorOf(req), p, id, todayIso());
    if (!form) return notFound(res);
    const values = (o.values ?? { meetingKind: '', agencyId: req.user!.agencyId, completedOn: { day: '', month: '', year: '' } }) as Record<string, unknown> & {
      outcome?: string;
      riskType?: string;
    };
    res.status(o.status ?? 200).render('reviews/views/ce-assessment.njk', {
      child: form.child,
      risk: form.risk,
      names: { district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])) },
      canAudit: can(req.user!.roles, 'audit:read'),
      due: form.due,
      updates: form.updates,
      values,
      errors: o.errors,
      notice: str(req.query.done) === 'recorded',
      meetingKinds: ceMeetingKinds.map((k) => ({ value: k.value, text: k.text, checked: k.value === values.meetingKind })),
      meetingKindNames: Object.fromEntries(ceMeetingKinds.map((k) => [k.value, k.text])),
      agencyNames: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])),
      agencyItems: [{ value: '', text: 'Choose an agency' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.agencyId }))],
      // 002 §4.7: the outcome, none chosen; after it, the type of exploitation discussed, asked at the outcomes the partnership lists.
      outcomes: CE_OUTCOMES.map((level) => ({ value: level, text: riskLevelNames[level], checked: level === values.outcome })),
      typeAskedAt: [...CE_OUTCOMES]
        .reverse()
        .filter((l) => asksRiskType(l, p.riskTypeLevels))
        .map((l) => riskLevelNames[l].toLowerCase()),
      typeNotAskedAt: [...CE_OUTCOMES]
        .reverse()
        .filter((l) => !asksRiskType(l, p.riskTypeLevels))
        .map((l) => riskLevelNames[l].toLowerCase()),
      riskTypes: RISK_TYPES.map((t) => ({ value: t, text: riskTypeNames[t], checked: t === values.riskType })),
      outcomeNames: riskLevelNames,
      riskTypeNames,
    });
  };

  return [
    {
      method: 'get',
      path: '/reviews',
      access: 'review:read',
      audit: 'review.read',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const f = readFilter(p, req.query as Record<string, unknown>);
        const today = todayIso();
        const { rows, counts, total, page, pages } = await reviews.dashboard(actorOf(req), p, f, today);
        const districtNames = Object.fromEntries(p.districts.map((d) => [d.id, d.name]));
        res.render('reviews/views/index.njk', {
          filter: f,
          rows,
          counts,
          total,
          page,
          pageSize: REVIEWS_PAGE_SIZE,
          pagination: paginationFor(page, pages, (n) => paths.reviews.index({ district: f.district, show: f.show, kind: f.kind, page: n })),
          today,
          kindNames,
          statusNames,
          levelNames: riskLevelNames,
          instrumentNames: instrumentShortNames,
          districtNames,
          canSeeChildren: can(req.user!.roles, 'child:read'),
          canRecordCe: p.assessmentTools.includes('vat') && can(req.user!.roles, 'assessment:write'),
          filtered: !!f.district || f.show !== 'due' || !!f.kind,
          districts: [{ value: '', text: 'All districts' }, ...p.districts.map((d) => ({ value: d.id, text: d.name, selected: d.id === f.district }))],
          shows: [
            { value: 'due', text: 'Overdue and due soon', selected: f.show === 'due' },
            { value: 'overdue', text: 'Overdue only', selected: f.show === 'overdue' },
            { value: 'all', text: 'Everything scheduled', selected: f.show === 'all' },
          ],
          kinds: [{ value: '', text: 'Everything' }, ...kindsOf(p).map((k) => ({ value: k, text: kindNames[k], selected: k === f.kind }))],
        });
      },
    },
    {
      method: 'get',
      path: '/reviews/children/:id/ce-risk-assessment',
      access: 'assessment:write',
      audit: 'review.ce-assessment.view',
      handler: (req: Request, res: Response) => renderCe(req, res),
    },
    {
      method: 'post',
      path: '/reviews/children/:id/ce-risk-assessment',
      access: 'assessment:write',
      audit: 'review.ce-assessment.record',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const p = partnershipOf(req);
        if (!isUuid(id) || !p.assessmentTools.includes('vat')) return notFound(res);
        const values = ceValues(objectOf(req.body));
        const read = readBody(ceForm(p, todayIso()), req.body);
        if (!read.ok) return renderCe(req, res, { values, errors: formErrors(read.errors, ceAnchors), status: 400 });
        const recorded = await reviews.recordCe(actorOf(req), p, id, read.data);
        if (!recorded) return notFound(res);
        res.redirect(303, `${paths.reviews.ceAssessment(id)}?done=recorded`);
      },
    },
  ];
}
