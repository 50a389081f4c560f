import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { paths } from '../../paths.ts';
import { RFM_INDICATORS, CONSENT_QUESTIONS, RFM_NOTICES, PROFESSIONAL_JUDGEMENT, RAG_RATINGS } from '../../domain/rfm/indicators.ts';
import { bandRuleStatement, MAX_REVIEWS, renewalStatus } from '../../domain/rfm/scoring.ts';
import { todayIso } from '../../platform/dates.ts';
import { assessmentNames } from '../../domain/risk/levels.ts';
import { str, isUuid } from '../../platform/validation.ts';

/** Where each instrument's own pages live (an instrument without read-only page of its own uses /assessments/:id). */
const editPath: Record<string, (id: string) => string> = { rfm: paths.rfm.taskList, vat: paths.vat.edit, thrive: paths.llr.thriveRecord };

export function assessmentRoutes({ services }: AppDeps): RouteSpec[] {
  const assessments = services.assessments;
  const rfm = services.rfm;
  const names = (req: Request) => {
    const p = partnershipOf(req);
    return { district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])), agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])) };
  };
  return [
    {
      method: 'get',
      path: '/children/:id/assessments',
      access: 'assessment:read',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const page = isUuid(id) ? await assessments.childPage(actorOf(req), partnershipOf(req), id) : undefined;
        if (!page) return notFound(res);
        const [list, history] = [await assessments.forChild(actorOf(req), id), await assessments.riskHistory(req.user!.partnershipId, id)];
        res.render('assessments/views/list.njk', {
          ...page,
          list,
          history,
          instrumentNames: assessmentNames,
          names: names(req),
          canAudit: can(req.user!.roles, 'audit:read'),
          editPath,
        });
      },
    },
    {
      method: 'get',
      path: '/assessments/:id',
      access: 'assessment:read',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const found = isUuid(id) ? await assessments.get(actorOf(req), id) : undefined;
        if (!found) return notFound(res);
        const { a, child } = found;
        if (a.instrument !== 'rfm') return res.redirect(303, (editPath[a.instrument] ?? paths.assessments.show)(a.id));
        if (a.status === 'draft') return res.redirect(303, paths.rfm.taskList(a.id));
        const [reviews, steps, versions] = [
          await rfm.reviews(req.user!.partnershipId, id),
          await rfm.steps(req.user!.partnershipId, id),
          await assessments.versions(actorOf(req), a),
        ];
        res.render('assessments/views/rfm.njk', {
          a,
          child,
          reviews,
          steps,
          versions,
          maxReviews: MAX_REVIEWS,
          renewal: renewalStatus(a.completed_on!, todayIso()),
          canWrite: can(req.user!.roles, 'assessment:write'),
          reviewed: str(req.query.reviewed),
          text: { RFM_INDICATORS, CONSENT_QUESTIONS, RFM_NOTICES, PROFESSIONAL_JUDGEMENT, RAG_RATINGS, bandRule: bandRuleStatement() },
          names: names(req),
        });
      },
    },
    {
      method: 'post',
      path: '/assessments/:id/amend',
      access: 'assessment:write',
      audit: 'assessment.amend',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const a = isUuid(id) ? await assessments.amend(actorOf(req), id) : undefined;
        if (!a) return notFound(res);
        res.redirect(303, (editPath[a.instrument] ?? paths.assessments.show)(a.id));
      },
    },
  ];
}
