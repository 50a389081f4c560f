import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { replicaPool, type ReplicaHealth, type ReplicaPool } from './replica.ts';
import { sessionWrites, PRIMARY_ONLY } from './read-your-writes.ts';

export type { ReplicaHealth } from './replica.ts';

/**
 * A statement the database keeps parsed and planned under its name, for the few queries on the busiest pages (the
 * embedded database spends more time planning a large query than running it). Names are unique; the text fixed.
 */
export type Prepared = { readonly name: string; readonly text: string };
export const prepared = (name: string, text: string): Prepared => ({ name, text });

/**
 * Runs steps one after another and gives their results as Promise.all would: a transaction's connection takes one
 * query at a time (node-postgres queues the rest and will refuse them in its next major version).
 */
export async function inTurn<T extends readonly (() => Promise<unknown>)[]>(...steps: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const out: unknown[] = [];
  for (const step of steps) out.push(await step());
  return out as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string | Prepared, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: all of it commits or none of it does. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements as the owner (migrations only). */
  execAsOwner(sql: string): Promise<void>;
  /** After migrations: from now on act as the restricted application role. */
  useAppRole(role: string): Promise<void>;
  close(): Promise<void>;
  /**
   * PGlite only: the whole data directory as a tarball (test templates, backups), consistent while the app serves: taken
   * with no transaction open (queries and transactions wait for it), so it opens as the database stood at that moment.
   */
  dump?(compression?: 'none' | 'gzip'): Promise<Blob>;
  /**
   * PGlite only: runs fn with no query and no transaction in progress (they wait until it ends), so the data directory's
   * files stand still and hold a consistent database (a backup copies them).
   */
  quiesce?<T>(fn: () => Promise<T>): Promise<T>;
  /** Issue 17 item 6: from now on tell `o` each query's duration (the metrics). Untimed until called. */
  observe(o: QueryObserver): void;
  /** The connections: a server's pool, or the embedded database's one connection (waiting: queries queued for it). */
  poolStats(): PoolStats;
  /**
   * Issue 17 item 2: work that reads what may be a moment old (reports, dashboards, networks, searches). `read` is the
   * read replica (a read-only transaction) when one is configured, answers, is not too far behind and has replayed this
   * request's user's last write (read-your-writes: sessionWrites); otherwise `read` is `write`. `write` is a
   * transaction on the primary, begun when first used, for what must be current or written (access checks, the audit
   * entry), committed with the work. A failure reading the replica runs the work again on the primary alone. On the
   * embedded database and without a replica it is one transaction, `read === write`.
   */
  readTx<T>(fn: (read: Queryable, write: Queryable) => Promise<T>): Promise<T>;
  /** Issue 17 item 2: the replica for the health check: none configured, ok (reads go there) or down (reads go to the primary). */
  replicaHealth(): Promise<ReplicaHealth>;
  /**
   * Issue 17 item 1: runs fn while this process holds a session-level advisory lock on (key, the schema), so that one
   * process at a time does it however many run; { ran: false } at once when another holds it. The lock goes with the
   * connection if the process dies.
   */
  exclusive<T>(key: number, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /** Issue 17 item 2: how many readTx read from the replica, from the primary, and fell back after a replica failure. */
  readonly reads: { replica: number; primary: number; fallbacks: number };
}

/** A query's statement (a prepared statement's name, or 'adhoc'), its duration in seconds, and whether it failed. */
export type QueryObserver = (statement: string, seconds: number, failed: boolean) => void;
export type PoolStats = { total: number; idle: number; waiting: number };

/** Times each query once an observer is set (a clock read either side; nothing at all before). */
function queryTimer() {
  let observer: QueryObserver | undefined;
  let inFlight = 0;
  return {
    set: (o: QueryObserver) => {
      observer = o;
    },
    inFlight: () => inFlight,
    async run<T>(sql: string | Prepared, f: () => Promise<T>): Promise<T> {
      const o = observer;
      if (!o) return f();
      const t0 = performance.now();
      inFlight++;
      let failed = true;
      try {
        const out = await f();
        failed = false;
        return out;
      } finally {
        inFlight--;
        o(typeof sql === 'string' ? 'adhoc' : sql.name, (performance.now() - t0) / 1000, failed);
      }
    },
  };
}

const DATE_OID = 1082;
/** Per-connection settings: fuzzy name search accepts a word similarity of 0.4 (misspellings). */
const sessionSettings = 'SET pg_trgm.word_similarity_threshold = 0.4;';
/** The same, as a server connection's start-up options. */
const sessionOptions = '-c pg_trgm.word_similarity_threshold=0.4';
const keepDateAsText = (v: string) => v;

type DbOptions = {
  databaseUrl?: string;
  /** Issue 17: a streaming replica of databaseUrl for readTx, and how far behind it may be (seconds). */
  replica?: { url: string; maxLagSeconds: number };
  dataDir?: string;
  schema?: string;
  loadDataDir?: Blob | File;
  sharedBuffers?: string;
};

export async function openDb(opts: DbOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.schema, opts.replica) : openPglite(opts.dataDir, opts.loadDataDir, opts.sharedBuffers);
}

/** PGlite and its extensions, loaded only when the embedded database is opened: a process on a PostgreSQL server never holds them (issue 17 item 7: about 1 MB of heap). */
const loadPglite = async () => {
  const [lite, { pg_trgm }, { fuzzystrmatch }, { btree_gist }, { btree_gin }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/fuzzystrmatch'),
    import('@electric-sql/pglite/contrib/btree_gist'),
    import('@electric-sql/pglite/contrib/btree_gin'),
  ]);
  return { ...lite, extensions: { pg_trgm, fuzzystrmatch, btree_gist, btree_gin } };
};
type PgliteModule = Awaited<ReturnType<typeof loadPglite>>;

async function openPglite(dataDir?: string, loadDataDir?: Blob | File, sharedBuffers = '32MB'): Promise<Db> {
  if (dataDir) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const mod = await loadPglite();
  const { PGlite, extensions } = mod;
  const lite = await PGlite.create({
    dataDir: dataDir ? path.resolve(dataDir) : undefined,
    loadDataDir,
    extensions,
    parsers: { [DATE_OID]: keepDateAsText },
    // 32 MB of shared buffers by default instead of 128 MB: the embedded database serves a team; PGLITE_SHARED_BUFFERS changes it.
    startParams: [...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
  });
  const named = pgliteNamedStatements(lite, mod);
  const timer = queryTimer();
  const wrap = (q: { query: PGlite['query'] }, inTransaction: boolean): Queryable => ({
    query<T>(sql: string | Prepared, params: unknown[] = []) {
      return timer.run(sql, async () => {
        if (typeof sql !== 'string') return named<T>(sql, params, inTransaction);
        const r = await q.query<T>(sql, params as never[]);
        return r.rows;
      });
    },
  });
  let role: string | undefined;
  const tx = <T>(fn: (q: Queryable) => Promise<T>) => lite.transaction((t) => fn(wrap(t as unknown as { query: PGlite['query'] }, true)));
  const reads = { replica: 0, primary: 0, fallbacks: 0 };
  return {
    kind: 'pglite',
    ...wrap(lite, false),
    tx,
    // No replica for the embedded database: one transaction.
    readTx(fn) {
      reads.primary++;
      return tx((q) => fn(q, q));
    },
    replicaHealth: async () => 'none',
    // One process holds the embedded database.
    exclusive: async (_key, fn) => ({ ran: true, value: await fn() }),
    reads,
    async execAsOwner(sql) {
      if (role) await lite.exec('RESET ROLE');
      await lite.exec(sql);
      if (role) await lite.exec(`SET ROLE ${role}`);
    },
    async useAppRole(r) {
      await lite.exec(`SET ROLE ${r}; ${sessionSettings}`);
      role = r;
    },
    close: () => lite.close(),
    dump: (compression = 'none') => lite._runExclusiveTransaction(() => lite.dumpDataDir(compression)),
    quiesce: (fn) => lite._runExclusiveTransaction(() => lite._runExclusiveQuery(fn)),
    observe: timer.set,
    // One connection; queries beyond the one running wait for it (counted while an observer is set).
    poolStats: () => ({ total: 1, idle: timer.inFlight() ? 0 : 1, waiting: Math.max(0, timer.inFlight() - 1) }),
  };
}

async function openPostgres(url: string, schema?: string, replicaOf?: { url: string; maxLagSeconds: number }): Promise<Db> {
  const types = {
    getTypeParser: (oid: number, format?: string) => (oid === DATE_OID ? keepDateAsText : pg.types.getTypeParser(oid, format as 'text')),
  };
  // The application role and the session settings go in each connection's start-up options: a connection is
  // never handed out before they apply. useAppRole replaces the pool with one whose connections start as the role.
  let role: string | undefined;
  const options = () =>
    [schema ? `-c search_path=${schema},public` : '', role ? `-c role=${role} ${sessionOptions}` : ''].filter(Boolean).join(' ') || undefined;
  const makePool = () => new pg.Pool({ connectionString: url, max: 10, types, options: options() });
  let pool = makePool();
  // Issue 17: the read replica, and read-your-writes (after a request's write commits, its session records where the
  // primary's WAL had got to; sessionWrites). Without a replica nothing is recorded.
  const replica: ReplicaPool | undefined = replicaOf
    ? replicaPool({
        url: replicaOf.url,
        options,
        types,
        maxLagSeconds: replicaOf.maxLagSeconds,
        primaryLsn: async () => (await pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn,
      })
    : undefined;
  const afterWrite = async (q: Queryable) => {
    const s = replica ? sessionWrites() : undefined;
    if (!s?.keep) return;
    try {
      s.mustSee = (await s.keep(q)) ?? s.mustSee;
    } catch (err) {
      // The write stands; this request's later reads go to the primary, and the failure is logged (no data).
      s.mustSee = PRIMARY_ONLY;
      console.error(JSON.stringify({ level: 'error', at: new Date().toISOString(), event: 'replica.keep-failed', code: (err as { code?: string }).code }));
    }
  };
  const timer = queryTimer();
  const run = (c: { query: pg.Pool['query'] }, sql: string | Prepared, params: unknown[]) =>
    // node-postgres prepares a named statement once on each connection.
    timer.run(sql, () => (typeof sql === 'string' ? c.query(sql, params) : c.query({ name: sql.name, text: sql.text, values: params })));
  const asQueryable = (c: { query: pg.Pool['query'] }): Queryable => ({
    async query<T>(sql: string | Prepared, params: unknown[] = []) {
      return (await run(c, sql, params)).rows as T[];
    },
  });
  /** A transaction begun at its first statement (so a read on the replica does not hold a primary connection until needed). */
  const lazyTx = () => {
    let client: pg.PoolClient | undefined;
    let begun: Promise<pg.PoolClient> | undefined;
    const begin = () =>
      (begun ??= (async () => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
        } catch (err) {
          c.release(err as Error);
          throw err;
        }
        client = c;
        return c;
      })());
    return {
      q: { query: async <T>(sql: string | Prepared, params: unknown[] = []) => (await run(await begin(), sql, params)).rows as T[] } as Queryable,
      async commit() {
        if (!client) return;
        await client.query('COMMIT');
        await afterWrite(asQueryable(client));
        client.release();
      },
      async rollback() {
        if (!client) return;
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
      },
    };
  };
  const tx = async <T>(fn: (q: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(asQueryable(client));
      await client.query('COMMIT');
      await afterWrite(asQueryable(client));
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
  const reads = { replica: 0, primary: 0, fallbacks: 0 };
  /** An error from a query on the replica: the work is run again on the primary. */
  class ReplicaFailed extends Error {}
  return {
    kind: 'postgres',
    async query<T>(sql: string | Prepared, params: unknown[] = []) {
      const r = await run(pool, sql, params);
      if (replica && r.command !== 'SELECT') await afterWrite(asQueryable(pool));
      return r.rows as T[];
    },
    tx,
    async readTx<T>(fn: (read: Queryable, write: Queryable) => Promise<T>): Promise<T> {
      const c = replica ? await replica.begin(sessionWrites()?.mustSee) : undefined;
      if (!c) {
        reads.primary++;
        return tx((q) => fn(q, q));
      }
      const onReplica: Queryable = {
        async query<R>(sql: string | Prepared, params: unknown[] = []) {
          try {
            return (await run(c, sql, params)).rows as R[];
          } catch (err) {
            throw new ReplicaFailed('the read replica failed', { cause: err });
          }
        },
      };
      const w = lazyTx();
      try {
        const out = await fn(onReplica, w.q);
        await w.commit();
        await replica!.end(c);
        reads.replica++;
        return out;
      } catch (err) {
        await w.rollback();
        await replica!.end(c, err instanceof ReplicaFailed ? err.cause : err);
        if (!(err instanceof ReplicaFailed)) throw err;
        // The replica went away or could not answer (a conflict with recovery, a table it has not replayed): the primary.
        reads.fallbacks++;
        return tx((q) => fn(q, q));
      }
    },
    replicaHealth: async () => (replica ? replica.health() : 'none'),
    async exclusive<T>(key: number, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
      const c = await pool.connect();
      let broken: Error | undefined;
      try {
        const { rows } = await c.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, hashtext(current_schema())) AS locked', [key]);
        if (!rows[0]!.locked) return { ran: false };
        try {
          return { ran: true, value: await fn() };
        } finally {
          // A connection that cannot unlock is closed, and the lock with it.
          await c.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [key]).catch((err: Error) => (broken = err));
        }
      } finally {
        c.release(broken);
      }
    },
    reads,
    async execAsOwner(sql) {
      const client = await pool.connect();
      try {
        // SET ROLE NONE, not RESET ROLE: the role a connection started with is its default.
        await client.query('SET ROLE NONE');
        await client.query(sql);
      } finally {
        if (role) await client.query(`SET ROLE ${role}`).catch(() => undefined);
        client.release();
      }
    },
    async useAppRole(r) {
      role = r;
      const old = pool;
      pool = makePool();
      await old.end();
      await replica?.reset();
    },
    async close() {
      await replica?.close();
      await pool.end();
    },
    observe: timer.set,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

/**
 * Named statements on the embedded database, through its wire protocol (PGlite's query() always sends an unnamed
 * statement, planned anew each time): parsed once, then bound and executed. Outside a transaction a statement waits
 * for any transaction to finish, as PGlite's own queries do.
 */
function pgliteNamedStatements(lite: PGlite, { protocol, parse: pgliteParse }: PgliteModule) {
  const { serialize } = protocol;
  const statements = new Map<string, { text: string; types: number[] }>();
  return async function named<T>(p: Prepared, params: unknown[], inTransaction: boolean): Promise<T[]> {
    const run = async () => {
      const send = (m: Uint8Array) => lite.execProtocolStream(m, { syncToFs: false });
      const messages: Awaited<ReturnType<typeof send>> = [];
      try {
        let s = statements.get(p.name);
        if (s && s.text !== p.text) throw new Error(`prepared statement ${p.name} has two texts`);
        if (!s) {
          await send(serialize.parse({ name: p.name, text: p.text }));
          s = { text: p.text, types: pgliteParse.parseDescribeStatementResults(await send(serialize.describe({ type: 'S', name: p.name }))) };
          statements.set(p.name, s);
        }
        const types = s.types;
        const values = params.map((v, i) => (v === null || v === undefined ? null : (lite.serializers[types[i]!] ?? String)(v)));
        messages.push(
          ...(await send(serialize.bind({ statement: p.name, values: values as string[] }))),
          ...(await send(serialize.describe({ type: 'P' }))),
          ...(await send(serialize.execute({}))),
        );
      } finally {
        messages.push(...(await send(serialize.sync())));
      }
      if (!inTransaction) await lite.syncToFs();
      return (pgliteParse.parseResults(messages, lite.parsers)[0]?.rows ?? []) as T[];
    };
    return inTransaction ? lite._runExclusiveQuery(run) : lite._runExclusiveTransaction(() => lite._runExclusiveQuery(run));
  };
}
