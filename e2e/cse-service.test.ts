/**
 * The CSE service offer (issue 15 item 22, DOMAIN §3.4) in the browser: the coordinator routes a child to the CE team
 * in triage, the child's CSE service tab shows the 8-week programme, a practitioner records a session and extends it,
 * all by keyboard, with axe on each page.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { browserSuite } from './support/suite.ts';
import { activate, assertH1, pageProblems, signIn, tabTo, typeDate, typeInto, visited, chooseRadio } from './support/pages.ts';

describe('the CSE service offer (keyboard, axe)', () => {
  const { open } = browserSuite('cse');

  test('triage to the CE team opens the programme; a session and the extension are recorded by keyboard', async () => {
    const page = await open();
    await signIn(page, 'coordinator', 'staffordshire');
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triage' }));
    await activate(page, page.getByRole('table').locator('tbody a').first());
    const checkbox = page.getByRole('checkbox', { name: 'CE team (CSE service)' });
    await tabTo(page, checkbox);
    await page.keyboard.press('Space');
    await typeInto(page, page.locator('#rationale'), 'Suspected CSE: the CE team takes the direct work.');
    await activate(page, page.getByRole('button', { name: 'Record decision' }));
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Triage decision recorded/);
    await activate(page, page.getByRole('link', { name: /^Open record/ }));
    await activate(page, page.getByRole('navigation', { name: 'Child record' }).getByRole('link', { name: 'CSE service' }));
    await assertH1(page, 'CSE service');
    assert.match((await page.locator('main').textContent()) ?? '', /Current programme[\s\S]*Running[\s\S]*\(8 weeks\)/);
    await visited(page, 'cse-programme');

    // The session: today's date, two topics, with parents, what was done.
    await typeDate(page, 'heldOn');
    for (const name of ['Grooming', 'Safety planning']) {
      await tabTo(page, page.getByRole('checkbox', { name }));
      await page.keyboard.press('Space');
    }
    await chooseRadio(page, 'withParents', 0);
    await typeInto(page, page.locator('#notes'), 'Met at home with mum; worked on a safety plan.');
    await activate(page, page.getByRole('button', { name: 'Record session' }));
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Session recorded/);
    assert.match((await page.locator('main').textContent()) ?? '', /with parents or carers\s*Topics: Grooming, Safety planning/);
    await visited(page, 'cse-session-recorded');

    // The extension, for additional needs.
    await chooseRadio(page, 'reason', 1);
    await activate(page, page.getByRole('button', { name: 'Extend by 4 weeks' }));
    assert.match((await page.locator('main').textContent()) ?? '', /Programme extended by 4 weeks[\s\S]*\(extended by 4 weeks\)/);
    assert.equal(await page.getByRole('button', { name: 'Extend by 4 weeks' }).count(), 0, 'extended once only');
    await visited(page, 'cse-extended');
    assert.deepEqual(pageProblems(page), []);
  });
});
