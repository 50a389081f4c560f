/**
 * Finding the child, and not creating them twice (issue 15 item 13), by keyboard with axe on every page: a practitioner
 * finds a child whose last name they misspell, with the date of birth, ranked first; the results reflow at 320 CSS px;
 * adding the same child again shows the likely existing record first (also at 320 px), which opens the record; adding
 * them anyway through "None of these – add the child" keeps everything typed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import { activate, assertH1, tabTo, signIn, typeInto, visited } from './support/pages.ts';
import { demoDateOfBirth } from '../src/db/demo-seed.ts';

const noSidewaysScroll = async (page: Page, what: string) => {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `${what} scrolls sideways at 320 px (${scroll} > ${client})`);
};

describe('finding a child and not adding them twice (keyboard, axe, 320 px)', () => {
  const { open } = browserSuite('child-search');
  const [y, m, d] = demoDateOfBirth('2010-03-27').split('-');

  async function addChild(page: Page, first: string, last: string) {
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Children' }));
    await activate(page, page.getByRole('link', { name: 'Add a child' }));
    await assertH1(page, 'Add a child');
    await typeInto(page, page.locator('#firstName'), first);
    await typeInto(page, page.locator('#lastName'), last);
    await typeInto(page, page.locator('#dateOfBirth-day'), String(Number(d)));
    await typeInto(page, page.locator('#dateOfBirth-month'), String(Number(m)));
    await typeInto(page, page.locator('#dateOfBirth-year'), y!);
    await tabTo(page, page.locator('#districtId'));
    await page.keyboard.type('Tamworth');
    await activate(page, page.getByRole('button', { name: 'Add child' }));
  }

  test('a misspelt last name with the date of birth finds the child first; a new child like them shows the existing record first', async () => {
    const page = await open();
    await signIn(page, 'practitioner', 'staffordshire');
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Children' }));
    await typeInto(page, page.locator('#q'), `Jordan Ahsdown ${d}/${m}/${y}`);
    await activate(page, page.getByRole('button', { name: 'Search', exact: true }));
    assert.ok(!page.url().includes('Ahsdown'), 'the search stays out of the URL');
    const first = page.getByRole('table').getByRole('link').first();
    assert.equal((await first.innerText()).trim(), 'Jordan Ashdown', 'ranked first');
    await visited(page, 'results');
    await page.setViewportSize({ width: 320, height: 800 });
    await noSidewaysScroll(page, 'the search results');
    await visited(page, 'results-320');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Adding Jordan again, misspelt: the existing record is shown before anything is saved, and opens by keyboard.
    await addChild(page, 'Jordon', 'Ashdowne');
    await assertH1(page, 'Is this child already recorded?');
    assert.equal(new URL(page.url()).pathname, '/children', 'no personal data in the URL');
    await visited(page, 'existing');
    await page.setViewportSize({ width: 320, height: 800 });
    await noSidewaysScroll(page, 'the likely existing records');
    await visited(page, 'existing-320');
    await page.setViewportSize({ width: 1280, height: 900 });
    await activate(page, page.getByRole('link', { name: 'Jordan Ashdown' }));
    await assertH1(page, 'Jordan Ashdown');

    // Or add them anyway: "None of these – add the child" saves what was typed.
    await addChild(page, 'Jordon', 'Ashdowne');
    await assertH1(page, 'Is this child already recorded?');
    await activate(page, page.getByRole('button', { name: 'None of these – add the child' }));
    await assertH1(page, 'Jordon Ashdowne');
    assert.match(new URL(page.url()).pathname, /^\/children\/[0-9a-f-]{36}$/);
    await visited(page, 'added-anyway');
  });
});
