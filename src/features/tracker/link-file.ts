// The linkage engine on a file (issue 14, "A command-line linkage run"): read the records CSV, encode each
// row as its partnership would (the same encoder as the product), link, and write the candidate pairs.
import { createEncoder, type ChildIdentity } from '../../domain/linkage/encode.ts';
import { linkPrepared, preparedSetBuilder, type Candidate, type LinkStats } from '../../domain/linkage/link.ts';
import type { LinkageModel, Thresholds } from '../../domain/linkage/model.ts';
import { normaliseDate, normaliseGender } from '../../domain/linkage/normalise.ts';

export const inputColumns = ['ref', 'partnership', 'first_name', 'last_name', 'date_of_birth', 'gender', 'postcode', 'aliases'] as const;
const outputHeader = 'ref_a,ref_b,match_probability,level';

type FileRecord = { ref: string; partnership: string; identity: ChildIdentity };

// several values in one cell (aliases, postcodes over time): separated by | or ;
const split = (s: string | undefined) =>
  (s ?? '')
    .split(/[|;]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** a header's name for a column, as systems spell it, to the documented column (forename → first_name, dob → date_of_birth) */
const headerAliases: Record<string, string> = {
  id: 'ref',
  reference: 'ref',
  record_ref: 'ref',
  forename: 'first_name',
  forenames: 'first_name',
  given_name: 'first_name',
  given_names: 'first_name',
  firstname: 'first_name',
  surname: 'last_name',
  family_name: 'last_name',
  lastname: 'last_name',
  dob: 'date_of_birth',
  birth_date: 'date_of_birth',
  date_of_birth_dd_mm_yyyy: 'date_of_birth',
  sex: 'gender',
  post_code: 'postcode',
  alias: 'aliases',
  known_as: 'aliases',
  nhs_no: 'nhs_number',
};
const headerName = (h: string) => {
  const k = h
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return headerAliases[k] ?? k;
};

/** The longest a quoted field may run on over line ends before its opening quote is taken as a stray one (a quote never closed would otherwise swallow the rest of the file). */
const maxQuotedLines = 20;

type RawRow = { line: number; fields: string[] } | { line: number; error: string };

// Issue 14 ("A command-line linkage run"): records as the CSV's rows, RFC 4180 and forgiving: a quote inside a field is kept as a letter, a doubled quote in a quoted field is one quote, a quoted field may hold the separator, and line ends only in a column `multiLine` allows (an extra column such as notes: no identifying field holds one); a quote not closed on its line there (or within 20 lines elsewhere) makes that one row unreadable, and reading goes on at the next line. Each row carries the line it starts on
function* csvRows(text: string, sep: string, multiLine: (column: number) => boolean): Generator<RawRow> {
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let broken = false;
    for (;;) {
      // one field, from i
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t') && text[j] !== sep) j++;
      if (j < n && text[j] === '"') {
        // quoted: up to the closing quote
        let k = j + 1;
        let lines = 0;
        let closed = false;
        field = '';
        while (k < n) {
          const c = text[k]!;
          if (c === '"') {
            if (text[k + 1] === '"') {
              field += '"';
              k += 2;
              continue;
            }
            closed = true;
            k++;
            break;
          }
          if (c === '\n' && (!multiLine(fields.length) || ++lines > maxQuotedLines)) break;
          field += c;
          k++;
        }
        // a field that ran over a line end and whose closing quote is not followed by the separator or the line's end was a stray quote, closed by the next row's
        if (!closed || (lines > 0 && k < n && text[k] !== sep && text[k] !== '\n' && text[k] !== '\r')) {
          broken = true;
          break;
        }
        line += lines;
        // anything after the closing quote up to the separator is kept (a stray quote: "Jo"hn)
        while (k < n && text[k] !== sep && text[k] !== '\n' && text[k] !== '\r') field += text[k++];
        i = k;
      } else {
        let k = i;
        while (k < n && text[k] !== sep && text[k] !== '\n' && text[k] !== '\r') k++;
        field = text.slice(i, k);
        i = k;
      }
      fields.push(field.trim());
      if (i < n && text[i] === sep) {
        i++;
        continue;
      }
      // end of the row
      if (i < n && text[i] === '\r') i++;
      if (i < n && text[i] === '\n') i++;
      line++;
      break;
    }
    if (broken) {
      // the row is unreadable: skip to the line after the one it started on
      const nl = text.indexOf('\n', start);
      i = nl < 0 ? n : nl + 1;
      line = startLine + 1;
      yield { line: startLine, error: 'a quote is never closed' };
      continue;
    }
    if (fields.every((f) => f === '')) continue;
    yield { line: startLine, fields };
  }
}

/** The header's separator: a comma, else a semicolon, tab or bar when that one names the ref and partnership columns (spreadsheets saved in some locales use ;) */
function separatorOf(headerLine: string): string {
  for (const sep of [',', ';', '\t', '|']) {
    const names = headerLine.split(sep).map((h) => headerName(h.replace(/"/g, '')));
    if (names.includes('ref') && names.includes('partnership')) return sep;
  }
  return ',';
}

/** Longest a name, alias or other cell is read as (anything longer is not a name: a pasted note); keeps a row's encoding cost bounded. */
const maxCell = 200;
const cell = (s: string | undefined) => (s ? (s.length > maxCell ? s.slice(0, maxCell) : s) : '');

// Issue 14 ("A command-line linkage run"): a records file's bytes as text: UTF-8 (with or without a BOM), UTF-16 with its BOM, and anything that is not valid UTF-8 read as Windows-1252 (spreadsheets saved on Windows: Zoë as one byte)
export function decodeRecordsFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export type RowNote = { row: number; reason: string };

// Issue 14: the input header names the columns (any order, any case or spacing, common other names such as forename, surname, dob, sex; BOM, CRLF, a ; or tab separator tolerated; extra columns such as nhs_number, upn or postcodes used when present); ref and partnership are required on every row. Each good row is handed to `onRecord` as it is read (a national file's rows are never all held at once). Rows are numbered by the line they start on (the header is line 1); a reason never holds a value from the row
function forEachRecordCsv(text: string, onRecord: (r: FileRecord, row: number) => void, onSkip: (row: number, reason: string) => void): void {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstLineEnd = text.search(/\r?\n|$/);
  const sep = separatorOf(text.slice(0, firstLineEnd));
  const refs = new Set<string>();
  let columns: string[] | null = null;
  const identifying = new Set<string>([...inputColumns, 'postcodes', 'previous_postcodes', 'nhs_number', 'upn']);
  const multiLine = (c: number) => columns !== null && c < columns.length && !identifying.has(columns[c]!);
  for (const raw of csvRows(text, sep, multiLine)) {
    if ('error' in raw) {
      onSkip(raw.line, raw.error);
      continue;
    }
    if (!columns) {
      columns = raw.fields.map(headerName);
      if (!columns.includes('ref') || !columns.includes('partnership')) throw new Error('The header must name the ref and partnership columns');
      continue;
    }
    const r: Record<string, string> = {};
    for (let c = 0; c < columns.length && c < raw.fields.length; c++) if (!(columns[c]! in r) || !r[columns[c]!]) r[columns[c]!] = raw.fields[c]!;
    const row = raw.line;
    const ref = r.ref ?? '';
    const partnership = r.partnership ?? '';
    if (!ref || !partnership) {
      onSkip(row, 'ref and partnership are required');
      continue;
    }
    if (refs.has(ref)) {
      onSkip(row, 'ref is repeated');
      continue;
    }
    refs.add(ref);
    const postcodes = [...split(cell(r.postcode)), ...split(cell(r.postcodes)), ...split(cell(r.previous_postcodes))];
    onRecord(
      {
        ref,
        partnership,
        identity: {
          firstName: cell(r.first_name) || null,
          lastName: cell(r.last_name) || null,
          aliases: split(cell(r.aliases)),
          dateOfBirth: cell(r.date_of_birth) || null,
          gender: cell(r.gender) || null,
          postcodes,
          nhsNumber: cell(r.nhs_number) || null,
          upn: cell(r.upn) || null,
        },
      },
      row,
    );
  }
  if (!columns) throw new Error('The file has no header row');
}

export function readRecordsCsv(text: string): { records: FileRecord[]; skipped: { row: number; reason: string }[] } {
  const records: FileRecord[] = [];
  const skipped: { row: number; reason: string }[] = [];
  forEachRecordCsv(
    text,
    (r) => records.push(r),
    (row, reason) => skipped.push({ row, reason }),
  );
  return { records, skipped };
}

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function pairsCsv(candidates: readonly Candidate[]): string {
  const lines = [outputHeader];
  for (const c of candidates) lines.push(`${csvCell(c.a)},${csvCell(c.b)},${c.probability.toFixed(6)},${c.level}`);
  return lines.join('\n') + '\n';
}

type LinkFileResult = {
  csv: string;
  candidates: Candidate[];
  model: LinkageModel;
  stats: LinkStats;
  skipped: RowNote[];
  /** rows read with a value that could not be read (and counted as missing): a date of birth, a gender */
  warnings: RowNote[];
  encodeMs: number;
  linkMs: number;
};

/** what systems write for "not recorded" (not worth a warning) */
const placeholder = /^(unknown|not known|not stated|not specified|n\/?a|n\/?k|null|none|tbc|u|x|0|9|-+|\?+)$/i;

// Issue 14 ("A command-line linkage run"): a value the row holds that normalisation cannot read is counted as missing, and noted by row (never by value)
function unreadable(identity: ChildIdentity): string | null {
  const dob = identity.dateOfBirth;
  if (dob && !placeholder.test(dob) && !normaliseDate(dob)) return 'date of birth not read (counted as missing)';
  const g = identity.gender;
  if (g && !placeholder.test(g) && normaliseGender(g) === null) return 'gender not read (counted as missing)';
  return null;
}

// Issue 14: encode every row under the key, fit the model (unless one is given), link and return the pairs; a row that cannot be encoded is skipped and noted, never the run
export function linkFile(
  input: string | Uint8Array,
  opts: { key: Uint8Array | string; thresholds?: Partial<Thresholds>; model?: LinkageModel },
): LinkFileResult {
  const t0 = performance.now();
  const text = typeof input === 'string' ? input : decodeRecordsFile(input);
  const encoder = createEncoder(opts.key);
  // each row is encoded (as its partnership would) as it is read, and only its prepared form kept
  const builder = preparedSetBuilder();
  const skipped: RowNote[] = [];
  const warnings: RowNote[] = [];
  forEachRecordCsv(
    text,
    (r, row) => {
      let encoded;
      try {
        encoded = encoder.encode(r.identity);
      } catch {
        skipped.push({ row, reason: 'could not be encoded' });
        return;
      }
      builder.push(r.ref, r.partnership, encoded);
      const w = unreadable(r.identity);
      if (w) warnings.push({ row, reason: w });
    },
    (row, reason) => skipped.push({ row, reason }),
  );
  const set = builder.done();
  const t1 = performance.now();
  const { candidates, model, stats } = linkPrepared(set, { thresholds: opts.thresholds, model: opts.model });
  const t2 = performance.now();
  return { csv: pairsCsv(candidates), candidates, model, stats, skipped, warnings, encodeMs: t1 - t0, linkMs: t2 - t1 };
}
