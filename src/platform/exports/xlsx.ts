import type { ExportDocument, ExportTable } from './document.ts';

/** Formula-like text is stored as text, never as a formula: exceljs writes strings as shared strings, and a leading = + - @ gets an apostrophe as in CSV. */
const safe = (v: string | number) => (typeof v === 'number' ? v : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** A workbook with one sheet per table, each sheet starting with the marking and what the export covers; marking in every printed header and footer. */
export async function toXlsx(doc: ExportDocument, tables: ExportTable[]): Promise<Buffer> {
  // Loaded when first used: exceljs is 9 MB of heap that every page's garbage collection would mark.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MACE';
  wb.title = doc.title;
  const used = new Set<string>();
  tables.forEach((t, i) => {
    let name =
      t.title
        .replace(/[\\/?*[\]:]/g, ' ')
        .slice(0, 28)
        .trim() || `Table ${i + 1}`;
    while (used.has(name)) name = `${name.slice(0, 25)} ${i + 1}`;
    used.add(name);
    const ws = wb.addWorksheet(name);
    const header = `&C${doc.marking.text.replace(/&/g, '&&')}`;
    ws.headerFooter.oddHeader = header;
    ws.headerFooter.oddFooter = `${header}&R&P of &N`;
    ws.addRow([doc.marking.text]).font = { bold: true };
    if (doc.marking.notice) ws.addRow([doc.marking.notice]);
    ws.addRow([doc.title]).font = { bold: true };
    ws.addRow([t.title]).font = { bold: true };
    for (const l of doc.lines) ws.addRow([l]);
    ws.addRow([]);
    ws.addRow(t.columns).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map(safe));
    ws.columns.forEach((c, ci) => {
      c.width = Math.min(60, Math.max(12, ...[t.columns[ci] ?? '', ...t.rows.map((r) => String(r[ci] ?? ''))].map((s) => s.length + 2)));
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
