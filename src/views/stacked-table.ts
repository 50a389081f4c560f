/**
 * The responsive table (issue 15 item 5, WCAG 2.2 1.4.10 Reflow): `govukTable(params | stackedTable)` gives every
 * body cell its column's heading as `data-label` and the table the class `app-table--stack`, so that on a narrow
 * screen (app.scss) each row stacks as label and value pairs instead of scrolling sideways; a table of four columns or
 * more (`app-table--stack-wide`) stacks on a wider screen too. A heading given as HTML
 * (a sort link) is labelled by its text, without what it hides from screen readers (the ▲ ▼ of the sort order).
 */
type Cell = { text?: unknown; html?: unknown; colspan?: number; attributes?: Record<string, unknown> } & Record<string, unknown>;
export type TableParams = { head?: (Cell | null | undefined)[]; rows?: ((Cell | null | undefined)[] | null | undefined)[]; classes?: string } & Record<
  string,
  unknown
>;

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** The text a heading shows: its `text`, or its `html` without tags and without what is aria-hidden. */
export function headingText(cell: Cell | null | undefined): string {
  if (!cell) return '';
  if (cell.text !== undefined && cell.text !== null && cell.text !== '') return String(cell.text).trim();
  return String(cell.html ?? '')
    .replace(/<(\w+)[^>]*aria-hidden="true"[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (e) => entities[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The table's parameters with each body cell labelled by its column's heading (colspans counted). */
export function stackedTable(params: TableParams): TableParams {
  if (!params) return params;
  // The heading of each column, a heading spanning columns repeated for each.
  const labels: string[] = [];
  for (const h of params.head ?? []) for (let i = 0; i < Math.max(1, Number(h?.colspan) || 1); i++) labels.push(headingText(h));
  const rows = (params.rows ?? []).map((row) => {
    if (!Array.isArray(row)) return row;
    let column = 0;
    return row.map((cell) => {
      const label = labels[column] ?? '';
      column += Math.max(1, Number(cell?.colspan) || 1);
      if (!cell || !label) return cell;
      return { ...cell, attributes: { ...cell.attributes, 'data-label': label } };
    });
  });
  // Four columns or more do not fit a 683 px window (200% zoom on a 1366 px laptop) either: they stack below 64em.
  const classes = [params.classes, 'app-table--stack', labels.length >= 4 ? 'app-table--stack-wide' : ''].filter(Boolean).join(' ');
  return { ...params, rows, classes };
}
