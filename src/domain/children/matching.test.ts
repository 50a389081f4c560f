import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jaroWinkler, typingSlips, wordSimilarity, dateAgreement, rankSearch, likelyDuplicates, type NamedChild } from './matching.ts';

const child = (id: string, first: string, last: string, dob: string | null, aliases: string | null = null) => ({
  id,
  first_name: first,
  last_name: last,
  date_of_birth: dob,
  aliases,
});

test('Jaro–Winkler: the same word is 1, nothing shared is 0, a shared start counts more (MARTHA/MARHTA 0.961)', () => {
  assert.equal(jaroWinkler('ashworth', 'ashworth'), 1);
  assert.equal(jaroWinkler('abc', 'xyz'), 0);
  assert.equal(Math.round(jaroWinkler('martha', 'marhta') * 1000) / 1000, 0.961);
  assert.equal(Math.round(jaroWinkler('dwayne', 'duane') * 100) / 100, 0.84);
});

test('typing slips: a swapped pair, a wrong, a missing or an extra letter is one slip; counting stops above the most asked', () => {
  assert.equal(typingSlips('ashworth', 'ahsworth'), 1);
  assert.equal(typingSlips('ashworth', 'ashwarth'), 1);
  assert.equal(typingSlips('ashworth', 'ashwoth'), 1);
  assert.equal(typingSlips('ashworth', 'ashworthh'), 1);
  assert.equal(typingSlips('ashworth', 'ahswroth'), 2);
  assert.equal(typingSlips('ashworth', 'smith', 1), 2);
});

test('word similarity: one slip at least 0.95, a nickname 0.9, the same sound at least 0.88, the start of the name 0.85', () => {
  assert.ok(wordSimilarity('ahsworth', 'ashworth') >= 0.95);
  assert.equal(wordSimilarity('ashowrth', 'ashworth') >= 0.95, true);
  assert.equal(wordSimilarity('bill', 'william'), 0.9);
  assert.ok(wordSimilarity('smyth', 'smith') >= 0.88);
  assert.ok(wordSimilarity('ash', 'ashworth') >= 0.85);
  assert.ok(wordSimilarity('jordan', 'patel') < 0.7);
});

test('dates of birth: the same; near when a day apart, day and month swapped, or one part different; else different; unknown when one is missing', () => {
  assert.equal(dateAgreement('2010-03-27', '2010-03-27'), 'same');
  assert.equal(dateAgreement('2010-03-27', '2010-03-28'), 'near');
  assert.equal(dateAgreement('2010-03-31', '2010-04-01'), 'near', 'a day apart across a month end');
  assert.equal(dateAgreement('2010-03-04', '2010-04-03'), 'near', 'day and month swapped');
  assert.equal(dateAgreement('2010-03-27', '2011-03-27'), 'near', 'only the year different');
  assert.equal(dateAgreement('2010-03-27', '2011-05-27'), 'differs');
  assert.equal(dateAgreement('2010-03-27', null), 'unknown');
});

const recorded: (NamedChild & { id: string })[] = [
  child('a', 'Jordan', 'Ashworth', '2011-06-02'),
  child('b', 'Jordan', 'Ashwood', '2010-03-27'),
  child('c', 'Jordan', 'Ashworth', '2009-01-15'),
  child('d', 'Kayla', 'Ashworth', '2010-03-27'),
  child('e', 'Amelia', 'Dunmore', '2012-02-02', 'Millie'),
  child('f', 'Theo', 'Patel', '2010-03-27'),
];

test('search: a misspelt last name with the date of birth given ranks that child first, above the same name born another day', () => {
  const r = rankSearch({ text: 'Jordan Ahsworth', dob: '2011-06-02' }, recorded);
  assert.equal(r[0]!.id, 'a');
  assert.ok(!r.some((x) => x.id === 'c'), 'a date of birth given and different leaves the child out');
  assert.ok(!r.some((x) => x.id === 'f'), 'the same date of birth with a name not alike is not shown');
});

test('search: both names misspelt, or the last name alone, still find the child; a nickname recorded as an alias finds them', () => {
  assert.deepEqual(
    rankSearch({ text: 'Jrodan Ashwroth' }, recorded)
      .slice(0, 2)
      .map((x) => x.id)
      .sort(),
    ['a', 'c'],
  );
  assert.ok(rankSearch({ text: 'Ahsworth' }, recorded).some((x) => x.id === 'd'));
  assert.equal(rankSearch({ text: 'Millie' }, recorded)[0]!.id, 'e');
});

test('search: the same date of birth first, then a date a typing slip away, then names alone', () => {
  const r = rankSearch({ text: 'Jordan Ashworth', dob: '2009-01-16' }, recorded);
  assert.equal(r[0]!.id, 'c');
  assert.equal(r[0]!.dob, 'near');
});

test('a new child is likely one recorded: the same date of birth and the first name alike (not a twin); both names alike and a near or unknown date; not the same name born on a different day', () => {
  const same = likelyDuplicates({ firstName: 'Jordan', lastName: 'Ashwroth', dateOfBirth: '2011-06-02' }, recorded);
  assert.deepEqual(
    same.map((x) => x.id),
    ['a'],
  );
  const surnameChanged = likelyDuplicates({ firstName: 'Kayla', lastName: 'Moreton', dateOfBirth: '2010-03-27' }, recorded); // the surname changed
  assert.deepEqual(
    surnameChanged.map((x) => x.id),
    ['d'],
  );
  const twin = likelyDuplicates({ firstName: 'Mason', lastName: 'Ashworth', dateOfBirth: '2010-03-27' }, recorded);
  assert.deepEqual(
    twin.map((x) => x.id),
    [],
    'the same surname and date of birth with another first name is a twin (Kayla Ashworth), not the same child',
  );
  assert.deepEqual(
    likelyDuplicates({ firstName: 'Theo', lastName: 'Ashworth', dateOfBirth: '2010-03-27' }, recorded).map((x) => x.id),
    ['f'],
    'the same first name and date of birth: Theo Patel, whose surname may have changed',
  );
  const swapped = likelyDuplicates({ firstName: 'Ashworth', lastName: 'Jordan', dateOfBirth: '2011-06-02' }, recorded);
  assert.equal(swapped[0]!.id, 'a', 'first and last names swapped');
  const noDate = likelyDuplicates({ firstName: 'Jordan', lastName: 'Ashworth' }, recorded);
  assert.deepEqual(noDate.map((x) => x.id).sort(), ['a', 'c']);
  assert.deepEqual(likelyDuplicates({ firstName: 'Jordan', lastName: 'Ashworth', dateOfBirth: '2014-11-20' }, recorded), []);
  assert.deepEqual(likelyDuplicates({ firstName: 'Theodora', lastName: 'Quince', dateOfBirth: '2012-02-02' }, recorded), []);
});
