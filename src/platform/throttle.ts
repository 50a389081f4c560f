import type { Queryable } from '../db/client.ts';
import { sha256 } from './tokens.ts';

export const THROTTLE = { windowMinutes: 15, perAccount: 5, perAddress: 30 };

const keyFor = (email: string) => sha256(`login:${email.trim().toLowerCase()}`);

/**
 * Sign-in throttling by the email typed (whether or not such an account exists, so the answer
 * never reveals it) and by address. Rows live in the database so every process sees them.
 */
export async function isThrottled(q: Queryable, email: string, ip: string): Promise<boolean> {
  const [row] = await q.query<{ by_key: number; by_ip: number }>(
    `SELECT
       (SELECT count(*)::int FROM login_failures WHERE key_hash = $1 AND at > now() - make_interval(mins => $3)) AS by_key,
       (SELECT count(*)::int FROM login_failures WHERE ip = $2 AND at > now() - make_interval(mins => $3)) AS by_ip`,
    [keyFor(email), ip, THROTTLE.windowMinutes],
  );
  return row!.by_key >= THROTTLE.perAccount || row!.by_ip >= THROTTLE.perAddress;
}

export async function recordFailure(q: Queryable, email: string, ip: string): Promise<void> {
  await q.query(`INSERT INTO login_failures (key_hash, ip) VALUES ($1, $2)`, [keyFor(email), ip]);
}

export async function clearFailures(q: Queryable, email: string): Promise<void> {
  await q.query(`DELETE FROM login_failures WHERE key_hash = $1`, [keyFor(email)]);
}
