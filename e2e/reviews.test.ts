/**
 * Reviews and deadlines (issue #5): the coordinators' dashboard, recording Rotherham's CE risk assessment
 * (with its error summary), and overdue actions per owner, agency and series. Axe on every page, a
 * screenshot of each (screenshots/reviews-NN-*.png), by keyboard where it costs little.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import { activate, assertH1, findChild, launchBrowser, newPage, pageProblems, screenshotPrefix, signIn, visited, untilListening } from './support/pages.ts';

describe('reviews and deadlines (axe and screenshots)', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: Page[] = [];
  const open = async () => {
    const page = await newPage(browser, server.baseUrl);
    pages.push(page);
    return page;
  };

  before(async () => {
    screenshotPrefix('reviews');
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    await untilListening(server);
  });

  after(async () => {
    if (server?.exited()) console.error('The server stopped during the tests.');
    if (server?.errors()) console.error(`Server stderr:\n${server.errors()}`);
    for (const p of pages) await p.context().close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  test('Rotherham coordinator: what is due, then the CE risk assessment recorded after an error', async () => {
    const page = await open();
    await signIn(page, 'coordinator', 'rotherham');
    await activate(page, page.getByRole('link', { name: 'Reviews', exact: true }));
    await assertH1(page, 'Reviews and assessments due');
    await visited(page, 'reviews-dashboard');
    // The demo has no VAT in Rotherham yet: record a CE risk assessment for a child from their record's id.
    await findChild(page, 'Jordan Ashdown');
    const childId = /\/children\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.goto(`/reviews/children/${childId}/ce-risk-assessment`);
    await assertH1(page, 'CE risk assessment');
    await visited(page, 'reviews-ce-form');
    await activate(page, page.getByRole('button', { name: 'Record the CE risk assessment' }));
    assert.match(await page.title(), /^Error: /);
    await visited(page, 'reviews-ce-errors');
    const d = new Date();
    await page.fill('#completedOn-day', String(d.getDate()));
    await page.fill('#completedOn-month', String(d.getMonth() + 1));
    await page.fill('#completedOn-year', String(d.getFullYear()));
    await page.check('#meetingKind');
    await activate(page, page.getByRole('button', { name: 'Record the CE risk assessment' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /recorded/);
    await visited(page, 'reviews-ce-recorded');
    await page.goto('/reviews?show=all');
    assert.match(await page.locator('table').innerText(), /CE risk assessment\s+12 weeks after the last/);
    await visited(page, 'reviews-dashboard-after');
    assert.deepEqual(pageProblems(page).filter((p) => !p.includes('favicon')), []);
  });

  test('Staffordshire chair: the dashboard by district; overdue actions per owner, agency and series', async () => {
    const page = await open();
    await signIn(page, 'chair', 'staffordshire');
    await page.goto('/reviews?show=all');
    await assertH1(page, 'Reviews and assessments due');
    await visited(page, 'reviews-staffordshire');
    await page.goto('/actions');
    await visited(page, 'actions-with-series-filter');
    await activate(page, page.getByRole('link', { name: 'Overdue by owner, agency and series' }));
    await assertH1(page, 'Overdue actions by owner, agency and series');
    await visited(page, 'actions-overdue-summary');
    assert.deepEqual(pageProblems(page).filter((p) => !p.includes('favicon')), []);
  });
});
