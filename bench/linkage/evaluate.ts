/**
 * Scores a linkage run against the generator's truth (issue #14, "Measurement").
 *
 *   node bench/linkage/evaluate.ts --pairs pairs.csv --truth truth.csv [--records records.csv] [--notes truth-notes.csv] [--json]
 *
 * The true pairs are all pairs of records in different partnerships with the same person_id. The pairs file is
 * the linkage CLI's output, `ref_a,ref_b,match_probability,level` (level strong or possible). Reported:
 * precision, recall and F1 at `strong` (the strong rows) and at `possible` (all rows); the best F1 over
 * probability thresholds and the threshold giving it; the number of candidate pairs; recall by the errors the
 * generator applied to the true pairs it missed, and false positives by the hard-negative kind that produced
 * them. records.csv (partnerships) and truth-notes.csv default to the files beside truth.csv.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readCsv } from './csv.ts';

type Level = 'strong' | 'possible';
export type CandidatePair = { a: string; b: string; probability: number; level: Level };
type Scores = { pairs: number; tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };
type EvaluationInput = {
  pairs: readonly CandidatePair[];
  /** ref → person id */
  personOf: ReadonlyMap<string, string>;
  /** ref → partnership */
  partnershipOf: ReadonlyMap<string, string>;
  /** ref → tokens from truth-notes.csv (errors applied, and `hn:<kind>#<group>`) */
  notesOf?: ReadonlyMap<string, readonly string[]>;
  /** ref → the record itself, to name what an unexplained false positive shared */
  recordOf?: ReadonlyMap<string, Record<string, string>>;
};
export type Evaluation = {
  records: number;
  true_pairs: number;
  candidate_pairs: number;
  rows_ignored: { duplicate: number; same_partnership: number; unknown_ref: number; self: number };
  strong: Scores;
  possible: Scores;
  best: Scores & { threshold: number };
  /** per error token: true pairs carrying it (on either record), and how many were missed at each level */
  by_error: Record<string, { true_pairs: number; missed_possible: number; missed_strong: number; recall_possible: number; recall_strong: number }>;
  /** false positives by what produced them (a hard-negative kind, or what the two records shared) */
  false_positives: { possible: Record<string, number>; strong: Record<string, number> };
  /** cross-partnership pairs of different children inside hard-negative groups, and how many were raised */
  hard_negatives: Record<string, { pairs: number; raised_possible: number; raised_strong: number }>;
};

const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const ratio = (n: number, d: number) => (d === 0 ? (n === 0 ? 1 : 0) : n / d);
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

function scores(pairs: number, tp: number, truePairs: number): Scores {
  const fp = pairs - tp;
  const precision = pairs === 0 ? 0 : tp / pairs;
  const recall = ratio(tp, truePairs);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { pairs, tp, fp, fn: truePairs - tp, precision: r4(precision), recall: r4(recall), f1: r4(f1) };
}

/** All cross-partnership pairs of refs with the same person id, as keys. */
export function truePairKeys(personOf: ReadonlyMap<string, string>, partnershipOf: ReadonlyMap<string, string>): Set<string> {
  const byPerson = new Map<string, string[]>();
  for (const [ref, person] of personOf) {
    const refs = byPerson.get(person);
    if (refs) refs.push(ref);
    else byPerson.set(person, [ref]);
  }
  const out = new Set<string>();
  for (const refs of byPerson.values()) {
    for (let i = 0; i < refs.length; i++) {
      for (let j = i + 1; j < refs.length; j++) if (partnershipOf.get(refs[i]!) !== partnershipOf.get(refs[j]!)) out.add(key(refs[i]!, refs[j]!));
    }
  }
  return out;
}

const hnOf = (tokens: readonly string[] | undefined) => tokens?.find((t) => t.startsWith('hn:'))?.slice(3);
const norm = (s: string | undefined) =>
  (s ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** What a false positive's two records (different children) had in common. */
function falsePositiveKind(a: string, b: string, input: EvaluationInput): string {
  const ha = hnOf(input.notesOf?.get(a));
  const hb = hnOf(input.notesOf?.get(b));
  if (ha && ha === hb) return ha.split('#')[0]!;
  const ra = input.recordOf?.get(a);
  const rb = input.recordOf?.get(b);
  if (!ra || !rb) return 'other';
  const sameName = norm(ra.first_name) !== '' && norm(ra.first_name) === norm(rb.first_name) && norm(ra.last_name) === norm(rb.last_name);
  const dobA = ra.date_of_birth ?? '';
  const dobB = rb.date_of_birth ?? '';
  if (sameName && dobA && dobA === dobB) return 'same_name_and_dob';
  if (sameName && dobA.slice(0, 4) === dobB.slice(0, 4) && dobA) return 'same_name_and_year';
  if (sameName) return 'same_name';
  if (norm(ra.last_name) && norm(ra.last_name) === norm(rb.last_name) && dobA && dobA === dobB) return 'same_surname_and_dob';
  return 'other';
}

export function evaluate(input: EvaluationInput): Evaluation {
  const { personOf, partnershipOf } = input;
  const truth = truePairKeys(personOf, partnershipOf);
  const ignored = { duplicate: 0, same_partnership: 0, unknown_ref: 0, self: 0 };
  const chosen = new Map<string, CandidatePair>();
  for (const p of input.pairs) {
    if (p.a === p.b) {
      ignored.self++;
      continue;
    }
    if (!personOf.has(p.a) || !personOf.has(p.b)) {
      ignored.unknown_ref++;
      continue;
    }
    if (partnershipOf.get(p.a) === partnershipOf.get(p.b)) {
      ignored.same_partnership++;
      continue;
    }
    const k = key(p.a, p.b);
    const had = chosen.get(k);
    if (had) {
      ignored.duplicate++;
      if (p.probability > had.probability || (p.level === 'strong' && had.level !== 'strong'))
        chosen.set(k, {
          ...p,
          level: p.level === 'strong' || had.level === 'strong' ? 'strong' : 'possible',
          probability: Math.max(p.probability, had.probability),
        });
    } else chosen.set(k, p);
  }
  const rows = [...chosen.entries()];
  const isTrue = (k: string) => truth.has(k);
  const strongRows = rows.filter(([, p]) => p.level === 'strong');
  const strong = scores(strongRows.length, strongRows.filter(([k]) => isTrue(k)).length, truth.size);
  const possible = scores(rows.length, rows.filter(([k]) => isTrue(k)).length, truth.size);

  // Best F1 over thresholds: every distinct probability as a cut (pairs at or above it are predicted).
  const sorted = rows.map(([k, p]) => ({ p: p.probability, t: isTrue(k) })).sort((x, y) => y.p - x.p);
  let best: Scores & { threshold: number } = { ...scores(0, 0, truth.size), threshold: Number.POSITIVE_INFINITY };
  let tp = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.t) tp++;
    if (i + 1 < sorted.length && sorted[i + 1]!.p === sorted[i]!.p) continue;
    const s = scores(i + 1, tp, truth.size);
    if (s.f1 > best.f1) best = { ...s, threshold: sorted[i]!.p };
  }

  // Recall by error, over the true pairs.
  const by_error: Evaluation['by_error'] = {};
  if (input.notesOf) {
    for (const k of truth) {
      const [a, b] = k.split('\u0000') as [string, string];
      const tokens = new Set([...(input.notesOf.get(a) ?? []), ...(input.notesOf.get(b) ?? [])].filter((t) => !t.startsWith('hn:')));
      if (!tokens.size) tokens.add('(none)');
      const found = chosen.get(k);
      for (const t of tokens) {
        const e = (by_error[t] ??= { true_pairs: 0, missed_possible: 0, missed_strong: 0, recall_possible: 0, recall_strong: 0 });
        e.true_pairs++;
        if (!found) e.missed_possible++;
        if (found?.level !== 'strong') e.missed_strong++;
      }
    }
    for (const e of Object.values(by_error)) {
      e.recall_possible = r4(1 - e.missed_possible / e.true_pairs);
      e.recall_strong = r4(1 - e.missed_strong / e.true_pairs);
    }
  }

  // False positives by kind.
  const false_positives: Evaluation['false_positives'] = { possible: {}, strong: {} };
  for (const [k, p] of rows) {
    if (isTrue(k)) continue;
    const [a, b] = k.split('\u0000') as [string, string];
    const kind = falsePositiveKind(a, b, input);
    false_positives.possible[kind] = (false_positives.possible[kind] ?? 0) + 1;
    if (p.level === 'strong') false_positives.strong[kind] = (false_positives.strong[kind] ?? 0) + 1;
  }

  // Hard-negative groups: every cross-partnership pair of different children in one group, and how many were raised.
  const hard_negatives: Evaluation['hard_negatives'] = {};
  if (input.notesOf) {
    const groups = new Map<string, string[]>();
    for (const [ref, tokens] of input.notesOf) {
      const g = hnOf(tokens);
      if (g) groups.set(g, [...(groups.get(g) ?? []), ref]);
    }
    for (const [g, refs] of groups) {
      const kind = g.split('#')[0]!;
      const h = (hard_negatives[kind] ??= { pairs: 0, raised_possible: 0, raised_strong: 0 });
      for (let i = 0; i < refs.length; i++) {
        for (let j = i + 1; j < refs.length; j++) {
          const [a, b] = [refs[i]!, refs[j]!];
          if (personOf.get(a) === personOf.get(b) || partnershipOf.get(a) === partnershipOf.get(b)) continue;
          h.pairs++;
          const found = chosen.get(key(a, b));
          if (found) h.raised_possible++;
          if (found?.level === 'strong') h.raised_strong++;
        }
      }
    }
  }

  return {
    records: personOf.size,
    true_pairs: truth.size,
    candidate_pairs: rows.length,
    rows_ignored: ignored,
    strong,
    possible,
    best: { ...best, threshold: Number.isFinite(best.threshold) ? best.threshold : Number.NaN },
    by_error: Object.fromEntries(Object.entries(by_error).sort((x, y) => y[1].missed_possible - x[1].missed_possible || x[0].localeCompare(y[0]))),
    false_positives,
    hard_negatives,
  };
}

// ------------------------------------------------------------------------------------------------------ files

function readPairs(file: string): CandidatePair[] {
  return readCsv(file, ['ref_a', 'ref_b', 'match_probability', 'level']).map((row, i) => {
    const level = row.level!.trim().toLowerCase();
    const probability = Number(row.match_probability);
    if (level !== 'strong' && level !== 'possible') throw new Error(`${file}, row ${i + 2}: level "${row.level}" is neither strong nor possible`);
    if (!Number.isFinite(probability)) throw new Error(`${file}, row ${i + 2}: match_probability "${row.match_probability}" is not a number`);
    return { a: row.ref_a!.trim(), b: row.ref_b!.trim(), probability, level };
  });
}

type EvaluateFiles = { pairs: string; truth: string; records?: string; notes?: string };

/** Reads the files and evaluates; records.csv and truth-notes.csv default to the ones beside truth.csv. */
export function evaluateFiles(files: EvaluateFiles): Evaluation {
  const dir = path.dirname(files.truth);
  const recordsFile = files.records ?? path.join(dir, 'records.csv');
  const notesFile = files.notes ?? path.join(dir, 'truth-notes.csv');
  if (!fs.existsSync(recordsFile)) throw new Error(`no ${recordsFile}: pass --records (the partnership of each ref is needed)`);
  const personOf = new Map(readCsv(files.truth, ['ref', 'person_id']).map((r) => [r.ref!, r.person_id!]));
  const records = readCsv(recordsFile, ['ref', 'partnership']);
  const partnershipOf = new Map(records.map((r) => [r.ref!, r.partnership!]));
  const recordOf = new Map(records.map((r) => [r.ref!, r]));
  const notesOf = fs.existsSync(notesFile)
    ? new Map(readCsv(notesFile, ['ref', 'errors']).map((r) => [r.ref!, r.errors ? r.errors.split(';') : []]))
    : undefined;
  return evaluate({ pairs: readPairs(files.pairs), personOf, partnershipOf, notesOf, recordOf });
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

function formatEvaluation(e: Evaluation): string {
  const line = (name: string, s: Scores) =>
    `${name.padEnd(10)} pairs ${String(s.pairs).padStart(8)}  precision ${pct(s.precision).padStart(7)}  recall ${pct(s.recall).padStart(7)}  F1 ${s.f1.toFixed(4)}  (TP ${s.tp}, FP ${s.fp}, FN ${s.fn})`;
  const out = [
    `${e.records} records, ${e.true_pairs} true cross-partnership pairs, ${e.candidate_pairs} candidate pairs`,
    line('strong', e.strong),
    line('possible', e.possible),
    `${line('best F1', e.best)} at match_probability ≥ ${e.best.threshold}`,
  ];
  const ign = Object.entries(e.rows_ignored).filter(([, n]) => n > 0);
  if (ign.length) out.push(`rows ignored: ${ign.map(([k, n]) => `${k.replace('_', ' ')} ${n}`).join(', ')}`);
  const errs = Object.entries(e.by_error);
  if (errs.length) {
    out.push('', 'Recall by error on the true pairs (either record)        pairs  missed(possible)  missed(strong)');
    for (const [k, v] of errs)
      out.push(
        `  ${k.padEnd(52)}${String(v.true_pairs).padStart(6)}${`${v.missed_possible} (${pct(v.recall_possible)})`.padStart(18)}${`${v.missed_strong} (${pct(v.recall_strong)})`.padStart(16)}`,
      );
  }
  const fps = Object.entries(e.false_positives.possible).sort((x, y) => y[1] - x[1]);
  if (fps.length) {
    out.push('', 'False positives by kind                                  possible  strong');
    for (const [k, n] of fps) out.push(`  ${k.padEnd(52)}${String(n).padStart(8)}${String(e.false_positives.strong[k] ?? 0).padStart(8)}`);
  }
  const hns = Object.entries(e.hard_negatives);
  if (hns.length) {
    out.push('', 'Hard negatives (cross-partnership pairs of different children)   pairs  raised(possible)  raised(strong)');
    for (const [k, v] of hns)
      out.push(`  ${k.padEnd(62)}${String(v.pairs).padStart(6)}${String(v.raised_possible).padStart(18)}${String(v.raised_strong).padStart(16)}`);
  }
  return out.join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string' },
      truth: { type: 'string' },
      records: { type: 'string' },
      notes: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.pairs || !values.truth) {
    console.error('usage: node bench/linkage/evaluate.ts --pairs pairs.csv --truth truth.csv [--records records.csv] [--notes truth-notes.csv] [--json]');
    process.exit(2);
  }
  const e = evaluateFiles({ pairs: values.pairs, truth: values.truth, records: values.records, notes: values.notes });
  console.log(values.json ? JSON.stringify(e, null, 2) : formatEvaluation(e));
}
