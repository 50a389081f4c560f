import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp, csrfFrom } from '../../test-support/app.ts';

// Issue 15 item 13 (DOMAIN §7: every child's record kept once): the API and the spreadsheet import show the children
// already recorded who are likely the same child before creating another, by the "Add a child" form's rule
// (domain/children/matching.ts likelyDuplicates): the same first name and date of birth (the surname may have changed), or
// both names alike with the dates of birth near; the same surname and date of birth with another first name is a twin.

const t = await testApp();
const token = await t.apiToken('coordinator');
const coordinator = await t.signIn('coordinator');
const api = (body: Record<string, unknown>) => t.request().post('/api/v1/children').set('Authorization', `Bearer ${token}`).send(body);
const count = async (last: string) =>
  Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM children WHERE partnership_id = 'staffordshire' AND last_name = $1`, [last]))[0]!.n);

// The child already recorded.
const recorded = await api({ firstName: 'Marisol', lastName: 'Quenby', dateOfBirth: '2012-05-09', districtId: 'stafford', primaryRisk: 'CSE' });
assert.equal(recorded.status, 201);
const marisol = { id: recorded.body.id as string, reference: recorded.body.reference as string };

test('issue 15 item 13, API: a child likely already recorded (the same first name and date of birth, another surname) is 409 listing ids and references only; nothing saved', async () => {
  const res = await api({ firstName: 'Marisol', lastName: 'Whitlock', dateOfBirth: '2012-05-09', districtId: 'stafford', primaryRisk: 'CSE' });
  assert.equal(res.status, 409);
  assert.match(res.headers['content-type']!, /application\/problem\+json/);
  assert.equal(res.body.title, 'Likely already recorded');
  assert.deepEqual(res.body.likelyExisting, [marisol], 'ids and references only: no name, date of birth or address');
  assert.doesNotMatch(JSON.stringify(res.body), /Quenby|2012-05-09/);
  assert.equal(await count('Whitlock'), 0, 'nothing saved');
  const [audited] = await t.db.query<{ children_shown: string[] }>(
    `SELECT children_shown FROM audit_events WHERE action = 'child.duplicate-check' ORDER BY id DESC LIMIT 1`,
  );
  assert.deepEqual(audited?.children_shown, [marisol.id], 'the check is audited naming the child shown');
});

test('issue 15 item 13, API: with "notADuplicate": true the child is created and audited as any other; a string "true" is not that', async () => {
  const body = { firstName: 'Marisol', lastName: 'Quenbey', dateOfBirth: '2012-05-10', districtId: 'stafford', primaryRisk: 'CSE' };
  assert.equal((await api(body)).status, 409, 'both names alike, the date of birth a day apart: likely');
  assert.equal((await api({ ...body, notADuplicate: 'true' })).status, 409);
  const made = await api({ ...body, notADuplicate: true });
  assert.equal(made.status, 201);
  const [entry] = await t.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE child_id = $1 AND action = 'child.create'`, [made.body.id]);
  assert.equal(entry?.action, 'child.create');
});

test('issue 15 item 13, API, at the boundary of likely: a first name one slip away is likely; a twin (another first name, same surname and date) and a date two parts apart are not', async () => {
  const base = { lastName: 'Quenby', districtId: 'stafford', primaryRisk: 'CSE' };
  assert.equal((await api({ ...base, firstName: 'Marisoll', dateOfBirth: '2012-05-09' })).status, 409, 'one slip in the first name');
  const twin = await api({ ...base, firstName: 'Perpetua', dateOfBirth: '2012-05-09' });
  assert.equal(twin.status, 201, 'a twin is not the same child');
  const apart = await api({ firstName: 'Marisol', lastName: 'Quenby', dateOfBirth: '2013-06-09', districtId: 'stafford', primaryRisk: 'CSE' });
  assert.equal(apart.status, 201, 'year and month both different: another child');
});

/** Uploads a CSV on the page: the preview's address. */
async function upload(rows: string[]) {
  const form = await coordinator.agent.get('/children/import');
  const data = Buffer.from(['First name,Last name,Date of birth,District', ...rows].join('\r\n') + '\r\n');
  const res = await coordinator.agent
    .post('/children/import')
    .field('_csrf', csrfFrom(form.text))
    .attach('file', data, { filename: 'children.csv', contentType: 'text/csv' });
  assert.equal(res.status, 303);
  return res.headers.location!;
}

test('issue 15 item 13, import: rows like a child already recorded or like another row of the file are shown as likely already recorded and not imported unless ticked', async () => {
  const preview = await upload([
    'Marisol,Quenbie,09/05/2012,Stafford', // row 2: like Marisol Quenby (one slip in the surname, the same date)
    'Ottoline,Farrowdale,21/11/2011,Stafford', // row 3: new
    'Ottilene,Farrowdale,21/11/2011,Stafford', // row 4: like row 3 (a slip in the first name)
    'Barnaby,Farrowdale,21/11/2011,Stafford', // row 5: row 3's twin: not likely
  ]);
  const page = await coordinator.agent.get(preview);
  assert.equal(page.status, 200);
  assert.match(page.text, /Likely already recorded \(2\)/);
  assert.match(page.text, /Likely already recorded as <a class="govuk-link" href="\/children\//);
  assert.ok(page.text.includes(`<a class="govuk-link" href="/children/${marisol.id}">${marisol.reference}</a>`), 'a link to the record it is like');
  assert.match(page.text, /Likely the same child as row 3 of this file/);
  assert.match(page.text, /name="importAnyway" type="checkbox" value="2"/);
  assert.match(page.text, /Import 2 children and the ticked rows/);
  const [upload_] = await t.db.query<{ children_shown: string[] }>(
    `SELECT children_shown FROM audit_events WHERE action = 'child.import.upload' ORDER BY id DESC LIMIT 1`,
  );
  assert.ok(upload_?.children_shown.includes(marisol.id), 'the children shown as likely are audited with the upload');

  // Nothing ticked: the likely rows are not imported.
  const done = await coordinator.post(preview, {});
  assert.equal(done.status, 303);
  assert.equal(await count('Quenbie'), 0);
  assert.equal(await count('Farrowdale'), 2, 'Ottoline and her twin Barnaby');
  const result = await coordinator.agent.get(preview);
  assert.match(result.text, /2 likely already recorded \(not ticked\)/);

  // Ticked: imported anyway, the import's audit says which rows.
  const again = await upload(['Marisol,Quenbie,09/05/2012,Stafford', 'Ottilene,Farrowdale,21/11/2011,Stafford']);
  assert.equal((await coordinator.post(again, { importAnyway: '2' })).status, 303);
  assert.equal(await count('Quenbie'), 1, 'the ticked row');
  assert.equal(await count('Farrowdale'), 2, 'the row not ticked stays out');
  const [entry] = await t.db.query<{ details: { importedAnyway: number[]; created: number } }>(
    `SELECT details FROM audit_events WHERE action = 'child.import' ORDER BY id DESC LIMIT 1`,
  );
  assert.deepEqual([entry!.details.importedAnyway, entry!.details.created], [[2], 1]);
});

test('issue 15 item 13, import API: a dry run lists likely rows with ids and references only; importAnyway names the rows to import', async () => {
  const body = Buffer.from('First name,Last name,Date of birth,District\r\nMarisoll,Quenby,09/05/2012,Stafford\r\nIsadora,Pennycott,02/02/2013,Stafford\r\n');
  const post = (query: string) =>
    t.request().post(`/api/v1/children/import${query}`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(body);
  const dry = await post('?dryRun=true');
  assert.equal(dry.status, 200);
  assert.equal(dry.body.counts.likely, 1);
  const row2 = dry.body.rows.find((r: { row: number }) => r.row === 2);
  assert.equal(row2.status, 'likely');
  assert.ok(row2.likelyExisting.some((c: { id: string; reference: string }) => c.id === marisol.id && c.reference === marisol.reference));
  assert.ok(row2.likelyExisting.every((c: object) => Object.keys(c).sort().join() === 'id,reference'));
  assert.equal((await post('?importAnyway=two')).status, 422);
  const made = await post('');
  assert.equal(made.status, 201);
  assert.deepEqual(
    made.body.rows.map((r: { row: number; status: string }) => [r.row, r.status]),
    [
      [2, 'likely'],
      [3, 'created'],
    ],
  );
  assert.equal(await count('Quenby'), 3, 'Marisol, her twin Perpetua and the one two parts of the date apart: the likely row not imported');
});
