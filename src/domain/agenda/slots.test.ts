import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slotMinutes, defaultDiscussion, runningOrder, overlaps, agendaMinutes, fit, fitMessage, formatMinutes } from './slots.ts';

const rotherham = { initial: 45, review: 15, location: 15 };
const ROTHERHAM_MEETING = 210; // Thursday 09:30–13:00 (DOMAIN §4)

test('Rotherham: an initial presentation takes 45 minutes, a review 15 (DOMAIN §4)', () => {
  assert.equal(slotMinutes(rotherham, 'child', 'initial'), 45);
  assert.equal(slotMinutes(rotherham, 'child', 'review'), 15);
  assert.equal(slotMinutes(rotherham, 'group', 'initial'), 45, 'a group of linked children takes one slot');
  assert.equal(slotMinutes(rotherham, 'group', 'review'), 15);
});

test('a location with no child takes the partnership’s location slot, whatever the discussion', () => {
  assert.equal(slotMinutes({ initial: 30, review: 15, location: 20 }, 'location', 'initial'), 20);
  assert.equal(slotMinutes({ initial: 30, review: 15, location: 20 }, 'location', 'review'), 20);
});

test('a child discussed at an earlier meeting is reviewed; a new child, or a group with any new child, is an initial discussion', () => {
  assert.equal(defaultDiscussion([true]), 'review');
  assert.equal(defaultDiscussion([false]), 'initial');
  assert.equal(defaultDiscussion([true, false]), 'initial');
  assert.equal(defaultDiscussion([true, true]), 'review');
  assert.equal(defaultDiscussion([]), 'initial', 'a location never discussed before');
});

test('the running order follows the items from the meeting’s start, each slot after the last', () => {
  const plan = runningOrder([
    { id: 'a', slotMinutes: 45 },
    { id: 'b', slotMinutes: 15 },
    { id: 'c', slotMinutes: 15 },
  ]);
  assert.deepEqual(
    plan.map((p) => [p.id, p.startMinute, p.endMinute]),
    [
      ['a', 0, 45],
      ['b', 45, 60],
      ['c', 60, 75],
    ],
  );
});

test('an item with a fixed start waits for it, leaving a gap that counts towards the length', () => {
  const items = [
    { id: 'a', slotMinutes: 15 },
    { id: 'b', slotMinutes: 45, fixedAt: 60 },
    { id: 'c', slotMinutes: 15 },
  ];
  const plan = runningOrder(items);
  assert.deepEqual(
    plan.map((p) => [p.startMinute, p.endMinute, p.gapBefore]),
    [
      [0, 15, 0],
      [60, 105, 45],
      [105, 120, 0],
    ],
  );
  assert.equal(agendaMinutes(items), 120);
  assert.deepEqual(overlaps(items), []);
});

test('Rotherham: four initial presentations and two reviews fill 3 hours 30 minutes exactly', () => {
  const items = [45, 45, 45, 45, 15, 15].map((m, i) => ({ id: String(i), slotMinutes: m }));
  assert.equal(agendaMinutes(items), 210);
  assert.deepEqual(fit(agendaMinutes(items), ROTHERHAM_MEETING), { status: 'fits', minutes: 0 });
  assert.equal(fitMessage(fit(210, 210), 210, 6), 'The agenda fills the meeting’s 3 hours 30 minutes exactly');
});

test('one minute over is over; one minute under has a minute to spare', () => {
  assert.deepEqual(fit(211, 210), { status: 'over', minutes: 1 });
  assert.deepEqual(fit(209, 210), { status: 'under', minutes: 1 });
});

test('Rotherham: five initials and a review run 30 minutes over the meeting’s 3 hours 30 minutes', () => {
  const items = [45, 45, 45, 45, 45, 15].map((m, i) => ({ id: String(i), slotMinutes: m }));
  const f = fit(agendaMinutes(items), ROTHERHAM_MEETING);
  assert.deepEqual(f, { status: 'over', minutes: 30 });
  assert.equal(fitMessage(f, ROTHERHAM_MEETING, items.length), 'The agenda runs 30 minutes over the meeting’s 3 hours 30 minutes');
});

test('four initials and a review leave 15 minutes to spare', () => {
  const f = fit(agendaMinutes([45, 45, 45, 45, 15].map((m, i) => ({ id: String(i), slotMinutes: m }))), ROTHERHAM_MEETING);
  assert.deepEqual(f, { status: 'under', minutes: 15 });
  assert.equal(fitMessage(f, ROTHERHAM_MEETING, 5), 'The agenda fits the meeting’s 3 hours 30 minutes with 15 minutes to spare');
});

test('an empty agenda runs 0 minutes and says it has no items', () => {
  assert.equal(agendaMinutes([]), 0);
  assert.deepEqual(runningOrder([]), []);
  assert.deepEqual(fit(0, 60), { status: 'under', minutes: 60 });
  assert.equal(fitMessage(fit(0, 60), 60, 0), 'The agenda has no items yet: the meeting lasts 1 hour.');
});

test('a fixed start before the previous item ends overlaps it; one exactly at its end does not', () => {
  const touching = [
    { id: 'a', slotMinutes: 45 },
    { id: 'b', slotMinutes: 15, fixedAt: 45 },
  ];
  assert.deepEqual(overlaps(touching), []);
  const early = [
    { id: 'a', slotMinutes: 45 },
    { id: 'b', slotMinutes: 15, fixedAt: 44 },
  ];
  assert.deepEqual(overlaps(early), [{ id: 'b', position: 2, previousId: 'a', previousPosition: 1, startMinute: 44, previousEndMinute: 45 }]);
});

test('two fixed starts out of order overlap: the later item would start before the earlier one ends', () => {
  const items = [
    { id: 'a', slotMinutes: 15, fixedAt: 60 },
    { id: 'b', slotMinutes: 15, fixedAt: 30 },
  ];
  assert.equal(overlaps(items).length, 1);
  assert.equal(overlaps(items)[0]!.id, 'b');
});

test('a fixed start before the meeting starts is refused as an overlap with the meeting’s start', () => {
  const o = overlaps([{ id: 'a', slotMinutes: 15, fixedAt: -15 }]);
  assert.equal(o.length, 1);
  assert.equal(o[0]!.previousId, '');
});

test('a longer earlier slot that runs into a fixed start is an overlap', () => {
  const items = [
    { id: 'a', slotMinutes: 45 },
    { id: 'b', slotMinutes: 15, fixedAt: 30 },
  ];
  assert.equal(overlaps(items)[0]?.previousEndMinute, 45);
});

test('durations read as people say them', () => {
  assert.equal(formatMinutes(210), '3 hours 30 minutes');
  assert.equal(formatMinutes(60), '1 hour');
  assert.equal(formatMinutes(45), '45 minutes');
  assert.equal(formatMinutes(1), '1 minute');
  assert.equal(formatMinutes(61), '1 hour 1 minute');
});
