// Shared by the outbox and the triage inbox; a candidate for src/platform when another list needs it.
/** GOV.UK pagination items: first, last, the current page and its neighbours, with ellipses between. */
export function paginationFor(page: number, pages: number, href: (page: number) => string) {
  if (pages <= 1) return undefined;
  const items: { number?: number; href?: string; current?: boolean; ellipsis?: boolean }[] = [];
  let last = 0;
  for (let n = 1; n <= pages; n++) {
    if (n !== 1 && n !== pages && Math.abs(n - page) > 1) continue;
    if (n - last > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === page });
    last = n;
  }
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
  };
}
