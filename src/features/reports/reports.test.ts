import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import request from 'supertest';
import { testApp, csrfFrom } from '../../test-support/app.ts';
import { fixtures } from './fixtures.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator');
const analyst = await t.signIn('analyst');
const chair = await t.signIn('chair');
const responder = await t.signIn('responder');
const llrAnalyst = await t.signIn('analyst', 'llr');
const llrResponder = await t.signIn('responder', 'llr');

// An analyst of LLR in the education agency: no intelligence role and not police.
await t.db.query(
  `WITH e AS (INSERT INTO user_emails (email, partnership_id) VALUES ('education-analyst@llr.example.org', 'llr'))
   INSERT INTO users (partnership_id, email, display_name, agency_id, roles, password_hash)
   SELECT partnership_id, 'education-analyst@llr.example.org', 'Ezra Fixture', 'education', roles, password_hash FROM users WHERE email = 'analyst@llr.example.org'`,
);
const eduAnalyst = await t.signIn('education-analyst', 'llr');

const lu = (await t.db.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM users WHERE email = 'coordinator@llr.example.org'`))[0]!;
const l = fixtures(t.db, 'llr', lu.id, lu.agency_id);
const h1 = await l.child({ district: 'leicester-city', primaryRisk: 'CSE' });
await l.assessment(h1, { instrument: 'thrive', on: '2025-03-03', level: 'high' });
await l.investigation(h1, { kind: 's47', started: '2025-02-01' });

const su = (await t.db.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM users WHERE email = 'coordinator@staffordshire.example.org'`))[0]!;
const s = fixtures(t.db, 'staffordshire', su.id, su.agency_id);
const c1 = await s.child({ district: 'tamworth', primaryRisk: 'CCE' });
const panel = await s.meeting({ district: 'tamworth', at: '2025-03-20T10:00:00Z' });
await s.item(panel.occ, [c1], { level: 'high' });

const staffsQuery = 'from=2025-03-01&to=2025-04-30&district=tamworth&mode=all';
const monthlyQuery = 'from=2025-03-01&to=2025-03-31&mode=all';

test('report:read is for coordinators, chairs and analysts; every other role is refused', async () => {
  for (const role of ['coordinator', 'chair', 'analyst']) {
    const a = await t.signIn(role);
    assert.equal((await a.agent.get('/reports')).status, 200, role);
  }
  for (const role of ['practitioner', 'administrator', 'responder', 'admin']) {
    const a = await t.signIn(role);
    assert.equal((await a.agent.get('/reports')).status, 403, role);
    assert.equal((await a.agent.get(`/reports/bi-monthly?${staffsQuery}`)).status, 403, role);
  }
});

test('an education responder cannot open police-only figures; an education analyst sees them withheld; a police analyst sees them', async () => {
  assert.equal((await llrResponder.agent.get(`/reports/monthly?${monthlyQuery}`)).status, 403);
  const [denied] = await t.db.query<{ outcome: string }>(
    `SELECT outcome FROM audit_events WHERE action = 'report.view' AND outcome = 'denied' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(denied?.outcome, 'denied', 'the refusal is audited');
  const edu = await eduAnalyst.agent.get(`/reports/monthly?${monthlyQuery}`);
  assert.equal(edu.status, 200);
  assert.match(edu.text, /Not shown: these figures come from police intelligence/);
  assert.doesNotMatch(edu.text, /Open investigations by authority and kind/);
  const police = await llrAnalyst.agent.get(`/reports/monthly?${monthlyQuery}`);
  assert.match(police.text, /Open investigations by authority and kind/);
  // The education analyst's exports leave them out too.
  const form = await eduAnalyst.agent.get(`/reports/monthly/export?${monthlyQuery}&format=xlsx`);
  const csrf = csrfFrom(form.text);
  const x = await eduAnalyst.agent
    .post('/reports/monthly/export')
    .type('form')
    .buffer(true)
    .parse(binary)
    .send({ _csrf: csrf, from: '2025-03-01', to: '2025-03-31', mode: 'all', format: 'xlsx', reason: 'meeting' });
  assert.equal(x.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.body as ArrayBuffer);
  assert.ok(!wb.worksheets.some((w) => /investigations/i.test(w.name)));
});

test('the period form offers the natural period; bad periods and another partnership’s district are clear errors', async () => {
  const form = await coordinator.agent.get('/reports/bi-monthly');
  assert.equal(form.status, 200);
  assert.match(form.text, /The usual period is/);
  const backwards = await coordinator.agent.get('/reports/bi-monthly?from-day=30&from-month=4&from-year=2025&to-day=1&to-month=3&to-year=2025');
  assert.equal(backwards.status, 400);
  assert.match(backwards.text, /<title>Error: /);
  assert.match(backwards.text, /href="#to-day">The date the period ends must be the same as or after the date it starts/);
  const long = await coordinator.agent.get('/reports/bi-monthly?from=2020-01-01&to=2025-01-01');
  assert.equal(long.status, 400);
  assert.match(long.text, /The period must be 731 days or shorter/);
  const other = await coordinator.agent.get('/reports/bi-monthly?from=2025-03-01&to=2025-04-30&district=rutland');
  assert.equal(other.status, 400);
  assert.match(other.text, /Choose one of Staffordshire’s districts, or all districts/);
  const unreal = await coordinator.agent.get('/reports/bi-monthly?from-day=31&from-month=2&from-year=2025&to-day=1&to-month=3&to-year=2025');
  assert.equal(unreal.status, 400);
  assert.match(unreal.text, /The date the period starts must be a real date/);
  assert.equal((await coordinator.agent.get('/reports/monthly')).status, 404, 'Staffordshire has no LLR report');
});

test('a report states its period and the time produced, charts with a table of the same numbers, counts linking to the children behind them', async () => {
  const res = await coordinator.agent.get(`/reports/bi-monthly?${staffsQuery}`);
  assert.equal(res.status, 200);
  assert.match(res.text, /Period: 1 March 2025 to 30 April 2025/);
  assert.match(res.text, /Produced: \d+ \w+ \d{4} at /);
  assert.match(res.text, /Staffordshire Child Exploitation Partnership – Tamworth/);
  assert.match(res.text, /<svg class="app-chart"[^>]*role="img" aria-labelledby="chart-\d+-title chart-\d+-desc"/);
  assert.match(res.text, /<desc id="chart-\d+-desc">High: 1; Medium: 0/);
  const link = /href="(\/reports\/bi-monthly\/trace\?[^"]+)"/.exec(res.text)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(link, 'a count links to its records');
  const trace = await coordinator.agent.get(link);
  assert.equal(trace.status, 200);
  const [ref] = await t.db.query<{ reference: string }>(`SELECT reference FROM children WHERE id = $1`, [c1]);
  assert.match(trace.text, new RegExp(ref!.reference));
  const audits = await t.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE child_id = $1 AND action = 'child.view'`, [c1]);
  assert.ok(audits.length >= 1, 'each child shown is audited');
  const [viewed] = await t.db.query<{ details: { from: string; to: string; district: string } }>(
    `SELECT details FROM audit_events WHERE action = 'report.view' AND outcome = 'allowed' ORDER BY id DESC LIMIT 1`,
  );
  assert.deepEqual([viewed!.details.from, viewed!.details.to, viewed!.details.district], ['2025-03-01', '2025-04-30', 'tamworth']);
  // An analyst (no child records) sees the count without the link.
  const a = await analyst.agent.get(`/reports/bi-monthly?${staffsQuery}`);
  assert.doesNotMatch(a.text, /\/reports\/bi-monthly\/trace\?/);
  assert.equal((await analyst.agent.get(link)).status, 403);
});

test('suppressed for sharing outside: small counts are "fewer than 5", no trace links, no lists', async () => {
  const res = await coordinator.agent.get('/reports/bi-monthly?from=2025-03-01&to=2025-04-30&district=tamworth&mode=suppress');
  assert.equal(res.status, 200);
  assert.match(res.text, /fewer than 5/);
  assert.doesNotMatch(res.text, /\/trace\?/);
  assert.match(res.text, /Left out: lists of children and records are not shared outside the partnership/);
});

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

test('an export asks why; without a reason nothing is exported; with one the file comes and the disclosure is audited', async () => {
  const form = await coordinator.agent.get(`/reports/bi-monthly/export?${staffsQuery}&format=csv&table=movement`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Why are you exporting this\?/);
  // Issue 15 §6: the table's title, never its internal id.
  assert.match(form.text, /<span class="govuk-caption-l">Bi-monthly panel data report: Movement between risk levels \(CSV\)<\/span>/);
  const none = await coordinator.post('/reports/bi-monthly/export', {
    from: '2025-03-01',
    to: '2025-04-30',
    district: 'tamworth',
    mode: 'all',
    format: 'csv',
    table: 'movement',
  });
  assert.equal(none.status, 400);
  assert.match(none.text, /href="#reason">Select why you are exporting this/);
  assert.match(none.text, /Bi-monthly panel data report: Movement between risk levels \(CSV\)/);
  const other = await coordinator.post('/reports/bi-monthly/export', {
    from: '2025-03-01',
    to: '2025-04-30',
    district: 'tamworth',
    mode: 'all',
    format: 'csv',
    table: 'movement',
    reason: 'other',
  });
  assert.match(other.text, /href="#reasonOther">Enter why you are exporting this/);
  const coordinatorId = await t.userId('coordinator');
  const before = (
    await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.export' AND actor_user_id = $1`, [coordinatorId])
  )[0]!.n;
  assert.equal(before, 0, 'refused exports are not disclosures');
  const csv = await coordinator.post('/reports/bi-monthly/export', {
    from: '2025-03-01',
    to: '2025-04-30',
    district: 'tamworth',
    mode: 'all',
    format: 'csv',
    table: 'movement',
    reason: 'other',
    reasonOther: 'District review',
  });
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type']!, /text\/csv/);
  assert.match(csv.headers['content-disposition']!, /attachment; filename="staffordshire-bi-monthly-movement-2025-03-01-2025-04-30.csv"/);
  assert.match(csv.text, /"OFFICIAL-SENSITIVE"/);
  assert.match(csv.text, /"First panel decision","1"/);
  const [a] = await t.db.query<{ actor_user_id: string; details: Record<string, unknown> }>(
    `SELECT actor_user_id, details FROM audit_events WHERE action = 'report.export' AND actor_user_id = $1`,
    [coordinatorId],
  );
  assert.ok(a, 'the export is audited with who');
  assert.equal(a!.details.format, 'csv');
  assert.equal(a!.details.reason, 'Other: District review');
  assert.equal(a!.details.from, '2025-03-01');
  assert.match(String(a!.details.what), /movement/);
});

test('a chair may read reports but not export them', async () => {
  assert.equal((await chair.agent.get(`/reports/bi-monthly?${staffsQuery}`)).status, 200);
  assert.equal((await chair.agent.get(`/reports/bi-monthly/export?${staffsQuery}&format=pdf`)).status, 403);
  assert.equal((await chair.post('/reports/bi-monthly/export', { from: '2025-03-01', to: '2025-04-30', format: 'pdf', reason: 'meeting' })).status, 403);
});

test('the XLSX of a report reads back with every table; the LLR PDF carries its marking and notice on every page', async () => {
  const x = await coordinator.agent
    .post('/reports/bi-monthly/export')
    .type('form')
    .buffer(true)
    .parse(binary)
    .send({ _csrf: coordinator.csrf, from: '2025-03-01', to: '2025-04-30', district: 'tamworth', mode: 'all', format: 'xlsx', reason: 'meeting' });
  assert.equal(x.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.body as ArrayBuffer);
  assert.ok(wb.worksheets.length >= 10);
  assert.equal(wb.worksheets[0]!.getCell('A1').value, 'OFFICIAL-SENSITIVE');

  // Issue 15 item 10: where printing is not allowed, the report says what a download is for and marks the buttons; elsewhere neither.
  const llrReport = await llrAnalyst.agent.get(`/reports/monthly?${monthlyQuery}`);
  assert.match(llrReport.text, /A download is for keeping or sharing the report securely[^<]*does not allow printing/);
  assert.match(llrReport.text, /Download the report \(PDF, not to be printed\)/);
  const staffsReport = await coordinator.agent.get(`/reports/bi-monthly?${staffsQuery}`);
  assert.doesNotMatch(staffsReport.text, /app-download-purpose|not to be printed\)/);
  assert.match(staffsReport.text, /Download the report \(PDF\)/);
  const form = await llrAnalyst.agent.get(`/reports/monthly/export?${monthlyQuery}&format=pdf`);
  const pdf = await llrAnalyst.agent
    .post('/reports/monthly/export')
    .type('form')
    .buffer(true)
    .parse(binary)
    .send({ _csrf: csrfFrom(form.text), from: '2025-03-01', to: '2025-03-31', mode: 'all', format: 'pdf', reason: 'board' });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  const parser = new PDFParse({ data: pdf.body as Buffer });
  const r = await parser.getText();
  await parser.destroy();
  for (const p of r.pages) {
    assert.match(p.text, /SENSITIVE – CONFIDENTIAL/, `page ${p.num}`);
    assert.match(p.text, /should not be printed/, `page ${p.num}`);
  }
  assert.match(r.text, /Monthly Exploitation Meeting data set/);
  assert.match(r.text, /Period: 1 March 2025 to 31 March 2025/);
  assert.match(r.text, /High-risk children by authority and type/);
  assert.match(r.text, /Leicester City\s+1/);
});

test('the RFM as PDF: asks why, carries the marking, audited against the child; analysts (no assessments) are refused', async () => {
  const [rfm] = await t.db.query<{ id: string; child_id: string }>(
    `SELECT id, child_id FROM assessments WHERE partnership_id = 'staffordshire' AND instrument = 'rfm' AND status = 'submitted' LIMIT 1`,
  );
  assert.ok(rfm, 'the demo has a submitted RFM');
  assert.equal((await coordinator.agent.get(`/exports/rfm/${rfm.id}`)).status, 200);
  assert.equal((await analyst.agent.get(`/exports/rfm/${rfm.id}`)).status, 403);
  assert.equal((await coordinator.agent.get('/exports/rfm/not-a-uuid')).status, 404);
  const res = await coordinator.agent
    .post(`/exports/rfm/${rfm.id}`)
    .type('form')
    .buffer(true)
    .parse(binary)
    .send({ _csrf: coordinator.csrf, reason: 'agency-records' });
  assert.equal(res.status, 200);
  const parser = new PDFParse({ data: res.body as Buffer });
  const text = (await parser.getText()).text;
  await parser.destroy();
  assert.match(text, /Risk Factor Matrix/);
  assert.match(text, /OFFICIAL-SENSITIVE/);
  assert.match(text, /Indicators 1 to 7/);
  const [a] = await t.db.query<{ child_id: string }>(`SELECT child_id FROM audit_events WHERE action = 'report.export' AND subject_type = 'rfm'`);
  assert.equal(a!.child_id, rfm.child_id);
});

test('dashboards: the coordinator’s, the chair’s and the analyst’s, each chart with its table', async () => {
  const c = await coordinator.agent.get('/reports');
  assert.match(c.text, /Coordinator dashboard/);
  assert.match(c.text, /Waiting in the triage inbox/);
  assert.match(c.text, /Overdue actions by agency/);
  assert.match(c.text, /role="img"/);
  const ch = await chair.agent.get('/reports');
  assert.match(ch.text, /Chair dashboard/);
  assert.match(ch.text, /Children at the next meeting by risk level/);
  const an = await analyst.agent.get('/reports');
  assert.match(an.text, /Analyst dashboard/);
  assert.match(an.text, /Assessments by month and type/);
  assert.doesNotMatch(an.text, /Coordinator dashboard/);
});

test('training needs: recorded with a date, refused without one', async () => {
  const bad = await coordinator.post('/reports/training-needs', { need: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /href="#need">Enter the training need/);
  assert.match(bad.text, /href="#recordedOn-day">Enter the date the need was recorded/);
  const wrong = await coordinator.post('/reports/training-needs', {
    need: 'Online grooming',
    'recordedOn-day': '2',
    'recordedOn-month': '4',
    'recordedOn-year': '2025',
    districtId: 'rutland',
  });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /Choose one of Staffordshire’s districts/);
  const ok = await coordinator.post('/reports/training-needs', {
    need: 'Online grooming',
    'recordedOn-day': '2',
    'recordedOn-month': '4',
    'recordedOn-year': '2025',
    districtId: 'tamworth',
    agencyId: 'education',
  });
  assert.equal(ok.status, 303);
  const res = await coordinator.agent.get(`/reports/bi-monthly?${staffsQuery}`);
  assert.match(res.text, /Online grooming/);
  assert.equal((await responder.post('/reports/training-needs', { need: 'x' })).status, 403);
});

test('the agenda and the minutes as PDF: running order with children by reference, the decisions, the marking; each export audited', async () => {
  await t.db.query(`INSERT INTO agendas (partnership_id, occurrence_id, status, published_at) VALUES ('staffordshire', $1, 'published', now())`, [panel.occ]);
  await t.db.query(`INSERT INTO meeting_minutes (partnership_id, occurrence_id, body, status) VALUES ('staffordshire', $1, $2, 'approved')`, [
    panel.occ,
    '# Test panel\nThe panel met.\n\n## Attendance\n- Alex Chair, Police\n\n### Decision\nRisk: High\n\nActions were agreed.',
  ]);
  await t.db.query(`UPDATE agenda_items SET decisions = 'Disruption plan', rationale = 'Escalating missing episodes' WHERE occurrence_id = $1`, [panel.occ]);
  const [ref] = await t.db.query<{ reference: string; first_name: string; last_name: string }>(
    `SELECT reference, first_name, last_name FROM children WHERE id = $1`,
    [c1],
  );
  const read = async (url: string) => {
    const res = await coordinator.agent.post(url).type('form').buffer(true).parse(binary).send({ _csrf: coordinator.csrf, reason: 'meeting' });
    assert.equal(res.status, 200, url);
    const parser = new PDFParse({ data: res.body as Buffer });
    const text = (await parser.getText()).text;
    await parser.destroy();
    return text;
  };
  const agenda = await read(`/exports/agenda/${panel.occ}`);
  assert.match(agenda, /Agenda: Test panel/);
  assert.match(agenda, new RegExp(ref!.reference));
  assert.match(agenda, /OFFICIAL-SENSITIVE/);
  const minutes = await read(`/exports/minutes/${panel.occ}`);
  assert.match(minutes, /Minutes approved/);
  assert.match(minutes, /Actions were agreed\./);
  // The Markdown drawn as headings and a list, never printed as mark-up (issue 15, item 3).
  assert.match(minutes, /Attendance/);
  assert.match(minutes, /• Alex Chair, Police/);
  assert.doesNotMatch(minutes, /#/);
  // The decisions table: the child by name and reference (Staffordshire allows printing), the level capitalised, the decision and the rationale apart.
  assert.match(minutes, new RegExp(`1\\. ${ref!.first_name} ${ref!.last_name} \\(${ref!.reference}\\)`));
  assert.match(minutes, /High/);
  assert.doesNotMatch(minutes, /\bhigh\b/);
  assert.match(minutes, /Disruption plan/);
  assert.doesNotMatch(minutes, /Disruption plan – Escalating/);
  assert.match(minutes, /Rationale/);
  assert.equal((await coordinator.agent.get('/exports/agenda/00000000-0000-0000-0000-000000000000')).status, 404);
  const n = (
    await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.export' AND subject_type IN ('agenda', 'minutes') AND subject_id = $1`,
      [panel.occ],
    )
  )[0]!.n;
  assert.equal(n, 2);
});

test('the API gives the same figures as JSON, with problem+json for bad periods, another partnership’s district and roles without access', async () => {
  const token = await t.apiToken('analyst');
  const ok = await t.request().get(`/api/v1/reports/bi-monthly?${staffsQuery}`).set('Authorization', `Bearer ${token}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.period.from, '2025-03-01');
  assert.equal(ok.body.district, 'tamworth');
  assert.ok(ok.body.produced);
  const discussed = ok.body.sections.find((s: { id: string }) => s.id === 'discussed').tables[0];
  assert.deepEqual(
    discussed.rows.find((r: unknown[]) => r[0] === 'High'),
    ['High', 0, 1, 0, 0, 1],
  );
  const suppressed = await t
    .request()
    .get('/api/v1/reports/bi-monthly?from=2025-03-01&to=2025-04-30&district=tamworth&mode=suppress')
    .set('Authorization', `Bearer ${token}`);
  assert.deepEqual(
    suppressed.body.sections.find((s: { id: string }) => s.id === 'discussed').tables[0].rows.find((r: unknown[]) => r[0] === 'High'),
    ['High', 0, 'fewer than 5', 0, 0, 'fewer than 5'],
  );
  const bad = await t.request().get('/api/v1/reports/bi-monthly?from=2025-04-30&to=2025-03-01').set('Authorization', `Bearer ${token}`);
  assert.equal(bad.status, 422);
  assert.match(bad.headers['content-type']!, /application\/problem\+json/);
  assert.deepEqual(
    bad.body.errors.map((e: { field: string }) => e.field),
    ['to'],
  );
  const other = await t.request().get('/api/v1/reports/bi-monthly?from=2025-03-01&to=2025-04-30&district=rutland').set('Authorization', `Bearer ${token}`);
  assert.equal(other.status, 422);
  assert.deepEqual(
    other.body.errors.map((e: { field: string }) => e.field),
    ['district'],
  );
  assert.equal((await t.request().get('/api/v1/reports/monthly?from=2025-03-01&to=2025-03-31').set('Authorization', `Bearer ${token}`)).status, 404);
  const responderToken = await t.apiToken('responder');
  assert.equal((await t.request().get(`/api/v1/reports/bi-monthly?${staffsQuery}`).set('Authorization', `Bearer ${responderToken}`)).status, 403);
  const doc = await t.request().get('/api/v1/openapi.json');
  assert.ok(doc.body.paths['/api/v1/reports/{kind}'].get.parameters.length >= 4);
});

test('no export page is titled with a table’s internal id: the table’s title is shown, and an unknown table is not found', async () => {
  const form = await coordinator.agent.get(`/reports/bi-monthly/export?${staffsQuery}&format=csv&table=discussed-level-type`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Bi-monthly panel data report: Children discussed by risk level and type \(CSV\)/);
  assert.doesNotMatch(form.text, /govuk-caption-l">[^<]*discussed-level-type/);
  assert.equal((await coordinator.agent.get(`/reports/bi-monthly/export?${staffsQuery}&format=csv&table=no-such-table`)).status, 404);
});

test('issue 15 item 9: a period with no activity says so, table by table, instead of printing zeros', async () => {
  const res = await coordinator.agent.get('/reports/bi-monthly?from=2020-01-01&to=2020-02-29&mode=all');
  assert.equal(res.status, 200);
  assert.match(res.text, /None in this period/);
  assert.doesNotMatch(res.text, /<td class="govuk-table__cell govuk-table__cell--numeric"[^>]*>0<\/td>/, 'no table of zeros');
  const busy = await coordinator.agent.get(`/reports/bi-monthly?${staffsQuery}`);
  assert.match(busy.text, /govuk-table__cell--numeric/, 'a period with activity prints its tables');
});

test('002 §4.7: the Rotherham report shows CE risk assessments by outcome and type of exploitation, and exports them as CSV, XLSX and PDF', async () => {
  const ru = (await t.db.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM users WHERE email = 'coordinator@rotherham.example.org'`))[0]!;
  const r = fixtures(t.db, 'rotherham', ru.id, ru.agency_id);
  const high = await r.child({ district: 'rotherham', primaryRisk: 'CCE' });
  const low = await r.child({ district: 'rotherham', primaryRisk: 'CSE' });
  await r.ceRiskAssessment(high, '2025-03-11', { outcome: 'high', riskType: 'CCE' });
  await r.ceRiskAssessment(low, '2025-03-12', { outcome: 'low' });
  const rc = await t.signIn('coordinator', 'rotherham');
  const query = 'from=2025-03-01&to=2025-03-31&mode=all';
  const page = await rc.agent.get(`/reports/rotherham?${query}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /CE risk assessments by outcome and type of exploitation/);
  assert.match(page.text, /Criminal exploitation \(CCE\)/);

  const form = await rc.agent.get(`/reports/rotherham/export?${query}&format=csv&table=ce-outcomes`);
  assert.equal(form.status, 200);
  const send = (format: string, table?: string) =>
    rc.agent
      .post('/reports/rotherham/export')
      .type('form')
      .buffer(true)
      .parse(binary)
      .send({ _csrf: csrfFrom(form.text), from: '2025-03-01', to: '2025-03-31', mode: 'all', format, reason: 'meeting', ...(table ? { table } : {}) });
  const csv = await send('csv', 'ce-outcomes');
  assert.equal(csv.status, 200);
  const text = (csv.body as Buffer).toString('utf8');
  assert.match(text, /"Outcome","Sexual exploitation \(CSE\)","Criminal exploitation \(CCE\)","Both \(dual\)","No type recorded"/);
  assert.match(text, /"High","0","1","0","0"/);
  assert.match(text, /"Low","0","0","0","1"/);

  const x = await send('xlsx');
  assert.equal(x.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.body as ArrayBuffer);
  const cells = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String));
  assert.ok(
    cells.includes('CE risk assessments by outcome and type') || cells.some((c) => /CE risk assessments by outcome/.test(c)),
    'the table is in the workbook',
  );
  assert.ok(cells.includes('No type recorded'));

  const pdf = await send('pdf');
  assert.equal(pdf.status, 200);
  const parser = new PDFParse({ data: pdf.body as Buffer });
  const pdfText = (await parser.getText()).text;
  await parser.destroy();
  assert.match(pdfText, /CE risk assessments by outcome and type/);
  assert.match(pdfText, /No type\s+recorded/);
  assert.match(pdfText, /CE risk assessments by outcome and type[\s\S]*High 0 1 0 0 1\nMedium 0 0 0 0 0\nLow 0 0 0 1 1/);
});
