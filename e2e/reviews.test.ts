/**
 * Reviews and deadlines (issue #5): the coordinators' dashboard, recording Rotherham's CE risk assessment
 * (with its error summary), and overdue actions per owner, agency and series. Axe on every page, a
 * screenshot of each (screenshots/reviews-NN-*.png), by keyboard where it costs little.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite } from './support/suite.ts';
import { activate, assertH1, chooseRadio, findChild, pageProblems, signIn, visited } from './support/pages.ts';

describe('reviews and deadlines (axe and screenshots)', () => {
  const { open } = browserSuite('reviews');

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
    // 002 §4.7: a medium outcome, by keyboard, needs the type of exploitation (none pre-selected) before it is recorded.
    await chooseRadio(page, 'outcome', 1); // Medium
    assert.equal(await page.locator('input[name="riskType"]:checked').count(), 0);
    await activate(page, page.getByRole('button', { name: 'Record the CE risk assessment' }));
    assert.match(await page.title(), /^Error: /);
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Select the type of exploitation discussed/);
    await visited(page, 'reviews-ce-type-error');
    await chooseRadio(page, 'riskType', 1); // Criminal exploitation (CCE)
    await visited(page, 'reviews-ce-type-chosen');
    await activate(page, page.getByRole('button', { name: 'Record the CE risk assessment' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /recorded/);
    assert.match(await page.locator('table').first().innerText(), /Medium – Criminal exploitation \(CCE\)/);
    await visited(page, 'reviews-ce-recorded');
    await page.goto('/reviews?show=all');
    assert.match(await page.locator('table').innerText(), /CE risk assessment\s+12 weeks after the last/);
    await visited(page, 'reviews-dashboard-after');
    assert.deepEqual(
      pageProblems(page).filter((p) => !p.includes('favicon')),
      [],
    );
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
    assert.deepEqual(
      pageProblems(page).filter((p) => !p.includes('favicon')),
      [],
    );
  });
});
