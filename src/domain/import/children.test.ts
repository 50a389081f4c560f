import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  headerField,
  importDate,
  splitAliases,
  sameChildKey,
  checkImport,
  markHeld,
  markLikely,
  importAnyway,
  importCounts,
  type ImportTable,
  type ImportRules,
} from './children.ts';

const rules: ImportRules = {
  shortName: 'Staffordshire',
  districts: [
    { id: 'stafford', name: 'Stafford' },
    { id: 'cannock', name: 'Cannock Chase' },
  ],
  genders: ['Female', 'Male', 'Non-binary', 'Not known'],
  today: '2026-06-01',
  maxRows: 5,
};
const table = (...rows: string[][]): ImportTable => ({ source: 'csv', rows: rows.map((cells, i) => ({ number: i + 1, cells })) });
const header = ['First name', 'Last name', 'Date of birth', 'Gender', 'Postcode', 'Aliases', 'District'];

test('headers are recognised whatever their case, spacing or punctuation', () => {
  assert.equal(headerField('First name'), 'firstName');
  assert.equal(headerField('first_name'), 'firstName');
  assert.equal(headerField('FORENAME'), 'firstName');
  assert.equal(headerField('Surname'), 'lastName');
  assert.equal(headerField('Date of birth (DD/MM/YYYY)'), 'dateOfBirth');
  assert.equal(headerField('DOB'), 'dateOfBirth');
  assert.equal(headerField('Child’s surname'), 'lastName');
  assert.equal(headerField('Known as'), 'aliases');
  assert.equal(headerField('district_id'), 'district');
  assert.equal(headerField('Ethnicity'), undefined, 'a column MACE does not import is not recognised');
});

test('issue 14: NHS number and UPN columns are recognised (optional), checked by their check digit and check letter, and normalised', () => {
  assert.equal(headerField('NHS number'), 'nhsNumber');
  assert.equal(headerField('NHS No.'), 'nhsNumber');
  assert.equal(headerField('UPN'), 'upn');
  assert.equal(headerField('Unique pupil number'), 'upn');
  const withIds = [...header, 'NHS number', 'UPN'];
  const out = checkImport(
    table(
      withIds,
      ['Amy', 'Tester', '02/01/2012', '', '', '', 'Stafford', '943 476 5919', 'b801200005001'],
      ['Ben', 'Tester', '02/01/2012', '', '', '', 'Stafford', '943 476 5918', 'A801200005001'],
      ['Cal', 'Tester', '02/01/2012', '', '', '', 'Stafford', '', ''],
    ),
    rules,
  );
  assert.deepEqual(out.errors, []);
  assert.equal(out.rows[0]!.child!.nhsNumber, '9434765919');
  assert.equal(out.rows[0]!.child!.upn, 'B801200005001');
  assert.equal(out.rows[1]!.status, 'problem');
  assert.deepEqual(out.rows[1]!.problems, [
    'Enter a valid NHS number: the last digit does not match the first nine (check it against a letter from the NHS)',
    'Enter a valid unique pupil number: the first letter does not match the rest (check it with the child’s school)',
  ]);
  assert.equal(out.rows[2]!.status, 'ready', 'both may be left empty');
  assert.ok(!('nhsNumber' in out.rows[2]!.child!) && !('upn' in out.rows[2]!.child!));
});

test('dates of birth: DD/MM/YYYY, ISO and, in a workbook, Excel day numbers; two-digit years and impossible dates refused', () => {
  assert.deepEqual(importDate('27/03/2011', false), { iso: '2011-03-27' });
  assert.deepEqual(importDate('7-3-2011', false), { iso: '2011-03-07' });
  assert.deepEqual(importDate('2011-03-27', false), { iso: '2011-03-27' });
  assert.deepEqual(importDate('40629', true), { iso: '2011-03-27' });
  assert.match(importDate('40629', false).error!, /is not a date/);
  assert.match(importDate('27/03/11', false).error!, /DD\/MM\/YYYY/);
  assert.match(importDate('31/02/2011', false).error!, /is not a real date/);
  assert.match(importDate('03/27/2011', false).error!, /is not a real date/);
});

test('aliases are separated by | or ; and kept once each', () => {
  assert.deepEqual(splitAliases(' Jay | JJ; jay ;; Jojo '), ['Jay', 'JJ', 'Jojo']);
  assert.deepEqual(splitAliases(''), []);
});

test('the same child: names compared ignoring case, accents, spaces, hyphens and apostrophes, with the date of birth', () => {
  assert.equal(sameChildKey('Zoë', "O'Neil-Smith", '2011-01-02'), sameChildKey('ZOE', 'Oneil Smith', '2011-01-02'));
  assert.notEqual(sameChildKey('Zoe', 'Oneil', '2011-01-02'), sameChildKey('Zoe', 'Oneil', '2011-01-03'));
  assert.notEqual(sameChildKey('Amy', 'Khan', '2011-01-02'), sameChildKey('Ava', 'Khan', '2011-01-02'), 'twins are two children');
});

test('a good row becomes a child: district by name or id, gender and postcode normalised, aliases split', () => {
  const out = checkImport(
    table(header, ['Amy', 'Tester', '02/01/2012', 'f', 'st162ab', 'Ames|A', 'cannock chase'], ['Ben', 'Tester', '2012-01-02', 'male', '', '', 'stafford']),
    rules,
  );
  assert.deepEqual(out.errors, []);
  assert.equal(out.rows[0]!.status, 'ready');
  assert.deepEqual(out.rows[0]!.child, {
    firstName: 'Amy',
    lastName: 'Tester',
    dateOfBirth: '2012-01-02',
    districtId: 'cannock',
    gender: 'Female',
    postcode: 'ST16 2AB',
    aliases: ['Ames', 'A'],
  });
  assert.equal(out.rows[1]!.child!.districtId, 'stafford');
  assert.equal(out.rows[1]!.child!.gender, 'Male');
});

test('each bad row names its problems and is not a child', () => {
  const out = checkImport(
    table(
      header,
      ['', 'Tester', '02/01/2030', 'Boy?', 'ZZ', '', 'Stoke North'],
      ['Cal', 'Tester', '', '', '', '', 'Stafford'],
      ['Dee', 'Tester', '02/01/1990', '', '', '', 'Stafford'],
      ['Eve', 'Tester', '02/01/2012', '', '', '', 'Stafford', 'stray'],
    ),
    rules,
  );
  assert.deepEqual(out.rows[0]!.problems, [
    'enter the child’s first name',
    'enter a date of birth in the past',
    '‘Stoke North’ is not one of Staffordshire’s districts',
    '‘Boy?’ is not a gender MACE records: use Female, Male, Non-binary, Not known',
    '‘ZZ’ is not a real postcode, like ST16 2AB',
  ]);
  assert.deepEqual(out.rows[1]!.problems, ['enter a date of birth']);
  assert.deepEqual(out.rows[2]!.problems, ['enter a date of birth within the last 25 years']);
  assert.match(out.rows[3]!.problems[0]!, /more cells than the header row/);
  assert.ok(out.rows.every((r) => r.status === 'problem' && !r.child));
  assert.deepEqual(
    out.rows.map((r) => r.row),
    [2, 3, 4, 5],
  );
});

test('issue 15 item 14: a name or alias with < or > is a problem of its row, not a child', () => {
  const out = checkImport(
    table(header, ['<script>Amy', 'Tester>', '02/01/2012', '', '', 'Ames|<b>A</b>', 'Stafford'], ['Amy', 'Tester', '02/01/2012', '', '', '', 'Stafford']),
    rules,
  );
  assert.deepEqual(out.rows[0]!.problems, ['first name must not include < or >', 'last name must not include < or >', 'an alias must not include < or >']);
  assert.equal(out.rows[0]!.status, 'problem');
  assert.equal(out.rows[1]!.status, 'ready', 'a name without them is fine');
});

test('the file: the header is the first row with anything in it; blank rows are passed over; missing or repeated columns and too many rows are named', () => {
  const ok = checkImport(table([''], header, ['', '', ''], ['Amy', 'Tester', '02/01/2012', '', '', '', 'Stafford']), rules);
  assert.deepEqual(
    ok.rows.map((r) => r.row),
    [4],
  );
  const missing = checkImport(table(['First name', 'Surname', 'Gender'], ['Amy', 'Tester', 'Female']), rules);
  assert.deepEqual(missing.errors, [
    'The file must have a column for each of first name, last name, date of birth and district: there is no column for date of birth and district',
  ]);
  const twice = checkImport(table(['First name', 'Forename', 'Last name', 'DOB', 'District']), rules);
  assert.match(twice.errors[0]!, /more than one first name column \(‘First name’ and ‘Forename’\)/);
  assert.deepEqual(checkImport(table(header), rules).errors, ['The file has no children in it: add a row for each child below the header row']);
  assert.match(checkImport(table(), rules).errors[0]!, /The file is empty/);
  const many = checkImport(table(header, ...Array.from({ length: 6 }, (_, i) => [`A${i}`, 'B', '01/01/2012', '', '', '', 'Stafford'])), rules);
  assert.deepEqual(many.errors, ['The file has 6 rows of children: import at most 5 at a time (split the file)']);
});

test('a row repeating an earlier row of the file, or a child already held, is marked and not imported', () => {
  const out = checkImport(
    table(
      header,
      ['Amy', 'Tester', '02/01/2012', '', '', '', 'Stafford'],
      ['AMY', 'tester', '2012-01-02', '', '', '', 'Stafford'],
      ['Zoë', 'Held', '03/04/2013', '', '', '', 'Stafford'],
    ),
    rules,
  );
  assert.equal(out.rows[1]!.status, 'repeated');
  assert.equal(out.rows[1]!.sameAsRow, 2);
  const marked = markHeld(out.rows, [{ id: 'c1', reference: 'MC000001', first_name: 'Zoe', last_name: 'Held', date_of_birth: '2013-04-03' }]);
  assert.equal(marked[2]!.status, 'held');
  assert.deepEqual(marked[2]!.heldAs, { id: 'c1', reference: 'MC000001' });
  assert.deepEqual(importCounts(marked), { rows: 3, ready: 1, held: 1, likely: 0, repeated: 1, problems: 0 });
});

test('issue 15 item 13: a row like an earlier row of the file (the Add a child form’s rule) is likely already recorded; a twin is not; dates near across a month, a year or swapped are found', () => {
  const row = (first: string, last: string, dob: string) => [first, last, dob, '', '', '', 'Stafford'];
  const { rows } = checkImport(
    table(
      header,
      row('Ottoline', 'Farrowdale', '31/01/2012'),
      row('Ottilene', 'Farrowdale', '01/02/2012'), // a slip in the first name, a day later across the month: like row 2
      row('Barnaby', 'Farrowdale', '31/01/2012'), // a twin: not likely
      row('Ottoline', 'Farowdale', '31/01/2013'), // a slip in the surname, the year one apart: like row 2
      row('Ottoline', 'Farrowdale', '01/31/2012'), // not a date: a problem, not compared
    ),
    { ...rules, maxRows: 10 },
  );
  const marked = markLikely(rows, new Map([[3, [{ id: 'c1', reference: 'MC000001' }]]]));
  assert.deepEqual(
    marked.map((r) => [r.row, r.status, r.likely?.rows ?? [], r.likely?.children.map((c) => c.reference) ?? []]),
    [
      [2, 'ready', [], []],
      [3, 'likely', [2], ['MC000001']],
      [4, 'ready', [], []],
      [5, 'likely', [2], []], // not like row 3: its date differs in day, month and year
      [6, 'problem', [], []],
    ],
  );
  assert.equal(importCounts(marked).likely, 2);
  const forced = importAnyway(marked, new Set([5, 2]));
  assert.deepEqual(
    forced.map((r) => [r.row, r.status, !!r.anyway]),
    [
      [2, 'ready', false],
      [3, 'likely', false],
      [4, 'ready', false],
      [5, 'ready', true],
      [6, 'problem', false],
    ],
  );
});
