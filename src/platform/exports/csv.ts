import type { ExportTable, Marking } from './document.ts';

/**
 * RFC 4180 CSV: every field quoted, quotes doubled, CRLF between records. A field that a spreadsheet
 * would read as a formula (= + - @, tab, carriage return) is prefixed with an apostrophe.
 */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One table as CSV, its first lines carrying the protective marking and what it covers (a UTF-8 BOM for spreadsheets). */
export function tableCsv(table: ExportTable, marking: Marking, lines: string[]): string {
  const preface = [[marking.text], ...(marking.notice ? [[marking.notice]] : []), [table.title], ...lines.map((l) => [l]), []];
  return '\uFEFF' + preface.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n' + toCsv(table.columns, table.rows);
}
