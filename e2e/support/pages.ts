import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import { DEMO_PASSWORD, type RunningServer } from './server.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const SCREENSHOT_DIR = path.join(root, 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A new page in a new context (AxeBuilder needs a context's page), with the server as base URL. */
export async function newPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A page answered 400 or 404 on purpose logs "Failed to load resource"; failed assets are caught below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.request().isNavigationRequest()) problems.push(`${r.status()} for ${r.url()}`);
  });
  // A request the browser itself abandoned because the page navigated on (net::ERR_ABORTED) is not a fault of the page.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  (page as Page & { problems?: string[] }).problems = problems;
  return page;
}

/** Script errors and console errors seen by a page so far (CSP violations, missing assets, JS exceptions). */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/**
 * An axe violation that is known and reported as a bug in src/: tolerated (and printed) on the page where the
 * test names it, until src/ is fixed. Never a whole rule: one rule on one exact target (a RegExp for generated ids).
 */
export type KnownAxeIssue = { id: string; target: string | RegExp; bug: string };

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// The axe-core that @axe-core/playwright itself uses.
const axeSource = fs.readFileSync(createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The WCAG 2.2 AA violations on the page. A page without frames (all of ours) is checked by axe-core run in the
 * page itself, about five times quicker than AxeBuilder, which finishes every run in a new blank page; a page
 * with frames goes to AxeBuilder, which checks inside them.
 */
async function axeViolations(page: Page): Promise<AxeResults['violations']> {
  if (page.frames().length > 1) return (await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze()).violations;
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof import('axe-core') }).axe
        .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
        .then((r) => r.violations),
    WCAG_22_AA,
  );
}

/** Runs axe with the WCAG 2.2 AA tags and fails with a readable list of violations (other than `known` ones). */
export async function checkAccessibility(page: Page, label = page.url(), known: readonly KnownAxeIssue[] = []): Promise<void> {
  const found = await axeViolations(page);
  const isKnown = (id: string, target: string) =>
    known.find((k) => k.id === id && (typeof k.target === 'string' ? k.target === target : k.target.test(target)));
  const violations = found
    .map((v) => {
      const nodes = v.nodes.filter((n) => {
        const k = isKnown(v.id, n.target.join(' '));
        if (k) console.warn(`known accessibility issue on ${label}: ${v.id} ${n.target.join(' ')} (${k.bug})`);
        return !k;
      });
      return { ...v, nodes };
    })
    .filter((v) => v.nodes.length);
  if (violations.length) {
    const lines = violations.map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`).join('\n')}`,
    );
    assert.fail(`${violations.length} accessibility violation(s) on ${label}:\n${lines.join('\n')}`);
  }
}

let shot = 0;
let prefix = '';
/**
 * Names this test file's screenshots `{name}-NN-…png`, so that the files of one `npm run test:e2e` (each its own
 * process) keep each other's pictures. Call it once, before the first screenshot.
 */
export function screenshotPrefix(name: string): void {
  prefix = name ? `${name}-` : '';
}

/** A full-page screenshot into screenshots/, numbered in the order taken. */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (shot === 0) {
    // Only this file's pictures from an earlier run: other test files' pictures stay.
    const mine = (f: string) => (prefix ? f.startsWith(prefix) : /^\d{2}-/.test(f));
    for (const f of fs.existsSync(SCREENSHOT_DIR) ? fs.readdirSync(SCREENSHOT_DIR) : []) if (mine(f)) fs.rmSync(path.join(SCREENSHOT_DIR, f), { force: true });
  }
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${prefix}${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Every page visited gets an accessibility check and a screenshot. */
export async function visited(page: Page, name: string, known: readonly KnownAxeIssue[] = []): Promise<void> {
  await screenshot(page, name);
  await checkAccessibility(page, `${name} (${new URL(page.url()).pathname})`, known);
}

/** Presses Tab (or Shift+Tab) until the element has the focus, as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, { max = 120, backwards = false } = {}): Promise<void> {
  await target.waitFor({ state: 'attached' });
  // Found once (a locator by role and name is slow to resolve on a long page), then checked after each press.
  const element = await target.elementHandle();
  try {
    for (let i = 0; i <= max; i++) {
      if (await element!.evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    }
  } finally {
    await element?.dispose();
  }
  const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
  assert.fail(`could not reach ${target} with ${max} presses of Tab on ${page.url()} (focus is on ${active})`);
}

/** Presses a key that navigates (follows a link, submits a form) and waits for the next page to load. */
export async function pressAndWait(page: Page, key = 'Enter'): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await page.keyboard.press(key);
  await navigated;
  await page.waitForLoadState('load');
}

/** Tabs to a link or button and activates it with Enter. */
export async function activate(page: Page, target: Locator): Promise<void> {
  await tabTo(page, target);
  await pressAndWait(page, 'Enter');
}

export async function assertH1(page: Page, text: string | RegExp): Promise<void> {
  const h1 = (await page.locator('h1').first().textContent())?.trim() ?? '';
  if (typeof text === 'string') assert.equal(h1, text, `h1 on ${page.url()}`);
  else assert.match(h1, text, `h1 on ${page.url()}`);
}

/** Signs in with the keyboard only, as {role}@{partnership}.example.org, and lands on the home page. */
export async function signIn(page: Page, role: string, partnership = 'staffordshire', opts: { screenshots?: boolean } = {}): Promise<void> {
  await page.goto('/sign-in');
  await assertH1(page, 'Sign in to MACE');
  if (opts.screenshots) await visited(page, 'sign-in');
  await tabTo(page, page.locator('#email'));
  await page.keyboard.type(`${role}@${partnership}.example.org`);
  await tabTo(page, page.locator('#password'));
  await page.keyboard.type(DEMO_PASSWORD);
  await activate(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  assert.equal(new URL(page.url()).pathname, '/', `signed in as ${role}@${partnership}, landed on ${page.url()}`);
  await assertH1(page, 'Home');
}

/** Signs out with the header's button (keyboard only) and lands on the signed-out page. */
export async function signOut(page: Page): Promise<void> {
  await activate(page, page.locator('header').getByRole('button', { name: 'Sign out' }));
  assert.equal(new URL(page.url()).pathname, '/signed-out');
}

/** Today as the day, month and year a person would type into a GOV.UK date input. */
function today() {
  const d = new Date();
  return { day: String(d.getDate()), month: String(d.getMonth() + 1), year: String(d.getFullYear()) };
}

/** Tabs to a field and types into it. */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

/** Types a date into a GOV.UK date input (id-day, id-month, id-year), tabbing from one box to the next. */
export async function typeDate(page: Page, id: string, date = today()): Promise<void> {
  await typeInto(page, page.locator(`#${id}-day`), date.day);
  await typeInto(page, page.locator(`#${id}-month`), date.month);
  await typeInto(page, page.locator(`#${id}-year`), date.year);
}

/**
 * Chooses the radio at `index` (0-based) in the group `name` as a keyboard user does: Tab to the group (one tab
 * stop: it lands on the chosen radio, or on the first when none is chosen), Space to choose the focused radio if
 * none is chosen, then the arrow keys to move the choice.
 */
export async function chooseRadio(page: Page, name: string, index: number): Promise<void> {
  const radios = page.locator(`input[type=radio][name="${name}"]`);
  await radios.first().waitFor({ state: 'attached' });
  for (let i = 0; ; i++) {
    if (await page.evaluate((n) => (document.activeElement as HTMLInputElement | null)?.name === n, name)) break;
    if (i > 150) assert.fail(`could not reach the radio group ${name} with Tab on ${page.url()}`);
    await page.keyboard.press('Tab');
  }
  const values = await radios.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  const checkedIndex = async () => radios.evaluateAll((els) => els.findIndex((e) => (e as HTMLInputElement).checked));
  if ((await checkedIndex()) === -1) await page.keyboard.press('Space');
  let at = await checkedIndex();
  while (at !== index) {
    await page.keyboard.press(at < index ? 'ArrowDown' : 'ArrowUp');
    at = await checkedIndex();
  }
  const focused = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value);
  assert.equal(focused, values[index], `the chosen radio of ${name} has the focus`);
  assert.equal(await page.locator(`input[name="${name}"]:checked`).inputValue(), values[index]);
}

/** From any page: Children in the service navigation, a search for the name, and the child's page (keyboard only). */
export async function findChild(page: Page, name: string): Promise<void> {
  await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Children' }));
  await typeInto(page, page.locator('#q'), name);
  await activate(page, page.getByRole('button', { name: 'Search', exact: true }));
  await activate(page, page.getByRole('table').getByRole('link', { name, exact: true }));
  assert.match(new URL(page.url()).pathname, /^\/children\/[0-9a-f-]{36}$/, `found ${name}`);
}

/** The text of a summary list row's value, found by the start of its key, with white space collapsed. */
export async function summaryValue(scope: Locator, key: string): Promise<string> {
  const row = scope
    .locator('.govuk-summary-list__row')
    .filter({ has: scope.page().locator('.govuk-summary-list__key', { hasText: key }) })
    .first();
  return ((await row.locator('.govuk-summary-list__value').textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * startServer() takes the first answer to /health on its port as the server being ready; on a busy machine that
 * answer can come from another process's server on the same port (seen once: every page then refused the
 * connection while this server was still starting). Waits until this server itself says it is listening.
 */
export async function untilListening(server: RunningServer, timeoutMs = Number(process.env.E2E_START_TIMEOUT_MS) || 180_000): Promise<void> {
  const port = new URL(server.baseUrl).port;
  const listening = new RegExp(`listening on http://[^\\s:]+:${port}\\b`);
  const deadline = Date.now() + timeoutMs;
  while (!listening.test(server.output())) {
    if (server.exited()) assert.fail(`the server stopped before it listened on port ${port}:\n${server.output()}`);
    if (Date.now() > deadline) assert.fail(`the server did not say it was listening on port ${port}:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
