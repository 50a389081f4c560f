import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eraseByDate, isDueForErasure, fallsDueBy } from './erase-by.ts';

const until25 = { untilAge: 25 };

test('DOMAIN §7 retention: kept until the 25th birthday — due on the birthday, not the day before', () => {
  const by = eraseByDate({ dateOfBirth: '2001-06-15', lastActivity: '2019-01-01' }, until25);
  assert.equal(by, '2026-06-15');
  assert.equal(isDueForErasure(by, '2026-06-14'), false, 'the day before');
  assert.equal(isDueForErasure(by, '2026-06-15'), true, 'the day of');
  assert.equal(isDueForErasure(by, '2026-06-16'), true);
});

test('DOMAIN §7 retention: a child born on 29 February reaches 25 on 1 March in a year without one, and on 29 February in a leap year', () => {
  const by = eraseByDate({ dateOfBirth: '2004-02-29', lastActivity: '2020-01-01' }, until25);
  assert.equal(by, '2029-03-01');
  assert.equal(isDueForErasure(by, '2029-02-28'), false, '28 February is the day before');
  assert.equal(isDueForErasure(by, '2029-03-01'), true);
  assert.equal(eraseByDate({ dateOfBirth: '2008-02-29', lastActivity: '2020-01-01' }, { untilAge: 24 }), '2032-02-29', 'a leap year keeps 29 February');
  assert.equal(isDueForErasure('2032-02-29', '2032-02-28'), false);
});

test('DOMAIN §7 retention: N years after the last activity — due on the anniversary, not the day before (a 29 February activity on 1 March)', () => {
  const rule = { yearsAfterLastActivity: 6 };
  assert.equal(eraseByDate({ dateOfBirth: null, lastActivity: '2020-05-01' }, rule), '2026-05-01');
  assert.equal(isDueForErasure('2026-05-01', '2026-04-30'), false);
  assert.equal(eraseByDate({ dateOfBirth: null, lastActivity: '2024-02-29' }, rule), '2030-03-01');
});

test('DOMAIN §7 retention: with both rules the record is kept until both have passed (the later date)', () => {
  const rule = { untilAge: 25, yearsAfterLastActivity: 6 };
  assert.equal(eraseByDate({ dateOfBirth: '2001-06-15', lastActivity: '2023-01-10' }, rule), '2029-01-10', 'activity later than the birthday');
  assert.equal(eraseByDate({ dateOfBirth: '2001-06-15', lastActivity: '2015-01-10' }, rule), '2026-06-15', 'the birthday later');
});

test('DOMAIN §7 retention: a rule by age gives no date when the date of birth is not recorded (never erased by the job)', () => {
  assert.equal(eraseByDate({ dateOfBirth: null, lastActivity: '2010-01-01' }, until25), undefined);
  assert.equal(isDueForErasure(undefined, '2099-01-01'), false);
  assert.equal(eraseByDate({ dateOfBirth: '2001-01-01', lastActivity: '2010-01-01' }, {}), undefined, 'no rule, no date');
});

test('DOMAIN §7 retention: what falls due by a date includes the date itself and anything already due', () => {
  assert.equal(fallsDueBy('2027-01-07', '2027-01-07'), true);
  assert.equal(fallsDueBy('2027-01-08', '2027-01-07'), false);
  assert.equal(fallsDueBy('2020-01-01', '2027-01-07'), true);
  assert.equal(fallsDueBy(undefined, '2027-01-07'), false);
});
