import type { Db, Queryable } from '../../../db/client.ts';
import type { Actor } from '../../../platform/actor.ts';
import { audit } from '../../../platform/audit.ts';
import { todayIso } from '../../../platform/dates.ts';
import type { PartnershipConfig } from '../../../partnerships/index.ts';
import {
  checkImport,
  importAnyway,
  importCounts,
  markHeld,
  markLikely,
  type ImportRow,
  type ImportTable,
  type LikelyMatch,
} from '../../../domain/import/children.ts';
import { likelyRecordedIn } from '../lookups.ts';
import { childSchema } from '../schemas.ts';
import type { childService } from '../service.ts';
import { importLimits } from './read-file.ts';
import { importRepository, type ImportResult } from './repository.ts';

type ImportOutcome = { errors: string[]; rows: ImportRow[]; result?: ImportResult };

/**
 * Bulk import of a partnership's children (issue 14): a file's rows checked and previewed, then the good rows
 * created through the children service in one transaction, with one audit entry naming every child created.
 * A row with a problem, a row repeated in the file and a child already held are never written.
 */
export function childImportService(db: Db, children: ReturnType<typeof childService>) {
  const repo = importRepository();

  const rulesOf = (p: PartnershipConfig) => ({
    shortName: p.shortName,
    districts: p.districts,
    genders: p.lists.gender,
    today: todayIso(),
    maxRows: importLimits.maxRows,
  });

  /**
   * The rows checked against the partnership's lists, those already held marked, then those likely already recorded
   * (issue 15 item 13: the "Add a child" form's rule, against the partnership's children and the file's earlier rows), in
   * the caller's transaction.
   */
  async function check(q: Queryable, actor: Actor, p: PartnershipConfig, table: ImportTable): Promise<{ errors: string[]; rows: ImportRow[] }> {
    const checked = checkImport(table, rulesOf(p));
    if (checked.errors.length) return { errors: checked.errors, rows: [] };
    const rows = await held(q, actor, checked.rows);
    const recorded = new Map<number, LikelyMatch[]>();
    for (const r of rows) {
      if (r.status !== 'ready' || !r.child) continue;
      const found = await likelyRecordedIn(q, actor.partnershipId, {
        firstName: r.child.firstName,
        lastName: r.child.lastName,
        dateOfBirth: r.child.dateOfBirth,
      });
      if (found.length)
        recorded.set(
          r.row,
          found.map((c) => ({ id: c.id, reference: c.reference })),
        );
    }
    return { errors: [], rows: markLikely(rows, recorded) };
  }

  /** The children a check showed: those held and those likely the same (each child's audit trail finds the upload). */
  const shownIds = (rows: ImportRow[]) => [
    ...new Set(rows.flatMap((r) => [...(r.heldAs ? [r.heldAs.id] : []), ...(r.likely?.children.map((c) => c.id) ?? [])])),
  ];

  async function held(q: Queryable, actor: Actor, rows: ImportRow[]): Promise<ImportRow[]> {
    const dates = rows.flatMap((r) => (r.status === 'ready' && r.child ? [r.child.dateOfBirth] : []));
    return markHeld(rows, await repo.bornOn(q, actor.partnershipId, dates));
  }

  /** Creates the ready rows (held ones checked again, now, in this transaction) and audits the import. */
  async function importRows(
    q: Queryable,
    actor: Actor,
    p: PartnershipConfig,
    checkedRows: ImportRow[],
    source: string,
  ): Promise<{ rows: ImportRow[]; result: ImportResult }> {
    await repo.lockImports(q, actor.partnershipId);
    const schema = childSchema(p);
    // The same schema as the child form and the API: a row that passes the import's checks is a child the form would accept.
    const rows = (await held(q, actor, checkedRows)).map((r): ImportRow => {
      if (r.status !== 'ready' || !r.child) return r;
      const parsed = schema.safeParse({
        firstName: r.child.firstName,
        lastName: r.child.lastName,
        dateOfBirth: r.child.dateOfBirth,
        districtId: r.child.districtId,
        gender: r.child.gender,
        nhsNumber: r.child.nhsNumber,
        upn: r.child.upn,
      });
      return parsed.success ? r : { ...r, status: 'problem', child: undefined, problems: parsed.error.issues.map((i) => i.message) };
    });
    const ready = rows.filter((r) => r.status === 'ready' && r.child);
    const created = await children.createImported(
      q,
      actor,
      ready.map((r) => ({
        input: schema.parse({
          firstName: r.child!.firstName,
          lastName: r.child!.lastName,
          dateOfBirth: r.child!.dateOfBirth,
          districtId: r.child!.districtId,
          gender: r.child!.gender,
          nhsNumber: r.child!.nhsNumber,
          upn: r.child!.upn,
        }),
        aliases: r.child!.aliases,
        postcode: r.child!.postcode,
      })),
      todayIso(),
    );
    const result: ImportResult = {
      counts: { ...importCounts(rows), created: created.length },
      created: created.map((c, i) => ({ row: ready[i]!.row, id: c.id, reference: c.reference })),
    };
    await audit(q, actor, {
      action: 'child.import',
      subjectType: 'child-import',
      details: { source, ...result.counts, importedAnyway: ready.filter((r) => r.anyway).map((r) => r.row) },
      childrenShown: created.map((c) => c.id),
    });
    return { rows, result };
  }

  return {
    /** Checks an uploaded file and keeps its rows for the preview: the id of the upload, or the file's problems. */
    async upload(actor: Actor, p: PartnershipConfig, table: ImportTable): Promise<{ id?: string; errors: string[] }> {
      return db.tx(async (q) => {
        const { errors, rows } = await check(q, actor, p, table);
        if (errors.length) {
          await audit(q, actor, {
            action: 'child.import.upload',
            outcome: 'failed',
            subjectType: 'child-import',
            details: { source: table.source, reason: 'file refused' },
          });
          return { errors };
        }
        const id = await repo.stage(q, actor.partnershipId, actor.userId, table.source, rows);
        const heldIds = shownIds(rows);
        await audit(q, actor, {
          action: 'child.import.upload',
          subjectType: 'child-import',
          subjectId: id,
          details: { source: table.source, ...importCounts(rows) },
          childrenShown: heldIds.length ? heldIds : undefined,
        });
        return { id, errors: [] };
      });
    },

    /** The user's own upload (its preview, or its result once imported). */
    async find(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const staged = await repo.find(q, actor.partnershipId, actor.userId, id);
        if (!staged) return undefined;
        const createdChildren = staged.result
          ? await repo.children(
              q,
              actor.partnershipId,
              staged.result.created.map((c) => c.id),
            )
          : [];
        return { ...staged, createdChildren };
      });
    },

    /**
     * Imports an upload's good rows, once: a second confirmation finds it imported and changes nothing. Rows likely already
     * recorded are imported only when ticked (`anyway`: their row numbers).
     */
    async confirm(actor: Actor, p: PartnershipConfig, id: string, anyway: ReadonlySet<number> = new Set()): Promise<ImportResult | undefined> {
      return db
        .tx(async (q) => {
          const staged = await repo.find(q, actor.partnershipId, actor.userId, id, true);
          if (!staged) return undefined;
          if (staged.result || !staged.rows) return staged.result ?? undefined;
          const { result } = await importRows(q, actor, p, importAnyway(staged.rows, anyway), staged.source);
          await repo.finish(q, actor.partnershipId, id, result);
          return result;
        })
        .finally(() => children.identitiesSaved());
    },

    /** The API: a file checked and, unless a dry run, its good rows imported, all in one transaction. */
    async importNow(actor: Actor, p: PartnershipConfig, table: ImportTable, dryRun: boolean, anyway: ReadonlySet<number> = new Set()): Promise<ImportOutcome> {
      return db
        .tx(async (q) => {
          const checked = await check(q, actor, p, table);
          const { errors } = checked;
          const rows = importAnyway(checked.rows, anyway);
          if (errors.length) return { errors, rows };
          if (dryRun) {
            const heldIds = shownIds(rows);
            await audit(q, actor, {
              action: 'child.import.upload',
              subjectType: 'child-import',
              details: { source: table.source, dryRun: true, ...importCounts(rows) },
              childrenShown: heldIds.length ? heldIds : undefined,
            });
            return { errors, rows };
          }
          const out = await importRows(q, actor, p, rows, table.source);
          return { errors, ...out };
        })
        .finally(() => children.identitiesSaved());
    },
  };
}
