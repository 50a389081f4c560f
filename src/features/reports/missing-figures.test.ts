import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import type request from 'supertest';
import { testApp } from '../../test-support/app.ts';
import { fixtures } from './fixtures.ts';

// Issue 15 item 16 (003: "The MACE panels will receive aggregated information about children who go missing from home or
// care in a given area"; DOMAIN §6): the bi-monthly report and the district panel's agenda page.
const t = await testApp();
const coordinator = await t.signIn('coordinator');

const su = (await t.db.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM users WHERE email = 'coordinator@staffordshire.example.org'`))[0]!;
const s = fixtures(t.db, 'staffordshire', su.id, su.agency_id);
const lu = (await t.db.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM users WHERE email = 'coordinator@llr.example.org'`))[0]!;
const l = fixtures(t.db, 'llr', lu.id, lu.agency_id);

// The period: 1 March to 30 April 2022 (before any demo record).
const a = await s.child({ district: 'tamworth' });
const b = await s.child({ district: 'tamworth' });
const c = await s.child({ district: 'tamworth' });
const lichfield = await s.child({ district: 'lichfield' });
const llrChild = await l.child({ district: 'leicester-city' });
await s.missing(a, { went: '2022-02-28', returned: '2022-03-01' }); // a's 1st: the day before the period
await s.missing(a, { went: '2022-03-01', returned: '2022-03-02' }); // a's 2nd: the first day
await s.missing(a, { went: '2022-03-20', returned: '2022-03-21', concern: true }); // a's 3rd: a Missing Intervention Meeting
await s.missing(a, { went: '2022-04-30', returned: null }); // a's 4th: the last day, not back
await s.missing(b, { went: '2022-04-02', returned: '2022-04-02' });
await s.missing(c, { went: '2022-05-01', returned: '2022-05-01' }); // the day after the period
await s.missing(lichfield, { went: '2022-03-10', returned: '2022-03-10' });
await l.missing(llrChild, { went: '2022-03-10', returned: '2022-03-10' });

const period = { from: '2022-03-01', to: '2022-04-30' };
const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();
/** A table's rows as "label: cells" text, from the report page's markup. */
function rows(html: string, caption: string): string[] {
  const table = new RegExp(`<caption[^>]*>${caption}</caption>([\\s\\S]*?)</table>`).exec(html)?.[1];
  assert.ok(table, `the table “${caption}”`);
  return [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim()).join(' | '));
}
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (ch: Buffer) => chunks.push(ch));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

test('003: panels receive aggregated missing-from-home data for their district and period: the first and last day counted, the days either side, another district and another partnership not', async () => {
  const res = await coordinator.agent.get(`/reports/bi-monthly?${qs({ ...period, district: 'tamworth', mode: 'all' })}`);
  assert.equal(res.status, 200);
  assert.match(res.text, /<h2 class="govuk-heading-m" id="section-missing">Children missing from home or care<\/h2>/);
  assert.deepEqual(rows(res.text, 'Children missing from home or care in Tamworth'), [
    'Missing episodes | 4',
    'Children who went missing | 2',
    'Children missing more than once | 1',
    'Children missing 3 or more times | 1',
    'Children not back by 30 April 2022 | 1',
    'Episodes recorded with an exploitation concern | 1',
    'Missing Intervention Meetings due (a child’s 3rd episode) | 1',
    'Missing Intervention Meetings due (a child’s 5th episode) | 0',
    'Missing Intervention Meetings due (a child’s 9th episode) | 0',
  ]);
  assert.deepEqual(rows(res.text, 'Missing episodes by month'), ['March 2022 | 2 | 1', 'April 2022 | 2 | 2']);
  assert.doesNotMatch(res.text, /Children missing by district/, 'a district’s report has no table by district');
  // No child is named or linked from the section.
  const section = /id="section-missing"[\s\S]*?<\/section>/.exec(res.text)![0];
  assert.doesNotMatch(section, /Fixture|RT\d{5}|\/trace\?|\/children\//);
});

test('003: the county’s report counts every district, by district', async () => {
  const res = await coordinator.agent.get(`/reports/bi-monthly?${qs({ ...period, mode: 'all' })}`);
  assert.match(rows(res.text, 'Children missing from home or care')[1]!, /^Children who went missing \| 3$/);
  const byDistrict = rows(res.text, 'Children missing by district');
  assert.ok(byDistrict.includes('Tamworth | 4 | 2 | 1'), byDistrict.join('\n'));
  assert.ok(byDistrict.includes('Lichfield | 1 | 1 | 0'));
  assert.ok(byDistrict.includes('Total | 5 | 3 | 1'));
});

test('003: the missing figures are suppressed with the report for sharing outside the partnership, and exported with it', async () => {
  const res = await coordinator.agent.get(`/reports/bi-monthly?${qs({ ...period, district: 'tamworth', mode: 'suppress' })}`);
  assert.deepEqual(rows(res.text, 'Children missing from home or care in Tamworth').slice(0, 2), [
    'Missing episodes | fewer than 5',
    'Children who went missing | fewer than 5',
  ]);
  const send = (format: string, extra: Record<string, string> = {}) =>
    coordinator.agent
      .post('/reports/bi-monthly/export')
      .type('form')
      .buffer(true)
      .parse(binary)
      .send({ _csrf: coordinator.csrf, ...period, district: 'tamworth', mode: 'all', format, reason: 'meeting', ...extra });
  const csv = (await send('csv', { table: 'missing-summary', mode: 'suppress' })).body.toString('utf8');
  assert.match(csv, /"Missing episodes","fewer than 5"/);
  const x = await send('xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.body as ArrayBuffer);
  assert.ok(wb.worksheets.some((w) => w.name.startsWith('Children missing from home')));
  const parser = new PDFParse({ data: (await send('pdf')).body as Buffer });
  const text = (await parser.getText()).text;
  await parser.destroy();
  assert.match(text, /Children missing from home or care in Tamworth/);
  assert.match(text, /Missing Intervention Meetings due/);
});

test('003: the district panel’s agenda shows its district’s missing figures since the series’ previous meeting; another district’s panel, and a meeting of no district, its own or none', async () => {
  // Tamworth's district panel met on 1 March 2022 and meets again on 1 May 2022: the figures cover 1 March to 30 April.
  const { series, occ: first } = await s.meeting({ district: 'tamworth', at: '2022-03-01T10:00:00Z', type: 'district-mace' });
  const [next] = await t.db.query<{ id: string }>(
    `INSERT INTO meeting_occurrences (partnership_id, series_id, original_starts_at, starts_at, ends_at)
     VALUES ('staffordshire', $1, '2022-05-01T10:00:00Z', '2022-05-01T10:00:00Z', '2022-05-01T11:00:00Z') RETURNING id`,
    [series],
  );
  const page = await coordinator.agent.get(`/meetings/${next!.id}/agenda`);
  assert.equal(page.status, 200);
  assert.match(page.text, /missing episodes that started from 1 March 2022 to 30 April 2022, since the previous meeting of this series/);
  assert.deepEqual(rows(page.text, 'Children missing from home or care in Tamworth').slice(0, 4), [
    'Missing episodes | 4',
    'Children who went missing | 2',
    'Children missing more than once | 1',
    'Children missing 3 or more times | 1',
  ]);
  const section = /id="section-missing"[\s\S]*?<\/section>/.exec(page.text)![0];
  assert.doesNotMatch(section, /Fixture|RT\d{5}|\/children\//, 'counts only');
  // The first meeting of the series: the two months before it (the episode of 28 February counted, the one of 1 March not).
  const earlier = await coordinator.agent.get(`/meetings/${first}/agenda`);
  assert.match(earlier.text, /from 1 January 2022 to 28 February 2022, the two months before this meeting/);
  assert.match(rows(earlier.text, 'Children missing from home or care in Tamworth')[0]!, /^Missing episodes \| 1$/);
  // Lichfield's panel sees Lichfield's child only.
  const { occ: lich } = await s.meeting({ district: 'lichfield', at: '2022-05-01T10:00:00Z', type: 'district-mace' });
  const lp = await coordinator.agent.get(`/meetings/${lich}/agenda`);
  assert.match(rows(lp.text, 'Children missing from home or care in Lichfield')[0]!, /^Missing episodes \| 1$/);
  // A meeting that is not a district panel shows none.
  const { occ: county } = await s.meeting({ at: '2022-05-01T10:00:00Z' });
  assert.doesNotMatch((await coordinator.agent.get(`/meetings/${county}/agenda`)).text, /id="section-missing"/);
  const [audit] = await t.db.query<{ details: { missingFigures?: { from: string; district: string } } }>(
    `SELECT details FROM audit_events WHERE action = 'agenda.view' AND subject_id = $1 ORDER BY id DESC LIMIT 1`,
    [next!.id],
  );
  assert.deepEqual(audit?.details.missingFigures, { from: '2022-03-01', to: '2022-04-30', district: 'tamworth' });
});

test('003: a panel’s period that has not ended yet counts the children not back yet, and says so; an ended one names its last day', async () => {
  const { missingSection } = await import('./missing.ts');
  const { missingFigures } = await import('../../domain/reports/missing.ts');
  const p = t.partnerships.get('staffordshire')!;
  const m = missingFigures(
    [{ childId: 'x', districtId: 'tamworth', wentMissingOn: '2022-04-01', returnedOn: null, exploitationConcern: false, number: 1 }],
    period,
    'tamworth',
  );
  const label = (today: string) => {
    const table = missingSection(m, p, period, 'tamworth', today).tables[0]!;
    assert.equal(table.kind, 'count');
    return (table.kind === 'count' ? table.rows : []).find((r) => /not back/.test(r.label))!;
  };
  assert.equal(label('2022-04-10').label, 'Children not back yet (10 April 2022)');
  assert.equal(label('2022-05-01').label, 'Children not back by 30 April 2022');
  assert.equal(label('2022-05-01').cells[0]!.count, 1);
});
