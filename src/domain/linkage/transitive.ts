// Evidence across three partnerships (issue 14, Matching; DOMAIN §4: a child moved along a county line is held
// by A, then B, then C). Pure: scored pairs in, an adjustment (bits) per pair out, and the pairs it adds.
//
// A child is one child: if record j (in B) is record i (in A) and is record k (in C), then i is k. Each pair's
// own score sees only its two records; this rule reads the triangles of three records in three partnerships
// that two confident pairs (i–j and j–k, each at or above `edgeBits`) make.
//   Lift: the third pair i–k is at least as likely as the path through j, P(i–j)·P(j–k), when its own evidence
//   does not speak against it (its own score at or above `floorBits`: a changed surname, a new address, a date
//   mistyped in one record leave it low but not damning). It gains at most `maxLift` bits, and is never lowered
//   by the path. A pair the blocking never compared (no key in common) is scored on demand and, when lifted to
//   `possible` or above, added.
//   Conflict: when the third pair is clearly not one child (its own score below `floorBits`), j is at most one of i and k, and the two confident pairs compete as candidates for one
//   child do under the one-to-one rule: the weaker (by more than `margin` bits) takes its posterior odds given
//   that at most one of the two holds, o_weaker / (1 + o_better). The better keeps its score.
// A pair the twin rule excludes closes no triangle either way (the rule judges names alone: a spelling variant the
// nickname table lacks can look like a twin's name). A pair in several triangles takes its largest lift; with no
// lift, its largest demotion.

export type TransitiveOptions = {
  /** a pair at or above this many bits is a confident link that carries evidence to a third (default 6.6: p ≥ 0.99) */
  edgeBits: number;
  /** the third pair is lifted only when its own score is at or above this; below it, it conflicts (default -7: p ≥ 1%) */
  floorBits: number;
  /** a pair gains at most this many bits from a path (default 10) */
  maxLift: number;
  /** in a conflict, a pair within this many bits of the better does not yield to it (default 1) */
  margin: number;
  /** apply the conflict rule (default true) */
  conflicts: boolean;
};

export const defaultTransitive: TransitiveOptions = { edgeBits: 6.6, floorBits: -7, maxLift: 10, margin: 1, conflicts: true };

/** Pairs scored in bits (−Infinity: excluded by the twin rule). */
type Pairs = { a: Int32Array; b: Int32Array; bits: Float64Array; n: number };

export type TransitiveResult = {
  /** bits to add to each of the given pairs */
  adjust: Float64Array;
  /** pairs not among those given, scored on demand and lifted: their own bits and the lift */
  added: { a: number; b: number; bits: number; lift: number }[];
  /** triangles read */
  triangles: number;
};

const log2odds = (p: number) => Math.log2(p / (1 - p));
const prob = (bits: number) => 1 / (1 + Math.pow(2, -bits));
const pairKey = (i: number, j: number) => (i < j ? i * 2097152 + j : j * 2097152 + i);

// DOMAIN §4 / issue 14 (a child held by three partnerships): each pair's adjustment from the triangles it is in
export function transitiveEvidence(
  pairs: Pairs,
  parts: Int32Array,
  /** the bits of a pair not among `pairs` (compared on demand), −Infinity when the twin rule excludes it */
  score: (i: number, k: number) => number,
  opts: TransitiveOptions = defaultTransitive,
): TransitiveResult {
  const adjust = new Float64Array(pairs.n);
  const lift = new Float64Array(pairs.n);
  const drop = new Float64Array(pairs.n);
  const added = new Map<number, { a: number; b: number; bits: number; lift: number }>();
  const index = new Map<number, number>();
  for (let k = 0; k < pairs.n; k++) index.set(pairKey(pairs.a[k]!, pairs.b[k]!), k);
  // each record's confident links
  const links = new Map<number, number[]>();
  for (let k = 0; k < pairs.n; k++) {
    if (!(pairs.bits[k]! >= opts.edgeBits)) continue;
    for (const r of [pairs.a[k]!, pairs.b[k]!]) {
      const l = links.get(r);
      if (l) l.push(k);
      else links.set(r, [k]);
    }
  }
  const scored = new Map<number, number>();
  let triangles = 0;
  for (const [j, ks] of links) {
    if (ks.length < 2) continue;
    for (let x = 0; x < ks.length; x++) {
      for (let y = x + 1; y < ks.length; y++) {
        const kx = ks[x]!;
        const ky = ks[y]!;
        const i = pairs.a[kx] === j ? pairs.b[kx]! : pairs.a[kx]!;
        const k = pairs.a[ky] === j ? pairs.b[ky]! : pairs.a[ky]!;
        // three records in three partnerships (two in one partnership are the one-to-one rule's)
        if (parts[i] === parts[k]) continue;
        triangles++;
        const key = pairKey(i, k);
        const known = index.get(key);
        let own: number;
        if (known !== undefined) own = pairs.bits[known]!;
        else {
          let s = scored.get(key);
          if (s === undefined) scored.set(key, (s = score(i, k)));
          own = s;
        }
        // a pair the twin rule excludes is neither lifted nor read as a conflict: the rule is a judgement on names alone (a spelling the nickname table lacks can look like a twin), not evidence that i and k differ
        if (own === -Infinity) continue;
        const bx = pairs.bits[kx]!;
        const by = pairs.bits[ky]!;
        if (own >= opts.floorBits) {
          const path = log2odds(Math.min(1 - 1e-12, prob(bx) * prob(by)));
          const gain = Math.min(opts.maxLift, path - own);
          if (gain <= 0) continue;
          if (known !== undefined) lift[known] = Math.max(lift[known]!, gain);
          else {
            const a = added.get(key);
            if (!a) added.set(key, { a: Math.min(i, k), b: Math.max(i, k), bits: own, lift: gain });
            else a.lift = Math.max(a.lift, gain);
          }
        } else if (opts.conflicts) {
          // j is at most one of i and k: the weaker link yields to the better
          const [weak, strong] = bx < by ? [kx, ky] : [ky, kx];
          const bw = pairs.bits[weak]!;
          const bs = pairs.bits[strong]!;
          if (bs <= bw + opts.margin) continue;
          const d = bs > 40 ? bs : Math.log2(1 + Math.pow(2, bs));
          drop[weak] = Math.max(drop[weak]!, d);
        }
      }
    }
  }
  for (let k = 0; k < pairs.n; k++) adjust[k] = lift[k]! > 0 ? lift[k]! : drop[k]! > 0 ? -drop[k]! : 0;
  return { adjust, added: [...added.values()], triangles };
}
