import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { DEMO_PASSWORD } from './server.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = path.join(root, 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
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
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  (page as Page & { problems?: string[] }).problems = problems;
  return page;
}

/** Script errors and console errors seen by a page so far (CSP violations, missing assets, JS exceptions). */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/** Runs axe with the WCAG 2.2 AA tags and fails with a readable list of violations. */
export async function checkAccessibility(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  if (results.violations.length) {
    const lines = results.violations.map(
      (v) => `- ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`).join('\n')}`,
    );
    assert.fail(`${results.violations.length} accessibility violation(s) on ${label}:\n${lines.join('\n')}`);
  }
}

let shot = 0;
/** A full-page screenshot into screenshots/, numbered in the order taken. */
export async function screenshot(page: Page, name: string): Promise<string> {
  if (shot === 0) fs.rmSync(SCREENSHOT_DIR, { recursive: true, force: true }); // only this run's pictures
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Every page visited gets an accessibility check and a screenshot. */
export async function visited(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await checkAccessibility(page, `${name} (${new URL(page.url()).pathname})`);
}

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement).catch(() => false);

/** Presses Tab (or Shift+Tab) until the element has the focus, as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, { max = 120, backwards = false } = {}): Promise<void> {
  await target.waitFor({ state: 'attached' });
  for (let i = 0; i <= max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
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
