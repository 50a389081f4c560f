import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, anniversary, isChildOn } from './age.ts';

test('under 18 (001, 003): the day before the 18th birthday is a child; the birthday itself is not', () => {
  assert.equal(isChildOn('2008-12-06', '2026-12-05'), true);
  assert.equal(isChildOn('2008-12-06', '2026-12-06'), false);
  assert.equal(isChildOn('2008-12-06', '2027-01-01'), false);
  assert.equal(isChildOn('2010-05-01', '2026-12-06'), true);
});

test('under 18: a child born on 29 February turns 18 on 1 March in a year without one', () => {
  assert.equal(anniversary('2008-02-29', 18), '2026-03-01');
  assert.equal(isChildOn('2008-02-29', '2026-02-28'), true);
  assert.equal(isChildOn('2008-02-29', '2026-03-01'), false);
  assert.equal(anniversary('2012-02-29', 16), '2028-02-29', 'a leap year keeps the 29th');
});

test('under 18: a child whose date of birth is not recorded is not refused', () => {
  assert.equal(isChildOn(null, '2026-12-06'), true);
  assert.equal(isChildOn('', '2026-12-06'), true);
});

test('age in whole years counts the birthday itself', () => {
  assert.equal(ageOn('2010-06-15', '2026-06-14'), 15);
  assert.equal(ageOn('2010-06-15', '2026-06-15'), 16);
  assert.equal(ageOn('2010-06-15', '2026-12-31'), 16);
});
