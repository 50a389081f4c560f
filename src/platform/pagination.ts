// Every paginated list: the outbox, the triage inbox, actions, reviews due, the tracker's alerts.
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

/** The page asked for in a query string: a whole number from 1, anything else the first page. */
export function pageNumber(v: unknown): number {
  const n = typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : 1;
  return n >= 1 ? n : 1;
}

/** How many pages `total` rows make at `size` a page (at least one), and the page asked for kept within them. */
export function pageOf(asked: number, total: number, size: number): { page: number; pages: number; offset: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, asked), pages);
  return { page, pages, offset: (page - 1) * size };
}
