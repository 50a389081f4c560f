import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bankHolidays } from '../../test-support/bank-holidays.ts';
import { deadlineReminderDue, drmmCaseListDeadline, meetingDeadline, mondayBefore, mondayBeforeWorking } from './deadlines.ts';

test('the case list for a Tuesday DRMM is due by 4pm on the Monday', () => {
  assert.deepEqual(drmmCaseListDeadline('2026-03-10', bankHolidays), { date: '2026-03-09', time: '16:00' });
});

test('the case list for a Monday DRMM is due by 4pm on the Friday before (the previous working day)', () => {
  assert.deepEqual(drmmCaseListDeadline('2026-03-16', bankHolidays), { date: '2026-03-13', time: '16:00' });
});

test('after Easter Monday 2026 the case list for Tuesday 7 April is due on Thursday 2 April', () => {
  assert.deepEqual(drmmCaseListDeadline('2026-04-07', bankHolidays), { date: '2026-04-02', time: '16:00' });
});

test('after Christmas 2026 the case list for Tuesday 29 December is due on Thursday 24 December', () => {
  assert.deepEqual(drmmCaseListDeadline('2026-12-29', bankHolidays), { date: '2026-12-24', time: '16:00' });
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

test('meetingDeadline: the DRMM rule with its configured time, and the Monday-before rule', () => {
  assert.deepEqual(meetingDeadline('previous-working-day', '16:00', '2026-03-16', bankHolidays), { date: '2026-03-13', time: '16:00' });
  assert.deepEqual(meetingDeadline('monday-before', '17:00', '2026-11-24', bankHolidays), { date: '2026-11-23', time: '17:00' });
});

test('the DRMM case list for Tuesday 29 December 2026 with a calendar passed in follows that calendar', () => {
  const noHolidays = { name: 'none', firstYear: 2026, lastYear: 2026, holidays: [] };
  assert.equal(drmmCaseListDeadline('2026-12-29', noHolidays).date, '2026-12-28');
});

test('a deadline reminder is due from the configured hours before the deadline until the meeting starts, only while nothing has gone', () => {
  const deadlineAt = new Date('2026-03-09T16:00:00Z');
  const meetingStartsAt = new Date('2026-03-10T09:00:00Z');
  const at = (iso: string, gone = false) => deadlineReminderDue({ deadlineAt, meetingStartsAt, now: new Date(iso), hoursBefore: 6, gone });
  assert.equal(at('2026-03-09T09:59:59Z'), false, 'not yet near');
  assert.equal(at('2026-03-09T10:00:00Z'), true, 'six hours before');
  assert.equal(at('2026-03-09T17:00:00Z'), true, 'late, but the meeting has not started');
  assert.equal(at('2026-03-10T09:00:00Z'), false, 'the meeting has started');
  assert.equal(at('2026-03-09T12:00:00Z', true), false, 'the agenda has gone');
});

test('FORM deadline (004): the Monday prior that is a bank holiday moves to the previous working day', () => {
  // The FORM on Wednesday 5 May 2027: Monday 3 May is the Early May bank holiday, so the document goes on Friday 30 April.
  assert.deepEqual(meetingDeadline('monday-before', '17:00', '2027-05-05', bankHolidays), { date: '2027-04-30', time: '17:00' });
  assert.equal(mondayBeforeWorking('2027-05-05', bankHolidays), '2027-04-30');
  // A Monday that is a working day is kept (Wednesday 19 May 2027: Monday 17 May).
  assert.deepEqual(meetingDeadline('monday-before', '17:00', '2027-05-19', bankHolidays), { date: '2027-05-17', time: '17:00' });
  // The Monthly moved to Wednesday 29 December 2027: Monday 27 December is a substitute day too, so Friday 24 December.
  assert.equal(mondayBeforeWorking('2027-12-29', bankHolidays), '2027-12-24');
});
