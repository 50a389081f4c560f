import type { Queryable } from '../../db/client.ts';
import type { TrainingNeed, TrainingRow } from './training.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';

/** An RFM as its PDF shows it (documents.ts). */
export type RfmRecord = {
  id: string;
  status: string;
  completed_on: string | null;
  scored_level: string | null;
  judged_level: string | null;
  risk_type: string | null;
  content: Record<string, unknown>;
  scored_result: Record<string, unknown> | null;
  series_version: number;
  reference: string;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
};

/** A meeting's agenda as its PDF shows it (documents.ts). */
export type AgendaRecord = {
  meeting: { name: string; type_id: string; starts_at: Date; ends_at: Date; location: string | null; status: string | null };
  items: {
    position: number;
    kind: string;
    title: string | null;
    location_text: string | null;
    slot_minutes: number;
    discussion: string;
    children: string[];
    /** "Jordan Ashdown (STAFFS-0001)", in the order of `children`. */
    child_names: string[];
    risk_level?: string | null;
    decisions?: string | null;
    rationale?: string | null;
    next_review_on?: string | null;
  }[];
};

/**
 * The reports' SQL beside the figures' (figures.ts): what a count is made of (tracing a cell back to its rows), the
 * records the RFM, agenda and minutes documents are built from, and training needs.
 */
export function reportRepository() {
  return {
    childrenByIds: (q: Queryable, partnershipId: string, ids: string[]) =>
      q.query<{ id: string; reference: string; first_name: string; last_name: string; district_id: string | null }>(
        `SELECT id, reference, first_name, last_name, district_id FROM children WHERE partnership_id = $1 AND id = ANY($2::uuid[]) ORDER BY reference`,
        [partnershipId, ids],
      ),

    actionsByIds: (q: Queryable, partnershipId: string, ids: string[]) =>
      q.query<{ id: string; what: string; owner_agency_id: string; due_on: string; status: string; reference: string | null }>(
        `SELECT a.id, a.what, a.owner_agency_id, a.due_on, a.status, c.reference FROM actions a LEFT JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id WHERE a.partnership_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.due_on`,
        [partnershipId, ids],
      ),

    recordsByIds: (q: Queryable, partnershipId: string, ids: string[]) =>
      q.query<{ id: string; label: string; kind: string }>(
        `SELECT id, label, kind FROM intel_records WHERE partnership_id = $1 AND id = ANY($2::uuid[]) ORDER BY label`,
        [partnershipId, ids],
      ),

    async rfmRecord(q: Queryable, partnershipId: string, id: string): Promise<(RfmRecord & { child_id: string; partnership_id: string }) | undefined> {
      const [r] = await q.query<RfmRecord & { child_id: string; partnership_id: string }>(
        `SELECT a.id, a.partnership_id, a.child_id, a.status, a.completed_on, a.scored_level, a.judged_level, a.risk_type, a.content, a.scored_result, a.series_version,
                c.reference, c.first_name, c.last_name, c.date_of_birth
           FROM assessments a JOIN children c ON c.partnership_id = a.partnership_id AND c.id = a.child_id
          WHERE a.partnership_id = $1 AND a.id = $2 AND a.instrument = 'rfm'`,
        [partnershipId, id],
      );
      return r;
    },

    async agendaMeeting(q: Queryable, partnershipId: string, occurrenceId: string): Promise<AgendaRecord['meeting'] | undefined> {
      const [m] = await q.query<AgendaRecord['meeting']>(
        `SELECT s.name, s.type_id, o.starts_at, o.ends_at, s.location, a.status FROM meeting_occurrences o
           JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
           LEFT JOIN agendas a ON a.partnership_id = o.partnership_id AND a.occurrence_id = o.id
          WHERE o.partnership_id = $1 AND o.id = $2`,
        [partnershipId, occurrenceId],
      );
      return m;
    },

    agendaItems(q: Queryable, partnershipId: string, occurrenceId: string) {
      return q.query<AgendaRecord['items'][number]>(
        `SELECT i.position, i.kind, i.title, i.location_text, i.slot_minutes, i.discussion, i.risk_level, i.decisions, i.rationale, i.next_review_on,
                ARRAY(SELECT c.reference FROM agenda_item_children ic JOIN children c ON c.partnership_id = ic.partnership_id AND c.id = ic.child_id
                       WHERE ic.partnership_id = i.partnership_id AND ic.item_id = i.id ORDER BY c.reference) AS children,
                ARRAY(SELECT c.first_name || ' ' || c.last_name || ' (' || c.reference || ')' FROM agenda_item_children ic
                        JOIN children c ON c.partnership_id = ic.partnership_id AND c.id = ic.child_id
                       WHERE ic.partnership_id = i.partnership_id AND ic.item_id = i.id ORDER BY c.reference) AS child_names
           FROM agenda_items i WHERE i.partnership_id = $1 AND i.occurrence_id = $2 ORDER BY i.position`,
        [partnershipId, occurrenceId],
      );
    },

    async minutes(q: Queryable, partnershipId: string, occurrenceId: string): Promise<{ body: string; status: string; approved_at: Date | null } | undefined> {
      const [m] = await q.query<{ body: string; status: string; approved_at: Date | null }>(
        `SELECT body, status, approved_at FROM meeting_minutes WHERE partnership_id = $1 AND occurrence_id = $2`,
        [partnershipId, occurrenceId],
      );
      return m;
    },
  };
}

/** Training needs recorded for the bi-monthly data report (DOMAIN §6). */
export function trainingRepository() {
  return {
    async list(q: Queryable, partnershipId: string): Promise<TrainingRow[]> {
      return q.query<TrainingRow>(
        `SELECT t.id, t.district_id, t.agency_id, t.recorded_on, t.need, u.display_name AS recorded_by_name
           FROM training_needs t LEFT JOIN users u ON u.partnership_id = t.partnership_id AND u.id = t.recorded_by
          WHERE t.partnership_id = $1 ORDER BY t.recorded_on DESC, t.created_at DESC LIMIT 200`,
        [partnershipId],
      );
    },
    async add(q: Queryable, partnershipId: string, t: TrainingNeed, userId: string): Promise<string> {
      const [r] = await q.query<{ id: string }>(
        `INSERT INTO training_needs (partnership_id, district_id, agency_id, recorded_on, need, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [partnershipId, t.districtId, t.agencyId, t.recordedOn, t.need, userId],
      );
      return r!.id;
    },
  };
}

/** Issue 15 item 21: a report's good practice and gaps as saved, with who saved them last. */
export type CommentaryRow = {
  id: string;
  good_practice: string;
  gaps: string;
  version: number;
  updated_at: Date;
  updated_by_name: string | null;
};
/** Which report a commentary belongs to: its kind, period and district (null: the whole partnership). */
export type CommentaryKey = { kind: string; from: string; to: string; districtId: string | null };

/** Issue 15 item 21: the good practice and gaps the coordinator writes for a report's period (versioned). */
export function commentaryRepository() {
  return {
    async find(q: Queryable, partnershipId: string, k: CommentaryKey): Promise<CommentaryRow | undefined> {
      const [r] = await q.query<CommentaryRow>(
        `SELECT r.id, r.good_practice, r.gaps, r.version, r.updated_at, u.display_name AS updated_by_name
           FROM report_commentaries r LEFT JOIN users u ON u.partnership_id = r.partnership_id AND u.id = r.updated_by
          WHERE r.partnership_id = $1 AND r.report_kind = $2 AND r.period_from = $3 AND r.period_to = $4 AND r.district_id IS NOT DISTINCT FROM $5`,
        [partnershipId, k.kind, k.from, k.to, k.districtId],
      );
      return r;
    },

    /** The first save (nothing read): undefined when another was saved first. */
    async insert(q: Queryable, partnershipId: string, k: CommentaryKey, c: { goodPractice: string; gaps: string }, userId: string) {
      const [r] = await q.query<{ id: string; version: number }>(
        `INSERT INTO report_commentaries (partnership_id, report_kind, period_from, period_to, district_id, good_practice, gaps, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (partnership_id, report_kind, period_from, period_to, district_id) DO NOTHING RETURNING id, version`,
        [partnershipId, k.kind, k.from, k.to, k.districtId, c.goodPractice, c.gaps, userId],
      );
      return r;
    },

    /** A save naming the version read: undefined when the row has moved on. */
    async update(q: Queryable, partnershipId: string, id: string, version: number, c: { goodPractice: string; gaps: string }, userId: string) {
      const [r] = await q.query<{ id: string; version: number }>(
        `UPDATE report_commentaries SET good_practice = $4, gaps = $5, version = version + 1, updated_by = $6, updated_at = now()
          WHERE partnership_id = $1 AND id = $2 AND version = $3 RETURNING id, version`,
        [partnershipId, id, version, c.goodPractice, c.gaps, userId],
      );
      return r;
    },

    async keepConflict(q: Queryable, partnershipId: string, id: string, userId: string, readVersion: number, submitted: unknown) {
      await keepEditConflict(q, partnershipId, 'report_commentary', id, userId, readVersion, submitted);
    },
  };
}
