/**
 * Axe (WCAG 2.2 AA) and a screenshot (screenshots/other-NN-*.png) on the pages of the other tools:
 * Rotherham's VAT, LLR's concerns, THRIVE and NPA outcome, the Staffordshire triage inbox, the admin outbox,
 * and a Staffordshire child's missing episodes and CE referral. Mostly by keyboard, because it costs little.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import {
  activate,
  assertH1,
  checkAccessibility,
  chooseRadio,
  findChild,
  pageProblems,
  screenshot,
  signIn,
  summaryValue,
  tabTo,
  typeDate,
  typeInto,
  visited,
  type KnownAxeIssue,
} from './support/pages.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const path = (page: Page) => new URL(page.url()).pathname;

/**
 * GOV.UK Frontend marks a radio that reveals conditional content with aria-expanded, which ARIA 1.2 does not allow
 * on a radio (axe: aria-allowed-attr; alphagov/govuk-frontend#979, kept by GOV.UK on purpose). The project avoids
 * these reveals elsewhere (vat/views/start.njk); these radios still have one. Reported; tolerated on these radios only.
 */
// The follow-up questions now stand after their radios (no conditional reveal), so nothing is tolerated.
const revealingRadios = (_view: string, ..._targets: string[]): KnownAxeIssue[] => [];
const CONCERN_SOURCE = revealingRadios('llr/views/concern-form.njk source', '#source-3');
const THRIVE_GRADE = revealingRadios('llr/views/thrive-form.njk grade', '#grade', '#grade-2');
const NPA_OUTCOME = revealingRadios('llr/views/npa-outcome.njk outcome', '#outcome', '#outcome-2');

/** A date some days before today, as typed into a GOV.UK date input. */
function daysAgo(n: number) {
  const d = new Date(Date.now() - n * 86_400_000);
  return { day: String(d.getDate()), month: String(d.getMonth() + 1), year: String(d.getFullYear()) };
}

describe('the other tools’ pages (axe and screenshots)', () => {
  const { open } = browserSuite('other');

  test('Rotherham VAT (chair): start, form, check, submitted, and the harmful sexual behaviour turn-away', async () => {
    const page = await open();
    await signIn(page, 'chair', 'rotherham');
    await findChild(page, 'Jordan Ashdown');
    await activate(page, page.getByRole('link', { name: 'Complete the Vulnerability Assessment Tool' }));
    assert.match(path(page), /\/vat\/new$/);
    await assertH1(page, 'Start a Vulnerability Assessment Tool (VAT)');
    await visited(page, 'vat-start');

    await chooseRadio(page, 'harmfulSexualBehaviour', 1); // No
    await chooseRadio(page, 'placed', 1); // No
    await activate(page, page.getByRole('button', { name: 'Continue' }));
    assert.match(path(page), new RegExp(`^/vat/${UUID.source}$`));
    await assertH1(page, 'Vulnerability Assessment Tool (VAT)');
    await visited(page, 'vat-form');

    await typeDate(page, 'asOf');
    // Two factors, each ticked with Space, which reveals the date of its most recent evidence.
    for (const [factor, when] of [
      ['adults-of-concern', daysAgo(20)],
      ['drug-supply', daysAgo(45)],
    ] as const) {
      await tabTo(page, page.locator(`#factor-${factor}`));
      await page.keyboard.press('Space');
      await typeDate(page, `date-${factor}`, when);
    }
    await typeInto(page, page.locator('#note-drug-supply'), 'Arrested with 14 wraps, police intelligence log.');
    await screenshot(page, 'vat-form-filled');
    await checkAccessibility(page, 'vat form, factors ticked');
    await activate(page, page.getByRole('button', { name: 'Save and continue' }));
    assert.match(path(page), new RegExp(`^/vat/${UUID.source}/check$`));
    await assertH1(page, 'Check the VAT before you submit it');
    assert.equal(await summaryValue(page.locator('main'), 'Factors with evidence'), '2');
    await visited(page, 'vat-check');

    await activate(page, page.getByRole('button', { name: 'Submit VAT' }));
    assert.match(path(page), new RegExp(`^/vat/${UUID.source}$`));
    assert.match((await page.locator('.govuk-panel').textContent()) ?? '', /VAT submitted[\s\S]*Risk:[\s\S]*Total 35/);
    await visited(page, 'vat-submitted');

    // A child who shows harmful sexual behaviour is turned away to the YMARAC.
    await findChild(page, 'Kayla Brightwell');
    await activate(page, page.getByRole('link', { name: 'Complete the Vulnerability Assessment Tool' }));
    await chooseRadio(page, 'harmfulSexualBehaviour', 0); // Yes
    await activate(page, page.getByRole('button', { name: 'Continue' }));
    assert.match(path(page), /\/vat\/not-for-mace$/);
    await assertH1(page, 'This child cannot be discussed at MACE');
    assert.match((await page.locator('main').textContent()) ?? '', /YMARAC \(Youth Justice Service\)/);
    await visited(page, 'vat-not-for-mace');
    assert.deepEqual(pageProblems(page), []);
  });

  test('002 §4.7: a Medium VAT outcome asks the type of exploitation with the decision, by keyboard, none pre-selected', async () => {
    const page = await open();
    await signIn(page, 'chair', 'rotherham');
    await findChild(page, 'Jordan Ashdown');
    await activate(page, page.getByRole('link', { name: 'Complete the Vulnerability Assessment Tool' }));
    await chooseRadio(page, 'harmfulSexualBehaviour', 1); // No
    await chooseRadio(page, 'placed', 1); // No
    await activate(page, page.getByRole('button', { name: 'Continue' }));
    await typeDate(page, 'asOf');
    // 20 (drug supply) + 15 (adults of concern) + 5 (multiple phones) = 40: medium. Any factor the last VAT carried over is ticked already.
    for (const [factor, when] of [
      ['adults-of-concern', daysAgo(20)],
      ['drug-supply', daysAgo(45)],
      ['multiple-phones', daysAgo(10)],
    ] as const) {
      const box = page.locator(`#factor-${factor}`);
      if (!(await box.isChecked())) {
        await tabTo(page, box);
        await page.keyboard.press('Space');
      }
      await typeDate(page, `date-${factor}`, when);
    }
    await activate(page, page.getByRole('button', { name: 'Save and continue' }));
    await assertH1(page, 'Check the VAT before you submit it');
    assert.match((await page.locator('.app-vat-result').innerText()) ?? '', /Total\s+40/);
    assert.equal(await page.locator('input[name="riskType"]').count(), 3, 'asked at medium');
    assert.equal(await page.locator('input[name="riskType"]:checked').count(), 0, 'none pre-selected');
    await visited(page, 'vat-check-type');
    await activate(page, page.getByRole('button', { name: 'Submit VAT' }));
    assert.match(await page.title(), /^Error: /);
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Select the type of exploitation discussed/);
    await visited(page, 'vat-check-type-error');
    await chooseRadio(page, 'riskType', 1); // Criminal exploitation (CCE)
    await activate(page, page.getByRole('button', { name: 'Submit VAT' }));
    assert.match((await page.locator('.govuk-panel').textContent()) ?? '', /VAT submitted[\s\S]*Risk:[\s\S]*Medium[\s\S]*Total 40/);
    assert.equal(await summaryValue(page.locator('.app-vat-result'), 'Type of exploitation'), 'Criminal exploitation (CCE)');
    await visited(page, 'vat-submitted-type');
    assert.deepEqual(pageProblems(page), []);
  });

  test('LLR (coordinator): concern form, concern, THRIVE form, medium grading confirmation, NPA outcome form', async () => {
    const page = await open();
    await signIn(page, 'coordinator', 'llr');
    await findChild(page, 'Tyler Cresswell');
    await activate(page, page.getByRole('link', { name: 'Record a child concern' }));
    assert.match(path(page), /\/concerns\/new$/);
    await assertH1(page, 'Record a child concern');
    await visited(page, 'llr-concern-form', CONCERN_SOURCE);

    await chooseRadio(page, 'source', 0); // Police report or PPN
    await chooseRadio(page, 'indicatorsPresent', 0); // Yes
    await typeInto(page, page.locator('#summary'), 'PPN 4411: Tyler found at a flat in Loughborough with two adults; cash and two phones.');
    await activate(page, page.getByRole('button', { name: 'Record concern' }));
    assert.match(path(page), new RegExp(`^/concerns/${UUID.source}$`));
    await assertH1(page, 'Child concern');
    assert.match((await page.locator('.govuk-notification-banner').textContent()) ?? '', /Child concern recorded/);
    await visited(page, 'llr-concern');

    await activate(page, page.getByRole('button', { name: 'Grade at the DRMM (THRIVE)' }));
    assert.match(path(page), new RegExp(`^/thrive/${UUID.source}$`));
    await assertH1(page, 'THRIVE risk grading');
    await visited(page, 'llr-thrive-form', THRIVE_GRADE);

    await typeDate(page, 'drmmDate');
    await typeInto(page, page.locator('#threat'), 'Adults using Tyler to hold cash and phones.');
    await typeInto(page, page.locator('#harm'), 'Physical harm likely if debts are run up.');
    await chooseRadio(page, 'grade', 1); // Medium
    await screenshot(page, 'llr-thrive-medium');
    await checkAccessibility(page, 'thrive form, medium chosen', THRIVE_GRADE);
    await activate(page, page.getByRole('button', { name: 'Submit grading' }));
    assert.match(path(page), new RegExp(`^/thrive/${UUID.source}/confirmation$`));
    await assertH1(page, 'THRIVE grading submitted');
    assert.match((await page.locator('.govuk-panel').textContent()) ?? '', /Medium/);
    assert.match((await page.locator('main').textContent()) ?? '', /An NPA referral has been drafted/);
    await visited(page, 'llr-thrive-confirmation');

    await activate(page, page.getByRole('link', { name: 'Record the NPA’s outcome' }));
    assert.match(path(page), new RegExp(`^/npa-referrals/${UUID.source}/outcome$`));
    await assertH1(page, 'Record the NPA’s outcome');
    await visited(page, 'llr-npa-outcome', NPA_OUTCOME);
    assert.deepEqual(pageProblems(page), []);
  });

  test('Staffordshire (coordinator): triage inbox and an item, a child’s missing episodes and CE referral', async () => {
    const page = await open();
    await signIn(page, 'coordinator', 'staffordshire');
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triage' }));
    assert.equal(path(page), '/triage');
    await assertH1(page, /^Triage inbox \((\d+)\)$/);
    const count = Number(/\((\d+)\)/.exec((await page.locator('h1').textContent()) ?? '')![1]);
    assert.ok(count >= 2, `the demo data's two submitted RFMs are in the inbox (${count})`);
    await visited(page, 'triage-inbox');

    await activate(page, page.getByRole('table').locator('tbody a').first());
    assert.match(path(page), new RegExp(`^/triage/${UUID.source}$`));
    await visited(page, 'triage-item');

    // Kayla Brightwell has a demo RFM completed today, so a CE referral can be made.
    await findChild(page, 'Kayla Brightwell');
    await activate(page, page.getByRole('navigation', { name: 'Child record' }).getByRole('link', { name: 'Missing episodes' }));
    assert.match(path(page), /\/missing$/);
    await visited(page, 'missing-episodes');

    await activate(page, page.getByRole('navigation', { name: 'Child record' }).getByRole('link', { name: 'Summary' }));
    await activate(page, page.getByRole('link', { name: 'Make a CE referral' }));
    assert.match(path(page), /\/ce-referral$/);
    await assertH1(page, 'CE referral form');
    assert.equal(await page.locator('#referrerName').inputValue(), 'Colin Marchbank');
    await visited(page, 'ce-referral');
    assert.deepEqual(pageProblems(page), []);
  });

  test('admin (Staffordshire): the outbox', async () => {
    const page = await open();
    await signIn(page, 'admin', 'staffordshire');
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }));
    await activate(page, page.getByRole('link', { name: 'Outgoing email' }));
    assert.equal(path(page), '/admin/outbox');
    await assertH1(page, /^Outbox \(\d+\)$/);
    await visited(page, 'outbox');
    assert.deepEqual(pageProblems(page), []);
  });
});
