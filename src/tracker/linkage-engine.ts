import { levelLabels, prepare } from '../domain/linkage/compare.ts';
import type { EncodedChild } from '../domain/linkage/encode.ts';
import { linkAll, type Candidate as LinkCandidate } from '../domain/linkage/link.ts';
import { MatchIndex as LinkageIndex } from '../domain/linkage/match-index.ts';
import { defaultModel, modelFits, type Explanation, type LinkageModel } from '../domain/linkage/model.ts';
import type { CandidatePair, FieldEvidence, LinkageEngine, MatchIndex, Thresholds } from './engine.ts';

/**
 * The product's matching engine (`src/domain/linkage/`: keyed encodings, Fellegi–Sunter with EM-fitted m and u) behind
 * the tracker's `LinkageEngine`. An index id is `partnership NUL ref` (neither holds a NUL: both are identifiers).
 */
const idOf = (partnership: string, ref: string) => `${partnership}\u0000${ref}`;
const refOf = (id: string) => id.slice(id.indexOf('\u0000') + 1);

/** The fields that agreed at some level, with what each contributed (bits); a swap of names is named too. */
function agreedFields(e: Explanation | undefined): FieldEvidence[] {
  if (!e) return [];
  return e.fields
    .filter((f) => f.level !== 'missing' && f.level !== 'different' && !(f.field === 'name_order' && f.level === levelLabels.name_order[0]))
    .map((f) => ({ field: f.field, level: f.level, weight: f.bits }));
}

const isStrings = (v: unknown, max = 64) => Array.isArray(v) && v.length <= max && v.every((x) => typeof x === 'string' && x.length <= 128);
const isName = (v: unknown) => {
  const n = v as Record<string, unknown>;
  return (
    !!n &&
    typeof n === 'object' &&
    typeof n.x === 'string' &&
    isStrings(n.w) &&
    isStrings(n.g) &&
    isStrings(n.p) &&
    typeof n.b === 'string' &&
    n.b.length <= 400
  );
};

/** What is wrong with an encoding's shape, or null (no value is quoted back). */
function checkEncodedChild(v: unknown): string | null {
  const e = v as Record<string, unknown>;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'an encoded child (an object)';
  if (e.v !== 1) return 'version 1 of the encoding (v: 1)';
  for (const k of ['first', 'last'] as const) if (e[k] !== null && !isName(e[k])) return `${k}: an encoded name or null`;
  if (!Array.isArray(e.aliases) || e.aliases.length > 32 || !e.aliases.every(isName)) return 'aliases: a list of encoded names';
  const d = e.dob as Record<string, unknown> | null;
  if (
    d !== null &&
    !(
      d &&
      typeof d === 'object' &&
      typeof d.e === 'string' &&
      (d.t === null || typeof d.t === 'string') &&
      isStrings(d.n) &&
      isStrings(d.m) &&
      typeof d.ym === 'string' &&
      (d.y === undefined || isStrings(d.y, 2)) &&
      (d.f === undefined || typeof d.f === 'string') &&
      (d.fm === undefined || typeof d.fm === 'string') &&
      (d.dm === undefined || typeof d.dm === 'string')
    )
  ) {
    return 'dob: an encoded date or null';
  }
  for (const k of ['gender', 'nhs', 'upn'] as const) if (e[k] !== null && typeof e[k] !== 'string') return `${k}: a keyed hash or null`;
  const pc = e.postcodes as Record<string, unknown> | null;
  if (pc !== null && !(pc && typeof pc === 'object' && isStrings(pc.full) && isStrings(pc.sector) && isStrings(pc.district)))
    return 'postcodes: keyed hashes at three levels, or null';
  if (!isStrings(e.blocks, 256)) return 'blocks: a list of keyed blocking keys';
  try {
    prepare(e as unknown as EncodedChild);
  } catch (_err) {
    return 'an encoding the engine can read';
  }
  return null;
}

const minRecordsToFit = 500;
const modelWith = (model: unknown, thresholds: Thresholds): LinkageModel => ({
  ...(model && modelFits(model as LinkageModel) ? (model as LinkageModel) : defaultModel()),
  thresholds: { ...thresholds },
});

export function linkageEngine(): LinkageEngine {
  return {
    check: checkEncodedChild,

    createIndex(model, thresholds): MatchIndex {
      const index = new LinkageIndex(modelWith(model, thresholds));
      return {
        add: (r) => index.add(idOf(r.partnership, r.ref), r.partnership, r.encoding as EncodedChild),
        remove: (partnership, ref) => void index.remove(idOf(partnership, ref)),
        match: (partnership, ref) =>
          index.match(idOf(partnership, ref)).map((c) => ({
            partnership: c.partnershipB,
            ref: refOf(c.b),
            probability: c.probability,
            level: c.level,
            fields: agreedFields(c.explanation),
          })),
        get size() {
          return index.size;
        },
      };
    },

    matchAll(records, previous, thresholds) {
      // The model is refitted to today's set; a set too small to fit keeps the model it had (or the starting one).
      const entries = records.map((r) => ({ id: idOf(r.partnership, r.ref), partnership: r.partnership, encoding: r.encoding as EncodedChild }));
      const keep = entries.length < minRecordsToFit && previous ? { model: modelWith(previous, thresholds) } : {};
      const run = linkAll(entries, { thresholds, explain: true, minRecordsToFit, ...keep });
      const pairs: CandidatePair[] = run.candidates.map((c: LinkCandidate) => ({
        a: { partnership: c.partnershipA, ref: refOf(c.a) },
        b: { partnership: c.partnershipB, ref: refOf(c.b) },
        probability: c.probability,
        level: c.level,
        fields: agreedFields(c.explanation),
      }));
      return { model: run.model, pairs };
    },
  };
}
