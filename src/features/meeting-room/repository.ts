import type { Queryable } from '../../db/client.ts';
import type { RiskLevel, Instrument } from '../../domain/risk/levels.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';
import { markDueOfItems, markDueOfOccurrence } from '../reviews/due-marks.ts';

export type MeetingRow = {
  partnership_id: string;
  id: string;
  series_id: string;
  series_name: string;
  type_id: string;
  district_id: string | null;
  starts_at: Date;
  ends_at: Date;
  status: 'scheduled' | 'moved' | 'cancelled';
  agenda_status: 'draft' | 'published' | null;
  opened_at: Date | null;
  opened_by_name: string | null;
  closed_at: Date | null;
  closed_by_name: string | null;
};

export type AttendanceRow = {
  id: string;
  user_id: string | null;
  name: string;
  agency_id: string | null;
  email: string | null;
  role_in_meeting: 'chair' | 'member' | 'deputy' | 'guest' | 'minute-taker';
  deputy_for_name: string | null;
  arrived_at: Date;
  agreement_version: string | null;
  agreement_text: string | null;
  agreement_accepted_at: Date | null;
  agreement_method: 'signed-in' | 'verbal' | 'written' | null;
  user_email: string | null;
};

type ItemChild = { id: string; reference: string; first_name: string; last_name: string };

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
  status: 'planned' | 'in-discussion' | 'discussed' | 'deferred';
  risk_instrument: Instrument | null;
  risk_level: RiskLevel | null;
  risk_assessment_id: string | null;
  risk_adjustment: number | null;
  decisions: string | null;
  rationale: string | null;
  next_review_on: string | null;
  next_review_reason: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  version: number;
  children: ItemChild[];
};

type ContributionRow = { id: string; agency_id: string; body: string; recorded_by_name: string; recorded_at: Date };
type RecordingRow = {
  id: string;
  item_id: string;
  child_id: string | null;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by_name: string;
  uploaded_at: Date;
};
type ItemActionRow = { id: string; child_id: string | null; what: string; owner_name: string | null; owner_agency_id: string; due_on: string; status: string };
export type MinutesRow = {
  occurrence_id: string;
  body: string;
  status: 'draft' | 'approved' | 'sent';
  generated_at: Date;
  approved_by_name: string | null;
  approved_at: Date | null;
  sent_at: Date | null;
  updated_by_name: string | null;
  updated_at: Date;
  version: number;
};

export type Decision = {
  instrument: Instrument | null;
  level: RiskLevel | null;
  assessmentId: string | null;
  adjustment: number | null;
  decisions: string;
  rationale: string;
  nextReviewOn: string | null;
  nextReviewReason: string | null;
};

const itemSelect = `
  SELECT i.*, u.display_name AS decided_by_name,
         coalesce((SELECT json_agg(json_build_object('id', c.id, 'reference', c.reference, 'first_name', c.first_name, 'last_name', c.last_name) ORDER BY c.reference)
                     FROM agenda_item_children ic JOIN children c ON c.partnership_id = ic.partnership_id AND c.id = ic.child_id
                    WHERE ic.partnership_id = i.partnership_id AND ic.item_id = i.id), '[]'::json) AS children
    FROM agenda_items i LEFT JOIN users u ON u.partnership_id = i.partnership_id AND u.id = i.decided_by`;

const children = (r: ItemRow): ItemRow => ({ ...r, children: typeof r.children === 'string' ? JSON.parse(r.children) : r.children });

/** All SQL of the meeting itself; every query names the partnership. */
export function meetingRoomRepository() {
  return {
    async meeting(q: Queryable, partnershipId: string, id: string): Promise<MeetingRow | undefined> {
      const [row] = await q.query<MeetingRow>(
        `SELECT o.partnership_id, o.id, o.series_id, s.name AS series_name, s.type_id, s.district_id, o.starts_at, o.ends_at, o.status,
                a.status AS agenda_status, a.opened_at, ou.display_name AS opened_by_name, a.closed_at, cu.display_name AS closed_by_name
           FROM meeting_occurrences o
           JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
           LEFT JOIN agendas a ON a.partnership_id = o.partnership_id AND a.occurrence_id = o.id
           LEFT JOIN users ou ON ou.partnership_id = a.partnership_id AND ou.id = a.opened_by
           LEFT JOIN users cu ON cu.partnership_id = a.partnership_id AND cu.id = a.closed_by
          WHERE o.partnership_id = $1 AND o.id = $2`,
        [partnershipId, id],
      );
      return row;
    },

    async partnershipOf(q: Queryable, table: 'meeting_occurrences' | 'agenda_items' | 'meeting_recordings', id: string): Promise<string | undefined> {
      const [row] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM ${table} WHERE id = $1`, [id]);
      return row?.partnership_id;
    },

    /** Opens the meeting (its agenda row made if the agenda was never started); false when already open. */
    async open(q: Queryable, partnershipId: string, id: string, userId: string): Promise<boolean> {
      const rows = await q.query(
        `INSERT INTO agendas (partnership_id, occurrence_id, opened_at, opened_by) VALUES ($1, $2, now(), $3)
         ON CONFLICT (partnership_id, occurrence_id) DO UPDATE SET opened_at = now(), opened_by = $3 WHERE agendas.opened_at IS NULL
         RETURNING occurrence_id`,
        [partnershipId, id, userId],
      );
      return rows.length === 1;
    },

    /** A meeting held before its date is moved to that day (at its usual time), the reason kept with it as for any move. */
    async holdEarly(q: Queryable, partnershipId: string, id: string, startsAt: Date, reason: string, userId: string): Promise<void> {
      await q.query(
        `UPDATE meeting_occurrences SET starts_at = $3, ends_at = $3::timestamptz + (ends_at - starts_at), status = 'moved', reason = $4,
                changed_by = $5, changed_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2`,
        [partnershipId, id, startsAt.toISOString(), reason, userId],
      );
      // A district panel on another day: the reviews that fall at it (review_due, migration 071).
      await markDueOfOccurrence(q, partnershipId, id);
    },

    async close(q: Queryable, partnershipId: string, id: string, userId: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE agendas SET closed_at = now(), closed_by = $3 WHERE partnership_id = $1 AND occurrence_id = $2 AND opened_at IS NOT NULL AND closed_at IS NULL RETURNING occurrence_id`,
        [partnershipId, id, userId],
      );
      return rows.length === 1;
    },

    async attendance(q: Queryable, partnershipId: string, occurrenceId: string): Promise<AttendanceRow[]> {
      return q.query<AttendanceRow>(
        `SELECT a.id, a.user_id, coalesce(u.display_name, a.name) AS name, a.agency_id, a.email, a.role_in_meeting, coalesce(mu.display_name, m.name) AS deputy_for_name,
                a.arrived_at, a.agreement_version, a.agreement_text, a.agreement_accepted_at, a.agreement_method, u.email AS user_email
           FROM meeting_attendance a
           LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.user_id
           LEFT JOIN meeting_members m ON m.partnership_id = a.partnership_id AND m.id = a.deputy_for_member_id
           LEFT JOIN users mu ON mu.partnership_id = m.partnership_id AND mu.id = m.user_id
          WHERE a.partnership_id = $1 AND a.occurrence_id = $2
          ORDER BY array_position(ARRAY['chair','minute-taker','member','deputy','guest'], a.role_in_meeting), a.arrived_at, a.id`,
        [partnershipId, occurrenceId],
      );
    },

    async isMember(q: Queryable, partnershipId: string, seriesId: string, userId: string): Promise<boolean> {
      const rows = await q.query(`SELECT 1 FROM meeting_members WHERE partnership_id = $1 AND series_id = $2 AND user_id = $3`, [
        partnershipId,
        seriesId,
        userId,
      ]);
      return rows.length > 0;
    },

    async members(q: Queryable, partnershipId: string, seriesId: string) {
      return q.query<{ id: string; user_id: string | null; name: string; email: string | null; agency_id: string | null; membership: string }>(
        `SELECT m.id, m.user_id, coalesce(u.display_name, m.name) AS name, coalesce(u.email, m.email) AS email, coalesce(m.agency_id, u.agency_id) AS agency_id, m.membership
           FROM meeting_members m LEFT JOIN users u ON u.partnership_id = m.partnership_id AND u.id = m.user_id
          WHERE m.partnership_id = $1 AND m.series_id = $2 AND (u.id IS NULL OR u.disabled_at IS NULL)
          ORDER BY m.membership, lower(coalesce(u.display_name, m.name))`,
        [partnershipId, seriesId],
      );
    },

    /** Deputies named by members who declined the invitation to this meeting (DOMAIN §2: a representative attends). */
    async namedDeputies(q: Queryable, partnershipId: string, occurrenceId: string) {
      return q.query<{ id: string; member_id: string; deputy_name: string; deputy_email: string | null; agency_id: string | null; member_name: string }>(
        `SELECT r.id, r.member_id, r.deputy_name, r.deputy_email, coalesce(m.agency_id, u.agency_id) AS agency_id, coalesce(u.display_name, m.name) AS member_name
           FROM meeting_invitation_responses r
           JOIN meeting_members m ON m.partnership_id = r.partnership_id AND m.id = r.member_id
           LEFT JOIN users u ON u.partnership_id = m.partnership_id AND u.id = m.user_id
          WHERE r.partnership_id = $1 AND r.occurrence_id = $2 AND r.response = 'declined' AND r.deputy_name IS NOT NULL
          ORDER BY lower(r.deputy_name)`,
        [partnershipId, occurrenceId],
      );
    },

    async activeUsers(q: Queryable, partnershipId: string) {
      return q.query<{ id: string; display_name: string; email: string; agency_id: string }>(
        `SELECT id, display_name, email, agency_id FROM users WHERE partnership_id = $1 AND disabled_at IS NULL ORDER BY lower(display_name), id`,
        [partnershipId],
      );
    },

    /** Adds an attendee; undefined when that user is already on the attendance. */
    async addAttendee(
      q: Queryable,
      partnershipId: string,
      occurrenceId: string,
      a: { userId: string | null; name: string; agencyId: string | null; email: string | null; role: string; deputyForMemberId: string | null },
      recordedBy: string,
    ): Promise<string | undefined> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO meeting_attendance (partnership_id, occurrence_id, user_id, name, agency_id, email, role_in_meeting, deputy_for_member_id, recorded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (partnership_id, occurrence_id, user_id) WHERE user_id IS NOT NULL DO NOTHING RETURNING id`,
        [partnershipId, occurrenceId, a.userId, a.name, a.agencyId, a.email, a.role, a.deputyForMemberId, recordedBy],
      );
      return row?.id;
    },

    /** Records acceptance on an attendance row not yet accepted; false when it was (or is not there). */
    async accept(
      q: Queryable,
      partnershipId: string,
      occurrenceId: string,
      attendanceId: string,
      agreement: { version: string; text: string },
      method: 'signed-in' | 'verbal' | 'written',
      recordedBy: string,
    ): Promise<boolean> {
      const rows = await q.query(
        `UPDATE meeting_attendance SET agreement_version = $4, agreement_text = $5, agreement_accepted_at = now(), agreement_method = $6, agreement_recorded_by = $7
          WHERE partnership_id = $1 AND occurrence_id = $2 AND id = $3 AND agreement_accepted_at IS NULL RETURNING id`,
        [partnershipId, occurrenceId, attendanceId, agreement.version, agreement.text, method, recordedBy],
      );
      return rows.length === 1;
    },

    async items(q: Queryable, partnershipId: string, occurrenceId: string): Promise<ItemRow[]> {
      const rows = await q.query<ItemRow>(`${itemSelect} WHERE i.partnership_id = $1 AND i.occurrence_id = $2 ORDER BY i.position, i.created_at, i.id`, [
        partnershipId,
        occurrenceId,
      ]);
      return rows.map(children);
    },

    async item(q: Queryable, partnershipId: string, occurrenceId: string, id: string): Promise<ItemRow | undefined> {
      const [row] = await q.query<ItemRow>(`${itemSelect} WHERE i.partnership_id = $1 AND i.occurrence_id = $2 AND i.id = $3`, [
        partnershipId,
        occurrenceId,
        id,
      ]);
      return row ? children(row) : undefined;
    },

    /** An item by its id alone (the API names items, not meetings). */
    async itemById(q: Queryable, partnershipId: string, id: string): Promise<ItemRow | undefined> {
      const [row] = await q.query<ItemRow>(`${itemSelect} WHERE i.partnership_id = $1 AND i.id = $2`, [partnershipId, id]);
      return row ? children(row) : undefined;
    },

    async contributions(q: Queryable, partnershipId: string, itemId: string): Promise<ContributionRow[]> {
      return q.query<ContributionRow>(
        `SELECT c.id, c.agency_id, c.body, u.display_name AS recorded_by_name, c.recorded_at
           FROM agenda_item_contributions c JOIN users u ON u.partnership_id = c.partnership_id AND u.id = c.recorded_by
          WHERE c.partnership_id = $1 AND c.item_id = $2 ORDER BY c.recorded_at, c.id`,
        [partnershipId, itemId],
      );
    },

    async addContribution(q: Queryable, partnershipId: string, itemId: string, agencyId: string, body: string, userId: string): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO agenda_item_contributions (partnership_id, item_id, agency_id, body, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [partnershipId, itemId, agencyId, body, userId],
      );
      return row!.id;
    },

    /** Saves the decision only if the version read is current (the item is then in discussion unless deferred or discussed). */
    async saveDecision(q: Queryable, partnershipId: string, itemId: string, version: number, d: Decision, userId: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE agenda_items SET risk_instrument = $4, risk_level = $5, risk_assessment_id = $6, risk_adjustment = $7, decisions = $8, rationale = $9,
                next_review_on = $10, next_review_reason = $11, decided_by = $12, decided_at = now(),
                status = CASE WHEN status = 'planned' THEN 'in-discussion' ELSE status END, version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [
          partnershipId,
          itemId,
          version,
          d.instrument,
          d.level,
          d.assessmentId,
          d.adjustment,
          d.decisions || null,
          d.rationale || null,
          d.nextReviewOn,
          d.nextReviewReason,
          userId,
        ],
      );
      // A risk decision for the children the item is about (review_due, migration 071).
      if (rows.length === 1) await markDueOfItems(q, partnershipId, [itemId]);
      return rows.length === 1;
    },

    async setStatus(
      q: Queryable,
      partnershipId: string,
      itemId: string,
      version: number,
      status: 'in-discussion' | 'discussed' | 'deferred',
    ): Promise<boolean> {
      const rows = await q.query(
        `UPDATE agenda_items SET status = $4, version = version + 1 WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id`,
        [partnershipId, itemId, version, status],
      );
      return rows.length === 1;
    },

    async markInDiscussion(q: Queryable, partnershipId: string, itemId: string) {
      await q.query(`UPDATE agenda_items SET status = 'in-discussion', version = version + 1 WHERE partnership_id = $1 AND id = $2 AND status = 'planned'`, [
        partnershipId,
        itemId,
      ]);
    },

    /** The child's submitted assessments of an instrument, newest first (what a decision may be based on). */
    async assessmentsOf(q: Queryable, partnershipId: string, childIds: string[], instrument: string) {
      if (!childIds.length) return [];
      return q.query<{ id: string; child_id: string; completed_on: string | null; judged_level: string | null; scored_level: string | null }>(
        `SELECT id, child_id, completed_on, judged_level, scored_level FROM assessments
          WHERE partnership_id = $1 AND child_id = ANY($2::uuid[]) AND instrument = $3 AND status = 'submitted' AND superseded_at IS NULL
          ORDER BY completed_on DESC NULLS LAST, submitted_at DESC LIMIT 20`,
        [partnershipId, childIds, instrument],
      );
    },

    /** Dates (UK local) of the series' later meetings, not cancelled: the panel cycle. */
    async laterMeetingDates(q: Queryable, partnershipId: string, seriesId: string, after: Date): Promise<string[]> {
      const rows = await q.query<{ d: string }>(
        `SELECT to_char(starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS d FROM meeting_occurrences
          WHERE partnership_id = $1 AND series_id = $2 AND starts_at > $3 AND status <> 'cancelled' ORDER BY starts_at LIMIT 24`,
        [partnershipId, seriesId, after.toISOString()],
      );
      return rows.map((r) => r.d);
    },

    /** The series' next few meetings after a time (cancelled ones included: the rule decides). */
    async laterOccurrences(
      q: Queryable,
      partnershipId: string,
      seriesId: string,
      after: Date,
    ): Promise<{ id: string; startsAt: Date; status: 'scheduled' | 'moved' | 'cancelled' }[]> {
      const rows = await q.query<{ id: string; starts_at: Date; status: 'scheduled' | 'moved' | 'cancelled' }>(
        `SELECT id, starts_at, status FROM meeting_occurrences WHERE partnership_id = $1 AND series_id = $2 AND starts_at > $3 ORDER BY starts_at, id LIMIT 10`,
        [partnershipId, seriesId, after.toISOString()],
      );
      return rows.map((r) => ({ id: r.id, startsAt: new Date(r.starts_at), status: r.status }));
    },

    async itemActions(q: Queryable, partnershipId: string, itemIds: string[]): Promise<(ItemActionRow & { agenda_item_id: string })[]> {
      if (!itemIds.length) return [];
      return q.query(
        `SELECT a.id, a.agenda_item_id, a.child_id, a.what, coalesce(u.display_name, a.owner_team) AS owner_name, a.owner_agency_id, a.due_on, a.status
           FROM actions a LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.owner_user_id
          WHERE a.partnership_id = $1 AND a.agenda_item_id = ANY($2::uuid[]) ORDER BY a.created_at, a.id`,
        [partnershipId, itemIds],
      );
    },

    /** Open actions brought to this meeting from earlier meetings of the series. */
    async carriedInto(q: Queryable, partnershipId: string, occurrenceId: string) {
      return q.query<ItemActionRow & { child_reference: string | null }>(
        `SELECT a.id, a.child_id, c.reference AS child_reference, a.what, coalesce(u.display_name, a.owner_team) AS owner_name, a.owner_agency_id, a.due_on, a.status
           FROM actions a LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.owner_user_id
           LEFT JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
          WHERE a.partnership_id = $1 AND a.carried_forward_to_occurrence_id = $2 AND a.status IN ('open', 'in-progress') ORDER BY a.due_on, a.id`,
        [partnershipId, occurrenceId],
      );
    },

    async recordings(q: Queryable, partnershipId: string, itemId: string): Promise<RecordingRow[]> {
      return q.query<RecordingRow>(
        `SELECT r.id, r.item_id, r.child_id, r.content_type, r.size_bytes, r.sha256, u.display_name AS uploaded_by_name, r.uploaded_at
           FROM meeting_recordings r JOIN users u ON u.partnership_id = r.partnership_id AND u.id = r.uploaded_by
          WHERE r.partnership_id = $1 AND r.item_id = $2 ORDER BY r.uploaded_at, r.id`,
        [partnershipId, itemId],
      );
    },

    async addRecording(
      q: Queryable,
      partnershipId: string,
      r: { itemId: string; childId: string | null; contentType: string; data: Buffer; sha256: string },
      userId: string,
    ): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO meeting_recordings (partnership_id, item_id, child_id, content_type, size_bytes, sha256, data, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [partnershipId, r.itemId, r.childId, r.contentType, r.data.length, r.sha256, r.data, userId],
      );
      return row!.id;
    },

    async recording(q: Queryable, partnershipId: string, id: string) {
      const [row] = await q.query<{
        id: string;
        item_id: string;
        child_id: string | null;
        content_type: string;
        size_bytes: number;
        data: Uint8Array;
        occurrence_id: string;
      }>(
        `SELECT r.id, r.item_id, r.child_id, r.content_type, r.size_bytes, r.data, i.occurrence_id
           FROM meeting_recordings r JOIN agenda_items i ON i.partnership_id = r.partnership_id AND i.id = r.item_id
          WHERE r.partnership_id = $1 AND r.id = $2`,
        [partnershipId, id],
      );
      return row;
    },

    async minutes(q: Queryable, partnershipId: string, occurrenceId: string): Promise<MinutesRow | undefined> {
      const [row] = await q.query<MinutesRow>(
        `SELECT m.occurrence_id, m.body, m.status, m.generated_at, au.display_name AS approved_by_name, m.approved_at, m.sent_at,
                uu.display_name AS updated_by_name, m.updated_at, m.version
           FROM meeting_minutes m
           LEFT JOIN users au ON au.partnership_id = m.partnership_id AND au.id = m.approved_by
           LEFT JOIN users uu ON uu.partnership_id = m.partnership_id AND uu.id = m.updated_by
          WHERE m.partnership_id = $1 AND m.occurrence_id = $2`,
        [partnershipId, occurrenceId],
      );
      return row;
    },

    async insertMinutes(q: Queryable, partnershipId: string, occurrenceId: string, body: string, userId: string) {
      await q.query(
        `INSERT INTO meeting_minutes (partnership_id, occurrence_id, body, updated_by) VALUES ($1, $2, $3, $4) ON CONFLICT (partnership_id, occurrence_id) DO NOTHING`,
        [partnershipId, occurrenceId, body, userId],
      );
    },

    async saveMinutes(q: Queryable, partnershipId: string, occurrenceId: string, version: number, body: string, userId: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE meeting_minutes SET body = $4, updated_by = $5, updated_at = now(), version = version + 1
          WHERE partnership_id = $1 AND occurrence_id = $2 AND version = $3 AND status = 'draft' RETURNING occurrence_id`,
        [partnershipId, occurrenceId, version, body, userId],
      );
      return rows.length === 1;
    },

    async minutesStatus(
      q: Queryable,
      partnershipId: string,
      occurrenceId: string,
      version: number,
      from: 'draft' | 'approved',
      userId: string,
    ): Promise<boolean> {
      const set = from === 'draft' ? `status = 'approved', approved_by = $4, approved_at = now()` : `status = 'sent', sent_at = now()`;
      const rows = await q.query(
        `UPDATE meeting_minutes SET ${set}, updated_by = $4, updated_at = now(), version = version + 1
          WHERE partnership_id = $1 AND occurrence_id = $2 AND version = $3 AND status = '${from}' RETURNING occurrence_id`,
        [partnershipId, occurrenceId, version, userId],
      );
      return rows.length === 1;
    },

    async keepConflict(q: Queryable, partnershipId: string, recordType: string, id: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, recordType, id, userId, readVersion, submitted);
    },
  };
}
