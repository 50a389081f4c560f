import pg from 'pg';
import { lsnValue } from './read-your-writes.ts';

/** Issue 17 item 2: what the health check says of the read replica. */
export type ReplicaHealth = 'none' | 'ok' | 'down';

/** How often the replica's position is compared with the primary's (at most; only while reads come). */
const PROBE_MS = 5_000;
/** After the replica fails, how long reads go to the primary before it is tried again. */
const RETRY_MS = 5_000;

type Log = (entry: Record<string, unknown>) => void;
const defaultLog: Log = (e) => console.error(JSON.stringify({ at: new Date().toISOString(), ...e }));

/** Errors that say the replica itself cannot be reached or is going away (not a fault of the query). */
function unreachable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  return (
    code.startsWith('08') || // connection exceptions
    ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message ?? '')
  );
}

/**
 * The read replica's pool and what is known of it. It is used while it answers and has replayed (a) what the primary
 * had written when this process first asked (so migrations applied at start are there) and (b) what the primary had
 * written `maxLagSeconds` ago (a replica stuck behind is not used). A failed connection sends reads to the primary for
 * RETRY_MS, then the replica is tried again. State changes are logged (no data).
 */
export function replicaPool(o: {
  url: string;
  options: () => string | undefined;
  types: pg.CustomTypesConfig;
  maxLagSeconds: number;
  /** The primary's current WAL position (pg_current_wal_lsn). */
  primaryLsn: () => Promise<string>;
  log?: Log;
}) {
  const log = o.log ?? defaultLog;
  let pool: pg.Pool | undefined;
  let state: 'unknown' | 'ok' | 'down' | 'behind' = 'unknown';
  let retryAt = 0;
  let probedAt = 0;
  let probing: Promise<void> | undefined;
  let floor: bigint | undefined;
  /** The primary's positions when probed: the replica must have replayed the newest one older than maxLagSeconds. */
  let samples: { at: number; lsn: bigint }[] = [];

  const makePool = () => {
    const p = new pg.Pool({
      connectionString: o.url,
      max: 10,
      types: o.types,
      options: o.options(),
      connectionTimeoutMillis: 3_000,
      application_name: 'mace-replica-read',
    });
    // An idle connection dropped (the replica stopped) must not take the process down.
    p.on('error', (err) => markDown(err));
    return p;
  };
  const current = () => (pool ??= makePool());

  function setState(next: typeof state, detail: Record<string, unknown> = {}) {
    if (next === state) return;
    const was = state;
    state = next;
    if (next === 'ok') log({ level: 'info', event: 'replica.ok', was });
    else if (next !== 'unknown') log({ level: 'error', event: `replica.${next}`, ...detail });
  }

  function markDown(err: unknown) {
    retryAt = Date.now() + RETRY_MS;
    setState('down', { code: (err as { code?: string }).code ?? (err as Error).name });
  }

  async function probeNow(): Promise<void> {
    const now = Date.now();
    probedAt = now;
    let primary: bigint;
    try {
      primary = lsnValue(await o.primaryLsn());
    } catch {
      return; // the primary is the health check's concern; the replica's state stays as it was
    }
    floor ??= primary;
    samples.push({ at: now, lsn: primary });
    // The replica must have replayed the primary's position when first probed (what this process migrated) and the
    // newest position noted more than maxLagSeconds ago; the samples older than that but the newest are dropped.
    const cutoff = now - o.maxLagSeconds * 1000;
    const old = samples.filter((s) => s.at <= cutoff);
    const due = old.length ? old[old.length - 1]!.lsn : 0n;
    samples = [...old.slice(-1), ...samples.filter((s) => s.at > cutoff)];
    const target = floor > due ? floor : due;
    try {
      const replayed = async () => {
        const { rows } = await current().query<{ replay: string | null }>(
          `SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END AS replay`,
        );
        // Not in recovery: a server that is not a standby (pointed at the primary itself) has everything.
        return rows[0]!.replay === null ? primary : lsnValue(rows[0]!.replay);
      };
      // A replica streaming under load is a few milliseconds behind the position just read: a second for it to get there.
      let at = await replayed();
      for (let i = 0; at < target && i < 20; i++) {
        await new Promise((r) => setTimeout(r, 50));
        at = await replayed();
      }
      if (at < target) setState('behind', { behindBytes: Number(target - at) });
      else setState('ok');
    } catch (err) {
      markDown(err);
    }
  }

  function probe(): Promise<void> {
    probing ??= probeNow().finally(() => (probing = undefined));
    return probing;
  }

  /** Whether reads may go to the replica now; probes first when nothing is known or a retry is due, else in the background. */
  async function usable(): Promise<boolean> {
    const now = Date.now();
    if (state === 'unknown' || (state === 'down' && now >= retryAt)) await probe();
    else if (now - probedAt >= PROBE_MS) void probe();
    return state === 'ok';
  }

  return {
    /**
     * A connection to the replica in a read-only transaction, or undefined when reads should go to the primary: the
     * replica down or behind, or (mustSee) not yet past the user's last write.
     */
    async begin(mustSee: string | undefined): Promise<pg.PoolClient | undefined> {
      if (!(await usable())) return undefined;
      let c: pg.PoolClient;
      try {
        c = await current().connect();
      } catch (err) {
        markDown(err);
        return undefined;
      }
      try {
        if (mustSee) {
          const { rows } = await c.query<{ ok: boolean }>(`SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, NOT pg_is_in_recovery()) AS ok`, [mustSee]);
          if (!rows[0]!.ok) {
            c.release();
            return undefined;
          }
        }
        await c.query('BEGIN READ ONLY');
        return c;
      } catch (err) {
        c.release(err as Error);
        if (unreachable(err)) markDown(err);
        return undefined;
      }
    },
    /** The end of a read on the replica: committed, or after a failure its connection dropped (the replica marked down when unreachable). */
    async end(c: pg.PoolClient, err?: unknown): Promise<void> {
      if (err === undefined) {
        try {
          await c.query('COMMIT');
          c.release();
        } catch (e) {
          c.release(e as Error);
          if (unreachable(e)) markDown(e);
        }
        return;
      }
      if (unreachable(err)) {
        c.release(err as Error);
        markDown(err);
        return;
      }
      await c.query('ROLLBACK').then(
        () => c.release(),
        (e: Error) => c.release(e),
      );
    },
    /** For the health check: probes now. */
    async health(): Promise<ReplicaHealth> {
      await probe();
      return state === 'ok' ? 'ok' : 'down';
    },
    /** After useAppRole: new connections start as the role. */
    async reset(): Promise<void> {
      const old = pool;
      pool = undefined;
      await old?.end().catch(() => undefined);
    },
    async close(): Promise<void> {
      await pool?.end().catch(() => undefined);
      pool = undefined;
    },
  };
}

export type ReplicaPool = ReturnType<typeof replicaPool>;
