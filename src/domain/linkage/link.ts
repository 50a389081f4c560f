// A full linkage run over a national set of encodings (issue 14: "a full re-match is a job"): blocking on
// the keyed blocking keys (union of rules), candidates only across partnerships, u from random pairs, m by
// EM on the blocked pairs, then every blocked pair scored and those at or above "possible" returned.
import { BloomPool, compare, newComparison, prepare, fieldCount, fieldNames, F, type PreparedChild, type Comparison } from './compare.ts';
import type { EncodedChild } from './encode.ts';
import { defaultPairPrior, pairPriorBits, type PairPriorOptions } from './pair-prior.ts';
import { defaultOneToOne, oneToOnePenalties, type OneToOneOptions } from './one-to-one.ts';
import { defaultTransitive, transitiveEvidence, type TransitiveOptions } from './transitive.ts';
import {
  countTerms,
  defaultModel,
  emptyTermFrequencies,
  estimateM,
  estimateU,
  explain,
  fullNameKey,
  isTwinPattern,
  twinRuleOf,
  patternOf,
  priorBits,
  probabilityOf,
  scoreBits,
  termCounts,
  weightsOf,
  type Explanation,
  type LinkageModel,
  type PatternCounts,
  type TermFrequencies,
  type Thresholds,
} from './model.ts';

type LinkEntry = { id: string; partnership: string; encoding: EncodedChild };
type MatchLevel = 'strong' | 'possible';
export type Candidate = {
  a: string;
  b: string;
  partnershipA: string;
  partnershipB: string;
  probability: number;
  bits: number;
  level: MatchLevel;
  explanation?: Explanation;
};

type LinkOptions = {
  /** a fitted model to use as it is; without one, m and u are estimated from this set */
  model?: LinkageModel;
  thresholds?: Partial<Thresholds>;
  /** blocks larger than this are skipped (a key shared by that many records is no longer a block) */
  maxBlock?: number;
  /** random pairs compared to estimate u */
  randomPairs?: number;
  /** fewer records than this: the default model is used rather than one fitted to too little data */
  minRecordsToFit?: number;
  /** pairs sampled for each EM training session */
  trainingPairs?: number;
  /** explain each candidate (slower; the product explains the few it raises) */
  explain?: boolean;
  /** seed for the random pairs, so that a run can be repeated */
  seed?: number;
  /** the one-to-one rule across each pair of partnerships (one-to-one.ts); false to leave it out */
  oneToOne?: Partial<OneToOneOptions> | false;
  /** each pair of partnerships' prior estimated from the data (pair-prior.ts); false for one prior across the set */
  pairPrior?: Partial<PairPriorOptions> | false;
  /** evidence across three partnerships (transitive.ts); false to leave it out */
  transitive?: Partial<TransitiveOptions> | false;
};

export type LinkStats = {
  records: number;
  blockedPairs: number;
  skippedBlocks: number;
  randomPairs: number;
  emIterations: number;
  candidates: number;
  twinsExcluded: number;
  /** pairs whose score the evidence across three partnerships raised or lowered, and pairs it added */
  transitiveLifted?: number;
  transitiveLowered?: number;
  transitiveAdded?: number;
};

/** Prepared records with their partnership as a small number; shared by the full run and the index. */
type PreparedSet = {
  ids: string[];
  parts: Int32Array;
  partNames: string[];
  recs: PreparedChild[];
  /** the records' blocking keys (top 32 bits) in one array, record i's from blockStart[i] to blockStart[i + 1]; when present the records' own lists are empty */
  blockKeys?: Uint32Array;
  blockStart?: Int32Array;
};

function prepareAll(entries: readonly LinkEntry[]): PreparedSet {
  const partIndex = new Map<string, number>();
  const parts = new Int32Array(entries.length);
  entries.forEach((e, i) => {
    let p = partIndex.get(e.partnership);
    if (p === undefined) partIndex.set(e.partnership, (p = partIndex.size));
    parts[i] = p;
  });
  // one pool for the set: name filters in shared buffers, each distinct name prepared once
  const pool = new BloomPool();
  return { ids: entries.map((e) => e.id), parts, partNames: [...partIndex.keys()], recs: entries.map((e) => prepare(e.encoding, pool)) };
}

function termFrequencies(recs: readonly PreparedChild[]): TermFrequencies {
  const tf = emptyTermFrequencies();
  for (const r of recs) countTerms(tf, r.first?.x ?? null, r.last?.x ?? null, r.dob?.e ?? null, 1, r.aliases);
  return tf;
}

/** A small deterministic generator (mulberry32) for sampling random pairs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Issue 14 (u from the data): comparisons of random pairs across partnerships
function randomPatterns(set: PreparedSet, pairs: number, seed: number): PatternCounts {
  const n = set.recs.length;
  const out: PatternCounts = new Map();
  if (n < 2 || set.partNames.length < 2) return out;
  const rand = rng(seed);
  const c = newComparison();
  let done = 0;
  for (let tries = 0; done < pairs && tries < pairs * 20; tries++) {
    const i = Math.floor(rand() * n);
    const j = Math.floor(rand() * n);
    if (i === j || set.parts[i] === set.parts[j]) continue;
    compare(set.recs[i]!, set.recs[j]!, c);
    const k = patternOf(c.levels);
    out.set(k, (out.get(k) ?? 0) + 1);
    done++;
  }
  return out;
}

/** Growable store of blocked pairs' comparison vectors (typed arrays, no per-pair objects). */
class PairStore {
  a = new Int32Array(1 << 16);
  b = new Int32Array(1 << 16);
  levels = new Uint8Array((1 << 16) * fieldCount);
  tfFirst = new Float32Array(1 << 16);
  tfLast = new Float32Array(1 << 16);
  tfFull = new Float32Array(1 << 16);
  tfAlias = new Float32Array(1 << 16);
  bits = new Float64Array(1 << 16);
  /** bit 1: the pair's first names are related (Comparison.firstRelated); bit 2: met only by their first four letters (Comparison.firstStem) */
  related = new Uint8Array(1 << 16);
  n = 0;
  private tc = { first: 0, last: 0, full: 0, records: 0 };
  push(i: number, j: number, c: Comparison, tf: TermFrequencies, bits = 0): void {
    if (this.n === this.a.length) this.grow();
    const k = this.n++;
    this.bits[k] = bits;
    this.a[k] = i;
    this.b[k] = j;
    this.levels.set(c.levels, k * fieldCount);
    this.related[k] = (c.firstRelated ? 1 : 0) | (c.firstStem ? 2 : 0);
    const t = termCounts(c, tf, this.tc);
    this.tfFirst[k] = t.first;
    this.tfLast[k] = t.last;
    this.tfFull[k] = t.full ?? 0;
    this.tfAlias[k] = t.alias ?? 0;
  }
  private grow(): void {
    const cap = this.a.length * 2;
    const g = <T extends Int32Array | Uint8Array | Float32Array | Float64Array>(x: T, size: number): T => {
      const y = new (x.constructor as new (n: number) => T)(size);
      y.set(x);
      return y;
    };
    this.a = g(this.a, cap);
    this.b = g(this.b, cap);
    this.levels = g(this.levels, cap * fieldCount);
    this.tfFirst = g(this.tfFirst, cap);
    this.tfLast = g(this.tfLast, cap);
    this.tfFull = g(this.tfFull, cap);
    this.tfAlias = g(this.tfAlias, cap);
    this.bits = g(this.bits, cap);
    this.related = g(this.related, cap);
  }
}

// Issue 14 (Blocking): each record's keyed blocking keys sorted together; records sharing a key, in different partnerships, are compared once, each comparison handed to `visit` (the comparison object is reused: nothing is allocated per pair)
function blockedPairs(
  set: PreparedSet,
  maxBlock: number,
  visit: (i: number, j: number, c: Comparison) => void,
): { blockedPairs: number; skippedBlocks: number } {
  const n = set.recs.length;
  if (n >= 2 ** 21) throw new Error('At most 2,097,151 records in one run');
  let total = 0;
  for (const r of set.recs) total += r.blocks.length;
  const bk = set.blockKeys;
  const bs = set.blockStart;
  if (bk && bs) total += bs[n]!;
  // a key's top 32 bits and the record's index, packed in one double and sorted natively
  const packed = new Float64Array(total);
  let p = 0;
  set.recs.forEach((r, i) => {
    for (const k of r.blocks) packed[p++] = Math.floor(k / 65536) * 2097152 + i;
    if (bk && bs) for (let q = bs[i]!; q < bs[i + 1]!; q++) packed[p++] = bk[q]! * 2097152 + i;
  });
  packed.sort();
  const idx = new Int32Array(total);
  const runOf = new Int32Array(total);
  const runStart: number[] = [];
  let prevKey = -1;
  for (let q = 0; q < total; q++) {
    const v = packed[q]!;
    const key = Math.floor(v / 2097152);
    idx[q] = v - key * 2097152;
    if (key !== prevKey) {
      runStart.push(q);
      prevKey = key;
    }
    runOf[q] = runStart.length - 1;
  }
  runStart.push(total);
  // each record's runs (CSR), only runs with records from two partnerships worth comparing
  const count = new Int32Array(n + 1);
  let skippedBlocks = 0;
  const useRun = new Uint8Array(runStart.length - 1);
  for (let r = 0; r < runStart.length - 1; r++) {
    const size = runStart[r + 1]! - runStart[r]!;
    if (size < 2) continue;
    if (size > maxBlock) {
      skippedBlocks++;
      continue;
    }
    useRun[r] = 1;
  }
  for (let q = 0; q < total; q++) if (useRun[runOf[q]!]) count[idx[q]! + 1]!++;
  for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
  const recRuns = new Int32Array(count[n]!);
  const fill = count.slice(0, n);
  for (let q = 0; q < total; q++) if (useRun[runOf[q]!]) recRuns[fill[idx[q]!]!++] = runOf[q]!;

  const mark = new Int32Array(n).fill(-1);
  let pairs = 0;
  const c = newComparison();
  for (let i = 0; i < n; i++) {
    const pi = set.parts[i]!;
    for (let t = count[i]!; t < count[i + 1]!; t++) {
      const r = recRuns[t]!;
      for (let q = runStart[r]!; q < runStart[r + 1]!; q++) {
        const j = idx[q]!;
        if (j <= i || mark[j] === i || set.parts[j] === pi) continue;
        mark[j] = i;
        compare(set.recs[i]!, set.recs[j]!, c);
        pairs++;
        visit(i, j, c);
      }
    }
  }
  return { blockedPairs: pairs, skippedBlocks };
}

/** Cross-partnership pairs of records sharing a training key, sampled down to at most maxPairs, as comparison patterns. */
function trainingPatterns(
  set: PreparedSet,
  keyOf: (r: PreparedChild) => number | null,
  maxPairs: number,
  seed: number,
): { patterns: PatternCounts; totalPairs: number } {
  const groups = new Map<number, number[]>();
  set.recs.forEach((r, i) => {
    const k = keyOf(r);
    if (k === null) return;
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  let totalPairs = 0;
  for (const g of groups.values()) if (g.length > 1) totalPairs += (g.length * (g.length - 1)) / 2;
  const keep = Math.min(1, maxPairs / Math.max(1, totalPairs));
  const rand = rng(seed);
  const c = newComparison();
  const patterns: PatternCounts = new Map();
  let cross = 0;
  for (const g of groups.values()) {
    for (let x = 0; x < g.length; x++) {
      for (let y = x + 1; y < g.length; y++) {
        const i = g[x]!;
        const j = g[y]!;
        if (set.parts[i] === set.parts[j]) continue;
        cross++;
        if (keep < 1 && rand() >= keep) continue;
        compare(set.recs[i]!, set.recs[j]!, c);
        const k = patternOf(c.levels);
        patterns.set(k, (patterns.get(k) ?? 0) + 1);
      }
    }
  }
  return { patterns, totalPairs: cross };
}

// Issue 14 (Matching): fit m and u on a set without labels: u from random pairs; m by EM on pairs sharing a date of birth (for the names and the rest) and on pairs sharing first and last names' sounds (for the date of birth and the rest)
function fitModel(
  set: PreparedSet,
  opts: { randomPairs: number; trainingPairs: number; seed: number; base?: LinkageModel; rareNameRecords?: number },
): { model: LinkageModel; randomPairs: number; iterations: number } {
  const base = opts.base ?? defaultModel();
  const rnd = randomPatterns(set, opts.randomPairs, opts.seed);
  let randomCount = 0;
  for (const c of rnd.values()) randomCount += c;
  const fields = estimateU(rnd, base);
  const byDob = trainingPatterns(set, (r) => r.dob?.e ?? null, opts.trainingPairs, opts.seed + 1);
  // Issue 14 (m from the data): the names' session keeps only name combinations held by few records (a common name shared by many children would teach EM that matches often differ in date of birth), and leaves gender out (it follows from the first name, so it is no independent evidence within that session)
  const nameKey = (r: PreparedChild) => (r.first && r.last && !r.first.initial ? fullNameKey(r.first.x, r.last.x) : null);
  const nameCounts = new Map<number, number>();
  for (const r of set.recs) {
    const k = nameKey(r);
    if (k !== null) nameCounts.set(k, (nameCounts.get(k) ?? 0) + 1);
  }
  const rareNames = opts.rareNameRecords ?? 4;
  const byName = trainingPatterns(
    set,
    (r) => {
      const k = nameKey(r);
      return k !== null && nameCounts.get(k)! <= rareNames ? k : null;
    },
    opts.trainingPairs,
    opts.seed + 2,
  );
  // gender follows the first name, so the two are never estimated in one session: names without gender, gender without the first name
  const a = byDob.totalPairs > 0 ? estimateM(byDob.patterns, fields, [F.dob, F.gender]) : null;
  const ag = byDob.totalPairs > 0 ? estimateM(byDob.patterns, fields, [F.dob, F.first, F.order]) : null;
  const b = byName.totalPairs > 0 ? estimateM(byName.patterns, fields, [F.first, F.last, F.order, F.gender]) : null;
  const fromB = new Set<number>([F.dob, F.postcode, F.nhs, F.upn, F.alias]);
  fieldNames.forEach((n, f) => {
    const mA = f === F.gender ? (ag ? Array.from(ag.m[f]!) : null) : a && f !== F.dob ? Array.from(a.m[f]!) : null;
    const mB = b && fromB.has(f) ? Array.from(b.m[f]!) : null;
    const m = mA && mB ? mA.map((x, l) => (x + mB[l]!) / 2) : (mA ?? mB);
    // a degenerate fit (names or date of birth agreeing exactly for fewer than a third of matches) keeps the starting m for that field; postcodes may well differ for most matches (children move)
    if (m && (m[0]! >= 0.3 || f === F.postcode || f === F.gender || f === F.alias)) fields[n].m = m;
  });
  // Issue 14 (first and last name swapped): the names' levels carry the agreement (their frequency counted in either role: termCounts), and the swap itself is neutral. It is rarer among matches than names as recorded (about 3%), but rarer still among non-matches whose names agree in some order (a first name is seldom another child's surname), so charging matches' rarity alone (−5 bits) sank true swapped pairs below strong
  fields.name_order.u = [fields.name_order.m[0]!, fields.name_order.m[1]!];
  // Issue 14 (aliases): a street name or alias both records hold is evidence; holding different ones is none (agencies record different aliases, and a child collects new ones)
  fields.alias.u = [fields.alias.u[0]!, fields.alias.m[1]!];
  const n = set.recs.length;
  let matchesPerRecord = base.matchesPerRecord;
  const dobExactM = fields.date_of_birth.m[0]!;
  if (a && a.lambda > 0 && dobExactM > 0.05 && n > 0) matchesPerRecord = Math.min(10, Math.max(0.001, (2 * a.lambda * byDob.totalPairs) / dobExactM / n));
  const model: LinkageModel = {
    ...base,
    matchesPerRecord,
    fields,
    fitted: {
      records: n,
      trainingPairs: (a?.pairs ?? 0) + (b?.pairs ?? 0),
      randomPairs: randomCount,
      iterations: Math.max(a?.iterations ?? 0, b?.iterations ?? 0),
      at: new Date().toISOString(),
    },
  };
  return { model, randomPairs: randomCount, iterations: model.fitted!.iterations };
}

// Issue 14: the full run; candidates only across partnerships, at or above the possible threshold, strongest first
export function linkAll(entries: readonly LinkEntry[], opts: LinkOptions = {}): { candidates: Candidate[]; model: LinkageModel; stats: LinkStats } {
  return linkPrepared(prepareAll(entries), opts);
}

/** A prepared set filled one record at a time (a large run need not hold every encoding's JSON at once). */
export function preparedSetBuilder(): { push(id: string, partnership: string, encoding: EncodedChild): void; done(): PreparedSet } {
  const partIndex = new Map<string, number>();
  const parts: number[] = [];
  const ids: string[] = [];
  const recs: PreparedChild[] = [];
  const pool = new BloomPool();
  // blocking keys kept in one growing array rather than a list per record
  let keys = new Uint32Array(1 << 16);
  let used = 0;
  const starts: number[] = [0];
  const noBlocks: number[] = [];
  return {
    push(id, partnership, encoding) {
      let p = partIndex.get(partnership);
      if (p === undefined) partIndex.set(partnership, (p = partIndex.size));
      parts.push(p);
      ids.push(id);
      const rec = prepare(encoding, pool);
      if (used + rec.blocks.length > keys.length) {
        const grown = new Uint32Array(Math.max(keys.length * 2, used + rec.blocks.length));
        grown.set(keys);
        keys = grown;
      }
      for (const k of rec.blocks) keys[used++] = Math.floor(k / 65536);
      starts.push(used);
      rec.blocks = noBlocks;
      recs.push(rec);
    },
    done: () => ({
      ids,
      parts: Int32Array.from(parts),
      partNames: [...partIndex.keys()],
      recs,
      blockKeys: keys.slice(0, used),
      blockStart: Int32Array.from(starts),
    }),
  };
}

// Issue 14: the full run on prepared records
export function linkPrepared(set: PreparedSet, opts: LinkOptions = {}): { candidates: Candidate[]; model: LinkageModel; stats: LinkStats } {
  const tf = termFrequencies(set.recs);
  let model: LinkageModel;
  let randomCount = 0;
  let iterations = 0;
  if (opts.model) model = opts.model;
  // a set too small to estimate from keeps the starting model (its thresholds included)
  else if (set.recs.length < (opts.minRecordsToFit ?? 500)) model = defaultModel();
  else
    ({
      model,
      randomPairs: randomCount,
      iterations,
    } = fitModel(set, { randomPairs: opts.randomPairs ?? 400_000, trainingPairs: opts.trainingPairs ?? 400_000, seed: opts.seed ?? 1 }));
  const thresholds: Thresholds = { ...model.thresholds, ...opts.thresholds };
  model = { ...model, thresholds };
  const w = weightsOf(model);
  const prior = priorBits(model, set.recs.length);
  const oneToOne = opts.oneToOne === false ? null : { ...defaultOneToOne, ...(opts.oneToOne ?? {}) };
  const possibleBits = Math.log2(thresholds.possible / (1 - thresholds.possible));
  // Only pairs that may be raised, or may compete with one under the one-to-one rule, are kept: the national set's millions of blocked pairs are scored as they are compared and dropped
  const keepBits = oneToOne ? Math.min(possibleBits, oneToOne.floorBits) : possibleBits;
  const store = new PairStore();
  const tcb = { first: 0, last: 0, full: 0, records: tf.records };
  const { blockedPairs: blocked, skippedBlocks } = blockedPairs(set, opts.maxBlock ?? 400, (i, j, c) => {
    const own = scoreBits(w, c.levels, termCounts(c, tf, tcb), prior);
    if (own < keepBits) return;
    // Issue 14 (twins): kept (as -Infinity) only to be counted
    if (twinRuleOf(c.levels, c.firstRelated, c.firstStem) === 'excluded') {
      if (own >= possibleBits) store.push(i, j, c, tf, -Infinity);
    } else store.push(i, j, c, tf, own);
  });
  const candidates: Candidate[] = [];
  let twins = 0;
  const tc = { first: 0, last: 0, full: 0, alias: 0, records: tf.records };
  const termsOf = (k: number) => {
    tc.first = store.tfFirst[k]!;
    tc.last = store.tfLast[k]!;
    tc.full = store.tfFull[k]!;
    tc.alias = store.tfAlias[k]!;
    return tc;
  };
  const scored = { a: store.a, b: store.b, bits: store.bits, n: store.n };
  // Issue 14 (Matching): each pair of partnerships' own rate of shared children, estimated from the scores
  let pairPrior: Float64Array | null = null;
  if (opts.pairPrior !== false) {
    pairPrior = pairPriorBits(scored, set.parts, set.partNames.length, Math.pow(2, prior) / (1 + Math.pow(2, prior)), {
      ...defaultPairPrior,
      ...(opts.pairPrior ?? {}),
    });
    for (let k = 0; k < store.n; k++) store.bits[k]! += pairPrior[k]!;
  }
  let penalties: Float64Array | null = null;
  const c1 = newComparison();
  const tcs = { first: 0, last: 0, full: 0, records: 0 };
  const strongBits = Math.log2(thresholds.strong / (1 - thresholds.strong));
  // a pair's own score as the full run keeps it (−Infinity: excluded by the twin rule)
  const ownBits = (j: number, k: number) => {
    compare(set.recs[j]!, set.recs[k]!, c1);
    if (twinRuleOf(c1.levels, c1.firstRelated, c1.firstStem) === 'excluded') return -Infinity;
    return scoreBits(w, c1.levels, termCounts(c1, tf, tcs), prior);
  };
  // a partnership's internal duplicate: two of its records that would themselves be a strong pair
  const sameChild = (j: number, k: number) => {
    compare(set.recs[j]!, set.recs[k]!, c1);
    return !isTwinPattern(c1.levels) && scoreBits(w, c1.levels, termCounts(c1, tf, tcs), prior) >= strongBits;
  };
  // pairs the twin or household rule holds at possible: they compete with no other candidate
  const heldOf = () => {
    const h = new Uint8Array(store.n);
    for (let k = 0; k < store.n; k++)
      if (
        twinRuleOf(store.levels.subarray(k * fieldCount, (k + 1) * fieldCount), (store.related[k]! & 1) === 1, (store.related[k]! & 2) === 2) === 'possibleOnly'
      )
        h[k] = 1;
    return h;
  };
  const runOneToOne = () => (oneToOne ? oneToOnePenalties(scored, set.parts, set.partNames.length, sameChild, oneToOne, heldOf()) : null);
  penalties = runOneToOne();
  // Issue 14 (a child held by three partnerships): two confident pairs through a third record lend evidence to the pair they close, or compete when it is clearly not one child; then the one-to-one rule again on the adjusted scores
  const transitiveOpts = opts.transitive === false ? null : { ...defaultTransitive, ...(opts.transitive ?? {}) };
  let transitive: Float64Array | null = null;
  let lifted = 0;
  let lowered = 0;
  let addedCount = 0;
  if (transitiveOpts) {
    const finalBits = new Float64Array(store.n);
    for (let k = 0; k < store.n; k++) finalBits[k] = store.bits[k]! - (penalties ? penalties[k]! : 0);
    // each pair of partnerships' adjustment, for the pairs scored on demand
    const ppOf = new Map<number, number>();
    const partCount = set.partNames.length;
    const ppKey = (i: number, j: number) => {
      const p = set.parts[i]!;
      const q = set.parts[j]!;
      return p < q ? p * partCount + q : q * partCount + p;
    };
    if (pairPrior) for (let k = 0; k < store.n; k++) ppOf.set(ppKey(store.a[k]!, store.b[k]!), pairPrior[k]!);
    const t = transitiveEvidence(
      { a: store.a, b: store.b, bits: finalBits, n: store.n },
      set.parts,
      (i, k) => ownBits(i, k) + (ppOf.get(ppKey(i, k)) ?? 0),
      transitiveOpts,
    );
    const n0 = store.n;
    for (const x of t.added) {
      if (x.bits + x.lift < keepBits) continue;
      compare(set.recs[x.a]!, set.recs[x.b]!, c1);
      store.push(x.a, x.b, c1, tf, x.bits);
      addedCount++;
    }
    transitive = new Float64Array(store.n);
    transitive.set(t.adjust);
    let q = n0;
    for (const x of t.added) if (x.bits + x.lift >= keepBits) transitive[q++] = x.lift;
    if (pairPrior && store.n > n0) {
      const grown = new Float64Array(store.n);
      grown.set(pairPrior);
      for (let k = n0; k < store.n; k++) grown[k] = ppOf.get(ppKey(store.a[k]!, store.b[k]!)) ?? 0;
      pairPrior = grown;
    }
    for (let k = 0; k < store.n; k++) {
      if (transitive[k]! > 0) lifted++;
      else if (transitive[k]! < 0) lowered++;
      store.bits[k]! += transitive[k]!;
    }
    Object.assign(scored, { a: store.a, b: store.b, bits: store.bits, n: store.n });
    penalties = runOneToOne();
  }
  for (let k = 0; k < store.n; k++) {
    const levels = store.levels.subarray(k * fieldCount, (k + 1) * fieldCount);
    if (scored.bits[k] === -Infinity) {
      twins++;
      continue;
    }
    const own = scored.bits[k]!;
    const penalty = penalties ? penalties[k]! : 0;
    const bits = own - penalty;
    const probability = probabilityOf(bits);
    if (probability < thresholds.possible) continue;
    const possibleOnly = twinRuleOf(levels, (store.related[k]! & 1) === 1, (store.related[k]! & 2) === 2) === 'possibleOnly';
    const i = store.a[k]!;
    const j = store.b[k]!;
    const cand: Candidate = {
      a: set.ids[i]!,
      b: set.ids[j]!,
      partnershipA: set.partNames[set.parts[i]!]!,
      partnershipB: set.partNames[set.parts[j]!]!,
      probability,
      bits,
      level: probability >= thresholds.strong && !possibleOnly ? 'strong' : 'possible',
    };
    if (opts.explain) {
      cand.explanation = explain(w, levels, termsOf(k), prior, (store.related[k]! & 1) === 1);
      const pp = pairPrior ? pairPrior[k]! : 0;
      const tb = transitive ? transitive[k]! : 0;
      if (penalty > 0) cand.explanation.oneToOneBits = -Math.round(penalty * 100) / 100;
      if (pp !== 0) cand.explanation.partnershipsBits = Math.round(pp * 100) / 100;
      if (tb !== 0) cand.explanation.threePartnershipsBits = Math.round(tb * 100) / 100;
      if (penalty > 0 || pp !== 0 || tb !== 0) cand.explanation.totalBits = Math.round(bits * 100) / 100;
    }
    candidates.push(cand);
  }
  candidates.sort((x, y) => y.bits - x.bits);
  return {
    candidates,
    model,
    stats: {
      records: set.recs.length,
      blockedPairs: blocked,
      skippedBlocks,
      randomPairs: randomCount,
      emIterations: iterations,
      candidates: candidates.length,
      twinsExcluded: twins,
      ...(transitiveOpts ? { transitiveLifted: lifted, transitiveLowered: lowered, transitiveAdded: addedCount } : {}),
    },
  };
}
