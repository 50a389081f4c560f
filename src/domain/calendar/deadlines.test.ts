import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drmmCaseListDeadline, mondayBefore } from './deadlines.ts';

test('the case list for a Tuesday DRMM is due by 4pm on the Monday', () => {
  assert.deepEqual(drmmCaseListDeadline('2026-03-10'), { date: '2026-03-09', time: '16:00' });
});

test('the case list for a Monday DRMM is due by 4pm on the Friday before (the previous working day)', () => {
  assert.deepEqual(drmmCaseListDeadline('2026-03-16'), { date: '2026-03-13', time: '16:00' });
});

test('after Easter Monday 2026 the case list for Tuesday 7 April is due on Thursday 2 April', () => {
  assert.deepEqual(drmmCaseListDeadline('2026-04-07'), { date: '2026-04-02', time: '16:00' });
});

test('after Christmas 2026 the case list for Tuesday 29 December is due on Thursday 24 December', () => {
  assert.deepEqual(drmmCaseListDeadline('2026-12-29'), { date: '2026-12-24', time: '16:00' });
});

test('the FORM document for a Wednesday meeting goes out on the Monday two days before', () => {
  assert.equal(mondayBefore('2026-03-11'), '2026-03-09');
});

test('the Monthly pack for a fourth-Tuesday meeting goes out on the Monday the day before', () => {
  assert.equal(mondayBefore('2026-11-24'), '2026-11-23');
});

test('a meeting on a Monday looks back to the Monday a week before', () => {
  assert.equal(mondayBefore('2026-03-16'), '2026-03-09');
});
