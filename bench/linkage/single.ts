/**
 * The `linkage-single` bench (issue #14: "a child is encoded and matched when created or changed (p95 ≤ 50 ms for one
 * child against a national set)"), run as its own process by scenarios.ts:
 *
 *   node bench/linkage/single.ts --input records.csv [--samples 500] [--warmup 50] [--seed 1] [--model-cache model.json]
 *
 * Loads a national set (records.csv of bench/linkage/generate.ts: about 200,000 children in 150 partnerships), encodes
 * every record as its partnership would (the product's encoder, under a random key for the run), and loads them into
 * the tracker's index (`linkageEngine().createIndex`, as the tracker does when it starts), with the model a full
 * re-match fits on the set (cached in --model-cache, keyed by the engine's source, since fitting takes a minute).
 * Then, for each of `samples` children drawn at random (seeded), times what the tracker does when a partnership
 * submits a new child: the child's identifying fields encoded, added to the index, and matched against the national
 * set (candidates in other partnerships, explained). The child is taken out of the index first, untimed, so each is
 * matched as a child new to the set. The database writes of a submission (the encoding, the pairs, the audit) are not
 * in the figure. A baseline is timed between the samples: a SHA-256 of 64 KiB (the machine's speed in the same run).
 *
 * Each child's wall time and the main thread's CPU time are both kept (on a shared machine the wall time also counts
 * other processes' turns). Prints one line of JSON (the last line of stdout): percentiles in milliseconds, and the
 * setup's time and memory.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { createEncoder } from '../../src/domain/linkage/encode.ts';
import { defaultThresholds, type LinkageModel } from '../../src/domain/linkage/model.ts';
import { linkFile, readRecordsCsv } from '../../src/features/tracker/link-file.ts';
import { linkageEngine } from '../../src/tracker/linkage-engine.ts';
import { rng } from './generate.ts';

const { values: args } = parseArgs({
  options: {
    input: { type: 'string' },
    samples: { type: 'string', default: '500' },
    warmup: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    'model-cache': { type: 'string' },
  },
});
if (!args.input) {
  console.error('Usage: node bench/linkage/single.ts --input records.csv [--samples 500] [--warmup 50] [--seed 1] [--model-cache model.json]');
  process.exit(2);
}

const root = path.resolve(import.meta.dirname, '..', '..');
const rssMb = () => Math.round(process.memoryUsage.rss() / 2 ** 20);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  return {
    p50: round(at(50), 3),
    p95: round(at(95), 3),
    p99: round(at(99), 3),
    max: round(s.at(-1)!, 3),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length, 3),
  };
}

/** The engine's own sources: a change to any of them fits the model afresh. */
function engineHash(): string {
  const h = crypto.createHash('sha256');
  const dir = path.join(root, 'src', 'domain', 'linkage');
  for (const f of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort())
    h.update(fs.readFileSync(path.join(dir, f)));
  h.update(fs.readFileSync(path.join(root, 'src', 'tracker', 'linkage-engine.ts')));
  return h.digest('hex').slice(0, 12);
}

const text = fs.readFileSync(args.input, 'utf8');
const thresholds = { ...defaultThresholds };
const key = crypto.randomBytes(32);

// 1. The model a full re-match fits on this set (the tracker scores single children with the last one fitted).
const t0 = performance.now();
const cacheFile = args['model-cache'] ? args['model-cache'].replace(/\.json$/, '') + `-${engineHash()}.json` : undefined;
let model: LinkageModel;
let modelFrom: 'cache' | 'fitted';
if (cacheFile && fs.existsSync(cacheFile)) {
  model = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as LinkageModel;
  modelFrom = 'cache';
} else {
  model = linkFile(text, { key, thresholds }).model;
  modelFrom = 'fitted';
  if (cacheFile) fs.writeFileSync(cacheFile, `${JSON.stringify(model)}\n`);
}
const modelMs = performance.now() - t0;
(globalThis as { gc?: () => void }).gc?.();

// 2. Every record encoded and in the index, as the tracker holds them.
const t1 = performance.now();
const { records } = readRecordsCsv(text);
const encoder = createEncoder(key);
const engine = linkageEngine();
const index = engine.createIndex(model, thresholds);
for (const r of records) index.add({ partnership: r.partnership, ref: r.ref, encoding: encoder.encode(r.identity) });
const indexMs = performance.now() - t1;
const indexRss = rssMb();

// 3. One child at a time: encode, add, match (timed); the baseline between samples.
const samples = Number.parseInt(args.samples!, 10);
const warmup = Number.parseInt(args.warmup!, 10);
const random = rng(Number.parseInt(args.seed!, 10));
const block = crypto.randomBytes(64 * 1024);
const total: number[] = [];
const encodeMs: number[] = [];
const matchMs: number[] = [];
const cpuMs: number[] = [];
const baseline: number[] = [];
// The main thread's CPU time for the same span (the machine may be shared: wall time then counts others' work too).
const threadCpu = (process as { threadCpuUsage?: (prev?: NodeJS.CpuUsage) => NodeJS.CpuUsage }).threadCpuUsage?.bind(process) ?? process.cpuUsage.bind(process);
let candidates = 0;
let withCandidates = 0;
for (let i = 0; i < warmup + samples; i++) {
  const r = random.pick(records);
  index.remove(r.partnership, r.ref);
  const b0 = performance.now();
  crypto.createHash('sha256').update(block).digest();
  const b1 = performance.now();
  const c0 = threadCpu();
  const s0 = performance.now();
  const encoding = encoder.encode(r.identity);
  const s1 = performance.now();
  index.add({ partnership: r.partnership, ref: r.ref, encoding });
  const found = index.match(r.partnership, r.ref);
  const s2 = performance.now();
  const c = threadCpu(c0);
  if (i < warmup) continue;
  cpuMs.push((c.user + c.system) / 1000);
  baseline.push(b1 - b0);
  encodeMs.push(s1 - s0);
  matchMs.push(s2 - s1);
  total.push(s2 - s0);
  candidates += found.length;
  if (found.length) withCandidates++;
}

const out = {
  records: records.length,
  partnerships: new Set(records.map((r) => r.partnership)).size,
  model: modelFrom,
  model_s: round(modelMs / 1000, 1),
  index_build_s: round(indexMs / 1000, 1),
  index_rss_mb: indexRss,
  samples,
  warmup,
  single: percentiles(total),
  single_cpu: percentiles(cpuMs),
  load_average: os.loadavg().map((x) => round(x)),
  encode: percentiles(encodeMs),
  add_and_match: percentiles(matchMs),
  baseline: { what: 'sha256 of 64 KiB', ...percentiles(baseline) },
  ratio_p95_to_baseline: round(percentiles(total).p95 / percentiles(baseline).p95, 1),
  candidates_per_child: round(candidates / samples, 2),
  children_with_candidates: withCandidates,
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
};
console.log(
  `${out.records} records in ${out.partnerships} partnerships; model ${modelFrom} (${out.model_s} s); index built in ${out.index_build_s} s (${indexRss} MB)`,
);
console.log(
  `one child encoded and matched: p50 ${out.single.p50} ms, p95 ${out.single.p95} ms, p99 ${out.single.p99} ms (encode p95 ${out.encode.p95} ms, add and match p95 ${out.add_and_match.p95} ms); CPU time p95 ${out.single_cpu.p95} ms; baseline p95 ${out.baseline.p95} ms; load ${out.load_average.join(' ')}`,
);
console.log(JSON.stringify(out));
