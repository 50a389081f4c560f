import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, readBody, formErrors, readDateInput, datePartsOf, isRealDate, objectOf, type FormErrors, isUuid } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import {
  RFM_INDICATORS,
  CONSENT_QUESTIONS,
  RFM_NOTICES,
  PROFESSIONAL_JUDGEMENT,
  RAG_RATINGS,
  COMPLETION_GUIDANCE,
  INDICATOR_INSTRUCTION,
  EVIDENCE_COLUMN_LABEL,
  REVIEW_FIELDS,
} from '../../domain/rfm/indicators.ts';
import { bandRuleStatement, effectiveBandRanges, MAX_REVIEWS } from '../../domain/rfm/scoring.ts';
import { PARTS, isPart, partSchemas, partContent, withPart, partStatus, allComplete, readPartForm, DATE_FIELDS, type PartId } from './content.ts';
import { runningTotals, RfmIncomplete } from './finalise.ts';
import { reviewForm, reviewValues, stepForm, stepValues, missingEpisodeForm, missingValues, missingAnchors, referralForm, referralValues } from './schemas.ts';
import type { AssessmentRow } from '../assessments/repository.ts';

const statusText = { 'not-started': 'Not yet started', 'in-progress': 'In progress', completed: 'Completed' } as const;

/** What every RFM page needs to show the form's own words. */
const formText = {
  RFM_INDICATORS,
  CONSENT_QUESTIONS,
  RFM_NOTICES,
  PROFESSIONAL_JUDGEMENT,
  RAG_RATINGS,
  COMPLETION_GUIDANCE,
  INDICATOR_INSTRUCTION,
  EVIDENCE_COLUMN_LABEL,
  PARTS,
  bandRule: bandRuleStatement(),
  bandRanges: effectiveBandRanges(),
};

export function rfmRoutes({ services }: AppDeps): RouteSpec[] {
  const rfm = services.rfm;
  const names = (req: Request) => {
    const p = partnershipOf(req);
    return { district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])), agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])) };
  };

  /** Loads an RFM draft the user may edit, or answers for them. */
  async function loadDraft(req: Request, res: Response, action = 'assessment.view') {
    const id = str(req.params.id);
    const found = isUuid(id) ? await rfm.assessments.get(actorOf(req), id, action) : undefined;
    if (!found || found.a.instrument !== 'rfm') {
      notFound(res);
      return undefined;
    }
    if (found.a.status !== 'draft') {
      res.redirect(303, paths.assessments.show(id));
      return undefined;
    }
    return found;
  }

  const renderPart = (
    req: Request,
    res: Response,
    a: AssessmentRow,
    child: unknown,
    part: PartId,
    values: Record<string, unknown>,
    errors?: FormErrors,
    status = 200,
    conflict = false,
  ) => {
    const dates: Record<string, unknown> = {};
    for (const d of DATE_FIELDS[part] ?? []) dates[d.field] = (values[`${d.field}Parts`] as object) ?? datePartsOf(values[d.field] as string);
    res.status(status).render('rfm/views/part.njk', {
      a,
      child,
      part,
      partTitle: PARTS.find((p) => p.id === part)!.title,
      values,
      dates,
      errors,
      conflict,
      totals: runningTotals(part.startsWith('indicators') ? withPart(a.content, part, values) : a.content),
      indicators: RFM_INDICATORS.filter((i) => (part === 'indicators-a' ? i.subtotal === 'A' : i.subtotal === 'B')),
      user: req.user,
      names: names(req),
      text: formText,
      scoredTotals: runningTotals(a.content),
      // Scores saved on the other indicator page, for the running totals in the browser.
      otherScores: Object.fromEntries(
        Object.entries((a.content.indicators ?? {}) as Record<string, { score?: string }>)
          .filter(([n, v]) => v.score !== undefined && v.score !== '' && (part === 'indicators-a' ? Number(n) > 7 : Number(n) <= 7))
          .map(([n, v]) => [n, Number(v.score)]),
      ),
      bandLabels: effectiveBandRanges().map((r) => ({ band: r.band, min: r.min, max: r.max, label: RAG_RATINGS.find((x) => x.band === r.band)!.text })),
    });
  };

  return [
    {
      method: 'get',
      path: '/children/:id/rfm/new',
      access: 'assessment:write',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const child = isUuid(id) ? await rfm.assessments.childFor(actorOf(req), id) : undefined;
        if (!child) return notFound(res);
        const drafts = (await rfm.assessments.forChild(actorOf(req), id, 'rfm')).filter((a) => a.status === 'draft');
        const current = await rfm.currentRfm(req.user!.partnershipId, id);
        const adult = rfm.adultRefusal(req.user!.partnershipId, child, 'an RFM');
        res.status(adult ? 409 : 200).render('rfm/views/start.njk', { child, drafts, current, adult, text: formText, maxReviews: MAX_REVIEWS });
      },
    },
    {
      method: 'post',
      path: '/children/:id/rfm/new',
      access: 'assessment:write',
      audit: 'assessment.create',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const child = isUuid(id) ? await rfm.assessments.childFor(actorOf(req), id) : undefined;
        if (!child) return notFound(res);
        // DOMAIN §3.4, §6: no RFM is started for a young person aged 18 or over.
        const adult = rfm.adultRefusal(req.user!.partnershipId, child, 'an RFM');
        if (adult) {
          await services.audit.refusal(actorOf(req), {
            action: 'assessment.create',
            outcome: 'failed',
            subjectType: 'child',
            subjectId: id,
            childId: id,
            details: { instrument: 'rfm', reason: '18 or over' },
          });
          return res.status(409).render('rfm/views/start.njk', { child, drafts: [], current: undefined, adult, text: formText, maxReviews: MAX_REVIEWS });
        }
        const a = await rfm.assessments.createDraft(actorOf(req), id, 'rfm', '2023');
        if (!a) return notFound(res);
        res.redirect(303, paths.rfm.taskList(a.id));
      },
    },
    {
      method: 'get',
      path: '/rfm/:id',
      access: 'assessment:write',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const found = await loadDraft(req, res);
        if (!found) return;
        const parts = PARTS.map((p) => ({ ...p, status: partStatus(found.a.content, p.id) }));
        res.render('rfm/views/task-list.njk', {
          a: found.a,
          child: found.child,
          parts,
          statusText,
          complete: allComplete(found.a.content),
          done: parts.filter((p) => p.status === 'completed').length,
          saved: req.query.saved === '1',
          text: formText,
        });
      },
    },
    {
      method: 'get',
      path: '/rfm/:id/check',
      access: 'assessment:write',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const found = await loadDraft(req, res);
        if (!found) return;
        if (!allComplete(found.a.content)) return res.redirect(303, paths.rfm.taskList(found.a.id));
        res.render('rfm/views/check.njk', {
          changeLinks: true,
          a: found.a,
          child: found.child,
          totals: runningTotals(found.a.content),
          text: formText,
          names: names(req),
        });
      },
    },
    {
      method: 'post',
      path: '/rfm/:id/submit',
      access: 'assessment:write',
      audit: 'assessment.submit',
      handler: async (req: Request, res: Response) => {
        const found = await loadDraft(req, res, 'assessment.submit');
        if (!found) return;
        const version = versionOf(objectOf(req.body)) ?? NaN;
        try {
          const result = await rfm.submit(actorOf(req), found.a.id, version);
          if (!result.ok && result.reason === 'conflict') {
            return res.status(409).render('rfm/views/check.njk', {
              changeLinks: true,
              a: result.current,
              child: found.child,
              totals: runningTotals(result.current.content),
              text: formText,
              names: names(req),
              conflict: true,
            });
          }
          if (!result.ok) return notFound(res);
          res.redirect(303, paths.rfm.confirmation(found.a.id));
        } catch (err) {
          if (!(err instanceof RfmIncomplete)) throw err;
          res.status(400).render('rfm/views/check.njk', {
            changeLinks: true,
            a: found.a,
            child: found.child,
            totals: runningTotals(found.a.content),
            text: formText,
            names: names(req),
            errors: formErrors([{ field: 'submit', message: err.message }]),
          });
        }
      },
    },
    {
      method: 'get',
      path: '/rfm/:id/confirmation',
      access: 'assessment:read',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const found = isUuid(id) ? await rfm.assessments.get(actorOf(req), id) : undefined;
        if (!found || found.a.instrument !== 'rfm' || found.a.status !== 'submitted') return notFound(res);
        res.render('rfm/views/confirmation.njk', {
          a: found.a,
          child: found.child,
          steps: await rfm.steps(req.user!.partnershipId, id),
          text: formText,
          partnership: partnershipOf(req),
        });
      },
    },
    {
      method: 'get',
      path: '/rfm/:id/review',
      access: 'assessment:write',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const found = isUuid(id) ? await rfm.assessments.get(actorOf(req), id) : undefined;
        if (!found || found.a.instrument !== 'rfm' || found.a.status !== 'submitted') return notFound(res);
        const reviews = await rfm.reviews(req.user!.partnershipId, id);
        res.render('rfm/views/review.njk', {
          a: found.a,
          child: found.child,
          reviews,
          values: { reviewerName: req.user!.displayName, reviewerContact: req.user!.email },
          dates: { dateOfReview: {} },
          fields: REVIEW_FIELDS,
          heading: `Review ${reviews.length + 1} of the Risk Factor Matrix`,
          limit: reviews.length >= MAX_REVIEWS,
          text: formText,
        });
      },
    },
    {
      method: 'post',
      path: '/rfm/:id/review',
      access: 'assessment:write',
      audit: 'rfm.review',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const found = isUuid(id) ? await rfm.assessments.get(actorOf(req), id, 'rfm.review') : undefined;
        if (!found || found.a.instrument !== 'rfm' || found.a.status !== 'submitted') return notFound(res);
        const values = reviewValues(objectOf(req.body));
        const dates = { dateOfReview: readDateInput(objectOf(req.body), 'dateOfReview', 'Date of this review').parts };
        const read = readBody(reviewForm(found.a.completed_on!, todayIso()), req.body);
        const reviews = await rfm.reviews(req.user!.partnershipId, id);
        const rerender = (e: FormErrors, status: number) =>
          res.status(status).render('rfm/views/review.njk', {
            a: found.a,
            child: found.child,
            reviews,
            values,
            dates,
            fields: REVIEW_FIELDS,
            heading: `Review ${reviews.length + 1} of the Risk Factor Matrix`,
            limit: reviews.length >= MAX_REVIEWS,
            errors: e,
            text: formText,
          });
        if (!read.ok) return rerender(formErrors(read.errors, { dateOfReview: 'dateOfReview-day' }), 400);
        const result = await rfm.addReview(actorOf(req), id, read.data);
        if (!result.ok && result.reason === 'limit') return rerender(formErrors([{ field: 'review', message: result.message }]), 409);
        if (!result.ok) return notFound(res);
        res.redirect(303, `${paths.assessments.show(id)}?reviewed=${result.reviewNumber}`);
      },
    },
    {
      method: 'get',
      path: '/rfm/:id/pathway',
      access: 'assessment:read',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const found = isUuid(id) ? await rfm.assessments.get(actorOf(req), id) : undefined;
        if (!found || found.a.instrument !== 'rfm' || found.a.status !== 'submitted') return notFound(res);
        res.render('rfm/views/pathway.njk', {
          a: found.a,
          child: found.child,
          steps: await rfm.steps(req.user!.partnershipId, id),
          canRecord: can(req.user!.roles, 'assessment:write'),
          values: {},
          dates: {},
        });
      },
    },
    {
      method: 'post',
      path: '/rfm/:id/pathway/:stepId',
      access: 'assessment:write',
      audit: 'rfm.pathway.record',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const stepId = str(req.params.stepId);
        const found = isUuid(id) && isUuid(stepId) ? await rfm.assessments.get(actorOf(req), id, 'rfm.pathway.record') : undefined;
        if (!found) return notFound(res);
        const { values, dates } = stepValues(objectOf(req.body), stepId);
        const read = readBody(stepForm(stepId, todayIso()), req.body);
        const steps = await rfm.steps(req.user!.partnershipId, id);
        const rerender = (errs: FieldError[], code: number) =>
          res.status(code).render('rfm/views/pathway.njk', {
            a: found.a,
            child: found.child,
            steps,
            canRecord: true,
            editing: stepId,
            values,
            dates,
            errors: formErrors(errs, { [`takenOn-${stepId}`]: `takenOn-${stepId}-day` }),
          });
        if (!read.ok) return rerender(read.errors, 400);
        const result = await rfm.recordStep(actorOf(req), stepId, read.data);
        if (!result.ok && result.reason === 'required')
          return rerender([{ field: `status-${stepId}`, message: 'This step is required: it stays open on the child’s record until it is done' }], 400);
        if (!result.ok) return notFound(res);
        res.redirect(303, paths.rfm.pathway(id));
      },
    },
    {
      method: 'get',
      path: '/rfm/:id/:part',
      access: 'assessment:write',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const part = str(req.params.part);
        if (!isPart(part)) return notFound(res);
        const found = await loadDraft(req, res);
        if (!found) return;
        const values = partContent(found.a.content, part);
        if (part === 'section-c' && !Object.keys(values).length) Object.assign(values, { name: req.user!.displayName, email: req.user!.email });
        renderPart(req, res, found.a, found.child, part, values);
      },
    },
    {
      // Every post saves what was typed into the draft first, so nothing is lost; then validates.
      method: 'post',
      path: '/rfm/:id/:part',
      access: 'assessment:write',
      audit: 'assessment.save',
      handler: async (req: Request, res: Response) => {
        const part = str(req.params.part);
        if (!isPart(part)) return notFound(res);
        const found = await loadDraft(req, res, 'assessment.save');
        if (!found) return;
        const body = (req.body ?? {}) as Record<string, unknown>;
        const { values, dateParts, dateErrors } = readPartForm(part, body);
        const version = versionOf(body) ?? NaN;
        const action = str(body.action);
        const sectionA = part === 'section-a' ? (values as { completedOn?: string; riskType?: string }) : {};
        const saved = await rfm.assessments.saveDraft(actorOf(req), found.a.id, version, withPart(found.a.content, part, values), {
          completedOn: sectionA.completedOn && isRealDate(sectionA.completedOn) && sectionA.completedOn <= todayIso() ? sectionA.completedOn : null,
          riskType: sectionA.riskType && ['CSE', 'CCE', 'Dual'].includes(sectionA.riskType) ? sectionA.riskType : null,
        });
        if (action === 'autosave' || req.accepts(['html', 'json']) === 'json') {
          if (!saved.ok) return res.status(saved.reason === 'conflict' ? 409 : 404).json({ saved: false, reason: saved.reason });
          return res.json({ saved: true, version: saved.assessment.version });
        }
        if (!saved.ok && saved.reason === 'conflict') {
          return renderPart(
            req,
            res,
            saved.current,
            found.child,
            part,
            { ...values, ...dateParts },
            formErrors([{ field: 'conflict', message: 'Someone else saved this RFM while you were working on it: check the answers below and save again' }]),
            409,
            true,
          );
        }
        if (!saved.ok) return notFound(res);
        if (action === 'draft') return res.redirect(303, `${paths.rfm.taskList(found.a.id)}?saved=1`);
        const read = readBody(partSchemas[part], values);
        const errors = [...dateErrors, ...(read.ok ? [] : read.errors.filter((e) => !dateErrors.some((d) => d.field === e.field)))];
        if (errors.length) {
          const anchors: Record<string, string> = {};
          for (const d of DATE_FIELDS[part] ?? []) anchors[d.field] = `${d.field}-day`;
          for (const e of errors) if (/^\d+\.score$/.test(e.field)) anchors[e.field] = `score-${e.field.split('.')[0]}`;
          for (const e of errors) if (/^\d+\./.test(e.field)) e.field = e.field.replace(/^(\d+)\.(\w+)$/, '$2-$1');
          for (const e of errors) if (/^score-\d+$/.test(e.field)) anchors[e.field] = e.field;
          return renderPart(req, res, saved.assessment, found.child, part, { ...values, ...dateParts }, formErrors(errors, anchors), 400);
        }
        const next = PARTS[PARTS.findIndex((p) => p.id === part) + 1];
        res.redirect(
          303,
          next && partStatus(saved.assessment.content, next.id) !== 'completed'
            ? paths.rfm.part(found.a.id, next.id)
            : allComplete(saved.assessment.content)
              ? paths.rfm.check(found.a.id)
              : paths.rfm.taskList(found.a.id),
        );
      },
    },
    {
      method: 'get',
      path: '/children/:id/missing',
      access: 'child:read',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const page = isUuid(id) ? await rfm.assessments.childPage(actorOf(req), partnershipOf(req), id) : undefined;
        if (!page) return notFound(res);
        res.render('rfm/views/missing.njk', {
          risk: page.risk,
          child: page.child,
          episodes: await rfm.missingEpisodes(req.user!.partnershipId, id),
          values: {},
          dates: { from: {}, to: {} },
          canRecord: can(req.user!.roles, 'child:update'),
          prompt: req.query.prompt ? Number(req.query.prompt) : undefined,
          names: names(req),
          canAudit: can(req.user!.roles, 'audit:read'),
        });
      },
    },
    {
      method: 'post',
      path: '/children/:id/missing',
      access: 'child:update',
      audit: 'missing.add',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const page = isUuid(id) ? await rfm.assessments.childPage(actorOf(req), partnershipOf(req), id, 'missing.add') : undefined;
        if (!page) return notFound(res);
        const read = readBody(missingEpisodeForm(todayIso()), req.body);
        if (!read.ok) {
          const { values, dates } = missingValues(objectOf(req.body));
          return res.status(400).render('rfm/views/missing.njk', {
            risk: page.risk,
            child: page.child,
            episodes: await rfm.missingEpisodes(req.user!.partnershipId, id),
            values,
            dates,
            canRecord: true,
            errors: formErrors(read.errors, missingAnchors),
            names: names(req),
            canAudit: can(req.user!.roles, 'audit:read'),
          });
        }
        const r = await rfm.addMissingEpisode(actorOf(req), id, read.data.episode, read.data.columns);
        res.redirect(303, `${paths.missing.forChild(id)}${r.prompt ? `?prompt=${r.episode}` : ''}`);
      },
    },
    {
      method: 'get',
      path: '/children/:id/ce-referral',
      access: 'assessment:write',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const child = isUuid(id) ? await rfm.assessments.childFor(actorOf(req), id) : undefined;
        if (!child) return notFound(res);
        const current = await rfm.currentRfm(req.user!.partnershipId, id);
        const adult = rfm.adultRefusal(req.user!.partnershipId, child, 'a CE referral');
        const ok = !adult && rfm.isRfmRecentEnough(req.user!.partnershipId, current?.lastUpdated);
        res.status(ok ? 200 : 409).render('rfm/views/referral.njk', {
          child,
          current,
          ok,
          adult,
          values: { referrerName: req.user!.displayName, referrerEmail: req.user!.email },
          dates: {},
          names: names(req),
        });
      },
    },
    {
      method: 'post',
      path: '/children/:id/ce-referral',
      access: 'assessment:write',
      audit: 'referral.create',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const child = isUuid(id) ? await rfm.assessments.childFor(actorOf(req), id, 'referral.create') : undefined;
        if (!child) return notFound(res);
        const current = await rfm.currentRfm(req.user!.partnershipId, id);
        const adult = rfm.adultRefusal(req.user!.partnershipId, child, 'a CE referral');
        if (adult || !rfm.isRfmRecentEnough(req.user!.partnershipId, current?.lastUpdated)) {
          return res.status(409).render('rfm/views/referral.njk', { child, current, ok: false, adult, values: {}, dates: {}, names: names(req) });
        }
        const read = readBody(referralForm(todayIso()), req.body);
        if (!read.ok) {
          const { values, dates } = referralValues(objectOf(req.body));
          return res.status(400).render('rfm/views/referral.njk', {
            child,
            current,
            ok: true,
            values,
            dates,
            errors: formErrors(read.errors, { consentDate: 'consentDate-day' }),
            names: names(req),
          });
        }
        await rfm.createReferral(actorOf(req), child, current!.assessment.id, { ...read.data, date: todayIso() });
        res.redirect(303, `${paths.children.show(id)}?referred=1`);
      },
    },
  ];
}
