// The one-to-one rule across each pair of partnerships (issue 14, Matching: a partnership holds a child once,
// so a child in one partnership is at most one record of another). Pure: pairs in, a penalty (bits) per pair out.
//
// For a record i and another partnership Q, i's candidates in Q compete: if i is one child, at most one of them
// is i. The best candidate keeps its score. A weaker candidate j is demoted by the competitors clearly better
// than it (more than `margin` bits above it): its posterior odds given that at most one of them is i,
//   o_j / (1 + Σ o_k)  over those better candidates k,
// where o = 2^bits are the pairs' own posterior odds. Competitors nearly as good as j (within the margin), or
// that look like the same child as j (a partnership's internal duplicate: `sameChild`), do not count: both may
// be i. The rule is applied from both sides of a pair (i's candidates in j's partnership, and j's candidates in
// i's) and the larger penalty kept. Weaker candidates never count against a better one (their own odds are
// the less trustworthy), so the rule only ever removes the second-best explanations of a child.

export type OneToOneOptions = {
  /** competitors within this many bits of a candidate do not count against it (default 1) */
  margin: number;
  /** pairs below this many bits neither compete nor are adjusted (default -7: probability under 1%) */
  floorBits: number;
};

export const defaultOneToOne: OneToOneOptions = { margin: 1, floorBits: -7 };

/** Pairs (a, b) scored in bits; parts gives each record's partnership. */
export type ScoredPairs = { a: Int32Array; b: Int32Array; bits: Float64Array; n: number };

// DOMAIN §4 / issue 14 (one-to-one across partnerships): the bits to subtract from each pair's score
export function oneToOnePenalties(
  pairs: ScoredPairs,
  parts: Int32Array,
  partCount: number,
  sameChild: (j: number, k: number) => boolean,
  opts: OneToOneOptions = defaultOneToOne,
  held: Uint8Array | null = null,
): Float64Array {
  const penalty = new Float64Array(pairs.n);
  const live: number[] = [];
  for (let k = 0; k < pairs.n; k++) if (pairs.bits[k]! > opts.floorBits) live.push(k);
  if (live.length < 2) return penalty;
  const dupCache = new Map<number, boolean>();
  const dup = (j: number, k: number): boolean => {
    const key = j < k ? j * 2097152 + k : k * 2097152 + j;
    let v = dupCache.get(key);
    if (v === undefined) dupCache.set(key, (v = sameChild(j, k)));
    return v;
  };
  // one side: the record `self` and the other partnership's record `other` of each live pair
  const side = (self: Int32Array, other: Int32Array) => {
    const groups = new Map<number, number[]>();
    for (const k of live) {
      const g = self[k]! * partCount + parts[other[k]!]!;
      const list = groups.get(g);
      if (list) list.push(k);
      else groups.set(g, [k]);
    }
    for (const list of groups.values()) {
      if (list.length < 2) continue;
      for (const k of list) {
        const bk = pairs.bits[k]!;
        let sum = 0;
        for (const c of list) {
          if (c === k) continue;
          const bc = pairs.bits[c]!;
          if (bc <= bk + opts.margin) continue;
          // DOMAIN §4 / issue 14: a pair the twin or household rule holds at possible (a brother, sister or twin as likely as the child) is no better explanation of the child than its other candidates: it does not count against them
          if (held && held[c]) continue;
          if (dup(other[k]!, other[c]!)) continue;
          sum += Math.pow(2, bc);
        }
        if (sum > 0) penalty[k] = Math.max(penalty[k]!, Math.log2(1 + sum));
      }
    }
  };
  side(pairs.a, pairs.b);
  side(pairs.b, pairs.a);
  return penalty;
}
