/**
 * RFC 4180 CSV: every field quoted, quotes doubled, CRLF between records. A field that a spreadsheet
 * would read as a formula (= + - @, tab, carriage return) is prefixed with an apostrophe.
 */
function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
