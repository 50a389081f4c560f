/**
 * Reports (issue #7) in the browser: the coordinator's dashboard and a bi-monthly report (Staffordshire),
 * the LLR analyst's Monthly data set and the export question, each with axe (WCAG 2.2 AA) and a screenshot
 * (screenshots/reports-NN-*.png). Mostly by keyboard.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite } from './support/suite.ts';
import { activate, assertH1, checkAccessibility, pageProblems, signIn, tabTo, visited } from './support/pages.ts';

describe('reports and dashboards (axe and screenshots)', () => {
  const { open } = browserSuite('reports');

  test('Staffordshire coordinator: the dashboard, then the bi-monthly report for the usual period', async () => {
    const page = await open();
    await signIn(page, 'coordinator');
    await activate(page, page.getByRole('link', { name: 'Reports', exact: true }));
    await assertH1(page, 'Reports');
    assert.ok(await page.getByRole('heading', { name: 'Coordinator dashboard' }).isVisible());
    const charts = page.locator('svg[role="img"]');
    assert.ok((await charts.count()) >= 3, 'a chart for each figure');
    assert.ok((await page.locator('table.govuk-table').count()) >= (await charts.count()), 'a table beside every chart');
    await visited(page, 'dashboard-coordinator');

    await activate(page, page.getByRole('link', { name: 'Bi-monthly panel data report' }));
    await assertH1(page, 'Bi-monthly panel data report');
    await visited(page, 'bi-monthly-form');
    await activate(page, page.getByRole('button', { name: 'Produce report' }));
    await assertH1(page, 'Bi-monthly panel data report');
    assert.match((await page.locator('main').textContent()) ?? '', /Period: .* to .*Produced: /s);
    await visited(page, 'bi-monthly-report');
    assert.deepEqual(pageProblems(page), []);
  });

  test('a period with no activity says so table by table, with no tables of zeros (issue 15 item 9)', async () => {
    const page = await open();
    await signIn(page, 'coordinator');
    await page.goto('/reports/bi-monthly?from=2020-01-01&to=2020-02-29&mode=all');
    await assertH1(page, 'Bi-monthly panel data report');
    assert.ok((await page.getByText('None in this period').count()) >= 5, 'each empty table says so');
    assert.equal(await page.locator('td.govuk-table__cell--numeric', { hasText: /^0$/ }).count(), 0, 'no zeros printed');
    await visited(page, 'bi-monthly-no-activity');
    assert.deepEqual(pageProblems(page), []);
  });

  test('a bad period is an error on the form', async () => {
    const page = await open();
    await signIn(page, 'analyst');
    await page.goto('/reports/bi-monthly?from-day=30&from-month=4&from-year=2026&to-day=1&to-month=3&to-year=2026');
    assert.match(await page.title(), /^Error: /);
    await checkAccessibility(page, 'bi-monthly period error');
  });

  test('LLR analyst: the Monthly data set, suppressed for sharing, and the export question', async () => {
    const page = await open();
    await signIn(page, 'analyst', 'llr');
    await page.goto('/reports/monthly');
    // Tab reaches the checked radio of the group; the arrow key moves to and selects the other.
    await tabTo(page, page.locator('#mode'));
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.locator('#mode-2').isChecked());
    await activate(page, page.getByRole('button', { name: 'Produce report' }));
    await assertH1(page, 'Monthly Exploitation Meeting data set');
    assert.match((await page.locator('main').textContent()) ?? '', /SENSITIVE – CONFIDENTIAL/);
    await visited(page, 'monthly-report-suppressed');
    // LLR does not allow printing (issue 15 item 10): the page says what a download is for, and the button says it is not to be printed.
    assert.match(
      (await page.locator('.app-download-purpose').textContent()) ?? '',
      /A download is for keeping or sharing the report securely[\s\S]*does not allow printing/,
    );
    await activate(page, page.getByRole('link', { name: 'Download the report (PDF, not to be printed)' }));
    await assertH1(page, 'Why are you exporting this?');
    await visited(page, 'export-reason');
    await activate(page, page.getByRole('button', { name: 'Export' }));
    assert.match(await page.title(), /^Error: /);
    await checkAccessibility(page, 'export reason error');
  });
});
