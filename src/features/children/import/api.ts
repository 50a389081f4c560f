import type { Request, Response } from 'express';
import type { AppDeps } from '../../../services.ts';
import type { RouteSpec } from '../../../platform/http.ts';
import { actorOf, partnershipOf } from '../../../platform/http.ts';
import { problem } from '../../../platform/problems.ts';
import { importCounts, type ImportRow } from '../../../domain/import/children.ts';
import { importLimits, readImportFile, tooLarge, wrongType } from './read-file.ts';
import type { ImportResult } from './repository.ts';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A request body of at most max bytes, or 'too-large' (the rest is drained, never kept). */
function rawBody(req: Request, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
      } else chunks.push(d);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A row as the API answers it: its number, status and problems, and the child it is or became. */
function importRowJson(r: ImportRow, created?: Map<number, { id: string; reference: string }>) {
  const made = created?.get(r.row);
  return {
    row: r.row,
    status: made ? 'created' : r.status,
    problems: r.problems,
    ...(r.sameAsRow ? { sameAsRow: r.sameAsRow } : {}),
    ...(r.heldAs ? { childId: r.heldAs.id, reference: r.heldAs.reference } : {}),
    // Issue 15 item 13: the children it is likely to be (ids and references only) and the earlier rows it is likely to repeat.
    ...(r.likely ? { likelyExisting: r.likely.children, likeRows: r.likely.rows } : {}),
    ...(r.anyway ? { importedAnyway: true } : {}),
    ...(made ? { childId: made.id, reference: made.reference } : {}),
  };
}

/** POST /api/v1/children/import: a CSV body (or an .xlsx workbook), the same checks as the page, all of it in one transaction. */
export function childImportApi({ services }: AppDeps): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/api/v1/children/import',
      access: 'child:import',
      audit: 'child.import',
      api: true,
      handler: async (req: Request, res: Response) => {
        const workbook = Boolean(req.is(xlsxType));
        if (!workbook && !req.is(['text/csv', 'text/plain', 'application/csv'])) {
          req.resume();
          return problem(res, 415, 'Unsupported media type', `${wrongType}: send it as the body with Content-Type: text/csv (or ${xlsxType})`);
        }
        const dryRunIn = req.query.dryRun;
        if (dryRunIn !== undefined && dryRunIn !== 'true' && dryRunIn !== 'false') {
          req.resume();
          return problem(res, 422, 'Invalid request', undefined, [{ field: 'dryRun', message: 'dryRun must be true or false' }]);
        }
        // Issue 15 item 13: rows likely already recorded are imported only when named here (their row numbers, comma separated).
        const anywayIn = req.query.importAnyway;
        const anywayRows = typeof anywayIn === 'string' && anywayIn ? anywayIn.split(',').map((v) => Number(v.trim())) : [];
        if ((anywayIn !== undefined && typeof anywayIn !== 'string') || anywayRows.some((n) => !Number.isInteger(n) || n < 1)) {
          req.resume();
          return problem(res, 422, 'Invalid request', undefined, [
            { field: 'importAnyway', message: 'importAnyway must be the row numbers to import although likely already recorded, like 4,7' },
          ]);
        }
        const body = await rawBody(req, importLimits.maxBytes);
        if (body === 'too-large') return problem(res, 413, 'Request too large', tooLarge);
        const read = workbook ? await readImportFile(body, 'upload.xlsx') : await readImportFile(body, undefined, true);
        if (read.error !== undefined) {
          const status = read.kind === 'too-large' ? 413 : read.kind === 'wrong-type' ? 415 : 422;
          return problem(res, status, status === 422 ? 'The file could not be imported' : 'Unsupported file', read.error);
        }
        const dryRun = dryRunIn === 'true';
        const out = await services.childImport.importNow(actorOf(req), partnershipOf(req), read.table, dryRun, new Set(anywayRows));
        if (out.errors.length)
          return problem(
            res,
            422,
            'The file could not be imported',
            out.errors.join('. '),
            out.errors.map((message) => ({ field: 'file', message })),
          );
        const result: ImportResult | undefined = out.result;
        const created = new Map(result?.created.map((c) => [c.row, { id: c.id, reference: c.reference }]) ?? []);
        const counts = result?.counts ?? { ...importCounts(out.rows), created: 0 };
        res.status(counts.created > 0 ? 201 : 200).json({ dryRun, counts, rows: out.rows.map((r) => importRowJson(r, created)) });
      },
    },
  ];
}
