/**
 * Issue 17 item 7: how long the server takes, from its process being spawned, to be ready to serve (GET /health/ready
 * answers 200) on an existing database; beside two baselines of the same run: a bare node process (spawn to exit) and
 * a node process that opens the same database, asks SELECT 1 and says so (spawn to that answer). Not part of `npm test`:
 * nothing here asserts a time.
 *
 *   node bench/start.ts [--data-dir DIR] [--database-url URL] [--runs 5] [--out bench/results.json]
 *
 * --data-dir: an existing embedded database (the county-scale one `npm run bench -- --data-dir DIR --keep` leaves);
 * without it a demo database is made in a temporary directory by a first start that is not measured.
 * --database-url: also measure on that PostgreSQL server (a first start, not measured, migrates it).
 * Prints each run, the medians, the ratio to the open-the-database baseline and the server's own account of its steps
 * (the `phases` of its start-up line); writes them under `start` in --out (bench/results.json; kept beside what
 * `npm run bench` wrote there).
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startFlags } from './start-flags.ts';
import { startEnvFor } from '../src/start-flags.ts';
import { writeMerged } from './results-file.ts';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '5' },
    out: { type: 'string', default: path.join(import.meta.dirname, 'results.json') },
    // Internal: the open-the-database baseline, run as a child process.
    'open-only': { type: 'boolean', default: false },
  },
});

// ------------------------------------------------------------------------------------ the baseline's child process

if (args['open-only']) {
  const { openDb } = await import('../src/db/client.ts');
  const db = await openDb({ databaseUrl: args['database-url'], dataDir: args['data-dir'] });
  await db.query('SELECT 1');
  const cpu = process.cpuUsage();
  process.stdout.write(`opened cpu=${(cpu.user + cpu.system) / 1000}\n`);
  await db.close();
  process.exit(0);
}

const RUNS = Math.max(1, Number.parseInt(args.runs, 10));
/** npm start's flags for the database of `env` (the embedded database's, or a PostgreSQL server's). */
const flagsFor = (env: NodeJS.ProcessEnv) => startFlags(env.DATABASE_URL || undefined);
const log = (s: string) => console.log(s);
const round = (x: number) => Math.round(x);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The process's CPU time so far (user and system, ms): the fair measure on a machine shared with other work. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    // After the name: state is field 3, utime 14 and stime 15 (clock ticks of 10 ms).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function rssMb(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Spawns a node process: the milliseconds until `done(output)` is true (or until it exits, without `done`), given once
 * it has exited, and the CPU time it printed as `cpu=MS`.
 */
function timeChild(argv: string[], env: NodeJS.ProcessEnv, done?: (out: string) => boolean) {
  return new Promise<{ ms: number; cpuMs: number }>((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let ms: number | undefined;
    p.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (ms === undefined && done?.(out)) ms = performance.now() - t0;
    });
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    p.once('exit', (code) => {
      const end = performance.now() - t0;
      if (code !== 0) reject(new Error(`exited ${code}:\n${out.slice(-2000)}`));
      else if (done && ms === undefined) reject(new Error(`exited without saying so:\n${out.slice(-2000)}`));
      else resolve({ ms: ms ?? end, cpuMs: Number(/cpu=([\d.]+)/.exec(out)?.[1] ?? Number.NaN) });
    });
  });
}

type ServerRun = { readyMs: number; cpuMs?: number; listeningMs?: number; phases?: Record<string, number>; rssMb?: number };

/** Starts the server as `npm start` does, polls /health/ready until 200, then stops it (SIGTERM, waiting for it to exit). */
async function timeServer(env: NodeJS.ProcessEnv): Promise<ServerRun> {
  const port = await freePort();
  const t0 = performance.now();
  const p = spawn(process.execPath, [...flagsFor(env), path.join(root, 'src', 'server.ts')], {
    cwd: root,
    env: { ...startEnvFor(env.DATABASE_URL || undefined, env), ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  p.stdout.on('data', (c: Buffer) => (out += c.toString()));
  p.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    for (;;) {
      if (gone) throw new Error(`the server exited before it was ready:\n${out.slice(-2000)}`);
      if (performance.now() - t0 > 120_000) throw new Error(`not ready within 120 s:\n${out.slice(-2000)}`);
      const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyMs = performance.now() - t0;
    const cpu = cpuMs(p.pid!);
    const line = out.split('\n').find((l) => l.includes('"event":"listening"'));
    const listening = line ? (JSON.parse(line) as { startMs?: number; phases?: Record<string, number> }) : undefined;
    return { readyMs, cpuMs: cpu, listeningMs: listening?.startMs, phases: listening?.phases, rssMb: rssMb(p.pid!) };
  } finally {
    if (!gone) p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

type Measured = {
  database: 'pglite' | 'postgres';
  runs: number;
  node_bare_ms: number[];
  open_database_ms: number[];
  ready_ms: number[];
  median_ms: { node_bare: number; open_database: number; ready: number };
  ready_to_open_database_ratio: number;
  /** CPU time (user and system) of each process up to the same point: what the wall-clock times are on an idle machine, at most. */
  median_cpu_ms: { node_bare: number; open_database: number; ready: number };
  ready_to_open_database_cpu_ratio: number;
  ready_target_ms: number;
  met: boolean;
  /** The server's own account (from after its imports): median ms of each step, and of its whole start. */
  server_phases_median_ms: Record<string, number>;
  server_start_median_ms?: number;
  rss_when_ready_mb: number[];
};

async function measure(kind: 'pglite' | 'postgres', env: NodeJS.ProcessEnv, dbArgs: string[]): Promise<Measured> {
  log(`\n${kind === 'pglite' ? `Embedded database in ${env.DATA_DIR}` : 'PostgreSQL server'}: a first start (not measured)…`);
  const first = await timeServer(env);
  log(`  ready after ${round(first.readyMs)} ms`);
  const bare: { ms: number; cpuMs: number }[] = [];
  const open: { ms: number; cpuMs: number }[] = [];
  const runs: ServerRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Taking turns, so that the machine's drift touches each alike.
    bare.push(await timeChild(['-e', 'const c = process.cpuUsage(); console.log(`cpu=${(c.user + c.system) / 1000}`)'], env));
    open.push(await timeChild([...flagsFor(env), path.join(import.meta.dirname, 'start.ts'), '--open-only', ...dbArgs], env, (o) => o.includes('opened')));
    const r = await timeServer(env);
    runs.push(r);
    log(
      `  run ${i + 1}: ready ${round(r.readyMs)} ms (the server's own count ${r.listeningMs ?? '?'} ms: ${Object.entries(r.phases ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}; CPU ${r.cpuMs} ms); open the database ${round(open.at(-1)!.ms)} ms (CPU ${round(open.at(-1)!.cpuMs)}); bare node ${round(bare.at(-1)!.ms)} ms (CPU ${round(bare.at(-1)!.cpuMs)}); RSS ${r.rssMb} MB`,
    );
  }
  const ready = runs.map((r) => r.readyMs);
  const phaseNames = [...new Set(runs.flatMap((r) => Object.keys(r.phases ?? {})))];
  const m = { node_bare: round(median(bare.map((x) => x.ms))), open_database: round(median(open.map((x) => x.ms))), ready: round(median(ready)) };
  const c = {
    node_bare: round(median(bare.map((x) => x.cpuMs))),
    open_database: round(median(open.map((x) => x.cpuMs))),
    ready: round(median(runs.map((r) => r.cpuMs ?? Number.NaN))),
  };
  const listening = runs.map((r) => r.listeningMs).filter((x): x is number => x !== undefined);
  return {
    database: kind,
    runs: RUNS,
    node_bare_ms: bare.map((x) => round(x.ms)),
    open_database_ms: open.map((x) => round(x.ms)),
    ready_ms: ready.map(round),
    median_ms: m,
    ready_to_open_database_ratio: Math.round((m.ready / m.open_database) * 100) / 100,
    median_cpu_ms: c,
    ready_to_open_database_cpu_ratio: Math.round((c.ready / c.open_database) * 100) / 100,
    ready_target_ms: 5000,
    met: m.ready <= 5000,
    server_phases_median_ms: Object.fromEntries(phaseNames.map((n) => [n, round(median(runs.map((r) => r.phases?.[n] ?? 0)))])),
    server_start_median_ms: listening.length ? round(median(listening)) : undefined,
    rss_when_ready_mb: runs.map((r) => r.rssMb ?? Number.NaN),
  };
}

const base: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', SECURE_COOKIES: 'false', LOG_LEVEL: 'error', JOBS_ENABLED: 'false' };
delete base.DATABASE_URL;
delete base.DEMO_PASSWORD;
log(
  `MACE start-up: ${RUNS} run(s) each; node ${process.version}, ${os.cpus().length} CPU(s), load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);

const results: Measured[] = [];
let temp: string | undefined;
const dataDir = args['data-dir'] ? path.resolve(args['data-dir']) : (temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mace-start-')));
try {
  results.push(await measure('pglite', { ...base, DATA_DIR: dataDir }, ['--data-dir', dataDir]));
  if (args['database-url']) results.push(await measure('postgres', { ...base, DATABASE_URL: args['database-url'] }, ['--database-url', args['database-url']]));
} finally {
  if (temp) fs.rmSync(temp, { recursive: true, force: true });
}

log('');
log(
  `${'database'.padEnd(10)}${'bare node'.padStart(11)}${'open db'.padStart(10)}${'ready'.padStart(10)}${'× open db'.padStart(11)}   target (wall clock; CPU time below)`,
);
for (const r of results) {
  log(
    `${r.database.padEnd(10)}${`${r.median_ms.node_bare} ms`.padStart(11)}${`${r.median_ms.open_database} ms`.padStart(10)}${`${r.median_ms.ready} ms`.padStart(10)}${r.ready_to_open_database_ratio.toFixed(2).padStart(11)}   ≤ 5000 ms ${r.met ? 'met' : 'MISSED'}`,
  );
  log(
    `${'  CPU'.padEnd(10)}${`${r.median_cpu_ms.node_bare} ms`.padStart(11)}${`${r.median_cpu_ms.open_database} ms`.padStart(10)}${`${r.median_cpu_ms.ready} ms`.padStart(10)}${r.ready_to_open_database_cpu_ratio.toFixed(2).padStart(11)}`,
  );
  log(
    `${''.padEnd(10)}the server's steps (median ms): ${Object.entries(r.server_phases_median_ms)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; the server's own count, process start to listening: ${r.server_start_median_ms} ms`,
  );
}

writeMerged(args.out, 'start', {
  runAt: new Date().toISOString(),
  node: process.version,
  load_average: os.loadavg(),
  node_args: { embedded: startFlags(), server: startFlags(args['database-url'] ?? 'postgres://') },
  data_dir: args['data-dir'] ?? 'demo',
  results,
});
log(`Wrote ${path.relative(process.cwd(), args.out) || args.out}`);
