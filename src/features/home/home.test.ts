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

test('“Children you added recently” is newest first, children added in one go (an import) by their references', async () => {
  const practitioner = await t.signIn('practitioner', 'rotherham');
  const [user] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE partnership_id = 'rotherham' AND email = 'practitioner@rotherham.example.org'`);
  const mine = await t.db.query<{ reference: string }>(`SELECT reference FROM children WHERE partnership_id = 'rotherham' AND created_by = $1`, [user!.id]);
  assert.ok(mine.length >= 2, 'the demo gives the practitioner children of their own');
  await t.db.query(`UPDATE children SET created_at = '2026-01-05T10:00:00Z' WHERE partnership_id = 'rotherham' AND created_by = $1`, [user!.id]);
  const home = await practitioner.agent.get('/');
  const section = home.text.slice(home.text.indexOf('Children you added recently'));
  const shown = [...section.matchAll(/\b(MC\d{6})\b/g)].map((m) => m[1]);
  const expected = mine
    .map((c) => c.reference)
    .sort()
    .reverse()
    .slice(0, 10);
  assert.deepEqual(shown.slice(0, expected.length), expected);
});
