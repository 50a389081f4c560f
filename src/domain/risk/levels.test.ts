import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RISK_TYPES, asksRiskType, isRiskType } from './levels.ts';
import { rotherham } from '../../partnerships/rotherham.ts';

test('002 §4.7: the type of exploitation is asked at a Medium or High outcome and not at Low (Rotherham’s levels)', () => {
  const levels = rotherham.riskTypeLevels!;
  assert.equal(asksRiskType('low', levels), false);
  assert.equal(asksRiskType('medium', levels), true);
  assert.equal(asksRiskType('high', levels), true);
  assert.equal(asksRiskType('none', levels), false);
  assert.equal(asksRiskType(undefined, levels), false, 'no outcome yet');
  assert.equal(asksRiskType('high', []), false, 'a partnership that lists no levels is never asked');
});

test('DOMAIN §3.2, §4: one vocabulary of exploitation types, the RFM’s CSE / CCE / Dual', () => {
  assert.deepEqual([...RISK_TYPES], ['CSE', 'CCE', 'Dual']);
  assert.equal(isRiskType('Dual'), true);
  assert.equal(isRiskType('Other'), false, 'Other is the primary risk’s, not a type of exploitation');
  assert.equal(isRiskType('cse'), false);
});
