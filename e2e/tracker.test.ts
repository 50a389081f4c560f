/**
 * The national tracker (issue 14), one deployment hosting three partnerships with the tracker in process: a child
 * both Staffordshire and Rotherham hold raises an alert on each side; each coordinator finds it by keyboard on the
 * Tracker page, confirms (after the error summary), and sees the other's contact. Then the Staffordshire coordinator
 * closes the child's record by keyboard: the alert is withdrawn on both sides (Rotherham sees only that), and reopening
 * sends the child again. Axe on every page, screenshots (screenshots/tracker-NN-*.png).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import { DEMO_PASSWORD } from './support/server.ts';
import { activate, assertH1, chooseRadio, pageProblems, signIn, typeInto, visited } from './support/pages.ts';

/** Creates a child through the API (the children service, as the pages do), as a practitioner of the partnership. */
async function createChild(page: Page, partnership: string, districtId: string): Promise<string> {
  const token = await page.request.post('/api/v1/auth/token', { data: { email: `practitioner@${partnership}.example.org`, password: DEMO_PASSWORD } });
  const bearer = ((await token.json()) as { token: string }).token;
  const res = await page.request.post('/api/v1/children', {
    headers: { authorization: `Bearer ${bearer}` },
    data: { firstName: 'Kacper', lastName: 'Wojciechowski', dateOfBirth: '2009-11-23', gender: 'Male', districtId },
  });
  assert.equal(res.status(), 201);
  return ((await res.json()) as { id: string }).id;
}

/** The Tracker page, reloaded until the alert for the child is there (encodings go just after the save commits). */
async function untilAlert(page: Page): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.goto('/tracker');
    if ((await page.getByRole('link', { name: /Kacper Wojciechowski/ }).count()) > 0) return;
    await page.waitForTimeout(250);
  }
  assert.fail('no tracker alert appeared');
}

describe('the national tracker (axe and screenshots)', () => {
  const { open } = browserSuite('tracker');
  let pages: { staffs: Page; roth: Page } | undefined;

  test('two partnerships’ coordinators each see their side, confirm, and see the other’s contact', async () => {
    const staffs = await open();
    const roth = await open();
    await createChild(staffs, 'staffordshire', 'stafford');
    await createChild(roth, 'rotherham', 'rotherham');

    await signIn(staffs, 'coordinator', 'staffordshire');
    await activate(staffs, staffs.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tracker' }));
    await assertH1(staffs, 'National tracker');
    await untilAlert(staffs);
    assert.match(await staffs.locator('table').innerText(), /Rotherham MACE/);
    await visited(staffs, 'tracker-list');
    await activate(staffs, staffs.getByRole('link', { name: /Kacper Wojciechowski/ }));
    await assertH1(staffs, /match in Rotherham MACE/);
    await visited(staffs, 'tracker-alert');
    await activate(staffs, staffs.getByRole('button', { name: 'Save decision' }));
    assert.match(await staffs.title(), /^Error: /);
    await visited(staffs, 'tracker-alert-error');
    await staffs.check('#decision');
    await activate(staffs, staffs.getByRole('button', { name: 'Save decision' }));
    assert.match(await staffs.locator('.govuk-notification-banner').innerText(), /You have confirmed this match/);
    await visited(staffs, 'tracker-confirmed-waiting');

    await signIn(roth, 'coordinator', 'rotherham');
    await untilAlert(roth);
    await activate(roth, roth.getByRole('link', { name: /Kacper Wojciechowski/ }));
    await roth.check('#decision');
    await activate(roth, roth.getByRole('button', { name: 'Save decision' }));
    assert.match(await roth.locator('main').innerText(), /ce-coordinators@staffordshire\.example\.org/);
    await visited(roth, 'tracker-both-confirmed');

    await staffs.reload();
    assert.match(await staffs.locator('main').innerText(), /evolve@rotherham\.example\.org/);
    assert.match(await staffs.locator('.moj-identity-bar').innerText(), /Also known to: Rotherham MACE/);
    await activate(staffs, staffs.getByRole('button', { name: 'Request a transfer of information' }));
    assert.match(await staffs.locator('.govuk-notification-banner').innerText(), /sent to Rotherham MACE/);
    await visited(staffs, 'tracker-transfer-requested');
    for (const p of [staffs, roth])
      assert.deepEqual(
        pageProblems(p).filter((x) => !x.includes('favicon')),
        [],
      );
    pages = { staffs, roth };
  });

  test('closing the child’s record (keyboard only) withdraws the alert on both sides; reopening sends the child again', async () => {
    assert.ok(pages, 'runs after the confirmation above');
    const { staffs, roth } = pages;
    // From the alert's page to the child's record, and its "close the record" link.
    await activate(staffs, staffs.getByRole('link', { name: 'Kacper Wojciechowski' }).first());
    await activate(staffs, staffs.getByRole('link', { name: 'close the record' }));
    await assertH1(staffs, 'Close the record');
    assert.match(await staffs.locator('main').innerText(), /withdrawn from the national tracker/);
    await visited(staffs, 'tracker-close-form');
    await activate(staffs, staffs.getByRole('button', { name: 'Close the record' }));
    assert.match(await staffs.title(), /^Error: /);
    assert.match(await staffs.locator('.govuk-error-summary').innerText(), /Select why the record is being closed/);
    await visited(staffs, 'tracker-close-error');
    await chooseRadio(staffs, 'reason', 1);
    await typeInto(staffs, staffs.locator('#details'), 'Moved to another area with family.');
    await activate(staffs, staffs.getByRole('button', { name: 'Close the record' }));
    assert.match(await staffs.locator('.govuk-notification-banner').first().innerText(), /The record has been closed/);
    assert.match(await staffs.locator('main').innerText(), /This record was closed on/);
    assert.match(await staffs.locator('.moj-identity-bar').innerText(), /Record closed/);
    assert.doesNotMatch(await staffs.locator('.moj-identity-bar').innerText(), /Also known to/);
    await visited(staffs, 'tracker-record-closed');

    // Rotherham: the alert leaves the open list and is listed as withdrawn; its page says so, and nothing more.
    let withdrawn = false;
    for (let i = 0; i < 40 && !withdrawn; i++) {
      await roth.goto('/tracker');
      withdrawn = (await roth.getByRole('heading', { name: /Withdrawn in the last 30 days/ }).count()) > 0;
      if (!withdrawn) await roth.waitForTimeout(250);
    }
    assert.ok(withdrawn, 'the withdrawal reached the other side');
    const [open, gone] = [roth.getByRole('table', { name: /^Open alerts/ }), roth.getByRole('table', { name: /^Alerts withdrawn/ })];
    assert.doesNotMatch(await open.innerText(), /Kacper Wojciechowski/, 'no longer open');
    assert.match(await gone.innerText(), /Kacper Wojciechowski/, 'listed as withdrawn');
    await visited(roth, 'tracker-withdrawn-list');

    // Reopening: a reason, then the child is sent again and a new alert raised.
    await activate(staffs, staffs.getByRole('link', { name: 'Reopen the record' }));
    await assertH1(staffs, 'Reopen the record');
    await typeInto(staffs, staffs.locator('#reason'), 'New concerns reported by the school.');
    await visited(staffs, 'tracker-reopen-form');
    await activate(staffs, staffs.getByRole('button', { name: 'Reopen the record' }));
    assert.match(await staffs.locator('.govuk-notification-banner').first().innerText(), /The record has been reopened/);
    await untilAlert(staffs);
    for (const p of [staffs, roth])
      assert.deepEqual(
        pageProblems(p).filter((x) => !x.includes('favicon')),
        [],
      );
  });
});
