import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, apiNotFound, partnershipOf } from '../../platform/http.ts';
import { can, type Permission } from '../../platform/roles.ts';
import { problem, type FieldError } from '../../platform/problems.ts';
import { readBody, isUuid, isRealDate, type DocumentRead } from '../../platform/validation.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { validateScores, bandFor } from '../../domain/rfm/scoring.ts';
import { VAT_BANDS, VAT_MAX_ADJUSTMENT, VAT_WINDOW_MONTHS } from '../../domain/vat/vat.ts';
import { hsbMessage } from '../vat/service.ts';
import { contentOf, parseApiContent, scoreContent, vatConfigOf } from '../vat/content.ts';
import { RfmIncomplete } from '../rfm/finalise.ts';
import { readRfmApiDraft } from '../rfm/content.ts';
import { readThriveApiDraft } from '../llr/schemas.ts';
import type { ThriveContent } from '../llr/schemas.ts';
import { validateThriveGrading, THRIVE_GRADES } from '../../domain/thrive/thrive.ts';
import { todayIso } from '../../platform/dates.ts';
import { RISK_TYPES, isRiskType } from '../../domain/risk/levels.ts';
import type { AssessmentRow } from './repository.ts';
import { scoreRequest } from './schemas.ts';

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The instrument version a new draft records, for instruments whose version is not partnership configuration. */
const instrumentPermission: Record<string, Permission> = { vat: 'vat:complete', thrive: 'thrive:grade' };
const instrumentVersions: Record<string, string> = { rfm: '2023', thrive: '004' }; // as rfm/routes.ts and llr/service.ts record them

const assessmentJson = (a: AssessmentRow) => ({
  id: a.id,
  childId: a.child_id,
  instrument: a.instrument,
  instrumentVersion: a.instrument_version,
  status: a.status,
  version: a.version,
  seriesId: a.series_id,
  seriesVersion: a.series_version,
  amendsId: a.amends_id,
  superseded: !!a.superseded_at,
  completedOn: a.completed_on,
  scoredResult: a.scored_result,
  scoredLevel: a.scored_level,
  judgedLevel: a.judged_level,
  riskType: a.risk_type,
  primaryRisk: a.primary_risk,
  authorUserId: a.author_user_id,
  authorAgencyId: a.author_agency_id,
  content: a.content,
  createdAt: a.created_at,
  updatedAt: a.updated_at,
  submittedAt: a.submitted_at,
});

const versionErrors = (body: Record<string, unknown>): FieldError[] =>
  Number.isInteger(body.version) && (body.version as number) > 0 ? [] : [{ field: 'version', message: 'Send the version you read (a whole number)' }];

// ---- scoring without saving ----

/** RFM: totals and band from 14 indicator scores (DOMAIN §3.2). */
function scoreRfm(body: Record<string, unknown>) {
  if (!isObject(body.indicators)) return { errors: [{ field: 'indicators', message: 'indicators must be an object of scores 0 to 4 keyed "1" to "14"' }] };
  const v = validateScores(body.indicators);
  if (!v.ok) return { errors: v.errors.map((e) => ({ field: `indicators.${e.indicator}`, message: e.message })) };
  return { result: { totalA: v.totalA, totalB: v.totalB, total: v.total, band: bandFor(v.total) } };
}

/** VAT: the factor score from evidence in the six months before asOf, the adjustment, the total and its band (DOMAIN §4). */
function scoreVatRequest(body: Record<string, unknown>, p: PartnershipConfig) {
  const config = vatConfigOf(p)!;
  const { content, errors } = parseApiContent(
    { asOf: body.asOf, evidence: body.evidence, adjustment: body.adjustment, rationale: body.rationale },
    config.factors,
    true,
  );
  if (!content) return { errors };
  const s = scoreContent(content, config.factors)!;
  return { result: { factorScore: s.factorScore, adjustment: s.adjustment, total: s.total, band: s.band } };
}

/**
 * An RFM or THRIVE draft sent as JSON, read as its form would save it: incomplete is fine, malformed is refused
 * (unknown fields, or anything but the form's own shape). Other instruments' content is checked by their own code.
 */
function readFormDraft(instrument: string, content: Record<string, unknown>): DocumentRead<Record<string, unknown>> {
  if (instrument === 'rfm') return readRfmApiDraft(content);
  if (instrument === 'thrive') return readThriveApiDraft(content);
  return { content };
}
const malformedDraft = (res: Response, errors: FieldError[]) =>
  problem(res, 422, 'Invalid assessment', 'Nothing was saved: some fields are not part of the form or are not in the form’s shape.', errors);

export function assessmentApi({ services }: AppDeps): RouteSpec[] {
  const vat = services.vat;
  const assessments = services.assessments;
  const rfm = services.rfm;
  const llr = services.llr;

  /** The assessment to change, to choose its instrument's rules; an unknown id or another partnership's is audited as refused. */
  async function findFor(req: Request, id: string, action: string) {
    const a = isUuid(id) ? await assessments.find(req.user!.partnershipId, id) : undefined;
    if (!a && isUuid(id)) await assessments.get(actorOf(req), id, action);
    return a;
  }

  /**
   * Some instruments need more than assessment:write (DOMAIN §4: the chair completes the VAT; §5:
   * THRIVE is graded by those who may grade). A refusal here is audited like a route's.
   */
  async function refused(req: Request, res: Response, instrument: string, action: string, subjectId: string, subjectType = 'assessment') {
    const permission = instrumentPermission[instrument];
    if (!permission || can(req.user!.roles, permission)) return false;
    await services.audit.refusal(actorOf(req), { action, outcome: 'denied', subjectType, subjectId, details: { permission } });
    problem(res, 403, 'Forbidden', instrument === 'vat' ? 'Only the chair completes the Vulnerability Assessment Tool.' : 'Your role does not allow this.');
    return true;
  }

  return [
    {
      method: 'post',
      path: '/api/v1/assessments/score',
      access: 'signed-in',
      audit: 'none: scores without saving',
      api: true,
      handler: (req: Request, res: Response) => {
        const body = isObject(req.body) ? req.body : {};
        const head = readBody(scoreRequest, body);
        if (!head.ok) return problem(res, 422, 'Invalid request', 'Some fields are missing or invalid.', head.errors);
        if (head.data.partnership !== req.user!.partnershipId)
          return problem(res, 403, 'Forbidden', 'You may score only with your own partnership’s configuration.');
        const p = partnershipOf(req);
        if (!p.assessmentTools.includes(head.data.tool) || (head.data.tool === 'vat' && !vatConfigOf(p))) {
          return problem(res, 422, 'Invalid request', undefined, [
            { field: 'tool', message: `${p.shortName} does not use the ${head.data.tool.toUpperCase()}` },
          ]);
        }
        const out = head.data.tool === 'rfm' ? scoreRfm(body) : scoreVatRequest(body, p);
        if (!out.result) return problem(res, 422, 'Invalid request', 'Some fields are missing or invalid.', out.errors);
        res.json(out.result);
      },
    },
    {
      method: 'get',
      path: '/api/v1/partnerships/:id/tools/vat',
      access: 'signed-in',
      audit: 'none: partnership configuration, no personal data',
      api: true,
      handler: (req: Request, res: Response) => {
        const config = req.params.id === req.user!.partnershipId ? vatConfigOf(partnershipOf(req)) : undefined;
        if (!config) return problem(res, 404, 'Not found', 'Your partnership has no VAT configuration at that address.');
        res.json({
          partnership: req.user!.partnershipId,
          tool: 'vat',
          version: config.version,
          example: config.example,
          ...(config.note ? { note: config.note } : {}),
          factors: config.factors.map((f) => ({ id: f.id, name: f.name, weight: f.weight, category: f.category })),
          windowMonths: VAT_WINDOW_MONTHS,
          maxAdjustment: VAT_MAX_ADJUSTMENT,
          bands: VAT_BANDS.map((b) => ({ band: b.band, min: b.min, max: b.max })),
        });
      },
    },
    {
      method: 'get',
      path: '/api/v1/children/:id/assessments',
      access: 'assessment:read',
      audit: 'assessment.list',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const child = isUuid(id) ? await assessments.childFor(actorOf(req), id, 'assessment.list') : undefined;
        if (!child) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        const rows = await assessments.forChild(actorOf(req), id);
        res.json({ assessments: rows.map(assessmentJson) });
      },
    },
    {
      method: 'post',
      path: '/api/v1/children/:id/assessments',
      access: 'assessment:write',
      audit: 'assessment.create',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const p = partnershipOf(req);
        const body = isObject(req.body) ? req.body : {};
        const instrument = body.instrument;
        if (typeof instrument !== 'string' || !(p.assessmentTools as string[]).includes(instrument)) {
          return problem(res, 422, 'Invalid assessment', undefined, [
            { field: 'instrument', message: `instrument must be one your partnership uses: ${p.assessmentTools.join(', ')}` },
          ]);
        }
        if (body.content !== undefined && !isObject(body.content))
          return problem(res, 422, 'Invalid assessment', undefined, [{ field: 'content', message: 'content must be an object' }]);
        if (!isUuid(id)) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        if (await refused(req, res, instrument, 'assessment.create', id, 'child')) return;
        if (instrument === 'vat') {
          const config = vatConfigOf(p)!;
          const { content, errors } = parseApiContent(body.content ?? {}, config.factors, false);
          if (!content)
            return problem(
              res,
              422,
              'Invalid assessment',
              'Some fields are missing or invalid.',
              errors.map((e) => ({ ...e, field: `content.${e.field}` })),
            );
          const scope = await vat.scope(actorOf(req), id);
          if (!scope) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
          const hsb = content.harmfulSexualBehaviour ?? scope.harmful_sexual_behaviour;
          if (hsb) return problem(res, 422, 'Not for MACE', hsbMessage, [{ field: 'content.harmfulSexualBehaviour', message: hsbMessage }]);
          const placingAuthority = content.placingAuthority !== undefined ? content.placingAuthority : scope.placing_authority;
          const started = await vat.start(
            actorOf(req),
            id,
            { harmfulSexualBehaviour: false, placingAuthority: placingAuthority ?? null },
            { resume: false, initial: content },
          );
          if (started.kind !== 'draft') return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
          return res.status(201).location(`/api/v1/assessments/${started.assessment.id}`).json(assessmentJson(started.assessment));
        }
        const initial = readFormDraft(instrument, (body.content as Record<string, unknown>) ?? {});
        if (!initial.content) return malformedDraft(res, initial.errors);
        const a = await assessments.createDraft(actorOf(req), id, instrument, instrumentVersions[instrument] ?? instrument, initial.content);
        if (!a) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        res.status(201).location(`/api/v1/assessments/${a.id}`).json(assessmentJson(a));
      },
    },
    {
      method: 'get',
      path: '/api/v1/assessments/:id',
      access: 'assessment:read',
      audit: 'assessment.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const found = isUuid(id) ? await assessments.get(actorOf(req), id) : undefined;
        if (!found) return apiNotFound(res, 'assessment');
        res.json(assessmentJson(found.a));
      },
    },
    {
      method: 'put',
      path: '/api/v1/assessments/:id',
      access: 'assessment:write',
      audit: 'assessment.save',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const body = isObject(req.body) ? req.body : {};
        const errors = versionErrors(body);
        if (!isObject(body.content)) errors.push({ field: 'content', message: 'content must be an object' });
        if (errors.length) return problem(res, 422, 'Invalid assessment', 'Some fields are missing or invalid.', errors);
        const current = await findFor(req, id, 'assessment.save');
        if (!current) return apiNotFound(res, 'assessment');
        let content = body.content as Record<string, unknown>;
        let completedOn: string | null = null;
        if (await refused(req, res, current.instrument, 'assessment.save', id)) return;
        if (current.instrument === 'vat') {
          const config = vat.configFor(req.user!);
          if (!config) return apiNotFound(res, 'assessment');
          const parsed = parseApiContent(content, config.factors, false);
          if (!parsed.content)
            return problem(
              res,
              422,
              'Invalid assessment',
              'Some fields are missing or invalid.',
              parsed.errors.map((e) => ({ ...e, field: `content.${e.field}` })),
            );
          if (parsed.content.harmfulSexualBehaviour)
            return problem(res, 422, 'Not for MACE', hsbMessage, [{ field: 'content.harmfulSexualBehaviour', message: hsbMessage }]);
          // What was answered before MACE is kept unless the caller restates it.
          const before = contentOf(current.content);
          content = {
            ...parsed.content,
            harmfulSexualBehaviour: parsed.content.harmfulSexualBehaviour ?? before.harmfulSexualBehaviour,
            placingAuthority: parsed.content.placingAuthority !== undefined ? parsed.content.placingAuthority : before.placingAuthority,
          };
          completedOn = parsed.content.asOf ?? null;
        } else {
          const draft = readFormDraft(current.instrument, content);
          if (!draft.content) return malformedDraft(res, draft.errors);
          content = draft.content;
        }
        const saved = await assessments.saveDraft(actorOf(req), id, body.version as number, content, { completedOn });
        if (saved.ok) return res.json(assessmentJson(saved.assessment));
        if (saved.reason === 'conflict') {
          return problem(
            res,
            409,
            'Edit conflict',
            `Someone else saved this assessment since version ${String(body.version)}: it is now at version ${saved.current.version}. Your content has been kept; read the assessment again and resend.`,
          );
        }
        if (saved.reason === 'not-draft') return problem(res, 409, 'Already submitted', 'A submitted assessment cannot be changed: amend it instead.');
        return apiNotFound(res, 'assessment');
      },
    },
    {
      method: 'post',
      path: '/api/v1/assessments/:id/submit',
      access: 'assessment:write',
      audit: 'assessment.submit',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const body = isObject(req.body) ? req.body : {};
        const errors = versionErrors(body);
        if (errors.length) return problem(res, 422, 'Invalid request', undefined, errors);
        const current = await findFor(req, id, 'assessment.submit');
        if (!current) return apiNotFound(res, 'assessment');
        const version = body.version as number;
        let result;
        if (await refused(req, res, current.instrument, 'assessment.submit', id)) return;
        if (current.instrument === 'vat') {
          // 002 §4.7: the type of exploitation with a medium or high decision, sent with the submission or saved in the draft's content.
          const riskType = body.riskType;
          if (riskType !== undefined && riskType !== null && !isRiskType(riskType))
            return problem(res, 422, 'Invalid request', undefined, [
              { field: 'riskType', message: `The type of exploitation must be one of ${RISK_TYPES.join(', ')}` },
            ]);
          const r = await vat.submit(actorOf(req), id, version, riskType === undefined ? undefined : (riskType as (typeof RISK_TYPES)[number] | null));
          if (!r.ok && r.reason === 'invalid')
            return problem(
              res,
              422,
              'Cannot submit',
              'The saved VAT is incomplete or invalid.',
              r.errors.map((e) => ({ ...e, field: `content.${e.field}` })),
            );
          result = r;
        } else if (current.instrument === 'rfm') {
          try {
            result = await rfm.submit(actorOf(req), id, version);
          } catch (err) {
            if (err instanceof RfmIncomplete) return problem(res, 422, 'Cannot submit', err.message, [{ field: 'content', message: err.message }]);
            throw err;
          }
        } else if (current.instrument === 'thrive') {
          // The same rules as the THRIVE form (DOMAIN §5): a grade, a DRMM date not in the future, and for high
          // an investigation reference (or managing team) and an allocated professional.
          const c = current.content as ThriveContent;
          const errs: FieldError[] = [];
          if (!c.grade || !(THRIVE_GRADES as readonly string[]).includes(c.grade))
            errs.push({ field: 'content.grade', message: 'Choose the risk grading: high, medium or low' });
          if (!c.drmmDate || !isRealDate(c.drmmDate)) errs.push({ field: 'content.drmmDate', message: 'Enter the date of the DRMM' });
          else if (c.drmmDate > todayIso()) errs.push({ field: 'content.drmmDate', message: 'The date of the DRMM must be today or in the past' });
          if (c.grade && (THRIVE_GRADES as readonly string[]).includes(c.grade)) {
            for (const e of validateThriveGrading({
              grade: c.grade,
              investigationReference: c.investigationReference,
              managingTeam: c.multiAgencyTeam,
              allocatedProfessional: c.allocatedProfessional,
            })) {
              errs.push({ field: `content.${e.field}`, message: e.message });
            }
          }
          if (errs.length) return problem(res, 422, 'Cannot submit', 'The saved THRIVE grading is incomplete or invalid.', errs);
          const r = await llr.submitThrive(actorOf(req), id, version);
          if (!r.ok && r.reason === 'incomplete')
            return problem(res, 422, 'Cannot submit', 'The saved THRIVE grading is incomplete.', [{ field: 'content', message: 'Complete the grading first' }]);
          result = r as Exclude<typeof r, { reason: 'incomplete' }>;
        } else {
          return problem(res, 422, 'Cannot submit', `Submit ${current.instrument.toUpperCase()} assessments in the browser for now.`, [
            { field: 'instrument', message: 'Not submittable through the API yet' },
          ]);
        }
        if (result.ok) return res.json(assessmentJson(result.assessment));
        if (result.reason === 'conflict')
          return problem(
            res,
            409,
            'Edit conflict',
            `The assessment has changed since version ${version}: it is now at version ${result.current.version}. Read it again before submitting.`,
          );
        if (result.reason === 'not-draft') return problem(res, 409, 'Already submitted', 'This assessment has already been submitted.');
        return apiNotFound(res, 'assessment');
      },
    },
  ];
}
