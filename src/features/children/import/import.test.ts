import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testApp, csrfFrom } from '../../../test-support/app.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator');
const token = await t.apiToken('coordinator');

const header = 'First name,Last name,Date of birth,Gender,Postcode,Aliases,District';
const good = ['Tamsin,Quillfeather,12/05/2012,Female,st16 2ab,Tam|Tammy,Stafford', 'Orrin,Quillfeather,2011-09-30,m,,,cannock'];
const bad = ['Petra,Quillfeather,12/05/2099,,,,Stafford', 'Ned,Quillfeather,03/04/2012,,,,Stoke North', ',Quillfeather,03/04/2012,,,,Stafford'];
const csv = (...rows: string[]) => Buffer.from([header, ...rows].join('\r\n') + '\r\n');

const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: string }>(sql, params))[0]!.n);
const quillfeathers = () => count(`SELECT count(*) AS n FROM children WHERE partnership_id = 'staffordshire' AND last_name = 'Quillfeather'`);

/** Uploads a file on the page as the coordinator: the response (a redirect to the preview, or the form with its error). */
async function upload(data: Buffer, filename: string, contentType = 'text/csv') {
  const form = await coordinator.agent.get('/children/import');
  return coordinator.agent.post('/children/import').field('_csrf', csrfFrom(form.text)).attach('file', data, { filename, contentType });
}

test('a coordinator uploads a CSV, sees each row checked (problems named), and imports the good rows in one go', async () => {
  const form = await coordinator.agent.get('/children/import');
  assert.equal(form.status, 200);
  assert.match(form.text, /class="govuk-file-upload/);
  assert.match(form.text, /enctype="multipart\/form-data"/);
  assert.match(form.text, /<input type="hidden" name="_csrf" value="[^"]+">\s*<div class="govuk-form-group/, 'the form carries its CSRF token before the file');

  const res = await upload(csv(good[0]!, bad[0]!, bad[1]!, good[1]!, bad[2]!), 'children.csv');
  assert.equal(res.status, 303);
  const previewUrl = res.headers.location!;
  assert.match(previewUrl, /^\/children\/import\/[0-9a-f-]{36}$/, 'an opaque id, no personal data in the URL');
  assert.equal(await quillfeathers(), 0, 'nothing is written before the import is confirmed');

  const preview = await coordinator.agent.get(previewUrl);
  assert.equal(preview.status, 200);
  assert.match(preview.text, /Row 3: enter a date of birth in the past/);
  assert.match(preview.text, /Row 4: ‘Stoke North’ is not one of Staffordshire’s districts/);
  assert.match(preview.text, /Row 6: enter the child’s first name/);
  assert.match(preview.text, /Import 2 children/);
  assert.match(preview.text, /Tamsin Quillfeather/);

  const done = await coordinator.post(previewUrl);
  assert.equal(done.status, 303);
  assert.equal(await quillfeathers(), 2, 'the two good rows, and only they');
  const result = await coordinator.agent.get(previewUrl);
  assert.match(result.text, /2 children imported/);
  assert.match(result.text, /Tamsin Quillfeather/);

  const [tamsin] = await t.db.query<{ id: string; gender: string; district_id: string; date_of_birth: string }>(
    `SELECT id, gender, district_id, date_of_birth FROM children WHERE partnership_id = 'staffordshire' AND first_name = 'Tamsin' AND last_name = 'Quillfeather'`,
  );
  assert.deepEqual({ ...tamsin, id: undefined }, { id: undefined, gender: 'Female', district_id: 'stafford', date_of_birth: '2012-05-12' });
  const aliases = await t.db.query<{ alias: string }>(`SELECT alias FROM child_aliases WHERE child_id = $1 ORDER BY alias`, [tamsin!.id]);
  assert.deepEqual(
    aliases.map((a) => a.alias),
    ['Tam', 'Tammy'],
  );
  const [address] = await t.db.query<{ postcode: string }>(`SELECT postcode FROM child_addresses WHERE child_id = $1`, [tamsin!.id]);
  assert.equal(address!.postcode, 'ST16 2AB');
  const [orrin] = await t.db.query<{ gender: string; district_id: string }>(
    `SELECT gender, district_id FROM children WHERE first_name = 'Orrin' AND last_name = 'Quillfeather'`,
  );
  assert.deepEqual({ ...orrin }, { gender: 'Male', district_id: 'cannock' });
  assert.equal(await count(`SELECT count(*) AS n FROM timeline_events WHERE child_id = $1 AND summary = 'Record imported'`, [tamsin!.id]), 1);

  // One audit entry for the import, naming every child created; each child's audit trail finds it.
  const entries = await t.db.query<{ children_shown: string[]; details: Record<string, number> }>(
    `SELECT children_shown, details FROM audit_events WHERE action = 'child.import' AND outcome = 'allowed'`,
  );
  assert.equal(entries.length, 1);
  assert.equal(entries[0]!.children_shown.length, 2);
  assert.ok(entries[0]!.children_shown.includes(tamsin!.id));
  assert.equal(entries[0]!.details.created, 2);
  assert.equal(entries[0]!.details.problems, 3);
  const [{ rows }] = (await t.db.query<{ rows: unknown }>(`SELECT rows FROM child_imports WHERE id = $1`, [previewUrl.split('/').pop()])) as [
    { rows: unknown },
  ];
  assert.equal(rows, null, 'the uploaded rows are cleared once imported');

  // Confirming again changes nothing.
  const again = await coordinator.post(previewUrl);
  assert.equal(again.status, 303);
  assert.equal(await quillfeathers(), 2);
});

test('re-importing the same file creates no one: its children are already held; a row repeated in the file is imported once', async () => {
  const before = await quillfeathers();
  const res = await upload(csv(good[0]!, good[1]!), 'children.csv');
  const preview = await coordinator.agent.get(res.headers.location!);
  assert.match(preview.text, /Already held/);
  assert.doesNotMatch(preview.text, /Import \d+ child/);
  assert.match(preview.text, /There is nothing to import/);
  await coordinator.post(res.headers.location!);
  assert.equal(await quillfeathers(), before);

  const twice = await upload(csv('Ivo,Quillfeather,01/02/2013,,,,Tamworth', 'IVO,quillfeather,2013-02-01,,,,tamworth'), 'twice.csv');
  const p2 = await coordinator.agent.get(twice.headers.location!);
  assert.match(p2.text, /the same child as row 2/);
  await coordinator.post(twice.headers.location!);
  assert.equal(await quillfeathers(), before + 1);
});

test('an Excel workbook is imported the same way (date cells and text dates)', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Children');
  ws.addRow(['first_name', 'SURNAME', 'DOB', 'District']);
  ws.addRow(['Wren', 'Quillfeather', new Date(Date.UTC(2014, 6, 9)), 'Lichfield']);
  ws.addRow(['Ash', 'Quillfeather', '09/07/2015', 'lichfield']);
  const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'children.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(res.status, 303);
  const preview = await coordinator.agent.get(res.headers.location!);
  assert.match(preview.text, /Import 2 children/);
  await coordinator.post(res.headers.location!);
  const [wren] = await t.db.query<{ date_of_birth: string }>(`SELECT date_of_birth FROM children WHERE first_name = 'Wren' AND last_name = 'Quillfeather'`);
  assert.equal(wren!.date_of_birth, '2014-07-09');
});

test('a file too big, of another kind, missing, without the needed columns or with too many rows is refused plainly, with the error summary', async () => {
  const big = await upload(Buffer.alloc(2 * 1024 * 1024 + 10, 0x61), 'big.csv');
  assert.equal(big.status, 400);
  assert.match(big.text, /<title>Error: /);
  assert.match(big.text, /govuk-error-summary/);
  assert.match(big.text, /href="#file">The file must be smaller than 2 MB/);

  const png = await upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'photo.png', 'image/png');
  assert.equal(png.status, 400);
  assert.match(png.text, /href="#file">The file must be a CSV file or an Excel workbook \(.xlsx\)/);

  const form = await coordinator.agent.get('/children/import');
  const none = await coordinator.agent.post('/children/import').field('_csrf', csrfFrom(form.text));
  assert.equal(none.status, 400);
  assert.match(none.text, /Select a CSV file or an Excel workbook/);

  const columns = await upload(Buffer.from('Name,Born\nAmy,2012-01-01\n'), 'x.csv');
  assert.equal(columns.status, 400);
  assert.match(columns.text, /there is no column for first name, last name, date of birth and district/);

  const many = await upload(csv(...Array.from({ length: 5001 }, (_, i) => `Kit${i},Manyrows,01/01/2012,,,,Stafford`)), 'many.csv');
  assert.equal(many.status, 400);
  assert.match(many.text, /The file has 5,001 rows of children: import at most 5,000 at a time/);
  assert.equal(await count(`SELECT count(*) AS n FROM children WHERE last_name = 'Manyrows'`), 0);

  const forged = await coordinator.agent.post('/children/import').attach('file', csv(good[0]!), { filename: 'c.csv', contentType: 'text/csv' });
  assert.equal(forged.status, 403, 'an upload without the CSRF token is refused');
});

test('a semicolon-separated CSV, and Excel\'s "Unicode Text" (UTF-16, tabs), upload and preview like any CSV', async () => {
  const semi = Buffer.from('First name;Last name;Date of birth;District\r\nVesna;Semicolonne;04/05/2012;Stafford\r\n');
  const res = await upload(semi, 'children.csv');
  assert.equal(res.status, 303);
  const preview = await coordinator.agent.get(res.headers.location!);
  assert.match(preview.text, /Import 1 child/);
  assert.match(preview.text, /Vesna Semicolonne/);

  const unicode = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from('First name\tLast name\tDate of birth\tDistrict\r\nZoë\tTabulaire\t04/05/2012\tStafford\r\n', 'utf16le'),
  ]);
  const res2 = await upload(unicode, 'children.txt', 'text/plain');
  assert.equal(res2.status, 303);
  const preview2 = await coordinator.agent.get(res2.headers.location!);
  assert.match(preview2.text, /Import 1 child/);
  assert.match(preview2.text, /Zoë Tabulaire/);
});

test('an upload is only its uploader’s: another user (even a coordinator) gets 404 for its preview and its import', async () => {
  const res = await upload(csv('Bea,Quillfeather,05/05/2016,,,,Stafford'), 'c.csv');
  const url = res.headers.location!;
  const other = await t.signIn('coordinator', 'rotherham');
  assert.equal((await other.agent.get(url)).status, 404);
  assert.equal((await other.post(url)).status, 404);
  assert.equal((await coordinator.agent.get('/children/import/not-an-id')).status, 404);
});

test('a practitioner may not import: the page and the API are refused and the attempt audited', async () => {
  const practitioner = await t.signIn('practitioner');
  assert.equal((await practitioner.agent.get('/children/import')).status, 403);
  const ptoken = await t.apiToken('practitioner');
  const api = await t
    .request()
    .post('/api/v1/children/import')
    .set('Authorization', `Bearer ${ptoken}`)
    .set('Content-Type', 'text/csv')
    .send(csv(good[0]!).toString());
  assert.equal(api.status, 403);
  assert.ok((await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'child.import' AND outcome = 'denied'`)) >= 1);
});

test('API: a dry run checks only; the import creates the good rows (201), names each row’s problems, and creates nothing the second time', async () => {
  const body = [
    header,
    'Juno,Apiimport,01/03/2012,,,,Tamworth',
    'Kai,Apiimport,01/03/2090,,,,Tamworth',
    'Lux,Apiimport,2013-04-05,Female,,L|Lu,Stoke North',
  ].join('\n');
  const post = (q = '', b: string = body, type = 'text/csv') =>
    t.request().post(`/api/v1/children/import${q}`).set('Authorization', `Bearer ${token}`).set('Content-Type', type).send(b);
  const dry = await post('?dryRun=true');
  assert.equal(dry.status, 200);
  assert.deepEqual(dry.body.counts, { rows: 3, ready: 1, held: 0, likely: 0, repeated: 0, problems: 2, created: 0 });
  assert.deepEqual(dry.body.rows[1], { row: 3, status: 'problem', problems: ['enter a date of birth in the past'] });
  assert.deepEqual(dry.body.rows[2].problems, ['‘Stoke North’ is not one of Staffordshire’s districts']);
  assert.equal(await count(`SELECT count(*) AS n FROM children WHERE last_name = 'Apiimport'`), 0);

  const res = await post();
  assert.equal(res.status, 201);
  assert.equal(res.body.counts.created, 1);
  assert.equal(res.body.rows[0].status, 'created');
  assert.match(res.body.rows[0].childId, /^[0-9a-f-]{36}$/);
  assert.match(res.body.rows[0].reference, /^MC\d+$/);
  assert.equal(await count(`SELECT count(*) AS n FROM children WHERE last_name = 'Apiimport'`), 1);

  const again = await post();
  assert.equal(again.status, 200);
  assert.equal(again.body.rows[0].status, 'held');
  assert.equal(again.body.rows[0].childId, res.body.rows[0].childId);
  assert.equal(await count(`SELECT count(*) AS n FROM children WHERE last_name = 'Apiimport'`), 1);

  assert.equal((await post('', '{"a":1}', 'application/json')).status, 415);
  assert.equal((await post('?dryRun=maybe')).status, 422);
  const noColumns = await post('', 'Name\nAmy\n');
  assert.equal(noColumns.status, 422);
  assert.match(noColumns.body.detail, /no column for/);
  const tooBig = await post('', 'a'.repeat(2 * 1024 * 1024 + 1));
  assert.equal(tooBig.status, 413);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Children');
  ws.addRow(['First name', 'Last name', 'Date of birth', 'District']);
  ws.addRow(['Mo', 'Apiimport', new Date(Date.UTC(2012, 2, 1)), 'Tamworth']);
  const xlsx = await t
    .request()
    .post('/api/v1/children/import?dryRun=true')
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .send(Buffer.from(await wb.xlsx.writeBuffer()));
  assert.equal(xlsx.status, 200);
  assert.deepEqual(xlsx.body.rows, [{ row: 2, status: 'ready', problems: [] }]);

  const doc = await t.request().get('/api/v1/openapi.json');
  assert.ok(doc.body.paths['/api/v1/children/import'].post.responses['201']);
});

test('issue 14: an import with NHS number and UPN columns stores them (checked; a wrong check digit is the row’s problem), and the tracker matches on them', async () => {
  const file = Buffer.from(
    [
      'First name,Last name,Date of birth,District,NHS number,UPN',
      'Saoirse,Pendlebury,04/04/2012,Stafford,943 476 5919,B801200005001',
      'Lorcan,Pendlebury,04/04/2012,Stafford,943 476 5918,',
    ].join('\r\n'),
  );
  const res = await t.request().post('/api/v1/children/import').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(file);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual(
    res.body.rows.map((r: { status: string }) => r.status),
    ['created', 'problem'],
  );
  assert.match(res.body.rows[1].problems[0], /^Enter a valid NHS number/);
  const [row] = await t.db.query<{ id: string; nhs_number: string; upn: string }>(`SELECT id, nhs_number, upn FROM children WHERE last_name = 'Pendlebury'`);
  assert.deepEqual({ nhs: row!.nhs_number, upn: row!.upn }, { nhs: '9434765919', upn: 'B801200005001' });
  const [queued] = await t.db.query<{ encoding: { nhs: string | null; upn: string | null } }>(`SELECT encoding FROM tracker_outbox WHERE ref = $1`, [row!.id]);
  const sent = await t.db.query<{ encoding: { nhs: string | null; upn: string | null } }>(`SELECT encoding FROM tracker_encodings WHERE ref = $1`, [row!.id]);
  const encoding = (queued ?? sent[0])!.encoding;
  assert.ok(encoding.nhs && encoding.upn, 'the encoding the tracker matches on carries both (keyed, never in clear)');
  assert.doesNotMatch(JSON.stringify(encoding), /9434765919|B801200005001/);
});

test('nothing is half written: when writing one row fails, no child of the file is created', async () => {
  // A fault injected for this test only: the database refuses one alias, after the first children are written.
  await t.db
    .execAsOwner(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.alias = 'Boom' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$;
    CREATE TRIGGER refuse_boom BEFORE INSERT ON child_aliases FOR EACH ROW EXECUTE FUNCTION refuse_boom();`);
  try {
    const body = [header, 'Uma,Halfwritten,01/03/2012,,,,Tamworth', 'Vic,Halfwritten,01/03/2013,,,Boom,Tamworth'].join('\n');
    const res = await t.request().post('/api/v1/children/import').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(body);
    assert.equal(res.status, 500);
    assert.equal(await count(`SELECT count(*) AS n FROM children WHERE last_name = 'Halfwritten'`), 0);
    assert.equal(await count(`SELECT count(*) AS n FROM timeline_events WHERE summary = 'Record imported' AND child_id NOT IN (SELECT id FROM children)`), 0);
  } finally {
    await t.db.execAsOwner(`DROP TRIGGER refuse_boom ON child_aliases; DROP FUNCTION refuse_boom();`);
  }
});
