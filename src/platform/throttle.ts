import type { Queryable } from '../db/client.ts';
import { sha256 } from './tokens.ts';

/**
 * Issue 16 item 8 (no targeted lock-out): failures are counted per account and address pair, per address, and per
 * account from every address, in a sliding window.
 * - perAccountAndAddress: guesses at one account from one address are slowed after 5, so the owner on their own
 *   device is not locked out by someone else's guesses;
 * - perAddress: one address guessing at many accounts is slowed after 30;
 * - perAccount: a ceiling, ten times the pair's, on guesses at one account from many addresses (a botnet gets 50
 *   guesses a quarter hour, not 5 per address it has): locking the owner out now takes ten addresses, not five guesses.
 * The second factor is tried only by someone who holds the password, so it is also limited per account
 * (secondFactorPerAccount): its million codes must not be walked through from many addresses.
 */
export const THROTTLE = { windowMinutes: 15, perAccountAndAddress: 5, perAddress: 30, perAccount: 50, secondFactorPerAccount: 10 };

const keyFor = (email: string) => sha256(`login:${email.trim().toLowerCase()}`);
const secondFactorKey = (userId: string) => sha256(`second-factor:${userId}`);

async function over(q: Queryable, key: string, ip: string, perAccount: number): Promise<boolean> {
  const [row] = await q.query<{ by_pair: number; by_key: number; by_ip: number }>(
    `SELECT
       (SELECT count(*)::int FROM login_failures WHERE key_hash = $1 AND ip = $2 AND at > now() - make_interval(mins => $3)) AS by_pair,
       (SELECT count(*)::int FROM login_failures WHERE key_hash = $1 AND at > now() - make_interval(mins => $3)) AS by_key,
       (SELECT count(*)::int FROM login_failures WHERE ip = $2 AND at > now() - make_interval(mins => $3)) AS by_ip`,
    [key, ip, THROTTLE.windowMinutes],
  );
  return row!.by_pair >= THROTTLE.perAccountAndAddress || row!.by_ip >= THROTTLE.perAddress || row!.by_key >= perAccount;
}

/**
 * Sign-in throttling by the email typed (whether or not such an account exists, so the answer never reveals it) and
 * address. Rows live in the database so every process sees them.
 */
export async function isThrottled(q: Queryable, email: string, ip: string): Promise<boolean> {
  return over(q, keyFor(email), ip, THROTTLE.perAccount);
}

export async function recordFailure(q: Queryable, email: string, ip: string): Promise<void> {
  await q.query(`INSERT INTO login_failures (key_hash, ip) VALUES ($1, $2)`, [keyFor(email), ip]);
}

/** A sign-in clears its own pair's failures; others' guesses at the account still count towards its ceiling. */
export async function clearFailures(q: Queryable, email: string, ip: string): Promise<void> {
  await q.query(`DELETE FROM login_failures WHERE key_hash = $1 AND ip = $2`, [keyFor(email), ip]);
}

/** The second factor's codes: per account and address, per address, and per account from every address. */
export async function isSecondFactorThrottled(q: Queryable, userId: string, ip: string): Promise<boolean> {
  return over(q, secondFactorKey(userId), ip, THROTTLE.secondFactorPerAccount);
}

export async function recordSecondFactorFailure(q: Queryable, userId: string, ip: string): Promise<void> {
  await q.query(`INSERT INTO login_failures (key_hash, ip) VALUES ($1, $2)`, [secondFactorKey(userId), ip]);
}

export async function clearSecondFactorFailures(q: Queryable, userId: string, ip: string): Promise<void> {
  await q.query(`DELETE FROM login_failures WHERE key_hash = $1 AND ip = $2`, [secondFactorKey(userId), ip]);
}
