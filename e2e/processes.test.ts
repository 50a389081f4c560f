import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { DEMO_PASSWORD, startServer, type RunningServer } from './support/server.ts';
import { cookieJar } from './support/cookies.ts';

// Issue 17 item 1: several app processes on one PostgreSQL database, as behind a load balancer: two `node src/server.ts`
// (A and B, each its own port, jobs on in both) and one `npm start`-style cluster of two workers (WEB_CONCURRENCY=2). A
// session, sign-in throttling, the jobs and an edit conflict behave as they would in one process. No browser.
const serverUrl = process.env.DATABASE_URL;
const skip = serverUrl ? undefined : 'several processes need a PostgreSQL server: set DATABASE_URL (the tests make a database of their own on it)';
const root = path.resolve(import.meta.dirname, '..');
const dbName = `mace_processes_${crypto.randomBytes(4).toString('hex')}`;
let admin: pg.Client;
let url: string;
let a: RunningServer;
let b: RunningServer;

before(async () => {
  if (skip) return;
  admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(serverUrl!);
  u.pathname = `/${dbName}`;
  url = u.toString();
  // The demo data, as an operator loads it on a server (`npm run seed:demo`): never at a server's start.
  const seeded = spawnSync(process.execPath, ['src/db/seed-demo-cli.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, DATABASE_URL: url, DEMO_PASSWORD, NODE_ENV: 'development' },
    encoding: 'utf8',
  });
  assert.equal(seeded.status, 0, seeded.stderr);
  // Both at once, as a deployment's processes start; the jobs on in each, every 10 seconds (the first 5 s after start).
  const env = { DATABASE_URL: url, JOBS_ENABLED: 'true', JOBS_INTERVAL_SECONDS: '10', TRACKER_MODE: 'in-process' };
  [a, b] = await Promise.all([startServer(180_000, env), startServer(180_000, env)]);
});

after(async () => {
  await a?.stop();
  await b?.stop();
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
});

/** A browser without a browser: one cookie jar, whichever process answers (cookies do not depend on the port). */
function browser() {
  const jar = cookieJar();
  const keep = (res: Response) => jar.keep(res);
  const cookie = () => jar.header();
  const answer = async (res: Response) => {
    keep(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  };
  return {
    get: async (server: RunningServer, url: string) => answer(await fetch(`${server.baseUrl}${url}`, { headers: { cookie: cookie() }, redirect: 'manual' })),
    post: async (server: RunningServer, url: string, body: Record<string, string>) =>
      answer(
        await fetch(`${server.baseUrl}${url}`, {
          method: 'POST',
          headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(body).toString(),
          redirect: 'manual',
        }),
      ),
  };
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? assert.fail('no CSRF token on the page');

async function signIn(server: RunningServer, role: string) {
  const user = browser();
  const form = await user.get(server, '/sign-in');
  const res = await user.post(server, '/sign-in', { _csrf: csrfOf(form.text), email: `${role}@staffordshire.example.org`, password: DEMO_PASSWORD });
  assert.equal(res.status, 303, `sign-in as ${role} through ${server.baseUrl}`);
  return user;
}

const token = (server: RunningServer, email: string, password: string) =>
  fetch(`${server.baseUrl}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

test('a session signed in through A works on B (its CSRF token too); signing out on B ends it on A; failed sign-ins on A count on B', { skip }, async () => {
  const coordinator = await signIn(a, 'coordinator');
  const onB = await coordinator.get(b, '/account');
  assert.equal(onB.status, 200, 'the session is in the database, not in A');
  assert.match(onB.text, /Colin Marchbank/);
  // A form from B, posted to A: the CSRF secret is shared through the database.
  const search = await coordinator.post(a, '/children/search', { _csrf: csrfOf(onB.text), q: 'Jordan Ashdown' });
  assert.equal(search.status, 303, 'B’s CSRF token accepted by A');
  const found = await coordinator.get(b, search.location!);
  assert.match(found.text, /Jordan Ashdown/, 'the search kept in the session on A is read on B');

  const signedOut = await coordinator.post(b, '/sign-out', { _csrf: csrfOf((await coordinator.get(b, '/account')).text) });
  assert.equal(signedOut.status, 303);
  const afterwards = await coordinator.get(a, '/account');
  assert.notEqual(afterwards.status, 200, 'ended everywhere');
  assert.match(afterwards.location ?? '', /sign-in/);

  // Sign-in throttling lives in the database: five wrong passwords through A, then the right one through B is slowed.
  for (let i = 0; i < 5; i++) assert.equal((await token(a, 'responder@staffordshire.example.org', 'not-the-password')).status, 401);
  assert.equal((await token(b, 'responder@staffordshire.example.org', DEMO_PASSWORD)).status, 429);
});

test('the jobs run once across both processes: one tick at a time (runs never overlap), each hourly and daily job once', { skip }, async () => {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    // Each process ticks 5 s after its start and every 10 s: wait for at least three ticks' worth of runs.
    for (let i = 0; ; i++) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_runs WHERE name = 'deadline-reminders'`);
      if (rows[0]!.n >= 3) break;
      if (i > 600) assert.fail('the jobs did not run three times within two minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const { rows: counts } = await db.query<{ name: string; n: number }>(`SELECT name, count(*)::int AS n FROM job_runs GROUP BY name ORDER BY name`);
    const byName = Object.fromEntries(counts.map((c) => [c.name, c.n]));
    for (const hourly of ['action-reminders', 'chair-reminders', 'review-reminders']) assert.equal(byName[hourly], 1, `${hourly} ran once`);
    assert.equal(byName['tracker-rematch'], 1, 'the daily re-match ran once');
    // Every run of every job, in order of starting: each starts after the one before has finished (the tick's lock).
    const { rows: runs } = await db.query<{ name: string; started_at: Date; finished_at: Date }>(
      `SELECT name, started_at, finished_at FROM job_runs ORDER BY started_at, finished_at`,
    );
    for (let i = 1; i < runs.length; i++) {
      assert.ok(
        runs[i]!.started_at.getTime() >= runs[i - 1]!.finished_at.getTime(),
        `${runs[i]!.name} started at ${runs[i]!.started_at.toISOString()} before ${runs[i - 1]!.name} finished (${runs[i - 1]!.finished_at.toISOString()})`,
      );
    }
  } finally {
    await db.end();
  }
});

test('an edit made through A and a stale edit through B: B’s is refused (409), both versions kept', { skip }, async () => {
  const period = { from: '2025-05-01', to: '2025-06-30', district: 'tamworth', mode: 'all' };
  const form = `/reports/bi-monthly/commentary?${new URLSearchParams(period).toString()}`;
  const first = await signIn(a, 'coordinator');
  const second = await signIn(b, 'coordinator');
  const openA = await first.get(a, form);
  const openB = await second.get(b, form);
  assert.match(openA.text, /name="version" value="0"/);
  assert.match(openB.text, /name="version" value="0"/);

  const savedA = await first.post(a, '/reports/bi-monthly/commentary', {
    _csrf: csrfOf(openA.text),
    ...period,
    version: '0',
    goodPractice: 'Written through A.',
    gaps: '',
  });
  assert.equal(savedA.status, 303);
  const staleB = await second.post(b, '/reports/bi-monthly/commentary', {
    _csrf: csrfOf(openB.text),
    ...period,
    version: '0',
    goodPractice: 'Written through B.',
    gaps: '',
  });
  assert.equal(staleB.status, 409, 'B read version 0, A saved version 1 meanwhile');
  assert.match(staleB.text, /id="saved-version"[\s\S]*Written through A\./, 'the saved version shown');
  assert.match(staleB.text, /<textarea[^>]*name="goodPractice"[^>]*>Written through B\.<\/textarea>/, 'B’s words kept on screen');

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows: saved } = await db.query(
      `SELECT good_practice, version FROM report_commentaries WHERE period_from = '2025-05-01' AND district_id = 'tamworth'`,
    );
    assert.deepEqual(saved, [{ good_practice: 'Written through A.', version: 1 }]);
    const { rows: kept } = await db.query<{ submitted: { goodPractice: string }; read_version: number }>(
      `SELECT submitted, read_version FROM edit_conflicts WHERE record_type = 'report_commentary'`,
    );
    assert.deepEqual(
      kept.map((k) => [k.submitted.goodPractice, k.read_version]),
      [['Written through B.', 0]],
    );
  } finally {
    await db.end();
  }
});

test('WEB_CONCURRENCY=2: npm start’s way runs two workers on the port; a session works on both; SIGTERM stops them all', { skip }, async () => {
  const cluster = await startServer(180_000, { DATABASE_URL: url, WEB_CONCURRENCY: '2', JOBS_ENABLED: 'false' });
  try {
    assert.match(cluster.output(), /listening on http:\/\/\S+ \(PostgreSQL server; 2 processes;/);
    const user = await signIn(cluster, 'chair');
    // Connections are shared out between the workers: every one of these is signed in whichever answers.
    for (let i = 0; i < 12; i++) {
      const res = await user.get(cluster, '/account');
      assert.equal(res.status, 200);
      assert.match(res.text, /Chidi Ashworth/);
    }
  } finally {
    await cluster.stop();
  }
  assert.ok(cluster.exited(), 'the primary process exited');
  assert.doesNotMatch(cluster.errors(), /worker\.exit/, 'no worker died on the way');
});
