import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalisePlate, normalisePhone, normalisePostcode, normaliseHandle } from './normalise.ts';

const ok = (r: ReturnType<typeof normalisePlate>) => {
  assert.equal(r.ok, true, r.ok ? '' : r.error);
  return r as { ok: true; key: string; display: string; format?: string };
};

test('a current plate (2001 on) is upper-cased without spaces and shown as AB12 CDE', () => {
  for (const s of ['ab12cde', 'AB12 CDE', ' ab12  cde ', 'AB-12-CDE']) {
    const r = ok(normalisePlate(s));
    assert.equal(r.key, 'AB12CDE');
    assert.equal(r.display, 'AB12 CDE');
    assert.equal(r.format, 'current');
  }
});

test('prefix, suffix and dateless plates are recognised with their standard space', () => {
  assert.deepEqual(ok(normalisePlate('a123bcd')), { ok: true, key: 'A123BCD', display: 'A123 BCD', format: 'prefix' });
  assert.deepEqual(ok(normalisePlate('P7 XYZ')), { ok: true, key: 'P7XYZ', display: 'P7 XYZ', format: 'prefix' });
  assert.deepEqual(ok(normalisePlate('abc123d')), { ok: true, key: 'ABC123D', display: 'ABC 123D', format: 'suffix' });
  assert.deepEqual(ok(normalisePlate('ABC 1D')), { ok: true, key: 'ABC1D', display: 'ABC 1D', format: 'suffix' });
  assert.deepEqual(ok(normalisePlate('abc 123')), { ok: true, key: 'ABC123', display: 'ABC 123', format: 'dateless' });
  assert.deepEqual(ok(normalisePlate('1234 ab')), { ok: true, key: '1234AB', display: '1234 AB', format: 'dateless' });
  assert.deepEqual(ok(normalisePlate('A 1')), { ok: true, key: 'A1', display: 'A 1', format: 'dateless' });
});

test('malformed plates are refused with a message naming the formats', () => {
  for (const s of ['', '   ', 'AB12 CD!', 'ABCDEFG', '1234567', 'AB123CDEF', 'A12345B', 'ABCD 123']) {
    const r = normalisePlate(s);
    assert.equal(r.ok, false, s);
  }
  const r = normalisePlate('ZZZZZZZZ');
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.error, /AB12 CDE/);
  const bad = normalisePlate('AB12 CD£');
  if (!bad.ok) assert.match(bad.error, /only letters, numbers/);
});

test('UK mobiles and landlines in any usual form become the same E.164 number', () => {
  for (const s of ['07700 900123', '07700900123', '+44 7700 900123', '+447700900123', '0044 7700 900 123', '(07700) 900-123']) {
    const r = ok(normalisePhone(s));
    assert.equal(r.key, '+447700900123', s);
    assert.equal(r.display, '07700 900123');
  }
  const landline = ok(normalisePhone('01632 960001'));
  assert.equal(landline.key, '+441632960001');
  const london = ok(normalisePhone('020 7946 0000'));
  assert.equal(london.key, '+442079460000');
  assert.equal(london.display, '020 7946 0000');
});

test('a valid number of another country is kept with its country code and shown internationally', () => {
  const r = ok(normalisePhone('+33 6 12 34 56 78'));
  assert.equal(r.key, '+33612345678');
  assert.match(r.display, /^\+33 6/);
  const us = ok(normalisePhone('001 212 555 0123'.replace('555 0123', '456 7890')));
  assert.equal(us.key, '+12124567890');
});

test('malformed phone numbers are refused with a clear message', () => {
  for (const s of ['', '0770090', '077009001234567', 'call me', '07700 9OO123', '+44 12', '12+34']) assert.equal(normalisePhone(s).ok, false, s);
  const r = normalisePhone('0770090');
  if (!r.ok) assert.match(r.error, /valid UK phone number/);
  const foreign = normalisePhone('+33 1');
  if (!foreign.ok) assert.match(foreign.error, /country code/);
});

test('postcodes are upper-cased with one space before the last three characters, GIR 0AA included', () => {
  const cases: [string, string][] = [
    ['st162ab', 'ST16 2AB'],
    ['  ST16   2AB ', 'ST16 2AB'],
    ['m1 1aa', 'M1 1AA'],
    ['B33 8TH', 'B33 8TH'],
    ['cr26xh', 'CR2 6XH'],
    ['DN551PT', 'DN55 1PT'],
    ['W1A 1HQ', 'W1A 1HQ'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['gir0aa', 'GIR 0AA'],
  ];
  for (const [input, want] of cases) {
    const r = ok(normalisePostcode(input));
    assert.equal(r.key, want, input);
    assert.equal(r.display, want);
  }
});

test('malformed postcodes are refused', () => {
  for (const s of ['', 'ST16', '2AB ST16', 'QQ1 1AA', 'ST16 2CI', 'ST16 2A', 'ST166 2AB', 'ST16-2AB!', 'GIR 0AB']) {
    const r = normalisePostcode(s);
    assert.equal(r.ok, false, s);
  }
  const r = normalisePostcode('nope');
  if (!r.ok) assert.match(r.error, /real UK postcode/);
});

test('an online handle is its platform and the handle lower-cased without a leading @', () => {
  assert.deepEqual(normaliseHandle('snapchat', '@Big.T_22'), { ok: true, key: 'snapchat:big.t_22', display: 'Snapchat @big.t_22' });
  assert.equal((normaliseHandle('instagram', ' @@Someone ') as { key: string }).key, 'instagram:someone');
  assert.equal(normaliseHandle('myspace', 'x').ok, false);
  assert.equal(normaliseHandle('tiktok', '@').ok, false);
  assert.equal(normaliseHandle('tiktok', 'has space').ok, false);
  assert.equal(normaliseHandle('tiktok', 'x'.repeat(101)).ok, false);
});
