import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../test-support/app.ts';
import type { RouteSpec } from './http.ts';
import { roles, can, type Permission } from './roles.ts';

const t = await testApp();
const routes = t.app.locals.routes as RouteSpec[];
const child = await t.anyChild('staffordshire');
const otherChild = await t.anyChild('rotherham');

// A user the admin routes may act on without disturbing the signed-in agents below.
const [target] = await t.db.query<{ id: string }>(
  `WITH e AS (INSERT INTO user_emails (email, partnership_id) VALUES ('target@staffordshire.example.org', 'staffordshire'))
   INSERT INTO users (partnership_id, email, display_name, agency_id, roles) VALUES ('staffordshire', 'target@staffordshire.example.org', 'Tess Target', 'police', '{practitioner}') RETURNING id`,
);

const fill = (path: string) => path.replace(/\/children\/:id/, `/children/${child.id}`).replace(/\/users\/:id/, `/users/${target!.id}`);
const deniedCount = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE outcome = 'denied'`))[0]!.n);

test('every route declares the permission it needs and what it audits', () => {
  assert.ok(routes.length > 20, `expected the whole app to be enumerated, got ${routes.length} routes`);
  for (const r of routes) {
    assert.ok(r.access, `${r.method} ${r.path} has no permission`);
    assert.match(r.audit, /^([a-z-]+(\.[a-z-]+)+|none: .{3,})$/, `${r.method} ${r.path} must name its audit action or say why it audits nothing`);
  }
});

test('a route declared without a permission cannot be registered silently', () => {
  const bad = routes.filter((r) => !['public', 'signed-in'].includes(r.access) && !can([...roles], r.access as Permission));
  assert.deepEqual(
    bad.map((r) => r.path),
    [],
    'every permission is granted to some role (otherwise the route is unreachable)',
  );
});

test('signed-out requests to protected routes go to sign-in (pages) or get 401 (API)', async () => {
  for (const r of routes.filter((r) => r.access !== 'public')) {
    const res = await t.request()[r.method](fill(r.path));
    if (r.api) assert.equal(res.status, 401, `${r.method} ${r.path}`);
    else if (r.method === 'get') assert.equal(res.headers.location, '/sign-in', `${r.method} ${r.path}`);
    else assert.equal(res.status, 403, `${r.method} ${r.path}: a forged POST without a session fails the CSRF check`);
  }
});

for (const role of roles) {
  test(`role ${role}: allowed exactly where its permissions say, denied attempts audited`, async () => {
    const s = await t.signIn(role);
    const token = await t.apiToken(role);
    for (const r of routes.filter((r) => !['public'].includes(r.access))) {
      if (r.path === '/sign-out') continue;
      const url = fill(r.path);
      const allowed = r.access === 'signed-in' || can([role], r.access as Permission);
      const before = await deniedCount();
      let res;
      if (r.api) res = await t.request()[r.method](url).set('Authorization', `Bearer ${token}`).send({});
      else if (r.method === 'get') res = await s.agent.get(url);
      else res = await s.post(url, {});
      const label = `${role} ${r.method.toUpperCase()} ${r.path} → ${res.status}`;
      if (allowed) assert.notEqual(res.status, 403, label);
      else {
        assert.equal(res.status, 403, label);
        assert.equal(await deniedCount(), before + 1, `${label}: the denial is audited`);
      }
    }
  });
}

test('a child of another partnership is not found, by page and by API, and the attempt is audited', async () => {
  const s = await t.signIn('practitioner', 'rotherham');
  const page = await s.agent.get(`/children/${child.id}`);
  assert.equal(page.status, 404);
  assert.doesNotMatch(page.text, new RegExp(child.last_name));
  const token = await t.apiToken('admin', 'rotherham');
  const api = await t.request().get(`/api/v1/children/${child.id}`).set('Authorization', `Bearer ${token}`);
  assert.equal(api.status, 404);
  assert.match(api.headers['content-type']!, /application\/problem\+json/);
  const auditApi = await t.request().get(`/api/v1/audit?childId=${child.id}`).set('Authorization', `Bearer ${token}`);
  assert.equal(auditApi.status, 404);
  const rows = await t.db.query<{ partnership_id: string; outcome: string; details: { otherPartnership?: string } }>(
    `SELECT partnership_id, outcome, details FROM audit_events WHERE subject_id = $1 AND outcome = 'denied' AND partnership_id <> 'staffordshire' ORDER BY id`,
    [child.id],
  );
  assert.ok(rows.length >= 2, 'both attempts are audited');
  assert.ok(rows.every((r) => r.partnership_id === 'rotherham' && r.details.otherPartnership === 'staffordshire'));
  // and the other way round
  const back = await (await t.signIn('practitioner')).agent.get(`/children/${otherChild.id}`);
  assert.equal(back.status, 404);
});

test('search never returns children of another partnership', async () => {
  const token = await t.apiToken('practitioner', 'rotherham');
  const res = await t
    .request()
    .get(`/api/v1/children?q=${encodeURIComponent(child.last_name)}`)
    .set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 200);
  const ids: string[] = res.body.results.map((r: { id: string }) => r.id);
  assert.ok(!ids.includes(child.id));
  const [{ n }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM children WHERE id = ANY($1) AND partnership_id <> 'rotherham'`, [ids])) as [
    { n: number },
  ];
  assert.equal(n, 0);
});
