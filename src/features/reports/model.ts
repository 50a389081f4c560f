import type { Period } from '../../domain/reports/period.ts';
import type { ReportKind } from '../../domain/reports/kinds.ts';
import { RISK_LEVELS_HIGHEST_FIRST, RISK_TYPES, isRiskType, riskLevelReportNames, riskTypeNames } from '../../domain/risk/levels.ts';

/** A count and the records behind it (ids), so that every figure traces to records. */
type Cell = { count: number; ids: string[] };
/** What the ids of a table's cells are: children, actions, intelligence records, other records. */
type Subject = 'child' | 'action' | 'record' | 'other';

export type CountTable = {
  kind: 'count';
  id: string;
  title: string;
  subject: Subject;
  rowHeader: string;
  columns: string[];
  rows: { label: string; cells: Cell[] }[];
  /** A bar chart of the last column (the total) beside the table. */
  chart?: boolean;
  /** Whether the last row / last column are totals of the others (complementary suppression needs to know). */
  totals?: { row: boolean; column: boolean };
};
export type ListTable = {
  kind: 'list';
  id: string;
  title: string;
  subject: Subject;
  columns: string[];
  rows: { id?: string; cells: string[] }[];
};
export type Table = CountTable | ListTable;

export type Section = {
  id: string;
  title: string;
  /** How the figures are counted, in words (the rule behind them). */
  rule: string;
  /** Figures from police intelligence and investigations: shown to police-agency users and roles with intel:read only. */
  policeOnly?: boolean;
  tables: Table[];
};

export type { ReportKind };
export type Report = {
  kind: ReportKind;
  title: string;
  period: Period;
  produced: Date;
  district: { id: string; name: string } | null;
  sections: Section[];
  /**
   * Issue 15 item 21: the good practice and gaps the coordinator wrote for the period (003), null when not yet written;
   * undefined for a report that has none (only the bi-monthly report has).
   */
  commentary?: Commentary | null;
};

/** Issue 15 item 21: what the coordinator writes for a report's period, saved with the report (versioned). */
export type Commentary = { goodPractice: string; gaps: string; version: number; updatedAt: Date; updatedByName: string | null };
/** The id the good practice and gaps go by among the report's tables (a CSV of them, a sheet of the XLSX). */
export const COMMENTARY_TABLE = 'good-practice-gaps';
export const commentaryTitle = 'Good practice and gaps in service or training';

export type Key = { key: string; label: string };

/**
 * Counts records into rows × columns, with a total column (distinct records in the row) and a total row.
 * rowOf/colOf return the key of a record (undefined: not counted in that dimension).
 */
export function crossTab<T>(
  o: { id: string; title: string; subject: Subject; rowHeader: string; rows: Key[]; columns: Key[]; chart?: boolean; totalRow?: boolean },
  records: T[],
  idOf: (r: T) => string,
  rowOf: (r: T) => string | undefined,
  colOf: (r: T) => string | undefined,
): CountTable {
  const single = o.columns.length === 1;
  const rows = o.rows.map((rk) => {
    const inRow = records.filter((r) => rowOf(r) === rk.key);
    const cells = o.columns.map((ck) =>
      cellOf(
        inRow.filter((r) => colOf(r) === ck.key),
        idOf,
      ),
    );
    if (!single)
      cells.push(
        cellOf(
          inRow.filter((r) => o.columns.some((ck) => colOf(r) === ck.key)),
          idOf,
        ),
      );
    return { label: rk.label, cells };
  });
  if (o.totalRow !== false && o.rows.length > 1) {
    const all = records.filter((r) => o.rows.some((rk) => rowOf(r) === rk.key));
    const cells = o.columns.map((ck) =>
      cellOf(
        all.filter((r) => colOf(r) === ck.key),
        idOf,
      ),
    );
    if (!single)
      cells.push(
        cellOf(
          all.filter((r) => o.columns.some((ck) => colOf(r) === ck.key)),
          idOf,
        ),
      );
    rows.push({ label: 'Total', cells });
  }
  return {
    kind: 'count',
    id: o.id,
    title: o.title,
    subject: o.subject,
    rowHeader: o.rowHeader,
    columns: [...o.columns.map((c) => c.label), ...(single ? [] : ['Total'])],
    rows,
    chart: o.chart,
    totals: { row: o.totalRow !== false && o.rows.length > 1, column: !single },
  };
}

/** A count table from counts made in the database (GroupRow: row_key, col_key, n and the ids when traced). */
export function groupTable(
  o: {
    id: string;
    title: string;
    subject: Subject;
    rowHeader: string;
    rows: Key[];
    columns: Key[];
    chart?: boolean;
    totalRow?: boolean;
    totalColumn?: boolean;
  },
  groups: { row_key: string; col_key: string; n: number; ids: string | null }[],
): CountTable {
  const cell = (gs: typeof groups): Cell => {
    const ids = [...new Set(gs.flatMap((g) => (g.ids ? g.ids.split(',') : [])))];
    return { count: ids.length || gs.reduce((a, g) => a + g.n, 0), ids };
  };
  const inCols = (g: (typeof groups)[number]) => o.columns.some((c) => c.key === g.col_key);
  const withTotal = o.totalColumn !== false && o.columns.length > 1;
  const rowOf = (gs: typeof groups) => [...o.columns.map((c) => cell(gs.filter((g) => g.col_key === c.key))), ...(withTotal ? [cell(gs.filter(inCols))] : [])];
  const rows = o.rows.map((r) => ({ label: r.label, cells: rowOf(groups.filter((g) => g.row_key === r.key)) }));
  if (o.totalRow !== false && o.rows.length > 1) rows.push({ label: 'Total', cells: rowOf(groups.filter((g) => o.rows.some((r) => r.key === g.row_key))) });
  return {
    kind: 'count',
    id: o.id,
    title: o.title,
    subject: o.subject,
    rowHeader: o.rowHeader,
    columns: [...o.columns.map((c) => c.label), ...(withTotal ? ['Total'] : [])],
    rows,
    chart: o.chart,
    totals: { row: o.totalRow !== false && o.rows.length > 1, column: withTotal },
  };
}

/** Pairs of (record, child) from rows carrying comma-separated child ids. */
export function pairs<T extends { child_ids: string }>(rows: T[]): (T & { child_id: string })[] {
  return rows.flatMap((r) => r.child_ids.split(',').map((child_id) => ({ ...r, child_id })));
}

/** A one-column count table: rows × "Number". */
export function countTable<T>(
  o: { id: string; title: string; subject: Subject; rowHeader: string; rows: Key[]; column?: string; chart?: boolean; totalRow?: boolean },
  records: T[],
  idOf: (r: T) => string,
  rowOf: (r: T) => string | undefined,
): CountTable {
  return crossTab({ ...o, columns: [{ key: '*', label: o.column ?? 'Number' }] }, records, idOf, rowOf, () => '*');
}

function cellOf<T>(records: T[], idOf: (r: T) => string): Cell {
  const ids = [...new Set(records.map(idOf))];
  return { count: ids.length, ids };
}

/** Keys from the distinct values of records, most frequent first (for themes, locations, establishments). */
export function keysByFrequency<T>(
  records: T[],
  keyOf: (r: T) => string | undefined,
  labelOf: (key: string) => string,
  idOf: (r: T) => string,
  limit = 20,
): Key[] {
  const m = new Map<string, Set<string>>();
  for (const r of records) {
    const k = keyOf(r);
    if (k === undefined) continue;
    if (!m.has(k)) m.set(k, new Set());
    m.get(k)!.add(idOf(r));
  }
  return [...m.entries()]
    .sort((a, b) => b[1].size - a[1].size || labelOf(a[0]).localeCompare(labelOf(b[0])))
    .slice(0, limit)
    .map(([k]) => ({ key: k, label: labelOf(k) }));
}

export const levelKeys: Key[] = RISK_LEVELS_HIGHEST_FIRST.map((l) => ({ key: l, label: riskLevelReportNames[l] }));
export const typeKeys: Key[] = [...RISK_TYPES.map((t) => ({ key: t, label: riskTypeNames[t] })), { key: 'Other', label: 'Other or not recorded' }];
export const typeOf = (t: string | null | undefined) => (isRiskType(t) ? t : 'Other');

/** Finds a table by id in a report. */
export function findTable(r: Report, id: string): { section: Section; table: Table } | undefined {
  for (const section of r.sections) for (const table of section.tables) if (table.id === id) return { section, table };
  return undefined;
}

/** Issue 15 item 9: whether a report found anything in its period (a count above zero, or a row in a list). */
export function hasActivity(r: Pick<Report, 'sections'>): boolean {
  return r.sections.some((s) => s.tables.some((t) => (t.kind === 'list' ? t.rows.length > 0 : t.rows.some((row) => row.cells.some((c) => c.count > 0)))));
}
