import { prepared, type Queryable } from '../db/client.ts';
import { randomToken, sha256 } from './tokens.ts';

export type SessionUser = {
  sessionHash: string;
  kind: 'web' | 'api';
  secondFactorDone: boolean;
  lastSeenAt: Date;
  data: Record<string, unknown>;
  userId: string;
  partnershipId: string;
  agencyId: string;
  roles: string[];
  displayName: string;
  email: string;
  totpEnabled: boolean;
  /** The partnership whose identity provider signed the user in (issue 16), to offer its sign-out; null for a password. */
  signedInWith: string | null;
  /** Issue 17: the primary's WAL position after the user's last write (read-your-writes), or null. */
  lastWriteLsn: string | null;
};

/**
 * A session's key: its partnership and the hash of its secret. The secret starts with the partnership's id and a dot
 * (`staffordshire.…`), so that a request's session is found by its primary key (partnership_id, id_hash) without asking
 * every partnership's shard (docs/scale.md); the hash covers the whole secret, so the prefix cannot be changed.
 */
export type SessionKey = Pick<SessionUser, 'partnershipId' | 'sessionHash'>;

/** The partnership a secret names, or undefined when it names none. */
function partnershipOfSecret(secret: string): string | undefined {
  const dot = secret.indexOf('.');
  const p = secret.slice(0, dot);
  return dot > 0 && /^[a-z0-9-]+$/.test(p) ? p : undefined;
}

/** Starts a session and returns the secret for the cookie or bearer token (only its hash is stored). */
export async function createSession(
  q: Queryable,
  user: { partnershipId: string; userId: string },
  kind: 'web' | 'api',
  secondFactorDone: boolean,
  signedInWith: string | null = null,
): Promise<string> {
  const secret = `${user.partnershipId}.${randomToken()}`;
  await q.query(`INSERT INTO sessions (id_hash, kind, partnership_id, user_id, second_factor_done, signed_in_with) VALUES ($1, $2, $3, $4, $5, $6)`, [
    sha256(secret),
    kind,
    user.partnershipId,
    user.userId,
    secondFactorDone,
    signedInWith,
  ]);
  return secret;
}

/** The live session for a secret: not ended, not idle beyond the limit, and its user not disabled. */
/** Prepared: every request signed in asks it first. */
const findSessionSql = prepared(
  'session_find',
  `SELECT s.id_hash, s.kind, s.second_factor_done, s.last_seen_at, s.data, s.user_id, s.partnership_id, s.signed_in_with, u.last_write_lsn::text AS last_write_lsn,
          u.agency_id, u.roles, u.display_name, u.email, (u.totp_secret IS NOT NULL) AS totp_enabled
     FROM sessions s JOIN users u ON u.partnership_id = s.partnership_id AND u.id = s.user_id
    WHERE s.partnership_id = $1 AND s.id_hash = $2 AND s.ended_at IS NULL AND u.disabled_at IS NULL
      AND s.last_seen_at > now() - make_interval(mins => $3)`,
);

async function findSession(q: Queryable, secret: string, idleMinutes: number): Promise<SessionUser | undefined> {
  const partnershipId = partnershipOfSecret(secret);
  if (!partnershipId) return undefined;
  const [row] = await q.query<{
    id_hash: string;
    kind: 'web' | 'api';
    second_factor_done: boolean;
    last_seen_at: Date;
    data: Record<string, unknown>;
    user_id: string;
    partnership_id: string;
    agency_id: string;
    roles: string[];
    display_name: string;
    email: string;
    totp_enabled: boolean;
    signed_in_with: string | null;
    last_write_lsn: string | null;
  }>(findSessionSql, [partnershipId, sha256(secret), idleMinutes]);
  if (!row) return undefined;
  return {
    sessionHash: row.id_hash,
    kind: row.kind,
    secondFactorDone: row.second_factor_done,
    lastSeenAt: new Date(row.last_seen_at),
    data: row.data ?? {},
    userId: row.user_id,
    partnershipId: row.partnership_id,
    agencyId: row.agency_id,
    roles: row.roles,
    displayName: row.display_name,
    email: row.email,
    totpEnabled: row.totp_enabled,
    signedInWith: row.signed_in_with,
    lastWriteLsn: row.last_write_lsn,
  };
}

async function touchSession(q: Queryable, s: SessionKey): Promise<void> {
  await q.query(`UPDATE sessions SET last_seen_at = now() WHERE partnership_id = $1 AND id_hash = $2 AND ended_at IS NULL`, [s.partnershipId, s.sessionHash]);
}

async function setSessionData(q: Queryable, s: SessionKey, data: Record<string, unknown>): Promise<void> {
  await q.query(`UPDATE sessions SET data = $3 WHERE partnership_id = $1 AND id_hash = $2`, [s.partnershipId, s.sessionHash, JSON.stringify(data)]);
}

export async function markSecondFactorDone(q: Queryable, s: SessionKey): Promise<void> {
  await q.query(`UPDATE sessions SET second_factor_done = true, last_seen_at = now() WHERE partnership_id = $1 AND id_hash = $2`, [
    s.partnershipId,
    s.sessionHash,
  ]);
}

export async function endSession(q: Queryable, s: SessionKey): Promise<void> {
  await q.query(`UPDATE sessions SET ended_at = now() WHERE partnership_id = $1 AND id_hash = $2 AND ended_at IS NULL`, [s.partnershipId, s.sessionHash]);
}

/** Ends every session of a user at once (disabling, password reset). */
export async function endUserSessions(q: Queryable, partnershipId: string, userId: string): Promise<void> {
  await q.query(`UPDATE sessions SET ended_at = now() WHERE partnership_id = $1 AND user_id = $2 AND ended_at IS NULL`, [partnershipId, userId]);
}

/**
 * Issue 17: records, after a write of the user's request has committed, where the primary's WAL has got to (at least
 * the end of that commit), and returns it; the user's reads go to the replica only once it has replayed this far.
 */
async function keepLastWrite(q: Queryable, user: { partnershipId: string; userId: string }): Promise<string | undefined> {
  const [row] = await q.query<{ lsn: string }>(
    `UPDATE users SET last_write_lsn = pg_current_wal_lsn() WHERE partnership_id = $1 AND id = $2 RETURNING last_write_lsn::text AS lsn`,
    [user.partnershipId, user.userId],
  );
  return row?.lsn;
}

/** The session store as the app's middleware and routes use it (built once in createServices). */
export function sessionService(db: Queryable, idleMinutes: number) {
  return {
    find: (secret: string) => findSession(db, secret, idleMinutes),
    touch: (s: SessionKey) => touchSession(db, s),
    /** What a page keeps between requests (a posted search, so that names never appear in a URL). */
    setData: (s: SessionKey, data: Record<string, unknown>) => setSessionData(db, s, data),
    /** Issue 17: what the database calls after a write of this user's request commits (read-your-writes). */
    keepLastWrite: (user: { partnershipId: string; userId: string }) => (q: Queryable) => keepLastWrite(q, user),
  };
}

export type SessionService = ReturnType<typeof sessionService>;
