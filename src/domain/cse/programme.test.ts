import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plannedEnd, mayExtend, weeksSoFar, sessionDateError, CSE_TOPICS } from './programme.ts';

test('001 CSE service offer: an 8-week programme ends on the last day of its eighth week; extended by 4 weeks, of its twelfth', () => {
  assert.equal(plannedEnd({ startedOn: '2026-11-02', extended: false }), '2026-12-27');
  assert.equal(plannedEnd({ startedOn: '2026-11-02', extended: true }), '2027-01-24');
});

test('001 CSE service offer: the programme is extended once, and only while it runs', () => {
  assert.equal(mayExtend({ startedOn: '2026-11-02', extended: false, endedOn: null }), true);
  assert.equal(mayExtend({ startedOn: '2026-11-02', extended: true, endedOn: null }), false);
  assert.equal(mayExtend({ startedOn: '2026-11-02', extended: false, endedOn: '2026-11-20' }), false);
});

test('001 CSE service offer: "1-2 visits per week minimum": a whole week with no visit is short; the week under way is not judged yet', () => {
  const p = { startedOn: '2026-11-02', extended: false, endedOn: null };
  // Week 1: 2 Nov–8 Nov (visit on the 8th, its last day); week 2: 9–15 Nov, none; week 3: 16–22 Nov, under way on the 20th.
  const weeks = weeksSoFar(p, ['2026-11-08', '2026-11-20'], '2026-11-20');
  assert.deepEqual(
    weeks.map((w) => [w.week, w.from, w.to, w.visits, w.short]),
    [
      [1, '2026-11-02', '2026-11-08', 1, false],
      [2, '2026-11-09', '2026-11-15', 0, true],
    ],
  );
  // On the last day of week 3 it is judged.
  assert.equal(weeksSoFar(p, ['2026-11-08', '2026-11-20'], '2026-11-22').length, 3);
  // Never beyond the planned end, however late it is read.
  assert.equal(weeksSoFar(p, [], '2027-06-01').length, 8);
  assert.equal(weeksSoFar({ ...p, extended: true }, [], '2027-06-01').length, 12);
  // Ended early in week 2: week 2 is judged as far as the end.
  assert.deepEqual(
    weeksSoFar({ ...p, endedOn: '2026-11-10' }, ['2026-11-03'], '2026-12-01').map((w) => [w.week, w.short]),
    [
      [1, false],
      [2, true],
    ],
  );
});

test('001 CSE service offer: a session is dated within the programme, never in the future', () => {
  const p = { startedOn: '2026-11-02', extended: false, endedOn: null };
  assert.equal(sessionDateError(p, '2026-11-02', '2026-11-20'), undefined);
  assert.match(sessionDateError(p, '2026-11-01', '2026-11-20')!, /on or after the day the programme started/);
  assert.match(sessionDateError(p, '2026-11-21', '2026-11-20')!, /today or in the past/);
  assert.match(sessionDateError({ ...p, endedOn: '2026-11-10' }, '2026-11-11', '2026-11-20')!, /on or before the day the programme ended/);
});

test('001 CSE service offer: the nine topics of the direct work', () => {
  assert.equal(CSE_TOPICS.length, 9);
  assert.deepEqual(CSE_TOPICS.map((t) => t.name).slice(0, 2), ['Health and wellbeing', 'Grooming']);
});
