import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../test-support/app.ts';

const t = await testApp();

test('health answers ok with the database kind, and no read replica configured', async () => {
  const res = await t.request().get('/health');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { status: 'ok', database: t.db.kind, replica: 'none' });
});

test('a practitioner signs in and sees the home page', async () => {
  const s = await t.signIn('practitioner');
  const res = await s.agent.get('/');
  assert.equal(res.status, 200);
  assert.match(res.text, /Priya Fairweather/);
  assert.match(res.text, /OFFICIAL-SENSITIVE/);
});

test('every page carries the partnership’s protective marking (LLR: SENSITIVE – CONFIDENTIAL, not to be printed)', async () => {
  const s = await t.signIn('practitioner', 'llr');
  const res = await s.agent.get('/');
  assert.match(res.text, /<div class="govuk-width-container">SENSITIVE – CONFIDENTIAL<\/div>/);
  assert.match(res.text, /Do not print it\./);
  const staffs = await (await t.signIn('practitioner')).agent.get('/');
  assert.doesNotMatch(staffs.text, /Do not print it\./);
});
