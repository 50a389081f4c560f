/**
 * The SQL behind every figure: each function returns the records a figure counts (ids included), so a
 * count can be traced to the children, actions or intelligence records behind it. All filter by partnership.
 */
import type { Queryable } from '../../db/client.ts';
import type { Period } from '../../domain/reports/period.ts';

/** Instants of a period in UK local time: [from 00:00, to + 1 day 00:00). */
const FROM = (n: number) => `($${n}::date::timestamp AT TIME ZONE 'Europe/London')`;
const UNTIL = (n: number) => `(($${n}::date + 1)::timestamp AT TIME ZONE 'Europe/London')`;
const LOCAL_DATE = (col: string) => `(${col} AT TIME ZONE 'Europe/London')::date`;

/** A count of records, with the ids behind it when a figure traces to them (comma-separated, from string_agg). */
export type GroupRow = { row_key: string; col_key: string; n: number; ids: string | null };
export const idsOf = (g: { ids: string | null }) => (g.ids ? g.ids.split(',') : []);

export type RiskRow = {
  child_id: string;
  reference: string;
  district_id: string | null;
  education_setting: string | null;
  primary_risk: string | null;
  level: string;
  risk_type: string | null;
  on_date: string;
};

/**
 * Each child's risk as at a date ($2): the newest judgement (submitted assessment or review) on or before it
 * (the identity bar's rule, features/assessments currentRisk); $3: only that instrument's judgements, or NULL.
 */
const CURRENT_RISK = `j AS (
       SELECT a.child_id, a.completed_on AS on_date, a.submitted_at AS at, a.judged_level AS level, a.risk_type
         FROM assessments a
        WHERE a.partnership_id = $1 AND a.status = 'submitted' AND a.superseded_at IS NULL AND a.completed_on <= $2
          AND ($3::text IS NULL OR a.instrument = $3)
       UNION ALL
       SELECT r.child_id, r.reviewed_on, r.created_at, r.risk_level, r.risk_type
         FROM assessment_reviews r JOIN assessments a ON a.partnership_id = r.partnership_id AND a.id = r.assessment_id
        WHERE r.partnership_id = $1 AND r.reviewed_on <= $2 AND ($3::text IS NULL OR a.instrument = $3)
     ), cur AS (SELECT DISTINCT ON (child_id) * FROM j ORDER BY child_id, on_date DESC, at DESC)`;

/** Children at the given levels as at a date, with their latest judgement (instrument: only its judgements; childIds: only these children). */
export async function currentRiskAsAt(
  q: Queryable,
  partnershipId: string,
  asOf: string,
  instrument: string | undefined,
  levels: string[],
  childIds?: string[],
): Promise<RiskRow[]> {
  return q.query<RiskRow>(
    `WITH ${CURRENT_RISK}
     SELECT cur.child_id, c.reference, c.district_id, c.education_setting, c.primary_risk, cur.level, cur.risk_type, cur.on_date
       FROM cur JOIN children c ON c.partnership_id = $1 AND c.id = cur.child_id
      WHERE cur.level = ANY($4::text[]) AND ($5::uuid[] IS NULL OR cur.child_id = ANY($5::uuid[]))
      ORDER BY c.reference`,
    [partnershipId, asOf, instrument ?? null, levels, childIds ?? null],
  );
}

/** Children as at a date by level (row_key) and type (col_key: the judgement's type, else the child's primary risk), with their ids. */
export async function riskGroups(q: Queryable, partnershipId: string, asOf: string, instrument: string | undefined): Promise<GroupRow[]> {
  return q.query<GroupRow>(
    `WITH ${CURRENT_RISK}
     SELECT cur.level AS row_key, coalesce(cur.risk_type, c.primary_risk, 'Other') AS col_key, count(*)::int AS n, string_agg(cur.child_id::text, ',') AS ids
       FROM cur JOIN children c ON c.partnership_id = $1 AND c.id = cur.child_id
      GROUP BY 1, 2`,
    [partnershipId, asOf, instrument ?? null],
  );
}

export type ReviewRow = { child_id: string; reference: string; level: string; on_date: string; next_review: string };
/**
 * DOMAIN §4: children whose next review (latest judgement + the level's interval, intervalSql) falls on or before
 * a date. intervals: the partnership's review intervals as PostgreSQL intervals.
 */
export async function reviewsBy(
  q: Queryable,
  partnershipId: string,
  asOf: string,
  instrument: string | undefined,
  until: string,
  intervals: { high: string; medium: string; low: string },
): Promise<ReviewRow[]> {
  return q.query<ReviewRow>(
    `WITH ${CURRENT_RISK}, nxt AS (
       SELECT cur.child_id, cur.level, cur.on_date,
              (cur.on_date + CASE cur.level WHEN 'high' THEN $5::interval WHEN 'medium' THEN $6::interval ELSE $7::interval END)::date AS next_review
         FROM cur WHERE cur.level IN ('high', 'medium', 'low'))
     SELECT nxt.child_id, c.reference, nxt.level, nxt.on_date, nxt.next_review
       FROM nxt JOIN children c ON c.partnership_id = $1 AND c.id = nxt.child_id
      WHERE nxt.next_review <= $4
      ORDER BY nxt.next_review, c.reference`,
    [partnershipId, asOf, instrument ?? null, until, intervals.high, intervals.medium, intervals.low],
  );
}

export type DiscussedRow = {
  child_id: string;
  reference: string;
  district_id: string | null;
  meeting_on: string;
  item_id: string;
  level: string | null;
  previous_level: string | null;
  referral_level: string | null;
  category: number | null;
  rfm_on: string | null;
  rfm_type: string | null;
  primary_risk: string | null;
};

/** DOMAIN §6: children discussed at a panel in the period (each child once, at their latest discussion), with the level decided, the level before and their latest RFM. */
export async function discussedAtPanel(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<DiscussedRow[]> {
  return q.query<DiscussedRow>(
    `WITH occ AS MATERIALIZED (
       SELECT o.id, o.starts_at, s.district_id FROM meeting_occurrences o
         JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
        WHERE o.partnership_id = $1 AND o.status <> 'cancelled' AND o.starts_at >= ${FROM(2)} AND o.starts_at < ${UNTIL(3)}),
     cur AS MATERIALIZED (
       SELECT DISTINCT ON (ic.child_id) ic.child_id, c.reference, coalesce(occ.district_id, c.district_id) AS district_id, c.primary_risk,
              occ.starts_at, i.id AS item_id, i.risk_level, i.referral_id
         FROM occ
         JOIN agenda_items i ON i.partnership_id = $1 AND i.occurrence_id = occ.id AND i.status = 'discussed'
         JOIN agenda_item_children ic ON ic.partnership_id = $1 AND ic.item_id = i.id
         JOIN children c ON c.partnership_id = $1 AND c.id = ic.child_id
        WHERE ($4::text IS NULL OR coalesce(occ.district_id, c.district_id) = $4)
        ORDER BY ic.child_id, occ.starts_at DESC),
     prev AS (
       SELECT DISTINCT ON (c2.child_id) c2.child_id, i2.risk_level
         FROM cur
         JOIN agenda_item_children c2 ON c2.partnership_id = $1 AND c2.child_id = cur.child_id
         JOIN agenda_items i2 ON i2.partnership_id = $1 AND i2.id = c2.item_id AND i2.risk_level IS NOT NULL
         JOIN meeting_occurrences o2 ON o2.partnership_id = $1 AND o2.id = i2.occurrence_id AND o2.starts_at < cur.starts_at
        ORDER BY c2.child_id, o2.starts_at DESC)
     SELECT cur.child_id, cur.reference, cur.district_id, ${LOCAL_DATE('cur.starts_at')} AS meeting_on, cur.item_id, cur.risk_level AS level,
            r.risk_level AS referral_level, r.category, prev.risk_level AS previous_level, rfm.completed_on AS rfm_on, rfm.risk_type AS rfm_type, cur.primary_risk
       FROM cur
       LEFT JOIN prev ON prev.child_id = cur.child_id
       LEFT JOIN panel_referrals r ON r.partnership_id = $1 AND r.id = cur.referral_id
       LEFT JOIN LATERAL (
         SELECT a.completed_on, a.risk_type FROM assessments a
          WHERE a.partnership_id = $1 AND a.child_id = cur.child_id AND a.instrument = 'rfm' AND a.status = 'submitted'
            AND a.superseded_at IS NULL AND a.completed_on <= ${LOCAL_DATE('cur.starts_at')}
          ORDER BY a.completed_on DESC LIMIT 1) rfm ON true
      ORDER BY cur.child_id`,
    [partnershipId, period.from, period.to, districtId],
  );
}

export type ReferralRow = { id: string; child_id: string; category: number; district_id: string | null };
/** DOMAIN §6: thresholding decisions (categories 1–4) made in the period. */
export async function thresholdedReferrals(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<ReferralRow[]> {
  return q.query<ReferralRow>(
    `SELECT r.id, r.child_id, r.category, coalesce(r.district_id, c.district_id) AS district_id
       FROM panel_referrals r JOIN children c ON c.partnership_id = r.partnership_id AND c.id = r.child_id
      WHERE r.partnership_id = $1 AND r.category IS NOT NULL AND r.thresholded_at >= ${FROM(2)} AND r.thresholded_at < ${UNTIL(3)}
        AND ($4::text IS NULL OR coalesce(r.district_id, c.district_id) = $4)`,
    [partnershipId, period.from, period.to, districtId],
  );
}

const RFM_IN_PERIOD = `FROM assessments a JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
      WHERE a.partnership_id = $1 AND a.instrument = 'rfm' AND a.status = 'submitted' AND a.completed_on BETWEEN $2 AND $3
        AND ($4::text IS NULL OR c.district_id = $4)`;

/** DOMAIN §6 themes: the indicators scored 3 or 4 in RFMs completed in the period, with the children (row_key: indicator number). */
export async function rfmThemes(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<GroupRow[]> {
  return q.query<GroupRow>(
    `SELECT e.k AS row_key, '*' AS col_key, count(DISTINCT a.child_id)::int AS n, string_agg(DISTINCT a.child_id::text, ',') AS ids
       ${RFM_IN_PERIOD.replace(
         'WHERE',
         `CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(a.content->'indicators') = 'object' THEN a.content->'indicators' ELSE '{}'::jsonb END) AS e(k, v)
      WHERE`,
       )} AND e.v->>'score' IN ('3', '4')
      GROUP BY e.k`,
    [partnershipId, period.from, period.to, districtId],
  );
}

/** DOMAIN §6 trends: RFMs completed in the period by month (row_key YYYY-MM) and type (col_key). */
export async function rfmTrend(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<GroupRow[]> {
  return q.query<GroupRow>(
    `SELECT to_char(a.completed_on, 'YYYY-MM') AS row_key, coalesce(a.risk_type, 'Other') AS col_key, count(*)::int AS n, NULL AS ids
       ${RFM_IN_PERIOD} GROUP BY 1, 2`,
    [partnershipId, period.from, period.to, districtId],
  );
}

export type OverrideRow = { id: string; completed_on: string; scored_level: string | null; judged_level: string; reason: string | null };
/** DOMAIN §3.2: RFMs completed in the period whose professional judgement overrode the scored level, with the reason. */
export async function rfmOverrides(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<OverrideRow[]> {
  return q.query<OverrideRow>(
    `SELECT a.id, a.completed_on, a.scored_level, a.judged_level, a.content->'judgement'->>'reason' AS reason
       ${RFM_IN_PERIOD} AND a.content->'judgement'->>'decision' = 'override'
      ORDER BY a.completed_on`,
    [partnershipId, period.from, period.to, districtId],
  );
}

/**
 * DOMAIN §3.2: RFMs whose six months ended in the period (completed six months before it), counted by renewal
 * (row_key): 'on-time' when the next RFM or Section E review came while the RFM was current (rfmCurrentAt in
 * domain/reports/compliance.ts: PostgreSQL's date + 6 months clamps to the month's end as addCalendarMonths does),
 * 'late' after, 'not-yet' none.
 */
export async function rfmRenewals(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<GroupRow[]> {
  return q.query<GroupRow>(
    `SELECT CASE WHEN x.renewed_on IS NULL THEN 'not-yet' WHEN x.renewed_on <= (x.completed_on + interval '6 months')::date THEN 'on-time' ELSE 'late' END AS row_key,
            '*' AS col_key, count(*)::int AS n, NULL AS ids
       FROM (
         SELECT a.completed_on,
                (SELECT min(d) FROM (
                   SELECT b.completed_on AS d FROM assessments b WHERE b.partnership_id = $1 AND b.child_id = a.child_id AND b.instrument = 'rfm'
                      AND b.status = 'submitted' AND b.completed_on > a.completed_on
                   UNION ALL
                   SELECT r.reviewed_on FROM assessment_reviews r WHERE r.partnership_id = $1 AND r.assessment_id = a.id AND r.reviewed_on > a.completed_on) y) AS renewed_on
           FROM assessments a JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
          WHERE a.partnership_id = $1 AND a.instrument = 'rfm' AND a.status = 'submitted' AND a.superseded_at IS NULL
            AND a.completed_on BETWEEN ($2::date - interval '6 months')::date AND ($3::date - interval '6 months')::date
            AND ($4::text IS NULL OR c.district_id = $4)) x
      GROUP BY 1`,
    [partnershipId, period.from, period.to, districtId],
  );
}

export type LocationRow = { record_id: string; label: string; location_kind: string | null; child_ids: string };
/**
 * DOMAIN §6: locations (hotspots, safe spaces…) linked to the given children, or where their recorded events or
 * missing episodes of the period happened; one row per location with the children (comma-separated ids).
 */
export async function locationsOfChildren(q: Queryable, partnershipId: string, childIds: string[], period: Period): Promise<LocationRow[]> {
  if (!childIds.length) return [];
  return q.query<LocationRow>(
    `WITH k AS MATERIALIZED (SELECT DISTINCT unnest($2::uuid[]) AS id),
     x AS (
       SELECT l.b_record_id AS record_id, l.a_child_id AS child_id FROM k
         JOIN intel_links l ON l.partnership_id = $1 AND coalesce(l.a_child_id, l.a_record_id) = k.id WHERE l.b_record_id IS NOT NULL AND l.removed_at IS NULL
       UNION ALL
       SELECT l.a_record_id, l.b_child_id FROM k
         JOIN intel_links l ON l.partnership_id = $1 AND coalesce(l.b_child_id, l.b_record_id) = k.id WHERE l.a_record_id IS NOT NULL AND l.removed_at IS NULL
       UNION ALL
       SELECT e.location_record_id, e.child_id FROM child_events e JOIN k ON k.id = e.child_id
        WHERE e.partnership_id = $1 AND e.location_record_id IS NOT NULL AND e.occurred_at >= ${FROM(3)} AND e.occurred_at < ${UNTIL(4)}
       UNION ALL
       SELECT m.found_location_record_id, m.child_id FROM missing_episodes m JOIN k ON k.id = m.child_id
        WHERE m.partnership_id = $1 AND m.found_location_record_id IS NOT NULL AND m.went_missing_on BETWEEN $3 AND $4)
     SELECT r.id AS record_id, r.label, r.attributes->>'locationKind' AS location_kind, string_agg(DISTINCT x.child_id::text, ',') AS child_ids
       FROM x JOIN intel_records r ON r.partnership_id = $1 AND r.id = x.record_id AND r.kind = 'location'
      GROUP BY r.id, r.label, r.attributes->>'locationKind'`,
    [partnershipId, childIds, period.from, period.to],
  );
}

export type LocationItemRow = { item_id: string; label: string };
/** DOMAIN §6: locations discussed as agenda items (even with no child named) at meetings in the period. */
export async function locationItems(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<LocationItemRow[]> {
  return q.query<LocationItemRow>(
    `SELECT i.id AS item_id, coalesce(nullif(btrim(i.location_text), ''), i.title) AS label
       FROM agenda_items i
       JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
       JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE i.partnership_id = $1 AND i.kind = 'location' AND o.status <> 'cancelled'
        AND o.starts_at >= ${FROM(2)} AND o.starts_at < ${UNTIL(3)} AND ($4::text IS NULL OR s.district_id = $4)`,
    [partnershipId, period.from, period.to, districtId],
  );
}

const ACTION_SCOPE = `FROM actions a
       LEFT JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
       LEFT JOIN meeting_series s ON s.partnership_id = a.partnership_id AND s.id = a.meeting_series_id
      WHERE a.partnership_id = $1 AND a.created_at < ${UNTIL(3)} AND a.status <> 'cancelled'
        AND ($4::text IS NULL OR c.district_id = $4 OR s.district_id = $4)`;

/**
 * DOMAIN §4–§6: SMART actions by owning agency (row_key) and measure (col_key): 'set' in the period, 'done' in the
 * period, 'overdue' at the period's end (or today if sooner: due before then and not done by then). Cancelled
 * actions are not counted.
 */
export async function actionCounts(q: Queryable, partnershipId: string, period: Period, districtId: string | null, today: string): Promise<GroupRow[]> {
  return q.query<GroupRow>(
    `SELECT a.owner_agency_id AS row_key, m.measure AS col_key, count(*)::int AS n, string_agg(a.id::text, ',') AS ids
       ${ACTION_SCOPE.replace(
         'WHERE',
         `CROSS JOIN LATERAL (VALUES ('set'), ('done'), ('overdue')) AS m(measure)
      WHERE`,
       )}
        AND (a.created_at >= ${FROM(2)} OR a.status IN ('open', 'in-progress') OR a.completed_at >= ${FROM(2)})
        AND CASE m.measure
              WHEN 'set' THEN a.created_at >= ${FROM(2)}
              WHEN 'done' THEN a.status = 'done' AND a.completed_at >= ${FROM(2)} AND a.completed_at < ${UNTIL(3)}
              ELSE a.due_on < least($3::date, $5::date) AND (a.status IN ('open', 'in-progress') OR (a.status = 'done' AND a.completed_at >= ${UNTIL(3)}))
            END
      GROUP BY 1, 2`,
    [partnershipId, period.from, period.to, districtId, today],
  );
}

export type OpenActionRow = { id: string; agency_id: string; due_on: string; what: string; child_reference: string | null };
/** DOMAIN §5: actions set by the period's end and still open or in progress, of meetings of the given type (or of no meeting): carried forward. */
export async function openActions(q: Queryable, partnershipId: string, period: Period, seriesType: string | null): Promise<OpenActionRow[]> {
  return q.query<OpenActionRow>(
    `SELECT a.id, a.owner_agency_id AS agency_id, a.due_on, a.what, c.reference AS child_reference
       FROM actions a
       LEFT JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
       LEFT JOIN meeting_series s ON s.partnership_id = a.partnership_id AND s.id = a.meeting_series_id
      WHERE a.partnership_id = $1 AND a.created_at < ${UNTIL(2)} AND a.status IN ('open', 'in-progress') AND (s.type_id IS NULL OR s.type_id = $3)
      ORDER BY a.due_on, a.id`,
    [partnershipId, period.to, seriesType],
  );
}

export type TrainingRow = { id: string; agency_id: string | null; district_id: string | null; recorded_on: string; need: string };
/** DOMAIN §6: training needs recorded in the period. */
export async function trainingNeeds(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<TrainingRow[]> {
  return q.query<TrainingRow>(
    `SELECT id, agency_id, district_id, recorded_on, need FROM training_needs
      WHERE partnership_id = $1 AND recorded_on BETWEEN $2 AND $3 AND ($4::text IS NULL OR district_id = $4 OR district_id IS NULL)
      ORDER BY recorded_on, created_at`,
    [partnershipId, period.from, period.to, districtId],
  );
}

export type GradingRow = {
  id: string;
  child_id: string;
  reference: string;
  district_id: string | null;
  completed_on: string;
  level: string;
  primary_risk: string | null;
  risk_type: string | null;
};
/** DOMAIN §5: THRIVE gradings (or any instrument's) completed in the period. */
export async function gradings(q: Queryable, partnershipId: string, period: Period, instrument: string): Promise<GradingRow[]> {
  return q.query<GradingRow>(
    `SELECT a.id, a.child_id, c.reference, c.district_id, a.completed_on, a.judged_level AS level, c.primary_risk, a.risk_type
       FROM assessments a JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
      WHERE a.partnership_id = $1 AND a.instrument = $4 AND a.status = 'submitted' AND a.completed_on BETWEEN $2 AND $3
      ORDER BY a.completed_on, c.reference`,
    [partnershipId, period.from, period.to, instrument],
  );
}

export type MissingRow = {
  id: string;
  child_id: string;
  reference: string;
  district_id: string | null;
  went_missing_on: string;
  returned_on: string | null;
  exploitation_concern: boolean;
};
/** DOMAIN §5: missing episodes that started in the period. */
export async function missingEpisodes(q: Queryable, partnershipId: string, period: Period): Promise<MissingRow[]> {
  return q.query<MissingRow>(
    `SELECT m.id, m.child_id, c.reference, c.district_id, m.went_missing_on, m.returned_on, m.exploitation_concern
       FROM missing_episodes m JOIN children c ON c.partnership_id = m.partnership_id AND c.id = m.child_id
      WHERE m.partnership_id = $1 AND m.went_missing_on BETWEEN $2 AND $3
      ORDER BY m.went_missing_on, c.reference`,
    [partnershipId, period.from, period.to],
  );
}

export type StillMissingRow = { id: string; child_id: string; reference: string; district_id: string | null; went_missing_on: string };
/** DOMAIN §5 (MPRU): children missing at the period's end (gone on or before it, not back by it). */
export async function missingAt(q: Queryable, partnershipId: string, asOf: string): Promise<StillMissingRow[]> {
  return q.query<StillMissingRow>(
    `SELECT m.id, m.child_id, c.reference, c.district_id, m.went_missing_on
       FROM missing_episodes m JOIN children c ON c.partnership_id = m.partnership_id AND c.id = m.child_id
      WHERE m.partnership_id = $1 AND m.went_missing_on <= $2 AND m.went_missing_on >= ($2::date - 365) AND (m.returned_on IS NULL OR m.returned_on > $2)
      ORDER BY m.went_missing_on`,
    [partnershipId, asOf],
  );
}

export type RepeatMissingRow = { child_id: string; reference: string; district_id: string | null; episodes: number };
/** DOMAIN §5 (MPRU): children with at least `min` missing episodes starting in the `days` days up to a date. */
export async function repeatMissing(q: Queryable, partnershipId: string, asOf: string, days: number, min: number): Promise<RepeatMissingRow[]> {
  return q.query<RepeatMissingRow>(
    `SELECT m.child_id, c.reference, c.district_id, count(*)::int AS episodes
       FROM missing_episodes m JOIN children c ON c.partnership_id = m.partnership_id AND c.id = m.child_id
      WHERE m.partnership_id = $1 AND m.went_missing_on BETWEEN ($2::date - ($3::int - 1)) AND $2
      GROUP BY m.child_id, c.reference, c.district_id HAVING count(*) >= $4
      ORDER BY c.reference`,
    [partnershipId, asOf, days, min],
  );
}

export type PersonRow = { record_id: string; label: string; role: string | null; child_id: string; last_seen: string | null };
/** DOMAIN §5: persons of concern linked to the given children (police intelligence), with when the link was last seen. */
export async function personsLinked(q: Queryable, partnershipId: string, childIds: string[]): Promise<PersonRow[]> {
  if (!childIds.length) return [];
  return q.query<PersonRow>(
    `SELECT r.id AS record_id, r.label, r.attributes->>'role' AS role, coalesce(l.a_child_id, l.b_child_id) AS child_id,
            greatest(l.last_seen_on, l.first_seen_on, ${LOCAL_DATE('l.created_at')}, r.information_date) AS last_seen
       FROM intel_links l JOIN intel_records r ON r.partnership_id = l.partnership_id AND r.id = coalesce(l.a_record_id, l.b_record_id)
      WHERE l.partnership_id = $1 AND l.removed_at IS NULL AND r.kind = 'person' AND (l.a_child_id = ANY($2::uuid[]) OR l.b_child_id = ANY($2::uuid[]))
      ORDER BY r.label`,
    [partnershipId, childIds],
  );
}

export type ConcernRow = {
  id: string;
  child_id: string;
  reference: string;
  district_id: string | null;
  source: string;
  primary_risk: string | null;
  education_setting: string | null;
  created_on: string;
  total_to_date: number;
};
/** DOMAIN §5: child concerns (DRMM referrals) received in the period, with each child's number of concerns up to the period's end. */
export async function concerns(q: Queryable, partnershipId: string, period: Period): Promise<ConcernRow[]> {
  return q.query<ConcernRow>(
    `WITH inp AS MATERIALIZED (
       SELECT k.id, k.child_id, k.source, k.created_at FROM concerns k
        WHERE k.partnership_id = $1 AND k.created_at >= ${FROM(2)} AND k.created_at < ${UNTIL(3)}),
     tot AS (
       SELECT k2.child_id, count(*)::int AS n FROM concerns k2
        WHERE k2.partnership_id = $1 AND k2.child_id IN (SELECT child_id FROM inp) AND k2.created_at < ${UNTIL(3)} GROUP BY k2.child_id)
     SELECT inp.id, inp.child_id, c.reference, c.district_id, inp.source, c.primary_risk, c.education_setting, ${LOCAL_DATE('inp.created_at')} AS created_on, tot.n AS total_to_date
       FROM inp JOIN tot ON tot.child_id = inp.child_id JOIN children c ON c.partnership_id = $1 AND c.id = inp.child_id
      ORDER BY inp.created_at`,
    [partnershipId, period.from, period.to],
  );
}

export type LastConcernRow = { child_id: string; last_on: string };
/** The date of each child's latest concern up to a date. */
export async function lastConcerns(q: Queryable, partnershipId: string, childIds: string[], asOf: string): Promise<LastConcernRow[]> {
  if (!childIds.length) return [];
  return q.query<LastConcernRow>(
    `SELECT child_id, max(${LOCAL_DATE('created_at')}) AS last_on FROM concerns
      WHERE partnership_id = $1 AND child_id = ANY($2::uuid[]) AND created_at < ${UNTIL(3)} GROUP BY child_id`,
    [partnershipId, childIds, asOf],
  );
}

export type InvestigationRow = { id: string; child_id: string; district_id: string | null; kind: string };
/** DOMAIN §5: investigations open at the period's end (started by then; no outcome, ongoing, or an outcome after it). */
export async function openInvestigations(q: Queryable, partnershipId: string, asOf: string): Promise<InvestigationRow[]> {
  return q.query<InvestigationRow>(
    `SELECT v.id, v.child_id, c.district_id, v.kind
       FROM investigations v JOIN children c ON c.partnership_id = v.partnership_id AND c.id = v.child_id
      WHERE v.partnership_id = $1 AND v.started_on <= $2
        AND (v.outcome IS NULL OR v.outcome = 'ongoing' OR v.outcome_on > $2)`,
    [partnershipId, asOf],
  );
}

export type MeetingAssessmentRow = { child_id: string; reference: string; meeting_on: string; assessed_on: string | null };
/** DOMAIN §4: children discussed at a meeting in the period, and the first CE risk assessment recorded (ce_risk_assessment_updates) on or after that meeting. */
export async function assessedAfterMeeting(q: Queryable, partnershipId: string, period: Period): Promise<MeetingAssessmentRow[]> {
  return q.query<MeetingAssessmentRow>(
    `SELECT ic.child_id, c.reference, ${LOCAL_DATE('o.starts_at')} AS meeting_on,
            (SELECT min(u.completed_on) FROM ce_risk_assessment_updates u WHERE u.partnership_id = $1 AND u.child_id = ic.child_id
                AND u.completed_on >= ${LOCAL_DATE('o.starts_at')}) AS assessed_on
       FROM agenda_item_children ic
       JOIN agenda_items i ON i.partnership_id = ic.partnership_id AND i.id = ic.item_id
       JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
       JOIN children c ON c.partnership_id = ic.partnership_id AND c.id = ic.child_id
      WHERE ic.partnership_id = $1 AND i.status = 'discussed' AND o.status <> 'cancelled'
        AND o.starts_at >= ${FROM(2)} AND o.starts_at < ${UNTIL(3)}
      ORDER BY o.starts_at, c.reference`,
    [partnershipId, period.from, period.to],
  );
}

export type CeOutcomeRow = { child_id: string; reference: string; completed_on: string; outcome: string | null; risk_type: string | null };
/**
 * DOMAIN §4 (002 §4.7): each child's latest CE risk assessment completed in the period, with its outcome and the type of
 * exploitation discussed at a medium or high outcome (both null when recorded before they were asked).
 */
export async function ceOutcomes(q: Queryable, partnershipId: string, period: Period): Promise<CeOutcomeRow[]> {
  return q.query<CeOutcomeRow>(
    `SELECT DISTINCT ON (u.child_id) u.child_id, c.reference, u.completed_on, u.outcome, u.risk_type
       FROM ce_risk_assessment_updates u JOIN children c ON c.partnership_id = u.partnership_id AND c.id = u.child_id
      WHERE u.partnership_id = $1 AND u.completed_on >= $2::date AND u.completed_on <= $3::date
      ORDER BY u.child_id, u.completed_on DESC, u.recorded_at DESC`,
    [partnershipId, period.from, period.to],
  );
}

export type TriageCount = { status: string; n: number; oldest: Date | null };
/** Coordinators' dashboard: the triage inbox by status. */
export async function triageCounts(q: Queryable, partnershipId: string): Promise<TriageCount[]> {
  return q.query<TriageCount>(
    `SELECT status, count(*)::int AS n, min(received_at) AS oldest FROM triage_items WHERE partnership_id = $1 AND status <> 'decided' GROUP BY status`,
    [partnershipId],
  );
}

export type NextPanelRow = { child_id: string; reference: string; starts_at: Date; series_name: string };
/** Chairs' dashboard: the children on the agenda of the next meeting that has one. */
export async function nextPanelChildren(q: Queryable, partnershipId: string, now: Date): Promise<NextPanelRow[]> {
  return q.query<NextPanelRow>(
    `WITH nxt AS (
       SELECT o.id, o.starts_at, s.name FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
        WHERE o.partnership_id = $1 AND o.status <> 'cancelled' AND o.starts_at >= $2
          AND EXISTS (SELECT 1 FROM agenda_items i WHERE i.partnership_id = o.partnership_id AND i.occurrence_id = o.id)
        ORDER BY o.starts_at LIMIT 1)
     SELECT DISTINCT ic.child_id, c.reference, nxt.starts_at, nxt.name AS series_name
       FROM nxt JOIN agenda_items i ON i.partnership_id = $1 AND i.occurrence_id = nxt.id
       JOIN agenda_item_children ic ON ic.partnership_id = i.partnership_id AND ic.item_id = i.id
       JOIN children c ON c.partnership_id = ic.partnership_id AND c.id = ic.child_id`,
    [partnershipId, now],
  );
}

/** Analysts' dashboard: assessments completed in the period by month (row_key) and col_key: the type ('type') or the district and instrument ('district'). */
export async function assessmentsByMonth(q: Queryable, partnershipId: string, period: Period, by: 'type' | 'district'): Promise<GroupRow[]> {
  const col = by === 'type' ? `coalesce(a.risk_type, c.primary_risk, 'Other')` : `coalesce(c.district_id, '') || '|' || a.instrument`;
  return q.query<GroupRow>(
    `SELECT ${by === 'type' ? `to_char(a.completed_on, 'YYYY-MM')` : `'*'`} AS row_key, ${col} AS col_key, count(*)::int AS n, NULL AS ids
       FROM assessments a JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
      WHERE a.partnership_id = $1 AND a.status = 'submitted' AND a.completed_on BETWEEN $2 AND $3
      GROUP BY 1, 2`,
    [partnershipId, period.from, period.to],
  );
}

export type AreaMissingRow = {
  child_id: string;
  district_id: string | null;
  went_missing_on: string;
  returned_on: string | null;
  exploitation_concern: boolean;
  number: number;
};
/**
 * Issue 15 item 16 (003, DOMAIN §6): the missing episodes that started in the period, of the district's children (every
 * district's when null), each with its number among the child's recorded episodes (the Missing Intervention Meeting's count,
 * DOMAIN §3.2). Children by their district as recorded now. Counted into aggregates only (domain/reports/missing.ts).
 */
export async function areaMissing(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<AreaMissingRow[]> {
  return q.query<AreaMissingRow>(
    `SELECT child_id, district_id, went_missing_on, returned_on, exploitation_concern, number FROM (
       SELECT m.child_id, c.district_id, m.went_missing_on, m.returned_on, m.exploitation_concern,
              row_number() OVER (PARTITION BY m.child_id ORDER BY m.went_missing_on, m.created_at)::int AS number
         FROM missing_episodes m JOIN children c ON c.partnership_id = m.partnership_id AND c.id = m.child_id
        WHERE m.partnership_id = $1 AND m.went_missing_on <= $3 AND ($4::text IS NULL OR c.district_id = $4)
     ) e
     WHERE e.went_missing_on >= $2`,
    [partnershipId, period.from, period.to, districtId],
  );
}
