import type { Queryable } from '../../db/client.ts';

import type { RiskLevel } from '../../domain/risk/levels.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';
import { markDue } from '../reviews/due-marks.ts';

export type AssessmentRow = {
  partnership_id: string;
  id: string;
  series_id: string;
  series_version: number;
  amends_id: string | null;
  child_id: string;
  instrument: string;
  instrument_version: string;
  status: 'draft' | 'submitted';
  author_user_id: string;
  author_agency_id: string;
  author_name?: string;
  completed_on: string | null;
  period_start: string | null;
  period_end: string | null;
  scored_result: Record<string, unknown> | null;
  scored_level: RiskLevel | null;
  judged_level: RiskLevel | null;
  risk_type: 'CSE' | 'CCE' | 'Dual' | null;
  primary_risk: 'CSE' | 'CCE' | 'Other' | null;
  content: Record<string, unknown>;
  superseded_at: Date | null;
  submitted_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
};

/** The fields an instrument sets when its assessment is submitted. */
export type Finalised = {
  completedOn: string;
  periodStart?: string | null;
  periodEnd?: string | null;
  scoredResult: Record<string, unknown>;
  scoredLevel: RiskLevel | null;
  judgedLevel: RiskLevel;
  riskType?: 'CSE' | 'CCE' | 'Dual' | null;
  primaryRisk?: 'CSE' | 'CCE' | 'Other' | null;
  content?: Record<string, unknown>;
};

export type RiskHistoryRow = {
  kind: 'assessment' | 'review';
  id: string;
  assessment_id: string;
  instrument: string;
  on_date: string;
  at: Date;
  scored_level: RiskLevel | null;
  judged_level: RiskLevel;
  risk_type: string | null;
  detail: string | null;
};

const select = `SELECT a.*, u.display_name AS author_name FROM assessments a LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.author_user_id`;

export function assessmentRepository() {
  return {
    async insert(
      q: Queryable,
      a: {
        partnershipId: string;
        childId: string;
        instrument: string;
        instrumentVersion: string;
        userId: string;
        agencyId: string;
        content: Record<string, unknown>;
        seriesId?: string;
        seriesVersion?: number;
        amendsId?: string;
      },
    ): Promise<AssessmentRow> {
      const [row] = await q.query<AssessmentRow>(
        `INSERT INTO assessments (partnership_id, series_id, series_version, amends_id, child_id, instrument, instrument_version, author_user_id, author_agency_id, content)
         VALUES ($1, coalesce($2::uuid, gen_random_uuid()), $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          a.partnershipId,
          a.seriesId ?? null,
          a.seriesVersion ?? 1,
          a.amendsId ?? null,
          a.childId,
          a.instrument,
          a.instrumentVersion,
          a.userId,
          a.agencyId,
          JSON.stringify(a.content),
        ],
      );
      return row!;
    },

    async find(q: Queryable, partnershipId: string, id: string): Promise<AssessmentRow | undefined> {
      const [row] = await q.query<AssessmentRow>(`${select} WHERE a.partnership_id = $1 AND a.id = $2`, [partnershipId, id]);
      return row;
    },

    async forChild(q: Queryable, partnershipId: string, childId: string, instrument?: string): Promise<AssessmentRow[]> {
      return q.query<AssessmentRow>(
        `${select} WHERE a.partnership_id = $1 AND a.child_id = $2 AND ($3::text IS NULL OR a.instrument = $3)
          ORDER BY coalesce(a.submitted_at, a.created_at) DESC`,
        [partnershipId, childId, instrument ?? null],
      );
    },

    /** Saves a draft's content only when the version read is still current. */
    async saveDraft(
      q: Queryable,
      partnershipId: string,
      id: string,
      version: number,
      content: Record<string, unknown>,
      fields: { completedOn?: string | null; riskType?: string | null; primaryRisk?: string | null } = {},
    ) {
      const [row] = await q.query<AssessmentRow>(
        `UPDATE assessments SET content = $4, completed_on = coalesce($5, completed_on), risk_type = coalesce($6, risk_type),
                primary_risk = coalesce($7, primary_risk), version = version + 1, updated_at = now()
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND status = 'draft' RETURNING *`,
        [partnershipId, id, version, JSON.stringify(content), fields.completedOn ?? null, fields.riskType ?? null, fields.primaryRisk ?? null],
      );
      return row;
    },

    async submit(q: Queryable, partnershipId: string, id: string, version: number, f: Finalised) {
      const [row] = await q.query<AssessmentRow>(
        `UPDATE assessments SET status = 'submitted', submitted_at = now(), updated_at = now(), version = version + 1,
                completed_on = $4, period_start = $5, period_end = $6, scored_result = $7, scored_level = $8, judged_level = $9,
                risk_type = coalesce($10, risk_type), primary_risk = coalesce($11, primary_risk), content = coalesce($12, content)
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND status = 'draft' RETURNING *`,
        [
          partnershipId,
          id,
          version,
          f.completedOn,
          f.periodStart ?? null,
          f.periodEnd ?? null,
          JSON.stringify(f.scoredResult),
          f.scoredLevel,
          f.judgedLevel,
          f.riskType ?? null,
          f.primaryRisk ?? null,
          f.content ? JSON.stringify(f.content) : null,
        ],
      );
      if (row?.amends_id) {
        await q.query(`UPDATE assessments SET superseded_at = now() WHERE partnership_id = $1 AND id = $2`, [partnershipId, row.amends_id]);
      }
      // A risk decision: what falls due for the child changes (review_due, migration 071).
      if (row) await markDue(q, partnershipId, [row.child_id]);
      return row;
    },

    /** The open draft of a series (an amendment under way), if any. */
    async draftInSeries(q: Queryable, partnershipId: string, seriesId: string): Promise<AssessmentRow | undefined> {
      const existing = await q.query<AssessmentRow>(`SELECT * FROM assessments WHERE partnership_id = $1 AND series_id = $2 AND status = 'draft'`, [
        partnershipId,
        seriesId,
      ]);
      return existing[0];
    },

    async maxSeriesVersion(q: Queryable, partnershipId: string, seriesId: string): Promise<number> {
      const [{ max }] = (await q.query<{ max: number }>(
        `SELECT max(series_version)::int AS max FROM assessments WHERE partnership_id = $1 AND series_id = $2`,
        [partnershipId, seriesId],
      )) as [{ max: number }];
      return max;
    },

    /** Every version of a series, newest first. */
    async versions(q: Queryable, partnershipId: string, seriesId: string): Promise<AssessmentRow[]> {
      return q.query<AssessmentRow>(`SELECT * FROM assessments WHERE partnership_id = $1 AND series_id = $2 ORDER BY series_version DESC`, [
        partnershipId,
        seriesId,
      ]);
    },

    /** The drafts an author started and has not submitted, newest change first (the home page). */
    async draftsByAuthor(q: Queryable, partnershipId: string, userId: string) {
      return q.query<{ id: string; instrument: string; child_id: string; first_name: string; last_name: string; updated_at: Date }>(
        `SELECT a.id, a.instrument, a.child_id, c.first_name, c.last_name, a.updated_at
           FROM assessments a JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
          WHERE a.partnership_id = $1 AND a.author_user_id = $2 AND a.status = 'draft' ORDER BY a.updated_at DESC LIMIT 10`,
        [partnershipId, userId],
      );
    },

    /** A stale save, kept so the user's input is not lost. */
    async keepConflict(q: Queryable, partnershipId: string, id: string, userId: string, readVersion: number, submitted: unknown): Promise<void> {
      await keepEditConflict(q, partnershipId, 'assessment', id, userId, readVersion, submitted);
    },

    /** Risk over time across instruments and reviews, newest first. */
    async riskHistory(q: Queryable, partnershipId: string, childId: string): Promise<RiskHistoryRow[]> {
      return q.query<RiskHistoryRow>(
        `SELECT 'assessment' AS kind, a.id, a.id AS assessment_id, a.instrument, a.completed_on AS on_date, a.submitted_at AS at,
                a.scored_level, a.judged_level, a.risk_type, NULL AS detail
           FROM assessments a
          WHERE a.partnership_id = $1 AND a.child_id = $2 AND a.status = 'submitted' AND a.superseded_at IS NULL
         UNION ALL
         SELECT 'review', r.id, r.assessment_id, a.instrument, r.reviewed_on, r.created_at, NULL, r.risk_level, r.risk_type,
                'Review ' || r.review_number
           FROM assessment_reviews r JOIN assessments a ON a.partnership_id = r.partnership_id AND a.id = r.assessment_id
          WHERE r.partnership_id = $1 AND r.child_id = $2
         ORDER BY on_date DESC, at DESC`,
        [partnershipId, childId],
      );
    },
  };
}
