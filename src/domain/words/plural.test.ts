import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plural, pluralNoun } from './plural.ts';

test('plural: 1 action, 2 actions, 0 actions', () => {
  assert.equal(plural(1, 'action'), '1 action');
  assert.equal(plural(2, 'action'), '2 actions');
  assert.equal(plural(0, 'action'), '0 actions');
});

test('plural: 1 attendee, 5 attendees; 1 open action, 3 open actions (a phrase takes the plural on its last word)', () => {
  assert.equal(plural(1, 'attendee'), '1 attendee');
  assert.equal(plural(5, 'attendee'), '5 attendees');
  assert.equal(plural(1, 'open action'), '1 open action');
  assert.equal(plural(3, 'open action'), '3 open actions');
  assert.equal(plural(2, 'lateral check'), '2 lateral checks');
});

test('plural: -y after a consonant is -ies, -s -x -ch -sh take -es, and irregular nouns are known', () => {
  assert.equal(plural(2, 'entry'), '2 entries');
  assert.equal(plural(2, 'day'), '2 days');
  assert.equal(plural(2, 'match'), '2 matches');
  assert.equal(plural(2, 'address'), '2 addresses');
  assert.equal(plural(3, 'person'), '3 people');
  assert.equal(plural(1, 'person'), '1 person');
  assert.equal(plural(4, 'child'), '4 children');
  assert.equal(pluralNoun('Child'), 'Children');
});

test('plural: a given plural form wins, and large counts are grouped', () => {
  assert.equal(plural(2, 'minute', 'mins'), '2 mins');
  assert.equal(plural(12345, 'row'), '12,345 rows');
  assert.equal(plural(1, 'minute', 'mins'), '1 minute');
});
