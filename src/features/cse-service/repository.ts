import type { Queryable } from '../../db/client.ts';
import { keepEditConflict } from '../../platform/edit-conflicts.ts';

/** A CSE programme as stored (DOMAIN §3.4). */
export type ProgrammeRow = {
  id: string;
  child_id: string;
  triage_item_id: string | null;
  started_on: string;
  extended_at: Date | null;
  extension_reason: string | null;
  extension_notes: string | null;
  ended_on: string | null;
  outcome: string | null;
  outcome_notes: string | null;
  created_at: Date;
  created_by_name: string | null;
  version: number;
};

export type SessionRow = {
  id: string;
  held_on: string;
  topics: string[];
  with_parents: boolean;
  notes: string;
  created_at: Date;
  created_by_name: string | null;
};

const programmeCols = `p.id, p.child_id, p.triage_item_id, p.started_on::text AS started_on, p.extended_at, p.extension_reason, p.extension_notes,
  p.ended_on::text AS ended_on, p.outcome, p.outcome_notes, p.created_at, u.display_name AS created_by_name, p.version`;

/** All SQL of the CSE service offer; every query filters by partnership. */
export function cseRepository() {
  return {
    /** A child's programmes, the running one first, then newest first. */
    async forChild(q: Queryable, partnershipId: string, childId: string): Promise<ProgrammeRow[]> {
      return q.query<ProgrammeRow>(
        `SELECT ${programmeCols} FROM cse_programmes p LEFT JOIN users u ON u.partnership_id = p.partnership_id AND u.id = p.created_by
          WHERE p.partnership_id = $1 AND p.child_id = $2 ORDER BY (p.ended_on IS NULL) DESC, p.started_on DESC, p.created_at DESC`,
        [partnershipId, childId],
      );
    },

    async find(q: Queryable, partnershipId: string, id: string): Promise<ProgrammeRow | undefined> {
      const [row] = await q.query<ProgrammeRow>(
        `SELECT ${programmeCols} FROM cse_programmes p LEFT JOIN users u ON u.partnership_id = p.partnership_id AND u.id = p.created_by
          WHERE p.partnership_id = $1 AND p.id = $2`,
        [partnershipId, id],
      );
      return row;
    },

    async running(q: Queryable, partnershipId: string, childId: string): Promise<{ id: string } | undefined> {
      const [row] = await q.query<{ id: string }>(`SELECT id FROM cse_programmes WHERE partnership_id = $1 AND child_id = $2 AND ended_on IS NULL`, [
        partnershipId,
        childId,
      ]);
      return row;
    },

    async open(q: Queryable, o: { partnershipId: string; childId: string; triageItemId: string | null; startedOn: string; userId: string }): Promise<string> {
      const [row] = await q.query<{ id: string }>(
        `INSERT INTO cse_programmes (partnership_id, child_id, triage_item_id, started_on, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [o.partnershipId, o.childId, o.triageItemId, o.startedOn, o.userId],
      );
      return row!.id;
    },

    async sessions(q: Queryable, partnershipId: string, programmeIds: string[]): Promise<(SessionRow & { programme_id: string })[]> {
      if (!programmeIds.length) return [];
      return q.query<SessionRow & { programme_id: string }>(
        `SELECT s.id, s.programme_id, s.held_on::text AS held_on, s.topics, s.with_parents, s.notes, s.created_at, u.display_name AS created_by_name
           FROM cse_sessions s LEFT JOIN users u ON u.partnership_id = s.partnership_id AND u.id = s.created_by
          WHERE s.partnership_id = $1 AND s.programme_id = ANY($2::uuid[]) ORDER BY s.held_on, s.created_at`,
        [partnershipId, programmeIds],
      );
    },

    async addSession(
      q: Queryable,
      o: { partnershipId: string; programmeId: string; heldOn: string; topics: string[]; withParents: boolean; notes: string; userId: string },
    ): Promise<void> {
      await q.query(
        `INSERT INTO cse_sessions (partnership_id, programme_id, held_on, topics, with_parents, notes, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [o.partnershipId, o.programmeId, o.heldOn, o.topics, o.withParents, o.notes, o.userId],
      );
    },

    /** Extends a running, unextended programme read at `version`; false when it changed or may not be extended. */
    async extend(q: Queryable, partnershipId: string, id: string, version: number, reason: string, notes: string | null): Promise<boolean> {
      const rows = await q.query(
        `UPDATE cse_programmes SET extended_at = now(), extension_reason = $4, extension_notes = $5, version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND extended_at IS NULL AND ended_on IS NULL RETURNING id`,
        [partnershipId, id, version, reason, notes],
      );
      return rows.length === 1;
    },

    /** Ends a running programme read at `version`; false when it changed or has ended. */
    async end(q: Queryable, partnershipId: string, id: string, version: number, endedOn: string, outcome: string, notes: string | null): Promise<boolean> {
      const rows = await q.query(
        `UPDATE cse_programmes SET ended_on = $4, outcome = $5, outcome_notes = $6, version = version + 1
          WHERE partnership_id = $1 AND id = $2 AND version = $3 AND ended_on IS NULL RETURNING id`,
        [partnershipId, id, version, endedOn, outcome, notes],
      );
      return rows.length === 1;
    },

    /** A stale change, kept with what was submitted (nothing is lost). */
    async keepConflict(q: Queryable, partnershipId: string, id: string, userId: string, readVersion: number, submitted: unknown): Promise<void> {
      await keepEditConflict(q, partnershipId, 'cse_programme', id, userId, readVersion, submitted);
    },
  };
}
