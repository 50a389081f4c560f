import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { testApp, TEST_PASSWORD, type TestApp } from '../test-support/app.ts';
import { openDb } from './client.ts';

// Issue 17 item 2: reads from a real streaming replica (a second PostgreSQL cluster made with pg_basebackup, which
// .ci/replica-setup.sh sets up and .ci/run starts before these tests), read-your-writes, and the replica stopped.
const primaryUrl = process.env.DATABASE_URL;
const replicaUrl = process.env.DATABASE_REPLICA_URL;
const skip =
  !primaryUrl || !replicaUrl
    ? 'the read replica tests need DATABASE_URL and DATABASE_REPLICA_URL, a streaming replica of it (bash .ci/replica-setup.sh makes one on 127.0.0.1:5433)'
    : undefined;
const script = path.resolve(import.meta.dirname, '..', '..', '.ci', 'replica-setup.sh');
/** Whether this test may stop and start the replica: it is the one .ci/replica-setup.sh runs, and we may run it (root or postgres). */
const controllable = (() => {
  if (skip) return false;
  try {
    execFileSync('bash', [script, 'status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const replicaCtl = (what: 'stop' | 'start') => execFileSync('bash', [script, what], { stdio: ['ignore', 'inherit', 'inherit'] });

let t: TestApp;
let primary: pg.Client;
let standby: pg.Client;
if (!skip) {
  // A long enough allowance that pausing the replica's replay below does not count as it falling behind.
  t = await testApp({ env: { DATABASE_REPLICA_URL: replicaUrl!, DATABASE_REPLICA_MAX_LAG_SECONDS: '600' } });
  primary = new pg.Client({ connectionString: primaryUrl });
  standby = new pg.Client({ connectionString: replicaUrl });
  await primary.connect();
  await standby.connect();
  after(async () => {
    await standby.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
    await primary.end();
    await standby.end().catch(() => undefined);
  });
}

/** Waits until the replica has replayed everything the primary has written so far. */
async function caughtUp(): Promise<void> {
  const [{ lsn }] = (await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows as [{ lsn: string }];
  for (let i = 0; i < 600; i++) {
    const ok = await standby
      .query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn])
      .then((r) => r.rows[0]!.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the replica did not replay up to ${lsn} within a minute`);
}

const period = { from: '2025-03-01', to: '2025-04-30', district: 'tamworth', mode: 'all' };
const reportUrl = `/reports/bi-monthly?${new URLSearchParams(period).toString()}`;
const written = 'Detached youth workers met children at the skate park on Saturdays.';

test(
  'reports read from the replica (the standby answers); the user who saved sees it at once, from the primary; another sees it once replayed',
  { skip },
  async () => {
    await caughtUp();
    // The query path itself: readTx's read side is the standby, its write side the primary.
    const where = await t.db.readTx(async (r, w) => ({
      read: (await r.query<{ standby: boolean; port: number }>('SELECT pg_is_in_recovery() AS standby, inet_server_port() AS port'))[0]!,
      write: (await w.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby'))[0]!,
    }));
    assert.deepEqual(where.read, { standby: true, port: Number(new URL(replicaUrl!).port || 5432) });
    assert.equal(where.write.standby, false);

    const coordinator = await t.signIn('coordinator');
    const analyst = await t.signIn('analyst');
    let before = { ...t.db.reads };
    const first = await analyst.agent.get(reportUrl);
    assert.equal(first.status, 200);
    assert.match(first.text, /Not written for this period yet/);
    assert.ok(t.db.reads.replica > before.replica, 'the report read the replica');
    assert.equal(t.db.reads.primary, before.primary);

    // The replica stops replaying: what is written now is on the primary only.
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      const saved = await coordinator.post('/reports/bi-monthly/commentary', { ...period, version: '0', goodPractice: written, gaps: 'None seen.' });
      assert.equal(saved.status, 303);
      before = { ...t.db.reads };
      const mine = await coordinator.agent.get(reportUrl);
      assert.match(mine.text, new RegExp(written), 'the coordinator sees their own save at once');
      assert.ok(t.db.reads.primary > before.primary, 'read from the primary: the replica has not replayed the save');
      assert.equal(t.db.reads.replica, before.replica);

      before = { ...t.db.reads };
      const theirs = await analyst.agent.get(reportUrl);
      assert.equal(theirs.status, 200);
      assert.doesNotMatch(theirs.text, new RegExp(written), 'the analyst’s report came from the replica, a moment behind');
      assert.ok(t.db.reads.replica > before.replica);
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
    await caughtUp();
    before = { ...t.db.reads };
    assert.match((await analyst.agent.get(reportUrl)).text, new RegExp(written), 'replayed: the analyst sees it');
    assert.match((await coordinator.agent.get(reportUrl)).text, new RegExp(written));
    assert.equal(t.db.reads.replica, before.replica + 2, 'both from the replica once it has replayed the save');
    assert.equal(t.db.reads.primary, before.primary);
  },
);

test(
  'search, dashboards and networks read from the replica; a child just added through the API is found by the user who added it at once',
  { skip },
  async () => {
    await caughtUp();
    const token = async (role: string) =>
      (
        await request(t.app)
          .post('/api/v1/auth/token')
          .send({ email: `${role}@staffordshire.example.org`, password: TEST_PASSWORD })
      ).body.token as string;
    const practitioner = await token('practitioner');
    const coordinator = await token('coordinator');
    const search = (bearer: string) => request(t.app).post('/api/v1/children/search').set('authorization', `Bearer ${bearer}`).send({ q: 'Tamsin Quarrendon' });

    await standby.query('SELECT pg_wal_replay_pause()');
    let childId: string;
    try {
      const made = await request(t.app)
        .post('/api/v1/children')
        .set('authorization', `Bearer ${practitioner}`)
        .send({ firstName: 'Tamsin', lastName: 'Quarrendon', dateOfBirth: '2011-05-17', gender: 'Female', districtId: 'tamworth' });
      assert.equal(made.status, 201);
      childId = made.body.id;
      const before = { ...t.db.reads };
      const found = await search(practitioner);
      assert.equal(found.status, 200);
      assert.deepEqual(
        found.body.results.map((c: { id: string }) => c.id),
        [childId],
        'the practitioner finds the child they added',
      );
      assert.ok(t.db.reads.primary > before.primary);
      const notYet = await search(coordinator);
      assert.deepEqual(notYet.body.results, [], 'the coordinator’s search came from the replica, which has not replayed it');
      assert.ok(t.db.reads.replica > before.replica);
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
    await caughtUp();
    assert.deepEqual(
      (await search(coordinator)).body.results.map((c: { id: string }) => c.id),
      [childId],
    );

    // The dashboards (the reports page) and a child's network go to the replica too.
    const page = await t.signIn('coordinator');
    for (const url of ['/reports', `/children/${childId}/network`]) {
      const before = { ...t.db.reads };
      const res = await page.agent.get(url);
      assert.equal(res.status, 200, url);
      assert.ok(t.db.reads.replica > before.replica, `${url} read the replica`);
      assert.equal(t.db.reads.primary, before.primary, url);
    }
  },
);

test(
  'the replica stopped: reads fall back to the primary and /health says replica down; started again: health ok and reads go back to it',
  { skip: skip ?? (controllable ? undefined : 'the replica is not one .ci/replica-setup.sh runs here (or this user may not stop it)') },
  async () => {
    await caughtUp();
    assert.deepEqual((await t.request().get('/health')).body, { status: 'ok', database: 'postgres', replica: 'ok' });
    const analyst = await t.signIn('analyst');
    assert.equal((await analyst.agent.get(reportUrl)).status, 200);

    await standby.end().catch(() => undefined);
    replicaCtl('stop');
    try {
      const health = await t.request().get('/health');
      assert.equal(health.status, 200, 'the service is up: reads go to the primary');
      assert.deepEqual(health.body, { status: 'ok', database: 'postgres', replica: 'down' });
      const before = { ...t.db.reads };
      const res = await analyst.agent.get(reportUrl);
      assert.equal(res.status, 200);
      assert.match(res.text, new RegExp(written));
      assert.equal(t.db.reads.replica, before.replica);
      assert.ok(t.db.reads.primary + t.db.reads.fallbacks > before.primary + before.fallbacks, 'read from the primary');
      // The dashboards too.
      assert.equal((await analyst.agent.get('/reports')).status, 200);
    } finally {
      replicaCtl('start');
      standby = new pg.Client({ connectionString: replicaUrl });
      await standby.connect();
    }
    await caughtUp();
    assert.deepEqual((await t.request().get('/health')).body, { status: 'ok', database: 'postgres', replica: 'ok' });
    const before = { ...t.db.reads };
    assert.match((await analyst.agent.get(reportUrl)).text, new RegExp(written));
    assert.equal(t.db.reads.replica, before.replica + 1, 'back on the replica');
  },
);

test('a replica further behind than DATABASE_REPLICA_MAX_LAG_SECONDS is not used, and health says down until it catches up', { skip }, async () => {
  const db = await openDb({ databaseUrl: primaryUrl!, replica: { url: replicaUrl!, maxLagSeconds: 1 } });
  try {
    await caughtUp();
    assert.equal(await db.replicaHealth(), 'ok');
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      // Something written on the primary (WAL-logged, so flushed at commit) that the replica does not replay; the probe
      // notes where the primary was.
      await primary.query('BEGIN; CREATE TEMP TABLE mace_lag_probe (x int) ON COMMIT DROP; COMMIT');
      assert.equal(await db.replicaHealth(), 'ok', 'a moment behind is allowed');
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal(await db.replicaHealth(), 'down', 'behind by more than a second: not used');
      const [read] = await db.readTx((r) => r.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby'));
      assert.equal(read!.standby, false, 'read from the primary');
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
    await caughtUp();
    assert.equal(await db.replicaHealth(), 'ok');
  } finally {
    await db.close();
  }
});
