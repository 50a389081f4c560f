import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingFigures, panelMissingPeriod, type MissingEpisode } from './missing.ts';

const period = { from: '2025-03-01', to: '2025-04-30' };
const ep = (childId: string, wentMissingOn: string, o: Partial<MissingEpisode> = {}): MissingEpisode => ({
  childId,
  districtId: 'tamworth',
  wentMissingOn,
  returnedOn: wentMissingOn,
  exploitationConcern: false,
  number: 1,
  ...o,
});

test('003: panels receive aggregated missing-from-home figures for their district and period: episodes on the first and last day counted, the days either side not', () => {
  const m = missingFigures([ep('a', '2025-02-28'), ep('a', '2025-03-01'), ep('b', '2025-04-30'), ep('c', '2025-05-01')], period, 'tamworth');
  assert.equal(m.episodes, 2);
  assert.equal(m.children, 2);
  assert.deepEqual(
    m.byMonth.map((b) => [b.month, b.episodes, b.children]),
    [
      ['2025-03', 1, 1],
      ['2025-04', 1, 1],
    ],
  );
});

test('003: another district’s children are left out of a district panel’s figures; the county’s figures count every district, by district', () => {
  const es = [ep('a', '2025-03-02'), ep('b', '2025-03-03', { districtId: 'lichfield' }), ep('c', '2025-03-04', { districtId: null })];
  assert.equal(missingFigures(es, period, 'tamworth').children, 1);
  assert.equal(missingFigures(es, period, 'lichfield').children, 1);
  const county = missingFigures(es, period, null);
  assert.equal(county.children, 3);
  assert.equal(county.byDistrict.get('lichfield')?.episodes, 1);
  assert.equal(county.byDistrict.get(null)?.episodes, 1, 'a child with no district recorded is counted as such');
});

test('003: each child is counted once however many times they went missing; repeats and 3 or more in the period counted apart', () => {
  const es = [...['2025-03-02', '2025-03-09', '2025-03-16'].map((d) => ep('a', d)), ep('b', '2025-03-05'), ep('b', '2025-04-05'), ep('c', '2025-04-10')];
  const m = missingFigures(es, period, 'tamworth');
  assert.equal(m.episodes, 6);
  assert.equal(m.children, 3);
  assert.equal(m.repeatChildren, 2);
  assert.equal(m.threeOrMoreChildren, 1);
  assert.equal(m.byDistrict.get('tamworth')?.threeOrMoreChildren, 1);
});

test('DOMAIN §3.2: a Missing Intervention Meeting is due when a child’s 3rd, 5th or 9th recorded episode starts in the period (counted over the child’s whole record)', () => {
  const es = [
    ep('a', '2025-03-02', { number: 3 }),
    ep('b', '2025-03-02', { number: 4 }),
    ep('c', '2025-03-02', { number: 5 }),
    ep('d', '2025-02-27', { number: 9 }),
  ];
  assert.deepEqual(missingFigures(es, period, 'tamworth').interventionMeetings, [
    { at: 3, episodes: 1 },
    { at: 5, episodes: 1 },
    { at: 9, episodes: 0 },
  ]);
});

test('003 (links with exploitation): episodes with an exploitation concern, and children not back by the end of the period', () => {
  const es = [
    ep('a', '2025-04-29', { returnedOn: null, exploitationConcern: true }),
    ep('b', '2025-04-30', { returnedOn: '2025-05-01' }),
    ep('c', '2025-04-30', { returnedOn: '2025-04-30' }),
  ];
  const m = missingFigures(es, period, 'tamworth');
  assert.equal(m.withConcern, 1);
  assert.equal(m.notReturnedChildren, 2, 'not returned, or returned after the last day');
});

test('003: a district panel’s figures cover the days since the series’ previous meeting (its day included) up to the day before this one; two months when there was none', () => {
  assert.deepEqual(panelMissingPeriod('2025-04-17', '2025-03-20'), { from: '2025-03-20', to: '2025-04-16' });
  assert.deepEqual(panelMissingPeriod('2025-04-17'), { from: '2025-02-17', to: '2025-04-16' });
  assert.deepEqual(panelMissingPeriod('2025-04-17', null), { from: '2025-02-17', to: '2025-04-16' });
  assert.deepEqual(panelMissingPeriod('2025-04-17', '2025-04-16'), { from: '2025-04-16', to: '2025-04-16' });
});
