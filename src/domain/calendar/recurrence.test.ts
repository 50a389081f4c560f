import { test } from 'node:test';
import assert from 'node:assert/strict';
import { occurrencesBetween, skippedBetween, describeRule, ruleError, splitRule, localToInstant, type SeriesTiming } from './recurrence.ts';
import type { HolidayCalendar } from './working-days.ts';
import { bankHolidays } from '../../test-support/bank-holidays.ts';

const utc = (s: string) => new Date(s);
const iso = (d: Date) => d.toISOString();
const londonTime = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(d);

const drmm: SeriesTiming = {
  rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  firstDate: '2026-01-05',
  startTime: '09:00',
  durationMinutes: 60,
  skipBankHolidays: false,
};

test('DRMM runs Monday to Friday at 9am local time across the March clock change (UTC offset moves from +0 to +1)', () => {
  const occ = occurrencesBetween(drmm, utc('2026-03-26T00:00:00Z'), utc('2026-04-01T00:00:00Z'), bankHolidays);
  assert.deepEqual(
    occ.map((o) => o.date),
    ['2026-03-26', '2026-03-27', '2026-03-30', '2026-03-31'],
  );
  assert.deepEqual(
    occ.map((o) => iso(o.startsAt)),
    ['2026-03-26T09:00:00.000Z', '2026-03-27T09:00:00.000Z', '2026-03-30T08:00:00.000Z', '2026-03-31T08:00:00.000Z'],
  );
  assert.ok(occ.every((o) => londonTime(o.startsAt) === '09:00'));
  assert.equal(iso(occ[2]!.endsAt), '2026-03-30T09:00:00.000Z', 'one hour long');
});

test('DRMM stays at 9am local across the October clock change (UTC offset moves from +1 to +0)', () => {
  const occ = occurrencesBetween(drmm, utc('2026-10-22T00:00:00Z'), utc('2026-10-28T00:00:00Z'), bankHolidays);
  assert.deepEqual(
    occ.map((o) => o.date),
    ['2026-10-22', '2026-10-23', '2026-10-26', '2026-10-27'],
  );
  assert.deepEqual(
    occ.map((o) => iso(o.startsAt).slice(11, 16)),
    ['08:00', '08:00', '09:00', '09:00'],
  );
  assert.ok(occ.every((o) => londonTime(o.startsAt) === '09:00'));
});

test('DRMM skips bank holidays only when the series says so (Good Friday and Easter Monday 2026)', () => {
  const from = utc('2026-04-01T00:00:00Z');
  const to = utc('2026-04-08T00:00:00Z');
  assert.deepEqual(
    occurrencesBetween(drmm, from, to, bankHolidays).map((o) => o.date),
    ['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-06', '2026-04-07'],
  );
  assert.deepEqual(
    occurrencesBetween({ ...drmm, skipBankHolidays: true }, from, to, bankHolidays).map((o) => o.date),
    ['2026-04-01', '2026-04-02', '2026-04-07'],
  );
  assert.deepEqual(
    skippedBetween({ ...drmm, skipBankHolidays: true }, from, to, bankHolidays).map((o) => o.date),
    ['2026-04-03', '2026-04-06'],
  );
});

test('the Monthly Exploitation Meeting is the fourth Tuesday, not the last, in a month with five Tuesdays', () => {
  const monthly: SeriesTiming = { rrule: 'FREQ=MONTHLY;BYDAY=4TU', firstDate: '2026-01-01', startTime: '10:00', durationMinutes: 90, skipBankHolidays: false };
  const occ = occurrencesBetween(monthly, utc('2026-03-01T00:00:00Z'), utc('2026-07-01T00:00:00Z'), bankHolidays);
  // March 2026 and June 2026 each have five Tuesdays (31 March, 30 June).
  assert.deepEqual(
    occ.map((o) => o.date),
    ['2026-03-24', '2026-04-28', '2026-05-26', '2026-06-23'],
  );
  assert.ok(occ.every((o) => londonTime(o.startsAt) === '10:00'));
  assert.equal(londonTime(occ[0]!.endsAt), '11:30');
});

test('FORM is every other Wednesday counted from the configured first date', () => {
  const form: SeriesTiming = {
    rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE',
    firstDate: '2026-01-14',
    startTime: '10:30',
    durationMinutes: 90,
    skipBankHolidays: false,
  };
  const occ = occurrencesBetween(form, utc('2026-03-01T00:00:00Z'), utc('2026-04-30T00:00:00Z'), bankHolidays);
  assert.deepEqual(
    occ.map((o) => o.date),
    ['2026-03-11', '2026-03-25', '2026-04-08', '2026-04-22'],
  );
  assert.ok(occ.every((o) => londonTime(o.startsAt) === '10:30'));
  const shifted = occurrencesBetween({ ...form, firstDate: '2026-01-07' }, utc('2026-03-01T00:00:00Z'), utc('2026-04-01T00:00:00Z'), bankHolidays);
  assert.deepEqual(
    shifted.map((o) => o.date),
    ['2026-03-04', '2026-03-18'],
    'a first date a week later gives the other fortnight',
  );
});

test('nothing before the first date is generated', () => {
  const form: SeriesTiming = {
    rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE',
    firstDate: '2026-03-18',
    startTime: '10:30',
    durationMinutes: 90,
    skipBankHolidays: false,
  };
  assert.deepEqual(
    occurrencesBetween(form, utc('2026-03-01T00:00:00Z'), utc('2026-04-02T00:00:00Z'), bankHolidays).map((o) => o.date),
    ['2026-03-18', '2026-04-01'],
  );
});

test('Rotherham MACE on Thursdays at 9:30am leaves out Christmas Day 2025 (a Thursday) when bank holidays are skipped', () => {
  const mace: SeriesTiming = { rrule: 'FREQ=WEEKLY;BYDAY=TH', firstDate: '2025-01-02', startTime: '09:30', durationMinutes: 210, skipBankHolidays: true };
  const from = utc('2025-12-15T00:00:00Z');
  const to = utc('2026-01-05T00:00:00Z');
  // New Year's Day 2026 is a Thursday too.
  assert.deepEqual(
    occurrencesBetween(mace, from, to, bankHolidays).map((o) => o.date),
    ['2025-12-18'],
  );
  assert.deepEqual(
    occurrencesBetween({ ...mace, skipBankHolidays: false }, from, to, bankHolidays).map((o) => o.date),
    ['2025-12-18', '2025-12-25', '2026-01-01'],
  );
  const end = occurrencesBetween(mace, from, to, bankHolidays)[0]!.endsAt;
  assert.equal(londonTime(end), '13:00', '9:30am to 1pm');
});

test('a custom holiday calendar is honoured when skipping bank holidays', () => {
  const custom: HolidayCalendar = { name: 'Test', firstYear: 2026, lastYear: 2026, holidays: [{ date: '2026-06-11', name: 'Invented holiday' }] };
  const mace: SeriesTiming = { rrule: 'FREQ=WEEKLY;BYDAY=TH', firstDate: '2026-01-01', startTime: '09:30', durationMinutes: 210, skipBankHolidays: true };
  const occ = occurrencesBetween(mace, utc('2026-06-01T00:00:00Z'), utc('2026-06-20T00:00:00Z'), custom);
  assert.deepEqual(
    occ.map((o) => o.date),
    ['2026-06-04', '2026-06-18'],
  );
});

test('a year the holiday calendar does not hold skips nothing rather than failing', () => {
  const mace: SeriesTiming = { rrule: 'FREQ=WEEKLY;BYDAY=TH', firstDate: '2030-01-03', startTime: '09:30', durationMinutes: 210, skipBankHolidays: true };
  assert.equal(occurrencesBetween(mace, utc('2030-12-16T00:00:00Z'), utc('2030-12-31T00:00:00Z'), bankHolidays).length, 2);
});

test('district MACE panels are bi-monthly, read as every two months, at the same local time in winter and summer', () => {
  const panel: SeriesTiming = {
    rrule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU',
    firstDate: '2026-01-01',
    startTime: '13:30',
    durationMinutes: 120,
    skipBankHolidays: true,
  };
  const occ = occurrencesBetween(panel, utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'), bankHolidays);
  assert.deepEqual(
    occ.map((o) => o.date),
    ['2026-01-13', '2026-03-10', '2026-05-12', '2026-07-14', '2026-09-08', '2026-11-10'],
  );
  assert.ok(occ.every((o) => londonTime(o.startsAt) === '13:30'));
});

test('a pre-MACE thresholding meeting a week before each panel follows the panel rule with an offset', () => {
  const pre: SeriesTiming = {
    rrule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU',
    firstDate: '2026-01-01',
    startTime: '10:00',
    durationMinutes: 60,
    skipBankHolidays: true,
    offsetDays: -7,
  };
  const occ = occurrencesBetween(pre, utc('2026-01-01T00:00:00Z'), utc('2026-06-01T00:00:00Z'), bankHolidays);
  assert.deepEqual(
    occ.map((o) => o.date),
    ['2026-01-06', '2026-03-03', '2026-05-05'],
  );
});

test('a local time lost to the spring clock change moves forward an hour', () => {
  assert.equal(iso(localToInstant('2026-03-29', '01:30')), '2026-03-29T01:30:00.000Z');
  assert.equal(iso(localToInstant('2026-03-29', '09:30')), '2026-03-29T08:30:00.000Z');
});

test('rules are described in plain English and checked before use', () => {
  assert.equal(describeRule('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'), 'Monday to Friday');
  assert.equal(describeRule('FREQ=WEEKLY;BYDAY=TH'), 'Every Thursday');
  assert.equal(describeRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=WE'), 'Every other Wednesday');
  assert.equal(describeRule('FREQ=MONTHLY;BYDAY=4TU'), 'Fourth Tuesday of every month');
  assert.equal(describeRule('FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU'), 'Second Tuesday of every two months');
  assert.equal(ruleError('FREQ=WEEKLY;BYDAY=TH'), undefined);
  assert.ok(ruleError('BYDAY=TH'));
  assert.ok(ruleError('FREQ=SOMETIMES'));
  assert.deepEqual(splitRule('FREQ=WEEKLY;BYDAY=TH;T=09:30'), { rrule: 'FREQ=WEEKLY;BYDAY=TH', startTime: '09:30' });
});

test('LLR Monthly (004): a fourth Tuesday that is a bank holiday (28 December 2027) is not dropped', () => {
  const monthly: SeriesTiming = {
    rrule: 'FREQ=MONTHLY;BYDAY=4TU',
    firstDate: '2026-01-01',
    startTime: '10:00',
    durationMinutes: 90,
    skipBankHolidays: true,
    onBankHoliday: 'next-working-day',
  };
  const from = new Date('2027-11-01T00:00:00Z');
  const to = new Date('2028-02-01T00:00:00Z');
  const got = occurrencesBetween(monthly, from, to, bankHolidays);
  // 27 and 28 December 2027 are the substitute days for Christmas and Boxing Day: the meeting moves to Wednesday 29th, 10am.
  assert.deepEqual(
    got.map((o) => o.date),
    ['2027-11-23', '2027-12-29', '2028-01-25'],
  );
  const december = got[1]!;
  assert.deepEqual(december.movedFrom, { date: '2027-12-28', holiday: 'Boxing Day (substitute day)' });
  assert.equal(december.startsAt.toISOString(), '2027-12-29T10:00:00.000Z');
  assert.equal(december.ruleStartsAt.toISOString(), '2027-12-28T10:00:00.000Z', 'the rule’s date stays the key of the written meeting');
  assert.equal(got[0]!.movedFrom, undefined);
  // The old rule ('skip', the default) drops it: kept for daily and weekly meetings, whose next one is days away.
  assert.deepEqual(
    occurrencesBetween({ ...monthly, onBankHoliday: undefined }, from, to, bankHolidays).map((o) => o.date),
    ['2027-11-23', '2028-01-25'],
  );
  assert.deepEqual(
    skippedBetween(monthly, from, to, bankHolidays).map((o) => o.date),
    ['2027-12-28'],
    'the calendar file lists the holiday as an exception',
  );
});
