// Issue 14, session 11: what real records hold and the bench's generator does not make; each test names the rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEncoder, type ChildIdentity } from './encode.ts';
import { compare, newComparison, prepare, F, FN, LN, DOB } from './compare.ts';
import { nicknameGroupsOf, spellingKey, ambiguousSpellingKeys } from './nicknames.ts';
import { nameWords, normaliseDate, normaliseGender, normaliseGivenName, normaliseSurname } from './normalise.ts';

const enc = createEncoder('robust-test-key-0123456789abcdef');
const levels = (a: ChildIdentity, b: ChildIdentity) => compare(prepare(enc.encode(a)), prepare(enc.encode(b)), newComparison()).levels;
const base: ChildIdentity = { firstName: 'Chloe', lastName: "O'Brien", dateOfBirth: '2011-06-23', gender: 'F', postcodes: ['M14 5RT'] };

test('names: case, spacing, diacritics, apostrophes, hyphens and spaces are no difference (Zoë / ZOE / zoe, O’Brien / OBrien / O Brien, Smith-Jones / Smith Jones / SmithJones)', () => {
  for (const n of ['Zoë', 'ZOE', '  zoe ', 'Zoe']) assert.equal(normaliseGivenName(n)!.joined, 'zoe', n);
  for (const n of ['José', 'JOSE', 'jose']) assert.equal(normaliseGivenName(n)!.joined, 'jose', n);
  for (const n of ["O'Brien", 'O’Brien', 'OBrien', 'O Brien', 'OBRIEN', ' o brien ']) assert.equal(normaliseSurname(n)!.joined, 'obrien', n);
  for (const n of ['Smith-Jones', 'Smith Jones', 'SmithJones', 'SMITH - JONES']) assert.equal(normaliseSurname(n)!.joined, 'smithjones', n);
  assert.equal(levels(base, { ...base, firstName: 'CHLOE', lastName: 'o brien' })[F.last], LN.exact);
});

test('titles and suffixes are not part of a name (Ms. Chloe, O’Brien Jnr, Smith II)', () => {
  assert.deepEqual(nameWords('Ms. Chloe'), ['chloe']);
  assert.deepEqual(nameWords("O'Brien Jnr"), ['obrien']);
  assert.deepEqual(nameWords('Smith II'), ['smith']);
  assert.deepEqual(levels(base, { ...base, firstName: 'Ms. Chloe', lastName: "O'Brien Jnr" }).slice(0, 2), Uint8Array.from([FN.exact, LN.exact]));
});

test('digits in names: a digit between letters is the letter it looks like (OCR and keyboard slips: J0hn, A1ice, 0’Brien); a digit on its own is dropped', () => {
  assert.deepEqual(nameWords('J0hn'), ['john']);
  assert.deepEqual(nameWords('A1ice'), ['alice']);
  assert.equal(normaliseSurname("0'Brien")!.joined, 'obrien');
  assert.deepEqual(nameWords('Smith 2'), ['smith']);
  assert.equal(levels(base, { ...base, firstName: 'Ch1oe' })[F.first], FN.exact);
});

test('OCR slips: a capital I inside an otherwise lower-case word is read as l when that reading is a listed given name and the i reading is not (AIi = Ali, CharIie = Charlie, WiIliam = William); a shift key held (DIana), an i (HarrIs, JessIca) and camel case (McIntosh) are not changed', () => {
  for (const [n, want] of [
    ['AIi', 'ali'],
    ['CharIie', 'charlie'],
    ['WiIliam', 'william'],
    ['DIana', 'diana'],
    ['HarrIs', 'harris'],
    ['JessIca', 'jessica'],
    ['McIntosh', 'mcintosh'],
    ['MIa', 'mia'],
    ['ALI', 'ali'],
  ])
    assert.deepEqual(nameWords(n), [want], n);
  // a three-letter name has no typing-slip neighbourhood: read as i, Ali / AIi were different names
  assert.equal(levels({ ...base, firstName: 'Ali', lastName: 'Hussain' }, { ...base, firstName: 'AIi', lastName: 'Hussain' })[F.first], FN.exact);
  assert.equal(levels({ ...base, lastName: 'Ali' }, { ...base, lastName: 'AIi' })[F.last], LN.exact);
});

test('a middle name in the first-name field, before or after, shares a given name with the name alone (Mary Grace, Grace Mary / Mary)', () => {
  assert.equal(levels({ ...base, firstName: 'Chloe' }, { ...base, firstName: 'Grace Chloe' })[F.first], FN.nickname);
  assert.equal(levels({ ...base, firstName: 'Chloe Grace' }, { ...base, firstName: 'Chloe' })[F.first], FN.nickname);
});

test('gender as systems write it: M/F, Male/female, boy/girl, the NHS codes 1 and 2; U, unknown, 0, 9, N/A, blank and unrecognised words are missing, never "another gender"', () => {
  for (const g of ['M', 'm', 'Male', 'MALE ', 'boy', '1']) assert.equal(normaliseGender(g), 'm', g);
  for (const g of ['F', 'female', 'Girl', 'F.', '2']) assert.equal(normaliseGender(g), 'f', g);
  for (const g of ['U', 'unknown', 'Not Known', 'not specified', '0', '9', 'N/A', '', '?', 'indeterminate']) assert.equal(normaliseGender(g), null, g);
  assert.equal(normaliseGender('Other'), 'o');
  assert.equal(levels(base, { ...base, gender: '2' })[F.gender], 0);
  assert.equal(levels(base, { ...base, gender: 'N/A' })[F.gender], 255);
});

test('dates of birth: ISO, yyyy/mm/dd, dd/mm/yyyy, dd/mm/yy (00–69 → 20yy), a time after the date ignored; month-first only where day-first is impossible; a malformed date is missing', () => {
  const want = { y: 2011, m: 6, d: 23 };
  for (const d of [
    '2011-06-23',
    '2011/06/23',
    '2011/6/23',
    '23/06/2011',
    '23-06-2011',
    '23.06.11',
    '23/06/11',
    '2011-06-23T00:00:00Z',
    '23/06/2011 00:00',
    '06/23/2011',
  ])
    assert.deepEqual(normaliseDate(d), want, d);
  // 05/06/2011 is read day-first (5 June), as UK records are written
  assert.deepEqual(normaliseDate('05/06/2011'), { y: 2011, m: 6, d: 5 });
  assert.deepEqual(normaliseDate('01/02/75'), { y: 1975, m: 2, d: 1 });
  for (const d of ['31/02/2011', '2011-13-45', '99/99/9999', 'not a date', '23/06', '2011', '23/06/211']) assert.equal(normaliseDate(d), null, d);
  assert.equal(levels(base, { ...base, dateOfBirth: '06/23/2011' })[F.dob], DOB.exact);
  assert.equal(levels(base, { ...base, dateOfBirth: 'not a date' })[F.dob], 255);
});

test('transliterated names: an unlisted spelling takes the nickname groups of the listed name with its spelling key (Aleksandra / Alexandra, Fatimah / Fatima, Youssef / Yousef, Loucas / Lucas, Ellah / Ella), at the nickname level', () => {
  for (const [a, b] of [
    ['aleksandra', 'alexandra'],
    ['fatimah', 'fatima'],
    ['sofia', 'sophia'],
    ['wiktoria', 'viktoria'],
    ['mya', 'mia'],
  ])
    assert.equal(spellingKey(a), spellingKey(b), `${a} / ${b}`);
  assert.ok(nicknameGroupsOf('ellah').length > 0 && nicknameGroupsOf('ellah').some((g) => nicknameGroupsOf('ella').includes(g)));
  assert.equal(levels({ ...base, firstName: 'Loucas' }, { ...base, firstName: 'Lucas' })[F.first], FN.nickname);
  assert.equal(levels({ ...base, firstName: 'Ellah' }, { ...base, firstName: 'Ella' })[F.first], FN.nickname);
  // names the table lists keep their own groups only; an unlisted name with no listed spelling has none
  assert.deepEqual(nicknameGroupsOf('qwzxv'), []);
  // a spelling key two unrelated listed names share is not used (few are)
  assert.ok(ambiguousSpellingKeys().length < 20);
  // different names stay different (Zara / Sara: z is not folded)
  assert.notEqual(spellingKey('zara'), spellingKey('sara'));
  assert.ok(levels({ ...base, firstName: 'Zara' }, { ...base, firstName: 'Sarah' })[F.first] > FN.nickname);
});

test('blocking: a middle name recorded before the known name still meets the record with the name alone (Oluwaseun Aaron / Aaron, surname mistyped, no common postcode)', () => {
  const a = enc.encode({ firstName: 'Aaron', lastName: 'Gkenholme', dateOfBirth: '2016-01-27', gender: 'M', postcodes: ['M16 9EU'] });
  const b = enc.encode({ firstName: 'Oluwaseun Aaron', lastName: 'Glenholme', dateOfBirth: '2016-01-27', gender: 'M', postcodes: ['L5 3DS'] });
  assert.ok(a.blocks.some((k) => b.blocks.includes(k)));
  const c = enc.encode({ firstName: 'Oluwaseun', lastName: 'Glenholme', dateOfBirth: '2016-01-27', gender: 'M', postcodes: ['L5 3DS'] });
  assert.ok(!a.blocks.some((k) => c.blocks.includes(k)), 'without the shared given name they do not meet');
});

test('blocking: an initial alone for the first name, with the year of birth a digit off, meets the full name through day and month (J Parker 2019-01-09 / Jodie Parker 2009-01-09)', () => {
  const a = enc.encode({ firstName: 'Jodie', lastName: 'Parker', dateOfBirth: '2009-01-09', gender: 'F', postcodes: ['M12 1ZG'] });
  const b = enc.encode({ firstName: 'J', lastName: 'Parker', dateOfBirth: '2019-01-09', gender: 'F', postcodes: ['M12 1NS'] });
  assert.ok(a.blocks.some((k) => b.blocks.includes(k)));
  // another initial still meets through the surname's sound with the day and month (a first name changed or missing), another initial and surname does not
  const k = enc.encode({ firstName: 'K', lastName: 'Parker', dateOfBirth: '2019-01-09', gender: 'F', postcodes: ['M12 1NS'] });
  assert.ok(
    a.blocks.some((key) => k.blocks.includes(key)),
    'another initial with the same surname meets',
  );
  const c = enc.encode({ firstName: 'K', lastName: 'Walker', dateOfBirth: '2019-01-09', gender: 'F', postcodes: ['M12 1NS'] });
  assert.ok(!a.blocks.some((k) => c.blocks.includes(k)), 'another initial and surname does not');
});
