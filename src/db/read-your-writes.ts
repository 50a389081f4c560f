import { AsyncLocalStorage } from 'node:async_hooks';
import type { Queryable } from './client.ts';

/**
 * Issue 17 item 2: a user always sees their own writes, even where reads go to a replica that may be a moment behind.
 * The request's user says how far the primary's WAL had gone after their last write (`mustSee`, a pg_lsn as text, kept
 * in the user's row, so every session and token of theirs and every process knows it); `db.readTx` reads from the
 * replica only once the replica has replayed that far. A request that may write (not GET) also carries `keep`: after
 * each of its writes commits on the primary, the database calls it to record the primary's position then (for the
 * user's next requests) and this request reads on from there. Set by the session middleware (platform/web-session.ts)
 * for the rest of the request; nothing outside a request (jobs, the start) carries one.
 */
export type SessionWrites = {
  mustSee?: string;
  keep?: (q: Queryable) => Promise<string | undefined>;
};

const store = new AsyncLocalStorage<SessionWrites>();

/** Runs the rest of a request with its session's writes tracked. */
export function withSessionWrites<T>(s: SessionWrites, fn: () => T): T {
  return store.run(s, fn);
}

/** The current request's session writes, if any. */
export function sessionWrites(): SessionWrites | undefined {
  return store.getStore();
}

/** A pg_lsn ('16/B374D848') as a number, to compare two positions. */
export function lsnValue(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!m) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** After a failed `keep`, reads of the rest of the request go to the primary: a position no replica reaches. */
export const PRIMARY_ONLY = 'FFFFFFFF/FFFFFFFF';
