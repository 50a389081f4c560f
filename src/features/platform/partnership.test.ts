import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';

const t = await testApp();

test('GET /api/v1/partnership (issue 16 item 10): the caller’s partnership’s districts, agencies, lists and tools, enough to build a valid child without guessing', async () => {
  const token = await t.apiToken('practitioner', 'rotherham');
  const res = await t.request().get('/api/v1/partnership').set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 200);
  const p = t.partnerships.get('rotherham')!;
  assert.equal(res.body.id, 'rotherham');
  assert.deepEqual(
    res.body.districts.map((d: { id: string }) => d.id),
    p.districts.map((d) => d.id),
  );
  assert.deepEqual(
    res.body.agencies.map((a: { id: string }) => a.id),
    p.agencies.map((a) => a.id),
  );
  assert.deepEqual(res.body.lists.ethnicity, p.lists.ethnicity);
  assert.deepEqual(res.body.tools.assessments, p.assessmentTools);
  assert.equal(res.body.tools.vat, '/api/v1/partnerships/rotherham/tools/vat');
  assert.doesNotMatch(JSON.stringify(res.body), /@|password|secret|oidc/i, 'no contacts, no sign-in settings');
  // A child built from it alone is accepted.
  const child = await t.request().post('/api/v1/children').set('Authorization', `Bearer ${token}`).send({
    firstName: 'Ottilie',
    lastName: 'Quarrendon',
    dateOfBirth: '2012-05-04',
    districtId: res.body.districts[0].id,
    gender: res.body.lists.gender[0],
    ethnicity: res.body.lists.ethnicity[0],
    livingSituation: res.body.lists.livingSituation[0],
    eetStatus: res.body.lists.eetStatus[0],
    legalStatus: res.body.lists.legalStatus[0],
    primaryRisk: res.body.lists.primaryRisk[0],
    leadProfessionalAgencyId: res.body.agencies[0].id,
  });
  assert.equal(child.status, 201, JSON.stringify(child.body));
  // Another partnership's caller gets their own; signed out, 401; the OpenAPI document declares it.
  const llr = await t
    .request()
    .get('/api/v1/partnership')
    .set('Authorization', `Bearer ${await t.apiToken('analyst', 'llr')}`);
  assert.equal(llr.body.id, 'llr');
  assert.equal((await t.request().get('/api/v1/partnership')).status, 401);
  const doc = (await t.request().get('/api/v1/openapi.json')).body;
  assert.ok(doc.paths['/api/v1/partnership'].get.responses['200'].content['application/json'].schema.properties.districts);
});
