// The Fellegi–Sunter model (issue 14, Matching: "match weights (m and u) estimated from the data (EM, no
// labelled truth needed), stored with the model, and explained per candidate"), as Splink does it: u from
// random pairs, m by expectation–maximisation on blocked pairs, term-frequency adjustment for exact names.
import { fieldNames, fieldCount, levelLabels, missing, F, FN, LN, DOB, PC, type Comparison, type FieldName } from './compare.ts';

export type LinkageModel = {
  version: 1;
  /** expected number of matching records per record in other partnerships (the prior, scaled to the set's size) */
  matchesPerRecord: number;
  /** m and u per field and level (same order as the level labels) */
  fields: Record<FieldName, { m: number[]; u: number[] }>;
  /** smallest term frequency used for an exact name (a name seen once is not evidence beyond this) */
  tfFloor: number;
  thresholds: Thresholds;
  fitted?: { records: number; trainingPairs: number; randomPairs: number; iterations: number; at: string };
};

export type Thresholds = { strong: number; possible: number };
// Issue 14: two thresholds as configuration, on the match probability; nothing below possible is raised
// the probabilities are calibrated on the bench's tuning sets once gender is not counted twice (genderWeighs): a strong threshold of 0.99 keeps the strong set's precision at 0.997 there (most strong pairs are far above it), and 0.35 at possible keeps the possible recall the earlier, overconfident scores gave at 0.5
export const defaultThresholds: Thresholds = { strong: 0.99, possible: 0.35 };

const clampP = (p: number) => Math.min(1 - 1e-9, Math.max(1e-9, p));

/** A starting model before any data is fitted: plausible m and u for each level. */
export function defaultModel(): LinkageModel {
  const f = (m: number[], u: number[]) => ({ m, u });
  return {
    version: 1,
    matchesPerRecord: 0.3,
    fields: {
      first_name: f([0.82, 0.06, 0.03, 0.03, 0.015, 0.01, 0.005, 0.005, 0.025], [0.006, 0.002, 0.0005, 0.0035, 0.01, 0.02, 0.002, 0.001, 0.955]),
      last_name: f([0.85, 0.05, 0.03, 0.015, 0.01, 0.01, 0.035], [0.002, 0.0005, 0.0002, 0.0018, 0.006, 0.01, 0.9795]),
      name_order: f([0.99, 0.01], [0.99, 0.01]),
      date_of_birth: f(
        [0.88, 0.02, 0.02, 0.01, 0.02, 0.005, 0.005, 0.002, 0.003, 0.035],
        [0.0002, 0.0001, 0.0004, 0.0004, 0.0012, 0.0007, 0.0043, 0.0002, 0.005, 0.9875],
      ),
      gender: f([0.97, 0.03], [0.5, 0.5]),
      postcode: f([0.5, 0.1, 0.1, 0.3], [0.0005, 0.002, 0.01, 0.9875]),
      nhs_number: f([0.98, 0.02], [0.00001, 0.99999]),
      upn: f([0.98, 0.02], [0.00001, 0.99999]),
      alias: f([0.5, 0.5], [0.002, 0.5]),
    },
    tfFloor: 1e-4,
    thresholds: { ...defaultThresholds },
  };
}

// Issue 14 (models stored with the tracker): a model fitted before a comparison level was added has fewer levels than the engine compares; it is not used (the starting model is, until the next fit)
export function modelFits(model: LinkageModel): boolean {
  return fieldNames.every((n) => model.fields?.[n]?.m?.length === levelLabels[n].length && model.fields[n].u?.length === levelLabels[n].length);
}

/** Weights (bits) per field and level, computed once from a model. */
export type Weights = { bits: Float64Array[]; m: Float64Array[]; tfFloor: number; model: LinkageModel };

export function weightsOf(model: LinkageModel): Weights {
  const bits: Float64Array[] = [];
  const m: Float64Array[] = [];
  for (const name of fieldNames) {
    const { m: mm, u } = model.fields[name];
    bits.push(Float64Array.from(mm, (x, i) => Math.log2(clampP(x) / clampP(u[i]!))));
    m.push(Float64Array.from(mm, clampP));
  }
  return { bits, m, tfFloor: model.tfFloor, model };
}

/** Prior log-odds (bits) that a given record in another partnership is the same child, for a set of n records. */
export function priorBits(model: LinkageModel, n: number): number {
  const lambda = clampP(model.matchesPerRecord / Math.max(1, n - 1));
  return Math.log2(lambda / (1 - lambda));
}

export const probabilityOf = (bits: number) => 1 / (1 + Math.pow(2, -bits));

/**
 * Term frequencies of exact first and last names (count of records holding each), and of the full name (first and last
 * together): `full` counts the children holding it, told apart by date of birth (`fullDob`: records per full name and
 * date of birth; a record without one adds no holder), since the same child held by three partnerships is one holder of its
 * name, not three.
 */
export type TermFrequencies = {
  /** alias words: records holding each */
  alias: Map<number, number>;
  first: Map<number, number>;
  last: Map<number, number>;
  full: Map<number, number>;
  fullDob: Map<string, number>;
  records: number;
};

/** The key of a full name (first and last name hashes together) in the term frequencies. */
export const fullNameKey = (first: number, last: number) => (first % 67108864) * 67108864 + (last % 67108864);

export const emptyTermFrequencies = (): TermFrequencies => ({
  alias: new Map(),
  first: new Map(),
  last: new Map(),
  full: new Map(),
  fullDob: new Map(),
  records: 0,
});

// Issue 14 (common names): the children holding a pair's exact full name, counting the pair's child once: the pair's own records add one holder per date of birth they hold (two when their dates differ), so a date mistyped in one record is not read as another child of that name
export function fullNameHolders(tf: TermFrequencies, c: Comparison): number {
  let held = tf.full.get(fullNameKey(c.firstValue, c.lastValue)) ?? 0;
  // swapped: the name held in either order
  if (c.levels[F.order] === 1) held = Math.max(held, tf.full.get(fullNameKey(c.lastValue, c.firstValue)) ?? 0);
  const own = c.levels[F.dob] === DOB.exact || c.levels[F.dob] === missing ? 1 : 2;
  return Math.max(1, held - own + 1);
}

// Issue 14 (common names): a record counted into (d = 1) or out of (d = -1) the term frequencies; a full name's count goes up only with a date of birth not yet seen under it
export function countTerms(
  tf: TermFrequencies,
  first: number | null,
  last: number | null,
  dob: number | null,
  d: 1 | -1,
  aliases: readonly { x: number }[] = [],
): void {
  const bump = <K>(m: Map<K, number>, k: K): number => {
    const v = (m.get(k) ?? 0) + d;
    if (v <= 0) m.delete(k);
    else m.set(k, v);
    return v;
  };
  if (first !== null) bump(tf.first, first);
  if (last !== null) bump(tf.last, last);
  if (first !== null && last !== null) {
    const k = fullNameKey(first, last);
    // a record without a date of birth may be any holder: it adds none
    if (dob !== null) {
      const v = bump(tf.fullDob, k + ':' + dob);
      if ((d === 1 && v === 1) || (d === -1 && v === 0)) bump(tf.full, k);
    }
  }
  for (const a of aliases) bump(tf.alias, a.x);
  tf.records += d;
}

function tfBits(w: Weights, field: number, count: number, records: number): number {
  const tf = Math.max(w.tfFloor, count / Math.max(1, records));
  return Math.log2(w.m[field]![0]! / tf) - w.bits[field]![0]!;
}

/** How many records of the set hold the exact first name, last name and full name a comparison agreed on (0: not an exact agreement). */
type TermCounts = { first: number; last: number; full?: number; alias?: number; records: number };

// Issue 14 (swapped names and common names): a swapped pair's names are counted in whichever role holds them more often (a name may be a first name in one record and the surname in the other)
export function termCounts(c: Comparison, tf: TermFrequencies | null, out: TermCounts = { first: 0, last: 0, full: 0, records: 0 }): TermCounts {
  const swapped = c.levels[F.order] === 1;
  const count = (v: number, own: Map<number, number>, other: Map<number, number>) => Math.max(own.get(v) ?? 1, swapped ? (other.get(v) ?? 1) : 1);
  // surnames one typing slip apart: the commoner of the two (Jones and Jojes are as common as Jones)
  const near = c.levels[F.last] === LN.oneEdit && c.lastOther >= 0;
  out.first = tf && c.firstValue >= 0 ? count(c.firstValue, tf.first, tf.last) : 0;
  out.last = !tf || c.lastValue < 0 ? 0 : near ? Math.max(tf.last.get(c.lastValue) ?? 1, tf.last.get(c.lastOther) ?? 1) : count(c.lastValue, tf.last, tf.first);
  out.full = tf && out.first > 0 && out.last > 0 && !near ? fullNameHolders(tf, c) : 0;
  out.alias = tf && c.aliasValue >= 0 ? (tf.alias.get(c.aliasValue) ?? 1) : 0;
  out.records = tf?.records ?? 0;
  return out;
}

// Issue 14 (common names: "two Mohammed Khans born a week apart are two children"): first and last names are not independent (a family background brings both), so when both agree exactly their joint weight is no more than the full name's own frequency allows. `full` counts the children holding the name (by date of birth: the child compared, held by several partnerships, is one of them); only another child holding it is evidence, and its frequency is then the share of other children holding it
export function fullNameBits(w: Weights, tc: TermCounts): number {
  if (!tc.full || tc.first <= 0 || tc.last <= 0) return 0;
  const n = Math.max(1, tc.records);
  const f = Math.max(w.tfFloor, tc.first / n);
  const l = Math.max(w.tfFloor, tc.last / n);
  // no other child holding it: at most as rare as one other (a name seen once is no stronger evidence than a name seen twice), and never less evidence than its parts give
  if (tc.full < 2) return Math.max(0, Math.log2(f * l * n));
  return -Math.log2((tc.full - 1) / n / (f * l));
}

/** first names different, or only a short form of one another (which twins' names can be: Charlie / Charlotte): the twin and household rules' "different first names" */
const unlike = (levels: Uint8Array) => levels[F.first] === FN.different;

// Issue 14 (twins): same surname (or one a typing slip away) and date of birth, different first names, is not a match (unless a strong identifier agrees)
export function isTwinPattern(levels: Uint8Array): boolean {
  return unlike(levels) && levels[F.last]! <= LN.oneEdit && levels[F.dob] === DOB.exact && levels[F.nhs] !== 0 && levels[F.upn] !== 0;
}

// Issue 14 (twins vs unlisted nicknames): the twin rule excludes a pair only when its first names are clearly different; when they are related (firstNamesRelated: Mia/Amelia) the pair may be twins or one child, so it is raised at most as a possible match, for a person to judge
export function twinRuleOf(levels: Uint8Array, firstRelated: boolean, firstStem = false): 'excluded' | 'possibleOnly' | null {
  if (isStemTwinPattern(levels, firstStem)) return 'possibleOnly';
  const related = firstRelated || levels[F.first] === FN.affix;
  if (!isTwinPattern(levels)) return isHouseholdPattern(levels) && !related ? 'possibleOnly' : null;
  return related ? 'possibleOnly' : 'excluded';
}

// DOMAIN §4 / issue 14 (twins vs short forms): first names met only by the same first four letters (Jonah / Jonathan: the affix level's weaker form, not one name the start or end of the other), with the surname (or one a slip away) and the date of birth agreeing, are twins as often as one child: raised at most as a possible match, for a person to judge (containment, Ros / Rosalind, is still scored)
export function isStemTwinPattern(levels: Uint8Array, firstStem: boolean): boolean {
  return (
    firstStem && levels[F.first] === FN.affix && levels[F.last]! <= LN.oneEdit && levels[F.dob] === DOB.exact && levels[F.nhs] !== 0 && levels[F.upn] !== 0
  );
}

// DOMAIN §4 / issue 14 (siblings): the same surname (or one a slip away) and an address in common are a family's as much as a child's; with first names clearly different and dates of birth not the same, the pair is as likely a brother or sister at home (or a twin whose date was mistyped) as the child, so it is raised at most as a possible match, for a person to judge
export function isHouseholdPattern(levels: Uint8Array): boolean {
  return (
    unlike(levels) &&
    levels[F.order] === 0 &&
    levels[F.last]! <= LN.oneEdit &&
    levels[F.postcode] === PC.inCommon &&
    levels[F.dob] !== DOB.exact &&
    levels[F.nhs] !== 0 &&
    levels[F.upn] !== 0
  );
}

// Issue 14 (common names, typing errors): a surname agreeing exactly is weighed by its frequency; one a typing slip away loses what a common surname costs but gains nothing for a rare one (which of the two spellings is the child's is unknown)
function lastTfBits(w: Weights, levels: Uint8Array, tc: TermCounts): number {
  const b = tfBits(w, F.last, tc.last, tc.records);
  return levels[F.last] === LN.oneEdit ? Math.min(0, b) : b;
}

// Issue 14 (Matching): gender follows the first name, so when the first names agree (exactly, as a nickname or one slip apart) the same gender is no further evidence: another child of that name is almost always of that gender too. Counted as independent it added about a bit to nearly every pair and made the probabilities overconfident. Different genders still count against
export function genderWeighs(levels: Uint8Array): boolean {
  return !(levels[F.gender] === 0 && levels[F.first]! <= FN.oneEdit);
}

// Issue 14 (Matching, common names): the match weight of a comparison, with the term-frequency adjustment for exact names
export function scoreBits(w: Weights, levels: Uint8Array, tc: TermCounts, prior: number): number {
  let total = prior;
  for (let f = 0; f < fieldCount; f++) {
    const l = levels[f]!;
    if (l !== missing && (f !== F.gender || genderWeighs(levels))) total += w.bits[f]![l]!;
  }
  if (tc.first > 0) total += tfBits(w, F.first, tc.first, tc.records);
  if (tc.last > 0) total += lastTfBits(w, levels, tc);
  if (tc.full) total += fullNameBits(w, tc);
  if (tc.alias) total += tfBits(w, F.alias, tc.alias, tc.records);
  return total;
}

type FieldExplanation = { field: FieldName; level: string; bits: number; termFrequencyAdjusted?: true };
/** oneToOneBits: what the one-to-one rule took off (a better candidate for the same child in the same partnership); partnershipsBits: the two partnerships' own prior against the set's (pair-prior.ts); threePartnershipsBits: transitive.ts */
export type Explanation = {
  priorBits: number;
  fields: FieldExplanation[];
  twinRule?: true;
  oneToOneBits?: number;
  partnershipsBits?: number;
  /** what two confident pairs through a record in a third partnership added (or, in a conflict, took off): transitive.ts */
  threePartnershipsBits?: number;
  totalBits: number;
};

// Issue 14: every candidate explained: which fields agreed, at which level, and what each contributed
export function explain(w: Weights, levels: Uint8Array, tc: TermCounts, prior: number, firstRelated = false): Explanation {
  const fields: FieldExplanation[] = [];
  const round = (x: number) => Math.round(x * 100) / 100;
  for (let f = 0; f < fieldCount; f++) {
    const l = levels[f]!;
    const name = fieldNames[f]!;
    if (l === missing) {
      fields.push({ field: name, level: 'missing', bits: 0 });
      continue;
    }
    let bits = f === F.gender && !genderWeighs(levels) ? 0 : w.bits[f]![l]!;
    const e: FieldExplanation = { field: name, level: levelLabels[name][l]!, bits };
    const count = f === F.first ? tc.first : f === F.last ? tc.last : f === F.alias ? (tc.alias ?? 0) : 0;
    if (count > 0) {
      bits += f === F.last ? lastTfBits(w, levels, tc) : tfBits(w, f, count, tc.records);
      e.termFrequencyAdjusted = true;
    }
    // the full name's frequency is shared between the two names' fields
    if (count > 0 && tc.full && (f === F.first || f === F.last)) bits += fullNameBits(w, tc) / 2;
    e.bits = round(bits);
    fields.push(e);
  }
  const out: Explanation = { priorBits: round(prior), fields, totalBits: round(scoreBits(w, levels, tc, prior)) };
  if (twinRuleOf(levels, firstRelated) === 'excluded') out.twinRule = true;
  return out;
}

/** Comparison vectors packed as numbers (4 bits per field, 15 = missing), with how often each occurred. */
export type PatternCounts = Map<number, number>;

export function patternOf(levels: Uint8Array): number {
  let k = 0;
  for (let f = fieldCount - 1; f >= 0; f--) k = k * 16 + (levels[f] === missing ? 15 : levels[f]!);
  return k;
}
function unpattern(k: number, out: Uint8Array): Uint8Array {
  for (let f = 0; f < fieldCount; f++) {
    const v = k % 16;
    out[f] = v === 15 ? missing : v;
    k = (k - v) / 16;
  }
  return out;
}

// Issue 14 (u from the data): u per level from comparisons of random pairs (almost all non-matches), smoothed so no level is impossible
export function estimateU(randomPatterns: PatternCounts, base: LinkageModel): LinkageModel['fields'] {
  const counts = fieldNames.map((n) => new Float64Array(levelLabels[n].length));
  const lv = new Uint8Array(fieldCount);
  for (const [k, c] of randomPatterns) {
    unpattern(k, lv);
    for (let f = 0; f < fieldCount; f++) if (lv[f] !== missing) counts[f]![lv[f]!]! += c;
  }
  const out = {} as LinkageModel['fields'];
  fieldNames.forEach((n, f) => {
    const cs = counts[f]!;
    const total = cs.reduce((a, b) => a + b, 0);
    const u = total < 50 ? [...base.fields[n].u] : Array.from(cs, (c) => (c + 0.5) / (total + 0.5 * cs.length));
    out[n] = { m: [...base.fields[n].m], u };
  });
  return out;
}

// Issue 14 (m from the data, no labels): expectation–maximisation of m and the match rate over pairs that share a training block, u fixed from random pairs (as Splink trains); the fields the block was chosen on say nothing there and are left out
export function estimateM(
  patterns: PatternCounts,
  start: LinkageModel['fields'],
  exclude: readonly number[],
  iterations = 100,
): { m: Float64Array[]; lambda: number; iterations: number; pairs: number } {
  const keys = [...patterns.keys()];
  const counts = keys.map((k) => patterns.get(k)!);
  const vectors = keys.map((k) => unpattern(k, new Uint8Array(fieldCount)));
  for (const v of vectors) for (const f of exclude) v[f] = missing;
  const m = fieldNames.map((n) => Float64Array.from(start[n].m, clampP));
  const u = fieldNames.map((n) => Float64Array.from(start[n].u, clampP));
  let lambda = 0.1;
  let it = 0;
  let pairs = 0;
  for (const c of counts) pairs += c;
  for (; it < iterations; it++) {
    const mAcc = fieldNames.map((n) => new Float64Array(levelLabels[n].length));
    let matchSum = 0;
    for (let i = 0; i < vectors.length; i++) {
      const v = vectors[i]!;
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < fieldCount; f++) {
        const l = v[f]!;
        if (l === missing) continue;
        pm *= m[f]![l]!;
        pu *= u[f]![l]!;
      }
      const post = pm / (pm + pu);
      const c = counts[i]!;
      matchSum += post * c;
      for (let f = 0; f < fieldCount; f++) {
        const l = v[f]!;
        if (l !== missing) mAcc[f]![l]! += post * c;
      }
    }
    let change = Math.abs(matchSum / pairs - lambda);
    lambda = clampP(matchSum / pairs);
    for (let f = 0; f < fieldCount; f++) {
      if (exclude.includes(f)) continue;
      const ms = mAcc[f]!.reduce((a, b) => a + b, 0);
      if (ms <= 0) continue;
      const L = mAcc[f]!.length;
      for (let l = 0; l < L; l++) {
        // a little smoothing: a level never seen among matches is rare, not impossible
        const nm = clampP((mAcc[f]![l]! + 0.05) / (ms + 0.05 * L));
        change = Math.max(change, Math.abs(nm - m[f]![l]!));
        m[f]![l] = nm;
      }
    }
    if (change < 1e-6) break;
  }
  return { m, lambda, iterations: it, pairs };
}
