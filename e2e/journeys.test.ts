import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import { activate, assertH1, pageProblems, signIn, signOut, tabTo, visited } from './support/pages.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('browser journeys (keyboard, axe on every page)', () => {
  // Screenshots keep their unprefixed names (journeys were the first browser tests).
  const { open } = browserSuite('');

  /** Searches with the keyboard from the Children page and returns the result page's first matching link. */
  async function search(page: Page, q: string) {
    await tabTo(page, page.locator('#q'));
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(q);
    await activate(page, page.getByRole('button', { name: 'Search', exact: true }));
  }

  test('practitioner: sign in, search with a misspelling, add a child after an error, view it, sign out', async () => {
    const page = await open();
    await signIn(page, 'practitioner', 'staffordshire', { screenshots: true });
    await visited(page, 'home');

    // Children, through the service navigation.
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Children' }));
    assert.equal(new URL(page.url()).pathname, '/children');
    await assertH1(page, 'Find a child');
    await visited(page, 'search');

    // A misspelled name still finds the demo child.
    await search(page, 'Jordon Ashdwn');
    assert.equal(new URL(page.url()).pathname, '/children');
    assert.ok(!page.url().includes('Jordon'), 'the search text stays out of the URL');
    const result = page.getByRole('table').getByRole('link', { name: 'Jordan Ashdown' });
    assert.equal(await result.count(), 1, 'Jordan Ashdown is in the results');
    await visited(page, 'search-results');

    await activate(page, result);
    assert.match(new URL(page.url()).pathname, new RegExp(`^/children/${UUID.source}$`));
    await assertH1(page, 'Jordan Ashdown');
    await visited(page, 'child-found');

    // Add a child: back to Children, then "Add a child".
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Children' }));
    await activate(page, page.getByRole('link', { name: 'Add a child' }));
    assert.equal(new URL(page.url()).pathname, '/children/new');
    await assertH1(page, 'Add a child');
    await visited(page, 'new-child');

    // Submit it empty: the error summary appears and takes the focus.
    await activate(page, page.getByRole('button', { name: 'Add child' }));
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'), undefined, { timeout: 5_000 });
    assert.match(await page.title(), /^Error: /);
    const messages = (await summary.locator('.govuk-error-summary__list a').allTextContents()).map((s) => s.trim());
    assert.deepEqual(messages, ['Enter the child’s first name', 'Enter the child’s last name', 'Select the district']);
    await visited(page, 'new-child-errors');

    // Fix it with the keyboard: the summary's first link takes us to the first name field.
    await tabTo(page, summary.getByRole('link', { name: 'Enter the child’s first name' }));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'firstName');
    await page.keyboard.type('Morgan');
    await tabTo(page, page.locator('#lastName'));
    await page.keyboard.type('Keyboardson');
    await tabTo(page, page.locator('#dateOfBirth-day'));
    await page.keyboard.type('14');
    await tabTo(page, page.locator('#dateOfBirth-month'));
    await page.keyboard.type('2');
    await tabTo(page, page.locator('#dateOfBirth-year'));
    await page.keyboard.type('2011');
    await tabTo(page, page.locator('#districtId'));
    await page.keyboard.type('Tamworth');
    assert.equal(await page.locator('#districtId').inputValue(), 'tamworth', 'the district was chosen by typing');
    await tabTo(page, page.locator('#primaryRisk')); // the radio group is one tab stop; arrows choose within it
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('input[name=primaryRisk]:checked').inputValue(), 'CCE');
    await activate(page, page.getByRole('button', { name: 'Add child' }));

    // The new child's page.
    assert.match(new URL(page.url()).pathname, new RegExp(`^/children/${UUID.source}$`));
    await assertH1(page, 'Morgan Keyboardson');
    const details = page.locator('.govuk-summary-card', { hasText: 'Details' });
    assert.match((await details.textContent()) ?? '', /Tamworth/);
    assert.match((await details.textContent()) ?? '', /14 February 2011|14 Feb 2011/);
    await visited(page, 'child-created');

    await signOut(page);
    await assertH1(page, 'You have been signed out');
    await visited(page, 'signed-out');
    assert.deepEqual(pageProblems(page), []);
  });

  test('admin: users list, a user page and a child’s audit page', async () => {
    const page = await open();
    await signIn(page, 'admin', 'staffordshire');
    await visited(page, 'admin-home');

    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }));
    assert.equal(new URL(page.url()).pathname, '/admin/users');
    await assertH1(page, /^Users \(\d+\)$/);
    await visited(page, 'admin-users');

    await activate(page, page.getByRole('table').getByRole('link', { name: 'Priya Fairweather' }));
    assert.match(new URL(page.url()).pathname, new RegExp(`^/admin/users/${UUID.source}$`));
    assert.match((await page.locator('main').textContent()) ?? '', /practitioner@staffordshire\.example\.org/);
    await visited(page, 'admin-user');

    // A child's audit page: find the child, then the record's Audit tab.
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Children' }));
    await search(page, 'Kayla Brightwell');
    await activate(page, page.getByRole('table').getByRole('link', { name: 'Kayla Brightwell' }));
    await activate(page, page.getByRole('navigation', { name: 'Child record' }).getByRole('link', { name: 'Audit' }));
    assert.match(new URL(page.url()).pathname, new RegExp(`^/children/${UUID.source}/audit$`));
    assert.match((await page.locator('main').textContent()) ?? '', /Kayla Brightwell/);
    await visited(page, 'child-audit');
    assert.deepEqual(pageProblems(page), []);
  });

  test('a Rotherham practitioner gets “page not found” for a Staffordshire child', async () => {
    const staffs = await open();
    await signIn(staffs, 'practitioner', 'staffordshire');
    await activate(staffs, staffs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Children' }));
    await search(staffs, 'Tyler Cresswell');
    const href = await staffs.getByRole('table').getByRole('link', { name: 'Tyler Cresswell' }).getAttribute('href');
    assert.match(href ?? '', new RegExp(`^/children/${UUID.source}$`));

    const page = await open();
    await signIn(page, 'practitioner', 'rotherham');
    const res = await page.goto(href!);
    assert.equal(res?.status(), 404);
    assert.doesNotMatch((await page.content()) ?? '', /Cresswell/);
    await assertH1(page, /not found/i);
    await visited(page, 'not-found-other-partnership');
  });
});
