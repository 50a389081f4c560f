/**
 * Chairs and their deputies (issue 15, item 20) by keyboard, with axe and a screenshot (screenshots/chairs-NN-*.png) on
 * every page: Rotherham's coordinator opens the MACE series, sets its chair rota (002 §2.2: the Evolve team manager and
 * the detective sergeant alternate, each with a deputy), is shown the error summary first, then sees the chair and
 * deputy on the next meeting and in the meetings list; then, the chair being away, names another chair for that meeting only
 * with the reason (002 §2.2), is shown the error summary first, and sees the change on the meeting and in the list.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import { activate, assertH1, pageProblems, signIn, summaryValue, tabTo, typeInto, visited } from './support/pages.ts';

describe('a series’ chair rota', () => {
  let page: Page;

  const { open } = browserSuite('chairs');
  before(async () => {
    page = await open();
  });
  after(() => assert.deepEqual(pageProblems(page), [], 'no script or console errors'));

  const chosen = async (id: string) => (await page.locator(`#${id} option:checked`).innerText()).trim();
  const choose = async (id: string, downs: number) => {
    await tabTo(page, page.locator(`#${id}`));
    for (let i = 0; i < downs; i++) await page.keyboard.press('ArrowDown');
  };

  test('Rotherham’s coordinator sets the MACE chair rota and sees the chair and deputy on the next meeting', async () => {
    await signIn(page, 'coordinator', 'rotherham');
    await page.goto('/meetings');
    await activate(page, page.locator('main ul.govuk-list').getByRole('link', { name: 'MACE', exact: true }));
    await assertH1(page, 'MACE');
    assert.match(await page.locator('main').innerText(), /Evolve team manager and Detective sergeant, CSE team chair in turn/);
    await visited(page, 'series');

    await activate(page, page.getByRole('link', { name: 'Set the chair rota' }));
    await assertH1(page, 'Chair rota');
    assert.equal(await page.locator('#role-1').inputValue(), 'Evolve team manager', 'the configured roles are the defaults');
    assert.equal(await page.locator('#role-2').inputValue(), 'Detective sergeant, CSE team');
    await visited(page, 'form');

    await activate(page, page.getByRole('button', { name: 'Save the chair rota' }));
    await assertH1(page, 'Chair rota');
    assert.match(await page.title(), /^Error:/);
    const summary = await page.locator('.govuk-error-summary').innerText();
    assert.match(summary, /Select who chairs turn 1/);
    assert.match(summary, /Select who chairs turn 2/);
    await visited(page, 'error');

    await choose('chair-1', 1);
    await choose('deputy-1', 2);
    await choose('chair-2', 2);
    await choose('deputy-2', 1);
    const manager = await chosen('chair-1');
    const deputy = await chosen('deputy-1');
    const sergeant = await chosen('chair-2');
    assert.notEqual(manager, sergeant);
    await activate(page, page.getByRole('button', { name: 'Save the chair rota' }));
    await assertH1(page, 'MACE');
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Chair rota saved/);
    const rota = await page.getByRole('table', { name: /Chair rota/ }).innerText();
    assert.match(rota, new RegExp(`Evolve team manager\\s+${manager}\\s+${deputy}`));
    assert.match(rota, new RegExp(`Detective sergeant, CSE team\\s+${sergeant}`));
    await visited(page, 'saved');

    // The next meeting is the first turn's.
    await activate(page, page.locator('main ul.govuk-list a').first());
    await assertH1(page, 'MACE');
    const main = page.locator('main');
    assert.equal(await summaryValue(main, 'Chair'), `${manager} (Evolve team manager)`);
    assert.equal(await summaryValue(main, 'Deputy'), deputy);
    await visited(page, 'meeting');

    await activate(page, page.getByRole('link', { name: 'Back to meetings' }));
    await assertH1(page, 'Meetings');
    const list = await page.locator('main table').innerText();
    assert.ok(list.includes(`${manager} (Evolve team manager)`), 'the list shows the chair');
    assert.ok(list.includes(`${sergeant} (Detective sergeant, CSE team)`));
    await visited(page, 'list');
  });

  test('002 §2.2: the chair is away, so the coordinator names another chair for the next meeting only, with the reason', async () => {
    await activate(page, page.locator('main table').getByRole('link', { name: 'MACE', exact: true }).first());
    await assertH1(page, 'MACE');
    const rotaChair = await summaryValue(page.locator('main'), 'Chair');
    await activate(page, page.getByRole('button', { name: 'Save the chair for this meeting' }));
    await assertH1(page, 'MACE');
    assert.match(await page.title(), /^Error:/);
    const summary = await page.locator('.govuk-error-summary').innerText();
    assert.match(summary, /Select who chairs this meeting, or who deputises, instead of the rota’s/);
    assert.match(summary, /Enter why the chair changes for this meeting/);
    await visited(page, 'chair-error');

    await choose('chair', 3);
    const standIn = await chosen('chair');
    await typeInto(page, page.locator('#chairReason'), 'The Evolve team manager is on leave');
    await activate(page, page.getByRole('button', { name: 'Save the chair for this meeting' }));
    await assertH1(page, 'MACE');
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Chair for this meeting saved/);
    const main = page.locator('main');
    assert.equal(await summaryValue(main, 'Chair'), `${standIn} (Evolve team manager, for this meeting only)`);
    const changed = await summaryValue(main, 'Chair changed');
    assert.ok(changed.includes(`in place of the rota’s chair: ${rotaChair.replace(/ \(.*$/, '')} on the rota`), changed);
    assert.match(changed, /Reason: The Evolve team manager is on leave/);
    await visited(page, 'chair-changed');

    await activate(page, page.getByRole('link', { name: 'Back to meetings' }));
    await assertH1(page, 'Meetings');
    assert.ok((await page.locator('main table').innerText()).includes(`${standIn} (Evolve team manager, for this meeting only)`));
    await visited(page, 'chair-list');
  });
});
