import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { enqueueMail, mailLink } from '../../platform/mail.ts';
import { paths } from '../../paths.ts';
import { nextReview, renewalStatus, missingEpisodePrompt } from '../../domain/rfm/scoring.ts';
import { staffordshirePathway, isStaffordshireDistrict } from '../../domain/pathway/staffordshire.ts';
import type { RfmBand } from '../../domain/rfm/types.ts';
import { addCalendarMonths } from '../../domain/calendar/dates.ts';
import { todayIso } from '../../platform/dates.ts';
import { assessmentService } from '../assessments/service.ts';
import type { AssessmentRow } from '../assessments/repository.ts';
import type { ChildRow } from '../children/repository.ts';
import { addToTriage } from '../triage/enqueue.ts';
import { finaliseRfm } from './finalise.ts';

export type ReviewRow = {
  id: string;
  assessment_id: string;
  review_number: number;
  reviewed_on: string;
  reviewer_user_id: string;
  reviewer_name?: string;
  risk_level_before: string | null;
  risk_type_before: string | null;
  risk_level: string;
  risk_type: string | null;
  content: Record<string, string>;
  created_at: Date;
};

export type StepRow = {
  id: string;
  assessment_id: string;
  child_id: string;
  route_id: string;
  title: string;
  reason: string;
  required: boolean;
  status: 'open' | 'taken' | 'not-taken';
  taken_on: string | null;
  service: string | null;
  note: string | null;
  recorded_at: Date | null;
};

/** The default window for an "updated RFM" when a partnership sets none (DOMAIN §3.3). */
export const REFERRAL_RFM_MAX_AGE_MONTHS = 3;

export function rfmService(db: Db, partnerships: Map<string, PartnershipConfig>) {
  const assessments = assessmentService(db);

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
      await q.query(
        `INSERT INTO pathway_steps (partnership_id, child_id, assessment_id, route_id, title, reason, required, status, taken_on, service, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [actor.partnershipId, a.child_id, a.id, r.id, r.title, r.reason, r.required, sent ? 'taken' : 'open', sent ? a.completed_on : null, sent ? `Sent to ${p.coordinatorsInbox}` : null, sent ? actor.userId : null, sent ? new Date() : null],
      );
    }
    // DOMAIN §3.3: every completed RFM is forwarded to the CE coordinators (reference only in mail).
    await enqueueMail(q, {
      partnershipId: actor.partnershipId,
      to: p.coordinatorsInbox,
      subject: `RFM submitted for child ${child.reference}: ${result.judgedBand}`,
      body: `A Risk Factor Matrix has been submitted for child ${child.reference} by ${actor.displayName}.\n\nScore ${result.total} (${result.band}); judged ${result.judgedBand}.\n\nOpen MACE to read it: ${mailLink(paths.assessments.show(a.id))}\n\n${p.marking.text}`,
    });
    if (result.judgedBand === 'suspected' || result.judgedBand === 'evidenced') {
      await addToTriage(q, {
        partnershipId: actor.partnershipId,
        childId: a.child_id,
        districtId: child.district_id,
        kind: 'assessment',
        subjectId: a.id,
        summary: `Risk Factor Matrix: ${result.judgedBand} (score ${result.total})`,
        referrerUserId: actor.userId,
      });
    }
  }

  return {
    assessments,

    submit: (actor: Actor, id: string, version: number) =>
      assessments.submit(actor, id, version, finaliseRfm, (q, a, child) => afterSubmit(q, actor, a, child)),

    async reviews(partnershipId: string, assessmentId: string): Promise<ReviewRow[]> {
      return db.query<ReviewRow>(
        `SELECT r.*, u.display_name AS reviewer_name FROM assessment_reviews r LEFT JOIN users u ON u.id = r.reviewer_user_id
          WHERE r.partnership_id = $1 AND r.assessment_id = $2 ORDER BY r.review_number`,
        [partnershipId, assessmentId],
      );
    },

    /** Section E: judgement only; a fourth review is refused (DOMAIN §3.2). */
    async addReview(actor: Actor, assessmentId: string, r: { reviewedOn: string; riskLevel: string; riskType: string; content: Record<string, string> }) {
      return db.tx(async (q) => {
        const [a] = await q.query<AssessmentRow>(
          `SELECT * FROM assessments WHERE partnership_id = $1 AND id = $2 AND instrument = 'rfm' AND status = 'submitted' AND superseded_at IS NULL FOR UPDATE`,
          [actor.partnershipId, assessmentId],
        );
        if (!a) return { ok: false as const, reason: 'not-found' as const };
        const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM assessment_reviews WHERE partnership_id = $1 AND assessment_id = $2`, [actor.partnershipId, assessmentId])) as [{ n: number }];
        const next = nextReview(n);
        if (!next.ok) {
          await audit(q, actor, { action: 'rfm.review', outcome: 'denied', subjectType: 'assessment', subjectId: assessmentId, childId: a.child_id, details: { reason: 'three reviews already' } });
          return { ok: false as const, reason: 'limit' as const, message: next.message };
        }
        const [last] = await q.query<{ risk_level: string; risk_type: string | null }>(
          `SELECT risk_level, risk_type FROM assessment_reviews WHERE partnership_id = $1 AND assessment_id = $2 ORDER BY review_number DESC LIMIT 1`,
          [actor.partnershipId, assessmentId],
        );
        await q.query(
          `INSERT INTO assessment_reviews (partnership_id, assessment_id, child_id, review_number, reviewed_on, reviewer_user_id, risk_level_before, risk_type_before, risk_level, risk_type, content)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          [actor.partnershipId, assessmentId, a.child_id, next.reviewNumber, r.reviewedOn, actor.userId, last?.risk_level ?? a.judged_level, last?.risk_type ?? a.risk_type, r.riskLevel, r.riskType, JSON.stringify(r.content)],
        );
        await q.query(
          `INSERT INTO timeline_events (partnership_id, child_id, kind, summary, actor_user_id, link) VALUES ($1, $2, 'assessment', $3, $4, $5)`,
          [actor.partnershipId, a.child_id, `Risk Factor Matrix review ${next.reviewNumber}: ${r.riskLevel} risk (${r.riskType})`, actor.userId, `/assessments/${assessmentId}`],
        );
        await audit(q, actor, { action: 'rfm.review', subjectType: 'assessment', subjectId: assessmentId, childId: a.child_id, details: { reviewNumber: next.reviewNumber, riskLevel: r.riskLevel } });
        return { ok: true as const, reviewNumber: next.reviewNumber };
      });
    },

    async steps(partnershipId: string, assessmentId: string): Promise<StepRow[]> {
      return db.query<StepRow>(`SELECT * FROM pathway_steps WHERE partnership_id = $1 AND assessment_id = $2 ORDER BY required DESC, created_at`, [partnershipId, assessmentId]);
    },

    async openRequiredSteps(partnershipId: string, childId: string): Promise<StepRow[]> {
      return db.query<StepRow>(`SELECT * FROM pathway_steps WHERE partnership_id = $1 AND child_id = $2 AND required AND status = 'open' ORDER BY created_at`, [partnershipId, childId]);
    },

    /** Records a route taken (date and service) or not taken; a required step cannot be marked not taken. */
    async recordStep(actor: Actor, stepId: string, s: { status: 'taken' | 'not-taken'; takenOn?: string; service?: string; note?: string }) {
      return db.tx(async (q) => {
        const [step] = await q.query<StepRow>(`SELECT * FROM pathway_steps WHERE partnership_id = $1 AND id = $2`, [actor.partnershipId, stepId]);
        if (!step) return { ok: false as const, reason: 'not-found' as const };
        if (step.required && s.status === 'not-taken') return { ok: false as const, reason: 'required' as const };
        await q.query(
          `UPDATE pathway_steps SET status = $3, taken_on = $4, service = $5, note = $6, recorded_by = $7, recorded_at = now() WHERE partnership_id = $1 AND id = $2`,
          [actor.partnershipId, stepId, s.status, s.takenOn ?? null, s.service ?? null, s.note ?? null, actor.userId],
        );
        await q.query(
          `INSERT INTO timeline_events (partnership_id, child_id, kind, summary, actor_user_id, link) VALUES ($1, $2, 'pathway', $3, $4, $5)`,
          [actor.partnershipId, step.child_id, s.status === 'taken' ? `${step.title}: done${s.service ? ` (${s.service})` : ''}` : `${step.title}: not taken`, actor.userId, `/rfm/${step.assessment_id}/pathway`],
        );
        await audit(q, actor, { action: 'rfm.pathway.record', subjectType: 'pathway-step', subjectId: stepId, childId: step.child_id, details: { route: step.route_id, status: s.status } });
        return { ok: true as const, step };
      });
    },

    /** The child's current RFM (newest submitted, not superseded) and when it was last updated (a review counts). */
    async currentRfm(partnershipId: string, childId: string) {
      const [a] = await db.query<AssessmentRow & { last_updated: string; reviews: number }>(
        `SELECT a.*, greatest(a.completed_on, (SELECT max(reviewed_on) FROM assessment_reviews r WHERE r.partnership_id = a.partnership_id AND r.assessment_id = a.id))::text AS last_updated,
                (SELECT count(*)::int FROM assessment_reviews r WHERE r.partnership_id = a.partnership_id AND r.assessment_id = a.id) AS reviews
           FROM assessments a
          WHERE a.partnership_id = $1 AND a.child_id = $2 AND a.instrument = 'rfm' AND a.status = 'submitted' AND a.superseded_at IS NULL
          ORDER BY a.completed_on DESC, a.submitted_at DESC LIMIT 1`,
        [partnershipId, childId],
      );
      if (!a) return undefined;
      return { assessment: a, lastUpdated: a.last_updated, reviews: a.reviews, renewal: renewalStatus(a.completed_on!, todayIso()) };
    },

    /** DOMAIN §3.3: a referral without an updated RFM (completed or reviewed within the partnership's window) is not accepted. */
    isRfmRecentEnough(partnershipId: string, lastUpdated: string | undefined, today = todayIso()): boolean {
      const months = partnerships.get(partnershipId)?.ceReferralRfmMaxAgeMonths ?? REFERRAL_RFM_MAX_AGE_MONTHS;
      return !!lastUpdated && addCalendarMonths(lastUpdated, months) >= today;
    },

    async createReferral(actor: Actor, child: ChildRow, rfmId: string, content: Record<string, unknown>) {
      const p = partnerships.get(actor.partnershipId)!;
      return db.tx(async (q) => {
        const [row] = await q.query<{ id: string }>(
          `INSERT INTO referrals (partnership_id, child_id, kind, assessment_id, content, created_by) VALUES ($1, $2, 'ce-referral', $3, $4, $5) RETURNING id`,
          [actor.partnershipId, child.id, rfmId, JSON.stringify(content), actor.userId],
        );
        await addToTriage(q, { partnershipId: actor.partnershipId, childId: child.id, districtId: child.district_id, kind: 'referral', subjectId: row!.id, summary: 'CE referral form (CSE service)', referrerUserId: actor.userId });
        const ceTeam = p.routes.find((r) => r.id === 'ce-team')?.email ?? p.coordinatorsInbox;
        await enqueueMail(q, { partnershipId: actor.partnershipId, to: ceTeam, subject: `CE referral for child ${child.reference}`, body: `A CE referral form with its Risk Factor Matrix has been made for child ${child.reference} by ${actor.displayName}. It is in the triage inbox for the weekly triage.\n\n${p.marking.text}` });
        await q.query(`INSERT INTO timeline_events (partnership_id, child_id, kind, summary, actor_user_id) VALUES ($1, $2, 'referral', 'CE referral made to the CE team', $3)`, [actor.partnershipId, child.id, actor.userId]);
        await audit(q, actor, { action: 'referral.create', subjectType: 'referral', subjectId: row!.id, childId: child.id });
        return row!.id;
      });
    },

    async missingEpisodes(partnershipId: string, childId: string) {
      return db.query<{ id: string; went_missing_on: string; returned_on: string | null; notes: string | null; started_at: Date | null; ended_at: Date | null; found_at_text: string | null; found_location_label: string | null; with_whom: string | null; reported_by: string | null; return_interview: string | null; exploitation_concern: boolean }>(
        // Issue #6 (intelligence) extended the episode: times, where found, with whom, who reported it, the return interview.
        `SELECT m.id, m.went_missing_on, m.returned_on, m.notes, m.started_at, m.ended_at, m.found_at_text, l.label AS found_location_label, m.with_whom, m.reported_by, m.return_interview, m.exploitation_concern
           FROM missing_episodes m LEFT JOIN intel_records l ON l.partnership_id = m.partnership_id AND l.id = m.found_location_record_id
          WHERE m.partnership_id = $1 AND m.child_id = $2 ORDER BY m.went_missing_on, m.created_at`,
        [partnershipId, childId],
      );
    },

    /** Records a missing episode; at the 3rd, 5th and 9th a Missing Intervention Meeting is prompted (DOMAIN §3.2). */
    async addMissingEpisode(actor: Actor, childId: string, e: { wentMissingOn: string; returnedOn?: string; notes?: string }, details: Record<string, unknown> = {}) {
      return db.tx(async (q) => {
        // details: the extended columns (issue #6), read by readMissingExtras in features/intelligence/history.ts.
        const extra = Object.keys(details).filter((c) => /^[a-z_]+$/.test(c));
        await q.query(`INSERT INTO missing_episodes (partnership_id, child_id, went_missing_on, returned_on, notes, created_by${extra.map((c) => `, ${c}`).join('')}) VALUES ($1, $2, $3, $4, $5, $6${extra.map((_, i) => `, $${i + 7}`).join('')})`, [
          actor.partnershipId, childId, e.wentMissingOn, e.returnedOn ?? null, e.notes ?? null, actor.userId, ...extra.map((c) => details[c]),
        ]);
        const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM missing_episodes WHERE partnership_id = $1 AND child_id = $2`, [actor.partnershipId, childId])) as [{ n: number }];
        const prompt = missingEpisodePrompt(n);
        await q.query(`INSERT INTO timeline_events (partnership_id, child_id, kind, summary, actor_user_id) VALUES ($1, $2, 'missing', $3, $4)`, [
          actor.partnershipId, childId, `Missing episode ${n} recorded${prompt ? ': Missing Intervention Meeting due' : ''}`, actor.userId,
        ]);
        await audit(q, actor, { action: 'missing.add', subjectType: 'child', subjectId: childId, childId, details: { episode: n } });
        return { episode: n, prompt };
      });
    },
  };
}
