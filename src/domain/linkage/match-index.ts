// The tracker's in-memory index of encodings for matching one child as it is created or changed (issue
// 14: "a child is encoded and matched when created or changed … and withdrawn when the record is closed
// or erased"). Blocks are Maps keyed by the keyed blocking hashes; candidates only across partnerships.
import { BloomPool, compare, newComparison, prepare, type PreparedChild } from './compare.ts';
import type { EncodedChild } from './encode.ts';
import {
  defaultModel,
  explain,
  countTerms,
  emptyTermFrequencies,
  twinRuleOf,
  priorBits,
  probabilityOf,
  scoreBits,
  termCounts,
  weightsOf,
  type LinkageModel,
  type TermFrequencies,
  type Weights,
} from './model.ts';
import type { Candidate } from './link.ts';

type Slot = { id: string; partnership: string; rec: PreparedChild };

export class MatchIndex {
  private model: LinkageModel;
  private weights: Weights;
  private readonly slots = new Map<string, Slot>();
  /** blocking key → the ids holding it (one id stored bare, more as an array) */
  private readonly blocks = new Map<number, string | string[]>();
  private readonly tf: TermFrequencies = emptyTermFrequencies();
  /** the names held, prepared once each (one object for every record holding the same name under the key: its filter, codes, prefixes and suffixes as numbers), as a full run shares them; kept while the index lives (a withdrawn child's names stay, as few as the distinct names seen) */
  private readonly pool = new BloomPool();
  /** the largest block searched when matching one child */
  maxBlock = 5000;

  constructor(model: LinkageModel = defaultModel()) {
    this.model = model;
    this.weights = weightsOf(model);
  }

  get size(): number {
    return this.slots.size;
  }

  /** Use a newly fitted model (thresholds included) from now on. */
  setModel(model: LinkageModel): void {
    this.model = model;
    this.weights = weightsOf(model);
  }

  getModel(): LinkageModel {
    return this.model;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  // Issue 14: a partnership submits a child's encoding (a resubmission replaces the earlier one); the id is the tracker's opaque reference
  add(id: string, partnership: string, encoding: EncodedChild): void {
    if (this.slots.has(id)) this.remove(id);
    const rec = prepare(encoding, this.pool);
    this.slots.set(id, { id, partnership, rec });
    for (const k of rec.blocks) {
      const cur = this.blocks.get(k);
      if (cur === undefined) this.blocks.set(k, id);
      else if (typeof cur === 'string') this.blocks.set(k, [cur, id]);
      else cur.push(id);
    }
    this.count(rec, 1);
  }

  // Issue 14: a withdrawn child (closed or erased) is no longer matched
  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (!slot) return false;
    this.slots.delete(id);
    for (const k of slot.rec.blocks) {
      const cur = this.blocks.get(k);
      if (cur === undefined) continue;
      if (typeof cur === 'string') {
        if (cur === id) this.blocks.delete(k);
      } else {
        const i = cur.indexOf(id);
        if (i >= 0) cur.splice(i, 1);
        if (cur.length === 1) this.blocks.set(k, cur[0]!);
      }
    }
    this.count(slot.rec, -1);
    return true;
  }

  private count(rec: PreparedChild, d: 1 | -1): void {
    countTerms(this.tf, rec.first?.x ?? null, rec.last?.x ?? null, rec.dob?.e ?? null, d, rec.aliases);
  }

  /** The current term frequencies (for a full run or a model fit over the index's set). */
  termFrequencies(): TermFrequencies {
    return this.tf;
  }

  // Issue 14: one child (already added, or an encoding with its partnership) against the national set; candidates in other partnerships at or above possible, strongest first, explained
  match(child: string | { partnership: string; encoding: EncodedChild }): Candidate[] {
    let self: Slot;
    if (typeof child === 'string') {
      const s = this.slots.get(child);
      if (!s) return [];
      self = s;
    } else self = { id: '', partnership: child.partnership, rec: prepare(child.encoding) };
    const seen = new Set<string>();
    const c = newComparison();
    const tc = { first: 0, last: 0, full: 0, records: 0 };
    const prior = priorBits(this.model, Math.max(2, this.slots.size + (typeof child === 'string' ? 0 : 1)));
    const { strong, possible } = this.model.thresholds;
    const out: Candidate[] = [];
    for (const k of self.rec.blocks) {
      const cur = this.blocks.get(k);
      if (cur === undefined) continue;
      const ids = typeof cur === 'string' ? [cur] : cur;
      if (ids.length > this.maxBlock) continue;
      for (const id of ids) {
        if (id === self.id || seen.has(id)) continue;
        seen.add(id);
        const other = this.slots.get(id)!;
        if (other.partnership === self.partnership) continue;
        compare(self.rec, other.rec, c);
        termCounts(c, this.tf, tc);
        const bits = scoreBits(this.weights, c.levels, tc, prior);
        const probability = probabilityOf(bits);
        const twin = twinRuleOf(c.levels, c.firstRelated, c.firstStem);
        if (probability < possible || twin === 'excluded') continue;
        out.push({
          a: self.id,
          b: id,
          partnershipA: self.partnership,
          partnershipB: other.partnership,
          probability,
          bits,
          level: probability >= strong && twin !== 'possibleOnly' ? 'strong' : 'possible',
          explanation: explain(this.weights, c.levels, tc, prior, c.firstRelated),
        });
      }
    }
    return out.sort((x, y) => y.bits - x.bits);
  }

  /** Every encoding held, for a full re-match (linkAll) or a model fit. */
  entries(): { id: string; partnership: string; rec: PreparedChild }[] {
    return [...this.slots.values()];
  }
}
