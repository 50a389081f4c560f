/**
 * Where the true pairs the engine misses go (issue 14, accuracy): links a generated set in one process under a fixed
 * key, then sorts every true pair not raised at strong (and at possible) into "never compared" (no blocking key in
 * common) or "compared, scored below", by the errors on its two records and by its comparison levels, and lists
 * examples in plaintext (synthetic children only).
 *
 *   node bench/linkage/misses.ts --dir DIR [--key K] [--examples 30] [--json]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readCsv } from './csv.ts';
import { createEncoder, type EncodedChild } from '../../src/domain/linkage/encode.ts';
import { linkAll } from '../../src/domain/linkage/link.ts';
import { compare, newComparison, prepare, fieldNames, levelLabels, missing, type PreparedChild } from '../../src/domain/linkage/compare.ts';
import { countTerms, emptyTermFrequencies, priorBits, scoreBits, termCounts, weightsOf } from '../../src/domain/linkage/model.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    key: { type: 'string', default: 'misses-fixed-key-0123456789' },
    examples: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
    strong: { type: 'string' },
    possible: { type: 'string' },
    grep: { type: 'string' },
  },
});
if (!values.dir) throw new Error('usage: node bench/linkage/misses.ts --dir DIR');
const dir = values.dir;
const records = readCsv(path.join(dir, 'records.csv'));
const truth = new Map(readCsv(path.join(dir, 'truth.csv')).map((r) => [r.ref!, r.person_id!]));
const allNotes = new Map(readCsv(path.join(dir, 'truth-notes.csv')).map((r) => [r.ref!, r.errors ? r.errors.split(';') : []]));
const notes = new Map([...allNotes].map(([k, v]) => [k, v.filter((t) => !t.startsWith('hn:'))]));
const enc = createEncoder(values.key!);
const split = (s: string | undefined) =>
  (s ?? '')
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean);
const encodings: EncodedChild[] = records.map((r) =>
  enc.encode({
    firstName: r.first_name || null,
    lastName: r.last_name || null,
    aliases: split(r.aliases),
    dateOfBirth: r.date_of_birth || null,
    gender: r.gender || null,
    postcodes: split(r.postcode),
  }),
);
const t0 = performance.now();
const thresholds = { ...(values.strong ? { strong: Number(values.strong) } : {}), ...(values.possible ? { possible: Number(values.possible) } : {}) };
const { candidates, model, stats } = linkAll(
  records.map((r, i) => ({ id: r.ref!, partnership: r.partnership!, encoding: encodings[i]! })),
  { thresholds, explain: true },
);
const linkMs = performance.now() - t0;
const idx = new Map(records.map((r, i) => [r.ref!, i]));
const key = (a: number, b: number) => (a < b ? a * 4194304 + b : b * 4194304 + a);
const found = new Map<number, { level: string; p: number; why: string }>();
const why = (e: (typeof candidates)[number]['explanation']) =>
  e
    ? `prior ${e.priorBits} ${e.fields
        .filter((f) => f.bits !== 0)
        .map((f) => `${f.field.slice(0, 3)} ${f.bits}${f.termFrequencyAdjusted ? 't' : ''}`)
        .join(
          ' ',
        )}${e.oneToOneBits ? ` 1:1 ${e.oneToOneBits}` : ''}${e.partnershipsBits ? ` pp ${e.partnershipsBits}` : ''}${e.threePartnershipsBits ? ` tri ${e.threePartnershipsBits}` : ''} = ${e.totalBits}`
    : '';
for (const c of candidates) found.set(key(idx.get(c.a)!, idx.get(c.b)!), { level: c.level, p: c.probability, why: why(c.explanation) });

// true pairs
const byPerson = new Map<string, number[]>();
records.forEach((r, i) => {
  const p = truth.get(r.ref!)!;
  (byPerson.get(p) ?? byPerson.set(p, []).get(p)!).push(i);
});
const recs: PreparedChild[] = encodings.map((e) => prepare(e));
const tf = emptyTermFrequencies();
for (const r of recs) countTerms(tf, r.first?.x ?? null, r.last?.x ?? null, r.dob?.e ?? null, 1, r.aliases);
const w = weightsOf(model);
const prior = priorBits(model, recs.length);
const c = newComparison();
type Miss = { i: number; j: number; blocked: boolean; own: number; p?: number; why?: string; levels: string; errors: string[] };
const missStrong: Miss[] = [];
const missPossible: Miss[] = [];
let truePairs = 0;
let tpStrong = 0;
let tpPossible = 0;
const levelName = (f: number, l: number) => (l === missing ? '-' : levelLabels[fieldNames[f]!][l]!);
for (const refs of byPerson.values()) {
  for (let x = 0; x < refs.length; x++)
    for (let y = x + 1; y < refs.length; y++) {
      const i = refs[x]!;
      const j = refs[y]!;
      if (records[i]!.partnership === records[j]!.partnership) continue;
      truePairs++;
      const f = found.get(key(i, j));
      if (f) tpPossible++;
      if (f?.level === 'strong') {
        tpStrong++;
        continue;
      }
      const bi = new Set(recs[i]!.blocks);
      const blocked = recs[j]!.blocks.some((b) => bi.has(b));
      compare(recs[i]!, recs[j]!, c);
      const own = scoreBits(w, c.levels, termCounts(c, tf), prior);
      const lv = [0, 1, 2, 3, 5, 8].map((fi) => `${fieldNames[fi]!.slice(0, 5)}:${levelName(fi, c.levels[fi]!)}`).join(' | ');
      const errors = [...new Set([...(notes.get(records[i]!.ref!) ?? []), ...(notes.get(records[j]!.ref!) ?? [])])].sort();
      const m: Miss = { i, j, blocked, own, p: f?.p, why: f?.why, levels: lv, errors };
      missStrong.push(m);
      if (!f) missPossible.push(m);
    }
}
const tally = (ms: Miss[], f: (m: Miss) => string[]) => {
  const t = new Map<string, number>();
  for (const m of ms) for (const k of f(m)) t.set(k, (t.get(k) ?? 0) + 1);
  return [...t].sort((a, b) => b[1] - a[1]);
};
const show = (r: Record<string, string>) => `${r.first_name}|${r.last_name}|${r.date_of_birth}|${r.gender}|${r.postcode}|${r.aliases}`;
const report = (name: string, ms: Miss[]) => {
  console.log(`\n== missed at ${name}: ${ms.length} of ${truePairs} (${ms.filter((m) => !m.blocked).length} never compared)`);
  console.log('  by error (a pair under each error of either record; [never compared / scored below]):');
  const nb = new Map(
    tally(
      ms.filter((m) => !m.blocked),
      (m) => (m.errors.length ? m.errors : ['(none)']),
    ),
  );
  for (const [k, n] of tally(ms, (m) => (m.errors.length ? m.errors : ['(none)'])).slice(0, 25))
    console.log(`    ${k.padEnd(40)} ${String(n).padStart(5)}  [${nb.get(k) ?? 0} / ${n - (nb.get(k) ?? 0)}]`);
  console.log('  by error combination:');
  for (const [k, n] of tally(ms, (m) => [m.errors.join('+') || '(none)']).slice(0, 25)) console.log(`    ${k.padEnd(70)} ${String(n).padStart(5)}`);
  console.log('  by levels (compared ones):');
  for (const [k, n] of tally(
    ms.filter((m) => m.blocked),
    (m) => [m.levels],
  ).slice(0, 25))
    console.log(`    ${String(n).padStart(5)}  ${k}`);
  const ex = Number(values.examples);
  console.log('  examples:');
  const shuffled = [...ms]
    .filter((m) => !values.grep || `${m.levels} ${m.errors.join(',')}`.includes(values.grep))
    .sort((a, b) => ((a.i * 7919 + a.j) % 1009) - ((b.i * 7919 + b.j) % 1009));
  for (const m of shuffled.slice(0, ex))
    console.log(
      `    ${m.blocked ? 'cmp' : 'NOB'} own ${m.own.toFixed(1).padStart(6)} p ${m.p?.toFixed(3) ?? '  -  '}  ${show(records[m.i]!)}  ~  ${show(records[m.j]!)}  [${m.errors.join(',')}]  ${m.levels}${m.why ? `\n        ${m.why}` : ''}`,
    );
};
console.log(
  `${records.length} records, ${truePairs} true pairs; strong R ${(tpStrong / truePairs).toFixed(4)}, possible R ${(tpPossible / truePairs).toFixed(4)}; candidates ${candidates.length} (strong ${candidates.filter((x) => x.level === 'strong').length}); blocked pairs ${stats.blockedPairs}; link ${(linkMs / 1000).toFixed(1)} s`,
);
const fpS = candidates.filter((x) => x.level === 'strong' && truth.get(x.a) !== truth.get(x.b)).length;
const fpP = candidates.filter((x) => truth.get(x.a) !== truth.get(x.b)).length;
const ps = (tpStrong / (tpStrong + fpS)).toFixed(4);
const pp = (tpPossible / (tpPossible + fpP)).toFixed(4);
let bestF1 = 0;
{
  const sorted = [...candidates].sort((x, y) => y.probability - x.probability);
  let t = 0;
  sorted.forEach((x, i) => {
    if (truth.get(x.a) === truth.get(x.b)) t++;
    const f1 = (2 * t) / (i + 1 + truePairs);
    if (f1 > bestF1 && (i + 1 === sorted.length || sorted[i + 1]!.probability !== x.probability)) bestF1 = f1;
  });
}
console.log(`strong P ${ps} (FP ${fpS}), possible P ${pp} (FP ${fpP}); best F1 ${bestF1.toFixed(4)}`);
console.log('model m/u bits:');
fieldNames.forEach((n, f) =>
  console.log(`  ${n.padEnd(14)} ${Array.from(w.bits[f]!, (b, l) => `${levelLabels[n][l]!.slice(0, 18)} ${b.toFixed(1)}`).join('; ')}`),
);
console.log(`  prior ${prior.toFixed(1)} bits; matchesPerRecord ${model.matchesPerRecord.toFixed(3)}`);
report('strong', missStrong);
report('possible', missPossible);
// calibration: candidates by probability band, how many true
const bands = [0.9999, 0.999, 0.995, 0.99, 0.98, 0.95, 0.9, 0.8, 0.5, 0];
console.log('\ncalibration (band: pairs, true, precision; cumulative precision / recall from the top)');
let cumT = 0;
let cumN = 0;
for (let b = 0; b < bands.length - 1 + 1; b++) {
  const hi = b === 0 ? 2 : bands[b - 1]!;
  const lo = bands[b]!;
  const inBand = candidates.filter((x) => x.probability >= lo && x.probability < hi);
  if (!inBand.length) continue;
  const t = inBand.filter((x) => truth.get(x.a) === truth.get(x.b)).length;
  cumT += t;
  cumN += inBand.length;
  console.log(
    `  [${lo}, ${hi === 2 ? 1 : hi}): ${String(inBand.length).padStart(6)} ${String(t).padStart(6)} ${(t / inBand.length).toFixed(4)}   cum P ${(cumT / cumN).toFixed(4)} R ${(cumT / truePairs).toFixed(4)}`,
  );
}
const fpList = candidates.filter((x) => x.level === 'strong' && truth.get(x.a) !== truth.get(x.b));
console.log(`\nfalse positives at strong: ${fpList.length}`);
for (const x of fpList.slice(0, Number(values.examples)))
  console.log(
    `  p ${x.probability.toFixed(5)}  ${show(records[idx.get(x.a)!]!)}  ~  ${show(records[idx.get(x.b)!]!)}  [${(allNotes.get(x.a) ?? []).join(',')} / ${(allNotes.get(x.b) ?? []).join(',')}] ${
      readCsv(path.join(dir, 'truth-notes.csv')).length ? '' : ''
    }\n      ${why(x.explanation)}`,
  );
