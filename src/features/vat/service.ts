import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import type { FieldError } from '../../platform/problems.ts';
import { todayIso } from '../../platform/dates.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { ceRiskAssessmentDue, rotherhamRouteFor, type VatScore } from '../../domain/vat/vat.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import type { assessmentService, DraftSave } from '../assessments/service.ts';
import type { AssessmentRow, Finalised } from '../assessments/repository.ts';
import type { ChildRow } from '../children/repository.ts';
import { loadVisibleChild } from '../children/access.ts';
import { vatRepository, type ChildScope } from './repository.ts';
import { checkContent, contentOf, scoreContent, scoredBandOf, vatConfigOf, type VatConfig, type VatContent } from './content.ts';
import { addTimelineEvent } from '../children/timeline.ts';
import { plural } from '../../domain/words/plural.ts';
import { asksRiskType, type RiskLevel, type RiskType } from '../../domain/risk/levels.ts';

/** DOMAIN §4 (002 §4.7): the message when a medium or high outcome has no type of exploitation. */
export const riskTypeMessage = 'Select the type of exploitation discussed';

/** Thrown inside the submission transaction when the saved content cannot be submitted (nothing is written). */
class VatInvalid extends Error {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super(errors[0]?.message ?? 'The VAT cannot be submitted');
    this.errors = errors;
  }
}

export const hsbMessage =
  'Children who show harmful sexual behaviour are not discussed at MACE: refer them to the fortnightly YMARAC led by the Youth Justice Service';

/**
 * The submitted VAT's result, computed on the server from the saved content (DOMAIN §4): each
 * factor with evidence in the six months before the assessment date counts once; the chair's
 * adjustment (±20, with a rationale) gives the total, floored at 0. The scored level is the factor
 * score's band, the judged level the adjusted total's band.
 */
function finaliseVat(config: VatConfig, riskTypeLevels: readonly RiskLevel[], chosen: RiskType | null | undefined) {
  return (a: AssessmentRow, child: ChildRow): Finalised => {
    if (a.instrument !== 'vat') throw new VatInvalid([{ field: 'instrument', message: 'This is not a VAT' }]);
    const c = contentOf(a.content);
    const errors = checkContent(c, config.factors, { requireAsOf: true });
    const recordedHsb = (child as ChildRow & Partial<ChildScope>).harmful_sexual_behaviour === true;
    if (c.harmfulSexualBehaviour || recordedHsb) errors.unshift({ field: 'harmfulSexualBehaviour', message: hsbMessage });
    const s = errors.length ? undefined : scoreContent(c, config.factors);
    if (!s) throw new VatInvalid(errors.length ? errors : [{ field: 'asOf', message: 'Enter the assessment date' }]);
    // 002 §4.7: at a medium or high outcome (the partnership's levels) the type of exploitation is recorded with the decision; below, none.
    const asked = asksRiskType(s.band, riskTypeLevels);
    const riskType = asked ? (chosen === undefined ? (c.riskType ?? null) : chosen) : null;
    if (asked && !riskType) throw new VatInvalid([{ field: 'riskType', message: riskTypeMessage }]);
    const rest: VatContent = { ...c };
    delete rest.riskType;
    return {
      completedOn: c.asOf!,
      periodStart: s.window.from,
      periodEnd: s.window.to,
      scoredResult: scoredResultOf(s, config),
      scoredLevel: scoredBandOf(s),
      judgedLevel: s.band,
      riskType,
      content: riskType ? { ...rest, riskType } : rest,
    };
  };
}

/** What is kept with a submitted VAT: the four numbers, and what counted (the configuration may change later). */
export function scoredResultOf(s: VatScore, config: VatConfig) {
  return {
    factorScore: s.factorScore,
    adjustment: s.adjustment,
    total: s.total,
    band: s.band,
    rationale: s.rationale,
    window: s.window,
    counted: s.counted.map((c) => ({
      factor: c.factor.id,
      name: c.factor.name,
      weight: c.factor.weight,
      category: c.factor.category,
      latestEvidence: c.latestEvidence,
    })),
    notCounted: s.excluded.map((e) => ({ factor: e.evidence.factor, date: e.evidence.date, reason: e.reason })),
    factorSet: { version: config.version, example: config.example },
  };
}

type StartResult = { kind: 'not-found' } | { kind: 'turned-away'; child: ChildRow } | { kind: 'draft'; assessment: AssessmentRow; resumed: boolean };

type VatSubmit = DraftSave | { ok: false; reason: 'invalid'; errors: FieldError[] };

/**
 * The Vulnerability Assessment Tool on the common assessment model; every read and change audited with it. `calendar`:
 * the bank holidays the CE risk assessment's 3 working days skip (the configuration's).
 */
export function vatService(db: Db, partnerships: Map<string, PartnershipConfig>, calendar: HolidayCalendar, assessments: ReturnType<typeof assessmentService>) {
  const repo = vatRepository();
  const configFor = (actor: Pick<Actor, 'partnershipId'>) => vatConfigOf(partnerships.get(actor.partnershipId));

  return {
    assessments,
    configFor,

    /** DOMAIN §4: after a submitted VAT, the review booked by risk level and the CE risk assessment within 3 working days. */
    nextSteps(p: PartnershipConfig, a: AssessmentRow) {
      if (a.status !== 'submitted' || !a.completed_on || !a.judged_level || a.judged_level === 'none') return undefined;
      const r = p.reviewIntervals[a.judged_level];
      return { review: plural(r.value, r.unit.replace(/s$/, '')), ceDue: ceRiskAssessmentDue(a.completed_on, calendar) };
    },

    scope: (actor: Actor, childId: string) => repo.scope(db, actor.partnershipId, childId),

    /**
     * Starting a VAT: the chair first says whether the child shows harmful sexual behaviour (then the
     * child is turned away to the YMARAC, DOMAIN §4) and who placed a looked after child; both are
     * recorded on the child. Otherwise a draft: the child's open draft when `resume`, else a new one
     * carrying the evidence of the child's current VAT, so that a re-score shows what has aged out.
     */
    async start(
      actor: Actor,
      childId: string,
      answers: { harmfulSexualBehaviour: boolean; placingAuthority: string | null },
      opts: { resume: boolean; initial?: VatContent } = { resume: true },
    ): Promise<StartResult> {
      const config = configFor(actor);
      if (!config) return { kind: 'not-found' };
      const found = await db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'vat.start');
        if (!child) return undefined;
        const before = (await repo.scope(q, actor.partnershipId, childId))!;
        const after: ChildScope = { harmful_sexual_behaviour: answers.harmfulSexualBehaviour, placing_authority: answers.placingAuthority };
        const changes: string[] = [];
        if (before.harmful_sexual_behaviour !== after.harmful_sexual_behaviour) {
          changes.push(
            after.harmful_sexual_behaviour
              ? 'Harmful sexual behaviour recorded: the child is for the YMARAC, not MACE'
              : 'Harmful sexual behaviour no longer recorded',
          );
        }
        if ((before.placing_authority ?? null) !== after.placing_authority) {
          changes.push(after.placing_authority ? `Looked after child placed by ${after.placing_authority}` : 'Placing authority removed');
        }
        if (changes.length) {
          await repo.recordScope(q, actor.partnershipId, childId, after);
          for (const summary of changes)
            await addTimelineEvent(q, { partnershipId: actor.partnershipId, childId, kind: 'record', summary, actorUserId: actor.userId });
          await audit(q, actor, {
            action: 'child.update',
            subjectType: 'child',
            subjectId: childId,
            childId,
            details: { harmfulSexualBehaviour: after.harmful_sexual_behaviour, placingAuthority: after.placing_authority ? 'recorded' : 'none' },
          });
        }
        const route = rotherhamRouteFor({ harmfulSexualBehaviour: answers.harmfulSexualBehaviour }).route;
        await audit(q, actor, { action: 'vat.start', subjectType: 'child', subjectId: childId, childId, details: { route } });
        if (route === 'ymarac') return { child };
        const draft = opts.resume ? await repo.draftFor(q, actor.partnershipId, childId) : undefined;
        const previous = draft || opts.initial ? undefined : await repo.latestSubmitted(q, actor.partnershipId, childId);
        return { child, draft, previous };
      });
      if (!found) return { kind: 'not-found' };
      if (answers.harmfulSexualBehaviour) return { kind: 'turned-away', child: found.child };
      const scope = { harmfulSexualBehaviour: false, placingAuthority: answers.placingAuthority };
      if (found.draft) {
        const c = contentOf(found.draft.content);
        if (c.harmfulSexualBehaviour === false && (c.placingAuthority ?? null) === answers.placingAuthority)
          return { kind: 'draft', assessment: found.draft, resumed: true };
        const saved = await assessments.saveDraft(actor, found.draft.id, found.draft.version, { ...c, ...scope });
        return saved.ok ? { kind: 'draft', assessment: saved.assessment, resumed: true } : { kind: 'draft', assessment: found.draft, resumed: true };
      }
      const content: VatContent = opts.initial
        ? { ...opts.initial, ...scope }
        : { evidence: found.previous ? contentOf(found.previous.content).evidence : [], adjustment: 0, rationale: '', asOf: todayIso(), ...scope };
      const a = await assessments.createDraft(actor, childId, 'vat', config.version, content);
      return a ? { kind: 'draft', assessment: a, resumed: false } : { kind: 'not-found' };
    },

    save: (actor: Actor, id: string, version: number, content: VatContent) =>
      assessments.saveDraft(actor, id, version, content, { completedOn: content.asOf ?? null }),

    /** Whether the VAT's decision asks the type of exploitation at this band (DOMAIN §4, 002 §4.7: the partnership's levels). */
    asksRiskType: (actor: Pick<Actor, 'partnershipId'>, band: RiskLevel | undefined) =>
      asksRiskType(band, partnerships.get(actor.partnershipId)?.riskTypeLevels ?? []),

    /** Submits the draft; `riskType`: the type chosen with the decision (undefined: the draft's own, as the API sends it). */
    async submit(actor: Actor, id: string, version: number, riskType?: RiskType | null): Promise<VatSubmit> {
      const config = configFor(actor);
      if (!config) return { ok: false, reason: 'not-found' };
      const levels = partnerships.get(actor.partnershipId)?.riskTypeLevels ?? [];
      try {
        return await assessments.submit(actor, id, version, finaliseVat(config, levels, riskType));
      } catch (err) {
        if (err instanceof VatInvalid) return { ok: false, reason: 'invalid', errors: err.errors };
        throw err;
      }
    },

    amend: (actor: Actor, id: string) => assessments.amend(actor, id),

    /** The VAT a re-score is compared with: the one amended, or the child's VAT before this one. */
    async previousOf(actor: Actor, a: AssessmentRow): Promise<AssessmentRow | undefined> {
      if (a.amends_id) return repo.find(db, actor.partnershipId, a.amends_id);
      return repo.latestSubmitted(db, actor.partnershipId, a.child_id, { except: a.series_id, before: a.submitted_at ?? undefined });
    },
  };
}
