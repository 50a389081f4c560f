import type { Queryable } from '../../db/client.ts';
import type { AssessmentRow } from '../assessments/repository.ts';
import { markDue } from '../reviews/due-marks.ts';

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

type MissingEpisodeRow = {
  id: string;
  went_missing_on: string;
  returned_on: string | null;
  notes: string | null;
  started_at: Date | null;
  ended_at: Date | null;
  found_at_text: string | null;
  found_location_label: string | null;
  with_whom: string | null;
  reported_by: string | null;
  return_interview: string | null;
  exploitation_concern: boolean;
};

type NewStep = {
  partnershipId: string;
  childId: string;
  assessmentId: string;
  routeId: string;
  title: string;
  reason: string;
  required: boolean;
  status: 'open' | 'taken';
  takenOn: string | null;
  service: string | null;
  recordedBy: string | null;
  recordedAt: Date | null;
};

type NewReview = {
  partnershipId: string;
  assessmentId: string;
  childId: string;
  reviewNumber: number;
  reviewedOn: string;
  reviewerUserId: string;
  riskLevelBefore: string | null;
  riskTypeBefore: string | null;
  riskLevel: string;
  riskType: string;
  content: Record<string, string>;
};

/** The Risk Factor Matrix's own SQL: its reviews (section E), its pathway steps, the CE referral and missing episodes. */
export function rfmRepository() {
  return {
    async insertStep(q: Queryable, s: NewStep): Promise<void> {
      await q.query(
        `INSERT INTO pathway_steps (partnership_id, child_id, assessment_id, route_id, title, reason, required, status, taken_on, service, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [s.partnershipId, s.childId, s.assessmentId, s.routeId, s.title, s.reason, s.required, s.status, s.takenOn, s.service, s.recordedBy, s.recordedAt],
      );
    },

    async reviews(q: Queryable, partnershipId: string, assessmentId: string): Promise<ReviewRow[]> {
      return q.query<ReviewRow>(
        `SELECT r.*, u.display_name AS reviewer_name FROM assessment_reviews r LEFT JOIN users u ON u.partnership_id = r.partnership_id AND u.id = r.reviewer_user_id
          WHERE r.partnership_id = $1 AND r.assessment_id = $2 ORDER BY r.review_number`,
        [partnershipId, assessmentId],
      );
    },

    /** The submitted, current RFM, locked for a review to be added. */
    async lockSubmitted(q: Queryable, partnershipId: string, assessmentId: string): Promise<AssessmentRow | undefined> {
      const [a] = await q.query<AssessmentRow>(
        `SELECT * FROM assessments WHERE partnership_id = $1 AND id = $2 AND instrument = 'rfm' AND status = 'submitted' AND superseded_at IS NULL FOR UPDATE`,
        [partnershipId, assessmentId],
      );
      return a;
    },

    async reviewCount(q: Queryable, partnershipId: string, assessmentId: string): Promise<number> {
      const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM assessment_reviews WHERE partnership_id = $1 AND assessment_id = $2`, [
        partnershipId,
        assessmentId,
      ])) as [{ n: number }];
      return n;
    },

    async lastReview(q: Queryable, partnershipId: string, assessmentId: string): Promise<{ risk_level: string; risk_type: string | null } | undefined> {
      const [last] = await q.query<{ risk_level: string; risk_type: string | null }>(
        `SELECT risk_level, risk_type FROM assessment_reviews WHERE partnership_id = $1 AND assessment_id = $2 ORDER BY review_number DESC LIMIT 1`,
        [partnershipId, assessmentId],
      );
      return last;
    },

    async insertReview(q: Queryable, r: NewReview): Promise<void> {
      await q.query(
        `INSERT INTO assessment_reviews (partnership_id, assessment_id, child_id, review_number, reviewed_on, reviewer_user_id, risk_level_before, risk_type_before, risk_level, risk_type, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          r.partnershipId,
          r.assessmentId,
          r.childId,
          r.reviewNumber,
          r.reviewedOn,
          r.reviewerUserId,
          r.riskLevelBefore,
          r.riskTypeBefore,
          r.riskLevel,
          r.riskType,
          JSON.stringify(r.content),
        ],
      );
      // A risk decision: what falls due for the child changes (review_due, migration 071).
      await markDue(q, r.partnershipId, [r.childId]);
    },

    async steps(q: Queryable, partnershipId: string, assessmentId: string): Promise<StepRow[]> {
      return q.query<StepRow>(`SELECT * FROM pathway_steps WHERE partnership_id = $1 AND assessment_id = $2 ORDER BY required DESC, created_at`, [
        partnershipId,
        assessmentId,
      ]);
    },

    async openRequiredSteps(q: Queryable, partnershipId: string, childId: string): Promise<StepRow[]> {
      return q.query<StepRow>(`SELECT * FROM pathway_steps WHERE partnership_id = $1 AND child_id = $2 AND required AND status = 'open' ORDER BY created_at`, [
        partnershipId,
        childId,
      ]);
    },

    async findStep(q: Queryable, partnershipId: string, stepId: string): Promise<StepRow | undefined> {
      const [step] = await q.query<StepRow>(`SELECT * FROM pathway_steps WHERE partnership_id = $1 AND id = $2`, [partnershipId, stepId]);
      return step;
    },

    async recordStep(
      q: Queryable,
      partnershipId: string,
      stepId: string,
      s: { status: 'taken' | 'not-taken'; takenOn?: string; service?: string; note?: string },
      userId: string,
    ): Promise<void> {
      await q.query(
        `UPDATE pathway_steps SET status = $3, taken_on = $4, service = $5, note = $6, recorded_by = $7, recorded_at = now() WHERE partnership_id = $1 AND id = $2`,
        [partnershipId, stepId, s.status, s.takenOn ?? null, s.service ?? null, s.note ?? null, userId],
      );
    },

    /** The child's newest submitted, current RFM with the date it was last updated (a review counts) and its number of reviews. */
    async current(q: Queryable, partnershipId: string, childId: string): Promise<(AssessmentRow & { last_updated: string; reviews: number }) | undefined> {
      const [a] = await q.query<AssessmentRow & { last_updated: string; reviews: number }>(
        `SELECT a.*, greatest(a.completed_on, (SELECT max(reviewed_on) FROM assessment_reviews r WHERE r.partnership_id = a.partnership_id AND r.assessment_id = a.id))::text AS last_updated,
                (SELECT count(*)::int FROM assessment_reviews r WHERE r.partnership_id = a.partnership_id AND r.assessment_id = a.id) AS reviews
           FROM assessments a
          WHERE a.partnership_id = $1 AND a.child_id = $2 AND a.instrument = 'rfm' AND a.status = 'submitted' AND a.superseded_at IS NULL
          ORDER BY a.completed_on DESC, a.submitted_at DESC LIMIT 1`,
        [partnershipId, childId],
      );
      return a;
    },

    async insertReferral(
      q: Queryable,
      partnershipId: string,
      childId: string,
      rfmId: string,
      content: Record<string, unknown>,
      userId: string,
    ): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO referrals (partnership_id, child_id, kind, assessment_id, content, created_by) VALUES ($1, $2, 'ce-referral', $3, $4, $5) RETURNING id`,
        [partnershipId, childId, rfmId, JSON.stringify(content), userId],
      );
      return row!.id;
    },

    async missingEpisodes(q: Queryable, partnershipId: string, childId: string): Promise<MissingEpisodeRow[]> {
      return q.query<MissingEpisodeRow>(
        // Issue #6 (intelligence) extended the episode: times, where found, with whom, who reported it, the return interview.
        `SELECT m.id, m.went_missing_on, m.returned_on, m.notes, m.started_at, m.ended_at, m.found_at_text, l.label AS found_location_label, m.with_whom, m.reported_by, m.return_interview, m.exploitation_concern
           FROM missing_episodes m LEFT JOIN intel_records l ON l.partnership_id = m.partnership_id AND l.id = m.found_location_record_id
          WHERE m.partnership_id = $1 AND m.child_id = $2 ORDER BY m.went_missing_on, m.created_at`,
        [partnershipId, childId],
      );
    },

    /** details: the extended columns (issue #6), read by readMissingExtras in features/intelligence/history.ts; only lower-case column names are written. */
    async insertMissingEpisode(
      q: Queryable,
      partnershipId: string,
      childId: string,
      e: { wentMissingOn: string; returnedOn?: string; notes?: string },
      details: Record<string, unknown>,
      userId: string,
    ): Promise<void> {
      const extra = Object.keys(details).filter((c) => /^[a-z_]+$/.test(c));
      await q.query(
        `INSERT INTO missing_episodes (partnership_id, child_id, went_missing_on, returned_on, notes, created_by${extra.map((c) => `, ${c}`).join('')}) VALUES ($1, $2, $3, $4, $5, $6${extra.map((_, i) => `, $${i + 7}`).join('')})`,
        [partnershipId, childId, e.wentMissingOn, e.returnedOn ?? null, e.notes ?? null, userId, ...extra.map((c) => details[c])],
      );
    },

    async missingEpisodeCount(q: Queryable, partnershipId: string, childId: string): Promise<number> {
      const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM missing_episodes WHERE partnership_id = $1 AND child_id = $2`, [
        partnershipId,
        childId,
      ])) as [{ n: number }];
      return n;
    },
  };
}
