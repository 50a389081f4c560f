import type { Candidate, CandidatePair, EncodedRecord, LinkageEngine, MatchIndex, Thresholds } from './engine.ts';

/**
 * A placeholder engine for the tracker's own tests and for trying the tracker out (TRACKER_ENGINE=exact), not the
 * product's matcher (that is `src/domain/linkage/`): an encoding is
 * `{ fields: { name: token, … } }`; two records are candidates when a field's token is the same, and the probability
 * is the share of fields whose tokens agree. Enough to drive raising, confirming, rejecting and withdrawing.
 */
type ExactEncoding = { fields: Record<string, string> };

export function exactEngine(): LinkageEngine {
  return {
    check(encoding) {
      const f = (encoding as ExactEncoding | null)?.fields;
      if (!f || typeof f !== 'object' || Array.isArray(f)) return 'an object with fields';
      return Object.values(f).every((v) => typeof v === 'string') ? null : 'each field a string';
    },
    createIndex(_model, thresholds) {
      return exactIndex(thresholds);
    },
    matchAll(records, _previous, thresholds) {
      const index = exactIndex(thresholds);
      for (const r of records) index.add(r);
      return { model: { kind: 'exact', records: records.length }, pairs: index.matchAll() };
    },
  };
}

function exactIndex(t: Thresholds): MatchIndex & { matchAll(): CandidatePair[] } {
  const records = new Map<string, EncodedRecord>();
  const keyOf = (p: string, r: string) => `${p}\u0000${r}`;
  const fieldsOf = (r: EncodedRecord) => (r.encoding as ExactEncoding).fields;
  const score = (x: EncodedRecord, y: EncodedRecord): Candidate | null => {
    const fx = fieldsOf(x);
    const fy = fieldsOf(y);
    const names = new Set([...Object.keys(fx), ...Object.keys(fy)]);
    const agreed = [...names].filter((n) => fx[n] !== undefined && fx[n] === fy[n]).sort();
    const probability = names.size ? agreed.length / names.size : 0;
    if (probability < t.possible) return null;
    return {
      partnership: y.partnership,
      ref: y.ref,
      probability,
      level: probability >= t.strong ? 'strong' : 'possible',
      fields: agreed.map((field) => ({ field, level: 'exact', weight: 1 })),
    };
  };
  return {
    add(r) {
      records.set(keyOf(r.partnership, r.ref), r);
    },
    remove(p, r) {
      records.delete(keyOf(p, r));
    },
    match(p, r) {
      const me = records.get(keyOf(p, r));
      if (!me) return [];
      const out: Candidate[] = [];
      for (const other of records.values()) {
        if (other.partnership === p) continue;
        const c = score(me, other);
        if (c) out.push(c);
      }
      return out;
    },
    matchAll() {
      const all = [...records.values()];
      const out: CandidatePair[] = [];
      for (let i = 0; i < all.length; i++) {
        for (let j = i + 1; j < all.length; j++) {
          if (all[i]!.partnership === all[j]!.partnership) continue;
          const c = score(all[i]!, all[j]!);
          if (c)
            out.push({
              a: { partnership: all[i]!.partnership, ref: all[i]!.ref },
              b: { partnership: c.partnership, ref: c.ref },
              probability: c.probability,
              level: c.level,
              fields: c.fields,
            });
        }
      }
      return out;
    },
    get size() {
      return records.size;
    },
  };
}
