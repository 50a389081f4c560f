// The prior for each pair of partnerships, estimated from the data (issue 14, Matching; DOMAIN §4: children
// are moved along routes — to a neighbouring area, from a city along a county line — so two partnerships
// share children at very different rates). Pure: scored pairs in, an adjustment (bits) per pair out.
//
// The model's prior assumes every pair of records across partnerships is equally likely to be one child
// (matchesPerRecord spread over the set). Like the match rate itself, the rate for partnerships P and Q can be
// estimated without labels: the expected number of children they share is the sum of their pairs'
// probabilities, E(P,Q), against n(P)·n(Q)·λ under the uniform prior. Each pair's score then gains
// log2((E + s) / (U + s)), with s pseudo-children of smoothing so that a pair of partnerships with little data
// stays near the uniform prior; a few rounds, as EM would, since the adjustment changes E.
import type { ScoredPairs } from './one-to-one.ts';

export type PairPriorOptions = {
  /** smoothing, in children: a partnership pair's rate moves away from uniform only as evidence exceeds this (default 5) */
  smoothing: number;
  /** rounds of re-estimation (default 3) */
  rounds: number;
  /** the adjustment is bounded to ± this many bits (default 6) */
  maxBits: number;
};

export const defaultPairPrior: PairPriorOptions = { smoothing: 5, rounds: 3, maxBits: 6 };

// Issue 14 (Matching): the bits to add to each pair's score for its pair of partnerships
export function pairPriorBits(
  pairs: ScoredPairs,
  parts: Int32Array,
  partCount: number,
  lambda: number,
  opts: PairPriorOptions = defaultPairPrior,
): Float64Array {
  const out = new Float64Array(pairs.n);
  if (partCount < 3 || pairs.n === 0) return out;
  const sizes = new Float64Array(partCount);
  for (let i = 0; i < parts.length; i++) sizes[parts[i]!]!++;
  const key = (k: number) => {
    const p = parts[pairs.a[k]!]!;
    const q = parts[pairs.b[k]!]!;
    return p < q ? p * partCount + q : q * partCount + p;
  };
  const adjust = new Map<number, number>();
  for (let round = 0; round < opts.rounds; round++) {
    const expected = new Map<number, number>();
    for (let k = 0; k < pairs.n; k++) {
      const b = pairs.bits[k]!;
      if (b === -Infinity) continue;
      const g = key(k);
      const p = 1 / (1 + Math.pow(2, -(b + (adjust.get(g) ?? 0))));
      expected.set(g, (expected.get(g) ?? 0) + p);
    }
    adjust.clear();
    for (const [g, e] of expected) {
      const p = Math.floor(g / partCount);
      const q = g % partCount;
      const uniform = sizes[p]! * sizes[q]! * lambda;
      const bits = Math.log2((e + opts.smoothing) / (uniform + opts.smoothing));
      adjust.set(g, Math.max(-opts.maxBits, Math.min(opts.maxBits, bits)));
    }
    // partnership pairs with no scored pair at all keep the uniform prior's evidence of nothing: left at 0 (they have no candidates to adjust)
  }
  for (let k = 0; k < pairs.n; k++) out[k] = adjust.get(key(k)) ?? 0;
  return out;
}
