/**
 * `npm run loadtest` (issue 17 item 3): a busy hour's mix of signed-in requests (bench/loadtest-mix.ts) driven by
 * autocannon against the app on a PostgreSQL server, in each configuration asked for — one process or several
 * (WEB_CONCURRENCY), without or with the read replica (DATABASE_REPLICA_URL) — reporting throughput, p50/p95/p99 of
 * each kind of request, errors, and the CPU of the app's processes and of the database's backends. Writes the figures
 * under "loadtest" in bench/results.json (the other keys kept). Requests go to 127.0.0.1 only; each configuration runs
 * for --duration seconds after --warmup seconds. Nothing here asserts a time.
 *
 *   npm run bench -- --national        # builds mace_county and mace_national first (see README)
 *   npm run loadtest                   # 1 and 2 processes, with and without the replica when there is one
 *   npm run loadtest -- --smoke        # a few seconds, one process, no replica: does the mix run?
 *
 * Options: --database-url URL (postgres://postgres@127.0.0.1:5432/mace_national), --replica-url URL (the same database
 * on 127.0.0.1:5433, the standby of .ci/replica-setup.sh), --processes LIST (1,2), --replica no|yes|both (both, when the
 * standby answers), --connections LIST (32; several give one run each), --rate R (requests a second in all; default
 * as fast as answered), --duration S (30), --warmup S (5), --sessions-per-user N (1), --password (the bench's),
 * --app DIR (another checkout), --node-arg ARG (repeatable; default npm start's flags), --out FILE, --smoke,
 * --only OPS (comma-separated operations: the mix of just those, e.g. --only child-page for a profile), --per-kind S (before the mix, each operation alone for S seconds: its app and database CPU per operation, to show
 * where the time goes), --port P (the app's port; a free one by default).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadPartnerships } from '../src/partnerships/index.ts';
import { BENCH_PASSWORD } from './generate.ts';
import { startFlags } from './start-flags.ts';
import { startServer, cpuSampler, type CpuReport } from './pg-server.ts';
import { writeMerged } from './results-file.ts';
import { openDb } from '../src/db/client.ts';
import { loadTargets, preflight, runMix, signInSessions, MIX, type MixResult, type Op } from './loadtest-mix.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/mace_national' },
    'replica-url': { type: 'string' },
    processes: { type: 'string', default: '1,2' },
    replica: { type: 'string', default: 'both' },
    connections: { type: 'string', default: '32' },
    rate: { type: 'string' },
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    'sessions-per-user': { type: 'string', default: '1' },
    password: { type: 'string', default: BENCH_PASSWORD },
    app: { type: 'string', default: root },
    'node-arg': { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: path.join(import.meta.dirname, 'results.json') },
    smoke: { type: 'boolean', default: false },
    'per-kind': { type: 'string', default: '0' },
    only: { type: 'string' },
    port: { type: 'string' },
  },
});
const log = (s: string) => console.log(s);
const list = (s: string) =>
  s
    .split(',')
    .map((x) => Number.parseInt(x.trim(), 10))
    .filter((x) => x > 0);

/** Targets of the issue, on this 2-core machine with app and database together. */
export const TARGETS = { rps: 500, p95_ms: 200, errors: 0 };

async function main(): Promise<number> {
  const databaseUrl = args['database-url'];
  const dbName = new URL(databaseUrl).pathname.slice(1);
  const replicaUrl =
    args['replica-url'] ??
    (() => {
      const u = new URL(databaseUrl);
      u.port = '5433';
      return u.toString();
    })();
  const app = path.resolve(args.app);
  const nodeArgs = args['node-arg'].length ? args['node-arg'] : startFlags(databaseUrl);
  const smoke = args.smoke;
  const duration = smoke ? 3 : Number(args.duration);
  const warmup = smoke ? 1 : Number(args.warmup);
  const connections = smoke ? [4] : list(args.connections);
  const processes = smoke ? [1] : list(args.processes);
  const rate = args.rate ? Number(args.rate) : undefined;
  const only = args.only?.split(',').map((x) => x.trim());
  const without = only ? (Object.keys(MIX) as Op[]).filter((op) => !only.includes(op)) : undefined;

  // What this checkout of the app can do (issue 17 items 1 and 2 add these): a configuration it cannot run is left out, said so.
  const config = fs.readFileSync(path.join(app, 'src', 'config.ts'), 'utf8');
  const hasWorkers = config.includes('WEB_CONCURRENCY');
  const hasReplica = config.includes('DATABASE_REPLICA_URL');
  const replicaUp = hasReplica && (await answers(replicaUrl));
  const replicaModes = smoke ? [false] : args.replica === 'no' ? [false] : args.replica === 'yes' ? [true] : replicaUp ? [false, true] : [false];
  const notes: string[] = [];
  if (!hasWorkers && processes.some((n) => n > 1)) notes.push('this checkout has no WEB_CONCURRENCY (issue 17 item 1): several processes left out');
  if (args.replica !== 'no' && !smoke && !replicaUp)
    notes.push(
      hasReplica
        ? `no standby answers at ${redact(replicaUrl)} (bash .ci/replica-setup.sh): the replica left out`
        : 'this checkout has no DATABASE_REPLICA_URL (issue 17 item 2): the replica left out',
    );
  if (args.replica === 'yes' && !replicaUp) throw new Error(`--replica yes, but ${notes.at(-1)}`);
  const runs = processes
    .filter((n) => n === 1 || hasWorkers)
    .flatMap((n) => replicaModes.flatMap((replica) => connections.map((c) => ({ processes: n, replica, connections: c }))));

  // What there is to ask for, read once as the owner (a sample of each partnership's children and open actions).
  const partnerships = loadPartnerships();
  const owner = await openDb({ databaseUrl });
  const targets = await loadTargets(owner, partnerships);
  const [size] = await owner.query<{ children: number; partnerships: number; size: string }>(
    `SELECT (SELECT count(*)::int FROM children) AS children, (SELECT count(*)::int FROM partnerships) AS partnerships, pg_size_pretty(pg_database_size(current_database())) AS size`,
  );
  const dataset = await owner
    .query<{ value: unknown }>(`SELECT value FROM bench_dataset WHERE key IN ('national', 'county') ORDER BY key DESC LIMIT 1`)
    .then((r) => r[0]?.value)
    .catch(() => undefined);
  await owner.close();
  log(
    `MACE load test on ${dbName}: ${size!.partnerships} partnerships, ${size!.children.toLocaleString('en-GB')} children, ${size!.size}; ${os.cpus().length} CPU(s), load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (a shared machine)`,
  );
  for (const n of notes) log(`  note: ${n}`);
  log(
    `Mix (per cent of operations): ${Object.entries(MIX)
      .map(([k, v]) => `${k} ${v.weight}`)
      .join(', ')}`,
  );

  const results: {
    processes: number;
    replica: boolean;
    connections: number;
    rate?: number;
    start_ms: number;
    sessions: number;
    mix: MixResult;
    cpu: CpuReport;
    cost: Cost;
    met: { rps: boolean; p95: boolean; errors: boolean };
    alone?: Alone[];
  }[] = [];
  for (const run of runs) {
    const label = `${run.processes} process${run.processes > 1 ? 'es' : ''}, ${run.replica ? 'with' : 'without'} the replica, ${run.connections} connections${rate ? `, ${rate} requests/s offered` : ''}`;
    log(`\n${label}: starting the server…`);
    const server = await startServer({
      app,
      nodeArgs,
      databaseUrl,
      replicaUrl: run.replica ? replicaUrl : undefined,
      processes: run.processes,
      port: args.port ? Number(args.port) : undefined,
    });
    try {
      const sessions = await signInSessions(server.port, partnerships.keys(), args.password, Number(args['sessions-per-user']));
      const problems = await preflight({ port: server.port, sessions, targets, partnerships });
      if (problems.length) throw new Error(`the mix's requests are not answered as expected:\n  ${problems.join('\n  ')}`);
      log(`  listening after ${Math.round(server.startMs)} ms; ${sessions.length} sessions signed in; warming up ${warmup} s…`);
      await runMix({ port: server.port, sessions, targets, partnerships, connections: run.connections, duration: warmup, rate, seed: 3, without });
      const sampler = await cpuSampler({
        appPid: server.proc.pid!,
        databases: [{ url: databaseUrl, name: dbName }, ...(run.replica ? [{ url: replicaUrl, name: dbName }] : [])],
      });
      const perKindSeconds = Number(args['per-kind']);
      const alone =
        perKindSeconds > 0
          ? await eachAlone({ port: server.port, sessions, targets, partnerships, seconds: perKindSeconds, appPid: server.proc.pid!, databaseUrl, dbName })
          : undefined;
      const mix = await runMix({ port: server.port, sessions, targets, partnerships, connections: run.connections, duration, rate, seed: 1, without });
      const cpu = await sampler.stop();
      const met = { rps: mix.rps >= TARGETS.rps, p95: mix.all.p95_ms <= TARGETS.p95_ms, errors: mix.errors === TARGETS.errors };
      const cost = costOf(mix, cpu);
      results.push({ ...run, rate, start_ms: Math.round(server.startMs), sessions: sessions.length, mix, cpu, cost, met, alone });
      report(mix, cpu, met, cost);
    } finally {
      await server.stop();
    }
  }

  const out = {
    runAt: new Date().toISOString(),
    node: process.version,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_mb: Math.round(os.totalmem() / 2 ** 20), shared: true },
    database: dbName,
    dataset: dataset ?? { children: size!.children, partnerships: size!.partnerships, size: size!.size },
    smoke,
    duration_s: duration,
    warmup_s: warmup,
    mix: Object.fromEntries(Object.entries(MIX).map(([k, v]) => [k, v.weight])),
    targets: TARGETS,
    node_args: nodeArgs,
    notes,
    runs: results,
  };
  writeMerged(args.out, 'loadtest', out);
  log(`\nWrote "loadtest" in ${path.relative(process.cwd(), args.out) || args.out}`);
  return results.every((r) => r.mix.errors === 0) ? 0 : 1;
}

type Alone = { op: Op; requests: number; p50_ms: number; mean_kb: number; app_cpu_ms_per_op: number; db_cpu_ms_per_op: number; weight: number };

/**
 * Where the time goes: each operation of the mix alone, one request at a time on one connection, for `seconds`, with
 * the CPU time of the app and of the database backends per request (an operation's form and save counted together).
 * Weighted by the mix's shares, these say which operations take the machine.
 */
async function eachAlone(o: {
  port: number;
  sessions: Parameters<typeof runMix>[0]['sessions'];
  targets: Parameters<typeof runMix>[0]['targets'];
  partnerships: Parameters<typeof runMix>[0]['partnerships'];
  seconds: number;
  appPid: number;
  databaseUrl: string;
  dbName: string;
}): Promise<Alone[]> {
  const out: Alone[] = [];
  log(`  each operation alone, one request at a time, ${o.seconds} s each:`);
  log(
    `    ${'operation'.padEnd(15)}${'requests'.padStart(9)}${'p50 ms'.padStart(9)}${'KB'.padStart(8)}${'app CPU ms/op'.padStart(15)}${'db CPU ms/op'.padStart(14)}${'share of CPU'.padStart(14)}`,
  );
  const ops = Object.keys(MIX) as Op[];
  for (const op of ops) {
    const sampler = await cpuSampler({ appPid: o.appPid, databases: [{ url: o.databaseUrl, name: o.dbName }] });
    const m = await runMix({ ...o, connections: 1, duration: o.seconds, without: ops.filter((x) => x !== op), seed: 9 });
    const cpu = await sampler.stop();
    const done = m.kinds.find((k) => k.kind === op);
    if (!done) continue;
    // Per operation: a search or a write is two requests (its results page, its form).
    const n = done.requests;
    out.push({
      op,
      requests: n,
      p50_ms: done.p50_ms,
      mean_kb: m.kinds.reduce((a, k) => a + (k.mean_kb ?? 0), 0),
      app_cpu_ms_per_op: Math.round((1000 * cpu.app_cores * cpu.seconds) / n),
      db_cpu_ms_per_op: Math.round((1000 * cpu.db_cores * cpu.seconds) / n),
      weight: MIX[op].weight,
    });
  }
  const total = out.reduce((a, x) => a + x.weight * (x.app_cpu_ms_per_op + x.db_cpu_ms_per_op), 0);
  for (const x of out)
    log(
      `    ${x.op.padEnd(15)}${String(x.requests).padStart(9)}${x.p50_ms.toFixed(1).padStart(9)}${x.mean_kb.toFixed(0).padStart(8)}${String(x.app_cpu_ms_per_op).padStart(15)}${String(x.db_cpu_ms_per_op).padStart(14)}${`${Math.round((100 * x.weight * (x.app_cpu_ms_per_op + x.db_cpu_ms_per_op)) / Math.max(1, total))} %`.padStart(14)}`,
    );
  return out;
}

type Cost = { app_cpu_ms_per_request: number; db_cpu_ms_per_request: number; rps_if_two_cores_were_theirs: number };

/**
 * CPU time per request of the mix, the app's and the database backends': on a shared machine the throughput measured
 * is what the other work left; this is the measure that does not depend on it, and what 2 cores would give at full use.
 */
function costOf(mix: MixResult, cpu: CpuReport): Cost {
  const app = (1000 * cpu.app_cores) / Math.max(1e-9, mix.rps);
  const db = (1000 * cpu.db_cores) / Math.max(1e-9, mix.rps);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { app_cpu_ms_per_request: r(app), db_cpu_ms_per_request: r(db), rps_if_two_cores_were_theirs: Math.round(2000 / Math.max(1e-9, app + db)) };
}

function report(mix: MixResult, cpu: CpuReport, met: { rps: boolean; p95: boolean; errors: boolean }, cost: Cost) {
  const n = (x: number, w = 9) => x.toFixed(1).padStart(w);
  log(`  ${'kind'.padEnd(18)}${'requests'.padStart(9)}${'errors'.padStart(8)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
  for (const k of mix.kinds)
    log(`  ${k.kind.padEnd(18)}${String(k.requests).padStart(9)}${String(k.errors).padStart(8)}${n(k.p50_ms)}${n(k.p95_ms)}${n(k.p99_ms)}`);
  log(`  ${'all'.padEnd(18)}${String(mix.requests).padStart(9)}${String(mix.errors).padStart(8)}${n(mix.all.p50_ms)}${n(mix.all.p95_ms)}${n(mix.all.p99_ms)}`);
  log(
    `  ${mix.rps} requests/s (target ≥ ${TARGETS.rps}: ${met.rps ? 'met' : 'MISSED'}), p95 ${mix.all.p95_ms} ms (≤ ${TARGETS.p95_ms}: ${met.p95 ? 'met' : 'MISSED'}), ${mix.errors} errors (${met.errors ? 'met' : 'MISSED'}); writes ${mix.writes_per_cent} % of operations`,
  );
  if (mix.error_samples.length) log(`  unexpected answers: ${mix.error_samples.map((e) => `${e.kind} ${e.status}`).join(', ')}`);
  log(
    `  CPU per request: app ${cost.app_cpu_ms_per_request} ms, database ${cost.db_cpu_ms_per_request} ms: with both cores to themselves, about ${cost.rps_if_two_cores_were_theirs} requests/s`,
  );
  log(
    `  CPU (cores): app ${cpu.app_cores} (${cpu.app_processes} process(es), peak memory ${cpu.app_peak_rss_mb.join(' / ')} MB), database backends ${cpu.db_cores} (${cpu.db_backends}), all postgres ${cpu.postgres_all_cores}, load generator ${cpu.loadgen_cores}; machine ${cpu.machine_busy_per_cent} % busy, load average ${cpu.load_average.join(' ')}`,
  );
}

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const redact = (url: string) => {
  const u = new URL(url);
  u.password = '';
  return u.toString();
};

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
