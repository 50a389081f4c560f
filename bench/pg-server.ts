/**
 * Issue 17 item 3: the app started on a PostgreSQL server for the national bench and the load test (one process, or
 * WEB_CONCURRENCY workers; with or without DATABASE_REPLICA_URL), and the CPU time of its processes and of the
 * database's, read from /proc.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { startEnvFor } from '../src/start-flags.ts';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type Server = { proc: ChildProcess; port: number; startMs: number; stop: () => Promise<void> };

/**
 * Starts `node [nodeArgs] src/server.ts` of the checkout `app` on a free port of 127.0.0.1 (or o.port), on the database `databaseUrl`,
 * as production runs it (npm start's environment for a server; secure cookies off: plain HTTP here), the jobs off (a reminder or retention run in the middle
 * of a measurement would be noise), and waits until it says it listens.
 */
export async function startServer(o: {
  app: string;
  nodeArgs: string[];
  databaseUrl: string;
  replicaUrl?: string;
  processes?: number;
  env?: Record<string, string>;
  /** The port to listen on (a free one when not given). */
  port?: number;
}): Promise<Server> {
  const port = o.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    SECURE_COOKIES: 'false',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: o.databaseUrl,
    LOG_LEVEL: 'error',
    JOBS_ENABLED: 'false',
    TRACKER_MODE: 'off',
    WEB_CONCURRENCY: String(o.processes ?? 1),
    // As npm start gives it (src/start-flags.ts: MALLOC_ARENA_MAX on a server), unless this environment sets it.
    ...startEnvFor(o.databaseUrl, process.env),
    ...o.env,
  };
  if (o.replicaUrl) env.DATABASE_REPLICA_URL = o.replicaUrl;
  else delete env.DATABASE_REPLICA_URL;
  delete env.DEMO_PASSWORD;
  delete env.DATA_DIR;
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...o.nodeArgs, path.join(o.app, 'src', 'server.ts')], {
    cwd: o.app,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within 180 s\n${out}\n${stderr}`)), 180_000);
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('MACE listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening\n${out}\n${stderr}`));
    });
  });
  const startMs = performance.now() - t0;
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    try {
      process.kill(-proc.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      await exited;
    }
  };
  return { proc, port, startMs, stop };
}

// ------------------------------------------------------------------------------------------------------- CPU

let tick: number | undefined;
/** Clock ticks a second (/proc's unit of CPU time). */
function ticksPerSecond(): number {
  if (tick === undefined) {
    try {
      tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      tick = 100;
    }
  }
  return tick;
}

/** A process's CPU time (user and system) in seconds, with its parent's pid; undefined when it is gone. */
function procCpu(pid: number): { cpu: number; ppid: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / ticksPerSecond() };
  } catch {
    return undefined;
  }
}

/** A process's peak resident memory (VmHWM) in MB. */
function peakRssMb(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

function allPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** The pid and every descendant (a cluster's workers). */
function treeOf(root: number): number[] {
  const parent = new Map<number, number>();
  for (const pid of allPids()) {
    const p = procCpu(pid);
    if (p) parent.set(pid, p.ppid);
  }
  const out = [root];
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, pp] of parent) {
      if (out.includes(pp) && !out.includes(pid)) {
        out.push(pid);
        grew = true;
      }
    }
  }
  return out;
}

/** Whole-machine CPU: busy and total jiffies from /proc/stat. */
function machine(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const xs = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (xs[3] ?? 0) + (xs[4] ?? 0);
  const total = xs.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export type CpuReport = {
  seconds: number;
  /** CPU seconds per second of the run: 1.0 is one core kept busy. */
  app_cores: number;
  app_processes: number;
  /** Issue 17 item 7 (≤ 200 MB a process on a server): each app process's peak resident memory since it started (VmHWM), MB. */
  app_peak_rss_mb: number[];
  /** The backends serving the measured database (on the primary, and on the replica when one is used). */
  db_cores: number;
  db_backends: number;
  /** Every process of every PostgreSQL cluster on the machine (WAL writer, checkpointer, WAL sender, other databases' backends). */
  postgres_all_cores: number;
  /** The load generator (this process: autocannon and the mix). */
  loadgen_cores: number;
  machine_busy_per_cent: number;
  load_average: number[];
};

/**
 * Samples CPU time while a run goes: the app's process tree, the backends of the measured database (their pids from
 * pg_stat_activity, every second, so that a backend that comes or goes is counted for the time it was seen), every
 * postgres process, the load generator and the machine. stop() gives each as cores (CPU seconds per second).
 */
export async function cpuSampler(o: { appPid: number; databases: { url: string; name: string }[] }) {
  const clients = await Promise.all(
    o.databases.map(async (d) => {
      const c = new pg.Client({ connectionString: d.url });
      await c.connect();
      return { c, name: d.name };
    }),
  );
  const own = new Set<number>();
  for (const { c } of clients) own.add(Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p));
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const seen = async () => {
    for (const { c, name } of clients) {
      const rows = (await c.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'`, [name])).rows;
      for (const { pid } of rows) {
        if (own.has(pid)) continue;
        const p = procCpu(pid);
        if (!p) continue;
        if (!first.has(pid)) first.set(pid, p.cpu);
        last.set(pid, p.cpu);
      }
    }
  };
  const postgresPids = () => {
    const out = new Map<number, number>();
    for (const pid of allPids()) {
      try {
        if (fs.statSync(`/proc/${pid}`).uid !== postgresUid) continue;
      } catch {
        continue;
      }
      const p = procCpu(pid);
      if (p) out.set(pid, p.cpu);
    }
    return out;
  };
  const postgresUid = (() => {
    try {
      return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    } catch {
      return -1;
    }
  })();
  const appStart = new Map(treeOf(o.appPid).map((pid) => [pid, procCpu(pid)?.cpu ?? 0]));
  const pgStart = postgresPids();
  const m0 = machine();
  const me0 = process.cpuUsage();
  const t0 = performance.now();
  await seen();
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(seen).catch(() => undefined);
  }, 1000);
  return {
    async stop(): Promise<CpuReport> {
      clearInterval(timer);
      await sampling;
      await seen();
      const seconds = (performance.now() - t0) / 1000;
      const tree = treeOf(o.appPid);
      let app = 0;
      for (const pid of tree) app += (procCpu(pid)?.cpu ?? 0) - (appStart.get(pid) ?? 0);
      let db = 0;
      for (const [pid, c] of last) db += c - first.get(pid)!;
      let all = 0;
      for (const [pid, c] of postgresPids()) all += c - (pgStart.get(pid) ?? c);
      const m1 = machine();
      const me = process.cpuUsage(me0);
      await Promise.all(clients.map(({ c }) => c.end()));
      const r = (x: number) => Math.round(x * 100) / 100;
      const fsLoad = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
      return {
        seconds: r(seconds),
        app_cores: r(app / seconds),
        app_processes: tree.length,
        app_peak_rss_mb: tree.map(peakRssMb).filter((x): x is number => x !== undefined),
        db_cores: r(db / seconds),
        db_backends: last.size,
        postgres_all_cores: r(all / seconds),
        loadgen_cores: r((me.user + me.system) / 1e6 / seconds),
        machine_busy_per_cent: r((100 * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total)),
        load_average: fsLoad,
      };
    },
  };
}
