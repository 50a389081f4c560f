/**
 * The `linkage-small`, `linkage-national` and `linkage-single` bench scenarios (issue #14, "Measurement"). The first two generate the set (cached
 * under the temporary directory, keyed by size, seed and the generator's source), run the engine through its
 * command line as a child process (`npm run tracker:link -- --input records.csv --output pairs.csv`), score the
 * pairs against the truth, and compare with the issue's targets. No server and no database: bench/run.ts runs
 * these alone when --only names nothing else.
 *
 * The child's time and peak memory come from /usr/bin/time -v (wall clock, user + system CPU, maximum resident
 * set size of the largest process in its tree — the engine, not npm), or, without it, from sampling the
 * tree's /proc/<pid>/status. Its own printout (time taken, peak memory) is kept as it printed it.
 *
 * `linkage-single` ("a child is encoded and matched when created or changed, p95 ≤ 50 ms for one child against a
 * national set") loads the national set into the tracker's index in a child process (bench/linkage/single.ts) and
 * times one child at a time being encoded, added and matched; it reports p50/p95/p99, the CPU time, and a baseline
 * timed in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { generateLinkageSet, summarise, writeLinkageSet, SIZES } from './generate.ts';
import { evaluateFiles, type Evaluation } from './evaluate.ts';

export const LINKAGE_SCENARIOS = ['linkage-small', 'linkage-national', 'linkage-single'] as const;
type LinkageScenario = (typeof LINKAGE_SCENARIOS)[number];
export const isLinkageScenario = (name: string): name is LinkageScenario => (LINKAGE_SCENARIOS as readonly string[]).includes(name);

/** Targets from the issue: best F1 by size; at strong, precision with recall; at possible, recall; time and memory at 200,000. */
const linkageTargets = {
  'linkage-small': { best_f1: 0.98, strong_precision: 0.995, strong_recall: 0.95, possible_recall: 0.99 },
  'linkage-national': { best_f1: 0.9, strong_precision: 0.995, strong_recall: 0.95, possible_recall: 0.99, wall_s: 60, cpu_s: 60, peak_rss_mb: 1024 },
  'linkage-single': { single_p95_ms: 50 },
} as const satisfies Record<LinkageScenario, Record<string, number>>;

export type LinkageResult = {
  name: LinkageScenario;
  skipped?: string;
  error?: string;
  seed: number;
  dataset?: {
    dir: string;
    records: number;
    partnerships: number;
    persons: number;
    multi_partnership_persons: number;
    true_pairs: number;
    generate_ms?: number;
  };
  command?: string;
  candidate_pairs?: number;
  strong?: Evaluation['strong'];
  possible?: Evaluation['possible'];
  best?: Evaluation['best'];
  wall_s?: number;
  cpu_s?: number;
  peak_rss_mb?: number;
  rss_measured_by?: string;
  cli_printed?: string[];
  targets: Record<string, number>;
  met?: Record<string, boolean>;
  by_error?: Evaluation['by_error'];
  false_positives?: Evaluation['false_positives'];
  hard_negatives?: Evaluation['hard_negatives'];
  rows_ignored?: Evaluation['rows_ignored'];
  /** linkage-single: what bench/linkage/single.ts printed (percentiles in ms, setup time and memory). */
  single?: SingleRun;
};

type Percentiles = { p50: number; p95: number; p99: number; max: number; mean: number };
type SingleRun = {
  records: number;
  partnerships: number;
  model: string;
  model_s: number;
  index_build_s: number;
  index_rss_mb: number;
  samples: number;
  single: Percentiles;
  single_cpu: Percentiles;
  encode: Percentiles;
  add_and_match: Percentiles;
  baseline: Percentiles & { what: string };
  ratio_p95_to_baseline: number;
  candidates_per_child: number;
  load_average: number[];
  peak_rss_mb: number;
};

type LinkageOptions = {
  /** the checkout whose engine runs (its package.json must have the tracker:link script) */
  app: string;
  seed: number;
  /** where generated sets are cached (default: the temporary directory) */
  cacheDir?: string;
  /** a command to run instead of `npm run tracker:link --` (the input and output options are appended) */
  command?: string;
  timeoutMs?: number;
  /** linkage-single: how many children are timed (500) */
  samples?: number;
  log: (s: string) => void;
};

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** The generator's own sources: a change to them makes a new cached set. */
function generatorHash(): string {
  const h = crypto.createHash('sha256');
  for (const f of ['generate.ts', 'names.ts', 'csv.ts']) h.update(fs.readFileSync(path.join(import.meta.dirname, f)));
  return h.digest('hex').slice(0, 12);
}

function ensureSet(name: LinkageScenario, seed: number, cacheDir: string, log: (s: string) => void): NonNullable<LinkageResult['dataset']> {
  const size = name === 'linkage-small' ? 'small' : 'national';
  const dir = path.join(cacheDir, `${size}-seed${seed}-${generatorHash()}`);
  const summaryFile = path.join(dir, 'summary.json');
  if (fs.existsSync(summaryFile)) {
    log(`  ${name}: reusing the set in ${dir}`);
    return { dir, ...(JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Omit<NonNullable<LinkageResult['dataset']>, 'dir'>) };
  }
  log(`  ${name}: generating about ${SIZES[size].records.toLocaleString('en-GB')} records in ${SIZES[size].partnerships} partnerships…`);
  const t0 = performance.now();
  const set = generateLinkageSet({ size, seed });
  writeLinkageSet(set, dir);
  const s = summarise(set);
  const summary = {
    records: s.records,
    partnerships: s.partnerships,
    persons: s.persons,
    multi_partnership_persons: s.multiPartnershipPersons,
    true_pairs: s.truePairs,
    generate_ms: Math.round(performance.now() - t0),
  };
  fs.writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`); // written last: its presence means the set is whole
  log(
    `    ${s.records} records, ${s.persons} children (${s.multiPartnershipPersons} in 2+ partnerships), ${s.truePairs} true pairs, ${summary.generate_ms} ms`,
  );
  return { dir, ...summary };
}

/** The largest VmHWM among a process and its descendants (the fallback when /usr/bin/time is missing). */
function treeHwmKb(root: number): number {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  let max = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      if (kb > max) max = kb;
    } catch {
      /* gone */
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return max;
}

type RunResult = { code: number | null; wallS: number; cpuS?: number; peakKb: number; by: string; stdout: string; stderr: string };

function runEngine(argv: string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  const useTime = fs.existsSync('/usr/bin/time');
  const timeFile = path.join(os.tmpdir(), `mace-linkage-time-${process.pid}-${Date.now()}.txt`);
  const cmd = useTime ? '/usr/bin/time' : argv[0]!;
  const args = useTime ? ['-v', '-o', timeFile, ...argv] : argv.slice(1);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout = (stdout + c.toString()).slice(-20_000)));
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
    let sampledKb = 0;
    const sampler = useTime ? undefined : setInterval(() => (sampledKb = Math.max(sampledKb, treeHwmKb(child.pid!))), 100);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      const wallS = (performance.now() - t0) / 1000;
      let cpuS: number | undefined;
      let peakKb = sampledKb;
      if (useTime && fs.existsSync(timeFile)) {
        const t = fs.readFileSync(timeFile, 'utf8');
        fs.rmSync(timeFile, { force: true });
        const num = (re: RegExp) => Number(re.exec(t)?.[1] ?? Number.NaN);
        cpuS = num(/User time \(seconds\):\s*([\d.]+)/) + num(/System time \(seconds\):\s*([\d.]+)/);
        peakKb = num(/Maximum resident set size \(kbytes\):\s*(\d+)/);
      }
      resolve({
        code: signal ? null : code,
        wallS,
        cpuS,
        peakKb,
        by: useTime ? '/usr/bin/time -v' : '/proc sampling',
        stdout,
        stderr: signal ? `${stderr}\n(killed: ${signal})` : stderr,
      });
    });
  });
}

/** Runs the named linkage scenarios one after another (never alongside anything else measured). */
export async function runLinkageScenarios(names: readonly LinkageScenario[], opts: LinkageOptions): Promise<LinkageResult[]> {
  const log = opts.log;
  const cacheDir = opts.cacheDir ?? path.join(os.tmpdir(), 'mace-linkage-bench');
  const results: LinkageResult[] = [];
  const pkg = JSON.parse(fs.readFileSync(path.join(opts.app, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  for (const name of names) {
    const targets: Record<string, number> = { ...linkageTargets[name] };
    const result: LinkageResult = { name, seed: opts.seed, targets };
    results.push(result);
    if (name === 'linkage-single') {
      await runSingle(result, opts, cacheDir);
      continue;
    }
    if (!opts.command && !pkg.scripts?.['tracker:link']) {
      result.skipped = `no tracker:link script in ${path.join(opts.app, 'package.json')} (the engine's command line has not landed)`;
      log(`  ${name}: SKIPPED — ${result.skipped}`);
      continue;
    }
    const dataset = ensureSet(name, opts.seed, cacheDir, log);
    result.dataset = dataset;
    const input = path.join(dataset.dir, 'records.csv');
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mace-linkage-pairs-')), 'pairs.csv');
    const argv = [
      ...(opts.command ? opts.command.split(' ').filter(Boolean) : ['npm', 'run', '--silent', 'tracker:link', '--']),
      '--input',
      input,
      '--output',
      output,
    ];
    result.command = argv.join(' ');
    log(`  ${name}: running ${result.command}`);
    try {
      const run = await runEngine(argv, opts.app, opts.timeoutMs ?? 15 * 60_000);
      result.cli_printed = `${run.stdout}`
        .split('\n')
        .map((l) => l.trimEnd())
        .filter(Boolean)
        .slice(-20);
      result.wall_s = round(run.wallS);
      if (run.cpuS !== undefined && Number.isFinite(run.cpuS)) result.cpu_s = round(run.cpuS);
      result.peak_rss_mb = round(run.peakKb / 1024, 1);
      result.rss_measured_by = run.by;
      if (run.code !== 0) throw new Error(`the engine exited with ${run.code ?? 'a signal'}\n${run.stderr.slice(-3000)}`);
      if (!fs.existsSync(output)) throw new Error(`the engine wrote no ${output}`);
      const e = evaluateFiles({ pairs: output, truth: path.join(dataset.dir, 'truth.csv') });
      Object.assign(result, {
        candidate_pairs: e.candidate_pairs,
        strong: e.strong,
        possible: e.possible,
        best: e.best,
        rows_ignored: e.rows_ignored,
        by_error: e.by_error,
        false_positives: e.false_positives,
        hard_negatives: e.hard_negatives,
      });
      const measured: Record<string, number | undefined> = {
        best_f1: e.best.f1,
        strong_precision: e.strong.precision,
        strong_recall: e.strong.recall,
        possible_recall: e.possible.recall,
        wall_s: result.wall_s,
        cpu_s: result.cpu_s,
        peak_rss_mb: result.peak_rss_mb,
      };
      const lowerIsBetter = new Set(['wall_s', 'cpu_s', 'peak_rss_mb']);
      result.met = Object.fromEntries(
        Object.entries(targets).map(([k, t]) => {
          const v = measured[k];
          return [k, v !== undefined && (lowerIsBetter.has(k) ? v <= t : v >= t)];
        }),
      );
      for (const l of result.cli_printed) log(`    | ${l}`);
    } catch (err) {
      result.error = err instanceof Error ? err.message : String(err);
      log(`  ${name}: FAILED — ${result.error.split('\n')[0]}`);
    } finally {
      fs.rmSync(path.dirname(output), { recursive: true, force: true });
    }
  }
  return results;
}

/** linkage-single: the national set in the tracker's index, one child at a time encoded and matched (bench/linkage/single.ts). */
async function runSingle(result: LinkageResult, opts: LinkageOptions, cacheDir: string): Promise<void> {
  const log = opts.log;
  const script = path.join(opts.app, 'bench', 'linkage', 'single.ts');
  if (!fs.existsSync(script)) {
    result.skipped = `no ${script} in the checkout measured`;
    log(`  linkage-single: SKIPPED — ${result.skipped}`);
    return;
  }
  const dataset = ensureSet('linkage-single', opts.seed, cacheDir, log);
  result.dataset = dataset;
  const argv = [
    process.execPath,
    '--expose-gc',
    script,
    '--input',
    path.join(dataset.dir, 'records.csv'),
    '--samples',
    String(opts.samples ?? 500),
    '--seed',
    String(opts.seed),
    '--model-cache',
    path.join(dataset.dir, 'model.json'),
  ];
  result.command = argv.join(' ');
  log(`  linkage-single: running ${result.command}`);
  try {
    const run = await runEngine(argv, opts.app, opts.timeoutMs ?? 15 * 60_000);
    const lines = run.stdout
      .split('\n')
      .map((l) => l.trimEnd())
      .filter(Boolean);
    result.cli_printed = lines.slice(0, -1);
    result.wall_s = round(run.wallS);
    if (run.cpuS !== undefined && Number.isFinite(run.cpuS)) result.cpu_s = round(run.cpuS);
    result.peak_rss_mb = round(run.peakKb / 1024, 1);
    result.rss_measured_by = run.by;
    if (run.code !== 0) throw new Error(`single.ts exited with ${run.code ?? 'a signal'}\n${run.stderr.slice(-3000)}`);
    result.single = JSON.parse(lines.at(-1) ?? '') as SingleRun;
    result.met = { single_p95_ms: result.single.single.p95 <= result.targets.single_p95_ms! };
    for (const l of result.cli_printed) log(`    | ${l}`);
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    log(`  linkage-single: FAILED — ${result.error.split('\n')[0]}`);
  }
}

export function formatLinkageResults(results: readonly LinkageResult[]): string[] {
  const out: string[] = [];
  const pct = (x: number | undefined) => (x === undefined ? '—' : `${(100 * x).toFixed(2)}%`);
  const verdict = (r: LinkageResult, k: string) => (r.met?.[k] === undefined ? '' : r.met[k] ? ' met' : ' MISSED');
  for (const r of results) {
    if (r.skipped) {
      out.push(`${r.name.padEnd(24)}skipped: ${r.skipped}`);
      continue;
    }
    if (r.single && !r.error) {
      const x = r.single;
      out.push(
        `${r.name.padEnd(24)}${x.records.toLocaleString('en-GB')} records in ${x.partnerships} partnerships in the index (${x.index_build_s} s to load, ${x.index_rss_mb} MB); ${x.samples} children, one at a time`,
      );
      out.push(
        `${''.padEnd(24)}encode + match p50 ${x.single.p50} ms, p95 ${x.single.p95} ms (≤ ${r.targets.single_p95_ms} ms${verdict(r, 'single_p95_ms')}), p99 ${x.single.p99} ms; × baseline ${x.ratio_p95_to_baseline} at p95 (${x.baseline.what}: p95 ${x.baseline.p95} ms)`,
      );
      out.push(
        `${''.padEnd(24)}CPU time p95 ${x.single_cpu.p95} ms; encode p95 ${x.encode.p95} ms, add and match p95 ${x.add_and_match.p95} ms; ${x.candidates_per_child} candidates per child; load average ${x.load_average.join(' ')}`,
      );
      continue;
    }
    if (r.error || !r.strong || !r.possible || !r.best) {
      out.push(`${r.name.padEnd(24)}failed: ${(r.error ?? 'no result').split('\n')[0]}`);
      continue;
    }
    const t = r.targets;
    out.push(
      `${r.name.padEnd(24)}${r.dataset!.records.toLocaleString('en-GB')} records, ${r.dataset!.true_pairs} true pairs, ${r.candidate_pairs} candidate pairs`,
    );
    out.push(
      `${''.padEnd(24)}strong    precision ${pct(r.strong.precision)} (≥ ${pct(t.strong_precision)}${verdict(r, 'strong_precision')}), recall ${pct(r.strong.recall)} (≥ ${pct(t.strong_recall)}${verdict(r, 'strong_recall')}), F1 ${r.strong.f1.toFixed(4)}`,
    );
    out.push(
      `${''.padEnd(24)}possible  precision ${pct(r.possible.precision)}, recall ${pct(r.possible.recall)} (≥ ${pct(t.possible_recall)}${verdict(r, 'possible_recall')}), F1 ${r.possible.f1.toFixed(4)}`,
    );
    out.push(
      `${''.padEnd(24)}best F1   ${r.best.f1.toFixed(4)} at p ≥ ${r.best.threshold} (≥ ${t.best_f1}${verdict(r, 'best_f1')}; precision ${pct(r.best.precision)}, recall ${pct(r.best.recall)})`,
    );
    const time = `${r.wall_s} s wall${r.cpu_s === undefined ? '' : `, ${r.cpu_s} s CPU`}${t.wall_s ? ` (≤ ${t.wall_s} s${r.met?.wall_s === false || r.met?.cpu_s === false ? ' MISSED' : ' met'})` : ''}`;
    out.push(`${''.padEnd(24)}engine    ${time}; peak RSS ${r.peak_rss_mb} MB${t.peak_rss_mb ? ` (≤ ${t.peak_rss_mb} MB${verdict(r, 'peak_rss_mb')})` : ''}`);
  }
  return out;
}
