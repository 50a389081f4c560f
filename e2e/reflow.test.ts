/**
 * Reflow and axe on every page of every role (issue 15 item 5, WCAG 2.2 1.4.10 and 4.1.2): for each demo role of
 * each partnership, a bounded crawl of the pages reachable from the role's navigation and home page (same-origin GET
 * links; never sign-out, a download or anything that changes data). Every page is checked with axe (no violation)
 * and, at 320 CSS pixels wide (a 1280 px window at 400% zoom), must not scroll sideways. Pages are deduplicated by
 * route pattern (one child, one meeting … per role) so the file stays within a few minutes.
 * At 683×384 (a 1366×768 laptop at 200% zoom) the header is compact: the page's h1 is on the first screen.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import { activate, assertH1, checkAccessibility, signIn, tabTo, typeInto } from './support/pages.ts';

const PARTNERSHIPS = ['staffordshire', 'rotherham', 'llr'] as const;
const ROLES = ['practitioner', 'coordinator', 'administrator', 'chair', 'responder', 'analyst', 'admin'] as const;
/** Pages per role at most (after deduplication by route pattern), and how many links deep from home and navigation. */
const MAX_PAGES = 40;
const MAX_DEPTH = 2;
/** Pages per role fetched only for their links (their pattern already checked). */
const MAX_FETCHES = 40;
const NARROW = { width: 320, height: 640 };
/** The list pages every partnership has, which the crawl must reach (as route patterns). */
const LIST_PAGES = [
  '/children',
  '/children/:id',
  '/triage',
  '/meetings',
  '/actions',
  '/actions/overdue',
  '/reviews',
  '/intelligence',
  '/network/not-yet-referred',
  '/reports',
  '/tracker',
  '/admin/users',
  '/admin/outbox',
];

/** A path's route pattern: ids (uuids, numbers, references) become `:id`, and a district's or a kind's name `:name`. */
export function routePattern(pathname: string): string {
  return pathname
    .split('/')
    .map((s, i, all) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s) || /\d/.test(s) ? ':id' : i > 0 && /^(districts|kinds)$/.test(all[i - 1]!) ? ':name' : s))
    .join('/');
}

/** Links a crawl must not follow: signing out, downloads, and anything that is not a page of this service. */
function followable(href: string, origin: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  const p = url.pathname;
  if (/^\/(sign-out|signed-out|sign-in|assets|api|health)\b/.test(p)) return undefined;
  if (/\.(pdf|csv|xlsx|ics|json|png|svg|zip)$/i.test(p) || /\/(download|calendar|export\.\w+)$/.test(p)) return undefined;
  url.hash = '';
  return url;
}

type Finding = { where: string; problem: string };

/** The page's width beyond the viewport, if any (with the widest element to blame). */
async function sidewaysScroll(page: Page): Promise<string | undefined> {
  const r = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const sw = document.documentElement.scrollWidth;
    let widest = '';
    if (sw > vw) {
      let max = vw;
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        const right = el.getBoundingClientRect().right;
        if (right > max + 0.5) {
          max = right;
          widest = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right edge ${Math.round(right)})`;
        }
      }
    }
    return { vw, sw, widest };
  });
  return r.sw > r.vw ? `scrolls sideways at ${r.vw} px: ${r.sw} px wide; widest: ${r.widest}` : undefined;
}

/** The links of a page's HTML, resolved against its address. */
function linksIn(html: string, base: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&'), base).href);
}

/**
 * One role's crawl, breadth first from the home page and the navigation (links `MAX_DEPTH` deep), at 320 px wide (as
 * a user at 400% zoom loads each page). A page whose route pattern this partnership has not shown yet is loaded in the
 * browser, checked for sideways scrolling, and with axe if no partnership has shown that pattern yet (each role's home
 * page always); one already shown (by another role, or beyond the navigation by an earlier partnership, unless it is a
 * list page) is only fetched, for its links: so a role's own pages under shared ones (the admin's "Add a meeting
 * series" under Meetings) are still reached.
 */
async function crawlRole(page: Page, partnership: string, role: string, findings: Finding[], checked: Set<string>, axed: Set<string>): Promise<string[]> {
  await page.setViewportSize(NARROW);
  await signIn(page, role, partnership);
  const origin = new URL(page.url()).origin;
  const queue: { url: URL; depth: number }[] = [{ url: new URL('/', origin), depth: 0 }];
  const queued = new Set<string>(['/']);
  const visitedPaths: string[] = [];
  let fetched = 0;
  while (queue.length) {
    const { url, depth } = queue.shift()!;
    const where = `${partnership} ${role} ${url.pathname}${url.search}`;
    const pattern = routePattern(url.pathname);
    const shown = pattern !== '/' && (checked.has(pattern) || (depth > 1 && axed.has(pattern) && !LIST_PAGES.includes(pattern)));
    let hrefs: string[] = [];
    if (shown) {
      if (depth >= MAX_DEPTH || fetched >= MAX_FETCHES) continue;
      fetched++;
      const r = await page.request.get(url.href, { maxRedirects: 0 });
      if (r.ok() && /text\/html/.test(r.headers()['content-type'] ?? '')) hrefs = linksIn(await r.text(), url.href);
    } else {
      if (visitedPaths.length >= MAX_PAGES) continue;
      const response = await page.goto(url.href).catch((e: Error) => e);
      if (response instanceof Error) {
        if (!/Download is starting/.test(response.message)) findings.push({ where, problem: `did not load: ${response.message.split('\n')[0]}` });
        continue;
      }
      if (!response || !/text\/html/.test(response.headers()['content-type'] ?? '')) continue;
      if (new URL(page.url()).pathname === '/sign-in') assert.fail(`${where}: signed out by the crawl`);
      if (response.status() >= 400) {
        findings.push({ where, problem: `answered ${response.status()}` });
        continue;
      }
      visitedPaths.push(url.pathname);
      if (pattern !== '/') checked.add(pattern);
      if (!axed.has(pattern) || pattern === '/') {
        axed.add(pattern);
        await checkAccessibility(page, where).catch((e: Error) => findings.push({ where, problem: e.message }));
      }
      const sideways = await sidewaysScroll(page);
      if (sideways) findings.push({ where, problem: sideways });
      if (depth >= MAX_DEPTH) continue;
      // The navigation's links and the page's own (GET only: no form is ever submitted).
      hrefs = await page.locator('header a[href], main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    }
    for (const href of hrefs) {
      const next = followable(href, origin);
      if (!next) continue;
      const nextPattern = routePattern(next.pathname);
      if (queued.has(nextPattern)) continue;
      queued.add(nextPattern);
      queue.push({ url: next, depth: depth + 1 });
    }
  }
  return visitedPaths;
}

describe('reflow at 320 px and axe on every page of every role', () => {
  const { open } = browserSuite('reflow');
  // Route patterns checked with axe in the whole run.
  const axed = new Set<string>();

  for (const partnership of PARTNERSHIPS) {
    test(`${partnership}: every role's pages have no axe violation and do not scroll sideways at 320 px`, async () => {
      const findings: Finding[] = [];
      const checked = new Set<string>(); // route patterns visited in this partnership
      const counts: string[] = [];
      for (const role of ROLES) {
        const page = await open();
        const paths = await crawlRole(page, partnership, role, findings, checked, axed);
        counts.push(`${role} ${paths.length}`);
        if (process.env.REFLOW_REPORT) fs.appendFileSync(process.env.REFLOW_REPORT, `${partnership} ${role}: ${paths.map(routePattern).join(' ')}\n`);
        await page.context().close();
      }
      console.log(`${partnership}: pages visited per role: ${counts.join(', ')}`);
      // The crawl reached every list page (the cap and the deduplication did not hide one).
      const missed = LIST_PAGES.filter((l) => !checked.has(l));
      assert.deepEqual(missed, [], `list pages the crawl did not reach in ${partnership}`);
      if (process.env.REFLOW_REPORT) fs.appendFileSync(process.env.REFLOW_REPORT, findings.map((f) => `${f.where}: ${f.problem}\n`).join(''));
      assert.deepEqual(findings, [], findings.map((f) => `${f.where}: ${f.problem}`).join('\n'));
    });
  }

  // List pages whose rows come from a search or a filter the crawl does not submit.
  test('320 px: the children search results, every review, every action, a new action and the lateral checks, without sideways scrolling or axe violations', async () => {
    const page = await open();
    await page.setViewportSize(NARROW);
    await signIn(page, 'coordinator', 'staffordshire');
    await page.goto('/children');
    await typeInto(page, page.locator('#q'), 'Jordan');
    await activate(page, page.getByRole('button', { name: 'Search', exact: true }));
    const results = page.getByRole('table');
    assert.ok(await results.getByRole('link', { name: 'Jordan Ashdown', exact: true }).isVisible(), 'the search found the child');
    // Stacked: each cell shows its column's heading above its value.
    const dob = results.locator('td[data-label="Date of birth"]').first();
    assert.equal(await dob.evaluate((td) => getComputedStyle(td, '::before').content), '"Date of birth"');
    for (const url of ['/children', '/reviews?show=all', '/actions?status=all']) {
      if (url !== '/children') await page.goto(url);
      assert.equal(await sidewaysScroll(page), undefined, `${url} at 320 px`);
      await checkAccessibility(page, `${url} at 320 px`);
    }
    // A form deeper than the crawl goes: the child's new action (its owner radios once had conditional reveals, whose
    // aria-expanded on a radio axe refuses).
    await page.goto('/children');
    await activate(page, page.getByRole('table').getByRole('link', { name: 'Jordan Ashdown', exact: true }));
    await page.goto(`${new URL(page.url()).pathname}/actions/new`);
    await assertH1(page, /action/i);
    assert.equal(await sidewaysScroll(page), undefined, 'a new action at 320 px');
    await checkAccessibility(page, 'a new action at 320 px');
    // The responder's list of lateral checks to answer.
    const responder = await open();
    await responder.setViewportSize(NARROW);
    await signIn(responder, 'responder', 'staffordshire');
    await responder.goto('/lateral-checks');
    assert.equal(await sidewaysScroll(responder), undefined, '/lateral-checks at 320 px');
    await checkAccessibility(responder, '/lateral-checks at 320 px');
  });

  // At 200% zoom on a 1366×768 laptop (683×384) the header is compact.
  test('the h1 of the home page and of a list page is on the first screen; the navigation is behind its Menu button', async () => {
    const page = await open();
    await page.setViewportSize({ width: 683, height: 384 });
    await signIn(page, 'coordinator', 'staffordshire');
    const h1OnFirstScreen = async () => {
      const box = await page.locator('h1').first().boundingBox();
      assert.ok(box && box.y + box.height <= 384, `the h1 of ${page.url()} ends at ${box && box.y + box.height} px, below the first screen (384 px)`);
    };
    await h1OnFirstScreen();
    const nav = page.getByRole('navigation', { name: 'Main' });
    const menu = nav.getByRole('button', { name: 'Menu' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.equal(await nav.getByRole('link', { name: 'Triage' }).isVisible(), false, 'the navigation is collapsed');
    // The keyboard opens the menu and follows a link in it.
    await tabTo(page, menu);
    await page.keyboard.press('Enter');
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await activate(page, nav.getByRole('link', { name: 'Triage' }));
    await assertH1(page, /^Triage inbox/);
    await h1OnFirstScreen();
    await checkAccessibility(page, 'triage inbox at 683×384');
    assert.equal(await sidewaysScroll(page), undefined, 'no sideways scrolling at 683 px');
  });
});
