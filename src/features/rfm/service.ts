import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { enqueueMail, mailLink, type MailContext } from '../../platform/mail.ts';
import { paths } from '../../paths.ts';
import { bandLabel, nextReview, renewalStatus, rfmNextStep, missingEpisodePrompt } from '../../domain/rfm/scoring.ts';
import { staffordshirePathway, isStaffordshireDistrict } from '../../domain/pathway/staffordshire.ts';
import type { RfmBand } from '../../domain/rfm/types.ts';
import { addCalendarMonths } from '../../domain/calendar/dates.ts';
import { todayIso } from '../../platform/dates.ts';
import type { assessmentService } from '../assessments/service.ts';
import type { AssessmentRow } from '../assessments/repository.ts';
import type { ChildRow } from '../children/repository.ts';
import { addToTriage } from '../triage/enqueue.ts';
import { finaliseRfm, RfmIncomplete } from './finalise.ts';
import { adultRefusal, isChildOn } from '../../domain/eligibility/age.ts';
import { rfmRepository, type ReviewRow, type StepRow } from './repository.ts';
import { addTimelineEvent } from '../children/timeline.ts';

/** The default window for an "updated RFM" when a partnership sets none (DOMAIN §3.3; 001: six months of information). */
const REFERRAL_RFM_MAX_AGE_MONTHS = 6;

export function rfmService(db: Db, partnerships: Map<string, PartnershipConfig>, links: MailContext, assessments: ReturnType<typeof assessmentService>) {
  const repo = rfmRepository();

  async function afterSubmit(q: Queryable, actor: Actor, a: AssessmentRow, child: ChildRow) {
    const p = partnerships.get(actor.partnershipId)!;
    const result = a.scored_result as { judgedBand: RfmBand; band: RfmBand; total: number };
    const c = a.content as Record<string, Record<string, string>>;
    // DOMAIN §3.3: the pathway follows the judged band.
    const routes =
      child.district_id && isStaffordshireDistrict(child.district_id)
        ? staffordshirePathway({
            band: result.judgedBand,
            riskType: a.risk_type ?? 'CSE',
            district: child.district_id,
            openToChildrensServices: c['section-c']?.openToChildrensServices === 'yes',
            hasAllocatedSocialWorker: c['section-c']?.allocatedSocialWorker === 'yes',
          })
        : [];
    for (const r of routes) {
      // The RFM goes to the CE coordinators' inbox on submission, so that step is done at once.
      const sent = r.id === 'ce-coordinators';
      await repo.insertStep(q, {
        partnershipId: actor.partnershipId,
        childId: a.child_id,
        assessmentId: a.id,
        routeId: r.id,
        title: r.title,
        reason: r.reason,
        required: r.required,
        status: sent ? 'taken' : 'open',
        takenOn: sent ? a.completed_on : null,
        service: sent ? `Sent to ${p.coordinatorsInbox}` : null,
        recordedBy: sent ? actor.userId : null,
        recordedAt: sent ? new Date() : null,
      });
    }
    // DOMAIN §3.3: every completed RFM is forwarded to the CE coordinators (reference only in mail).
    await enqueueMail(q, {
      partnershipId: actor.partnershipId,
      to: p.coordinatorsInbox,
      subject: `RFM submitted for child ${child.reference}: ${bandLabel(result.judgedBand).toLowerCase()}`,
      body: `A Risk Factor Matrix has been submitted for child ${child.reference} by ${actor.displayName}.\n\nScore ${result.total} (${bandLabel(result.band).toLowerCase()}); judged ${bandLabel(result.judgedBand).toLowerCase()}.\n\nOpen MACE to read it: ${mailLink(links, paths.assessments.show(a.id))}\n\n${p.marking.text}`,
    });
    if (result.judgedBand === 'suspected' || result.judgedBand === 'evidenced') {
      await addToTriage(q, {
        partnershipId: actor.partnershipId,
        childId: a.child_id,
        districtId: child.district_id,
        kind: 'assessment',
        subjectId: a.id,
        summary: `Risk Factor Matrix: ${bandLabel(result.judgedBand).toLowerCase()} (score ${result.total})`,
        referrerUserId: actor.userId,
      });
    }
  }

  return {
    assessments,

    submit: (actor: Actor, id: string, version: number) =>
      assessments.submit(
        actor,
        id,
        version,
        (a, child) => {
          const f = finaliseRfm(a, child);
          // DOMAIN §3.4, §6: an RFM is for a child under 18 on the date it was completed.
          if (!isChildOn(child.date_of_birth, f.completedOn))
            throw new RfmIncomplete(adultRefusal('an RFM', partnerships.get(actor.partnershipId)!.adultSupportText));
          return f;
        },
        (q, a, child) => afterSubmit(q, actor, a, child),
      ),

    /** DOMAIN §3.4, §6: why an RFM or CE referral cannot be made for this child today (18 or over), or undefined. */
    adultRefusal(partnershipId: string, child: Pick<ChildRow, 'date_of_birth'>, what: string, on = todayIso()): string | undefined {
      return isChildOn(child.date_of_birth, on) ? undefined : adultRefusal(what, partnerships.get(partnershipId)!.adultSupportText);
    },

    async reviews(partnershipId: string, assessmentId: string): Promise<ReviewRow[]> {
      return repo.reviews(db, partnershipId, assessmentId);
    },

    /** Section E: judgement only; a fourth review is refused (DOMAIN §3.2). */
    async addReview(actor: Actor, assessmentId: string, r: { reviewedOn: string; riskLevel: string; riskType: string; content: Record<string, string> }) {
      return db.tx(async (q) => {
        const a = await repo.lockSubmitted(q, actor.partnershipId, assessmentId);
        if (!a) return { ok: false as const, reason: 'not-found' as const };
        const n = await repo.reviewCount(q, actor.partnershipId, assessmentId);
        const next = nextReview(n);
        if (!next.ok) {
          await audit(q, actor, {
            action: 'rfm.review',
            outcome: 'denied',
            subjectType: 'assessment',
            subjectId: assessmentId,
            childId: a.child_id,
            details: { reason: 'three reviews already' },
          });
          return { ok: false as const, reason: 'limit' as const, message: next.message };
        }
        const last = await repo.lastReview(q, actor.partnershipId, assessmentId);
        await repo.insertReview(q, {
          partnershipId: actor.partnershipId,
          assessmentId,
          childId: a.child_id,
          reviewNumber: next.reviewNumber,
          reviewedOn: r.reviewedOn,
          reviewerUserId: actor.userId,
          riskLevelBefore: last?.risk_level ?? a.judged_level,
          riskTypeBefore: last?.risk_type ?? a.risk_type,
          riskLevel: r.riskLevel,
          riskType: r.riskType,
          content: r.content,
        });
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId: a.child_id,
          kind: 'assessment',
          summary: `Risk Factor Matrix review ${next.reviewNumber}: ${r.riskLevel} risk (${r.riskType})`,
          actorUserId: actor.userId,
          link: `/assessments/${assessmentId}`,
        });
        await audit(q, actor, {
          action: 'rfm.review',
          subjectType: 'assessment',
          subjectId: assessmentId,
          childId: a.child_id,
          details: { reviewNumber: next.reviewNumber, riskLevel: r.riskLevel },
        });
        return { ok: true as const, reviewNumber: next.reviewNumber };
      });
    },

    async steps(partnershipId: string, assessmentId: string): Promise<StepRow[]> {
      return repo.steps(db, partnershipId, assessmentId);
    },

    async openRequiredSteps(partnershipId: string, childId: string): Promise<StepRow[]> {
      return repo.openRequiredSteps(db, partnershipId, childId);
    },

    /** Records a route taken (date and service) or not taken; a required step cannot be marked not taken. */
    async recordStep(actor: Actor, stepId: string, s: { status: 'taken' | 'not-taken'; takenOn?: string; service?: string; note?: string }) {
      return db.tx(async (q) => {
        const step = await repo.findStep(q, actor.partnershipId, stepId);
        if (!step) return { ok: false as const, reason: 'not-found' as const };
        if (step.required && s.status === 'not-taken') return { ok: false as const, reason: 'required' as const };
        await repo.recordStep(q, actor.partnershipId, stepId, s, actor.userId);
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId: step.child_id,
          kind: 'pathway',
          summary: s.status === 'taken' ? `${step.title}: done${s.service ? ` (${s.service})` : ''}` : `${step.title}: not taken`,
          actorUserId: actor.userId,
          link: `/rfm/${step.assessment_id}/pathway`,
        });
        await audit(q, actor, {
          action: 'rfm.pathway.record',
          subjectType: 'pathway-step',
          subjectId: stepId,
          childId: step.child_id,
          details: { route: step.route_id, status: s.status },
        });
        return { ok: true as const, step };
      });
    },

    /**
     * The child's current RFM (newest submitted, not superseded), when it was last updated (a review counts), and
     * what comes next: a review (Section E) or a new RFM, and why.
     */
    async currentRfm(partnershipId: string, childId: string) {
      const a = await repo.current(db, partnershipId, childId);
      if (!a) return undefined;
      const renewal = renewalStatus(a.completed_on!, todayIso());
      return { assessment: a, lastUpdated: a.last_updated, reviews: a.reviews, renewal, next: rfmNextStep(a.reviews, renewal.renewalDue) };
    },

    /** DOMAIN §3.3: a referral without an updated RFM (completed or reviewed within the partnership's window) is not accepted. */
    isRfmRecentEnough(partnershipId: string, lastUpdated: string | undefined, today = todayIso()): boolean {
      const months = partnerships.get(partnershipId)?.ceReferralRfmMaxAgeMonths ?? REFERRAL_RFM_MAX_AGE_MONTHS;
      return !!lastUpdated && addCalendarMonths(lastUpdated, months) >= today;
    },

    async createReferral(actor: Actor, child: ChildRow, rfmId: string, content: Record<string, unknown>) {
      const p = partnerships.get(actor.partnershipId)!;
      return db.tx(async (q) => {
        const id = await repo.insertReferral(q, actor.partnershipId, child.id, rfmId, content, actor.userId);
        await addToTriage(q, {
          partnershipId: actor.partnershipId,
          childId: child.id,
          districtId: child.district_id,
          kind: 'referral',
          subjectId: id,
          summary: 'CE referral form (CSE service)',
          referrerUserId: actor.userId,
        });
        const ceTeam = p.routes.find((r) => r.id === 'ce-team')?.email ?? p.coordinatorsInbox;
        await enqueueMail(q, {
          partnershipId: actor.partnershipId,
          to: ceTeam,
          subject: `CE referral for child ${child.reference}`,
          body: `A CE referral form with its Risk Factor Matrix has been made for child ${child.reference} by ${actor.displayName}. It is in the triage inbox for the weekly triage.\n\n${p.marking.text}`,
        });
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId: child.id,
          kind: 'referral',
          summary: 'CE referral made to the CE team',
          actorUserId: actor.userId,
        });
        await audit(q, actor, { action: 'referral.create', subjectType: 'referral', subjectId: id, childId: child.id });
        return id;
      });
    },

    async missingEpisodes(partnershipId: string, childId: string) {
      return repo.missingEpisodes(db, partnershipId, childId);
    },

    /** Records a missing episode; at the 3rd, 5th and 9th a Missing Intervention Meeting is prompted (DOMAIN §3.2). */
    async addMissingEpisode(
      actor: Actor,
      childId: string,
      e: { wentMissingOn: string; returnedOn?: string; notes?: string },
      details: Record<string, unknown> = {},
    ) {
      return db.tx(async (q) => {
        // details: the extended columns (issue #6), read by readMissingExtras in features/intelligence/history.ts.
        await repo.insertMissingEpisode(q, actor.partnershipId, childId, e, details, actor.userId);
        const n = await repo.missingEpisodeCount(q, actor.partnershipId, childId);
        const prompt = missingEpisodePrompt(n);
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId,
          kind: 'missing',
          summary: `Missing episode ${n} recorded${prompt ? ': Missing Intervention Meeting due' : ''}`,
          actorUserId: actor.userId,
        });
        await audit(q, actor, { action: 'missing.add', subjectType: 'child', subjectId: childId, childId, details: { episode: n } });
        return { episode: n, prompt };
      });
    },
  };
}
