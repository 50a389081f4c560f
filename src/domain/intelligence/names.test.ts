import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameSimilarity, didYouMean, normaliseName, splitNames, searchTextOf, mergedNicknames, mergedPersonAttributes } from './names.ts';
import { linkError, nrmDatesError } from './links.ts';

test('names are compared without case, accents or punctuation', () => {
  assert.equal(normaliseName("  Dée  O'Neil-Smith "), 'dee oneilsmith');
  assert.equal(nameSimilarity('Marcus Bell', 'marcus bell'), 1);
  assert.equal(nameSimilarity('', 'x'), 0);
});

test('a misspelt name is close (similarity at least 0.3); an unrelated one is not', () => {
  assert.ok(nameSimilarity('Marcus Bell', 'Markus Bell') >= 0.3);
  assert.ok(nameSimilarity('Tyrone Wexley', 'Tyron Wexly') >= 0.3);
  assert.ok(nameSimilarity('Marcus Bell', 'Priya Lomax') < 0.3);
});

test('did you mean: close names are offered, best first; a different known date of birth rules a person out', () => {
  const candidates = [
    { id: 'a', names: ['Marcus Bell', 'Tiny'], dateOfBirth: '1998-02-01' },
    { id: 'b', names: ['Markus Bel'], dateOfBirth: null },
    { id: 'c', names: ['Priya Lomax'], dateOfBirth: '1998-02-01' },
    { id: 'd', names: ['Marcus Bell'], dateOfBirth: '2001-05-05' },
  ];
  const r = didYouMean({ names: ['Marcus Bell'], dateOfBirth: '1998-02-01' }, candidates);
  assert.deepEqual(
    r.map((c) => c.id),
    ['a', 'b'],
  );
  assert.equal(r[0]!.sameDateOfBirth, true);
  const byNickname = didYouMean({ names: ['Tiny'] }, candidates);
  assert.deepEqual(
    byNickname.map((c) => c.id),
    ['a'],
  );
  assert.deepEqual(didYouMean({ names: ['Someone Else'] }, candidates), []);
});

test('nicknames typed as a list become separate names; search text is lower-case', () => {
  assert.deepEqual(splitNames('Tiny, T-Man; Big T\nTiny'), ['Tiny', 'T-Man', 'Big T']);
  assert.equal(searchTextOf(['Marcus BELL', null, 'AB12CDE']), 'marcus bell ab12cde');
});

test('a link joins two different things; two children only as friends, relatives, rivals or associates', () => {
  const child = (id: string) => ({ type: 'child' as const, id });
  const person = (id: string) => ({ type: 'record' as const, kind: 'person' as const, id });
  assert.equal(linkError(child('1'), person('2'), 'suspected-exploiter'), undefined);
  assert.equal(linkError(child('1'), child('2'), 'friend'), undefined);
  assert.equal(linkError(child('1'), child('2'), 'suspected-exploiter')?.field, 'relation');
  assert.equal(linkError(child('1'), child('1'), 'friend')?.field, 'target');
  assert.equal(linkError(child('1'), person('2'), 'enemy')?.field, 'relation');
});

test('NRM dates follow the status: a decision needs a referral on or before it', () => {
  assert.equal(nrmDatesError('not-referred'), undefined);
  assert.equal(nrmDatesError('referred', '2026-01-01'), undefined);
  assert.equal(nrmDatesError('referred')?.field, 'nrmReferredOn');
  assert.equal(nrmDatesError('reasonable-grounds-positive', '2026-01-01')?.field, 'nrmDecisionOn');
  assert.equal(nrmDatesError('conclusive-grounds-positive', '2026-01-02', '2026-01-01')?.field, 'nrmDecisionOn');
  assert.equal(nrmDatesError('conclusive-grounds-positive', '2026-01-01', '2026-01-01'), undefined);
  assert.equal(nrmDatesError('not-referred', '2026-01-01')?.field, 'nrmReferredOn');
});

test('mergedNicknames: the duplicate’s names and nicknames join the kept person’s nicknames once, never repeating the kept name', () => {
  assert.deepEqual(
    mergedNicknames({ names: ['Dorian Vexley'], nicknames: ['Vex'] }, { names: ['Dorien Vexly'], nicknames: ['vex', 'D-Man', 'dorian vexley'] }),
    ['Vex', 'Dorien Vexly', 'D-Man'],
  );
  assert.deepEqual(mergedNicknames({ names: ['A B'], nicknames: [] }, { names: ['a  b'], nicknames: [] }), []);
});

test('mergedPersonAttributes: the kept details stay; a missing date of birth, address or feature is taken from the duplicate', () => {
  const kept = { names: ['Rowan Tallis'], nicknames: ['Tally'], dateOfBirth: null, role: 'associate', addresses: '', features: 'Scar on the left hand' };
  const dup = { names: ['Rowen Talis'], nicknames: [], dateOfBirth: '1998-06-01', role: 'suspected-exploiter', addresses: '4 Sample Road', features: 'Tattoo' };
  assert.deepEqual(mergedPersonAttributes(kept, dup, 'Rowan Tallis', 'Rowen Talis'), {
    names: ['Rowan Tallis'],
    nicknames: ['Tally', 'Rowen Talis'],
    dateOfBirth: '1998-06-01',
    role: 'associate',
    addresses: '4 Sample Road',
    features: 'Scar on the left hand',
  });
  // A date of birth on both: the kept one stays.
  assert.equal(mergedPersonAttributes({ dateOfBirth: '2000-01-01' }, { dateOfBirth: '1999-01-01' }, 'A', 'B').dateOfBirth, '2000-01-01');
  assert.deepEqual(mergedPersonAttributes({}, {}, 'A', 'B').names, ['A']);
});
