// Issue 17 item 6: /metrics (never public), the request log (no personal data), /health/live and /health/ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testApp } from '../../test-support/app.ts';
import { metricsServer } from '../../platform/metrics.ts';
import { platformService } from './service.ts';
import { stackFrames } from '../../platform/log.ts';

const TOKEN = 'metrics-token-for-tests-0001';
const lines: string[] = [];
const t = await testApp({ env: { METRICS_TOKEN: TOKEN, LOG_LEVEL: 'info' }, logDestination: { write: (s: string) => void lines.push(s) } });
const child = await t.anyChild('staffordshire');
const scrape = () => t.request().get('/metrics').set('Authorization', `Bearer ${TOKEN}`);

test('/metrics answers 404 when no token is configured (deny by default), as for any unknown address', async () => {
  const bare = await testApp();
  assert.equal((await bare.request().get('/metrics')).status, 404);
  assert.equal((await bare.request().get('/metrics').set('Authorization', 'Bearer anything-at-all-0000')).status, 404);
});

test('/metrics refuses a request without the token or with another, and answers with it', async () => {
  const none = await t.request().get('/metrics');
  assert.equal(none.status, 401);
  assert.match(String(none.headers['www-authenticate']), /^Bearer/);
  assert.doesNotMatch(none.text, /mace_/);
  assert.equal((await t.request().get('/metrics').set('Authorization', `Bearer ${TOKEN}x`)).status, 401);
  assert.equal((await t.request().get('/metrics').set('Authorization', TOKEN)).status, 401, 'the token alone, not as a bearer');
  const ok = await scrape();
  assert.equal(ok.status, 200);
  assert.match(String(ok.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  assert.match(ok.text, /^process_cpu_seconds_total /m, 'the default process metrics');
  assert.match(ok.text, /^nodejs_heap_size_used_bytes /m);
});

test('requests are counted and timed by the route pattern, never the URL, its ids or its query', async () => {
  const s = await t.signIn('practitioner');
  assert.equal((await s.agent.get(`/children/${child.id}`)).status, 200);
  await s.agent.get(`/children?q=${encodeURIComponent(child.last_name)}`);
  await t.request().get(`/no-such-page/${child.id}?name=${encodeURIComponent(child.first_name)}`);
  const text = (await scrape()).text;
  assert.match(text, /^mace_http_requests_total\{method="GET",route="\/children\/:id",status="200"\} [1-9]/m);
  assert.match(text, /^mace_http_request_duration_seconds_count\{method="GET",route="\/children\/:id"\} [1-9]/m);
  assert.match(text, /^mace_http_requests_total\{method="GET",route="unmatched",status="404"\} [1-9]/m);
  assert.match(text, /^mace_http_requests_total\{method="POST",route="\/sign-in",status="303"\} [1-9]/m);
  assert.ok(!text.includes(child.id), 'no child id in any label');
  assert.ok(!text.includes(child.last_name) && !text.includes(child.first_name), 'no name in any label');
  // The database: queries timed by prepared statement (the session look-up) and the rest as adhoc; the connection.
  assert.match(text, /^mace_db_query_duration_seconds_count\{statement="session_find"\} [1-9]/m);
  assert.match(text, /^mace_db_query_duration_seconds_count\{statement="adhoc"\} [1-9]/m);
  assert.match(text, /^mace_db_pool_connections [1-9]/m);
  assert.match(text, /^mace_db_pool_waiting_queries 0$/m);
});

test('the mail outbox, the tracker queue and the jobs are read from the database at each scrape', async () => {
  const before = (await scrape()).text;
  const num = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  assert.equal(num(before, 'mace_signals_up'), 1);
  await t.db.query(
    `INSERT INTO outbox (partnership_id, to_address, subject, body, created_at) VALUES ('staffordshire', 'someone@example.org', 'Test', 'Body', now() - interval '2 hours')`,
  );
  await t.db.query(
    `INSERT INTO tracker_outbox (partnership_id, ref, op, encoding, queued_at) VALUES ('staffordshire', $1, 'withdraw', NULL, now() - interval '1 hour')`,
    [child.id],
  );
  await t.db.query(
    `INSERT INTO job_runs (name, scheduled_for, started_at, finished_at, outcome, details) VALUES ('review-reminders', '2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z', now(), 'succeeded', '{}'), ('review-reminders', now(), now(), now(), 'failed', '{}')`,
  );
  const after = (await scrape()).text;
  assert.equal(num(after, 'mace_mail_outbox_pending'), num(before, 'mace_mail_outbox_pending') + 1);
  assert.ok(num(after, 'mace_mail_outbox_oldest_pending_seconds') >= 7200, 'the oldest unsent mail is two hours old');
  assert.equal(num(after, 'mace_tracker_outbox_queued'), num(before, 'mace_tracker_outbox_queued') + 1);
  assert.ok(num(after, 'mace_tracker_outbox_oldest_queued_seconds') >= 3600);
  // The last success, not the later failure.
  assert.match(after, /^mace_job_last_success_timestamp_seconds\{job="review-reminders"\} 1767323045$/m);
  assert.ok(!after.includes('someone@example.org'));
  t.services.metrics.jobRun('review-reminders', 'failed');
  assert.match((await scrape()).text, /^mace_job_runs_total\{job="review-reminders",outcome="failed"\} 1$/m);
});

test('the request log: one JSON line per request with its id, method, route pattern, status and time, and no name, query or body', async () => {
  lines.length = 0;
  const s = await t.signIn('practitioner');
  await s.agent.get(`/children?q=${encodeURIComponent(`${child.first_name} ${child.last_name}`)}`);
  await s.post('/children/search', { q: `${child.first_name} ${child.last_name}`, districtId: '' });
  await t.request().post('/api/v1/auth/token').send({ email: 'practitioner@staffordshire.example.org', password: 'a wrong password for Jordan Ashdown' });
  await s.agent.get(`/children/${child.id}`);
  const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = entries.filter((e) => e.msg === 'request');
  assert.ok(requests.length >= 6, `expected the requests logged, got ${requests.length}`);
  for (const e of requests) {
    assert.deepEqual(Object.keys(e).sort(), ['level', 'method', 'ms', 'msg', 'pid', 'reqId', 'route', 'status', 'time']);
    assert.match(String(e.reqId), /^[0-9a-f-]{36}$/);
  }
  assert.ok(requests.some((e) => e.route === '/children' && e.method === 'GET' && e.status === 200));
  assert.ok(requests.some((e) => e.route === '/children/search' && e.method === 'POST'));
  assert.ok(requests.some((e) => e.route === '/children/:id'));
  const all = lines.join('');
  for (const secret of [child.first_name, child.last_name, child.id, 'Jordan', 'wrong password', 'practitioner@', '?q=', 'q=']) {
    assert.ok(!all.includes(secret), `the log holds ${secret}`);
  }
});

test('X-Request-Id: a safe id (hexadecimal and hyphens) is kept and echoed; anything else is replaced', async () => {
  lines.length = 0;
  const id = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
  const kept = await t.request().get('/health/live').set('X-Request-Id', id);
  assert.equal(kept.headers['x-request-id'], id);
  const named = await t.request().get('/health/live').set('X-Request-Id', 'jordan-ashdown-request-1');
  assert.notEqual(named.headers['x-request-id'], 'jordan-ashdown-request-1');
  assert.match(String(named.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  const made = await t.request().get('/health/live');
  assert.match(String(made.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  assert.ok(lines.some((l) => JSON.parse(l).reqId === id));
  assert.ok(!lines.join('').includes('jordan'));
});

test('an error is logged by its name, code and stack frames, never its message', () => {
  const err = new Error('invalid input syntax for type uuid: "Jordan Ashdown"');
  const frames = stackFrames(err)!;
  assert.ok(frames.length > 0 && frames.every((f) => f.startsWith('at ')));
  assert.ok(!frames.join('\n').includes('Jordan'));
});

test('/health/live: the process is up; /health/ready: the database answers and every shipped migration is applied', async () => {
  const live = await t.request().get('/health/live');
  assert.equal(live.status, 200);
  assert.deepEqual(live.body, { status: 'ok' });
  const ready = await t.request().get('/health/ready');
  assert.equal(ready.status, 200);
  assert.equal(ready.body.status, 'ready');
  assert.equal(ready.body.database, 'ok');
  assert.equal(ready.body.replica, 'none');
  assert.equal(ready.body.migrations.pending, 0);
  assert.ok(ready.body.migrations.shipped > 30);
  // GET /health as before, with the read replica (none configured).
  assert.deepEqual((await t.request().get('/health')).body, { status: 'ok', database: t.db.kind, replica: 'none' });
});

test('/health/ready is 503 while a shipped migration is not applied', async () => {
  const [last] = await t.db.query<{ id: string; applied_at: Date }>(`SELECT id, applied_at FROM schema_migrations ORDER BY id DESC LIMIT 1`);
  await t.db.execAsOwner(`DELETE FROM schema_migrations WHERE id = '${last!.id}'`);
  try {
    const res = await t.request().get('/health/ready');
    assert.equal(res.status, 503);
    assert.equal(res.body.status, 'unavailable');
    assert.equal(res.body.migrations.pending, 1);
  } finally {
    await t.db.execAsOwner(`INSERT INTO schema_migrations (id) VALUES ('${last!.id}')`);
  }
  assert.equal((await t.request().get('/health/ready')).status, 200);
});

test('readiness reports the replica when one is configured; down leaves the process ready (its reads go to the primary)', async () => {
  const up = await platformService(t.db, { replica: async () => undefined }).ready();
  assert.equal(up.replica, 'ok');
  assert.equal(up.ready, true);
  const down = await platformService(t.db, { replica: () => Promise.reject(new Error('unreachable')) }).ready();
  assert.equal(down.replica, 'down');
  assert.equal(down.ready, true);
  assert.equal((await platformService(t.db).health()).replica, 'none');
});

test('METRICS_PORT: the app’s port no longer serves /metrics; the metrics port does, with the token when one is set', async () => {
  const apart = await testApp({ env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '9464' } });
  assert.equal((await apart.request().get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status, 404);
  const get = (server: http.Server, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      http
        .get({ host: '127.0.0.1', port, path, headers }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
  const withToken = metricsServer(apart.services.metrics, TOKEN);
  const open = metricsServer(apart.services.metrics, undefined);
  await Promise.all([withToken, open].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  try {
    assert.equal((await get(withToken, '/metrics')).status, 401);
    const ok = await get(withToken, '/metrics', { authorization: `Bearer ${TOKEN}` });
    assert.equal(ok.status, 200);
    assert.match(ok.body, /^mace_signals_up 1$/m);
    assert.equal((await get(open, '/metrics')).status, 200);
    assert.equal((await get(open, '/children')).status, 404, 'nothing of the app on the metrics port');
  } finally {
    withToken.close();
    open.close();
  }
});
