/**
 * The document pack (issue #7, DOMAIN §5) in the browser: an LLR coordinator opens a FORM meeting, follows
 * "Send the pack to members", checks what will go and sends it; axe (WCAG 2.2 AA) and a screenshot of each
 * page (screenshots/packs-NN-*.png). By keyboard.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { activate, assertH1, launchBrowser, newPage, pageProblems, screenshotPrefix, signIn, untilListening, visited } from './support/pages.ts';

describe('the document pack (axe and screenshots)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page | undefined;

  before(async () => {
    screenshotPrefix('packs');
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await untilListening(server);
  });

  after(async () => {
    if (server?.exited()) console.error('The server stopped during the tests.');
    if (server?.errors()) console.error(`Server stderr:\n${server.errors()}`);
    await page
      ?.context()
      .close()
      .catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  test('LLR coordinator: from the FORM meeting to the pack, checked, then sent', async () => {
    page = await newPage(browser, server.baseUrl);
    await signIn(page, 'coordinator', 'llr');
    await page.goto('/meetings?weeks=4');
    await activate(page, page.getByRole('link', { name: 'Fortnightly Operational Review Meeting' }).first());
    await assertH1(page, 'Fortnightly Operational Review Meeting');
    await activate(page, page.getByRole('link', { name: 'Send the pack to members' }));
    await assertH1(page, 'Send the pack to members');
    await visited(page, 'pack-check');
    const packUrl = page.url();
    const text = (await page.locator('main').textContent()) ?? '';
    assert.match(text, /The CE and Missing document \(FORM\)/);
    assert.match(text, /not to be printed/);
    const send = page.getByRole('button', { name: /^Send the pack to \d+ members?$/ });
    if (!(await send.count())) {
      // The demo series has no members: the page says so, offers nothing to send, and links to the series.
      assert.match(text, /no members to send the pack to/);
      await activate(page, page.getByRole('link', { name: 'Add members to the series' }));
      await page.locator('#userId').selectOption({ index: 1 });
      await page.locator('input[name="membership"]').first().check();
      await activate(page, page.getByRole('button', { name: 'Add member' }));
      await page.goto(packUrl);
    }
    await activate(page, send);
    await assertH1(page, 'Send the pack to members');
    assert.match((await page.locator('.govuk-notification-banner--success').textContent()) ?? '', /The pack was sent to 1 member\./);
    await visited(page, 'pack-sent');
    // A favicon request cut short by the next navigation is not a problem of the page.
    assert.deepEqual(
      pageProblems(page).filter((x) => !/favicon.*ERR_ABORTED/.test(x)),
      [],
    );
  });
});
