import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNhsNumber, checkUpn, formatNhsNumber, nhsCheckDigit, upnCheckLetter } from './identifiers.ts';

test('NHS number: the check digit is 11 minus the weighted sum’s remainder on 11 (943 476 5919 is valid; any other last digit is not)', () => {
  assert.equal(nhsCheckDigit('943476591'), 9);
  assert.deepEqual(checkNhsNumber('9434765919'), { ok: true, value: '9434765919' });
  for (let d = 0; d <= 9; d++) if (d !== 9) assert.equal(checkNhsNumber(`943476591${d}`).ok, false, `last digit ${d}`);
  assert.match((checkNhsNumber('9434765918') as { message: string }).message, /^Enter a valid NHS number/);
});

test('NHS number: a remainder of 0 gives the check digit 0 (11 counts as 0); a remainder of 1 (check 10) is never valid', () => {
  assert.equal(nhsCheckDigit('400000002'), 0);
  assert.equal(checkNhsNumber('4000000020').ok, true);
  assert.equal(nhsCheckDigit('400000008'), null);
  for (let d = 0; d <= 9; d++) assert.equal(checkNhsNumber(`400000008${d}`).ok, false, `no last digit makes 400000008 valid (${d})`);
});

test('NHS number: spaces and hyphens are allowed and dropped; 9 or 11 digits, or letters, are refused with a message saying how to write it', () => {
  assert.deepEqual(checkNhsNumber(' 943 476 5919 '), { ok: true, value: '9434765919' });
  assert.deepEqual(checkNhsNumber('943-476-5919'), { ok: true, value: '9434765919' });
  assert.deepEqual(checkNhsNumber('943476591'), { ok: false, message: 'NHS number must be 10 digits, like 943 476 5919' });
  assert.deepEqual(checkNhsNumber('94347659190'), { ok: false, message: 'NHS number must be 10 digits, like 943 476 5919' });
  assert.deepEqual(checkNhsNumber('943 476 591O'), { ok: false, message: 'NHS number must only include numbers, like 943 476 5919' });
  assert.equal(formatNhsNumber('9434765919'), '943 476 5919');
});

test('UPN: the check letter is the weighted sum of characters 2–13 modulo 23, as A–Z without I, O and S', () => {
  assert.equal(upnCheckLetter('801200005001'), 'B');
  assert.deepEqual(checkUpn('B801200005001'), { ok: true, value: 'B801200005001' });
  assert.match((checkUpn('A801200005001') as { message: string }).message, /^Enter a valid unique pupil number/);
  // Every other first letter is refused.
  for (const c of 'ACDEFGHJKLMNPQRTUVWXYZ') assert.equal(checkUpn(`${c}801200005001`).ok, false, c);
});

test('UPN: a temporary UPN ends in a letter, which counts as its place in the 23 letters (A = 0); I, O and S never end one', () => {
  assert.equal(upnCheckLetter('80120000500A'), 'M');
  assert.deepEqual(checkUpn('M80120000500A'), { ok: true, value: 'M80120000500A' });
  assert.equal(checkUpn('B80120000500A').ok, false);
  assert.match((checkUpn('M80120000500S') as { message: string }).message, /cannot end in I, O or S/);
});

test('UPN: lower case and spaces are accepted and stored in capitals; 12 or 14 characters, or a letter inside, are refused', () => {
  assert.deepEqual(checkUpn('b801 2000 05001'), { ok: true, value: 'B801200005001' });
  const format = /^Unique pupil number must be 13 characters/;
  assert.match((checkUpn('B80120000500') as { message: string }).message, format);
  assert.match((checkUpn('B8012000050011') as { message: string }).message, format);
  assert.match((checkUpn('B80120A005001') as { message: string }).message, format);
  assert.match((checkUpn('1801200005001') as { message: string }).message, format);
});
