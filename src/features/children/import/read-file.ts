import { parse } from 'csv-parse/sync';
import { headerField, type ImportTable } from '../../../domain/import/children.ts';

/** The limits of one import: a spreadsheet of a partnership's children fits well within them. */
export const importLimits = { maxBytes: 2 * 1024 * 1024, maxRows: 5000 };

type ReadFailure = { error: string; kind: 'too-large' | 'too-many' | 'wrong-type' | 'unreadable' | 'empty' };
type ReadResult = { table: ImportTable; error?: undefined; kind?: undefined } | ({ table?: undefined } & ReadFailure);

export const wrongType = 'The file must be a CSV file or an Excel workbook (.xlsx)';
export const tooLarge = `The file must be smaller than ${importLimits.maxBytes / 1024 / 1024} MB`;

const isZip = (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOldExcel = (b: Buffer) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));

/**
 * Text of a CSV: UTF-16 with its byte-order mark (Excel's "Unicode Text"), UTF-8 (with or without a byte-order
 * mark), or Windows-1252 as Excel's plain "CSV" saves it; anything else with NUL bytes or control characters is not text.
 */
function csvText(b: Buffer): string | undefined {
  let s: string;
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
    if (b.length % 2) return undefined;
    try {
      s = new TextDecoder(b[0] === 0xff ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(b.subarray(2));
    } catch {
      return undefined;
    }
  } else {
    if (b.includes(0)) return undefined;
    try {
      s = new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      s = new TextDecoder('windows-1252').decode(b);
    }
  }
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s)) return undefined;
  return s;
}

/**
 * The cell separator of a CSV, read from its header row (the first line with more than separators on it: Excel writes
 * an empty top row as ";;;"): a comma, or the semicolon that Excel writes where the
 * decimal mark is a comma, or the tab of a "Unicode Text" or tab-separated file — whichever splits the header into
 * the most column names the import knows (a comma when none does, so the missing columns are named as before).
 */
export function csvDelimiter(text: string): string {
  const header =
    text
      .replace(/^\ufeff/, '')
      .split(/\r\n?|\n/)
      .find((line) => !/^[\s,;\t"]*$/.test(line)) ?? '';
  let best = ',';
  let bestKnown = 0;
  for (const sep of [',', ';', '\t']) {
    const known = header.split(sep).filter((h) => headerField(h.replace(/"/g, '')) !== undefined).length;
    if (known > bestKnown) [best, bestKnown] = [sep, known];
  }
  return best;
}

/**
 * Reads an uploaded file into rows of text cells: a CSV, or the first worksheet of an .xlsx workbook (read by
 * exceljs, loaded when first used). What the file is follows its content (and a name ending in .csv or .xlsx):
 * any other file is refused plainly, and nothing larger than the limit is read.
 */
export async function readImportFile(data: Buffer, fileName?: string, declaredCsv = false, declaredType = ''): Promise<ReadResult> {
  if (data.length > importLimits.maxBytes) return { kind: 'too-large', error: tooLarge };
  if (data.length === 0) return { kind: 'empty', error: 'The file is empty: it must have a header row and a row for each child' };
  const ext = fileName && /\.([a-z0-9]{1,8})$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xls' || isOldExcel(data)) return { kind: 'wrong-type', error: `${wrongType}: save the workbook as .xlsx or CSV and upload it again` };
  if (ext && ext !== 'csv' && ext !== 'xlsx' && ext !== 'txt' && ext !== 'tsv') return { kind: 'wrong-type', error: wrongType };
  if (/^(image|audio|video)\/|^application\/pdf$/i.test(declaredType)) return { kind: 'wrong-type', error: wrongType };
  if (isZip(data)) {
    if (declaredCsv || (ext && ext !== 'xlsx')) return { kind: 'wrong-type', error: wrongType };
    return readXlsx(data);
  }
  if (ext === 'xlsx') return { kind: 'wrong-type', error: `${wrongType}: this file is not a workbook` };
  const text = csvText(data);
  if (text === undefined) return { kind: 'wrong-type', error: wrongType };
  return readCsv(text);
}

function readCsv(text: string): ReadResult {
  let lastLine = 0;
  try {
    // One kind of line ending (files edited in two programs mix them), so that each line counts once.
    const records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      delimiter: csvDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      info: true,
      max_record_size: 64 * 1024,
    }) as unknown as { info: { lines: number }; record: string[] }[];
    const rows = records.map(({ info, record }) => {
      const number = lastLine + 1;
      lastLine = info.lines;
      return { number, cells: record };
    });
    return { table: { source: 'csv', rows } };
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    const where = e.lines ? ` (on or before line ${e.lines})` : '';
    if (e.code === 'CSV_QUOTE_NOT_CLOSED')
      return {
        kind: 'unreadable',
        error: `The file could not be read as CSV: a cell opened with a quotation mark is never closed${where}. Correct it and upload the file again`,
      };
    return { kind: 'unreadable', error: `The file could not be read as CSV${where}. Correct it and upload the file again` };
  }
}

type CellValue = unknown;

/** A workbook cell as text: dates as ISO dates, formulas as their result, rich text as its words. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; formula?: unknown; sharedFormula?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if ('result' in o || 'formula' in o || 'sharedFormula' in o) return cellText(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.text && typeof o.text === 'object') return cellText(o.text);
  }
  return '';
}

async function readXlsx(data: Buffer): Promise<ReadResult> {
  // Loaded when first used: exceljs is 9 MB of heap that every page's garbage collection would mark.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { kind: 'unreadable', error: 'The file could not be read as an Excel workbook: save it again as .xlsx or CSV and upload it' };
  }
  const ws = wb.worksheets.find((w) => w.actualRowCount > 0);
  if (!ws) return { kind: 'empty', error: 'The file is empty: it must have a header row and a row for each child' };
  // The header row and at most maxRows children; a sheet far longer is refused before its cells are read.
  if (ws.actualRowCount > importLimits.maxRows + 1) {
    return {
      kind: 'too-many',
      error: `The file has ${(ws.actualRowCount - 1).toLocaleString('en-GB')} rows of children: import at most ${importLimits.maxRows.toLocaleString('en-GB')} at a time (split the file)`,
    };
  }
  const rows: ImportTable['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, number) => {
    const values = row.values as CellValue[]; // 1-based: values[0] is empty
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    rows.push({ number, cells });
  });
  return { table: { source: 'xlsx', rows } };
}
