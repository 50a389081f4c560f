// The load test's mix (bench/loadtest-mix.ts, issue 17 item 3): its form reader, and a two-second run against the app on
// the demo data (every operation answered as expected, the writes saved with the version read). No time is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { testApp, TEST_PASSWORD } from './app.ts';
import { formFields, withField, loadTargets, preflight, runMix, signInSessions, MIX, type Op } from '../../bench/loadtest-mix.ts';

test('formFields reads what a browser would send from the form posting to the action, and only that form', () => {
  const html = `
    <form method="post" action="/sign-out"><input type="hidden" name="_csrf" value="t1"></form>
    <form method="post" action="/children/1/edit" novalidate>
      <input type="hidden" name="_csrf" value="t2"><input type="hidden" name="version" value="7">
      <input class="govuk-input" id="firstName" name="firstName" type="text" value="Jo &amp; Co">
      <input type="radio" name="primaryRisk" value="CSE"><input type="radio" name="primaryRisk" value="CCE" checked>
      <input type="checkbox" name="flag" value="yes">
      <select name="districtId"><option value="">Choose</option><option value="tamworth" selected>Tamworth</option></select>
      <select name="gender"><option value="">Not given</option><option value="Female">Female</option></select>
      <textarea name="disability" rows="2">
line one &lt;b&gt;</textarea>
      <button type="submit">Save</button>
    </form>`;
  assert.deepEqual(formFields(html, '/children/1/edit'), [
    ['_csrf', 't2'],
    ['version', '7'],
    ['firstName', 'Jo & Co'],
    ['primaryRisk', 'CCE'],
    ['districtId', 'tamworth'],
    ['gender', ''],
    ['disability', 'line one <b>'],
  ]);
  assert.equal(formFields(html, '/children/2/edit'), undefined);
  assert.equal(
    withField(
      [
        ['a', '1'],
        ['b', '2'],
      ],
      'b',
      'x y',
    ),
    'a=1&b=x+y',
  );
  assert.equal(withField([['a', '1']], 'c', '3'), 'a=1&c=3');
});

// autocannon is a dev dependency (npm ci installs it); a node_modules made before it was added cannot run the mix.
const noAutocannon = await import('autocannon').then(
  () => false,
  () => 'autocannon is not installed: run npm ci',
);

test('the mix runs against the app on the demo data: every kind answered as expected, writes included, no error', { skip: noAutocannon }, async () => {
  const t = await testApp();
  const server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    // Open actions for the action updates (the demo data has none open), one for each connection.
    const child = await t.anyChild();
    await t.db.query(
      `INSERT INTO actions (partnership_id, child_id, what, kind, owner_team, owner_agency_id, measure, agreed_by, due_on, status, created_by)
       SELECT partnership_id, $1, 'Load test action ' || g, 'other', 'Team', agency_id, 'Measured', 'Panel', current_date + 30, 'open', id
         FROM users CROSS JOIN generate_series(1, 2) g WHERE id = $2`,
      [child.id, await t.userId('coordinator')],
    );
    const sessions = await signInSessions(port, t.partnerships.keys(), TEST_PASSWORD);
    const targets = await loadTargets(t.db, t.partnerships);
    const problems = await preflight({ port, sessions, targets, partnerships: t.partnerships });
    assert.deepEqual(problems, []);
    // Writes only, then the whole mix: both saved with the version read (a stale save would be a 409, an error).
    const writes = await runMix({
      port,
      sessions,
      targets,
      partnerships: t.partnerships,
      connections: 2,
      duration: 2,
      amount: 40,
      without: (Object.keys(MIX) as Op[]).filter((op) => !['child-edit', 'action-update', 'concern'].includes(op)),
    });
    assert.equal(writes.errors, 0, JSON.stringify(writes.error_samples));
    for (const kind of ['child-edit-form', 'child-edit', 'action-form', 'action-update', 'concern'])
      assert.ok(
        writes.kinds.some((k) => k.kind === kind && k.requests > 0),
        `${kind} was asked for: ${writes.kinds.map((k) => k.kind)}`,
      );
    // A number of requests, not seconds: on a busy machine two seconds answered too few to reach every kind.
    const mix = await runMix({ port, sessions, targets, partnerships: t.partnerships, connections: 2, duration: 2, amount: 120 });
    assert.equal(mix.errors, 0, JSON.stringify(mix.error_samples));
    for (const kind of ['child-page', 'search', 'search-results', 'actions'])
      assert.ok(
        mix.kinds.some((k) => k.kind === kind && k.requests > 0),
        kind,
      );
    const [saved] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM children WHERE lead_professional_name LIKE '% (load test)'`);
    const [concerns] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM concerns WHERE summary LIKE 'Load test:%'`);
    assert.ok(saved!.n + concerns!.n > 0, 'the writes changed records');
  } finally {
    // Wait for the requests still in flight when the run stopped, before the database closes.
    await new Promise((resolve) => server.close(resolve));
  }
});
