import type { Queryable } from '../../db/client.ts';
import type { RiskLevel, Instrument } from '../../domain/risk/levels.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';
import { markDue, markDueOfItems } from '../reviews/due-marks.ts';

export type AgendaRow = {
  partnership_id: string;
  occurrence_id: string;
  status: 'draft' | 'published';
  published_at: Date | null;
  published_by: string | null;
  opened_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  changed_at: Date | null;
  changed_by: string | null;
  version: number;
  published_by_name: string | null;
  changed_by_name: string | null;
};

export type ItemChild = {
  id: string;
  reference: string;
  first_name: string;
  last_name: string;
  /** ISO date, or null when not recorded (DOMAIN §3.4: MACE is for children under 18). */
  date_of_birth: string | null;
  district_id: string | null;
  partnership_id: string;
};

export type ItemRow = {
  partnership_id: string;
  id: string;
  occurrence_id: string;
  kind: 'child' | 'group' | 'location';
  discussion: 'initial' | 'review';
  title: string | null;
  location_text: string | null;
  position: number;
  slot_minutes: number;
  fixed_start: string | null;
  referral_id: string | null;
  status: 'planned' | 'in-discussion' | 'discussed' | 'deferred';
  created_by: string;
  created_at: Date;
  updated_by: string | null;
  updated_at: Date | null;
  updated_by_name: string | null;
  version: number;
  children: ItemChild[];
};

type NewItem = {
  occurrenceId: string;
  kind: 'child' | 'group' | 'location';
  discussion: 'initial' | 'review';
  title: string | null;
  locationText: string | null;
  position: number;
  slotMinutes: number;
  fixedStart: string | null;
  referralId: string | null;
  createdBy: string;
};

type ItemChange = { discussion: 'initial' | 'review'; title: string | null; locationText: string | null; slotMinutes: number; fixedStart: string | null };

export type CandidateRow = {
  referral_id: string;
  child_id: string;
  reference: string;
  first_name: string;
  last_name: string;
  district_id: string | null;
  status: 'proposed' | 'thresholded';
  category: number | null;
  checklist_done: string[];
};

export type ResponseRow = {
  member_id: string;
  user_id: string | null;
  name: string;
  email: string;
  agency_id: string | null;
  membership: 'core' | 'secondary';
  response: 'accepted' | 'declined' | null;
  deputy_name: string | null;
  deputy_email: string | null;
  responded_at: Date | null;
};

const selectAgenda = `
  SELECT a.*, pb.display_name AS published_by_name, cb.display_name AS changed_by_name
    FROM agendas a
    LEFT JOIN users pb ON pb.partnership_id = a.partnership_id AND pb.id = a.published_by
    LEFT JOIN users cb ON cb.partnership_id = a.partnership_id AND cb.id = a.changed_by`;

const selectItem = `
  SELECT i.partnership_id, i.id, i.occurrence_id, i.kind, i.discussion, i.title, i.location_text, i.position, i.slot_minutes,
         i.fixed_start, i.referral_id, i.status, i.created_by, i.created_at, i.updated_by, i.updated_at, i.version,
         ub.display_name AS updated_by_name,
         coalesce((SELECT json_agg(json_build_object('id', c.id, 'reference', c.reference, 'first_name', c.first_name, 'last_name', c.last_name,
                                                     'date_of_birth', c.date_of_birth, 'district_id', c.district_id, 'partnership_id', c.partnership_id) ORDER BY c.last_name, c.first_name, c.id)
                     FROM agenda_item_children ic JOIN children c ON c.partnership_id = ic.partnership_id AND c.id = ic.child_id
                    WHERE ic.partnership_id = i.partnership_id AND ic.item_id = i.id), '[]'::json) AS children
    FROM agenda_items i
    LEFT JOIN users ub ON ub.partnership_id = i.partnership_id AND ub.id = i.updated_by`;

/** All SQL of the agenda; every query names the partnership. */
/** One agenda item naming the child: the meeting, whether it is still to come, and what the meeting decided. */
export type ChildMeetingRow = {
  item_id: string;
  occurrence_id: string;
  series_name: string;
  starts_at: Date;
  occurrence_status: 'scheduled' | 'moved' | 'cancelled';
  agenda_status: 'draft' | 'published' | null;
  opened_at: Date | null;
  closed_at: Date | null;
  kind: 'child' | 'group' | 'location';
  title: string | null;
  discussion: 'initial' | 'review';
  item_status: 'planned' | 'in-discussion' | 'discussed' | 'deferred';
  risk_instrument: Instrument | null;
  risk_level: RiskLevel | null;
  decisions: string | null;
  rationale: string | null;
  next_review_on: string | null;
  decided_at: Date | null;
  decided_by_name: string | null;
  actions: number;
};

export function agendaRepository() {
  const one = async <T>(p: Promise<T[]>) => (await p)[0];
  return {
    agenda: (q: Queryable, partnershipId: string, occurrenceId: string) =>
      one(q.query<AgendaRow>(`${selectAgenda} WHERE a.partnership_id = $1 AND a.occurrence_id = $2`, [partnershipId, occurrenceId])),

    /**
     * Locks the meeting for the rest of the transaction and reads its agenda (none yet: undefined).
     * Every change to an agenda or its items takes this lock first, so concurrent changes queue and a
     * refused change leaves nothing behind (the agenda row is written only with a change).
     */
    async lock(q: Queryable, partnershipId: string, occurrenceId: string): Promise<AgendaRow | undefined> {
      await q.query(`SELECT 1 FROM meeting_occurrences WHERE partnership_id = $1 AND id = $2 FOR UPDATE`, [partnershipId, occurrenceId]);
      return one(q.query<AgendaRow>(`${selectAgenda} WHERE a.partnership_id = $1 AND a.occurrence_id = $2`, [partnershipId, occurrenceId]));
    },

    /** Marks the agenda changed, writing it as a draft if new (its version moves on; a published one shows it changed since). */
    async touch(q: Queryable, partnershipId: string, occurrenceId: string, userId: string) {
      await q.query(
        `INSERT INTO agendas (partnership_id, occurrence_id, changed_at, changed_by, version) VALUES ($1, $2, clock_timestamp(), $3, 2)
         ON CONFLICT (partnership_id, occurrence_id) DO UPDATE SET changed_at = clock_timestamp(), changed_by = $3, version = agendas.version + 1`,
        [partnershipId, occurrenceId, userId],
      );
    },

    /** Publishes (or sends again) the agenda, only when the version read is still current. */
    async publish(q: Queryable, partnershipId: string, occurrenceId: string, version: number, userId: string): Promise<boolean> {
      await q.query(`INSERT INTO agendas (partnership_id, occurrence_id) VALUES ($1, $2) ON CONFLICT (partnership_id, occurrence_id) DO NOTHING`, [
        partnershipId,
        occurrenceId,
      ]);
      const rows = await q.query(
        `UPDATE agendas SET status = 'published', published_at = clock_timestamp(), published_by = $4, version = version + 1
          WHERE partnership_id = $1 AND occurrence_id = $2 AND version = $3 RETURNING occurrence_id`,
        [partnershipId, occurrenceId, version, userId],
      );
      return rows.length === 1;
    },

    items: (q: Queryable, partnershipId: string, occurrenceId: string) =>
      q.query<ItemRow>(`${selectItem} WHERE i.partnership_id = $1 AND i.occurrence_id = $2 ORDER BY i.position, i.created_at, i.id`, [
        partnershipId,
        occurrenceId,
      ]),

    item: (q: Queryable, partnershipId: string, id: string) =>
      one(q.query<ItemRow>(`${selectItem} WHERE i.partnership_id = $1 AND i.id = $2`, [partnershipId, id])),

    /** Which partnership a record id belongs to, to audit attempts across partnerships. */
    async ownerOf(q: Queryable, table: 'agenda_items' | 'meeting_occurrences', id: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM ${table} WHERE id = $1`, [id]);
      return row?.partnership_id;
    },

    async insertItem(q: Queryable, partnershipId: string, it: NewItem, childIds: readonly string[]): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO agenda_items (partnership_id, occurrence_id, kind, discussion, title, location_text, position, slot_minutes, fixed_start, referral_id, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          partnershipId,
          it.occurrenceId,
          it.kind,
          it.discussion,
          it.title,
          it.locationText,
          it.position,
          it.slotMinutes,
          it.fixedStart,
          it.referralId,
          it.createdBy,
        ],
      );
      await this.setChildren(q, partnershipId, row!.id, childIds);
      return row!.id;
    },

    async setChildren(q: Queryable, partnershipId: string, itemId: string, childIds: readonly string[]) {
      const removed = await q.query<{ child_id: string }>(
        `DELETE FROM agenda_item_children WHERE partnership_id = $1 AND item_id = $2 AND NOT (child_id = ANY($3::uuid[])) RETURNING child_id`,
        [partnershipId, itemId, childIds],
      );
      // An item's decision counts for the children it is about (review_due, migration 071).
      await markDue(q, partnershipId, [...removed.map((r) => r.child_id), ...childIds]);
      await q.query(`INSERT INTO agenda_item_children (partnership_id, item_id, child_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`, [
        partnershipId,
        itemId,
        childIds,
      ]);
    },

    /** Saves an item's details, only when the version read is still current. */
    async updateItem(q: Queryable, partnershipId: string, id: string, version: number, c: ItemChange, userId: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE agenda_items SET discussion = $4, title = $5, location_text = $6, slot_minutes = $7, fixed_start = $8,
                updated_by = $9, updated_at = clock_timestamp(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [partnershipId, id, version, c.discussion, c.title, c.locationText, c.slotMinutes, c.fixedStart, userId],
      );
      return rows.length === 1;
    },

    /** Writes the running order: positions 0, 1, 2… in the order given. */
    async setOrder(q: Queryable, partnershipId: string, ids: readonly string[]) {
      await q.query(
        `UPDATE agenda_items i SET position = t.pos - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, pos)
          WHERE i.partnership_id = $1 AND i.id = t.id AND i.position <> t.pos - 1`,
        [partnershipId, ids],
      );
    },

    /** Whether anything recorded in the meeting points at the item (then it is never deleted). */
    async isReferenced(q: Queryable, partnershipId: string, id: string): Promise<boolean> {
      const [row] = await q.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM agenda_item_contributions WHERE partnership_id = $1 AND item_id = $2)
              + (SELECT count(*) FROM meeting_recordings WHERE partnership_id = $1 AND item_id = $2)
              + (SELECT count(*) FROM actions WHERE partnership_id = $1 AND agenda_item_id = $2) AS n`,
        [partnershipId, id],
      );
      return Number(row?.n ?? 0) > 0;
    },

    async deleteItem(q: Queryable, partnershipId: string, id: string, version: number): Promise<boolean> {
      await markDueOfItems(q, partnershipId, [id]);
      const rows = await q.query(`DELETE FROM agenda_items WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`, [partnershipId, id, version]);
      return rows.length === 1;
    },

    /** The children already on an occurrence's agenda, with the item each is on. */
    childrenOn: (q: Queryable, partnershipId: string, occurrenceId: string) =>
      q.query<{ child_id: string; item_id: string }>(
        `SELECT ic.child_id, ic.item_id FROM agenda_item_children ic
           JOIN agenda_items i ON i.partnership_id = ic.partnership_id AND i.id = ic.item_id
          WHERE ic.partnership_id = $1 AND i.occurrence_id = $2`,
        [partnershipId, occurrenceId],
      ),

    /**
     * Children discussed at an earlier meeting of the same series: on an item not deferred, either
     * recorded as discussed or at a meeting that has ended (and was not cancelled).
     */
    async discussedBefore(q: Queryable, partnershipId: string, seriesId: string, before: Date, childIds: readonly string[]): Promise<Set<string>> {
      if (!childIds.length) return new Set();
      const rows = await q.query<{ child_id: string }>(
        `SELECT DISTINCT ic.child_id FROM agenda_item_children ic
           JOIN agenda_items i ON i.partnership_id = ic.partnership_id AND i.id = ic.item_id
           JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
          WHERE ic.partnership_id = $1 AND o.series_id = $2 AND o.starts_at < $3 AND o.status <> 'cancelled'
            AND i.status <> 'deferred' AND (i.status = 'discussed' OR o.ends_at < now())
            AND ic.child_id = ANY($4::uuid[])`,
        [partnershipId, seriesId, before.toISOString(), childIds],
      );
      return new Set(rows.map((r) => r.child_id));
    },

    async locationDiscussedBefore(q: Queryable, partnershipId: string, seriesId: string, before: Date, location: string): Promise<boolean> {
      const rows = await q.query(
        `SELECT 1 FROM agenda_items i JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
          WHERE i.partnership_id = $1 AND o.series_id = $2 AND o.starts_at < $3 AND o.status <> 'cancelled' AND i.kind = 'location'
            AND i.status <> 'deferred' AND (i.status = 'discussed' OR o.ends_at < now()) AND lower(btrim(i.location_text)) = lower(btrim($4)) LIMIT 1`,
        [partnershipId, seriesId, before.toISOString(), location],
      );
      return rows.length > 0;
    },

    /**
     * Children proposed for the panel (DOMAIN §6): open referrals for the district (any district when
     * the series has none), thresholded "discuss at MACE" first, then those not yet thresholded.
     */
    candidates: (q: Queryable, partnershipId: string, districtId: string | null) =>
      q.query<CandidateRow>(
        `SELECT r.id AS referral_id, c.id AS child_id, c.reference, c.first_name, c.last_name, c.district_id, r.status, r.category, r.checklist_done
           FROM panel_referrals r JOIN children c ON c.partnership_id = r.partnership_id AND c.id = r.child_id
          WHERE r.partnership_id = $1 AND r.status <> 'closed' AND (r.category IS NULL OR r.category = 1)
            AND ($2::text IS NULL OR r.district_id = $2 OR c.district_id = $2)
          ORDER BY r.category NULLS LAST, r.thresholded_at, r.referred_at, c.last_name, c.id
          LIMIT 200`,
        [partnershipId, districtId],
      ),

    /** Issue 15 item 16: when the series last met before this meeting (cancelled meetings left out), or undefined. */
    async previousMeetingStart(q: Queryable, partnershipId: string, seriesId: string, before: Date): Promise<Date | undefined> {
      const [r] = await q.query<{ starts_at: Date }>(
        `SELECT starts_at FROM meeting_occurrences
          WHERE partnership_id = $1 AND series_id = $2 AND starts_at < $3 AND status <> 'cancelled'
          ORDER BY starts_at DESC LIMIT 1`,
        [partnershipId, seriesId, before],
      );
      return r?.starts_at;
    },

    /** Children on agendas of earlier meetings of the series (not cancelled) in the last year, latest first: those to review. */
    previouslyDiscussed: (q: Queryable, partnershipId: string, seriesId: string, before: Date) =>
      q.query<{ child_id: string; reference: string; first_name: string; last_name: string; last_on: Date }>(
        `SELECT c.id AS child_id, c.reference, c.first_name, c.last_name, max(o.starts_at) AS last_on
           FROM agenda_item_children ic
           JOIN agenda_items i ON i.partnership_id = ic.partnership_id AND i.id = ic.item_id
           JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
           JOIN children c ON c.partnership_id = ic.partnership_id AND c.id = ic.child_id
          WHERE ic.partnership_id = $1 AND o.series_id = $2 AND o.starts_at < $3 AND o.starts_at > $3::timestamptz - interval '1 year'
            AND o.status <> 'cancelled' AND i.status <> 'deferred'
          GROUP BY c.id, c.reference, c.first_name, c.last_name
          ORDER BY max(o.starts_at) DESC, c.last_name, c.id
          LIMIT 100`,
        [partnershipId, seriesId, before.toISOString()],
      ),

    /** The open referral of each child (for the lead professional's checklist). */
    async openReferrals(
      q: Queryable,
      partnershipId: string,
      childIds: readonly string[],
    ): Promise<Map<string, { id: string; checklist_done: string[]; category: number | null; status: string }>> {
      if (!childIds.length) return new Map();
      const rows = await q.query<{ id: string; child_id: string; checklist_done: string[]; category: number | null; status: string }>(
        `SELECT id, child_id, checklist_done, category, status FROM panel_referrals WHERE partnership_id = $1 AND status <> 'closed' AND child_id = ANY($2::uuid[])`,
        [partnershipId, childIds],
      );
      return new Map(rows.map((r) => [r.child_id, r]));
    },

    /** Children of the partnership by id or by reference (case-insensitive), for what a user typed or picked. */
    childrenByIds: (q: Queryable, partnershipId: string, ids: readonly string[]) =>
      q.query<ItemChild>(
        `SELECT id, reference, first_name, last_name, date_of_birth, district_id, partnership_id FROM children WHERE partnership_id = $1 AND id = ANY($2::uuid[])`,
        [partnershipId, ids],
      ),

    childrenByReferences: (q: Queryable, partnershipId: string, refs: readonly string[]) =>
      q.query<ItemChild>(
        `SELECT id, reference, first_name, last_name, date_of_birth, district_id, partnership_id FROM children WHERE partnership_id = $1 AND upper(reference) = ANY($2::text[])`,
        [partnershipId, refs.map((r) => r.toUpperCase())],
      ),

    /** Every member of the series with their answer for this occurrence (none yet: null). */
    responses: (q: Queryable, partnershipId: string, seriesId: string, occurrenceId: string) =>
      q.query<ResponseRow>(
        `SELECT m.id AS member_id, m.user_id, coalesce(u.display_name, m.name) AS name, coalesce(u.email, m.email) AS email,
                coalesce(m.agency_id, u.agency_id) AS agency_id, m.membership, r.response, r.deputy_name, r.deputy_email, r.responded_at
           FROM meeting_members m
           LEFT JOIN users u ON u.partnership_id = m.partnership_id AND u.id = m.user_id
           LEFT JOIN meeting_invitation_responses r ON r.partnership_id = m.partnership_id AND r.member_id = m.id AND r.occurrence_id = $3
          WHERE m.partnership_id = $1 AND m.series_id = $2 AND (u.id IS NULL OR u.disabled_at IS NULL)
          ORDER BY m.membership, lower(coalesce(u.display_name, m.name)), m.id`,
        [partnershipId, seriesId, occurrenceId],
      ),

    async upsertResponse(
      q: Queryable,
      partnershipId: string,
      occurrenceId: string,
      memberId: string,
      r: { response: 'accepted' | 'declined'; deputyName: string | null; deputyEmail: string | null },
      userId: string,
    ) {
      await q.query(
        `INSERT INTO meeting_invitation_responses (partnership_id, occurrence_id, member_id, response, deputy_name, deputy_email, responded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (partnership_id, occurrence_id, member_id)
         DO UPDATE SET response = excluded.response, deputy_name = excluded.deputy_name, deputy_email = excluded.deputy_email,
                       responded_by = excluded.responded_by, responded_at = now()`,
        [partnershipId, occurrenceId, memberId, r.response, r.deputyName, r.deputyEmail, userId],
      );
    },

    async keepConflict(q: Queryable, partnershipId: string, recordType: string, id: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, recordType, id, userId, readVersion, submitted);
    },

    /** Every agenda item naming the child (latest meeting first), with its meeting and decision. */
    itemsForChild(q: Queryable, partnershipId: string, childId: string) {
      return q.query<ChildMeetingRow>(
        `SELECT i.id AS item_id, o.id AS occurrence_id, s.name AS series_name, o.starts_at, o.status AS occurrence_status,
                a.status AS agenda_status, a.opened_at, a.closed_at, i.kind, i.title, i.discussion, i.status AS item_status,
                i.risk_instrument, i.risk_level, i.decisions, i.rationale, to_char(i.next_review_on, 'YYYY-MM-DD') AS next_review_on,
                i.decided_at, u.display_name AS decided_by_name,
                (SELECT count(*)::int FROM actions x WHERE x.partnership_id = i.partnership_id AND x.agenda_item_id = i.id AND x.child_id = ic.child_id) AS actions
           FROM agenda_item_children ic
           JOIN agenda_items i ON i.partnership_id = ic.partnership_id AND i.id = ic.item_id
           JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
           JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
           LEFT JOIN agendas a ON a.partnership_id = o.partnership_id AND a.occurrence_id = o.id
           LEFT JOIN users u ON u.partnership_id = i.partnership_id AND u.id = i.decided_by
          WHERE ic.partnership_id = $1 AND ic.child_id = $2
          ORDER BY o.starts_at DESC, i.position, i.id
          LIMIT 200`,
        [partnershipId, childId],
      );
    },

    /** The next occurrence of each series of the given meeting types that is still to come, not cancelled and not yet opened or closed. */
    nextOccurrencesOfTypes(q: Queryable, partnershipId: string, typeIds: string[]) {
      return q.query<{ id: string; series_name: string; starts_at: Date; district_id: string | null }>(
        `SELECT DISTINCT ON (s.id) o.id, s.name AS series_name, o.starts_at, s.district_id
           FROM meeting_occurrences o
           JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
           LEFT JOIN agendas a ON a.partnership_id = o.partnership_id AND a.occurrence_id = o.id
          WHERE o.partnership_id = $1 AND s.type_id = ANY($2::text[]) AND o.status <> 'cancelled' AND o.starts_at > now()
            AND a.closed_at IS NULL AND a.opened_at IS NULL
          ORDER BY s.id, o.starts_at`,
        [partnershipId, typeIds],
      );
    },
  };
}
