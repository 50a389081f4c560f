import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';

// The home page leads each role to its work: an analyst to the reports, a partnership admin to running the
// partnership (users, outgoing email), and nobody to a page their role cannot open.
const t = await testApp();

test('an analyst’s home page leads to the reports, not to “nothing to do”', async () => {
  const analyst = await t.signIn('analyst', 'llr');
  const home = await analyst.agent.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /href="\/reports">Reports, dashboards and exports</);
  assert.doesNotMatch(home.text, /nothing for you to do/);
  assert.doesNotMatch(home.text, /href="\/admin\/users"/);
});

test('a partnership admin’s home page leads to users and outgoing email; a practitioner’s does not', async () => {
  const admin = await t.signIn('admin', 'staffordshire');
  const home = await admin.agent.get('/');
  assert.match(home.text, /Running the partnership/);
  assert.match(home.text, /href="\/admin\/users">Users</);
  assert.match(home.text, /href="\/admin\/outbox">Outgoing email</);
  for (const href of ['/admin/users', '/admin/outbox']) assert.equal((await admin.agent.get(href)).status, 200, href);

  const practitioner = await t.signIn('practitioner', 'staffordshire');
  const theirs = await practitioner.agent.get('/');
  assert.doesNotMatch(theirs.text, /Running the partnership|href="\/admin\/|href="\/reports"/);
});
