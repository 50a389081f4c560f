import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit, auditRefusal } from '../../platform/audit.ts';
import { enqueueMail, mailLink, type MailContext } from '../../platform/mail.ts';
import { paths } from '../../paths.ts';
import type { ChildRow } from '../children/repository.ts';
import { childOfRecord, partnershipOfChild } from '../children/lookups.ts';
import { loadVisibleChild, maySeeChild } from '../children/access.ts';
import { childHeader, type ChildHeader } from '../reviews/service.ts';
import type { assessmentService } from '../assessments/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import type { AssessmentRow } from '../assessments/repository.ts';
import { addToTriage } from '../triage/enqueue.ts';
import { isIsoDate } from '../../domain/calendar/dates.ts';
import {
  npaReferralDecision,
  THRIVE_ELEMENTS,
  THRIVE_GRADES,
  type NpaReferralDecision,
  type PreviousGrading,
  type ThriveGrade,
} from '../../domain/thrive/thrive.ts';
import { llrRepository, type ConcernRow, type NpaReferralRow } from './repository.ts';
import { routeConcern } from './routing.ts';
import { concernSourceNames, type ConcernInput, type ThriveContent } from './schemas.ts';
import { addTimelineEvent } from '../children/timeline.ts';

const THRIVE_INSTRUMENT = 'thrive';
/** The source document the THRIVE record follows (source 004, the LLR MACE Hub guide). */
const THRIVE_VERSION = '004';

type LlrChild = ChildRow & { npa_managed_as?: string | null };
export type ThriveRecord = { a: AssessmentRow & { content: ThriveContent }; child: LlrChild; referral?: NpaReferralRow; risk?: ChildHeader };

type ThriveSubmit =
  | { ok: true; assessment: AssessmentRow; decision: NpaReferralDecision; referral?: NpaReferralRow }
  | { ok: false; reason: 'not-found' | 'not-draft' | 'incomplete' }
  | { ok: false; reason: 'conflict'; current: AssessmentRow };

type OutcomeResult =
  | { ok: true; referral: NpaReferralRow; told: string[] }
  | { ok: false; reason: 'not-found' | 'already-recorded' }
  | { ok: false; reason: 'conflict'; current: NpaReferralRow };

/** Partners are told by email: the lead professional only when their contact is an email address. */
export const isEmail = (s: string | null | undefined): s is string => !!s && /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/.test(s.trim());

/**
 * LLR MACE Hub (DOMAIN §5): child concern intake and its routing, THRIVE gradings at the DRMM on the
 * common assessment model, and the NPA referral after a medium grading. Every read and change is
 * audited in the transaction that makes it. `calendar`: the bank holidays (the identity bar's next dates).
 */
export function llrService(
  db: Db,
  partnerships: Map<string, PartnershipConfig>,
  links: MailContext,
  calendar: HolidayCalendar,
  assessments: ReturnType<typeof assessmentService>,
) {
  const repo = llrRepository();
  const partnershipOf = (actor: Actor) => partnerships.get(actor.partnershipId)!;
  /** Only partnerships that grade with THRIVE have the LLR intake and DRMM (configuration, not a fork). */
  const usesThrive = (actor: Actor) => partnershipOf(actor)?.assessmentTools.includes('thrive') ?? false;

  /** The child of an LLR page or form: loadVisibleChild, in a partnership that grades with THRIVE (elsewhere refused and audited alike). */
  async function visibleChild(q: Queryable, actor: Actor, childId: string, action: string): Promise<LlrChild | undefined> {
    if (usesThrive(actor)) return loadVisibleChild(q, actor, childId, action);
    await auditRefusal(q, actor, {
      action,
      subjectType: 'child',
      subjectId: childId,
      found: false,
      owner: await partnershipOfChild(q, childId),
      missing: 'no such child',
    });
    return undefined;
  }

  /** A THRIVE record and its child if the actor may see them; a refusal is audited. Nothing else is audited here. */
  async function thriveRecord(q: Queryable, actor: Actor, id: string, action: string): Promise<ThriveRecord | undefined> {
    const a = await assessments.findIn(q, actor.partnershipId, id);
    const child = a && a.instrument === THRIVE_INSTRUMENT ? await childOfRecord(q, actor.partnershipId, a.child_id) : undefined;
    if (a && child && maySeeChild(actor, child)) {
      const referral = await repo.npaReferralFor(q, actor.partnershipId, id);
      return { a: a as ThriveRecord['a'], child, referral };
    }
    await audit(q, actor, { action, outcome: 'denied', subjectType: 'assessment', subjectId: id });
    return undefined;
  }

  async function referralRecord(q: Queryable, actor: Actor, id: string, action: string) {
    const referral = await repo.findNpaReferral(q, actor.partnershipId, id);
    const child = referral ? await childOfRecord(q, actor.partnershipId, referral.child_id) : undefined;
    if (referral && child && maySeeChild(actor, child)) {
      const a = (await assessments.findIn(q, actor.partnershipId, referral.assessment_id))!;
      return { referral, child: child as LlrChild, a: a as ThriveRecord['a'] };
    }
    await audit(q, actor, { action, outcome: 'denied', subjectType: 'npa-referral', subjectId: id });
    return undefined;
  }

  return {
    /** The child and its identity bar for a form about it (audited as a view of the child). */
    childFor: (actor: Actor, childId: string, action = 'child.view') =>
      db.tx(async (q) => {
        const child = await visibleChild(q, actor, childId, action);
        if (!child) return undefined;
        await audit(q, actor, { action, subjectType: 'child', subjectId: childId, childId });
        return { child, risk: await childHeader(q, partnershipOf(actor), childId, calendar) };
      }),

    /**
     * Records a child concern and routes it: with indicators to partners and the police exploitation
     * team; without, checked against the child's previous CE concerns first (DOMAIN §5 intake).
     */
    async createConcern(actor: Actor, childId: string, input: ConcernInput): Promise<{ concern: ConcernRow; child: LlrChild } | undefined> {
      return db.tx(async (q) => {
        const child = await visibleChild(q, actor, childId, 'concern.create');
        if (!child) return undefined;
        const p = partnershipOf(actor);
        const history = await repo.ceHistory(q, actor.partnershipId, childId);
        const routing = routeConcern(input.indicatorsPresent, history);
        const concern = await repo.insertConcern(q, {
          partnershipId: actor.partnershipId,
          childId,
          source: input.source,
          indicatorsPresent: input.indicatorsPresent,
          riskChanged: input.riskChanged,
          summary: input.summary,
          routedTo: routing.routedTo,
          routingReason: routing.reason,
          userId: actor.userId,
        });
        const route = p.routes.find((r) => r.id === routing.routedTo);
        const link = paths.llr.concern(concern.id);
        const sourceName = concernSourceNames[input.source];
        if (routing.toTriage) {
          await addToTriage(q, {
            partnershipId: actor.partnershipId,
            childId,
            districtId: child.district_id,
            kind: 'concern',
            subjectId: concern.id,
            summary: `Child concern (${sourceName}): ${input.indicatorsPresent ? 'exploitation indicators present' : 'no indicators, previous CE concerns'}`,
            referrerUserId: actor.userId,
          });
        }
        if (route?.email) {
          await enqueueMail(q, {
            partnershipId: actor.partnershipId,
            to: route.email,
            subject: `Child concern for review before the DRMM: ${child.reference}`,
            body: [
              `A child concern about the child with MACE reference ${child.reference} has been routed to the ${route.name.toLowerCase()}.`,
              '',
              `Source: ${sourceName}`,
              `Exploitation indicators: ${input.indicatorsPresent ? 'present' : 'not present'}`,
              `Why: ${routing.reason}`,
              '',
              `Open the concern in MACE: ${mailLink(links, link)}`,
              '',
              'This email holds no personal details: sign in to MACE to read the concern.',
            ].join('\n'),
          });
        }
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId,
          kind: 'concern',
          summary: `Child concern recorded (${sourceName}): ${routing.routedTo ? `routed to the ${route?.name.toLowerCase() ?? routing.routedTo}` : 'no further routing'}`,
          actorUserId: actor.userId,
          link,
        });
        await audit(q, actor, {
          action: 'concern.create',
          subjectType: 'concern',
          subjectId: concern.id,
          childId,
          details: { source: input.source, indicatorsPresent: input.indicatorsPresent, routedTo: routing.routedTo, previous: history },
        });
        return { concern, child };
      });
    },

    async viewConcern(actor: Actor, id: string): Promise<{ concern: ConcernRow; child: LlrChild; risk?: ChildHeader } | undefined> {
      return db.tx(async (q) => {
        const concern = await repo.findConcern(q, actor.partnershipId, id);
        const child = concern ? await childOfRecord(q, actor.partnershipId, concern.child_id) : undefined;
        if (!concern || !child || !maySeeChild(actor, child)) {
          await audit(q, actor, { action: 'concern.view', outcome: 'denied', subjectType: 'concern', subjectId: id });
          return undefined;
        }
        await audit(q, actor, { action: 'concern.view', subjectType: 'concern', subjectId: id, childId: child.id });
        return { concern, child, risk: await childHeader(q, partnershipOf(actor), child.id, calendar) };
      });
    },

    /** Starts a THRIVE grading for the child, or returns the actor's own draft for the child if there is one. */
    async startThrive(actor: Actor, childId: string): Promise<{ id: string } | undefined> {
      const child = await db.tx(async (q) => visibleChild(q, actor, childId, 'assessment.create'));
      if (!child) return undefined;
      const existing = await repo.draftThriveBy(db, actor.partnershipId, childId, actor.userId);
      if (existing) return existing;
      const content: ThriveContent = { npaManagedAs: child.npa_managed_as ?? undefined };
      return assessments.createDraft(actor, childId, THRIVE_INSTRUMENT, THRIVE_VERSION, content);
    },

    /** A THRIVE record for display, the read audited. */
    async viewThrive(actor: Actor, id: string, action = 'assessment.view'): Promise<ThriveRecord | undefined> {
      return db.tx(async (q) => {
        const found = await thriveRecord(q, actor, id, action);
        if (!found) return undefined;
        await audit(q, actor, { action, subjectType: 'assessment', subjectId: id, childId: found.child.id });
        return { ...found, risk: await childHeader(q, partnershipOf(actor), found.child.id, calendar) };
      });
    },

    /** A THRIVE record to re-show a form that was refused; the refusal is audited as a failed attempt. */
    async refusedThrive(actor: Actor, id: string, action: string, reason: string): Promise<ThriveRecord | undefined> {
      return db.tx(async (q) => {
        const found = await thriveRecord(q, actor, id, action);
        if (!found) return undefined;
        await audit(q, actor, { action, outcome: 'failed', subjectType: 'assessment', subjectId: id, childId: found.child.id, details: { reason } });
        return { ...found, risk: await childHeader(q, partnershipOf(actor), found.child.id, calendar) };
      });
    },

    async saveThrive(actor: Actor, id: string, version: number, content: ThriveContent) {
      const found = await db.tx(async (q) => thriveRecord(q, actor, id, 'assessment.save'));
      if (!found) return { ok: false, reason: 'not-found' } as const;
      return assessments.saveDraft(actor, id, version, content, { completedOn: content.drmmDate ?? null });
    },

    /**
     * Submits a saved THRIVE grading. A medium grading is checked against the child's earlier DRMM
     * gradings (the NPA referral rule); when a referral is due, it is drafted for the child's area.
     */
    async submitThrive(actor: Actor, id: string, version: number): Promise<ThriveSubmit> {
      const found = await db.tx(async (q) => thriveRecord(q, actor, id, 'assessment.submit'));
      if (!found) return { ok: false, reason: 'not-found' };
      if (found.a.status !== 'draft') return { ok: false, reason: 'not-draft' };
      const previous: PreviousGrading[] = (await repo.previousGradings(db, actor.partnershipId, found.child.id, id))
        .filter((g) => isIsoDate(g.date) && (THRIVE_GRADES as readonly string[]).includes(g.grade))
        .map((g) => ({ date: g.date, grade: g.grade as ThriveGrade }));
      const c = found.a.content;
      if (!c.grade || !c.drmmDate || !isIsoDate(c.drmmDate)) return { ok: false, reason: 'incomplete' };

      let decision: NpaReferralDecision | undefined;
      let referral: NpaReferralRow | undefined;
      const result = await assessments.submit(
        actor,
        id,
        version,
        (a) => {
          const content = a.content as ThriveContent;
          decision = npaReferralDecision({
            grade: content.grade!,
            drmmDate: content.drmmDate!,
            previousGradings: previous,
            significantNewRisk: !!content.significantNewRisk,
            crimeIdentified: !!content.crimeReference,
            npaManagedAs: content.npaManagedAs ?? null,
          });
          return {
            completedOn: content.drmmDate!,
            scoredResult: { npaRule: decision.code },
            scoredLevel: null,
            judgedLevel: content.grade!,
            content: { ...content, npaDecision: decision },
          };
        },
        async (q, a, child) => {
          const content = a.content as ThriveContent;
          const link = paths.llr.thriveRecord(a.id);
          if (content.grade !== 'medium' || !decision) return;
          await repo.setNpaManagedAs(q, actor.partnershipId, child.id, content.npaManagedAs ?? null);
          if (!decision.referToNpa) {
            await addTimelineEvent(q, {
              partnershipId: actor.partnershipId,
              childId: child.id,
              kind: 'npa-referral',
              summary: 'No NPA referral: graded medium at a DRMM in the previous 3 months',
              actorUserId: actor.userId,
              link,
            });
            return;
          }
          referral = await repo.insertNpaReferral(q, {
            partnershipId: actor.partnershipId,
            childId: child.id,
            assessmentId: a.id,
            districtId: child.district_id,
            ruleCode: decision.code,
            ruleText: decision.sentence,
            recordOn: decision.recordOn,
            summary:
              THRIVE_ELEMENTS.map((e) => [e.label, content[e.key as keyof ThriveContent]] as const)
                .filter(([, v]) => typeof v === 'string' && v)
                .map(([label, v]) => `${label}: ${v as string}`)
                .join('\n\n') || null,
          });
          const area = partnershipOf(actor).districts.find((d) => d.id === child.district_id)?.name;
          await addTimelineEvent(q, {
            partnershipId: actor.partnershipId,
            childId: child.id,
            kind: 'npa-referral',
            summary: `NPA referral drafted${area ? ` for ${area}` : ''}`,
            actorUserId: actor.userId,
            link,
          });
          await audit(q, actor, {
            action: 'npa-referral.draft',
            subjectType: 'npa-referral',
            subjectId: referral.id,
            childId: child.id,
            details: { rule: decision.code, recordOn: decision.recordOn },
          });
        },
      );
      if (!result.ok) return result;
      return { ok: true, assessment: result.assessment, decision: decision!, referral };
    },

    async viewReferral(actor: Actor, id: string, action = 'npa-referral.view') {
      return db.tx(async (q) => {
        const found = await referralRecord(q, actor, id, action);
        if (!found) return undefined;
        await audit(q, actor, { action, subjectType: 'npa-referral', subjectId: id, childId: found.child.id });
        return { ...found, risk: await childHeader(q, partnershipOf(actor), found.child.id, calendar) };
      });
    },

    /**
     * Records what the NPA did with the referral (work done, or not done with its rationale), closes
     * the referral, and tells partners: the coordinators' inbox and the lead professional.
     */
    async recordOutcome(
      actor: Actor,
      id: string,
      version: number,
      o: { outcome: 'work-done' | 'work-not-done'; detail: string | null },
    ): Promise<OutcomeResult> {
      return db.tx(async (q) => {
        const found = await referralRecord(q, actor, id, 'npa-referral.outcome');
        if (!found) return { ok: false, reason: 'not-found' } as const;
        if (found.referral.status === 'closed') return { ok: false, reason: 'already-recorded' } as const;
        const saved = await repo.recordOutcome(q, actor.partnershipId, id, version, { ...o, userId: actor.userId });
        if (!saved) {
          await repo.keepConflict(q, actor.partnershipId, 'npa-referral', id, actor.userId, version, o);
          await audit(q, actor, {
            action: 'npa-referral.outcome',
            outcome: 'failed',
            subjectType: 'npa-referral',
            subjectId: id,
            childId: found.child.id,
            details: { reason: 'stale version' },
          });
          return { ok: false, reason: 'conflict', current: found.referral } as const;
        }
        const p = partnershipOf(actor);
        const child = found.child;
        const told = [p.coordinatorsInbox];
        const lead = child.lead_professional_contact?.trim();
        if (isEmail(lead) && !told.some((t) => t.toLowerCase() === lead.toLowerCase())) told.push(lead);
        const outcomeText =
          o.outcome === 'work-done' ? 'the NPA completed work from the referral' : 'the NPA did not complete the work; its rationale is recorded';
        for (const to of told) {
          await enqueueMail(q, {
            partnershipId: actor.partnershipId,
            to,
            subject: `NPA referral outcome: ${child.reference}`,
            body: [
              `The Neighbourhood Policing Area has concluded its work on the referral for the child with MACE reference ${child.reference}.`,
              '',
              `Outcome: ${outcomeText}.`,
              '',
              `Read the outcome in MACE: ${mailLink(links, paths.llr.thriveRecord(found.a.id))}`,
              '',
              'If new safeguarding concerns were identified, a new PPN is needed so that the risk is assessed again.',
              'This email holds no personal details: sign in to MACE to read the record.',
            ].join('\n'),
          });
        }
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId: child.id,
          kind: 'npa-referral',
          summary: `NPA referral outcome recorded: ${o.outcome === 'work-done' ? 'work done' : 'work not done'}`,
          actorUserId: actor.userId,
          link: paths.llr.thriveRecord(found.a.id),
        });
        await audit(q, actor, {
          action: 'npa-referral.outcome',
          subjectType: 'npa-referral',
          subjectId: id,
          childId: child.id,
          details: { outcome: o.outcome, partnersTold: told.length },
        });
        return { ok: true, referral: saved, told } as const;
      });
    },
  };
}
