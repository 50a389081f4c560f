import type { Queryable } from '../db/client.ts';

/**
 * A stale save refused (CONTRIBUTING: editable records are versioned): what the user submitted is kept with the version
 * they read, so nothing typed is lost. Written in the transaction that refused the save; every repository's keepConflict
 * comes here.
 */
export async function keepEditConflict(
  q: Queryable,
  partnershipId: string,
  recordType: string,
  recordId: string,
  userId: string,
  readVersion: number,
  submitted: unknown,
): Promise<void> {
  await q.query(`INSERT INTO edit_conflicts (partnership_id, record_type, record_id, user_id, read_version, submitted) VALUES ($1, $2, $3, $4, $5, $6)`, [
    partnershipId,
    recordType,
    recordId,
    userId,
    readVersion,
    JSON.stringify(submitted),
  ]);
}
