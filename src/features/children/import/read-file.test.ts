import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { readImportFile, importLimits, cellText } from './read-file.ts';

test('a CSV: UTF-8 with a byte-order mark, rows numbered as a spreadsheet shows them (a cell with a line break is one row)', async () => {
  const out = await readImportFile(Buffer.from('\ufeffFirst name,Last name\r\nAmy,"Tester, Jr"\r\n\r\n"Multi\r\nline",B\r\nCal,D\r\n'), 'children.csv');
  assert.deepEqual(out.table, {
    source: 'csv',
    rows: [
      { number: 1, cells: ['First name', 'Last name'] },
      { number: 2, cells: ['Amy', 'Tester, Jr'] },
      { number: 3, cells: [''] },
      { number: 4, cells: ['Multi\nline', 'B'] },
      { number: 6, cells: ['Cal', 'D'] },
    ],
  });
});

test('a CSV saved by Excel as Windows-1252 keeps its accents', async () => {
  const out = await readImportFile(Buffer.from([0x5a, 0x6f, 0xeb, 0x2c, 0x42, 0x0a]), 'old.csv');
  assert.deepEqual(out.table!.rows[0]!.cells, ['Zoë', 'B']);
});

test('a CSV separated by semicolons (Excel where the decimal mark is a comma) is read by its header; a comma inside a cell stays in it', async () => {
  const out = await readImportFile(Buffer.from('First name;Last name;Date of birth;District\r\nAmy;Tester, Jr;02/01/2012;Stafford\r\n'), 'children.csv');
  assert.deepEqual(out.table!.rows, [
    { number: 1, cells: ['First name', 'Last name', 'Date of birth', 'District'] },
    { number: 2, cells: ['Amy', 'Tester, Jr', '02/01/2012', 'Stafford'] },
  ]);
});

test('Excel\'s "Unicode Text": UTF-16 with its byte-order mark, separated by tabs, little- or big-endian', async () => {
  const text = 'First name\tLast name\tDate of birth\tDistrict\r\nZoë\tÓ Briain\t2012-01-02\tStafford\r\n';
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.from(le);
  be.swap16();
  for (const [b, name] of [
    [le, 'children.txt'],
    [be, 'children.csv'],
  ] as const) {
    const out = await readImportFile(b, name);
    assert.deepEqual(out.table!.rows[1]!.cells, ['Zoë', 'Ó Briain', '2012-01-02', 'Stafford'], name);
  }
  // a UTF-16 file cut mid-character, or binary behind the mark, is still not text
  assert.equal((await readImportFile(le.subarray(0, le.length - 1), 'cut.csv')).kind, 'wrong-type');
  assert.equal((await readImportFile(Buffer.from([0xff, 0xfe, 0x01, 0x00, 0x02, 0x00]), 'bin.csv')).kind, 'wrong-type');
});

test('an empty top row written as separators alone (;;;) does not hide the semicolons of the header below it', async () => {
  const out = await readImportFile(Buffer.from(';;;\r\nFirst name;Last name;Date of birth;District\r\nAmy;Tester;02/01/2012;Stafford\r\n'), 'children.csv');
  assert.deepEqual(out.table!.rows[2]!.cells, ['Amy', 'Tester', '02/01/2012', 'Stafford']);
});

test('a header no separator makes known stays comma-separated, so the missing columns are named', async () => {
  const out = await readImportFile(Buffer.from('Name;Born\nAmy, B;2012\n'), 'x.csv');
  assert.deepEqual(out.table!.rows[0]!.cells, ['Name;Born']);
});

test('an unclosed quotation mark is named and nothing is read', async () => {
  const out = await readImportFile(Buffer.from('a,b\n"Amy,B\nC,D\n'), 'x.csv');
  assert.equal(out.kind, 'unreadable');
  assert.match(out.error!, /never closed/);
});

test('an .xlsx: the first sheet with anything on it; dates, numbers, formulas and rich text as text', async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Empty');
  const ws = wb.addWorksheet('Children');
  ws.addRow(['First name', 'Last name', 'Date of birth', 'District']);
  ws.addRow(['Amy', { richText: [{ text: 'Tes' }, { text: 'ter' }] }, new Date(Date.UTC(2012, 0, 2)), 'Stafford']);
  ws.addRow([]);
  ws.addRow(['Ben', { formula: 'UPPER("b")', result: 'B' }, 40629, 7]);
  const out = await readImportFile(Buffer.from(await wb.xlsx.writeBuffer()), 'Children.XLSX');
  assert.equal(out.table!.source, 'xlsx');
  assert.deepEqual(out.table!.rows, [
    { number: 1, cells: ['First name', 'Last name', 'Date of birth', 'District'] },
    { number: 2, cells: ['Amy', 'Tester', '2012-01-02', 'Stafford'] },
    { number: 4, cells: ['Ben', 'B', '40629', '7'] },
  ]);
  assert.equal(cellText({ text: 'link', hyperlink: 'https://example.org' }), 'link');
  assert.equal(cellText({ error: '#N/A' }), '');
});

test('other files are refused plainly: images, PDFs, old .xls, a zip that is not a workbook, a workbook named .csv', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  assert.equal((await readImportFile(png, 'photo.png')).kind, 'wrong-type');
  assert.equal((await readImportFile(png, 'photo.csv')).kind, 'wrong-type');
  assert.equal((await readImportFile(Buffer.from('%PDF-1.7\n'), 'file.pdf')).kind, 'wrong-type');
  const xls = await readImportFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls');
  assert.match(xls.error!, /save the workbook as .xlsx or CSV/);
  const zip = Buffer.from('PK\u0003\u0004 not really a workbook');
  assert.equal((await readImportFile(zip, 'a.xlsx')).kind, 'unreadable');
  assert.equal((await readImportFile(zip, 'a.csv')).kind, 'wrong-type');
  assert.equal((await readImportFile(zip, undefined, true)).kind, 'wrong-type');
  assert.equal((await readImportFile(Buffer.from('a,b\n'), 'a.xlsx')).kind, 'wrong-type');
});

test('a file over the limit is refused before it is read; an empty one is named', async () => {
  const big = await readImportFile(Buffer.alloc(importLimits.maxBytes + 1, 0x61), 'big.csv');
  assert.deepEqual(big, { kind: 'too-large', error: 'The file must be smaller than 2 MB' });
  assert.equal((await readImportFile(Buffer.alloc(0), 'empty.csv')).kind, 'empty');
});
