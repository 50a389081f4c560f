import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';

const t = await testApp();
const token = await t.apiToken('practitioner', 'llr');
const api = (method: 'get' | 'post', url: string, bearer = token) => t.request()[method](url).set('Authorization', `Bearer ${bearer}`);

test('POST /api/v1/children creates a child: 201 with its id', async () => {
  const res = await api('post', '/api/v1/children').send({
    firstName: 'Imani',
    lastName: 'Thistlewood',
    dateOfBirth: '2011-08-19',
    districtId: 'rutland',
    primaryRisk: 'CCE',
  });
  assert.equal(res.status, 201);
  assert.match(res.body.id, /^[0-9a-f-]{36}$/);
  assert.equal(res.headers.location, `/api/v1/children/${res.body.id}`);
  const read = await api('get', `/api/v1/children/${res.body.id}`);
  assert.equal(read.status, 200);
  assert.equal(read.body.lastName, 'Thistlewood');
  assert.equal(read.body.dateOfBirth, '2011-08-19');
  assert.equal(read.body.districtId, 'rutland');
  const [{ n }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE child_id = $1 AND action = 'child.view'`, [
    res.body.id,
  ])) as [{ n: number }];
  assert.equal(n, 1, 'an API read is audited like a page view');
});

test('invalid children are 422 problem+json naming each field, and nothing is saved', async () => {
  const before = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM children`))[0]!.n;
  const res = await api('post', '/api/v1/children').send({ firstName: '', dateOfBirth: '2011-02-30', districtId: 'stafford', primaryRisk: 'XYZ', gender: 7 });
  assert.equal(res.status, 422);
  assert.match(res.headers['content-type']!, /application\/problem\+json/);
  const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
  assert.deepEqual(fields, ['dateOfBirth', 'districtId', 'firstName', 'gender', 'lastName', 'primaryRisk']);
  assert.equal((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM children`))[0]!.n, before);
  const notObject = await api('post', '/api/v1/children').send([1, 2]);
  assert.equal(notObject.status, 422);
});

test('issue 15 item 14: a name with < or > is 422 naming the field, and nothing is saved', async () => {
  const before = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM children`))[0]!.n;
  const res = await api('post', '/api/v1/children').send({
    firstName: '<script>x</script>',
    lastName: 'Fennimore',
    dateOfBirth: '2012-04-04',
    districtId: 'rutland',
  });
  assert.equal(res.status, 422);
  assert.deepEqual(res.body.errors, [{ field: 'firstName', message: 'First name must not include < or >' }]);
  assert.equal((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM children`))[0]!.n, before);
});

test('NHS number and UPN through the API: a wrong check digit or letter is 422 naming the field; good ones are stored normalised and read back', async () => {
  const base = { firstName: 'Idris', lastName: 'Fennimore', dateOfBirth: '2012-04-04', districtId: 'rutland' };
  const bad = await api('post', '/api/v1/children').send({ ...base, nhsNumber: '4000000081', upn: 'B8012000050011' });
  assert.equal(bad.status, 422);
  assert.deepEqual(
    bad.body.errors.map((e: { field: string }) => e.field),
    ['nhsNumber', 'upn'],
  );
  assert.match(bad.body.errors[0].message, /^Enter a valid NHS number/);
  const made = await api('post', '/api/v1/children').send({ ...base, nhsNumber: '400 000 0020', upn: 'm80120000500a' });
  assert.equal(made.status, 201);
  assert.equal(made.body.nhsNumber, '4000000020');
  assert.equal(made.body.upn, 'M80120000500A');
  const read = await api('get', `/api/v1/children/${made.body.id}`);
  assert.equal(read.body.nhsNumber, '4000000020');
  assert.equal(read.body.upn, 'M80120000500A');
  assert.equal(read.body.closed, null);
});

test('GET /api/v1/children?q= searches within the caller’s partnership, tolerant of misspelling', async () => {
  const res = await api('get', `/api/v1/children?q=${encodeURIComponent('Calum Inglby')}`);
  assert.equal(res.status, 200);
  assert.equal(res.body.results[0].lastName, 'Ingleby');
  assert.deepEqual(res.body.results[0].aliases, ['Cal']);
  const bad = await api('get', '/api/v1/children?q=31/02/2011');
  assert.equal(bad.status, 422);
});

test('POST /api/v1/children/search: the same search with the name in the body, never in the URL; bad fields named', async () => {
  const res = await api('post', '/api/v1/children/search').send({ q: 'Calum Inglby' });
  assert.equal(res.status, 200);
  const viaGet = await api('get', `/api/v1/children?q=${encodeURIComponent('Calum Inglby')}`);
  assert.deepEqual(res.body, viaGet.body, 'the same answer as the GET');
  assert.equal(res.body.results[0].lastName, 'Ingleby');
  const bad = await api('post', '/api/v1/children/search').send({ q: '31/02/2011' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors, [{ field: 'q', message: 'Date of birth must be a real date' }]);
  const wrongTypes = await api('post', '/api/v1/children/search').send({ q: ['Calum'], district: 7 });
  assert.equal(wrongTypes.status, 422);
  assert.deepEqual(
    wrongTypes.body.errors.map((e: { field: string }) => e.field),
    ['q', 'district'],
  );
  const tooLong = await api('post', '/api/v1/children/search').send({ q: 'x'.repeat(201) });
  assert.equal(tooLong.status, 422);
  const anon = await t.request().post('/api/v1/children/search').send({ q: 'Calum' });
  assert.equal(anon.status, 401);
});

test('GET /api/v1/children/{id}: a malformed or unknown id is 404', async () => {
  assert.equal((await api('get', '/api/v1/children/nope')).status, 404);
  assert.equal((await api('get', '/api/v1/children/00000000-0000-4000-8000-000000000000')).status, 404);
});

test('GET /api/v1/audit?childId= is for partnership admins', async () => {
  const child = await t.anyChild('llr');
  await api('get', `/api/v1/children/${child.id}`);
  assert.equal((await api('get', `/api/v1/audit?childId=${child.id}`)).status, 403);
  const admin = await t.apiToken('admin', 'llr');
  const res = await api('get', `/api/v1/audit?childId=${child.id}`, admin);
  assert.equal(res.status, 200);
  const views = res.body.entries.filter((e: { action: string; roles: string }) => e.action === 'child.view' && e.roles === 'practitioner');
  assert.ok(views.length >= 1);
  const missing = await api('get', '/api/v1/audit', admin);
  assert.equal(missing.status, 422);
  assert.equal(missing.body.errors[0].field, 'childId');
});

test('a bad bearer token is 401 problem+json', async () => {
  const res = await api('get', '/api/v1/children', 'x'.repeat(43));
  assert.equal(res.status, 401);
  assert.match(res.headers['content-type']!, /application\/problem\+json/);
});

test('the OpenAPI document describes every /api/v1 route with its permission', async () => {
  const res = await t.request().get('/api/v1/openapi.json');
  assert.equal(res.status, 200);
  assert.equal(res.body.openapi, '3.1.0');
  for (const [path, method] of [
    ['/api/v1/auth/token', 'post'],
    ['/api/v1/children', 'post'],
    ['/api/v1/children', 'get'],
    ['/api/v1/children/{id}', 'get'],
    ['/api/v1/audit', 'get'],
  ] as const) {
    assert.ok(res.body.paths[path]?.[method], `${method} ${path}`);
  }
  assert.ok(res.body.components.schemas.ChildInput.properties.firstName);
  assert.equal(res.body.paths['/api/v1/audit'].get['x-permission'], 'audit:read');
});

test('an unknown API path is a 404 problem', async () => {
  const res = await api('get', '/api/v1/nothing-here');
  assert.equal(res.status, 404);
  assert.match(res.headers['content-type']!, /application\/problem\+json/);
});
