import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { todayIso } from '../../platform/dates.ts';
import { addCalendarMonths, addDays } from '../../domain/calendar/dates.ts';

const t = await testApp();
const tokens = {
  rotherhamChair: await t.apiToken('chair', 'rotherham'),
  rotherhamPractitioner: await t.apiToken('practitioner', 'rotherham'),
  staffsPractitioner: await t.apiToken('practitioner', 'staffordshire'),
  staffsChair: await t.apiToken('chair', 'staffordshire'),
};
type Method = 'get' | 'post' | 'put';
const api = (method: Method, url: string, token = tokens.rotherhamChair) => t.request()[method](url).set('Authorization', `Bearer ${token}`);
const fields = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

const today = todayIso();
const monthsAgo = (n: number) => addCalendarMonths(today, -n);
const asOf = monthsAgo(1);

const vatScore = (body: Record<string, unknown>, token = tokens.rotherhamChair) =>
  api('post', '/api/v1/assessments/score', token).send({ tool: 'vat', partnership: 'rotherham', asOf, evidence: [], ...body });
const ev = (...factors: string[]) => factors.map((factor) => ({ factor, date: addDays(asOf, -10) }));

test('VAT bands at their boundaries via the score API: 39 low, 40 medium, 69 medium, 70 high', async () => {
  // drug-supply 20 + adults-of-concern 15 + multiple-phones 5 = 40; gang-affiliation 15 + found-out-of-area 15 more = 70.
  const forty = ev('drug-supply', 'adults-of-concern', 'multiple-phones');
  const seventy = [...forty, ...ev('gang-affiliation', 'weapon')];
  const cases: [unknown[], number, number, string][] = [
    [forty, -1, 39, 'low'],
    [forty, 0, 40, 'medium'],
    [seventy, -1, 69, 'medium'],
    [seventy, 0, 70, 'high'],
  ];
  for (const [evidence, adjustment, total, band] of cases) {
    const res = await vatScore({ evidence, adjustment, rationale: adjustment ? 'One point off: the phones are explained' : '' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { factorScore: adjustment ? total + 1 : total, adjustment, total, band }, `${total}`);
  }
});

test('the adjusted total is floored at 0', async () => {
  const res = await vatScore({ evidence: ev('multiple-phones'), adjustment: -20, rationale: 'Explained' });
  assert.deepEqual(res.body, { factorScore: 5, adjustment: -20, total: 0, band: 'low' });
});

test('only evidence of the six months before the assessment date counts: seven months old is not counted', async () => {
  const res = await vatScore({
    evidence: [
      { factor: 'drug-supply', date: addCalendarMonths(asOf, -7) },
      { factor: 'weapon', date: addCalendarMonths(asOf, -6) },
    ],
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.factorScore, 15, 'the weapon evidence, exactly six months old, counts; the drug supply does not');
});

test('the adjustment is −20 to +20: 20 is accepted, 21 refused; a non-zero adjustment needs a rationale', async () => {
  assert.equal((await vatScore({ adjustment: 20, rationale: 'Reason' })).body.total, 20);
  assert.equal((await vatScore({ adjustment: -20, rationale: 'Reason' })).status, 200);
  for (const bad of [21, -21, 2.5, '5']) {
    const res = await vatScore({ adjustment: bad, rationale: 'Reason' });
    assert.equal(res.status, 422, String(bad));
    assert.deepEqual(fields(res), ['adjustment'], String(bad));
  }
  const noReason = await vatScore({ adjustment: 5, rationale: ' ' });
  assert.equal(noReason.status, 422);
  assert.match(noReason.headers['content-type']!, /application\/problem\+json/);
  assert.deepEqual(fields(noReason), ['rationale']);
});

test('score API 422s name each invalid field', async () => {
  const none = await api('post', '/api/v1/assessments/score').send({});
  assert.equal(none.status, 422);
  assert.deepEqual(fields(none).sort(), ['partnership', 'tool']);
  const bad = await vatScore({
    asOf: '2026-02-30',
    evidence: [
      { factor: 'not-a-factor', date: '2026-01-01' },
      { factor: 'weapon', date: 'yesterday' },
    ],
  });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad), ['asOf', 'evidence.0.factor', 'evidence.1.date'], 'every invalid field at once');
  const badFactor = await vatScore({ evidence: [{ factor: 'not-a-factor', date: addDays(asOf, -1) }] });
  assert.deepEqual(fields(badFactor), ['evidence.0.factor']);
  const future = await vatScore({ asOf: addDays(today, 1), evidence: [{ factor: 'weapon', date: addDays(today, 2) }] });
  assert.deepEqual(fields(future), ['asOf', 'evidence.0.date']);
  const missingAsOf = await vatScore({ asOf: undefined });
  assert.deepEqual(fields(missingAsOf), ['asOf']);
  const notList = await vatScore({ evidence: 'weapon' });
  assert.deepEqual(fields(notList), ['evidence']);
  const rfm = await api('post', '/api/v1/assessments/score', tokens.staffsPractitioner).send({
    tool: 'rfm',
    partnership: 'staffordshire',
    indicators: { 1: 0, 2: 5, 3: 'x', 15: 1 },
  });
  assert.equal(rfm.status, 422);
  assert.ok(
    fields(rfm).includes('indicators.2') &&
      fields(rfm).includes('indicators.3') &&
      fields(rfm).includes('indicators.14') &&
      fields(rfm).includes('indicators.15'),
  );
  assert.ok(!fields(rfm).includes('indicators.1'));
});

test('RFM scoring: totals A and B and the band', async () => {
  const indicators = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [String(i + 1), i < 7 ? 2 : 1]));
  const res = await api('post', '/api/v1/assessments/score', tokens.staffsPractitioner).send({ tool: 'rfm', partnership: 'staffordshire', indicators });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { totalA: 14, totalB: 7, total: 21, band: 'vulnerable' });
  const top = await api('post', '/api/v1/assessments/score', tokens.staffsPractitioner).send({
    tool: 'rfm',
    partnership: 'staffordshire',
    indicators: Object.fromEntries(Array.from({ length: 14 }, (_, i) => [String(i + 1), 4])),
  });
  assert.deepEqual(top.body, { totalA: 28, totalB: 28, total: 56, band: 'evidenced' });
});

test('scoring with another partnership’s configuration is 403; a tool the partnership does not use is 422', async () => {
  const other = await api('post', '/api/v1/assessments/score', tokens.staffsPractitioner).send({ tool: 'vat', partnership: 'rotherham', asOf, evidence: [] });
  assert.equal(other.status, 403);
  const notUsed = await api('post', '/api/v1/assessments/score', tokens.staffsPractitioner).send({
    tool: 'vat',
    partnership: 'staffordshire',
    asOf,
    evidence: [],
  });
  assert.equal(notUsed.status, 422);
  assert.deepEqual(fields(notUsed), ['tool']);
});

test('GET /api/v1/partnerships/{id}/tools/vat lists the configured factors with weights, for the caller’s partnership only', async () => {
  const res = await api('get', '/api/v1/partnerships/rotherham/tools/vat', tokens.rotherhamPractitioner);
  assert.equal(res.status, 200);
  assert.equal(res.body.example, true, 'marked as an example set to replace');
  assert.equal(res.body.version, 'example-2026');
  assert.ok(res.body.factors.length >= 10);
  assert.deepEqual(
    res.body.factors.find((f: { id: string }) => f.id === 'drug-supply'),
    { id: 'drug-supply', name: 'Arrested or found with drugs indicating supply', weight: 20, category: 'Criminality' },
  );
  assert.equal((await api('get', '/api/v1/partnerships/rotherham/tools/vat', tokens.staffsPractitioner)).status, 404);
  assert.equal((await api('get', '/api/v1/partnerships/staffordshire/tools/vat', tokens.staffsPractitioner)).status, 404, 'Staffordshire has no VAT');
});

test('a VAT through the API: created, saved with its version, refused when stale, submitted, then read-only', async () => {
  const child = await t.anyChild('rotherham');
  const created = await api('post', `/api/v1/children/${child.id}/assessments`).send({
    instrument: 'vat',
    content: { asOf, evidence: ev('drug-supply', 'adults-of-concern') },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.instrument, 'vat');
  assert.equal(created.body.instrumentVersion, 'example-2026');
  assert.equal(created.body.status, 'draft');
  const id = created.body.id as string;
  assert.equal(created.headers.location, `/api/v1/assessments/${id}`);

  const list = await api('get', `/api/v1/children/${child.id}/assessments`, tokens.rotherhamPractitioner);
  assert.equal(list.status, 200);
  assert.ok(list.body.assessments.some((a: { id: string }) => a.id === id));

  const v1 = created.body.version as number;
  const invalid = await api('put', `/api/v1/assessments/${id}`).send({ version: v1, content: { asOf, evidence: ev('weapon'), adjustment: 21 } });
  assert.equal(invalid.status, 422);
  assert.deepEqual(fields(invalid), ['content.adjustment', 'content.rationale']);
  const noVersion = await api('put', `/api/v1/assessments/${id}`).send({ content: {} });
  assert.deepEqual(fields(noVersion), ['version']);

  const saved = await api('put', `/api/v1/assessments/${id}`).send({
    version: v1,
    content: {
      asOf,
      evidence: ev('drug-supply', 'adults-of-concern', 'gang-affiliation'),
      adjustment: 20,
      rationale: 'Seen with older males in a car of concern',
    },
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal(saved.body.version, v1 + 1);
  const stale = await api('put', `/api/v1/assessments/${id}`).send({ version: v1, content: { asOf, evidence: [] } });
  assert.equal(stale.status, 409);
  assert.match(stale.headers['content-type']!, /application\/problem\+json/);
  const [{ n }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM edit_conflicts WHERE record_id = $1`, [id])) as [{ n: number }];
  assert.equal(n, 1, 'the stale content is kept');

  assert.equal((await api('post', `/api/v1/assessments/${id}/submit`).send({ version: v1 })).status, 409, 'submitting a stale version is refused');
  // 002 §4.7: a high outcome needs the type of exploitation; refused without it (nothing submitted), then sent with the submission.
  const noType = await api('post', `/api/v1/assessments/${id}/submit`).send({ version: v1 + 1 });
  assert.equal(noType.status, 422, JSON.stringify(noType.body));
  assert.deepEqual(fields(noType), ['content.riskType']);
  assert.deepEqual(fields(await api('post', `/api/v1/assessments/${id}/submit`).send({ version: v1 + 1, riskType: 'Gangs' })), ['riskType']);
  const submitted = await api('post', `/api/v1/assessments/${id}/submit`).send({ version: v1 + 1, riskType: 'CCE' });
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
  assert.equal(submitted.body.riskType, 'CCE', 'the type of exploitation is kept with the decision');
  assert.equal(submitted.body.status, 'submitted');
  assert.equal(submitted.body.completedOn, asOf);
  assert.equal(submitted.body.scoredLevel, 'medium');
  assert.equal(submitted.body.judgedLevel, 'high');
  const { factorScore, adjustment, total, band } = submitted.body.scoredResult;
  assert.deepEqual({ factorScore, adjustment, total, band }, { factorScore: 50, adjustment: 20, total: 70, band: 'high' });

  assert.equal(
    (await api('put', `/api/v1/assessments/${id}`).send({ version: submitted.body.version, content: { asOf } })).status,
    409,
    'submitted is read-only',
  );
  assert.equal((await api('post', `/api/v1/assessments/${id}/submit`).send({ version: submitted.body.version })).status, 409);
});

test('an incomplete VAT cannot be submitted through the API: 422 naming the field', async () => {
  const child = (await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'rotherham' ORDER BY reference OFFSET 1 LIMIT 1`))[0]!;
  const created = await api('post', `/api/v1/children/${child.id}/assessments`).send({ instrument: 'vat', content: {} });
  assert.equal(created.status, 201);
  const res = await api('post', `/api/v1/assessments/${created.body.id}/submit`).send({ version: created.body.version });
  assert.equal(res.status, 422);
  assert.deepEqual(fields(res), ['content.asOf']);
});

test('a child showing harmful sexual behaviour cannot have a VAT through the API either', async () => {
  const child = (await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'rotherham' ORDER BY reference OFFSET 2 LIMIT 1`))[0]!;
  const res = await api('post', `/api/v1/children/${child.id}/assessments`).send({ instrument: 'vat', content: { harmfulSexualBehaviour: true } });
  assert.equal(res.status, 422);
  assert.deepEqual(fields(res), ['content.harmfulSexualBehaviour']);
  assert.match(res.body.detail, /YMARAC/);
});

test('only the chair completes a VAT: a practitioner is refused (403, audited); other partnerships get 404', async () => {
  const child = await t.anyChild('rotherham');
  const before = Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE outcome = 'denied'`))[0]!.n);
  const res = await api('post', `/api/v1/children/${child.id}/assessments`, tokens.rotherhamPractitioner).send({ instrument: 'vat', content: {} });
  assert.equal(res.status, 403);
  const after = Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE outcome = 'denied'`))[0]!.n);
  assert.equal(after, before + 1);
  const draft = await api('post', `/api/v1/children/${child.id}/assessments`).send({ instrument: 'vat', content: { asOf } });
  assert.equal(
    (await api('put', `/api/v1/assessments/${draft.body.id}`, tokens.rotherhamPractitioner).send({ version: draft.body.version, content: { asOf } })).status,
    403,
  );
  assert.equal(
    (await api('post', `/api/v1/assessments/${draft.body.id}/submit`, tokens.rotherhamPractitioner).send({ version: draft.body.version })).status,
    403,
  );

  // Another partnership: not found, whatever the role.
  assert.equal((await api('get', `/api/v1/children/${child.id}/assessments`, tokens.staffsChair)).status, 404);
  assert.equal((await api('post', `/api/v1/children/${child.id}/assessments`, tokens.staffsChair).send({ instrument: 'rfm' })).status, 404);
  assert.equal((await api('get', `/api/v1/assessments/${draft.body.id}`, tokens.staffsChair)).status, 404);
  assert.equal((await api('put', `/api/v1/assessments/${draft.body.id}`, tokens.staffsChair).send({ version: draft.body.version, content: {} })).status, 404);
  assert.equal((await api('post', `/api/v1/assessments/${draft.body.id}/submit`, tokens.staffsChair).send({ version: draft.body.version })).status, 404);
  // And an instrument the partnership does not use is named.
  const wrongTool = await api('post', `/api/v1/children/${child.id}/assessments`).send({ instrument: 'rfm' });
  assert.equal(wrongTool.status, 422);
  assert.deepEqual(fields(wrongTool), ['instrument']);
});

test('an RFM draft through the API; submitting an incomplete one is 422', async () => {
  const child = await t.anyChild('staffordshire');
  const created = await api('post', `/api/v1/children/${child.id}/assessments`, tokens.staffsPractitioner).send({ instrument: 'rfm' });
  assert.equal(created.status, 201);
  assert.equal(created.body.instrument, 'rfm');
  // A draft may be incomplete but not malformed: each wrong field is named, and nothing is saved.
  const malformed = await api('put', `/api/v1/assessments/${created.body.id}`, tokens.staffsPractitioner).send({
    version: created.body.version,
    content: { consent: 'yes', 'section-a': { completedOn: 20261124, riskType: 'CCE' }, indicators: { 1: { score: '2' }, 15: { score: '1' } }, notes: 'x' },
  });
  assert.equal(malformed.status, 422);
  assert.deepEqual(fields(malformed).sort(), ['content.consent', 'content.indicators.15', 'content.notes', 'content.section-a.completedOn']);
  assert.match(malformed.text, /notes: not a part or field of the RFM/);
  const unchanged = await t.db.query<{ content: unknown; version: number }>(`SELECT content, version FROM assessments WHERE id = $1`, [created.body.id]);
  assert.deepEqual(unchanged[0], { content: {}, version: created.body.version }, 'nothing was saved');
  const saved = await api('put', `/api/v1/assessments/${created.body.id}`, tokens.staffsPractitioner).send({
    version: created.body.version,
    content: { consent: {}, 'section-a': { riskType: 'CCE' }, indicators: { 1: { score: '2', evidence: 'Seen with older males' } } },
  });
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.body.content.indicators, { 1: { score: '2', evidence: 'Seen with older males' } });
  const res = await api('post', `/api/v1/assessments/${created.body.id}/submit`, tokens.staffsPractitioner).send({ version: saved.body.version });
  assert.equal(res.status, 422);
  assert.deepEqual(fields(res), ['content']);
});

test('the OpenAPI document describes the assessment operations', async () => {
  const res = await t.request().get('/api/v1/openapi.json');
  for (const [path, method] of [
    ['/api/v1/assessments/score', 'post'],
    ['/api/v1/partnerships/{id}/tools/vat', 'get'],
    ['/api/v1/children/{id}/assessments', 'get'],
    ['/api/v1/children/{id}/assessments', 'post'],
    ['/api/v1/assessments/{id}', 'put'],
    ['/api/v1/assessments/{id}/submit', 'post'],
  ] as const) {
    const op = res.body.paths[path]?.[method];
    assert.ok(op, `${method} ${path}`);
    assert.ok(op.responses['422'] || op.responses['404'], `${method} ${path} documents its errors`);
  }
  assert.equal(res.body.paths['/api/v1/assessments/score'].post['x-permission'], 'signed-in');
});

test('a THRIVE grading through the API needs the permission to grade', async () => {
  const child = await t.anyChild('llr');
  const practitioner = await t.apiToken('practitioner', 'llr');
  assert.equal((await api('post', `/api/v1/children/${child.id}/assessments`, practitioner).send({ instrument: 'thrive' })).status, 403);
  const coordinator = await t.apiToken('coordinator', 'llr');
  const created = await api('post', `/api/v1/children/${child.id}/assessments`, coordinator).send({ instrument: 'thrive' });
  assert.equal(created.status, 201);
  assert.equal(created.body.instrumentVersion, '004');
  const submit = await api('post', `/api/v1/assessments/${created.body.id}/submit`, coordinator).send({ version: created.body.version });
  assert.equal(submit.status, 422, 'THRIVE is submitted in the browser for now');
});

test('a THRIVE grading is created, saved and submitted through the API, with the form’s rules (DOMAIN §5)', async () => {
  const token = await t.apiToken('coordinator', 'llr');
  const child = await t.anyChild('llr');
  const created = await api('post', `/api/v1/children/${child.id}/assessments`, token).send({ instrument: 'thrive', content: {} });
  assert.equal(created.status, 201);
  const id = created.body.id as string;
  const high = { drmmDate: monthsAgo(0), grade: 'high', threat: 'Older males offering lifts', allocatedProfessional: 'DC Example' };
  const saved = await api('put', `/api/v1/assessments/${id}`, token).send({ version: created.body.version, content: high });
  assert.equal(saved.status, 200);
  const refused = await api('post', `/api/v1/assessments/${id}/submit`, token).send({ version: saved.body.version });
  assert.equal(refused.status, 422);
  assert.deepEqual(fields(refused), ['content.investigationReference']);
  const malformed = await api('put', `/api/v1/assessments/${id}`, token).send({
    version: saved.body.version,
    content: { ...high, grade: 'severe', drmmDate: '2026-02-30', significantNewRisk: 'yes', colour: 'red' },
  });
  assert.equal(malformed.status, 422);
  assert.deepEqual(fields(malformed).sort(), ['content.colour', 'content.drmmDate', 'content.grade', 'content.significantNewRisk']);
  const fixed = await api('put', `/api/v1/assessments/${id}`, token).send({
    version: saved.body.version,
    content: { ...high, investigationReference: 'INV-0001' },
  });
  assert.equal(fixed.status, 200, 'the malformed save changed nothing: the version read before it still saves');
  const submitted = await api('post', `/api/v1/assessments/${id}/submit`, token).send({ version: fixed.body.version });
  assert.equal(submitted.status, 200);
  assert.equal(submitted.body.status, 'submitted');
});
