import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { csvField, tableCsv } from './csv.ts';
import { toXlsx } from './xlsx.ts';
import { toPdf } from './pdf.ts';
import type { ExportDocument } from './document.ts';

const llrMarking = { text: 'SENSITIVE – CONFIDENTIAL', notice: 'This report contains sensitive and personal information and should not be printed.' };
const doc: ExportDocument = {
  title: 'Monthly data set',
  lines: ['Period: 1 February 2026 to 28 February 2026', 'Produced: 2 March 2026 at 9am'],
  marking: llrMarking,
  sections: Array.from({ length: 6 }, (_, i) => ({
    heading: `Section ${i + 1}`,
    paragraphs: ['Counted from the records.'],
    tables: [{ title: `Table ${i + 1}`, columns: ['Authority', 'CSE', 'CCE'], rows: Array.from({ length: 12 }, (_, r) => [`Row ${r}`, r, r * 2]) }],
  })),
};

test('CSV fields that a spreadsheet would run as formulas are made text', () => {
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('+1'), `"'+1"`);
  assert.equal(csvField('-2'), `"'-2"`);
  assert.equal(csvField('@SUM'), `"'@SUM"`);
  assert.equal(csvField(3), '"3"');
});

test('a table CSV starts with the marking and the period', () => {
  const csv = tableCsv(doc.sections[0]!.tables![0]!, llrMarking, doc.lines);
  const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], '"SENSITIVE – CONFIDENTIAL"');
  assert.match(lines[1]!, /should not be printed/);
  assert.ok(lines.includes('"Period: 1 February 2026 to 28 February 2026"'));
  assert.ok(lines.includes('"Authority","CSE","CCE"'));
  assert.ok(lines.includes('"Row 3","3","6"'));
});

test('the XLSX reads back with one sheet per table, the marking first and the numbers as numbers', async () => {
  const buf = await toXlsx(doc, [...doc.sections.map((s) => s.tables![0]!), { title: 'Injection', columns: ['A'], rows: [['=1+1']] }]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  assert.equal(wb.worksheets.length, 7);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.getCell('A1').value, 'SENSITIVE – CONFIDENTIAL');
  assert.match(String(ws.headerFooter.oddHeader), /SENSITIVE – CONFIDENTIAL/);
  const values = Array.from(ws.getSheetValues(), (r) => (Array.isArray(r) ? r.slice(1) : []));
  const header = values.findIndex((r) => r[0] === 'Authority');
  assert.ok(header > 0);
  assert.deepEqual(values[header + 4], ['Row 3', 3, 6]);
  const inj = Array.from(wb.worksheets[6]!.getSheetValues(), (r) => (Array.isArray(r) ? r[1] : undefined));
  assert.ok(inj.includes("'=1+1"));
  assert.ok(!wb.worksheets[6]!.getSheetValues().some((r) => Array.isArray(r) && r.some((c) => typeof c === 'object' && c !== null && 'formula' in c)));
});

test('the PDF reads back with the marking and the notice on every page, and the figures', async () => {
  const buf = await toPdf(doc);
  const parser = new PDFParse({ data: buf });
  const r = await parser.getText();
  await parser.destroy();
  assert.ok(r.pages.length >= 2, 'long enough to need several pages');
  for (const p of r.pages) {
    assert.equal(p.text.split('SENSITIVE – CONFIDENTIAL').length - 1, 2, `marking at the top and bottom of page ${p.num}`);
    assert.match(p.text, /should not be printed/);
    assert.match(p.text, new RegExp(`Page ${p.num} of ${r.pages.length}`));
  }
  assert.match(r.text, /Period: 1 February 2026 to 28 February 2026/);
  assert.match(r.text, /Table 6/);
});
