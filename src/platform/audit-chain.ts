// Issue 17 item 5: the audit trail's chain. Entries are written by every audited request with no hashing (no request
// waits on a chain head); seals are written afterwards, in id order: a seal covers the entries after the previous
// seal's upto_id up to its own, and its hash is SHA-256 of the previous seal's hash and each entry's digest. So a
// changed, removed or added entry in a sealed range, or a removed seal, breaks the chain; verifyAuditChain finds it.
// The latest seal's hash is the chain's head: a backup's manifest records it, outside the database.
import crypto from 'node:crypto';
import type { Db, Queryable } from '../db/client.ts';

/** The chain's start: the hash the first seal follows. */
export const GENESIS = '0'.repeat(64);
/** At most this many entries a seal (so one seal's entries are read in one query, at any scale). */
export const SEAL_ENTRIES = 20_000;

/**
 * One entry's digest, computed by the database: its columns as a JSON array (jsonb's text is canonical; the time in UTC
 * to the microsecond, whatever the session's TimeZone and DateStyle), so a dump and restore gives the same digest.
 */
const ENTRY_DIGEST = `encode(sha256(convert_to(jsonb_build_array(
    id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), partnership_id, actor_user_id, actor_roles,
    actor_agency_id, action, outcome, subject_type, subject_id, child_id, ip, details, children_shown)::text, 'UTF8')), 'hex')`;

type SealRow = { id: string; from_id: string; upto_id: string; entries: number; hash: string; sealed_at: Date };

/** A seal's hash: the previous hash, then each entry's digest in id order. */
export function sealHash(previous: string, digests: readonly string[]): string {
  const h = crypto.createHash('sha256').update(previous);
  for (const d of digests) h.update('\n').update(d);
  return h.digest('hex');
}

// The ORDER BYs name the table's columns: an output column of the same name (the ids as text, for bigint's sake) would
// sort as text, 10 before 9.
async function digestsBetween(q: Queryable, fromId: string | number, uptoId: string | number, limit?: number): Promise<{ id: string; d: string }[]> {
  return q.query<{ id: string; d: string }>(
    `SELECT id::text AS id, ${ENTRY_DIGEST} AS d FROM audit_events a WHERE a.id > $1 AND a.id <= $2 ORDER BY a.id${limit ? ` LIMIT ${limit}` : ''}`,
    [fromId, uptoId],
  );
}

async function lastSeal(q: Queryable): Promise<{ upto: string; hash: string }> {
  const [s] = await q.query<{ upto_id: string; hash: string }>(`SELECT upto_id::text AS upto_id, hash FROM audit_seals s ORDER BY s.upto_id DESC LIMIT 1`);
  return s ? { upto: s.upto_id, hash: s.hash } : { upto: '0', hash: GENESIS };
}

export type SealResult = { seals: number; entries: number; head: { uptoId: string; hash: string }; skipped?: 'busy' };

/**
 * Seals every audit entry not yet sealed that is final: first the horizon (every transaction that inserted an entry has
 * ended: a SHARE lock, waited for at most lockTimeoutMs, then released at once), then seals of at most SEAL_ENTRIES
 * (entriesPerSeal) entries up to it. Two sealers at once: the second's seal conflicts on from_id and it stops (the first sealed).
 * Busy (the lock not had in time): nothing sealed now, tried again on the next call.
 */
export async function sealAudit(db: Db, o: { lockTimeoutMs?: number; entriesPerSeal?: number } = {}): Promise<SealResult> {
  const perSeal = o.entriesPerSeal ?? SEAL_ENTRIES;
  let horizon: string;
  try {
    horizon = await db.tx(async (q) => {
      await q.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(o.lockTimeoutMs ?? 2000))}`);
      const [r] = await q.query<{ h: string }>(`SELECT audit_seal_horizon()::text AS h`);
      return r!.h;
    });
  } catch (err) {
    if ((err as { code?: string }).code !== '55P03') throw err;
    const head = await lastSeal(db);
    return { seals: 0, entries: 0, head: { uptoId: head.upto, hash: head.hash }, skipped: 'busy' };
  }
  let seals = 0;
  let entries = 0;
  for (;;) {
    const last = await lastSeal(db);
    if (BigInt(last.upto) >= BigInt(horizon)) return { seals, entries, head: { uptoId: last.upto, hash: last.hash } };
    const rows = await digestsBetween(db, last.upto, horizon, perSeal);
    // A full batch ends at its last entry; otherwise the seal reaches the horizon (ids left by rolled-back inserts included).
    const upto = rows.length === perSeal ? rows[rows.length - 1]!.id : horizon;
    const hash = sealHash(
      last.hash,
      rows.map((r) => r.d),
    );
    const inserted = await db.query(`INSERT INTO audit_seals (from_id, upto_id, entries, hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`, [
      last.upto,
      upto,
      rows.length,
      hash,
    ]);
    if (!inserted.length) {
      const head = await lastSeal(db);
      return { seals, entries, head: { uptoId: head.upto, hash: head.hash } };
    }
    seals++;
    entries += rows.length;
  }
}

export type AuditChainReport = {
  ok: boolean;
  seals: number;
  sealedEntries: number;
  /** Entries after the last seal (written since; checked once sealed). */
  unsealedEntries: number;
  head: { uptoId: string; hash: string };
  /** The first break found, in words (ids and dates only, no personal data). */
  problem?: string;
};

/** Recomputes every seal from the entries it covers, in order; stops at the first break. */
export async function verifyAuditChain(q: Queryable): Promise<AuditChainReport> {
  // A database from before migration 065 (a backup restored before the server migrates it) has no seals yet.
  const [t] = await q.query<{ sealed: boolean }>(`SELECT to_regclass('audit_seals') IS NOT NULL AS sealed`);
  if (!t!.sealed) {
    const [r] = await q.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_events`);
    return { ok: true, seals: 0, sealedEntries: 0, unsealedEntries: Number(r!.n), head: { uptoId: '0', hash: GENESIS } };
  }
  const seals = await q.query<SealRow>(
    `SELECT id::text AS id, from_id::text AS from_id, upto_id::text AS upto_id, entries, hash, sealed_at FROM audit_seals s ORDER BY s.from_id`,
  );
  let previous = { upto: '0', hash: GENESIS };
  let sealedEntries = 0;
  const report = (problem?: string): Promise<AuditChainReport> =>
    q.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_events WHERE id > $1`, [previous.upto]).then(([r]) => ({
      ok: !problem,
      seals: seals.length,
      sealedEntries,
      unsealedEntries: Number(r!.n),
      head: { uptoId: previous.upto, hash: previous.hash },
      problem,
    }));
  for (const s of seals) {
    const when = s.sealed_at instanceof Date ? s.sealed_at.toISOString() : String(s.sealed_at);
    if (s.from_id !== previous.upto) {
      return report(`seal ${s.id} (sealed ${when}) starts after entry ${s.from_id} but the seal before it ends at entry ${previous.upto}: a seal is missing`);
    }
    const rows = await digestsBetween(q, s.from_id, s.upto_id);
    if (rows.length !== s.entries) {
      return report(
        `entries ${s.from_id}–${s.upto_id} (sealed ${when}): ${rows.length} found where ${s.entries} were sealed: an entry was ${rows.length < s.entries ? 'removed' : 'added'}`,
      );
    }
    const hash = sealHash(
      previous.hash,
      rows.map((r) => r.d),
    );
    if (hash !== s.hash) return report(`entries ${s.from_id}–${s.upto_id} (sealed ${when}): changed since they were sealed`);
    sealedEntries += rows.length;
    previous = { upto: s.upto_id, hash: s.hash };
  }
  return report();
}
