// Small-number suppression (issue #7): counts small enough to identify a child are not shown in
// reports that leave the partnership.

type ShownCount = { readonly value: number; readonly suppressed: boolean; readonly text: string };

// Issue #7: a count from 1 to threshold − 1 is shown as "fewer than {threshold}" when suppressing; 0 and larger counts are shown
export function showCount(value: number, threshold: number, suppress: boolean): ShownCount {
  if (suppress && value > 0 && value < threshold) return { value, suppressed: true, text: `fewer than ${threshold}` };
  return { value, suppressed: false, text: String(value) };
}

const HIDDEN_TOTAL = 'not shown';

// Issue #7: a total is not shown when a count it adds up is suppressed, or it would give that count away by subtraction (complementary suppression)
export function showTable(
  counts: readonly (readonly number[])[],
  o: { threshold: number; suppress: boolean; totalColumn: boolean; totalRow: boolean },
): ShownCount[][] {
  const shown = counts.map((row) => row.map((v) => showCount(v, o.threshold, o.suppress)));
  if (!o.suppress) return shown;
  const lastRow = shown.length - 1;
  const lastCol = (shown[0]?.length ?? 0) - 1;
  const bodyRows = o.totalRow ? lastRow : lastRow + 1;
  const bodyCols = o.totalColumn ? lastCol : lastCol + 1;
  const hide = (r: number, c: number) => {
    const cell = shown[r]![c]!;
    if (!cell.suppressed) shown[r]![c] = { value: cell.value, suppressed: true, text: HIDDEN_TOTAL };
  };
  const primary = (r: number, c: number) => shown[r]![c]!.suppressed;
  if (o.totalColumn) for (let r = 0; r < bodyRows; r++) if (Array.from({ length: bodyCols }, (_, c) => primary(r, c)).some(Boolean)) hide(r, lastCol);
  if (o.totalRow) for (let c = 0; c < bodyCols; c++) if (Array.from({ length: bodyRows }, (_, r) => primary(r, c)).some(Boolean)) hide(lastRow, c);
  if (o.totalRow && o.totalColumn) {
    const anyHidden = shown[lastRow]!.slice(0, bodyCols).some((x) => x.suppressed) || shown.slice(0, bodyRows).some((row) => row[lastCol]!.suppressed);
    if (anyHidden) hide(lastRow, lastCol);
  }
  return shown;
}
