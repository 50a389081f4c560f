/**
 * Intelligence (issue #6): a coordinator records what a panel learns about a network — a vehicle (after a
 * malformed plate), a person with a "did you mean" step, a link from a child, a significant event, a missing
 * episode with its details. Axe on every page, a screenshot of each (screenshots/intelligence-NN-*.png).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import { assertH1, pageProblems, signIn, visited } from './support/pages.ts';

describe('intelligence (axe and screenshots)', () => {
  let page: Page;
  let associationsUrl = '';

  const { open } = browserSuite('intelligence');
  before(async () => {
    page = await open();
  });

  const submit = async (name: string) => {
    const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
    await page.getByRole('button', { name, exact: true }).click();
    await navigated;
    await page.waitForLoadState('load');
  };
  const date = async (id: string, d: string, m: string, y: string) => {
    await page.fill(`#${id}-day`, d);
    await page.fill(`#${id}-month`, m);
    await page.fill(`#${id}-year`, y);
  };
  const provenance = async () => {
    await page.fill('#source', 'Panel discussion');
    await page.selectOption('#sourceAgencyId', 'police');
    await date('informationDate', '12', '1', '2026');
    await page.check('input[name=reliability][value=usually-reliable]');
  };

  test('coordinator: search, add a vehicle after a malformed plate, a person via "did you mean", link from a child', async () => {
    await signIn(page, 'coordinator');
    await page.getByRole('link', { name: 'Intelligence', exact: true }).click();
    await assertH1(page, 'Intelligence');
    await page.fill('#q', 'Smudg');
    await submit('Search');
    await visited(page, 'search');

    await page.getByRole('link', { name: 'Add a record' }).click();
    await assertH1(page, 'What do you want to add?');
    await visited(page, 'choose-kind');
    await page.check('input[name=kind][value=vehicle]');
    await submit('Continue');
    await page.fill('#plate', 'NOT A PLATE 1');
    await provenance();
    await submit('Save vehicle');
    await assertH1(page, 'Add a vehicle');
    assert.match(await page.title(), /^Error:/);
    await visited(page, 'vehicle-error');
    await page.fill('#plate', 'gk63 wrt');
    await page.fill('#make', 'Peugeot');
    await submit('Save vehicle');
    await assertH1(page, /GK63 WRT/);
    await visited(page, 'vehicle');

    await page.goto('/intelligence/records/new/person');
    await page.fill('#name', 'Dean Vikery');
    await page.check('input[name=role][value=associate]');
    await provenance();
    await submit('Save person of concern');
    await assertH1(page, /Did you mean/);
    await visited(page, 'did-you-mean');
    await page.check('input[name=decision][value=new]');
    await submit('Continue');
    await assertH1(page, /Dean Vikery/);
    await visited(page, 'person');
    await page.getByRole('link', { name: 'Change', exact: false }).first().click();
    await visited(page, 'person-edit');
    await submit('Save changes');
    // Still close to a person already recorded: offered to compare and merge.
    assert.match((await page.textContent('main')) ?? '', /This may be the same person as another record/);
    await visited(page, 'person-possible-duplicate');
  });

  test('coordinator: a child’s associations, a link, events and missing episodes', async () => {
    await page.goto('/children');
    await page.fill('#q', 'Jordan Ashdown');
    await submit('Search');
    await page
      .getByRole('link', { name: /Jordan Ashdown/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Associations', exact: true }).click();
    await visited(page, 'associations');
    await page.getByRole('link', { name: 'Add a link' }).click();
    await page.fill('#q', 'GK63WRT');
    await submit('Search');
    await visited(page, 'link-find');
    await page.getByRole('link', { name: /Link GK63 WRT/ }).click();
    await assertH1(page, 'How are they linked?');
    await submit('Save link');
    await visited(page, 'link-error');
    await page.selectOption('#relation', 'found-at');
    await page.fill('#source', 'Police stop');
    await page.check('input[name=reliability][value=reliable]');
    await submit('Save link');
    await visited(page, 'associations-linked');
    assert.match((await page.textContent('main')) ?? '', /GK63 WRT/);
    associationsUrl = new URL(page.url()).pathname;

    await page.getByRole('link', { name: 'Events and investigations', exact: true }).click();
    await visited(page, 'events');
    await page.getByRole('link', { name: 'Add a significant event' }).click();
    await date('occurredAt', '3', '1', '2026');
    await page.fill('#occurredAt-time', '22:15');
    await page.check('input[name=kind][value=arrest]');
    await page.fill('#summary', 'Stopped with two adults in a car');
    await page.fill('#source', 'Police log');
    await page.check('input[name=reliability][value=reliable]');
    await submit('Save significant event');
    await visited(page, 'events-saved');
    await page.getByRole('link', { name: 'Add a trafficking concern' }).click();
    await visited(page, 'trafficking-form');
    await page.goto(page.url().replace('/trafficking/new', '/investigations/new'));
    await visited(page, 'investigation-form');

    await page.goto(page.url().replace('/investigations/new', '/missing'));
    await visited(page, 'missing');
    await page
      .getByRole('link', { name: /^Change/ })
      .first()
      .click();
    await visited(page, 'missing-edit');
    assert.deepEqual(pageProblems(page), []);
  });

  test('coordinator: change a link, remove it with a reason, merge two records of the same person', async () => {
    await page.goto(associationsUrl);
    await page.getByRole('link', { name: /Change the link with GK63 WRT/ }).click();
    await assertH1(page, 'Change the link');
    await visited(page, 'link-change');
    await page.fill('#notes', 'Seen in the car twice outside the school');
    await submit('Save changes');
    await visited(page, 'associations-changed');
    assert.match((await page.textContent('main')) ?? '', /Link changed/);
    await page.getByRole('link', { name: /Remove the link with GK63 WRT/ }).click();
    await assertH1(page, 'Are you sure you want to remove this link?');
    await visited(page, 'link-remove');
    await submit('Remove link');
    assert.match(await page.title(), /^Error:/);
    await visited(page, 'link-remove-error');
    await page.fill('#reason', 'Recorded against the wrong child');
    await submit('Remove link');
    await visited(page, 'associations-removed');
    assert.match((await page.textContent('main')) ?? '', /Link removed/);

    await page.goto('/intelligence');
    await page.fill('#q', 'Dean Vikery');
    await submit('Search');
    await page.getByRole('link', { name: 'Dean Vikery', exact: true }).click();
    await page.getByRole('link', { name: 'Merge with another record of the same person' }).click();
    await assertH1(page, /Which record is the same person as Dean Vikery\?/);
    await visited(page, 'merge-choose');
    await page.locator('input[name=duplicateId]').first().check();
    await submit('Continue');
    await assertH1(page, /^Merge Dean Vikery and .*\?$/);
    await visited(page, 'merge-confirm');
    await submit('Merge records');
    assert.match(await page.title(), /^Error:/);
    await visited(page, 'merge-error');
    await page.check('input[name=confirm]');
    await submit('Merge records');
    // The record with more links (the one known before) was offered to keep.
    await assertH1(page, /Dean Vickery/);
    assert.match((await page.textContent('main')) ?? '', /Records merged/);
    await visited(page, 'person-merged');
    assert.deepEqual(pageProblems(page), []);
  });
});
