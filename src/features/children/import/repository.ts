import type { Queryable } from '../../../db/client.ts';
import type { HeldChild, ImportCounts, ImportRow } from '../../../domain/import/children.ts';

export type ImportResult = { counts: ImportCounts & { created: number }; created: { row: number; id: string; reference: string }[] };

type StagedImport = {
  id: string;
  user_id: string;
  created_at: Date;
  source: 'csv' | 'xlsx';
  rows: ImportRow[] | null;
  imported_at: Date | null;
  result: ImportResult | null;
};

/** The uploads waiting for their import (child_imports), and the children a file's rows may already be. */
export function importRepository() {
  return {
    /** Keeps the checked rows under a new id; the user's earlier uploads not imported, and anyone's over a day old, go. */
    async stage(q: Queryable, partnershipId: string, userId: string, source: 'csv' | 'xlsx', rows: ImportRow[]): Promise<string> {
      await q.query(`DELETE FROM child_imports WHERE partnership_id = $1 AND imported_at IS NULL AND (user_id = $2 OR created_at < now() - interval '1 day')`, [
        partnershipId,
        userId,
      ]);
      const [row] = await q.query<{ id: string }>(`INSERT INTO child_imports (partnership_id, user_id, source, rows) VALUES ($1, $2, $3, $4) RETURNING id`, [
        partnershipId,
        userId,
        source,
        JSON.stringify(rows),
      ]);
      return row!.id;
    },

    /** An upload of this user's, locked for its import when forUpdate. */
    async find(q: Queryable, partnershipId: string, userId: string, id: string, forUpdate = false): Promise<StagedImport | undefined> {
      const [row] = await q.query<StagedImport>(
        `SELECT id, user_id, created_at, source, rows, imported_at, result FROM child_imports
          WHERE partnership_id = $1 AND id = $2 AND user_id = $3${forUpdate ? ' FOR UPDATE' : ''}`,
        [partnershipId, id, userId],
      );
      return row;
    },

    /** Imported: the rows (personal data) are cleared, the result kept. */
    async finish(q: Queryable, partnershipId: string, id: string, result: ImportResult) {
      await q.query(`UPDATE child_imports SET rows = NULL, imported_at = now(), result = $3 WHERE partnership_id = $1 AND id = $2`, [
        partnershipId,
        id,
        JSON.stringify(result),
      ]);
    },

    /** One import at a time per partnership (until the transaction ends): two at once could each find a child not yet held. */
    async lockImports(q: Queryable, partnershipId: string) {
      await q.query(`SELECT pg_advisory_xact_lock(hashtext('child-import:' || $1))`, [partnershipId]);
    },

    /** The partnership's children born on any of these dates (a row is already held when its names agree too). */
    async bornOn(q: Queryable, partnershipId: string, dates: string[]): Promise<HeldChild[]> {
      if (!dates.length) return [];
      return q.query<HeldChild>(
        `SELECT id, reference, first_name, last_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth
           FROM children WHERE partnership_id = $1 AND date_of_birth = ANY($2::date[])`,
        [partnershipId, [...new Set(dates)]],
      );
    },

    /** The children an import created, for its result page. */
    async children(q: Queryable, partnershipId: string, ids: string[]) {
      if (!ids.length) return [];
      return q.query<{ id: string; reference: string; first_name: string; last_name: string }>(
        `SELECT id, reference, first_name, last_name FROM children WHERE partnership_id = $1 AND id = ANY($2::uuid[]) ORDER BY reference`,
        [partnershipId, ids],
      );
    },
  };
}
