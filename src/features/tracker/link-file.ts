// The linkage engine on a file (issue 14, "A command-line linkage run"): read the records CSV, encode each
// row as its partnership would (the same encoder as the product), link, and write the candidate pairs.
import { parse } from 'csv-parse/sync';
import { createEncoder, type ChildIdentity } from '../../domain/linkage/encode.ts';
import { linkPrepared, preparedSetBuilder, type Candidate, type LinkStats } from '../../domain/linkage/link.ts';
import type { LinkageModel, Thresholds } from '../../domain/linkage/model.ts';

export const inputColumns = ['ref', 'partnership', 'first_name', 'last_name', 'date_of_birth', 'gender', 'postcode', 'aliases'] as const;
const outputHeader = 'ref_a,ref_b,match_probability,level';

type FileRecord = { ref: string; partnership: string; identity: ChildIdentity };

// several values in one cell (aliases, postcodes over time): separated by | or ;
const split = (s: string | undefined) =>
  (s ?? '')
    .split(/[|;]/)
    .map((x) => x.trim())
    .filter(Boolean);

// Issue 14: the input header names the columns (any order, any case, BOM and CRLF tolerated, extra columns such as nhs_number, upn or postcodes used when present); ref and partnership are required on every row. Each good row is handed to `onRecord` as it is read (a national file's rows are never all held at once)
function forEachRecordCsv(text: string, onRecord: (r: FileRecord) => void, onSkip: (row: number, reason: string) => void): void {
  const refs = new Set<string>();
  let i = 0;
  parse(text, {
    bom: true,
    columns: (header: string[]) =>
      header.map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_'),
      ),
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    relax_quotes: true,
    on_record: (r: Record<string, string>) => {
      const row = i++ + 2;
      const ref = r.ref ?? '';
      const partnership = r.partnership ?? '';
      if (!ref || !partnership) return void onSkip(row, 'ref and partnership are required');
      if (refs.has(ref)) return void onSkip(row, 'ref is repeated');
      refs.add(ref);
      const postcodes = [...split(r.postcode), ...split(r.postcodes), ...split(r.previous_postcodes)];
      onRecord({
        ref,
        partnership,
        identity: {
          firstName: r.first_name || null,
          lastName: r.last_name || null,
          aliases: split(r.aliases),
          dateOfBirth: r.date_of_birth || r.dob || null,
          gender: r.gender || r.sex || null,
          postcodes,
          nhsNumber: r.nhs_number || null,
          upn: r.upn || null,
        },
      });
      return null;
    },
  });
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
  skipped: { row: number; reason: string }[];
  encodeMs: number;
  linkMs: number;
};

// Issue 14: encode every row under the key, fit the model (unless one is given), link and return the pairs
export function linkFile(text: string, opts: { key: Uint8Array | string; thresholds?: Partial<Thresholds>; model?: LinkageModel }): LinkFileResult {
  const t0 = performance.now();
  const encoder = createEncoder(opts.key);
  // each row is encoded (as its partnership would) as it is read, and only its prepared form kept
  const builder = preparedSetBuilder();
  const skipped: { row: number; reason: string }[] = [];
  forEachRecordCsv(
    text,
    (r) => builder.push(r.ref, r.partnership, encoder.encode(r.identity)),
    (row, reason) => skipped.push({ row, reason }),
  );
  const set = builder.done();
  const t1 = performance.now();
  const { candidates, model, stats } = linkPrepared(set, { thresholds: opts.thresholds, model: opts.model });
  const t2 = performance.now();
  return { csv: pairsCsv(candidates), candidates, model, stats, skipped, encodeMs: t1 - t0, linkMs: t2 - t1 };
}
