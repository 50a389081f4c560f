import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, formErrors, readBody, objectOf, type FormErrors, isUuid } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { paths } from '../../paths.ts';
import { VAT_BANDS, VAT_MAX_ADJUSTMENT, VAT_WINDOW_MONTHS, vatOutcome, type VatBand, type VatScore } from '../../domain/vat/vat.ts';
import type { AssessmentRow } from '../assessments/repository.ts';
import type { ChildRow } from '../children/repository.ts';
import { scoredResultOf } from './service.ts';
import {
  PLACING_AUTHORITY_MAX,
  checkContent,
  contentOf,
  formAnchor,
  formValuesOf,
  groupFactors,
  rescoreNote,
  scoreContent,
  type VatConfig,
  type VatContent,
  type VatFormValues,
} from './content.ts';
import { decisionForm, startForm, startValues, startAnchors, vatForm, vatValues } from './schemas.ts';
import { riskTypeMessage } from './service.ts';
import { RISK_TYPES, riskTypeNames, type RiskType } from '../../domain/risk/levels.ts';

const bandTag: Record<VatBand, string> = { low: 'govuk-tag--green', medium: 'govuk-tag--orange', high: 'govuk-tag--red' };
const bandLabel = (b: string) => VAT_BANDS.find((x) => x.band === b)?.label ?? b;
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/** One shape for the result, whether scored live (a draft) or as stored with a submitted VAT. */
type ResultView = {
  factorScore: number;
  adjustment: string;
  rationale: string | null;
  total: number;
  band: VatBand;
  bandLabel: string;
  bandTag: string;
  scoredBand: VatBand;
  scoredBandLabel: string;
  bandText: string;
  messages: readonly string[];
  considerNrm: boolean;
  mustRemainOpen: boolean;
  window: { from: string; to: string };
  counted: { name: string; category: string; weight: number; latestEvidence: string; note?: string }[];
  notCounted: { name: string; date: string; reason: string }[];
  /** The type of exploitation recorded with a submitted decision. */
  riskTypeName?: string;
};

function resultView(
  r: {
    factorScore: number;
    adjustment: number;
    rationale: string | null;
    total: number;
    band: VatBand;
    window: { from: string; to: string };
    counted: { name: string; category: string; weight: number; latestEvidence: string; factor: string }[];
    notCounted: { name: string; date: string; reason: string }[];
  },
  notes: Record<string, string> = {},
): ResultView {
  const outcome = vatOutcome(r.band);
  const scoredBand: VatBand = Math.max(0, r.factorScore) >= 70 ? 'high' : Math.max(0, r.factorScore) >= 40 ? 'medium' : 'low';
  return {
    factorScore: r.factorScore,
    adjustment: signed(r.adjustment),
    rationale: r.rationale,
    total: r.total,
    band: r.band,
    bandLabel: bandLabel(r.band),
    bandTag: bandTag[r.band],
    scoredBand,
    scoredBandLabel: bandLabel(scoredBand),
    bandText: VAT_BANDS.find((b) => b.band === r.band)!.sourceText,
    messages: outcome.messages,
    considerNrm: outcome.considerNrm,
    mustRemainOpen: outcome.mustRemainOpenToSocialCare,
    window: r.window,
    counted: r.counted.map((c) => ({ ...c, note: notes[c.factor] })),
    notCounted: r.notCounted,
  };
}

function liveResult(s: VatScore, c: VatContent, config: VatConfig): ResultView {
  const name = (id: string) => config.factors.find((f) => f.id === id)?.name ?? id;
  const notes = Object.fromEntries(
    c.evidence
      .filter((e) => e.note)
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .map((e) => [e.factor, e.note!]),
  );
  return resultView(
    {
      factorScore: s.factorScore,
      adjustment: s.adjustment,
      rationale: s.rationale,
      total: s.total,
      band: s.band,
      window: s.window,
      counted: s.counted.map((x) => ({
        factor: x.factor.id,
        name: x.factor.name,
        category: x.factor.category,
        weight: x.factor.weight,
        latestEvidence: x.latestEvidence,
      })),
      notCounted: s.excluded.map((e) => ({ name: name(e.evidence.factor), date: e.evidence.date, reason: e.reason })),
    },
    notes,
  );
}

/** The stored VAT's result with the type of exploitation recorded with its decision (002 §4.7). */
function storedResult(a: AssessmentRow, config: VatConfig): ResultView | undefined {
  const r = storedScore(a, config);
  return r && a.risk_type ? { ...r, riskTypeName: riskTypeNames[a.risk_type] } : r;
}

function storedScore(a: AssessmentRow, config: VatConfig): ResultView | undefined {
  const r = a.scored_result as ReturnType<typeof scoredResultOf> | null;
  if (!r || !Array.isArray(r.counted)) return undefined;
  const c = contentOf(a.content);
  const notes = Object.fromEntries(
    c.evidence
      .filter((e) => e.note)
      .sort((x, y) => (x.date < y.date ? -1 : 1))
      .map((e) => [e.factor, e.note!]),
  );
  const names: Record<string, string> = {
    ...Object.fromEntries(config.factors.map((f) => [f.id, f.name])),
    ...Object.fromEntries(r.counted.map((x) => [x.factor, x.name])),
  };
  return resultView({ ...r, notCounted: (r.notCounted ?? []).map((n) => ({ ...n, name: names[n.factor] ?? n.factor })) }, notes);
}

export function vatRoutes({ services }: AppDeps): RouteSpec[] {
  const vat = services.vat;
  const common = (config: VatConfig) => ({
    example: config.example,
    exampleNote: config.note,
    windowMonths: VAT_WINDOW_MONTHS,
    maxAdjustment: VAT_MAX_ADJUSTMENT,
    bands: VAT_BANDS,
  });

  /** A VAT of the caller's partnership (the read audited), or undefined. */
  async function load(req: Request, action = 'assessment.view') {
    const config = vat.configFor(req.user!);
    const id = str(req.params.id);
    if (!config || !isUuid(id)) return undefined;
    const found = await vat.assessments.get(actorOf(req), id, action);
    if (!found || found.a.instrument !== 'vat') return undefined;
    return { ...found, config };
  }

  // ---- start ----

  type StartValues = { harmfulSexualBehaviour?: string; placed?: string; placingAuthority?: string };
  async function renderStart(req: Request, res: Response, child: ChildRow, config: VatConfig, values: StartValues, errors?: FormErrors, status = 200) {
    const draft = await vat.assessments.forChild(actorOf(req), child.id, 'vat').then((rows) => rows.find((r) => r.status === 'draft' && !r.amends_id));
    res.status(status).render('vat/views/start.njk', { child, values, errors, draft, ...common(config), placingAuthorityMax: PLACING_AUTHORITY_MAX });
  }

  // ---- the form ----

  type FormState = {
    a: AssessmentRow;
    child: ChildRow;
    config: VatConfig;
    values: VatFormValues;
    errors?: FormErrors;
    conflict?: AssessmentRow;
    version?: number;
  };
  async function renderForm(req: Request, res: Response, s: FormState, status = 200) {
    const previous = await vat.previousOf(actorOf(req), s.a);
    res.status(status).render('vat/views/form.njk', {
      a: s.a,
      child: s.child,
      groups: groupFactors(s.config.factors),
      values: s.values,
      errors: s.errors,
      conflict: s.conflict,
      version: s.version ?? s.a.version,
      previous,
      saved: req.query.saved === '1',
      ...common(s.config),
    });
  }

  /** The type of exploitation's radios (002 §4.7): none chosen until the chair chooses (the draft's own answer on an amendment). */
  const riskTypeItems = (chosen: string | undefined) => RISK_TYPES.map((t) => ({ value: t, text: riskTypeNames[t], checked: t === chosen }));

  async function renderCheck(
    req: Request,
    res: Response,
    s: { a: AssessmentRow; child: ChildRow; config: VatConfig; errors?: FieldError[]; conflict?: boolean; riskType?: string },
    status = 200,
  ) {
    const c = contentOf(s.a.content);
    const problems = s.errors ?? checkContent(c, s.config.factors, { requireAsOf: true });
    const score = scoreContent(c, s.config.factors);
    const previous = await vat.previousOf(actorOf(req), s.a);
    const result = score ? liveResult(score, c, s.config) : undefined;
    // The type of exploitation is on this page (the decision), every other answer on the form.
    const toForm = (f: FieldError) => ({
      text: f.message,
      href: f.field === 'riskType' ? '#riskType' : `${paths.vat.edit(s.a.id)}#${f.field.startsWith('evidence.') ? 'factors' : formAnchor(f.field)}`,
    });
    const typeError = s.errors?.find((e) => e.field === 'riskType');
    res.status(status).render('vat/views/check.njk', {
      a: s.a,
      child: s.child,
      content: c,
      result,
      rescore: score && previous && previous.completed_on !== c.asOf ? rescoreNote(score, previous, s.config.factors) : undefined,
      previous,
      // On a refused submission the error summary links back to the answers to change.
      errors: s.errors ? { list: s.errors.map(toForm), byField: typeError ? { riskType: { text: typeError.message } } : {} } : undefined,
      incomplete: !s.errors && problems.length ? problems.map(toForm) : undefined,
      conflict: s.conflict,
      asksRiskType: !!score && vat.asksRiskType(actorOf(req), score.band),
      riskTypes: riskTypeItems(s.riskType ?? c.riskType),
      ...common(s.config),
    });
  }

  async function renderShow(req: Request, res: Response, s: { a: AssessmentRow; child: ChildRow; config: VatConfig; refused?: boolean }, status = 200) {
    const c = contentOf(s.a.content);
    const score = s.a.status === 'draft' ? scoreContent(c, s.config.factors) : undefined;
    const result = s.a.status === 'submitted' ? storedResult(s.a, s.config) : score ? liveResult(score, c, s.config) : undefined;
    const previous = await vat.previousOf(actorOf(req), s.a);
    const versions = await vat.assessments.versions(actorOf(req), s.a);
    const live = score ?? (c.asOf ? scoreContent(c, s.config.factors) : undefined);
    const names = Object.fromEntries(s.config.factors.map((f) => [f.id, f.name]));
    res.status(status).render('vat/views/show.njk', {
      a: s.a,
      child: s.child,
      content: c,
      names,
      result,
      rescore: live && previous && previous.completed_on !== c.asOf ? rescoreNote(live, previous, s.config.factors) : undefined,
      previous,
      versions,
      next: vat.nextSteps(partnershipOf(req), s.a),
      refused: s.refused,
      submitted: req.query.submitted === '1' && s.a.status === 'submitted',
      canComplete: can(req.user!.roles, 'vat:complete'),
      ...common(s.config),
    });
  }

  return [
    {
      method: 'get',
      path: '/children/:id/vat/new',
      access: 'vat:complete',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const config = vat.configFor(req.user!);
        const id = str(req.params.id);
        if (!config || !isUuid(id)) return notFound(res);
        const child = await vat.assessments.childFor(actorOf(req), id);
        if (!child) return notFound(res);
        const scope = (await vat.scope(actorOf(req), id))!;
        const values: StartValues = {
          harmfulSexualBehaviour: scope.harmful_sexual_behaviour ? 'yes' : undefined,
          placed: scope.placing_authority ? 'yes' : undefined,
          placingAuthority: scope.placing_authority ?? '',
        };
        await renderStart(req, res, child, config, values);
      },
    },
    {
      method: 'post',
      path: '/children/:id/vat/new',
      access: 'vat:complete',
      audit: 'vat.start',
      handler: async (req: Request, res: Response) => {
        const config = vat.configFor(req.user!);
        const id = str(req.params.id);
        if (!config || !isUuid(id)) return notFound(res);
        const read = readBody(startForm, req.body);
        if (!read.ok) {
          const child = await vat.assessments.childFor(actorOf(req), id);
          if (!child) return notFound(res);
          return renderStart(req, res, child, config, startValues(objectOf(req.body)), formErrors(read.errors, startAnchors), 400);
        }
        const hsb = read.data.harmfulSexualBehaviour;
        const scope = await vat.scope(actorOf(req), id);
        const placingAuthority = hsb ? (scope?.placing_authority ?? null) : read.data.placingAuthority;
        const result = await vat.start(actorOf(req), id, { harmfulSexualBehaviour: hsb, placingAuthority });
        if (result.kind === 'not-found') return notFound(res);
        if (result.kind === 'turned-away') return res.redirect(303, paths.vat.notForMace(id));
        res.redirect(303, paths.vat.edit(result.assessment.id));
      },
    },
    {
      method: 'get',
      path: '/children/:id/vat/not-for-mace',
      access: 'vat:complete',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const config = vat.configFor(req.user!);
        const id = str(req.params.id);
        if (!config || !isUuid(id)) return notFound(res);
        const child = await vat.assessments.childFor(actorOf(req), id);
        if (!child) return notFound(res);
        const scope = await vat.scope(actorOf(req), id);
        if (!scope?.harmful_sexual_behaviour) return res.redirect(303, paths.vat.start(id));
        const route = partnershipOf(req).routes.find((r) => r.id === 'ymarac');
        res.render('vat/views/not-for-mace.njk', { child, route });
      },
    },
    {
      method: 'get',
      path: '/vat/:id',
      access: 'assessment:read',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const found = await load(req);
        if (!found) return notFound(res);
        if (found.a.status === 'draft' && can(req.user!.roles, 'vat:complete')) {
          return renderForm(req, res, { ...found, values: formValuesOf(contentOf(found.a.content), found.config.factors) });
        }
        return renderShow(req, res, found);
      },
    },
    {
      method: 'post',
      path: '/vat/:id',
      access: 'vat:complete',
      audit: 'assessment.save',
      handler: async (req: Request, res: Response) => {
        const found = await load(req);
        if (!found) return notFound(res);
        if (found.a.status !== 'draft') return renderShow(req, res, { ...found, refused: true }, 409);
        const body = objectOf(req.body);
        const base = contentOf(found.a.content);
        const read = readBody(vatForm(found.config.factors, base), body);
        const { values, version } = vatValues(body, found.config.factors, base);
        if (!read.ok) {
          const anchors = Object.fromEntries(read.errors.map((e) => [e.field, formAnchor(e.field)]));
          return renderForm(req, res, { ...found, values, errors: formErrors(read.errors, anchors), version }, 400);
        }
        const saved = await vat.save(actorOf(req), found.a.id, read.data.version, read.data.content);
        if (!saved.ok && saved.reason === 'not-found') return notFound(res);
        if (!saved.ok && saved.reason === 'not-draft') return renderShow(req, res, { ...found, refused: true }, 409);
        if (!saved.ok && saved.reason === 'conflict') {
          return renderForm(req, res, { ...found, a: saved.current, values, conflict: saved.current, version: saved.current.version }, 409);
        }
        if (str(body.action) === 'draft') return res.redirect(303, `${paths.vat.edit(found.a.id)}?saved=1`);
        res.redirect(303, paths.vat.check(found.a.id));
      },
    },
    {
      method: 'get',
      path: '/vat/:id/check',
      access: 'vat:complete',
      audit: 'assessment.view',
      handler: async (req: Request, res: Response) => {
        const found = await load(req);
        if (!found) return notFound(res);
        if (found.a.status !== 'draft') return res.redirect(303, paths.vat.edit(found.a.id));
        await renderCheck(req, res, found);
      },
    },
    {
      method: 'post',
      path: '/vat/:id/submit',
      access: 'vat:complete',
      audit: 'assessment.submit',
      handler: async (req: Request, res: Response) => {
        const found = await load(req);
        if (!found) return notFound(res);
        if (found.a.status !== 'draft') return renderShow(req, res, { ...found, refused: true }, 409);
        const version = versionOf(objectOf(req.body)) ?? NaN;
        if (!Number.isInteger(version)) return renderCheck(req, res, { ...found, conflict: true }, 409);
        // 002 §4.7: the type of exploitation with a medium or high decision (the band of the draft as saved; the service checks it again).
        const score = scoreContent(contentOf(found.a.content), found.config.factors);
        const posted = str(objectOf(req.body).riskType);
        const read = readBody(decisionForm(!!score && vat.asksRiskType(actorOf(req), score.band), riskTypeMessage), req.body);
        if (!read.ok) return renderCheck(req, res, { ...found, errors: read.errors, riskType: posted }, 400);
        const result = await vat.submit(actorOf(req), found.a.id, version, read.data.riskType as RiskType | null);
        if (result.ok) return res.redirect(303, `${paths.vat.edit(found.a.id)}?submitted=1`);
        if (result.reason === 'invalid') return renderCheck(req, res, { ...found, errors: result.errors, riskType: posted }, 400);
        if (result.reason === 'conflict') return renderCheck(req, res, { ...found, a: result.current, conflict: true }, 409);
        if (result.reason === 'not-draft') return renderShow(req, res, { ...found, refused: true }, 409);
        return notFound(res);
      },
    },
    {
      method: 'post',
      path: '/vat/:id/amend',
      access: 'vat:complete',
      audit: 'assessment.amend',
      handler: async (req: Request, res: Response) => {
        const found = await load(req);
        if (!found) return notFound(res);
        const draft = await vat.amend(actorOf(req), found.a.id);
        if (!draft) return renderShow(req, res, { ...found, refused: true }, 409);
        res.redirect(303, paths.vat.edit(draft.id));
      },
    },
  ];
}
