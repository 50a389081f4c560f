import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notYetReferredReasons, isCurrentAssessment, recentMissing, type ReferralFacts } from './not-yet-referred.ts';
import { linkInPeriod, periodStart, readNetworkFilters } from './filters.ts';

const today = '2026-06-15';
const none: ReferralFacts = { missingDates: [], personsOfConcern: [], locationsOfConcern: [], lastAssessedOn: null, openReferral: false };

test('three missing episodes in the last six months flag a child with no assessment; two do not', () => {
  assert.deepEqual(notYetReferredReasons({ ...none, missingDates: ['2026-01-10', '2026-03-01'] }, today), []);
  const r = notYetReferredReasons({ ...none, missingDates: ['2026-01-10', '2026-03-01', '2026-06-01'] }, today);
  assert.deepEqual(r, [{ kind: 'missing', text: '3 missing episodes in the last 6 months (the latest on 2026-06-01)' }]);
});

test('an episode exactly six months ago is outside the window; one the day after is inside', () => {
  assert.deepEqual(recentMissing(['2025-12-15', '2025-12-16', '2026-06-15', '2026-06-16'], today), ['2025-12-16', '2026-06-15']);
});

test('a link to a person or a location of concern flags the child, with the reason in words', () => {
  const r = notYetReferredReasons(
    {
      ...none,
      personsOfConcern: [{ label: 'Dean “Smudge” Vickers', why: 'suspected exploiter' }],
      locationsOfConcern: [{ label: 'Canal towpath', kind: 'hotspot' }],
    },
    today,
  );
  assert.deepEqual(
    r.map((x) => x.text),
    ['Linked to a person of concern: Dean “Smudge” Vickers (suspected exploiter)', 'Linked to a location of concern: Canal towpath (hotspot)'],
  );
});

test('a current assessment (submitted within six months) or an open panel referral means the child is not missed', () => {
  const flagged: ReferralFacts = { ...none, missingDates: ['2026-04-01', '2026-05-01', '2026-06-01'] };
  assert.deepEqual(notYetReferredReasons({ ...flagged, lastAssessedOn: '2026-01-01' }, today), []);
  assert.deepEqual(notYetReferredReasons({ ...flagged, openReferral: true }, today), []);
  assert.equal(notYetReferredReasons({ ...flagged, lastAssessedOn: '2025-12-15' }, today).length, 1, 'an assessment six months old is no longer current');
  assert.equal(isCurrentAssessment('2025-12-16', today), true);
  assert.equal(isCurrentAssessment('2025-12-15', today), false);
});

test('a link is in a period when it was last seen (or, undated, recorded) on or after its start; an open link always is', () => {
  const from = periodStart('6m', today);
  assert.equal(from, '2025-12-15');
  assert.equal(linkInPeriod({ firstSeenOn: '2025-01-01', lastSeenOn: '2025-12-14', recordedOn: '2025-01-02' }, from), false);
  assert.equal(linkInPeriod({ firstSeenOn: '2025-01-01', lastSeenOn: '2025-12-15', recordedOn: '2025-01-02' }, from), true);
  assert.equal(linkInPeriod({ firstSeenOn: '2025-01-01', lastSeenOn: null, recordedOn: '2025-01-02' }, from), true);
  assert.equal(linkInPeriod({ firstSeenOn: null, lastSeenOn: null, recordedOn: '2025-01-02' }, from), false);
  assert.equal(linkInPeriod({ firstSeenOn: null, lastSeenOn: null, recordedOn: '2025-01-02' }, periodStart('all', today)), true);
});

test('network filters: depth between 1 and 3 (default 2), known kinds only, an unknown period is any time', () => {
  assert.deepEqual(readNetworkFilters({}), { depth: 2, kinds: ['person', 'location', 'vehicle', 'phone', 'online-account', 'organisation'], period: 'all' });
  assert.equal(readNetworkFilters({ depth: '9' }).depth, 3);
  assert.equal(readNetworkFilters({ depth: '0' }).depth, 1);
  assert.deepEqual(readNetworkFilters({ kind: ['phone', 'spaceship'], period: '3m' }), { depth: 2, kinds: ['phone'], period: '3m' });
  assert.equal(readNetworkFilters({ period: 'forever' }).period, 'all');
});
