import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../test-support/app.ts';
import type { RouteSpec } from './http.ts';

const t = await testApp();
const routes = (t.app.locals.routes as RouteSpec[]).filter((r) => r.method !== 'get' && r.path !== '/sign-out');
const child = await t.anyChild();
const [target] = await t.db.query<{ id: string }>(
  `WITH e AS (INSERT INTO user_emails (email, partnership_id) VALUES ('garbage-target@staffordshire.example.org', 'staffordshire'))
   INSERT INTO users (partnership_id, email, display_name, agency_id, roles) VALUES ('staffordshire', 'garbage-target@staffordshire.example.org', 'Gary Target', 'police', '{practitioner}') RETURNING id`,
);
const [assessment] = await t.db.query<{ id: string }>(`SELECT id FROM assessments WHERE partnership_id = 'staffordshire' LIMIT 1`);
const fill = (path: string) =>
  path
    .replace(/\/children\/:id/, `/children/${child.id}`)
    .replace(/\/users\/:id/, `/users/${target!.id}`)
    .replace(/:id/, assessment?.id ?? '00000000-0000-4000-8000-000000000000')
    .replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');

// Shapes a browser or a script might send that no form expects.
const garbage: Record<string, unknown>[] = [
  {},
  { firstName: ['a', 'b'], lastName: 'x'.repeat(20000), districtId: 'nowhere', version: 'NaN', action: 'continue', status: 'taken' },
  { 'dateOfBirth-day': '99', 'dateOfBirth-month': '-1', 'dateOfBirth-year': 'abcd', code: '12345678901234567890', roles: 'not-a-role', adjustment: '1e9' },
  { version: '-5', decision: 'override', band: "'; DROP TABLE children; --", reason: '\u0000\uFFFF', score: { nested: true } },
];

test('no form or API call answers a server error, whatever it is sent', async () => {
  const sessions = {
    practitioner: await t.signIn('practitioner'),
    coordinator: await t.signIn('coordinator'),
    chair: await t.signIn('chair'),
    admin: await t.signIn('admin'),
  };
  const tokens = {
    practitioner: await t.apiToken('practitioner'),
    coordinator: await t.apiToken('coordinator'),
    chair: await t.apiToken('chair'),
    admin: await t.apiToken('admin'),
  };
  for (const r of routes) {
    for (const body of garbage) {
      for (const role of ['practitioner', 'coordinator', 'chair', 'admin'] as const) {
        const url = fill(r.path);
        const res = r.api
          ? await t.request()[r.method](url).set('Authorization', `Bearer ${tokens[role]}`).send(body)
          : await sessions[role].agent[r.method](url)
              .type('form')
              .send({ _csrf: sessions[role].csrf, ...flatten(body) });
        assert.ok(res.status < 500, `${role} ${r.method.toUpperCase()} ${r.path} with ${JSON.stringify(body).slice(0, 80)} → ${res.status}`);
        assert.doesNotMatch(res.text, /at .+\.ts:\d+/, 'no stack trace');
      }
    }
  }
});

test('a malformed JSON body is a 400 problem, not a 500', async () => {
  const token = await t.apiToken('practitioner');
  const res = await t.request().post('/api/v1/children').set('Authorization', `Bearer ${token}`).set('content-type', 'application/json').send('{"firstName": ');
  assert.equal(res.status, 400);
  assert.match(res.headers['content-type']!, /application\/problem\+json/);
});

/** Forms carry strings; nested objects become their JSON text as a browser would never send them. */
function flatten(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'object' && !Array.isArray(v) ? JSON.stringify(v) : v]));
}
