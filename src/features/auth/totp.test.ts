import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptTotpStep, currentTotp, newTotpSecret, totpStep } from './totp.ts';

const secret = newTotpSecret();
// A moment in the middle of a 30-second step, so that ±30 s lands in the steps either side.
const now = Math.floor(Date.UTC(2026, 10, 24, 9, 0, 0) / 30_000) * 30_000 + 15_000;
const step = now / 30_000 - 0.5;

test('a code is found in its own step, or one step either side (clock drift), and no further', () => {
  assert.equal(totpStep(secret, currentTotp(secret, now), now), step);
  assert.equal(totpStep(secret, currentTotp(secret, now - 30_000), now), step - 1);
  assert.equal(totpStep(secret, currentTotp(secret, now + 30_000), now), step + 1);
  const twoAgo = currentTotp(secret, now - 60_000);
  if (![-1, 0, 1].some((d) => currentTotp(secret, now + d * 30_000) === twoAgo)) assert.equal(totpStep(secret, twoAgo, now), null);
  assert.equal(totpStep(secret, `${currentTotp(secret, now).slice(0, 3)} ${currentTotp(secret, now).slice(3)}`, now), step, 'spaces are ignored');
  assert.equal(totpStep(secret, '12345', now), null);
  assert.equal(totpStep(secret, 'abcdef', now), null);
});

test('RFC 6238 §5.2: a code is accepted once; never a step already used, nor an older one', () => {
  assert.equal(acceptTotpStep(step, null), true, 'the first code after turning codes on');
  assert.equal(acceptTotpStep(step, step - 1), true);
  assert.equal(acceptTotpStep(step, step), false, 'the same code again');
  assert.equal(acceptTotpStep(step - 1, step), false, 'an earlier code still within the window');
});
