import { prepared, type Queryable } from '../../db/client.ts';
import type { RiskLevel } from '../../domain/risk/levels.ts';
import { markDue } from './due-marks.ts';

/** One child's inputs to the schedule: the newest assessment and meeting decisions, RFM, VAT and CE risk assessment. */
export type ScheduleInputRow = {
  child_id: string;
  reference: string;
  first_name: string;
  last_name: string;
  district_id: string | null;
  a_on: string | null;
  a_level: RiskLevel | null;
  a_type: string | null;
  a_instrument: string | null;
  a_owner: string | null;
  m_on: string | null;
  m_level: RiskLevel | null;
  m_instrument: string | null;
  m_next: string | null;
  m_owner: string | null;
  rfm_on: string | null;
  rfm_owner: string | null;
  vat_on: string | null;
  vat_owner: string | null;
  ce_on: string | null;
};

/** A child's decision inputs: a schedule row without the child's identity. */
export type DecisionInputs = Omit<ScheduleInputRow, 'child_id' | 'reference' | 'first_name' | 'last_name' | 'district_id'>;

/** One child's inputs (the identity bar, the API): the decision fields, the scored level of the newest assessment, the district's panel dates. */
export type ChildInputs = DecisionInputs & {
  /** Whether the child has a submitted assessment or review at all (the a_ fields are its newest). */
  assessed: boolean;
  a_scored: RiskLevel | null;
  panel_dates: string[];
};

type ChildInputLine = {
  kind: 'a' | 'r' | 'm' | 'c' | 'p';
  on_date: string | null;
  level: ScheduleInputRow['a_level'];
  scored: ChildInputs['a_scored'];
  risk_type: string | null;
  instrument: string | null;
  owner: string | null;
  next_review_on: string | null;
  panels: string[] | null;
};

/** A row of review_due (migration 071): one item due for one child, as the domain computed it. */
export type DueRow = {
  child_id: string;
  kind: 'review' | 'rfm-renewal' | 'ce-risk-assessment';
  due_on: string;
  basis: string;
  owner_user_id: string | null;
  district_id: string | null;
  risk_level: RiskLevel | null;
  risk_type: string | null;
  risk_instrument: string | null;
  risk_on: string | null;
  risk_source: 'assessment' | 'meeting' | null;
};
export type DuePageRow = DueRow & { reference: string; first_name: string; last_name: string };
/** A date as YYYY-MM-DD. */
type IsoDateText = string;

type CeUpdateRow = {
  id: string;
  completed_on: string;
  meeting_kind: string;
  completed_by_agency_id: string;
  recorded_by_name: string | null;
  recorded_at: Date;
  /** DOMAIN §4 (002 §4.7): its outcome and, when medium or high, the type of exploitation discussed (null when recorded before). */
  outcome: 'low' | 'medium' | 'high' | null;
  risk_type: 'CSE' | 'CCE' | 'Dual' | null;
};

/** One child's decision rows and district panels (repository childInputs), prepared: every child page's identity bar asks it. */
const childInputsSql = prepared(
  'reviews_child_inputs',
  `SELECT 'a' AS kind, completed_on AS on_date, submitted_at AS at, judged_level AS level, scored_level AS scored, risk_type, instrument,
          author_user_id AS owner, NULL::date AS next_review_on, NULL::text[] AS panels
     FROM assessments WHERE partnership_id = $1 AND child_id = $2 AND status = 'submitted' AND superseded_at IS NULL
   UNION ALL
   SELECT 'r', r.reviewed_on, r.created_at, r.risk_level, NULL, r.risk_type, a.instrument, r.reviewer_user_id, NULL, NULL
     FROM assessment_reviews r JOIN assessments a ON a.partnership_id = r.partnership_id AND a.id = r.assessment_id
    WHERE r.partnership_id = $1 AND r.child_id = $2
   UNION ALL
   SELECT 'm', (i.decided_at AT TIME ZONE 'Europe/London')::date, i.decided_at, i.risk_level, NULL, NULL, i.risk_instrument, i.decided_by, i.next_review_on, NULL
     FROM agenda_items i JOIN agenda_item_children c ON c.partnership_id = i.partnership_id AND c.item_id = i.id
    WHERE i.partnership_id = $1 AND c.child_id = $2 AND i.decided_at IS NOT NULL AND i.risk_level IS NOT NULL
   UNION ALL
   SELECT 'c', completed_on, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM ce_risk_assessment_updates WHERE partnership_id = $1 AND child_id = $2
   UNION ALL
   SELECT 'p', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, array_agg((o.starts_at AT TIME ZONE s.timezone)::date::text)
     FROM children ch JOIN meeting_series s ON s.partnership_id = ch.partnership_id AND s.district_id = ch.district_id
     JOIN meeting_occurrences o ON o.partnership_id = s.partnership_id AND o.series_id = s.id
    WHERE ch.partnership_id = $1 AND ch.id = $2 AND s.type_id = ANY($3::text[]) AND o.status <> 'cancelled'
   ORDER BY on_date DESC, at DESC`,
);

/** All SQL of reviews; every query filters by partnership. */
export function reviewRepository() {
  return {
    /** The inputs for every open child with a risk decision (or those of one district; a closed record has no reviews due); one child's are childInputs. */
    async scheduleInputs(q: Queryable, partnershipId: string, f: { districtId?: string; childIds?: readonly string[] } = {}): Promise<ScheduleInputRow[]> {
      const params: unknown[] = [partnershipId];
      const conds: string[] = [];
      if (f.districtId) {
        params.push(f.districtId);
        conds.push(`ch.district_id = $${params.length}`);
      }
      // Some children only (review_due's refresh): each part reads theirs alone, not the partnership's.
      let only = (_col: string) => '';
      if (f.childIds) {
        params.push(f.childIds);
        const n = params.length;
        only = (col) => `AND ${col} = ANY($${n}::uuid[])`;
        conds.push(`ch.id = ANY($${n}::uuid[])`);
      }
      return q.query<ScheduleInputRow>(
        `WITH asmt AS (
           SELECT DISTINCT ON (child_id) child_id, on_date, level, risk_type, instrument, owner_user_id FROM (
             SELECT a.child_id, a.completed_on AS on_date, a.judged_level AS level, a.risk_type, a.instrument, a.author_user_id AS owner_user_id, a.submitted_at AS at
               FROM assessments a WHERE a.partnership_id = $1 AND a.status = 'submitted' AND a.superseded_at IS NULL ${only('a.child_id')}
             UNION ALL
             SELECT r.child_id, r.reviewed_on, r.risk_level, r.risk_type, a.instrument, r.reviewer_user_id, r.created_at
               FROM assessment_reviews r JOIN assessments a ON a.partnership_id = r.partnership_id AND a.id = r.assessment_id
              WHERE r.partnership_id = $1 ${only('r.child_id')}
           ) x ORDER BY child_id, on_date DESC, at DESC
         ),
         meet AS (
           SELECT DISTINCT ON (c.child_id) c.child_id, (i.decided_at AT TIME ZONE 'Europe/London')::date AS on_date, i.risk_level AS level,
                  i.risk_instrument AS instrument, i.next_review_on, i.decided_by AS owner_user_id
             FROM agenda_items i JOIN agenda_item_children c ON c.partnership_id = i.partnership_id AND c.item_id = i.id
            WHERE i.partnership_id = $1 AND i.decided_at IS NOT NULL AND i.risk_level IS NOT NULL ${only('c.child_id')}
            ORDER BY c.child_id, i.decided_at DESC
         ),
         rfm AS (
           SELECT DISTINCT ON (child_id) child_id, completed_on, author_user_id FROM assessments
            WHERE partnership_id = $1 AND instrument = 'rfm' AND status = 'submitted' AND superseded_at IS NULL ${only('child_id')}
            ORDER BY child_id, completed_on DESC, submitted_at DESC
         ),
         vat AS (
           SELECT DISTINCT ON (child_id) child_id, completed_on, author_user_id FROM assessments
            WHERE partnership_id = $1 AND instrument = 'vat' AND status = 'submitted' AND superseded_at IS NULL ${only('child_id')}
            ORDER BY child_id, completed_on DESC, submitted_at DESC
         ),
         ce AS (
           SELECT DISTINCT ON (child_id) child_id, completed_on FROM ce_risk_assessment_updates
            WHERE partnership_id = $1 ${only('child_id')} ORDER BY child_id, completed_on DESC
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
          WHERE ch.partnership_id = $1 AND ch.closed_at IS NULL AND (asmt.child_id IS NOT NULL OR meet.child_id IS NOT NULL OR ce.child_id IS NOT NULL)
            ${conds.map((c) => `AND ${c}`).join(' ')}`,
        params,
      );
    },

    /**
     * One child's inputs in one query (planned once, not as five CTEs): every decision row of the child, newest first in the
     * order scheduleInputs picks by, and the local dates of its district's panels of these types from `from` on.
     * Undefined when the child has no decision (as scheduleInputs leaves such a child out).
     */
    async childInputs(q: Queryable, partnershipId: string, childId: string, panelTypes: readonly string[]): Promise<ChildInputs | undefined> {
      const lines = await q.query<ChildInputLine>(childInputsSql, [partnershipId, childId, panelTypes]);
      // The first line of each kind is the newest: what each CTE of scheduleInputs picks (the meeting's date follows decided_at).
      const first = (ok: (l: ChildInputLine) => boolean) => lines.find(ok);
      const a = first((l) => l.kind === 'a' || l.kind === 'r');
      const m = first((l) => l.kind === 'm');
      const ce = first((l) => l.kind === 'c');
      if (!a && !m && !ce) return undefined;
      const rfm = first((l) => l.kind === 'a' && l.instrument === 'rfm');
      const vat = first((l) => l.kind === 'a' && l.instrument === 'vat');
      return {
        assessed: !!a,
        a_on: a?.on_date ?? null,
        a_level: a?.level ?? null,
        a_scored: a?.scored ?? null,
        a_type: a?.risk_type ?? null,
        a_instrument: a?.instrument ?? null,
        a_owner: a?.owner ?? null,
        m_on: m?.on_date ?? null,
        m_level: m?.level ?? null,
        m_instrument: m?.instrument ?? null,
        m_next: m?.next_review_on ?? null,
        m_owner: m?.owner ?? null,
        rfm_on: rfm?.on_date ?? null,
        rfm_owner: rfm?.owner ?? null,
        vat_on: vat?.on_date ?? null,
        vat_owner: vat?.owner ?? null,
        ce_on: ce?.on_date ?? null,
        panel_dates: first((l) => l.kind === 'p')?.panels ?? [],
      };
    },

    /** Local dates of every panel of these meeting types per district (cancelled ones left out). */
    async panelDates(q: Queryable, partnershipId: string, typeIds: readonly string[]): Promise<{ district_id: string; on_date: string }[]> {
      if (!typeIds.length) return [];
      return q.query(
        `SELECT s.district_id, (o.starts_at AT TIME ZONE s.timezone)::date AS on_date
           FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
          WHERE o.partnership_id = $1 AND s.type_id = ANY($2::text[]) AND s.district_id IS NOT NULL AND o.status <> 'cancelled'
          ORDER BY o.starts_at`,
        [partnershipId, typeIds],
      );
    },

    /** review_due (migration 071): the partnership's fingerprint as stored, and whether any child is marked to recompute. */
    async dueState(q: Queryable, partnershipId: string): Promise<{ fingerprint: string | null; stale: boolean }> {
      const [r] = await q.query<{ fingerprint: string | null; stale: boolean }>(
        `SELECT (SELECT fingerprint FROM review_due_state WHERE partnership_id = $1) AS fingerprint,
                EXISTS (SELECT 1 FROM review_due_stale WHERE partnership_id = $1) AS stale`,
        [partnershipId],
      );
      return r!;
    },

    /** One refresh of a partnership's review_due at a time (until the transaction ends), in every process. */
    async lockDue(q: Queryable, partnershipId: string): Promise<void> {
      await q.query(`SELECT pg_advisory_xact_lock(hashtext('review_due:' || $1::text))`, [partnershipId]);
    },

    /** The children marked to recompute, unmarked (a write marking one again meanwhile waits for this transaction). */
    async takeStale(q: Queryable, partnershipId: string): Promise<string[]> {
      const rows = await q.query<{ child_id: string }>(`DELETE FROM review_due_stale WHERE partnership_id = $1 RETURNING child_id`, [partnershipId]);
      return rows.map((r) => r.child_id);
    },

    /** Forgets the stored rows of these children, or of the whole partnership (and its marks) when none are named. */
    async clearDue(q: Queryable, partnershipId: string, childIds?: readonly string[]): Promise<void> {
      if (childIds) {
        await q.query(`DELETE FROM review_due WHERE partnership_id = $1 AND child_id = ANY($2::uuid[])`, [partnershipId, childIds]);
        return;
      }
      await q.query(`DELETE FROM review_due WHERE partnership_id = $1`, [partnershipId]);
      await q.query(`DELETE FROM review_due_stale WHERE partnership_id = $1`, [partnershipId]);
    },

    async insertDue(q: Queryable, partnershipId: string, rows: readonly DueRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 5000) {
        const part = rows.slice(i, i + 5000);
        const col = <K extends keyof DueRow>(k: K) => part.map((r) => r[k]);
        await q.query(
          `INSERT INTO review_due (partnership_id, child_id, kind, due_on, basis, owner_user_id, district_id, risk_level, risk_type, risk_instrument, risk_on, risk_source)
           SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::date[], $5::text[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::date[], $12::text[])`,
          [
            partnershipId,
            col('child_id'),
            col('kind'),
            col('due_on'),
            col('basis'),
            col('owner_user_id'),
            col('district_id'),
            col('risk_level'),
            col('risk_type'),
            col('risk_instrument'),
            col('risk_on'),
            col('risk_source'),
          ],
        );
      }
    },

    async saveDueState(q: Queryable, partnershipId: string, fingerprint: string): Promise<void> {
      await q.query(
        `INSERT INTO review_due_state (partnership_id, fingerprint) VALUES ($1, $2)
         ON CONFLICT (partnership_id) DO UPDATE SET fingerprint = excluded.fingerprint, computed_at = now()`,
        [partnershipId, fingerprint],
      );
    },

    /** Every stored row of a partnership (the test comparing it with a fresh computation). */
    async allDue(q: Queryable, partnershipId: string): Promise<DueRow[]> {
      return q.query<DueRow>(
        `SELECT child_id, kind, due_on::text AS due_on, basis, owner_user_id, district_id, risk_level, risk_type, risk_instrument, risk_on::text AS risk_on, risk_source
           FROM review_due WHERE partnership_id = $1 ORDER BY child_id, kind`,
        [partnershipId],
      );
    },

    /**
     * The dashboard's counts (overdue, due within `soon`, of the district when given: every kind) and how many rows its
     * filter matches; `upTo` is the last due date the filter shows (null: every date).
     */
    async dueCounts(
      q: Queryable,
      partnershipId: string,
      f: { districtId: string | null; kind: string | null; today: IsoDateText; soon: IsoDateText; upTo: IsoDateText | null },
    ): Promise<{ overdue: number; due_soon: number; total: number }> {
      const [r] = await q.query<{ overdue: number; due_soon: number; total: number }>(
        `SELECT count(*) FILTER (WHERE due_on < $3::date)::int AS overdue,
                count(*) FILTER (WHERE due_on >= $3::date AND due_on <= $4::date)::int AS due_soon,
                count(*) FILTER (WHERE ($5::text IS NULL OR kind = $5) AND ($6::date IS NULL OR due_on <= $6::date))::int AS total
           FROM review_due WHERE partnership_id = $1 AND ($2::text IS NULL OR district_id = $2)`,
        [partnershipId, f.districtId, f.today, f.soon, f.kind, f.upTo],
      );
      return r!;
    },

    /** A page of the dashboard: soonest first, then by the child's reference (in plain string order), then review, RFM, CE. */
    async duePage(
      q: Queryable,
      partnershipId: string,
      f: { districtId: string | null; kind: string | null; upTo: IsoDateText | null; limit: number; offset: number },
    ): Promise<DuePageRow[]> {
      return q.query<DuePageRow>(
        `SELECT d.child_id, ch.reference, ch.first_name, ch.last_name, ch.district_id, d.kind, d.due_on::text AS due_on, d.basis, d.owner_user_id,
                d.risk_level, d.risk_type, d.risk_instrument, d.risk_on::text AS risk_on, d.risk_source
           FROM review_due d JOIN children ch ON ch.partnership_id = d.partnership_id AND ch.id = d.child_id
          WHERE d.partnership_id = $1 AND ($2::text IS NULL OR d.district_id = $2) AND ($3::text IS NULL OR d.kind = $3) AND ($4::date IS NULL OR d.due_on <= $4::date)
          ORDER BY d.due_on, ch.reference COLLATE "C", CASE d.kind WHEN 'review' THEN 0 WHEN 'rfm-renewal' THEN 1 ELSE 2 END
          LIMIT $5 OFFSET $6`,
        [partnershipId, f.districtId, f.kind, f.upTo, f.limit, f.offset],
      );
    },

    /** Every stored item due on or before `upTo` whose owner is known (the reminders job), soonest first. */
    async dueOwnedUpTo(
      q: Queryable,
      partnershipId: string,
      upTo: IsoDateText,
    ): Promise<{ child_id: string; reference: string; kind: DueRow['kind']; due_on: string; owner_user_id: string }[]> {
      return q.query(
        `SELECT d.child_id, ch.reference, d.kind, d.due_on::text AS due_on, d.owner_user_id
           FROM review_due d JOIN children ch ON ch.partnership_id = d.partnership_id AND ch.id = d.child_id
          WHERE d.partnership_id = $1 AND d.due_on <= $2::date AND d.owner_user_id IS NOT NULL
          ORDER BY d.due_on, ch.reference COLLATE "C", CASE d.kind WHEN 'review' THEN 0 WHEN 'rfm-renewal' THEN 1 ELSE 2 END`,
        [partnershipId, upTo],
      );
    },

    async ceUpdates(q: Queryable, partnershipId: string, childId: string): Promise<CeUpdateRow[]> {
      return q.query<CeUpdateRow>(
        `SELECT u.id, u.completed_on, u.meeting_kind, u.completed_by_agency_id, r.display_name AS recorded_by_name, u.recorded_at, u.outcome, u.risk_type
           FROM ce_risk_assessment_updates u LEFT JOIN users r ON r.partnership_id = u.partnership_id AND r.id = u.recorded_by
          WHERE u.partnership_id = $1 AND u.child_id = $2 ORDER BY u.completed_on DESC, u.recorded_at DESC`,
        [partnershipId, childId],
      );
    },

    async insertCeUpdate(
      q: Queryable,
      partnershipId: string,
      childId: string,
      v: { completedOn: string; meetingKind: string; agencyId: string; outcome: string; riskType: string | null; recordedBy: string },
    ): Promise<string> {
      const [r] = await q.query<{ id: string }>(
        `INSERT INTO ce_risk_assessment_updates (partnership_id, child_id, completed_on, meeting_kind, completed_by_agency_id, outcome, risk_type, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [partnershipId, childId, v.completedOn, v.meetingKind, v.agencyId, v.outcome, v.riskType, v.recordedBy],
      );
      await markDue(q, partnershipId, [childId]);
      return r!.id;
    },
  };
}
