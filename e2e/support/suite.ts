import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './server.ts';
import { launchBrowser, newPage, screenshotPrefix, untilListening } from './pages.ts';

/**
 * Inside a `describe`: starts the app and a browser before its tests and stops them after (reporting a
 * server that stopped early and what it wrote to stderr). `open()` gives a new page in its own context;
 * screenshots are named `{prefix}-NN-*.png`.
 */
export function browserSuite(prefix: string): { open: () => Promise<Page> } {
  let server: RunningServer;
  let browser: Browser;
  const pages: Page[] = [];

  before(async () => {
    screenshotPrefix(prefix);
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await untilListening(server);
  });

  after(async () => {
    if (server?.exited()) console.error('The server stopped during the tests.');
    if (server?.errors()) console.error(`Server stderr:\n${server.errors()}`);
    for (const p of pages)
      await p
        .context()
        .close()
        .catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  return {
    open: async () => {
      const page = await newPage(browser, server.baseUrl);
      pages.push(page);
      return page;
    },
  };
}
