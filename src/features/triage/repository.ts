import type { Queryable } from '../../db/client.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';

type TriageStatus = 'new' | 'in-triage' | 'decided';
type TriageKind = 'assessment' | 'referral' | 'concern';

export type TriageRow = {
  partnership_id: string;
  id: string;
  child_id: string;
  district_id: string | null;
  kind: TriageKind;
  subject_id: string;
  summary: string;
  referrer_user_id: string | null;
  status: TriageStatus;
  received_at: Date;
  picked_up_by: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  routes: string[] | null;
  rationale: string | null;
  version: number;
  child_reference: string;
  child_first_name: string;
  child_last_name: string;
  child_date_of_birth: string | null;
  child_district_id: string | null;
  referrer_name: string | null;
  referrer_agency_id: string | null;
  picked_up_by_name: string | null;
  decided_by_name: string | null;
  /** Set when a newer RFM for the same child has superseded this item's (issue 15 §1): the newest, its date and its own triage item, if any. */
  assessment_instrument: string | null;
  newest_assessment_id: string | null;
  newest_completed_on: string | null;
  newest_item_id: string | null;
};

/** Which items a status filter shows: 'open' is new and in triage. */
export const statusFilters = ['open', 'new', 'in-triage', 'decided', 'all'] as const;
export type StatusFilter = (typeof statusFilters)[number];

export const sortKeys = ['received', 'child', 'district', 'kind', 'status'] as const;
export type SortKey = (typeof sortKeys)[number];

type InboxQuery = { districtId?: string; status: StatusFilter; sort: SortKey; order: 'asc' | 'desc'; limit: number; offset: number };

/**
 * An assessment item is superseded when the child's current assessment of the same instrument (the newest submitted,
 * not amended: as the child's record counts it) is another one; `newest` is that one, with its own triage item when
 * it has one (looked up only for superseded items).
 */
const select = `
  SELECT t.*, c.reference AS child_reference, c.first_name AS child_first_name, c.last_name AS child_last_name,
         c.date_of_birth AS child_date_of_birth, c.district_id AS child_district_id,
         r.display_name AS referrer_name, r.agency_id AS referrer_agency_id,
         p.display_name AS picked_up_by_name, d.display_name AS decided_by_name,
         sa.instrument AS assessment_instrument, newest.id AS newest_assessment_id, newest.completed_on::text AS newest_completed_on,
         CASE WHEN newest.id IS NULL THEN NULL ELSE
           (SELECT t2.id FROM triage_items t2 WHERE t2.partnership_id = t.partnership_id AND t2.kind = 'assessment' AND t2.subject_id = newest.id
             ORDER BY t2.received_at DESC LIMIT 1) END AS newest_item_id
    FROM triage_items t
    JOIN children c ON c.partnership_id = t.partnership_id AND c.id = t.child_id
    LEFT JOIN users r ON r.partnership_id = t.partnership_id AND r.id = t.referrer_user_id
    LEFT JOIN users p ON p.partnership_id = t.partnership_id AND p.id = t.picked_up_by
    LEFT JOIN users d ON d.partnership_id = t.partnership_id AND d.id = t.decided_by
    LEFT JOIN assessments sa ON t.kind = 'assessment' AND sa.partnership_id = t.partnership_id AND sa.id = t.subject_id
    LEFT JOIN LATERAL (
      SELECT a2.id, a2.completed_on FROM assessments a2
       WHERE a2.partnership_id = sa.partnership_id AND a2.child_id = sa.child_id AND a2.instrument = sa.instrument
         AND a2.status = 'submitted' AND a2.superseded_at IS NULL
       ORDER BY a2.completed_on DESC, a2.submitted_at DESC LIMIT 1) newest ON newest.id <> sa.id`;

/** Statuses as SQL: $2 is the status filter. */
const statusWhere = `CASE $2::text WHEN 'open' THEN t.status IN ('new', 'in-triage') WHEN 'all' THEN true ELSE t.status = $2::text END`;

/** Column orders are chosen from this list only (never from the request), ties broken oldest first. */
const orderBy: Record<SortKey, string> = {
  received: 't.received_at',
  child: 'lower(c.last_name) %s, lower(c.first_name)',
  district: 't.district_id',
  kind: 't.kind',
  status: `CASE t.status WHEN 'new' THEN 0 WHEN 'in-triage' THEN 1 ELSE 2 END`,
};

export function triageRepository() {
  return {
    async list(q: Queryable, partnershipId: string, f: InboxQuery): Promise<TriageRow[]> {
      const dir = f.order === 'desc' ? 'DESC' : 'ASC';
      const col = orderBy[f.sort].includes('%s') ? orderBy[f.sort].replace('%s', dir) : orderBy[f.sort];
      return q.query<TriageRow>(
        `${select}
          WHERE t.partnership_id = $1 AND ${statusWhere} AND ($3::text IS NULL OR t.district_id = $3)
          ORDER BY ${col} ${dir} NULLS LAST, t.received_at ${f.sort === 'received' ? dir : 'ASC'}, t.id
          LIMIT $4 OFFSET $5`,
        [partnershipId, f.status, f.districtId ?? null, f.limit, f.offset],
      );
    },

    async count(q: Queryable, partnershipId: string, f: Pick<InboxQuery, 'districtId' | 'status'>): Promise<number> {
      const [row] = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM triage_items t WHERE t.partnership_id = $1 AND ${statusWhere} AND ($3::text IS NULL OR t.district_id = $3)`,
        [partnershipId, f.status, f.districtId ?? null],
      );
      return row!.n;
    },

    /** How many items are new and in triage (decided ones are not counted). */
    async openCounts(q: Queryable, partnershipId: string) {
      return q.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM triage_items WHERE partnership_id = $1 AND status <> 'decided' GROUP BY status`,
        [partnershipId],
      );
    },

    async find(q: Queryable, partnershipId: string, id: string): Promise<TriageRow | undefined> {
      const [row] = await q.query<TriageRow>(`${select} WHERE t.partnership_id = $1 AND t.id = $2`, [partnershipId, id]);
      return row;
    },

    /** Which partnership an item id belongs to, if any (to audit an attempt across partnerships). */
    async partnershipOf(q: Queryable, id: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM triage_items WHERE id = $1`, [id]);
      return row?.partnership_id;
    },

    /** Takes an undecided item into triage, only when the version read is still current. */
    async pickUp(q: Queryable, partnershipId: string, id: string, version: number, userId: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE triage_items SET status = 'in-triage', picked_up_by = $4, version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND status <> 'decided' RETURNING id`,
        [partnershipId, id, version, userId],
      );
      return rows.length === 1;
    },

    /** Records the decision, only when the version read is still current and nothing was decided yet. */
    async decide(q: Queryable, partnershipId: string, id: string, version: number, userId: string, routes: string[], rationale: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE triage_items SET status = 'decided', decided_by = $4, decided_at = now(), routes = $5, rationale = $6,
                picked_up_by = coalesce(picked_up_by, $4), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND status <> 'decided' RETURNING id`,
        [partnershipId, id, version, userId, routes, rationale],
      );
      return rows.length === 1;
    },

    /** The referrer's address, when they still have an active account. */
    async referrerEmail(q: Queryable, partnershipId: string, userId: string): Promise<string | undefined> {
      const [row] = await q.query<{ email: string }>(`SELECT email FROM users WHERE partnership_id = $1 AND id = $2 AND disabled_at IS NULL`, [
        partnershipId,
        userId,
      ]);
      return row?.email;
    },

    /** A referral's page is its assessment's (the RFM sent with the CE referral form), when it has one. */
    async referralAssessment(q: Queryable, partnershipId: string, referralId: string): Promise<string | undefined> {
      const [row] = await q.query<{ assessment_id: string | null }>(`SELECT assessment_id FROM referrals WHERE partnership_id = $1 AND id = $2`, [
        partnershipId,
        referralId,
      ]);
      return row?.assessment_id ?? undefined;
    },

    async keepConflict(q: Queryable, partnershipId: string, id: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, 'triage_item', id, userId, readVersion, submitted);
    },
  };
}
