import type { Queryable } from '../../db/client.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';

export type ReferralRow = {
  partnership_id: string;
  id: string;
  child_id: string;
  district_id: string | null;
  series_id: string | null;
  source: 'triage' | 'assessment' | 'manual';
  source_id: string | null;
  risk_level: string | null;
  override_reason: string | null;
  lead_professional_name: string;
  lead_professional_agency_id: string;
  lead_professional_contact: string | null;
  status: 'proposed' | 'thresholded' | 'closed';
  category: number | null;
  rationale: string | null;
  removal_reason: string | null;
  transfer_host_authority: string | null;
  transfer_concerns_continue: boolean | null;
  transfer_request_inclusion: boolean | null;
  thresholded_by: string | null;
  thresholded_at: Date | null;
  file_check_note: string | null;
  file_check_by: string | null;
  file_check_at: Date | null;
  checklist_done: string[];
  checklist_by: string | null;
  checklist_at: Date | null;
  referred_by: string;
  referred_at: Date;
  version: number;
  child_reference: string;
  child_first_name: string;
  child_last_name: string;
  child_date_of_birth: string | null;
  referred_by_name: string | null;
  thresholded_by_name: string | null;
  file_check_by_name: string | null;
  checklist_by_name: string | null;
};

export type CheckRow = {
  partnership_id: string;
  id: string;
  referral_id: string;
  child_id: string;
  agency_id: string;
  status: 'requested' | 'answered';
  response_kind: 'shared' | 'nothing-known' | null;
  response_text: string | null;
  requested_at: Date;
  answered_by: string | null;
  answered_at: Date | null;
  version: number;
  answered_by_name: string | null;
  child_reference: string;
  child_first_name: string;
  child_last_name: string;
  child_date_of_birth: string | null;
  child_district_id: string | null;
  referral_status: string;
};

const selectReferral = `
  SELECT r.*, c.reference AS child_reference, c.first_name AS child_first_name, c.last_name AS child_last_name,
         c.date_of_birth AS child_date_of_birth,
         rb.display_name AS referred_by_name, tb.display_name AS thresholded_by_name,
         fb.display_name AS file_check_by_name, cb.display_name AS checklist_by_name
    FROM panel_referrals r
    JOIN children c ON c.partnership_id = r.partnership_id AND c.id = r.child_id
    LEFT JOIN users rb ON rb.partnership_id = r.partnership_id AND rb.id = r.referred_by
    LEFT JOIN users tb ON tb.partnership_id = r.partnership_id AND tb.id = r.thresholded_by
    LEFT JOIN users fb ON fb.partnership_id = r.partnership_id AND fb.id = r.file_check_by
    LEFT JOIN users cb ON cb.partnership_id = r.partnership_id AND cb.id = r.checklist_by`;

const selectCheck = `
  SELECT l.*, u.display_name AS answered_by_name, c.reference AS child_reference, c.first_name AS child_first_name,
         c.last_name AS child_last_name, c.date_of_birth AS child_date_of_birth, c.district_id AS child_district_id,
         r.status AS referral_status
    FROM lateral_checks l
    JOIN panel_referrals r ON r.partnership_id = l.partnership_id AND r.id = l.referral_id
    JOIN children c ON c.partnership_id = l.partnership_id AND c.id = l.child_id
    LEFT JOIN users u ON u.partnership_id = l.partnership_id AND u.id = l.answered_by`;

type NewReferral = {
  childId: string;
  districtId: string | null;
  source: 'triage' | 'assessment' | 'manual';
  sourceId: string | null;
  riskLevel: string | null;
  overrideReason: string | null;
  leadName: string;
  leadAgencyId: string;
  leadContact: string | null;
  referredBy: string;
};

type Threshold = {
  category: number;
  status: 'thresholded' | 'closed';
  rationale: string;
  removalReason: string | null;
  hostAuthority: string | null;
  concernsContinue: boolean | null;
  requestInclusion: boolean | null;
};

/** All SQL of the panel feature; every query names the partnership. */
export function panelRepository() {
  const one = async <T>(p: Promise<T[]>) => (await p)[0];
  return {
    find: (q: Queryable, partnershipId: string, id: string) =>
      one(q.query<ReferralRow>(`${selectReferral} WHERE r.partnership_id = $1 AND r.id = $2`, [partnershipId, id])),

    openForChild: (q: Queryable, partnershipId: string, childId: string) =>
      one(q.query<ReferralRow>(`${selectReferral} WHERE r.partnership_id = $1 AND r.child_id = $2 AND r.status <> 'closed'`, [partnershipId, childId])),

    /** Which partnership a referral or check id belongs to, to audit attempts across partnerships. */
    async ownerOf(q: Queryable, table: 'panel_referrals' | 'lateral_checks', id: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM ${table} WHERE id = $1`, [id]);
      return row?.partnership_id;
    },

    async insert(q: Queryable, partnershipId: string, r: NewReferral): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO panel_referrals (partnership_id, child_id, district_id, source, source_id, risk_level, override_reason,
            lead_professional_name, lead_professional_agency_id, lead_professional_contact, referred_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [partnershipId, r.childId, r.districtId, r.source, r.sourceId, r.riskLevel, r.overrideReason, r.leadName, r.leadAgencyId, r.leadContact, r.referredBy],
      );
      return row!.id;
    },

    async requestChecks(q: Queryable, partnershipId: string, referralId: string, childId: string, agencyIds: string[]) {
      for (const agencyId of agencyIds) {
        await q.query(`INSERT INTO lateral_checks (partnership_id, referral_id, child_id, agency_id) VALUES ($1, $2, $3, $4)`, [
          partnershipId,
          referralId,
          childId,
          agencyId,
        ]);
      }
    },

    checksFor: (q: Queryable, partnershipId: string, referralId: string) =>
      q.query<CheckRow>(`${selectCheck} WHERE l.partnership_id = $1 AND l.referral_id = $2 ORDER BY l.requested_at, l.id`, [partnershipId, referralId]),

    findCheck: (q: Queryable, partnershipId: string, id: string) =>
      one(q.query<CheckRow>(`${selectCheck} WHERE l.partnership_id = $1 AND l.id = $2`, [partnershipId, id])),

    /** The id of the child's open panel referral, if any (the child page offers it). */
    openReferralId: async (q: Queryable, partnershipId: string, childId: string): Promise<string | undefined> =>
      (
        await one(
          q.query<{ id: string }>(`SELECT id FROM panel_referrals WHERE partnership_id = $1 AND child_id = $2 AND status <> 'closed' LIMIT 1`, [
            partnershipId,
            childId,
          ]),
        )
      )?.id,

    /**
     * Open referrals waiting for the coordinator (oldest first): those to threshold, and those thresholded to discuss
     * at MACE that are not yet on the agenda of a meeting to come.
     */
    waitingForCoordinator: (q: Queryable, partnershipId: string) =>
      q.query<{ id: string; child_reference: string; first_name: string; last_name: string; stage: 'threshold' | 'agenda'; outstanding: number }>(
        `SELECT r.id, c.reference AS child_reference, c.first_name, c.last_name,
            CASE WHEN r.status = 'proposed' THEN 'threshold' ELSE 'agenda' END AS stage,
            (SELECT count(*)::int FROM lateral_checks l WHERE l.partnership_id = r.partnership_id AND l.referral_id = r.id AND l.status = 'requested') AS outstanding
       FROM panel_referrals r JOIN children c ON c.partnership_id = r.partnership_id AND c.id = r.child_id
      WHERE r.partnership_id = $1 AND (r.status = 'proposed' OR (r.status = 'thresholded' AND r.category = 1
        AND NOT EXISTS (SELECT 1 FROM agenda_item_children ic
                          JOIN agenda_items i ON i.partnership_id = ic.partnership_id AND i.id = ic.item_id
                          JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
                         WHERE ic.partnership_id = r.partnership_id AND ic.child_id = r.child_id AND o.starts_at > now() AND o.status <> 'cancelled')))
      ORDER BY r.referred_at, r.id
      LIMIT 50`,
        [partnershipId],
      ),

    /**
     * Issue 15 §12: the checks waiting for an agency, for its responders' home page (references only), each with the
     * next meeting that will consider it (of the given types, in the child's district or partnership-wide), soonest first.
     */
    waitingForHome: (q: Queryable, partnershipId: string, agencyId: string, typeIds: string[]) =>
      q.query<{ id: string; child_reference: string; requested_at: Date; answer_before: Date | null; answer_before_name: string | null }>(
        `SELECT l.id, c.reference AS child_reference, l.requested_at, nxt.starts_at AS answer_before, nxt.name AS answer_before_name
           FROM lateral_checks l
           JOIN panel_referrals r ON r.partnership_id = l.partnership_id AND r.id = l.referral_id
           JOIN children c ON c.partnership_id = l.partnership_id AND c.id = l.child_id
           LEFT JOIN LATERAL (
             SELECT o.starts_at, s.name FROM meeting_occurrences o
               JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
              WHERE o.partnership_id = l.partnership_id AND s.type_id = ANY($3::text[]) AND (s.district_id IS NULL OR s.district_id = r.district_id)
                AND o.status <> 'cancelled' AND o.starts_at > now()
              ORDER BY o.starts_at LIMIT 1) nxt ON true
          WHERE l.partnership_id = $1 AND l.agency_id = $2 AND l.status = 'requested' AND r.status <> 'closed'
          ORDER BY nxt.starts_at NULLS LAST, l.requested_at, l.id LIMIT 50`,
        [partnershipId, agencyId, typeIds],
      ),

    /** Checks waiting for an agency on referrals still open, oldest first. */
    waiting: (q: Queryable, partnershipId: string, agencyId: string, limit = 200) =>
      q.query<CheckRow>(
        `${selectCheck} WHERE l.partnership_id = $1 AND l.agency_id = $2 AND l.status = 'requested' AND r.status <> 'closed'
          ORDER BY l.requested_at, l.id LIMIT $3`,
        [partnershipId, agencyId, limit],
      ),

    async answer(q: Queryable, partnershipId: string, id: string, version: number, userId: string, kind: string, text: string | null): Promise<boolean> {
      const rows = await q.query(
        `UPDATE lateral_checks SET status = 'answered', response_kind = $4, response_text = $5, answered_by = $6, answered_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [partnershipId, id, version, kind, text, userId],
      );
      return rows.length === 1;
    },

    async fileCheck(q: Queryable, partnershipId: string, id: string, version: number, userId: string, note: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE panel_referrals SET file_check_note = $4, file_check_by = $5, file_check_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND status <> 'closed' RETURNING id`,
        [partnershipId, id, version, note, userId],
      );
      return rows.length === 1;
    },

    async checklist(q: Queryable, partnershipId: string, id: string, version: number, userId: string, done: string[]): Promise<boolean> {
      const rows = await q.query(
        `UPDATE panel_referrals SET checklist_done = $4, checklist_by = $5, checklist_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND status <> 'closed' RETURNING id`,
        [partnershipId, id, version, done, userId],
      );
      return rows.length === 1;
    },

    async threshold(q: Queryable, partnershipId: string, id: string, version: number, userId: string, t: Threshold): Promise<boolean> {
      const rows = await q.query(
        `UPDATE panel_referrals SET status = $4, category = $5, rationale = $6, removal_reason = $7, transfer_host_authority = $8,
                transfer_concerns_continue = $9, transfer_request_inclusion = $10, thresholded_by = $11, thresholded_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND status <> 'closed' RETURNING id`,
        [partnershipId, id, version, t.status, t.category, t.rationale, t.removalReason, t.hostAuthority, t.concernsContinue, t.requestInclusion, userId],
      );
      return rows.length === 1;
    },

    async triageItemFor(q: Queryable, partnershipId: string, childId: string, id: string): Promise<boolean> {
      const rows = await q.query(`SELECT 1 FROM triage_items WHERE partnership_id = $1 AND child_id = $2 AND id = $3`, [partnershipId, childId, id]);
      return rows.length === 1;
    },

    async keepConflict(q: Queryable, partnershipId: string, recordType: string, id: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, recordType, id, userId, readVersion, submitted);
    },
  };
}
