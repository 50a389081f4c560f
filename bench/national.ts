/**
 * `npm run bench -- --national` (issue 17 item 3): builds the county and the national data sets on a PostgreSQL server
 * (bench/national-data.ts; reused when complete), starts the app on each (one process each, at the same time), and
 * measures Staffordshire's child page, fuzzy search and network at depth 2 — and, for information, a district's network
 * and the bi-monthly report — on both, request by request, the same requests in turn on each (so that the machine's
 * drift touches both alike). The figure that matters is the ratio national ÷ county of each p95 (target ≤ 1.5: a
 * partnership's pages must not slow down because other partnerships exist). Writes "national" in bench/results.json.
 */
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/db/client.ts';
import { rng, BENCH_PASSWORD } from './generate.ts';
import { startServer, type Server } from './pg-server.ts';
import { request, signIn, statsOf, reportPath } from './loadtest-mix.ts';
import { ensureCounty, ensureNational, databaseUrl, type NationalOptions } from './national-data.ts';
import { writeMerged } from './results-file.ts';
import { loadPartnerships } from '../src/partnerships/index.ts';

export type NationalArgs = {
  server: string;
  countyDb: string;
  nationalDb: string;
  children: number;
  reportEvents: number;
  networkRecords: number;
  networkLinks: number;
  authorities: number;
  nationalChildren: number;
  nationalEvents: number;
  nationalUsers: number;
  scale: number;
  rebuild: boolean;
  requests: number;
  rounds: number;
  warmup: number;
  buildOnly: boolean;
  /** Build (or find complete) the county set only, into countyDb, and stop: no national set, nothing measured or written. */
  countyOnly: boolean;
  app: string;
  nodeArgs: string[];
  out: string;
};

/** Issue 17: at national scale, within 1.5× of the county figure (p95). */
export const NATIONAL_RATIO_TARGET = 1.5;
const TARGETED = ['child-page', 'search-fuzzy', 'network-depth2'];

function misspell(word: string, r: ReturnType<typeof rng>): string {
  if (word.length < 4) return word;
  const i = 1 + r.int(word.length - 2);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

export async function runNational(a: NationalArgs, log: (s: string) => void): Promise<number> {
  const o: NationalOptions = {
    server: a.server,
    countyDb: a.countyDb,
    nationalDb: a.nationalDb,
    countyChildren: a.children,
    countyEvents: a.reportEvents,
    networkRecords: a.networkRecords,
    networkLinks: a.networkLinks,
    authorities: a.authorities,
    children: a.nationalChildren,
    events: a.nationalEvents,
    users: a.nationalUsers,
    scale: a.scale,
    rebuild: a.rebuild,
    log,
  };
  const county = await ensureCounty(o);
  if (a.countyOnly) {
    log(`County set only (--county-only): ${a.countyDb} is ready; no national set built, nothing measured.`);
    return 0;
  }
  const national = await ensureNational(o, county);
  const datasets = { county, national };
  if (a.buildOnly) {
    writeMerged(a.out, 'national', { runAt: new Date().toISOString(), datasets });
    return 0;
  }

  const countyUrl = databaseUrl(a.server, a.countyDb);
  const nationalUrl = databaseUrl(a.server, a.nationalDb);
  const partnership = 'staffordshire';
  const db = await openDb({ databaseUrl: countyUrl });
  const sample = await db.query<{ id: string; first_name: string; last_name: string }>(
    `SELECT id::text, first_name, last_name FROM children WHERE partnership_id = $1 ORDER BY reference`,
    [partnership],
  );
  const districts = (await db.query<{ id: string }>(`SELECT id FROM districts WHERE partnership_id = $1 ORDER BY id`, [partnership])).map((d) => d.id);
  await db.close();

  log(`Starting the app on ${a.countyDb} and on ${a.nationalDb}…`);
  const servers: Record<'county' | 'national', Server> = {
    county: await startServer({ app: a.app, nodeArgs: a.nodeArgs, databaseUrl: countyUrl }),
    national: await startServer({ app: a.app, nodeArgs: a.nodeArgs, databaseUrl: nationalUrl }),
  };
  try {
    const sessions = {
      county: await signIn(servers.county.port, `practitioner@${partnership}.example.org`, BENCH_PASSWORD),
      national: await signIn(servers.national.port, `practitioner@${partnership}.example.org`, BENCH_PASSWORD),
    };
    const analysts = {
      county: await signIn(servers.county.port, `analyst@${partnership}.example.org`, BENCH_PASSWORD),
      national: await signIn(servers.national.port, `analyst@${partnership}.example.org`, BENCH_PASSWORD),
    };
    const report = reportPath(loadPartnerships().get(partnership)!)!;
    type Which = 'county' | 'national';
    /** One timed request (ms from sending to the whole answer), checked. */
    const timed = async (which: Which, method: string, url: string, expect: number, form?: Record<string, string>, analyst = false) => {
      const s = analyst ? analysts[which] : sessions[which];
      const t0 = performance.now();
      const res = await request(servers[which].port, method, url, { cookie: s.cookie, form: form ? { _csrf: s.csrf, ...form } : undefined });
      const ms = performance.now() - t0;
      if (res.status !== expect) throw new Error(`${which}: ${method} ${url.replace(/[0-9a-f-]{36}/g, ':id')} answered ${res.status}, not ${expect}`);
      return { ms, body: res.body };
    };
    type Scenario = { name: string; requests: number; step: (which: Which, pick: number) => Promise<number> };
    const scenarios: Scenario[] = [
      {
        name: 'child-page',
        requests: a.requests,
        step: async (w, k) => (await timed(w, 'GET', `/children/${sample[k % sample.length]!.id}`, 200)).ms,
      },
      {
        name: 'search-fuzzy',
        requests: a.requests,
        step: async (w, k) => {
          const r = rng(k);
          const c = sample[k % sample.length]!;
          const q = r.next() < 0.5 ? `${c.first_name} ${misspell(c.last_name, r)}` : misspell(c.last_name, r);
          await timed(w, 'POST', '/children/search', 303, { q, districtId: '' });
          return (await timed(w, 'GET', '/children', 200)).ms;
        },
      },
      {
        name: 'network-depth2',
        requests: a.requests,
        step: async (w, k) => (await timed(w, 'GET', `/children/${sample[k % sample.length]!.id}/network?depth=2`, 200)).ms,
      },
      {
        name: 'network-district',
        requests: Math.max(10, Math.round(a.requests / 5)),
        step: async (w, k) => (await timed(w, 'GET', `/network/districts/${districts[k % districts.length]}`, 200)).ms,
      },
      {
        name: 'report-bi-monthly',
        requests: Math.max(10, Math.round(a.requests / 5)),
        step: async (w) => (await timed(w, 'GET', report, 200, undefined, true)).ms,
      },
    ];

    const times: Record<string, Record<Which, number[]>> = Object.fromEntries(scenarios.map((s) => [s.name, { county: [], national: [] }]));
    const r = rng(23);
    log(`Measuring ${scenarios.map((s) => s.name).join(', ')}: the same requests on each, in turn (${a.rounds} rounds)…`);
    for (let round = 0; round < a.rounds; round++) {
      for (const s of scenarios) {
        const n = Math.ceil(s.requests / a.rounds);
        const warm = round === 0 ? a.warmup : 2;
        for (let i = 0; i < warm + n; i++) {
          const k = r.int(1_000_000);
          // Alternate which goes first, so that neither always finds the other's work just done.
          const order: Which[] = i % 2 ? ['county', 'national'] : ['national', 'county'];
          for (const w of order) {
            const ms = await s.step(w, k);
            if (i >= warm) times[s.name]![w].push(ms);
          }
        }
      }
    }

    const rows = scenarios.map((s) => {
      const c = statsOf(times[s.name]!.county);
      const n = statsOf(times[s.name]!.national);
      const ratio = Math.round((n.p95_ms / c.p95_ms) * 100) / 100;
      return {
        name: s.name,
        county: c,
        national: n,
        ratio_p50: Math.round((n.p50_ms / c.p50_ms) * 100) / 100,
        ratio_p95: ratio,
        target_ratio_p95: TARGETED.includes(s.name) ? NATIONAL_RATIO_TARGET : undefined,
        met: TARGETED.includes(s.name) ? ratio <= NATIONAL_RATIO_TARGET : undefined,
      };
    });
    const f = (x: number) => x.toFixed(1).padStart(9);
    log('');
    log(
      `${'scenario'.padEnd(20)}${'county p50'.padStart(11)}${'p95'.padStart(9)}${'national p50'.padStart(14)}${'p95'.padStart(9)}${'×p50'.padStart(7)}${'×p95'.padStart(7)}   target`,
    );
    for (const x of rows)
      log(
        `${x.name.padEnd(20)}${f(x.county.p50_ms).padStart(11)}${f(x.county.p95_ms)}${f(x.national.p50_ms).padStart(14)}${f(x.national.p95_ms)}${x.ratio_p50.toFixed(2).padStart(7)}${x.ratio_p95.toFixed(2).padStart(7)}   ${x.target_ratio_p95 ? `p95 ≤ ${x.target_ratio_p95}× county: ${x.met ? 'met' : 'MISSED'}` : ''}`,
      );
    writeMerged(a.out, 'national', {
      runAt: new Date().toISOString(),
      node: process.version,
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_mb: Math.round(os.totalmem() / 2 ** 20), shared: true },
      load_average_end: os.loadavg().map((x) => Math.round(x * 100) / 100),
      database: 'postgresql',
      node_args: a.nodeArgs,
      partnership,
      datasets,
      requests: a.requests,
      rounds: a.rounds,
      scenarios: rows,
    });
    log(`Wrote "national" in ${path.relative(process.cwd(), a.out) || a.out}`);
    return rows.some((x) => x.met === false) ? 1 : 0; // 1: a target missed (run.ts exits with it under --strict)
  } finally {
    await servers.county.stop();
    await servers.national.stop();
  }
}
