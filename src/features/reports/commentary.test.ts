import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import type request from 'supertest';
import { testApp } from '../../test-support/app.ts';

// Issue 15 item 21 (003: "reviewing locations, good practice and analysing any gaps in service or training"; DOMAIN §6).
const t = await testApp();
const coordinator = await t.signIn('coordinator');
const chair = await t.signIn('chair');
const analyst = await t.signIn('analyst');

const period = { from: '2025-03-01', to: '2025-04-30' };
const tamworth = { ...period, district: 'tamworth', mode: 'all' };
const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const saved = (district: string | null) =>
  t.db.query<{ good_practice: string; gaps: string; version: number; partnership_id: string }>(
    `SELECT good_practice, gaps, version, partnership_id FROM report_commentaries WHERE report_kind = 'bi-monthly' AND period_from = $1 AND period_to = $2 AND district_id IS NOT DISTINCT FROM $3`,
    [period.from, period.to, district],
  );

test('003: the coordinator writes the good practice and gaps for a district’s period; they are saved with the report and shown on it, audited in the same save', async () => {
  const before = await coordinator.agent.get(`/reports/bi-monthly?${qs(tamworth)}`);
  assert.equal(before.status, 200);
  assert.match(before.text, /Good practice and gaps in service or training/);
  assert.match(before.text, /Not written for this period yet/);
  assert.match(before.text, /href="\/reports\/bi-monthly\/commentary\?[^"]*district=tamworth[^"]*">Write the good practice and gaps/);

  const form = await coordinator.agent.get(`/reports/bi-monthly/commentary?${qs(tamworth)}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Tamworth district panel/);
  assert.match(form.text, /Period: 1 March 2025 to 30 April 2025/);
  assert.match(form.text, /name="version" value="0"/);

  const res = await coordinator.post('/reports/bi-monthly/commentary', {
    ...tamworth,
    version: '0',
    goodPractice: 'Youth workers met children at the safe space on Fridays.',
    gaps: 'No out-of-hours substance misuse service.\nTraining on the RFM for new schools staff.',
  });
  assert.equal(res.status, 303);
  assert.match(res.headers.location!, /^\/reports\/bi-monthly\?.*done=commentary.*#section-good-practice-gaps$/);
  const [row] = await saved('tamworth');
  assert.equal(row?.version, 1);
  assert.equal(row?.partnership_id, 'staffordshire');

  const after = await coordinator.agent.get(res.headers.location!.replace(/#.*/, ''));
  assert.match(after.text, /Good practice and gaps saved/);
  assert.match(after.text, /Youth workers met children at the safe space on Fridays\./);
  assert.match(after.text, /No out-of-hours substance misuse service\.<br \/>\s*Training on the RFM/);
  assert.match(after.text, /Change the good practice and gaps/);
  const [audit] = await t.db.query<{ outcome: string; details: { district: string; from: string } }>(
    `SELECT outcome, details FROM audit_events WHERE action = 'report.commentary.save' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(audit?.outcome, 'allowed');
  assert.equal(audit?.details.district, 'tamworth');

  // Another district's report, and the county's, are other reports: nothing written for them.
  const county = await coordinator.agent.get(`/reports/bi-monthly?${qs({ ...period, mode: 'all' })}`);
  assert.match(county.text, /Not written for this period yet/);
  assert.doesNotMatch(county.text, /Youth workers met children/);
  const otherPeriod = await coordinator.agent.get(`/reports/bi-monthly?${qs({ ...tamworth, to: '2025-04-29' })}`);
  assert.doesNotMatch(otherPeriod.text, /Youth workers met children/);
});

test('003: a stale save of the good practice and gaps is refused (409) with both versions kept: the saved one shown, the writer’s text in the boxes and in edit_conflicts', async () => {
  const first = await coordinator.post('/reports/bi-monthly/commentary', {
    ...period,
    mode: 'all',
    version: '0',
    goodPractice: 'County: schools shared concerns early.',
    gaps: '',
  });
  assert.equal(first.status, 303);
  // A second coordinator opened the form before the first saved (version 0), then saves.
  const stale = await coordinator.post('/reports/bi-monthly/commentary', {
    ...period,
    mode: 'all',
    version: '0',
    goodPractice: 'County: my own words.',
    gaps: 'Gaps I found.',
  });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /changed while you were writing/);
  assert.match(stale.text, /id="saved-version"[\s\S]*County: schools shared concerns early\./);
  assert.match(stale.text, /<textarea[^>]*name="goodPractice"[^>]*>County: my own words\.<\/textarea>/);
  assert.match(stale.text, /name="version" value="1"/, 'a second save after reading the saved version may replace it');
  const [row] = await saved(null);
  assert.equal(row?.good_practice, 'County: schools shared concerns early.', 'the saved version is untouched');
  const [kept] = await t.db.query<{ submitted: { goodPractice: string }; read_version: number }>(
    `SELECT submitted, read_version FROM edit_conflicts WHERE record_type = 'report_commentary' ORDER BY at DESC LIMIT 1`,
  );
  assert.equal(kept?.submitted.goodPractice, 'County: my own words.');
  assert.equal(kept?.read_version, 0);
  // Naming version 1 (as the conflict page does) saves; naming it again is stale.
  assert.equal(
    (await coordinator.post('/reports/bi-monthly/commentary', { ...period, mode: 'all', version: '1', goodPractice: 'Merged.', gaps: 'Gaps I found.' })).status,
    303,
  );
  assert.equal(
    (await coordinator.post('/reports/bi-monthly/commentary', { ...period, mode: 'all', version: '1', goodPractice: 'Late.', gaps: '' })).status,
    409,
  );
  assert.equal((await saved(null))[0]?.version, 2);
});

test('the good practice and gaps form: too long is a GOV.UK error (400, summary, "Error:" title, text kept); only the coordinator may write', async () => {
  const long = 'x'.repeat(10001);
  const res = await coordinator.post('/reports/bi-monthly/commentary', { ...tamworth, version: '0', goodPractice: long, gaps: 'kept' });
  assert.equal(res.status, 400);
  assert.match(res.text, /<title>Error: /);
  assert.match(res.text, /href="#goodPractice">Good practice must be 10,000 characters or fewer/);
  assert.match(res.text, /<textarea[^>]*name="gaps"[^>]*>kept<\/textarea>/);
  assert.equal((await coordinator.agent.get('/reports/bi-monthly/commentary?from=2025-04-30&to=2025-03-01')).status, 404, 'no period, no form');
  for (const who of [chair, analyst]) {
    assert.equal((await who.agent.get(`/reports/bi-monthly/commentary?${qs(tamworth)}`)).status, 403);
    assert.equal((await who.post('/reports/bi-monthly/commentary', { ...tamworth, version: '0', goodPractice: 'x', gaps: '' })).status, 403);
    const report = await who.agent.get(`/reports/bi-monthly?${qs(tamworth)}`);
    assert.equal(report.status, 200);
    assert.doesNotMatch(report.text, /Write the good practice|Change the good practice/, 'read, not offered to write');
  }
});

test('003: the good practice and gaps are exported with the report: PDF, a sheet of the XLSX, a CSV of their own, also when small numbers are suppressed', async () => {
  const send = (format: string, extra: Record<string, string> = {}) =>
    coordinator.agent
      .post('/reports/bi-monthly/export')
      .type('form')
      .buffer(true)
      .parse(binary)
      .send({ _csrf: coordinator.csrf, ...tamworth, format, reason: 'meeting', ...extra });
  const pdf = await send('pdf', { mode: 'suppress' });
  assert.equal(pdf.status, 200);
  const parser = new PDFParse({ data: pdf.body as Buffer });
  const text = (await parser.getText()).text;
  await parser.destroy();
  assert.match(text, /Good practice and gaps in service or training/);
  assert.match(text, /Youth workers met children at the safe space/);
  assert.match(text, /No out-of-hours substance misuse service/);

  const x = await send('xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.body as ArrayBuffer);
  const sheet = wb.worksheets.find((w) => /^Good practice and gaps/.test(w.name));
  assert.ok(sheet, 'a sheet of its own');
  const cells = sheet.getSheetValues().flat().map(String);
  assert.ok(cells.some((c) => c.includes('Youth workers met children')));

  const csv = await send('csv', { table: 'good-practice-gaps' });
  assert.equal(csv.status, 200);
  const body = (csv.body as Buffer).toString('utf8');
  assert.match(body, /"Gaps in service or training","No out-of-hours substance misuse service\.\nTraining on the RFM/);
  const [audit] = await t.db.query<{ details: { what: string; format: string } }>(
    `SELECT details FROM audit_events WHERE action = 'report.export' ORDER BY id DESC LIMIT 1`,
  );
  assert.equal(audit?.details.format, 'csv');

  // A report with nothing written says so in its PDF, and offers no CSV of it.
  const county = await coordinator.agent
    .post('/reports/bi-monthly/export')
    .type('form')
    .buffer(true)
    .parse(binary)
    .send({ _csrf: coordinator.csrf, from: '2025-05-01', to: '2025-06-30', mode: 'all', format: 'pdf', reason: 'meeting' });
  const p2 = new PDFParse({ data: county.body as Buffer });
  assert.match((await p2.getText()).text, /Good practice and gaps in service or training\s+Not written for this period\./);
  await p2.destroy();
  const none = await coordinator.agent
    .post('/reports/bi-monthly/export')
    .type('form')
    .send({ _csrf: coordinator.csrf, from: '2025-05-01', to: '2025-06-30', mode: 'all', format: 'csv', table: 'good-practice-gaps', reason: 'meeting' });
  assert.equal(none.status, 400);
});

test('the API gives the good practice and gaps with the report', async () => {
  const token = await t.apiToken('coordinator');
  const res = await t
    .request()
    .get(`/api/v1/reports/bi-monthly?${qs(tamworth)}`)
    .set('Authorization', `Bearer ${token}`);
  assert.equal(res.status, 200);
  assert.match(res.body.commentary.goodPractice, /Youth workers/);
  assert.equal(res.body.commentary.version, 1);
});
