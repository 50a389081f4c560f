/**
 * Issue 15 item 7: how long the RFM's indicator pages are, by keyboard. Starts the app (the demo data), signs in as the
 * Staffordshire practitioner, starts an RFM and, on each indicator page, counts the Tab presses from the top of the page to
 * 'Save and continue' (nothing entered), the keys to score every indicator on the way (Tab, and Space on each score group) and
 * the page's height at 1280 px. `--simulate-split N`: the same measures for pages of N indicators (the other indicators removed
 * from the page in the browser), to compare splitting the pages with the page as it is.
 * Run: node bench/rfm-indicator-keys.ts [--simulate-split 1,2,4]
 *
 * Measured on 7 December 2026 (1280 px wide; Tab presses from the top of the page to 'Save and continue'; keys to score all 7):
 *   before, indicators in line:        1–7: 9,657 px, 46 Tabs, 58 keys;  8–14: 9,297 px, 46 Tabs, 57 keys
 *   split (simulated), 1 a page:       7 pages of 2,282–2,637 px, 16 Tabs each, 160 keys for 7 indicators
 *                      2 a page:       4 pages of up to 3,846 px, 21 Tabs each, 109 keys
 *                      4 a page:       2 pages of up to 6,157 px, 31 and 26 Tabs, 76 keys
 *   chosen, collapsed details:         1–7: 6,694 px, 25 Tabs, 37 keys;  8–14: 6,334 px, 25 Tabs, 37 keys
 * Splitting shortens each page but repeats the header and navigation on each (11 tab stops), so scoring by keyboard takes
 * more keys; the collapsed prompts and evidence take three tab stops an indicator off the page and keep the descriptors beside
 * each score, word for word.
 */
import { startServer } from '../e2e/support/server.ts';
import { findChild, launchBrowser, newPage, signIn, untilListening } from '../e2e/support/pages.ts';
import type { Page } from 'playwright-core';

const splitArg = process.argv.indexOf('--simulate-split');
const splits = splitArg > 0 ? process.argv[splitArg + 1]!.split(',').map(Number) : [];

async function measure(page: Page) {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const isSave = () => page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.textContent?.trim() === 'Save and continue');
  let toSave = 0;
  while (!(await isSave())) {
    await page.keyboard.press('Tab');
    toSave++;
    if (toSave > 400) throw new Error('Save and continue not reached');
  }
  // Again, scoring each indicator on the way: Space on the first radio of each score group not yet chosen.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.focus('body');
  let keys = 0;
  const scored = new Set<string>();
  for (;;) {
    await page.keyboard.press('Tab');
    keys++;
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return el && el.type === 'radio' && el.name.startsWith('score-') ? el.name : null;
    });
    if (name && !scored.has(name)) {
      scored.add(name);
      await page.keyboard.press('Space');
      keys++;
    }
    if (await isSave()) break;
    if (keys > 600) throw new Error('Save and continue not reached');
  }
  return { height, toSave, keysToScoreAll: keys, indicators: scored.size };
}

const server = await startServer();
const browser = await launchBrowser();
try {
  await untilListening(server);
  const page = await newPage(browser, server.baseUrl);
  await signIn(page, 'practitioner', 'staffordshire');
  // A child of the demo: start an RFM from her record.
  await findChild(page, 'Ruby Jessop');
  await page.goto(`${new URL(page.url()).pathname}/rfm/new`);
  await page.getByRole('button', { name: 'Start a new RFM' }).click();
  const rfm = new URL(page.url()).pathname;
  const rows: Record<string, unknown>[] = [];
  for (const part of ['indicators-a', 'indicators-b']) {
    await page.goto(`${rfm}/${part}`);
    const pageIndicators = await page.locator('[data-rfm-indicator]').count();
    const items = await page.locator('.app-indicator').count();
    rows.push({ variant: 'as built', part, ...(await measure(page)), indicatorBlocks: items || pageIndicators });
    await page.screenshot({ path: `screenshots/bench-${part}-top.png`, clip: { x: 0, y: 0, width: 1280, height: 2400 } });
    for (const n of splits) {
      const groups = Math.ceil(pageIndicators / n);
      const all: { height: number; toSave: number; keysToScoreAll: number }[] = [];
      for (let g = 0; g < groups; g++) {
        await page.goto(`${rfm}/${part}`);
        await page.evaluate(
          ({ g, n }) => {
            const blocks = [...document.querySelectorAll('[data-rfm-indicator]')].map(
              (el) => el.closest('.app-indicator') ?? el.closest('.govuk-form-group')!.parentElement!,
            );
            blocks.forEach((b, i) => {
              if (i < g * n || i >= (g + 1) * n) b.remove();
            });
          },
          { g, n },
        );
        all.push(await measure(page));
      }
      rows.push({
        variant: `${n} a page (simulated)`,
        part,
        pages: groups,
        height: Math.max(...all.map((x) => x.height)),
        toSave: all.map((x) => x.toSave).join('+'),
        keysToScoreAll: all.reduce((s, x) => s + x.keysToScoreAll, 0) + groups, // + Enter on each page's Save
      });
    }
  }
  console.table(rows);
} finally {
  await browser.close();
  await server.stop();
}
