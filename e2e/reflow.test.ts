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
import { activate, assertH1, checkAccessibility, signIn, tabTo } from './support/pages.ts';

const PARTNERSHIPS = ['staffordshire', 'rotherham', 'llr'] as const;
const ROLES = ['practitioner', 'coordinator', 'administrator', 'chair', 'responder', 'analyst', 'admin'] as const;
/** Pages per role at most (after deduplication by route pattern), and how many links deep from home and navigation. */
const MAX_PAGES = 40;
const MAX_DEPTH = 2;
const NARROW = { width: 320, height: 640 };

/** A path's route pattern: ids (uuids, numbers, references) become `:id`. */
export function routePattern(pathname: string): string {
  return pathname
    .split('/')
    .map((s) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s) || /^\d+$/.test(s) || /\d/.test(s) ? ':id' : s))
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

/**
 * One role's crawl, breadth first from the home page and the navigation, at 320 px wide (as a user at 400% zoom loads
 * each page). A route pattern another role of the partnership visited is not visited again (each role's home page is);
 * axe checks a pattern once in the whole run (`axed`: a partnership's own pages have their own patterns), and every
 * page visited is checked for sideways scrolling.
 */
async function crawlRole(page: Page, partnership: string, role: string, findings: Finding[], checked: Set<string>, axed: Set<string>): Promise<string[]> {
  await page.setViewportSize(NARROW);
  await signIn(page, role, partnership);
  const origin = new URL(page.url()).origin;
  const queue: { url: URL; depth: number }[] = [{ url: new URL('/', origin), depth: 0 }];
  const queued = new Set<string>(['/']);
  const visitedPaths: string[] = [];
  while (queue.length && visitedPaths.length < MAX_PAGES) {
    const { url, depth } = queue.shift()!;
    const where = `${partnership} ${role} ${url.pathname}${url.search}`;
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
    const pattern = routePattern(url.pathname);
    if (pattern !== '/') checked.add(pattern);
    if (!axed.has(pattern) || pattern === '/') {
      axed.add(pattern);
      await checkAccessibility(page, where).catch((e: Error) => findings.push({ where, problem: e.message }));
    }
    const sideways = await sidewaysScroll(page);
    if (sideways) findings.push({ where, problem: sideways });
    if (depth >= MAX_DEPTH) continue;
    // The navigation's links and the page's own (GET only: no form is ever submitted).
    const hrefs = await page.locator('header a[href], main a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) {
      const next = followable(href, origin);
      if (!next) continue;
      const nextPattern = routePattern(next.pathname);
      if (queued.has(nextPattern) || checked.has(nextPattern)) continue;
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
      if (process.env.REFLOW_REPORT) fs.appendFileSync(process.env.REFLOW_REPORT, findings.map((f) => `${f.where}: ${f.problem}\n`).join(''));
      assert.deepEqual(findings, [], findings.map((f) => `${f.where}: ${f.problem}`).join('\n'));
    });
  }

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
