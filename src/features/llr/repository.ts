import type { Queryable } from '../../db/client.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';

type ConcernSource = 'ppn' | 'intelligence' | 'screening-tool' | 'partner-referral';

export type ConcernRow = {
  partnership_id: string;
  id: string;
  child_id: string;
  source: ConcernSource;
  indicators_present: boolean;
  risk_changed: boolean | null;
  summary: string;
  routed_to: string | null;
  routing_reason: string | null;
  created_by: string;
  created_by_name?: string | null;
  created_at: Date;
};

export type NpaReferralRow = {
  partnership_id: string;
  id: string;
  child_id: string;
  assessment_id: string;
  district_id: string | null;
  rule_code: string;
  rule_text: string;
  record_on: string | null;
  summary: string | null;
  status: 'drafted' | 'sent' | 'closed';
  outcome: 'work-done' | 'work-not-done' | null;
  outcome_detail: string | null;
  outcome_recorded_by: string | null;
  outcome_recorded_by_name?: string | null;
  outcome_recorded_at: Date | null;
  created_at: Date;
  version: number;
};

/** What the previous-CE-concerns check found for a child (DOMAIN §5 intake). */
export type CeHistory = { concernsWithIndicators: number; thriveGradings: number };

/** All SQL of the LLR feature; every query names the partnership. */
export function llrRepository() {
  return {
    async insertConcern(
      q: Queryable,
      c: {
        partnershipId: string;
        childId: string;
        source: ConcernSource;
        indicatorsPresent: boolean;
        riskChanged: boolean | null;
        summary: string;
        routedTo: string | null;
        routingReason: string;
        userId: string;
      },
    ): Promise<ConcernRow> {
      const [row] = await q.query<ConcernRow>(
        `INSERT INTO concerns (partnership_id, child_id, source, indicators_present, risk_changed, summary, routed_to, routing_reason, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [c.partnershipId, c.childId, c.source, c.indicatorsPresent, c.riskChanged, c.summary, c.routedTo, c.routingReason, c.userId],
      );
      return row!;
    },

    async findConcern(q: Queryable, partnershipId: string, id: string): Promise<ConcernRow | undefined> {
      const [row] = await q.query<ConcernRow>(
        `SELECT c.*, u.display_name AS created_by_name FROM concerns c LEFT JOIN users u ON u.partnership_id = c.partnership_id AND u.id = c.created_by
          WHERE c.partnership_id = $1 AND c.id = $2`,
        [partnershipId, id],
      );
      return row;
    },

    /** Previous CE concerns: earlier concerns with exploitation indicators, and submitted THRIVE gradings. */
    async ceHistory(q: Queryable, partnershipId: string, childId: string): Promise<CeHistory> {
      const [row] = await q.query<{ concerns: number; thrive: number }>(
        `SELECT (SELECT count(*)::int FROM concerns WHERE partnership_id = $1 AND child_id = $2 AND indicators_present) AS concerns,
                (SELECT count(*)::int FROM assessments WHERE partnership_id = $1 AND child_id = $2 AND instrument = 'thrive'
                    AND status = 'submitted') AS thrive`,
        [partnershipId, childId],
      );
      return { concernsWithIndicators: row?.concerns ?? 0, thriveGradings: row?.thrive ?? 0 };
    },

    /** The child's other submitted, current THRIVE gradings (not earlier versions of this one): the DRMM date and grade of each. */
    async previousGradings(q: Queryable, partnershipId: string, childId: string, exceptId: string): Promise<{ date: string; grade: string }[]> {
      return q.query<{ date: string; grade: string }>(
        `SELECT coalesce(content->>'drmmDate', to_char(completed_on, 'YYYY-MM-DD')) AS date, judged_level AS grade
           FROM assessments
          WHERE partnership_id = $1 AND child_id = $2 AND instrument = 'thrive' AND status = 'submitted'
            AND superseded_at IS NULL
            AND series_id <> (SELECT series_id FROM assessments WHERE partnership_id = $1 AND id = $3)
          ORDER BY completed_on DESC`,
        [partnershipId, childId, exceptId],
      );
    },

    async draftThriveBy(q: Queryable, partnershipId: string, childId: string, userId: string): Promise<{ id: string } | undefined> {
      const [row] = await q.query<{ id: string }>(
        `SELECT id FROM assessments WHERE partnership_id = $1 AND child_id = $2 AND instrument = 'thrive' AND status = 'draft'
            AND author_user_id = $3 AND amends_id IS NULL ORDER BY created_at DESC LIMIT 1`,
        [partnershipId, childId, userId],
      );
      return row;
    },

    async setNpaManagedAs(q: Queryable, partnershipId: string, childId: string, managedAs: string | null) {
      await q.query(`UPDATE children SET npa_managed_as = $3 WHERE partnership_id = $1 AND id = $2`, [partnershipId, childId, managedAs]);
    },

    async insertNpaReferral(
      q: Queryable,
      r: {
        partnershipId: string;
        childId: string;
        assessmentId: string;
        districtId: string | null;
        ruleCode: string;
        ruleText: string;
        recordOn: string | null;
        summary: string | null;
      },
    ): Promise<NpaReferralRow> {
      const [row] = await q.query<NpaReferralRow>(
        `INSERT INTO npa_referrals (partnership_id, child_id, assessment_id, district_id, rule_code, rule_text, record_on, summary, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'drafted') RETURNING *`,
        [r.partnershipId, r.childId, r.assessmentId, r.districtId, r.ruleCode, r.ruleText, r.recordOn, r.summary],
      );
      return row!;
    },

    async findNpaReferral(q: Queryable, partnershipId: string, id: string): Promise<NpaReferralRow | undefined> {
      const [row] = await q.query<NpaReferralRow>(
        `SELECT r.*, u.display_name AS outcome_recorded_by_name FROM npa_referrals r LEFT JOIN users u ON u.partnership_id = r.partnership_id AND u.id = r.outcome_recorded_by
          WHERE r.partnership_id = $1 AND r.id = $2`,
        [partnershipId, id],
      );
      return row;
    },

    async npaReferralFor(q: Queryable, partnershipId: string, assessmentId: string): Promise<NpaReferralRow | undefined> {
      const [row] = await q.query<NpaReferralRow>(
        `SELECT r.*, u.display_name AS outcome_recorded_by_name FROM npa_referrals r LEFT JOIN users u ON u.partnership_id = r.partnership_id AND u.id = r.outcome_recorded_by
          WHERE r.partnership_id = $1 AND r.assessment_id = $2 ORDER BY r.created_at DESC LIMIT 1`,
        [partnershipId, assessmentId],
      );
      return row;
    },

    /** Records the NPA's outcome and closes the referral, only when the version read is still current. */
    async recordOutcome(q: Queryable, partnershipId: string, id: string, version: number, o: { outcome: string; detail: string | null; userId: string }) {
      const [row] = await q.query<NpaReferralRow>(
        `UPDATE npa_referrals SET outcome = $4, outcome_detail = $5, outcome_recorded_by = $6, outcome_recorded_at = now(),
                status = 'closed', version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND status <> 'closed' RETURNING *`,
        [partnershipId, id, version, o.outcome, o.detail, o.userId],
      );
      return row;
    },

    async keepConflict(q: Queryable, partnershipId: string, recordType: string, recordId: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, recordType, recordId, userId, readVersion, submitted);
    },
  };
}
