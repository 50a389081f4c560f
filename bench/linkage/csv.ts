/** CSV writing and reading for the linkage bench (RFC 4180: fields quoted when they need it). */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';

/** A field quoted when it holds a comma, quote, line break or leading/trailing space (so the space survives). */
function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

export function writeCsv(file: string, header: readonly string[], rows: Iterable<readonly string[]>): void {
  const out: string[] = [csvLine(header)];
  for (const row of rows) out.push(csvLine(row));
  fs.writeFileSync(file, `${out.join('\n')}\n`);
}

/** Rows as objects keyed by the header; throws when a required column is missing. */
export function readCsv(file: string, required: readonly string[] = []): Record<string, string>[] {
  const text = fs.readFileSync(file, 'utf8');
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: false, bom: true, relax_column_count: false }) as Record<string, string>[];
  if (rows.length) {
    const missing = required.filter((c) => !(c in rows[0]!));
    if (missing.length) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  } else {
    const header = text.split(/\r?\n/, 1)[0] ?? '';
    const cols = header.split(',').map((c) => c.trim());
    const missing = required.filter((c) => !cols.includes(c));
    if (missing.length) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  }
  return rows;
}
