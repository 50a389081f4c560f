/**
 * Issue 16 item 5: a browser signs in through the partnership's identity provider (a real OpenID provider started here,
 * as `npm run demo:idp` starts it for the demo), by keyboard, works as before, and signs out; axe on MACE's pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freePort, startServer, type RunningServer } from './support/server.ts';
import { activate, assertH1, launchBrowser, newPage, pageProblems, screenshotPrefix, tabTo, untilListening, visited } from './support/pages.ts';
import { startDemoIdp, type DemoIdp } from '../src/test-support/demo-idp.ts';

describe('sign-in through the partnership’s identity provider (keyboard, axe)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let idp: DemoIdp;

  before(async () => {
    screenshotPrefix('oidc');
    const port = await freePort();
    idp = await startDemoIdp({ publicUrl: `http://127.0.0.1:${port}` });
    [server, browser] = await Promise.all([startServer(undefined, { ...idp.env, PORT: String(port) }), launchBrowser()]);
    await untilListening(server);
    page = await newPage(browser, server.baseUrl);
  });

  after(async () => {
    if (server?.errors()) console.error(`Server stderr:\n${server.errors()}`);
    await page
      ?.context()
      .close()
      .catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await idp?.close();
  });

  test('a Rotherham coordinator signs in at the provider, opens the triage inbox, and signs out of both', async () => {
    await page.goto('/sign-in');
    await assertH1(page, 'Sign in to MACE');
    await visited(page, 'sign-in-with-providers');
    await activate(page, page.getByRole('button', { name: 'Sign in with your organisation’s account (Rotherham)' }));
    assert.equal(new URL(page.url()).origin, idp.issuer, 'at the provider');
    await tabTo(page, page.locator('#login'));
    await page.keyboard.type('coordinator@rotherham.example.org');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.baseUrl}/`);
    await assertH1(page, 'Home');
    await visited(page, 'home-after-provider');
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triage' }));
    await assertH1(page, /Triage/);

    await activate(page, page.locator('header').getByRole('button', { name: 'Sign out' }));
    assert.equal(new URL(page.url()).pathname, '/signed-out');
    await visited(page, 'signed-out-offers-provider');
    const providerSignOut = page.getByRole('button', { name: 'Sign out of your organisation’s account' });
    assert.equal(new URL((await providerSignOut.getAttribute('href'))!).origin, idp.issuer);
    assert.deepEqual(
      pageProblems(page).filter((p) => !p.includes('favicon')),
      [],
    );
    // Out of the provider too (RP-initiated logout), and back on MACE's signed-out page.
    await activate(page, providerSignOut);
    assert.equal(new URL(page.url()).origin, idp.issuer, 'at the provider’s sign-out');
    await activate(page, page.getByRole('button', { name: 'Yes, sign me out' }));
    await page.waitForURL(`${server.baseUrl}/signed-out`);
    await assertH1(page, 'You have been signed out');
  });

  test('someone the provider knows but MACE does not is told so, on a page of MACE', async () => {
    idp.accounts.set('stranger@rotherham.example.org', { email: 'stranger@rotherham.example.org', email_verified: true, amr: ['mfa'] });
    await page.goto('/sign-in');
    await activate(page, page.getByRole('button', { name: 'Sign in with your organisation’s account (Rotherham)' }));
    await tabTo(page, page.locator('#login'));
    await page.keyboard.type('stranger@rotherham.example.org');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/auth\/oidc\/rotherham\/callback/);
    await assertH1(page, 'You could not be signed in');
    assert.match(await page.locator('main').innerText(), /There is no MACE account for you in this partnership/);
    await visited(page, 'refused');
  });
});
