import type { Queryable } from '../../db/client.ts';

/** One child's inputs to the schedule: the newest assessment and meeting decisions, RFM, VAT and CE risk assessment. */
export type ScheduleInputRow = {
  child_id: string;
  reference: string;
  first_name: string;
  last_name: string;
  district_id: string | null;
  a_on: string | null;
  a_level: 'none' | 'low' | 'medium' | 'high' | null;
  a_type: string | null;
  a_instrument: string | null;
  a_owner: string | null;
  m_on: string | null;
  m_level: 'none' | 'low' | 'medium' | 'high' | null;
  m_instrument: string | null;
  m_next: string | null;
  m_owner: string | null;
  rfm_on: string | null;
  rfm_owner: string | null;
  vat_on: string | null;
  vat_owner: string | null;
  ce_on: string | null;
};

export type CeUpdateRow = { id: string; completed_on: string; meeting_kind: string; completed_by_agency_id: string; recorded_by_name: string | null; recorded_at: Date };

/** All SQL of reviews; every query filters by partnership. */
export function reviewRepository() {
  return {
    /** The inputs for every child with a risk decision (or one child). */
    async scheduleInputs(q: Queryable, partnershipId: string, f: { childId?: string; districtId?: string } = {}): Promise<ScheduleInputRow[]> {
      const params: unknown[] = [partnershipId];
      const conds: string[] = [];
      if (f.childId) {
        params.push(f.childId);
        conds.push(`ch.id = $${params.length}`);
      }
      if (f.districtId) {
        params.push(f.districtId);
        conds.push(`ch.district_id = $${params.length}`);
      }
      // One child (the identity bar, the API): each CTE reads that child's rows only, not the partnership's.
      const one = (column: string) => (f.childId ? ` AND ${column} = $2` : '');
      return q.query<ScheduleInputRow>(
        `WITH asmt AS (
           SELECT DISTINCT ON (child_id) child_id, on_date, level, risk_type, instrument, owner_user_id FROM (
             SELECT a.child_id, a.completed_on AS on_date, a.judged_level AS level, a.risk_type, a.instrument, a.author_user_id AS owner_user_id, a.submitted_at AS at
               FROM assessments a WHERE a.partnership_id = $1 AND a.status = 'submitted' AND a.superseded_at IS NULL${one('a.child_id')}
             UNION ALL
             SELECT r.child_id, r.reviewed_on, r.risk_level, r.risk_type, a.instrument, r.reviewer_user_id, r.created_at
               FROM assessment_reviews r JOIN assessments a ON a.partnership_id = r.partnership_id AND a.id = r.assessment_id
              WHERE r.partnership_id = $1${one('r.child_id')}
           ) x ORDER BY child_id, on_date DESC, at DESC
         ),
         meet AS (
           SELECT DISTINCT ON (c.child_id) c.child_id, (i.decided_at AT TIME ZONE 'Europe/London')::date AS on_date, i.risk_level AS level,
                  i.risk_instrument AS instrument, i.next_review_on, i.decided_by AS owner_user_id
             FROM agenda_items i JOIN agenda_item_children c ON c.partnership_id = i.partnership_id AND c.item_id = i.id
            WHERE i.partnership_id = $1 AND i.decided_at IS NOT NULL AND i.risk_level IS NOT NULL${one('c.child_id')}
            ORDER BY c.child_id, i.decided_at DESC
         ),
         rfm AS (
           SELECT DISTINCT ON (child_id) child_id, completed_on, author_user_id FROM assessments
            WHERE partnership_id = $1 AND instrument = 'rfm' AND status = 'submitted' AND superseded_at IS NULL${one('child_id')}
            ORDER BY child_id, completed_on DESC, submitted_at DESC
         ),
         vat AS (
           SELECT DISTINCT ON (child_id) child_id, completed_on, author_user_id FROM assessments
            WHERE partnership_id = $1 AND instrument = 'vat' AND status = 'submitted' AND superseded_at IS NULL${one('child_id')}
            ORDER BY child_id, completed_on DESC, submitted_at DESC
         ),
         ce AS (
           SELECT DISTINCT ON (child_id) child_id, completed_on FROM ce_risk_assessment_updates
            WHERE partnership_id = $1${one('child_id')} ORDER BY child_id, completed_on DESC
         )
         SELECT ch.id AS child_id, ch.reference, ch.first_name, ch.last_name, ch.district_id,
                asmt.on_date AS a_on, asmt.level AS a_level, asmt.risk_type AS a_type, asmt.instrument AS a_instrument, asmt.owner_user_id AS a_owner,
                meet.on_date AS m_on, meet.level AS m_level, meet.instrument AS m_instrument, meet.next_review_on AS m_next, meet.owner_user_id AS m_owner,
                rfm.completed_on AS rfm_on, rfm.author_user_id AS rfm_owner, vat.completed_on AS vat_on, vat.author_user_id AS vat_owner, ce.completed_on AS ce_on
           FROM children ch
           LEFT JOIN asmt ON asmt.child_id = ch.id
           LEFT JOIN meet ON meet.child_id = ch.id
           LEFT JOIN rfm ON rfm.child_id = ch.id
           LEFT JOIN vat ON vat.child_id = ch.id
           LEFT JOIN ce ON ce.child_id = ch.id
          WHERE ch.partnership_id = $1 AND (asmt.child_id IS NOT NULL OR meet.child_id IS NOT NULL OR ce.child_id IS NOT NULL)
            ${conds.map((c) => `AND ${c}`).join(' ')}`,
        params,
      );
    },

    /** Local dates of the panels of these meeting types per district, from `from` on (cancelled ones left out). */
    async panelDates(q: Queryable, partnershipId: string, typeIds: readonly string[], from: Date): Promise<{ district_id: string; on_date: string }[]> {
      if (!typeIds.length) return [];
      return q.query(
        `SELECT s.district_id, (o.starts_at AT TIME ZONE s.timezone)::date AS on_date
           FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
          WHERE o.partnership_id = $1 AND s.type_id = ANY($2::text[]) AND s.district_id IS NOT NULL AND o.status <> 'cancelled' AND o.starts_at >= $3
          ORDER BY o.starts_at`,
        [partnershipId, typeIds, from],
      );
    },

    async ceUpdates(q: Queryable, partnershipId: string, childId: string): Promise<CeUpdateRow[]> {
      return q.query<CeUpdateRow>(
        `SELECT u.id, u.completed_on, u.meeting_kind, u.completed_by_agency_id, r.display_name AS recorded_by_name, u.recorded_at
           FROM ce_risk_assessment_updates u LEFT JOIN users r ON r.partnership_id = u.partnership_id AND r.id = u.recorded_by
          WHERE u.partnership_id = $1 AND u.child_id = $2 ORDER BY u.completed_on DESC, u.recorded_at DESC`,
        [partnershipId, childId],
      );
    },

    async insertCeUpdate(q: Queryable, partnershipId: string, childId: string, v: { completedOn: string; meetingKind: string; agencyId: string; recordedBy: string }): Promise<string> {
      const [r] = await q.query<{ id: string }>(
        `INSERT INTO ce_risk_assessment_updates (partnership_id, child_id, completed_on, meeting_kind, completed_by_agency_id, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [partnershipId, childId, v.completedOn, v.meetingKind, v.agencyId, v.recordedBy],
      );
      return r!.id;
    },
  };
}
