import type { PartnershipConfig } from '../../partnerships/index.ts';
import { shownCounts } from './service.ts';
import { barChart } from './svg.ts';
import type { Section, Table } from './model.ts';

type CellView = { text: string; href?: string; suppressed?: boolean; numeric: boolean };
type TableView = {
  id: string;
  title: string;
  kind: 'count' | 'list';
  head: string[];
  rows: { cells: CellView[]; href?: string }[];
  chart?: string;
  omitted?: boolean;
  empty: boolean;
};
type SectionView = { id: string; title: string; rule: string; withheld: boolean; policeOnly: boolean; tables: TableView[] };

/**
 * What a page shows of a section: counts with suppression applied, each count linking to the records behind it
 * when traceHref gives a link (viewer may see them, nothing suppressed), a chart of the last column beside
 * the table. Lists are left out when suppressing.
 */
export function sectionViews(
  sections: Section[],
  p: PartnershipConfig,
  o: {
    suppress: boolean;
    traceHref?: (t: Table, row: number, col: number) => string | undefined;
    listHref?: (t: Table, id: string) => string | undefined;
    /** A report's period (issue 15 item 9): a table of zeros says "None in this period". A dashboard's live zeros are shown. */
    zerosAsNone?: boolean;
  },
): SectionView[] {
  return sections.map((s) => ({
    id: s.id,
    title: s.title,
    rule: s.rule,
    policeOnly: !!s.policeOnly,
    withheld: !!s.policeOnly && !s.tables.length,
    tables: s.tables.map((t): TableView => {
      if (t.kind === 'list') {
        if (o.suppress) return { id: t.id, title: t.title, kind: 'list', head: t.columns, rows: [], omitted: true, empty: true };
        return {
          id: t.id,
          title: t.title,
          kind: 'list',
          head: t.columns,
          empty: !t.rows.length,
          rows: t.rows.map((r) => ({ href: r.id ? o.listHref?.(t, r.id) : undefined, cells: r.cells.map((c) => ({ text: c, numeric: false })) })),
        };
      }
      const shown = shownCounts(t, p, o.suppress);
      const rows = t.rows.map((r, ri) => ({
        cells: [
          { text: r.label, numeric: false },
          ...r.cells.map((c, ci) => {
            const sc = shown[ri]![ci]!;
            return {
              text: sc.text,
              suppressed: sc.suppressed,
              numeric: true,
              href: !o.suppress && c.count > 0 && c.ids.length ? o.traceHref?.(t, ri, ci) : undefined,
            };
          }),
        ],
      }));
      let chart: string | undefined;
      if (t.chart) {
        const body = t.totals?.row ? t.rows.slice(0, -1) : t.rows;
        const bars = body.map((r, ri) => {
          const sc = shown[ri]![r.cells.length - 1]!;
          return { label: r.label, value: sc.suppressed ? 0 : sc.value, text: sc.text };
        });
        chart = barChart(`${t.title} (${t.columns[t.columns.length - 1]})`, bars);
      }
      // Issue 15 item 9: a table of nothing but zeros says "None in this period" rather than printing the zeros (nor a chart of them).
      const empty = !t.rows.length || (!!o.zerosAsNone && !t.rows.some((r) => r.cells.some((c) => c.count > 0)));
      return { id: t.id, title: t.title, kind: 'count', head: [t.rowHeader, ...t.columns], rows, chart: empty ? undefined : chart, empty };
    }),
  }));
}
