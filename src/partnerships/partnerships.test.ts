import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPartnerships } from './index.ts';
import { staffordshire } from './staffordshire.ts';

test('the three partnerships load and validate: staffordshire, rotherham, llr', () => {
  const p = loadPartnerships();
  assert.deepEqual([...p.keys()], ['staffordshire', 'rotherham', 'llr']);
});

test('Staffordshire has its eight district panels (DOMAIN §6)', () => {
  const p = loadPartnerships().get('staffordshire')!;
  assert.equal(p.districts.length, 8);
  assert.ok(p.meetingTypes.some((m) => m.id === 'district-mace' && m.perDistrict));
});

test('Rotherham reviews: 1 month high, 3 months medium, 6 months low (DOMAIN §4)', () => {
  const r = loadPartnerships().get('rotherham')!.reviewIntervals;
  assert.deepEqual(
    [r.high, r.medium, r.low],
    [
      { value: 1, unit: 'months' },
      { value: 3, unit: 'months' },
      { value: 6, unit: 'months' },
    ],
  );
});

test('LLR covers Leicester City, Leicestershire County and Rutland (DOMAIN §5)', () => {
  assert.deepEqual(
    loadPartnerships()
      .get('llr')!
      .districts.map((d) => d.id),
    ['leicester-city', 'leicestershire', 'rutland'],
  );
});

test('a contact address outside example.org is refused: real mailboxes never go in code', () => {
  const bad = { ...staffordshire, coordinatorsInbox: 'someone@real-council.gov.uk' };
  assert.throws(() => loadPartnerships([bad]), /coordinatorsInbox: demo and test configuration uses example.org/);
});

test('a partnership configured twice, or without districts, stops the start with a clear message', () => {
  assert.throws(() => loadPartnerships([staffordshire, staffordshire]), /configured twice/);
  assert.throws(() => loadPartnerships([{ ...staffordshire, districts: [] }]), /districts/);
});
