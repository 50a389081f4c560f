/**
 * Server-rendered bar charts (no script; presentation attributes, no inline style, for the CSP): an SVG with role="img", a title and a description, drawn from
 * the same numbers as the table beside it. Suppressed counts are drawn as no bar and labelled as in the table.
 */
type Bar = { label: string; value: number; text: string };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

let counter = 0;
export function barChart(title: string, bars: Bar[], o: { suppressed?: boolean[] } = {}): string {
  const id = `chart-${++counter}`;
  // Drawn at about the width of half a GOV.UK page column, so that 16px text stays 16px.
  const rowH = 30;
  const labelW = 220;
  const barW = 150;
  const valueW = 100;
  const width = labelW + barW + valueW;
  const height = Math.max(1, bars.length) * rowH + 10;
  const max = Math.max(1, ...bars.map((b, i) => (o.suppressed?.[i] ? 0 : b.value)));
  const desc = bars.length ? bars.map((b) => `${b.label}: ${b.text}`).join('; ') : 'No figures';
  const rows = bars
    .map((b, i) => {
      const y = 5 + i * rowH;
      const w = o.suppressed?.[i] ? 0 : Math.round((b.value / max) * barW);
      return (
        `<g><text x="${labelW - 8}" y="${y + 20}" text-anchor="end" font-size="16" fill="#0b0c0c">${esc(clip(b.label, 22))}</text>` +
        `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" fill="#1d70b8"></rect>` +
        `<text x="${labelW + w + 6}" y="${y + 20}" font-size="16" font-weight="bold" fill="#0b0c0c">${esc(b.text)}</text></g>`
      );
    })
    .join('');
  return (
    `<svg class="app-chart" font-family="arial, sans-serif" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>` +
    `<line x1="${labelW}" y1="0" x2="${labelW}" y2="${height}" stroke="#505a5f" stroke-width="1"></line>${rows}</svg>`
  );
}
