/**
 * What the tracker needs of a matching engine: a small interface of its own, so the store, the core and the HTTP API
 * do not depend on how records are encoded or scored. The engine of `src/domain/linkage/` is adapted to it in
 * `linkage-engine.ts`; tests may use any engine that keeps this contract.
 *
 * An encoding is opaque to the tracker: JSON built by a partnership from its child's identifying fields under a key
 * the partnerships share (the tracker never holds it). The tracker stores it, fingerprints it and hands it to the
 * engine; it never reads a field of it.
 */

/** One child as the tracker holds it: which partnership, its opaque local reference (never a name), its encoding. */
export type EncodedRecord = { readonly partnership: string; readonly ref: string; readonly encoding: unknown };

/** How one field compared: its name, the level of agreement reached (e.g. "exact", "nickname") and its weight. */
export type FieldEvidence = { readonly field: string; readonly level: string; readonly weight: number };

export type MatchLevel = 'strong' | 'possible';

/** Two thresholds on the match probability; nothing below `possible` is ever a candidate. */
export type Thresholds = { readonly strong: number; readonly possible: number };

/** Another partnership's record that may be the same child. */
export type Candidate = {
  readonly partnership: string;
  readonly ref: string;
  readonly probability: number;
  readonly level: MatchLevel;
  /** The fields that agreed (at some level), with what each contributed. */
  readonly fields: readonly FieldEvidence[];
};

/** A candidate pair from a full match; `a` and `b` are in different partnerships. */
export type CandidatePair = {
  readonly a: { readonly partnership: string; readonly ref: string };
  readonly b: { readonly partnership: string; readonly ref: string };
  readonly probability: number;
  readonly level: MatchLevel;
  readonly fields: readonly FieldEvidence[];
};

/** The records in memory, with blocking, so one record is matched against the rest quickly. */
export interface MatchIndex {
  /** Adds a record, or replaces the one with the same partnership and ref. */
  add(record: EncodedRecord): void;
  remove(partnership: string, ref: string): void;
  /** Candidates for a record already in the index: only in other partnerships, at or above `possible`. */
  match(partnership: string, ref: string): Candidate[];
  readonly size: number;
}

export interface LinkageEngine {
  /** Null when the encoding is one the engine can match, else what is wrong with it (no content quoted). */
  check(encoding: unknown): string | null;
  /** An empty index scoring with the model (null: the engine's starting values) and the thresholds. */
  createIndex(model: unknown, thresholds: Thresholds): MatchIndex;
  /**
   * The full match: refits the model (m and u, unsupervised: EM) to the records, starting from the previous one (null:
   * none yet), and gives it, as JSON the tracker stores, with every candidate pair across partnerships, each once.
   */
  matchAll(records: readonly EncodedRecord[], previous: unknown, thresholds: Thresholds): { model: unknown; pairs: CandidatePair[] };
}
