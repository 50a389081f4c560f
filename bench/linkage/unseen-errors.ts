/**
 * Errors the generator does not make (issue 14: the engine is judged on records it has never seen). Takes a generated
 * set and, on a share of the records of children held by two or more partnerships, applies one error of a kind
 * generate.ts never applies; writes a new set beside it with the same truth, and notes naming the new error, so
 * evaluate.ts reports recall by it.
 *
 *   node bench/linkage/unseen-errors.ts --in DIR --out DIR2 [--share 0.5] [--seed 5]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readCsv, writeCsv } from './csv.ts';

const header = ['ref', 'partnership', 'first_name', 'last_name', 'date_of_birth', 'gender', 'postcode', 'aliases'] as const;
type Row = Record<(typeof header)[number], string>;

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const shiftDate = (iso: string, f: (d: Date) => void) => {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  f(d);
  return d.toISOString().slice(0, 10);
};

/** Each kind: a name, and a change that returns the row changed, or undefined when it does not apply to this row. */
const kinds: { name: string; apply: (r: Row, rand: () => number) => Row | undefined }[] = [
  // Punctuation in a surname typed differently: O'Brien → OBrien, Smith-Jones → Smith Jones.
  {
    name: 'unseen_punctuation',
    apply: (r) => (/['’-]/.test(r.last_name) ? { ...r, last_name: r.last_name.replace(/['’]/g, '').replace(/-/g, ' ') } : undefined),
  },
  // A doubled or single letter: Thompson → Thomson, Philips → Phillips.
  {
    name: 'unseen_double_letter',
    apply: (r) => {
      const m = /([a-z])\1/i.exec(r.last_name);
      if (m) return { ...r, last_name: r.last_name.slice(0, m.index) + r.last_name.slice(m.index + 1) };
      const i = r.last_name.search(/[lnrst](?=[aeiouy])/i);
      return i > 0 ? { ...r, last_name: r.last_name.slice(0, i + 1) + r.last_name.slice(i) } : undefined;
    },
  },
  // A title or the middle name in the first-name field: "Miss Amelia", "Amelia Rose".
  {
    name: 'unseen_title_or_middle',
    apply: (r, rand) =>
      r.first_name ? { ...r, first_name: rand() < 0.5 ? `${r.gender === 'Male' ? 'Master' : 'Miss'} ${r.first_name}` : `${r.first_name} Marie` } : undefined,
  },
  // A first name cut short by a field limit or a hurried clerk: Alexandra → Alexand.
  {
    name: 'unseen_truncated_first',
    apply: (r) => (r.first_name.length >= 7 ? { ...r, first_name: r.first_name.slice(0, r.first_name.length - 2) } : undefined),
  },
  // The year of birth one out (the commonest date error after day/month: a child's age remembered, not the date).
  {
    name: 'unseen_year_off',
    apply: (r, rand) =>
      r.date_of_birth ? { ...r, date_of_birth: shiftDate(r.date_of_birth, (d) => d.setUTCFullYear(d.getUTCFullYear() + (rand() < 0.5 ? -1 : 1))) } : undefined,
  },
  // Only the month and year known: recorded as the 1st of the month.
  {
    name: 'unseen_first_of_month',
    apply: (r) => (r.date_of_birth && !r.date_of_birth.endsWith('-01') ? { ...r, date_of_birth: `${r.date_of_birth.slice(0, 8)}01` } : undefined),
  },
  // A postcode typed without its space, in lower case, or only its outward half.
  {
    name: 'unseen_postcode_format',
    apply: (r, rand) =>
      r.postcode ? { ...r, postcode: rand() < 0.5 ? r.postcode.replace(/\s+/g, '').toLowerCase() : r.postcode.split(/\s+/)[0]! } : undefined,
  },
  // Gender written another way: F, M, girl, boy, unknown.
  {
    name: 'unseen_gender_words',
    apply: (r, rand) =>
      r.gender
        ? { ...r, gender: r.gender === 'Female' ? (rand() < 0.5 ? 'F' : 'girl') : r.gender === 'Male' ? (rand() < 0.5 ? 'M' : 'boy') : 'unknown' }
        : undefined,
  },
  // The whole name in the first-name field and the surname left empty.
  {
    name: 'unseen_full_name_in_first',
    apply: (r) => (r.first_name && r.last_name ? { ...r, first_name: `${r.first_name} ${r.last_name}`, last_name: '' } : undefined),
  },
];

function main() {
  const { values } = parseArgs({
    options: { in: { type: 'string' }, out: { type: 'string' }, share: { type: 'string', default: '0.5' }, seed: { type: 'string', default: '5' } },
  });
  if (!values.in || !values.out) throw new Error('usage: node bench/linkage/unseen-errors.ts --in DIR --out DIR2 [--share 0.5] [--seed 5]');
  const rand = rng(Number(values.seed));
  const share = Number(values.share);
  const rows = readCsv(path.join(values.in, 'records.csv'), [...header]) as Row[];
  const truth = readCsv(path.join(values.in, 'truth.csv'), ['ref', 'person_id']);
  const personOf = new Map(truth.map((t) => [t.ref!, t.person_id!]));
  const partnershipsOf = new Map<string, Set<string>>();
  for (const r of rows) {
    const p = personOf.get(r.ref)!;
    if (!partnershipsOf.has(p)) partnershipsOf.set(p, new Set());
    partnershipsOf.get(p)!.add(r.partnership);
  }
  const seen = new Set<string>();
  const notes: string[][] = [];
  const counts = new Map<string, number>();
  const out = rows.map((r) => {
    const p = personOf.get(r.ref)!;
    const first = !seen.has(p);
    seen.add(p);
    // The first record of each child stays as it was; a later one (another partnership's) may carry the new error.
    if (first || partnershipsOf.get(p)!.size < 2 || rand() >= share) {
      notes.push([r.ref, p, '']);
      return r;
    }
    const start = Math.floor(rand() * kinds.length);
    for (let i = 0; i < kinds.length; i++) {
      const k = kinds[(start + i) % kinds.length]!;
      const changed = k.apply(r, rand);
      if (changed) {
        notes.push([r.ref, p, k.name]);
        counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
        return changed;
      }
    }
    notes.push([r.ref, p, '']);
    return r;
  });
  fs.mkdirSync(values.out, { recursive: true });
  writeCsv(
    path.join(values.out, 'records.csv'),
    header,
    out.map((r) => header.map((h) => r[h] ?? '')),
  );
  fs.copyFileSync(path.join(values.in, 'truth.csv'), path.join(values.out, 'truth.csv'));
  writeCsv(path.join(values.out, 'truth-notes.csv'), ['ref', 'person_id', 'errors'], notes);
  console.log(`${out.length} records; unseen errors applied: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
}

main();
