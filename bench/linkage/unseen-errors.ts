/**
 * Errors the generator does not make (issue 14: the engine is judged on records it has never seen). Takes a generated
 * set and, on a share of the records of children held by two or more partnerships, applies one error of a kind
 * generate.ts never applies; writes a new set beside it with the same truth, and notes naming the new error, so
 * evaluate.ts reports recall by it.
 *
 *   node bench/linkage/unseen-errors.ts --in DIR --out DIR2 [--share 0.5] [--seed 5] [--kinds ocr_letters,decade_slip,...]
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
  // --- Session 11: kinds neither generate.ts nor the kinds above make ---
  // OCR or a keyboard confusing letter shapes in a name: rn / m, cl / d, a 0 for an O, a 1 for an l or I.
  {
    name: 'unseen_ocr_letters',
    apply: (r, rand) => {
      const field = rand() < 0.5 ? 'first_name' : 'last_name';
      const v = r[field];
      const swaps: [RegExp, string][] = [
        [/rn/, 'm'],
        [/m/, 'rn'],
        [/cl/, 'd'],
        [/d/, 'cl'],
        [/[oO]/, '0'],
        [/[lI]/, '1'],
        [/[il]/, 'I'],
      ];
      const ok = swaps.filter(([re]) => re.test(v.slice(1)));
      if (!v || !ok.length) return undefined;
      const [re, to] = ok[Math.floor(rand() * ok.length)]!;
      return { ...r, [field]: v[0] + v.slice(1).replace(re, to) };
    },
  },
  // A second surname added (a parent's, hyphenated or spaced), or a double-barrelled one run together: Smith → Smith-Khan, Smith-Jones → SmithJones.
  {
    name: 'unseen_double_barrel_changed',
    apply: (r, rand) => {
      if (!r.last_name) return undefined;
      if (/[-\s]/.test(r.last_name.trim()))
        return { ...r, last_name: r.last_name.replace(/[-\s]+(\p{L})/gu, (_, c: string) => (rand() < 0.5 ? c.toLowerCase() : c)) };
      const other = otherSurnames[Math.floor(rand() * otherSurnames.length)];
      if (!other || other.toLowerCase() === r.last_name.toLowerCase() || /[-\s]/.test(other)) return undefined;
      const sep = rand() < 0.7 ? '-' : ' ';
      return { ...r, last_name: rand() < 0.5 ? `${r.last_name}${sep}${other}` : `${other}${sep}${r.last_name}` };
    },
  },
  // A middle name in the first-name field, before or after the name the child is known by: Mary → Mary Grace, Grace Mary.
  {
    name: 'unseen_middle_name_order',
    apply: (r, rand) => {
      const other = otherFirstNames[Math.floor(rand() * otherFirstNames.length)];
      if (!r.first_name || !other || other.toLowerCase() === r.first_name.toLowerCase() || /\s/.test(r.first_name.trim())) return undefined;
      return { ...r, first_name: rand() < 0.5 ? `${other} ${r.first_name}` : `${r.first_name} ${other}` };
    },
  },
  // The tens digit of the year of birth one out (2012 → 2002 or 2022, 2008 → 2018): a slip on one digit, ten years.
  {
    name: 'unseen_decade_slip',
    apply: (r, rand) => {
      const m = /^(\d\d)(\d)(\d-\d\d-\d\d)$/.exec(r.date_of_birth);
      if (!m) return undefined;
      const t = Number(m[2]);
      const to = t === 0 ? 1 : t === 9 ? 8 : rand() < 0.5 ? t - 1 : t + 1;
      return { ...r, date_of_birth: `${m[1]}${to}${m[3]}` };
    },
  },
  // The date written as another system writes it: 14/03/2010, 2010/03/14, 14 Mar 2010, 14.03.10, or the American 03/14/2010.
  {
    name: 'unseen_date_format',
    apply: (r, rand) => {
      const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(r.date_of_birth);
      if (!m) return undefined;
      const [, y, mo, d] = m as unknown as [string, string, string, string];
      const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(mo) - 1];
      const forms = [`${d}/${mo}/${y}`, `${y}/${mo}/${d}`, `${Number(d)} ${mon} ${y}`, `${d}.${mo}.${y.slice(2)}`, `${mo}/${d}/${y}`];
      return { ...r, date_of_birth: forms[Math.floor(rand() * forms.length)]! };
    },
  },
  // A transliterated name spelled another way than the nickname table lists: Aleksandra / Alexandra, Yusuf / Youssef,
  // Fatima / Fatimah, Muhammed / Mohammad, Sophia / Sofia, Katarzyna / Katarsyna.
  {
    name: 'unseen_transliteration',
    apply: (r, rand) => {
      const rules: [RegExp, string][] = [
        [/x/, 'ks'],
        [/ks/, 'x'],
        [/ph/, 'f'],
        [/f(?=[aeiouy])/, 'ph'],
        [/ou/, 'u'],
        [/(?<=[^aeiou])u(?=[^aeiou])/, 'ou'],
        [/([aeiou])h$/, '$1'],
        [/([ae])$/, '$1h'],
        [/([bdgklmnprst])\1/, '$1'],
        [/([^aeiou])(?=[aeiou]$)/, '$1$1'],
        [/ss/, 's'],
        [/(?<=m)u/, 'o'],
        [/(?<=m)o/, 'u'],
        [/e(?=d$)/, 'a'],
        [/a(?=d$)/, 'e'],
        [/ie$/, 'y'],
        [/y$/, 'ie'],
        [/c(?=[aou])/, 'k'],
        [/k(?=[aou])/, 'c'],
        [/ee/, 'i'],
        [/(?<=[aeiou])s(?=[aeiou])/, 'z'],
        [/w/, 'v'],
        [/^j(?=[aeiou])/i, 'Y'],
        [/^y(?=[aeiou])/i, 'J'],
      ];
      const v = r.first_name;
      if (!v) return undefined;
      const lower = v.toLowerCase();
      const ok = rules.filter(([re]) => re.test(lower));
      if (!ok.length) return undefined;
      const [re, to] = ok[Math.floor(rand() * ok.length)]!;
      const out = lower.replace(re, to);
      if (out === lower) return undefined;
      return { ...r, first_name: out[0]!.toUpperCase() + out.slice(1).toLowerCase() };
    },
  },
  // The surname recorded as a parent's first name (patronymic naming, or the father's name taken for the family name).
  {
    name: 'unseen_parent_name_as_surname',
    apply: (r, rand) => {
      const other = otherFirstNames[Math.floor(rand() * otherFirstNames.length)];
      return r.last_name && other && !/\s/.test(other) ? { ...r, last_name: other } : undefined;
    },
  },
  // A suffix or title with the surname or first name: Smith Jnr, Smith II, Dr. (a clerk's habit), Ms.
  {
    name: 'unseen_title_suffix',
    apply: (r, rand) => {
      if (!r.last_name || !r.first_name) return undefined;
      const x = rand();
      return x < 0.5 ? { ...r, last_name: `${r.last_name} ${x < 0.25 ? 'Jnr' : 'II'}` } : { ...r, first_name: `${x < 0.75 ? 'Ms.' : 'Mr.'} ${r.first_name}` };
    },
  },
  // Gender as a code: 1 / 2 (the NHS data dictionary's male / female), 0 or 9 (not known, not specified), or N/A.
  {
    name: 'unseen_gender_codes',
    apply: (r, rand) =>
      r.gender
        ? { ...r, gender: r.gender === 'Female' || r.gender === 'F' ? '2' : r.gender === 'Male' || r.gender === 'M' ? '1' : rand() < 0.5 ? '9' : 'N/A' }
        : undefined,
  },
  // Case and spacing of a system that shouts or trims nothing: SMITH-JONES, "  mary  ", o'brien.
  {
    name: 'unseen_case_spacing',
    apply: (r, rand) =>
      r.first_name && r.last_name
        ? rand() < 0.5
          ? { ...r, first_name: `  ${r.first_name.toUpperCase()} `, last_name: r.last_name.toUpperCase().replace(/-/, ' - ') }
          : { ...r, first_name: r.first_name.toLowerCase(), last_name: ` ${r.last_name.toLowerCase()}  ` }
        : undefined,
  },
];

/** names seen in the set (filled in main, before any change), for the kinds that borrow another child's name */
const otherSurnames: string[] = [];
const otherFirstNames: string[] = [];

function main() {
  const { values } = parseArgs({
    options: {
      in: { type: 'string' },
      out: { type: 'string' },
      share: { type: 'string', default: '0.5' },
      seed: { type: 'string', default: '5' },
      kinds: { type: 'string' },
    },
  });
  if (!values.in || !values.out) throw new Error('usage: node bench/linkage/unseen-errors.ts --in DIR --out DIR2 [--share 0.5] [--seed 5]');
  const rand = rng(Number(values.seed));
  const share = Number(values.share);
  const rows = readCsv(path.join(values.in, 'records.csv'), [...header]) as Row[];
  for (const r of rows) {
    if (r.last_name) otherSurnames.push(r.last_name);
    if (r.first_name && !/\s/.test(r.first_name)) otherFirstNames.push(r.first_name);
  }
  // --kinds a,b: only these kinds (names with or without the unseen_ prefix), e.g. to measure each alone
  const wanted = values.kinds ? new Set(values.kinds.split(',').map((k) => (k.startsWith('unseen_') ? k : `unseen_${k}`))) : null;
  const use = wanted ? kinds.filter((k) => wanted.has(k.name)) : kinds;
  if (wanted && use.length !== wanted.size) throw new Error(`unknown kind in --kinds; known: ${kinds.map((k) => k.name).join(', ')}`);
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
    const start = Math.floor(rand() * use.length);
    for (let i = 0; i < use.length; i++) {
      const k = use[(start + i) % use.length]!;
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
