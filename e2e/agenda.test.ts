/**
 * The agenda (issue #5) by keyboard, with axe and a screenshot (screenshots/agenda-NN-*.png) on every page:
 * Rotherham's coordinator opens the demo agenda of the next MACE, adds a location, changes an item,
 * publishes; the agency responder (a member) reads it and declines the invitation naming a deputy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server.ts';
import {
  activate,
  assertH1,
  chooseRadio,
  findChild,
  launchBrowser,
  newPage,
  pageProblems,
  screenshotPrefix,
  signIn,
  tabTo,
  typeInto,
  untilListening,
  visited,
} from './support/pages.ts';

/** Goes to a URL once the current page has finished loading (so that its favicon request is not aborted). */
async function go(page: Page, url: string) {
  await page.waitForLoadState('networkidle');
  await page.goto(url);
}

describe('the agenda of a meeting', () => {
  let server: RunningServer;
  let browser: Browser;
  const pages: Page[] = [];
  const open = async () => {
    const page = await newPage(browser, server.baseUrl);
    pages.push(page);
    return page;
  };

  before(async () => {
    screenshotPrefix('agenda');
    server = await startServer();
    await untilListening(server);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const p of pages) assert.deepEqual(pageProblems(p), [], 'no script or console errors');
    await browser?.close();
    await server?.stop();
  });

  let agendaPath = '';

  test('Rotherham’s coordinator builds and publishes the agenda of the next MACE', async () => {
    const page = await open();
    await signIn(page, 'coordinator', 'rotherham');
    await go(page, '/meetings');
    await activate(page, page.getByRole('link', { name: 'MACE', exact: true }).first());
    await visited(page, 'occurrence');
    await activate(page, page.getByRole('link', { name: 'Build the agenda' }));
    await assertH1(page, 'Agenda');
    agendaPath = new URL(page.url()).pathname;
    await visited(page, 'agenda-draft');
    assert.match(await page.locator('#fit').innerText(), /to spare|over|exactly/);

    await activate(page, page.getByRole('link', { name: 'Add a location' }));
    await assertH1(page, 'Add a location');
    await activate(page, page.getByRole('button', { name: 'Add to the agenda' }));
    await assertH1(page, 'Add a location');
    await visited(page, 'add-location-errors');
    await typeInto(page, page.locator('#location'), 'Clifton Park (demo)');
    await typeInto(page, page.locator('#fixedStart'), '9:35am');
    await activate(page, page.getByRole('button', { name: 'Add to the agenda' }));
    assert.match(await page.locator('.govuk-error-summary').innerText(), /would start at 9:35am, before item 2 ends/);
    await page.locator('#fixedStart').fill('');
    await activate(page, page.getByRole('button', { name: 'Add to the agenda' }));
    await assertH1(page, 'Agenda');
    await visited(page, 'agenda-added');

    await activate(page, page.getByRole('link', { name: 'Add a child' }));
    await visited(page, 'add-child');
    await page.goBack();
    await activate(page, page.getByRole('link', { name: 'Add a group of children' }));
    await visited(page, 'add-group');
    await page.goBack();

    await activate(page, page.getByRole('link', { name: 'Change item 1' }));
    await visited(page, 'item');
    await tabTo(page, page.locator('#slotMinutes'));
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('30');
    await activate(page, page.getByRole('button', { name: 'Save changes' }));
    await assertH1(page, 'Agenda');

    await activate(page, page.getByRole('button', { name: 'Move down item 1' }));
    await assertH1(page, 'Agenda');
    await activate(page, page.getByRole('button', { name: 'Publish and send to members' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Agenda published/);
    await visited(page, 'agenda-published');
    await go(page, agendaPath.replace(/agenda$/, 'invitation'));
    await visited(page, 'invitation-answers');
  });

  test('Staffordshire: the demo district panel’s agenda shows each child’s risk and the lead professional’s checklist', async () => {
    const page = await open();
    await signIn(page, 'coordinator', 'staffordshire');
    await go(page, '/meetings?weeks=13');
    await activate(page, page.getByRole('link', { name: 'District MACE panel: Newcastle-under-Lyme', exact: true }).first());
    await activate(page, page.getByRole('link', { name: 'Build the agenda' }));
    await assertH1(page, 'Agenda');
    assert.match(await page.getByRole('table', { name: /^Running order/ }).innerText(), /Medium|High/);
    await visited(page, 'agenda-staffordshire');

    // A child referred to the Moorlands panel is offered on that panel's agenda, with the checklist's progress.
    await findChild(page, 'Kayla Brightwell');
    await go(page, `${new URL(page.url()).pathname}/panel-referral`);
    await activate(page, page.getByRole('button', { name: 'Refer to the panel' }));
    await go(page, '/meetings?weeks=13');
    await activate(page, page.getByRole('link', { name: 'District MACE panel: Staffordshire Moorlands', exact: true }).first());
    await activate(page, page.getByRole('link', { name: 'Build the agenda' }));
    await activate(page, page.getByRole('link', { name: 'Add a child' }));
    await assertH1(page, 'Add a child');
    assert.match(await page.locator('#main-content form').innerText(), /Kayla Brightwell[\s\S]*Referred, not yet thresholded/);
    await visited(page, 'add-child-staffordshire');
    await chooseRadio(page, 'childId', 0);
    await activate(page, page.getByRole('button', { name: 'Add to the agenda' }));
    await assertH1(page, 'Agenda');
    assert.match(await page.getByRole('table', { name: /^Running order/ }).innerText(), /Kayla Brightwell[\s\S]*High[\s\S]*0 of 5 done/);
    await visited(page, 'agenda-staffordshire-referred');
  });

  test('the responder, a member, reads the published agenda and declines naming a deputy', async () => {
    const page = await open();
    await signIn(page, 'responder', 'rotherham');
    await go(page, agendaPath);
    await assertH1(page, 'Agenda');
    await visited(page, 'agenda-member');
    await activate(page, page.getByRole('link', { name: 'Answer the invitation' }));
    await assertH1(page, 'Invitation');
    await chooseRadio(page, 'response', 1);
    await activate(page, page.getByRole('button', { name: 'Save answer' }));
    await visited(page, 'invitation-errors');
    await typeInto(page, page.locator('#deputyName'), 'Morgan Lightfoot');
    await typeInto(page, page.locator('#deputyEmail'), 'deputy@rotherham.example.org');
    await activate(page, page.getByRole('button', { name: 'Save answer' }));
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your answer is saved/);
    await visited(page, 'invitation-answered');
  });
});
