import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextReviewDate } from './review.ts';

const rotherham = { high: { value: 1, unit: 'months' }, medium: { value: 3, unit: 'months' }, low: { value: 6, unit: 'months' } } as const;

test('Rotherham: a high-risk child is reviewed 1 month on, medium 3 months, low 6 months', () => {
  assert.equal(nextReviewDate('2026-03-12', 'high', rotherham), '2026-04-12');
  assert.equal(nextReviewDate('2026-03-12', 'medium', rotherham), '2026-06-12');
  assert.equal(nextReviewDate('2026-03-12', 'low', rotherham), '2026-09-12');
});

test('a month on from 31 January is the last day of February', () => {
  assert.equal(nextReviewDate('2026-01-31', 'high', rotherham), '2026-02-28');
});

test('intervals in weeks count days: two weeks on from a Wednesday is a Wednesday', () => {
  assert.equal(nextReviewDate('2026-03-11', 'high', { ...rotherham, high: { value: 2, unit: 'weeks' } }), '2026-03-25');
});

test('no risk means no review date', () => {
  assert.equal(nextReviewDate('2026-03-12', 'none', rotherham), null);
});
