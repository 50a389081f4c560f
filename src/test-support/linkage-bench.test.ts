// The linkage bench's generator and evaluator (bench/linkage/): deterministic sets with truth, and the scoring arithmetic.
// They live under bench/ (npm test globs src/ only), so their tests are here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLinkageSet, writeLinkageSet, summarise, typo, rng, RECORD_HEADER } from '../../bench/linkage/generate.ts';
import { evaluate, evaluateFiles, truePairKeys, type CandidatePair } from '../../bench/linkage/evaluate.ts';
import { readCsv } from '../../bench/linkage/csv.ts';
import { runLinkageScenarios } from '../../bench/linkage/scenarios.ts';

test('the generator is deterministic by seed, and a different seed gives a different set', () => {
  const a = generateLinkageSet({ size: 'small', seed: 5 });
  const b = generateLinkageSet({ size: 'small', seed: 5 });
  const c = generateLinkageSet({ size: 'small', seed: 6 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.records, c.records);
});

test('a small set: about 2,600 records in 3 partnerships, every ref with a person, 10–20% of children in 2+ partnerships', () => {
  const set = generateLinkageSet({ size: 'small', seed: 1 });
  assert.equal(set.records.length, 2600);
  assert.deepEqual(set.partnerships, ['P001', 'P002', 'P003']);
  const refs = new Set(set.records.map((r) => r.ref));
  assert.equal(refs.size, set.records.length);
  assert.deepEqual(new Set(set.truth.map((t) => t.ref)), refs);
  for (const r of set.records) {
    assert.match(r.date_of_birth, /^(\d{4}-\d{2}-\d{2})?$/);
    assert.ok(r.ref && r.partnership);
  }
  // Ages 10–17 at the as-of date (an error may move a date a little, never out of the 2000s).
  const years = set.records.filter((r) => r.date_of_birth).map((r) => Number(r.date_of_birth.slice(0, 4)));
  assert.ok(
    years.every((y) => y >= 2000 && y <= 2019),
    'years of birth',
  );
  const s = summarise(set);
  const share = s.multiPartnershipPersons / s.persons;
  assert.ok(share >= 0.1 && share <= 0.2, `share in 2+ partnerships ${share}`);
  assert.ok(s.truePairs > 300);
  // Never twice in one partnership.
  const seen = new Set<string>();
  const partOf = new Map(set.records.map((r) => [r.ref, r.partnership]));
  for (const t of set.truth) {
    const k = `${t.person_id}/${partOf.get(t.ref)}`;
    assert.ok(!seen.has(k), k);
    seen.add(k);
  }
});

test('the errors and the hard negatives are recorded in the notes, in sensible proportions', () => {
  const set = generateLinkageSet({ records: 20000, partnerships: 20, seed: 3 });
  const count = (token: string) => set.notes.filter((n) => n.errors.includes(token)).length / set.notes.length;
  for (const t of [
    'nickname',
    'spelling_variant',
    'typo_first',
    'typo_last',
    'name_swap',
    'dob_day_month_swap',
    'dob_one_day_off',
    'dob_digit_off',
    'missing_postcode',
    'surname_changed',
    'double_barrel_one_part',
    'initials_only',
    'case_whitespace',
    'postcode_moved',
    'alias_street_name',
  ]) {
    assert.ok(count(t) > 0, `no record with ${t}`);
  }
  assert.ok(count('typo_last') > 0.02 && count('typo_last') < 0.06, `typo_last ${count('typo_last')}`);
  assert.ok(count('missing_dob') > 0.01 && count('missing_dob') < 0.03);
  // Twins: one group, two children, one surname, date of birth and home postcode between them (before noise: the
  // first record of each, unless noise touched those fields).
  const recordOf = new Map(set.records.map((r) => [r.ref, r]));
  const groups = new Map<string, { person: string; ref: string; errors: string[] }[]>();
  for (const n of set.notes) {
    const hn = n.errors.find((e) => e.startsWith('hn:'));
    if (hn) groups.set(hn, [...(groups.get(hn) ?? []), { person: n.person_id, ref: n.ref, errors: n.errors }]);
  }
  const kinds = new Set([...groups.keys()].map((g) => g.slice(3).split('#')[0]));
  assert.deepEqual([...kinds].sort(), ['common_name_week', 'common_name_year', 'sibling', 'twin']);
  let twinsChecked = 0;
  for (const [g, members] of groups) {
    if (!g.startsWith('hn:twin#')) continue;
    const persons = new Set(members.map((m) => m.person));
    assert.equal(persons.size, 2, g);
    const clean = members.filter((m) => m.errors.length === 1); // only the hn token
    if (clean.length === 2 && clean[0]!.person !== clean[1]!.person) {
      const [a, b] = clean.map((m) => recordOf.get(m.ref)!) as [(typeof set.records)[0], (typeof set.records)[0]];
      assert.equal(a.date_of_birth, b.date_of_birth);
      assert.equal(a.last_name.toLowerCase(), b.last_name.toLowerCase());
      assert.notEqual(a.first_name, b.first_name);
      twinsChecked++;
    }
  }
  assert.ok(twinsChecked > 0);
});

test('typing slips change a word by one edit', () => {
  const r = rng(9);
  for (let i = 0; i < 200; i++) {
    const t = typo('Ashworth', r);
    assert.notEqual(t, 'Ashworth');
    assert.ok(Math.abs(t.length - 8) <= 1);
    assert.equal(t[0], 'A');
  }
});

test('the files: the exact header, quoted fields round-trip, and the evaluator reads them', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkage-bench-'));
  try {
    const set = generateLinkageSet({ records: 400, partnerships: 4, seed: 2 });
    set.records[0] = { ...set.records[0]!, first_name: ' Jo, "JJ"', aliases: ['Tiny', 'Lil K'] };
    writeLinkageSet(set, dir);
    assert.equal(fs.readFileSync(path.join(dir, 'records.csv'), 'utf8').split('\n')[0], RECORD_HEADER.join(','));
    assert.equal(
      fs.readFileSync(path.join(dir, 'records.csv'), 'utf8').split('\n')[0],
      'ref,partnership,first_name,last_name,date_of_birth,gender,postcode,aliases',
    );
    const back = readCsv(path.join(dir, 'records.csv'));
    assert.equal(back.length, 400);
    assert.equal(back[0]!.first_name, ' Jo, "JJ"');
    assert.equal(back[0]!.aliases, 'Tiny|Lil K');
    // A perfect run: every true pair, strong.
    const personOf = new Map(set.truth.map((t) => [t.ref, t.person_id]));
    const partnershipOf = new Map(set.records.map((r) => [r.ref, r.partnership]));
    const lines = ['ref_a,ref_b,match_probability,level', ...[...truePairKeys(personOf, partnershipOf)].map((k) => `${k.replace('\u0000', ',')},0.99,strong`)];
    fs.writeFileSync(path.join(dir, 'pairs.csv'), `${lines.join('\n')}\n`);
    const e = evaluateFiles({ pairs: path.join(dir, 'pairs.csv'), truth: path.join(dir, 'truth.csv') });
    assert.equal(e.strong.f1, 1);
    assert.equal(e.possible.recall, 1);
    assert.equal(e.true_pairs, lines.length - 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the evaluator: precision, recall and F1 at each level, the best threshold, and what it ignores', () => {
  // Person X in A, B and C (3 true pairs); person Y in A and B (1 true pair); Z alone; W (Y's twin) in C.
  const personOf = new Map([
    ['a1', 'X'],
    ['b1', 'X'],
    ['c1', 'X'],
    ['a2', 'Y'],
    ['b2', 'Y'],
    ['a3', 'Z'],
    ['c2', 'W'],
    ['a4', 'X2'],
  ]);
  const partnershipOf = new Map([
    ['a1', 'A'],
    ['b1', 'B'],
    ['c1', 'C'],
    ['a2', 'A'],
    ['b2', 'B'],
    ['a3', 'A'],
    ['c2', 'C'],
    ['a4', 'A'],
  ]);
  const notesOf = new Map<string, string[]>([
    ['a2', ['hn:twin#1']],
    ['b2', ['typo_last', 'hn:twin#1']],
    ['c2', ['hn:twin#1']],
    ['c1', ['nickname']],
  ]);
  const pairs: CandidatePair[] = [
    { a: 'a1', b: 'b1', probability: 0.99, level: 'strong' }, // true
    { a: 'c1', b: 'a1', probability: 0.9, level: 'strong' }, // true (either order)
    { a: 'a1', b: 'c1', probability: 0.5, level: 'possible' }, // the same pair again: ignored, the strong one kept
    { a: 'b2', b: 'c2', probability: 0.8, level: 'strong' }, // false: twins
    { a: 'a2', b: 'b2', probability: 0.6, level: 'possible' }, // true
    { a: 'a3', b: 'c2', probability: 0.3, level: 'possible' }, // false
    { a: 'a1', b: 'a3', probability: 0.95, level: 'strong' }, // same partnership: ignored
    { a: 'a1', b: 'zz', probability: 0.95, level: 'strong' }, // unknown ref: ignored
  ];
  const e = evaluate({ pairs, personOf, partnershipOf, notesOf });
  assert.equal(e.true_pairs, 4); // a1-b1, a1-c1, b1-c1, a2-b2
  assert.equal(e.candidate_pairs, 5);
  assert.deepEqual(e.rows_ignored, { duplicate: 1, same_partnership: 1, unknown_ref: 1, self: 0 });
  // strong: a1-b1, a1-c1 (true), b2-c2 (false): precision 2/3, recall 2/4.
  assert.deepEqual(e.strong, { pairs: 3, tp: 2, fp: 1, fn: 2, precision: 0.6667, recall: 0.5, f1: 0.5714 });
  // possible: 5 rows, 3 true: precision 3/5, recall 3/4, F1 2/3.
  assert.deepEqual(e.possible, { pairs: 5, tp: 3, fp: 2, fn: 1, precision: 0.6, recall: 0.75, f1: 0.6667 });
  // Thresholds: 0.99 → 1/1, r 1/4 (F1 0.4); 0.9 → 2/2, r 2/4 (0.6667); 0.8 → 2/3, 2/4 (0.5714); 0.6 → 3/4, 3/4 (0.75); 0.3 → 0.6667.
  assert.equal(e.best.threshold, 0.6);
  assert.equal(e.best.f1, 0.75);
  assert.equal(e.best.precision, 0.75);
  // By error: b1-c1 (nickname) was missed; a1-c1 (nickname) found strong; a2-b2 (typo_last) found possible.
  assert.deepEqual(e.by_error.nickname, { true_pairs: 2, missed_possible: 1, missed_strong: 1, recall_possible: 0.5, recall_strong: 0.5 });
  assert.deepEqual(e.by_error.typo_last, { true_pairs: 1, missed_possible: 0, missed_strong: 1, recall_possible: 1, recall_strong: 0 });
  assert.deepEqual(e.false_positives, { possible: { twin: 1, other: 1 }, strong: { twin: 1 } });
  // Twin group: a2, b2 (Y) and c2 (W): cross pairs of different children a2-c2 and b2-c2; b2-c2 raised strong.
  assert.deepEqual(e.hard_negatives, { twin: { pairs: 2, raised_possible: 1, raised_strong: 1 } });
});

test('the evaluator with no pairs scores zero, not NaN', () => {
  const e = evaluate({
    pairs: [],
    personOf: new Map([
      ['a', 'X'],
      ['b', 'X'],
    ]),
    partnershipOf: new Map([
      ['a', 'A'],
      ['b', 'B'],
    ]),
  });
  assert.deepEqual(e.possible, { pairs: 0, tp: 0, fp: 0, fn: 1, precision: 0, recall: 0, f1: 0 });
  assert.equal(e.best.f1, 0);
});

test('the bench scenario: skipped with a reason while the engine has no command line; otherwise runs it, scores it and checks the targets', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linkage-scenario-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', scripts: {} }));
    const quiet = () => {};
    const [skipped] = await runLinkageScenarios(['linkage-small'], { app: dir, seed: 1, cacheDir: dir, log: quiet });
    assert.match(skipped!.skipped!, /no tracker:link script/);
    // A stand-in engine: every record paired with the next one in another partnership, "possible".
    fs.writeFileSync(
      path.join(dir, 'fake-link.ts'),
      `import fs from 'node:fs';
const a = process.argv; const input = a[a.indexOf('--input') + 1]; const output = a[a.indexOf('--output') + 1];
const rows = fs.readFileSync(input, 'utf8').trim().split('\\n').slice(1).map((l) => l.split(','));
const out = ['ref_a,ref_b,match_probability,level'];
for (let i = 0; i + 1 < rows.length; i++) if (rows[i][1] !== rows[i + 1][1]) out.push(rows[i][0] + ',' + rows[i + 1][0] + ',0.5,possible');
fs.writeFileSync(output, out.join('\\n') + '\\n');
console.log('done in 1 ms, peak memory 1 MB');
`,
    );
    const [r] = await runLinkageScenarios(['linkage-small'], {
      app: dir,
      seed: 1,
      cacheDir: dir,
      command: `${process.execPath} ${path.join(dir, 'fake-link.ts')}`,
      log: quiet,
    });
    assert.equal(r!.error, undefined);
    assert.equal(r!.dataset!.records, 2600);
    assert.equal(r!.candidate_pairs, 2);
    assert.deepEqual(r!.cli_printed, ['done in 1 ms, peak memory 1 MB']);
    assert.ok(r!.peak_rss_mb! > 0 && r!.wall_s! >= 0);
    assert.deepEqual(r!.met, { best_f1: false, strong_precision: false, strong_recall: false, possible_recall: false });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
