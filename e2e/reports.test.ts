/**
 * Reports (issue #7) in the browser: the coordinator's dashboard and a bi-monthly report (Staffordshire),
 * the LLR analyst's Monthly data set and the export question, each with axe (WCAG 2.2 AA) and a screenshot
 * (screenshots/reports-NN-*.png). Mostly by keyboard.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import { activate, assertH1, checkAccessibility, pageProblems, pressAndWait, signIn, tabTo, typeInto, visited } from './support/pages.ts';

/** WCAG 2.2 1.4.10: at 320 CSS pixels the page does not scroll sideways (the tables stack); then back to the usual width. */
async function noSidewaysScrollAt320(page: Page, what: string) {
  await page.setViewportSize({ width: 320, height: 800 });
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.ok(scroll <= client, `${what} scrolls sideways at 320 px (${scroll} > ${client})`);
}

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

  test('Staffordshire coordinator by keyboard: a district’s report shows its missing figures; the good practice and gaps are written, saved and shown (issue 15 items 16, 21)', async () => {
    const page = await open();
    await signIn(page, 'coordinator');
    // The two months to date of the demo children's district, Newcastle-under-Lyme (Jordan's and Callum's episodes, 40 and 20 days ago).
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 59 * 86_400_000).toISOString().slice(0, 10);
    await page.goto(`/reports/bi-monthly?from=${from}&to=${today}&district=newcastle&mode=all`);
    await assertH1(page, 'Bi-monthly panel data report');
    assert.ok(await page.getByRole('heading', { name: 'Children missing from home or care', exact: true }).isVisible());
    const missing = page.locator('table', { has: page.locator('caption', { hasText: 'Children missing from home or care in Newcastle-under-Lyme' }) });
    assert.equal((await missing.locator('tr', { hasText: 'Children who went missing' }).locator('td').textContent())?.trim(), '2');
    const write = page.getByRole('link', { name: /^Write the good practice and gaps/ });
    await tabTo(page, write, { max: 1500 });
    await pressAndWait(page);
    await assertH1(page, 'Good practice and gaps in service or training');
    await visited(page, 'commentary-form');
    await typeInto(page, page.locator('#goodPractice'), 'Youth workers met children at the safe space on Friday evenings.');
    await typeInto(page, page.locator('#gaps'), 'No out-of-hours substance misuse service in the county.');
    await activate(page, page.getByRole('button', { name: 'Save good practice and gaps' }));
    await assertH1(page, 'Bi-monthly panel data report');
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Good practice and gaps saved/);
    const section = page.locator('section[aria-labelledby="section-good-practice-gaps"]');
    assert.match((await section.textContent()) ?? '', /Youth workers met children[\s\S]*No out-of-hours substance misuse service/);
    await visited(page, 'bi-monthly-with-commentary');
    await noSidewaysScrollAt320(page, 'the report with its good practice and gaps');
    assert.deepEqual(pageProblems(page), []);
  });

  test('Staffordshire coordinator: the district panel’s agenda shows its district’s missing figures, no child named (issue 15 item 16)', async () => {
    const page = await open();
    await signIn(page, 'coordinator');
    await page.goto('/meetings');
    // The series (its next meeting may be more than four weeks away), then its next meeting.
    await activate(page, page.getByRole('link', { name: 'District MACE panel: Newcastle-under-Lyme', exact: true }).last());
    await activate(page, page.locator('h2:text-is("Next meetings") + ul a').first());
    await activate(page, page.getByRole('link', { name: 'Build the agenda' }));
    await assertH1(page, 'Agenda');
    assert.ok(await page.getByRole('heading', { name: 'Children missing from home or care', exact: true }).isVisible());
    // The demo's series start today, so its next meeting has no earlier one: the two months before it, as recorded so far.
    assert.match(
      (await page.locator('#section-missing + p').textContent()) ?? '',
      /Aggregated figures for the panel, no child named: missing episodes that started from \d+ \w+ \d{4} to \d+ \w+ \d{4}/,
    );
    const missing = page.locator('table', { has: page.locator('caption', { hasText: 'Children missing from home or care in Newcastle-under-Lyme' }) });
    assert.match((await missing.locator('tr', { hasText: 'Children who went missing' }).locator('td').textContent())?.trim() ?? '', /^\d+$/, 'counted');
    assert.equal(
      await page
        .locator('#section-missing')
        .locator('..')
        .getByText(/Jordan|Callum/)
        .count(),
      0,
    );
    await visited(page, 'district-panel-agenda-missing');
    await noSidewaysScrollAt320(page, 'the district panel’s agenda with its missing figures');
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
