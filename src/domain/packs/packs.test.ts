import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packKindOf, packPeriod } from './packs.ts';
import { loadPartnerships } from '../../partnerships/index.ts';

test('packKindOf: LLR’s DRMM sends the case list, the FORM its document, the Monthly its data set; meetings without a pack send none', () => {
  const llr = loadPartnerships().get('llr')!;
  const kindOf = (id: string) => packKindOf(llr.meetingTypes.find((t) => t.id === id)!);
  assert.equal(kindOf('drmm'), 'case-list');
  assert.equal(kindOf('form'), 'form');
  assert.equal(kindOf('monthly'), 'monthly');
  for (const p of loadPartnerships().values())
    for (const t of p.meetingTypes) if (!['drmm', 'form', 'monthly'].includes(t.id)) assert.equal(packKindOf(t), undefined, `${p.id} ${t.id}`);
  // A pack is configuration: another partnership's meeting type names one without a code change.
  assert.equal(packKindOf({ deadline: { pack: 'monthly' } }), 'monthly');
  assert.equal(packKindOf({ deadline: {} }), undefined, 'a deadline alone sends no pack');
  assert.equal(packKindOf({}), undefined);
});

test('packPeriod: the FORM document covers the 14 days up to the Monday before the meeting', () => {
  // Wednesday 28 January 2026: the Monday before is the 26th.
  assert.deepEqual(packPeriod('form', '2026-01-28'), { from: '2026-01-13', to: '2026-01-26' });
});

test('packPeriod: the Monthly data set covers the calendar month before the meeting, across a year end', () => {
  assert.deepEqual(packPeriod('monthly', '2026-02-24'), { from: '2026-01-01', to: '2026-01-31' });
  assert.deepEqual(packPeriod('monthly', '2026-01-27'), { from: '2025-12-01', to: '2025-12-31' });
});

test('packPeriod: the case list is the agenda and has no period', () => {
  assert.equal(packPeriod('case-list', '2026-01-28'), undefined);
});
