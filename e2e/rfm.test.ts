/**
 * The issue's requirement: "a browser test that completes an RFM by keyboard only and checks it with axe".
 *
 * Keyboard only: the practitioner moves with Tab and Shift+Tab, follows links and submits with Enter,
 * ticks and chooses with Space and the arrow keys, and types into whatever the keyboard has focused.
 * The only page.goto is the sign-in page (inside signIn). Every page and state is checked with axe
 * (WCAG 2.2 AA) and photographed into screenshots/rfm-NN-*.png.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import {
  activate,
  assertH1,
  pageProblems,
  checkAccessibility,
  chooseRadio,
  findChild,
  pressAndWait,
  screenshot,
  signIn,
  signOut,
  summaryValue,
  tabTo,
  typeDate,
  typeInto,
  visited,
  type KnownAxeIssue,
} from './support/pages.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const path = (page: Page) => new URL(page.url()).pathname;

/** The scores chosen for indicators 1 to 14: total A 12, total B 11, assessment score 23 ("Vulnerable", 13–24). */
const SCORES: Record<number, number> = { 1: 2, 2: 1, 3: 3, 4: 1, 5: 2, 6: 1, 7: 2, 8: 1, 9: 2, 10: 1, 11: 1, 12: 3, 13: 1, 14: 2 };
const OVERRIDE_REASON = 'Ruby was found in a car with two older males she could not name; police believe she is being groomed.';

/**
 * GOV.UK Frontend marks a radio that reveals conditional content with aria-expanded, which ARIA 1.2 does not
 * allow on a radio (alphagov/govuk-frontend#979, a known issue GOV.UK keeps on purpose). The project avoids
 * such reveals elsewhere (vat/views/start.njk); the RFM judgement's "override" radio still has one
 * (src/features/rfm/views/part.njk, the `decision` radios): reported, tolerated here on that radio only.
 */
const OVERRIDE_RADIO: KnownAxeIssue[] = [];
/** The same on the routes page: each open route's "Done" radio reveals the date and service (rfm/views/pathway.njk). */
const DONE_RADIOS: KnownAxeIssue[] = [];

/** How many presses of Tab take the focus from one element to another. */
async function tabsBetween(page: Page, from: Locator, to: Locator): Promise<number> {
  await from.focus();
  const target = await to.elementHandle();
  let n = 0;
  while (!(await target!.evaluate((el) => el === document.activeElement))) {
    await page.keyboard.press('Tab');
    if (++n > 200) assert.fail('the target was not reached');
  }
  await target!.dispose();
  return n;
}

/** Saves a task-list part with its "Save and continue" button. */
async function saveAndContinue(page: Page): Promise<void> {
  await activate(page, page.getByRole('button', { name: 'Save and continue', exact: true }));
}

describe('Risk Factor Matrix, keyboard only, axe on every page', () => {
  let page: Page;
  let rfmId = '';
  let changeLinks = -1;

  const { open } = browserSuite('rfm');
  before(async () => {
    page = await open();
  });

  test('a practitioner finds Ruby Jessop and starts a new RFM from her record', async () => {
    await signIn(page, 'practitioner', 'staffordshire');
    await findChild(page, 'Ruby Jessop');
    assert.match(path(page), new RegExp(`^/children/${UUID.source}$`));
    assert.match((await page.locator('.app-identity-bar__risk').textContent()) ?? '', /Risk not yet assessed/);
    await visited(page, 'child-before');

    // Issue 15 §1: without a current RFM, starting one is the primary action.
    const firstButton = page.locator('main .govuk-button-group a.govuk-button').first();
    assert.equal((await firstButton.textContent())?.trim(), 'Start a Risk Factor Matrix');
    assert.doesNotMatch((await firstButton.getAttribute('class')) ?? '', /govuk-button--secondary/);
    await activate(page, page.getByRole('link', { name: 'Start a Risk Factor Matrix' }));
    assert.match(path(page), /\/rfm\/new$/);
    await assertH1(page, 'Start a Risk Factor Matrix');
    await visited(page, 'start');

    await activate(page, page.getByRole('button', { name: 'Start a new RFM' }));
    assert.match(path(page), new RegExp(`^/rfm/${UUID.source}$`));
    rfmId = path(page).split('/')[2]!;
    await assertH1(page, 'Risk Factor Matrix');
    assert.match((await page.locator('main').textContent()) ?? '', /You have completed 0 of 8 parts/);
    const statuses = (await page.locator('.govuk-task-list__status').allTextContents()).map((s) => s.trim());
    assert.deepEqual(statuses, Array(8).fill('Not yet started'));
    await visited(page, 'task-list');
  });

  test('consent and sections A to D, each saved with “Save and continue”', async () => {
    assert.ok(rfmId, 'the RFM was started');
    await activate(page, page.getByRole('link', { name: 'Consent and information sharing' }));
    assert.equal(path(page), `/rfm/${rfmId}/consent`);
    await assertH1(page, 'Consent and information sharing');
    await visited(page, 'consent');
    await chooseRadio(page, 'childConsent', 0); // Yes - I have made the child aware
    await chooseRadio(page, 'supportReferral', 1); // Yes …
    await typeInto(page, page.locator('#supportReferralDetails'), 'Referred to Catch22 on 3 March');
    await chooseRadio(page, 'parentsAware', 0);
    await saveAndContinue(page);

    // Each part goes on to the next one not yet completed.
    assert.equal(path(page), `/rfm/${rfmId}/section-a`);
    await assertH1(page, 'Section A: current risk and the child’s views');
    await visited(page, 'section-a');
    await typeDate(page, 'completedOn');
    await chooseRadio(page, 'riskType', 0); // CSE
    await typeInto(page, page.locator('#childViews'), 'Ruby says the older lads are her friends and that she feels safe with them.');
    await chooseRadio(page, 'childBelievesAtRisk', 1); // No
    await saveAndContinue(page);

    assert.equal(path(page), `/rfm/${rfmId}/section-b`);
    await assertH1(page, 'Section B: the child');
    assert.equal(await page.locator('input[name=primaryRisk]:checked').inputValue(), 'CSE', 'the primary risk comes from the child’s record');
    await visited(page, 'section-b');
    await chooseRadio(page, 'primaryRisk', 0); // keeps CSE: Tab lands on the chosen radio
    await tabTo(page, page.locator('#confirmed'));
    await page.keyboard.press('Space');
    assert.ok(await page.locator('#confirmed').isChecked());
    await saveAndContinue(page);

    assert.equal(path(page), `/rfm/${rfmId}/section-c`);
    await assertH1(page, 'Section C: professional completing');
    assert.equal(await page.locator('#name').inputValue(), 'Priya Fairweather', 'the name comes from the signed-in user');
    assert.equal(await page.locator('#email').inputValue(), 'practitioner@staffordshire.example.org');
    await visited(page, 'section-c');
    await typeInto(page, page.locator('#telephone'), '01632 960123');
    await typeInto(page, page.locator('#roleAgency'), 'Social worker, Staffordshire Children’s Services');
    await typeDate(page, 'dateInitialCompleted');
    await chooseRadio(page, 'partnersConsulted', 0);
    await typeInto(page, page.locator('#agenciesInvolved'), 'School: Ms Example, designated safeguarding lead');
    await chooseRadio(page, 'openToChildrensServices', 0);
    await chooseRadio(page, 'allocatedSocialWorker', 0);
    await saveAndContinue(page);

    assert.equal(path(page), `/rfm/${rfmId}/section-d`);
    await assertH1(page, 'Section D: current concern');
    await visited(page, 'section-d');
    await typeInto(page, page.locator('#strengths'), 'Close to her grandmother; attends netball club every week.');
    await typeInto(page, page.locator('#worries'), 'Seen getting into cars with older males (not relatives) near the bus station.');
    await saveAndContinue(page);
  });

  test('indicators 1 to 7: a missing score is refused, the error summary takes the focus and its link the field', async () => {
    assert.equal(path(page), `/rfm/${rfmId}/indicators-a`);
    await assertH1(page, 'Indicators 1 to 7 (total A)');
    await visited(page, 'indicators-a');
    // Issue 15 item 7: two tab stops an indicator (its score, then its prompts and evidence, collapsed), so seven indicators
    // from the first score to 'Save and continue' are 14 presses of Tab (46 from the top of the page before, 25 now).
    assert.equal(await tabsBetween(page, page.locator('#score-1'), page.getByRole('button', { name: 'Save and continue', exact: true })), 14);

    // Score every indicator but 4, by the arrow keys in each radio group.
    for (const n of [1, 2, 3, 5, 6, 7]) await chooseRadio(page, `score-${n}`, SCORES[n]!);
    // The running totals follow the choices in the browser.
    assert.equal((await page.locator('[data-total="A"]').textContent())?.trim(), String(12 - SCORES[4]!));
    // The evidence is in the indicator's collapsed details: Enter on its summary opens it.
    assert.equal(await page.locator('#evidence-3').isVisible(), false, 'collapsed until opened');
    await tabTo(page, page.locator('[data-rfm-evidence="3"] summary'));
    await page.keyboard.press('Enter');
    await typeInto(page, page.locator('#evidence-3'), 'School attendance officer and police PPN of 2 March.');
    await visited(page, 'indicators-a-evidence-open');
    await saveAndContinue(page);

    // The error state: the title says so, the summary has the focus and names the missing score.
    assert.equal(path(page), `/rfm/${rfmId}/indicators-a`);
    assert.match(await page.title(), /^Error: /);
    const summary = page.locator('.govuk-error-summary');
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'), undefined, { timeout: 5_000 });
    const messages = (await summary.locator('.govuk-error-summary__list a').allTextContents()).map((s) => s.trim());
    assert.deepEqual(messages, ['Select a score for indicator 4']);
    assert.match((await page.locator('#score-4-error').textContent()) ?? '', /Select a score for indicator 4/, 'the message is beside the field too');
    assert.equal(await page.locator('input[name="score-3"]:checked').inputValue(), String(SCORES[3]), 'the scores chosen are kept');
    assert.equal(await page.locator('#evidence-3').inputValue(), 'School attendance officer and police PPN of 2 March.');
    assert.ok(await page.locator('#evidence-3').isVisible(), 'details holding recorded evidence stay open');
    await visited(page, 'indicators-a-error');

    // The summary's link moves the focus to the indicator's first score.
    await tabTo(page, summary.getByRole('link', { name: 'Select a score for indicator 4' }));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'score-4', undefined, { timeout: 5_000 });
    assert.equal(path(page), `/rfm/${rfmId}/indicators-a`, 'the link did not leave the page');
    await chooseRadio(page, 'score-4', SCORES[4]!);
    assert.equal((await page.locator('[data-total="A"]').textContent())?.trim(), '12');
    await saveAndContinue(page);
  });

  test('indicators 8 to 14 and the professional judgement, overriding the scored level with a reason', async () => {
    assert.equal(path(page), `/rfm/${rfmId}/indicators-b`);
    await assertH1(page, 'Indicators 8 to 14 (total B)');
    await visited(page, 'indicators-b');
    assert.equal(await tabsBetween(page, page.locator('#score-8'), page.getByRole('button', { name: 'Save and continue', exact: true })), 14);
    for (let n = 8; n <= 14; n++) await chooseRadio(page, `score-${n}`, SCORES[n]!);
    // Observed and recent, for indicator 12, with the arrow keys too, once its details are open.
    await tabTo(page, page.locator('[data-rfm-evidence="12"] summary'));
    await page.keyboard.press('Enter');
    await chooseRadio(page, 'observed-12', 1);
    await chooseRadio(page, 'recency-12', 0);
    assert.equal((await page.locator('[data-total="B"]').textContent())?.trim(), '11');
    assert.equal((await page.locator('[data-total="AB"]').textContent())?.trim(), '23');
    await page.waitForFunction(() => /Vulnerable/.test(document.querySelector('[data-total="band"]')?.textContent ?? ''), undefined, { timeout: 5_000 });
    await saveAndContinue(page);

    assert.equal(path(page), `/rfm/${rfmId}/judgement`);
    await assertH1(page, 'Professional judgement');
    const scored = page.locator('main .govuk-summary-list').first();
    assert.equal(await summaryValue(scored, 'Total A'), '12');
    assert.equal(await summaryValue(scored, 'Total B'), '11');
    assert.equal(await summaryValue(scored, 'Assessment score (A+B)'), '23');
    assert.match(await summaryValue(scored, 'The scores indicate'), /^Vulnerable/);
    await visited(page, 'judgement', OVERRIDE_RADIO);

    await chooseRadio(page, 'decision', 1); // No, I am overriding it: reveals the level and the reason
    assert.ok(await page.locator('input[name=band]').first().isVisible(), 'the override reveals the level to choose');
    await screenshot(page, 'judgement-override');
    await checkAccessibility(page, 'judgement, override revealed', OVERRIDE_RADIO);
    await chooseRadio(page, 'band', 2); // Suspected exploitation
    await typeInto(page, page.locator('#reason'), OVERRIDE_REASON);
    await saveAndContinue(page);
  });

  test('check your answers, submit, and the confirmation with the band, judged level and routes', async () => {
    // Every part complete: straight to Check your answers.
    assert.equal(path(page), `/rfm/${rfmId}/check`);
    await assertH1(page, 'Check your answers before submitting the RFM');
    const main = page.locator('main');
    const card = (title: string) => main.locator('.govuk-summary-card').filter({ has: page.locator('.govuk-summary-card__title', { hasText: title }) });
    assert.equal(await summaryValue(card('Section A'), 'Risk type'), 'CSE');
    assert.equal(await summaryValue(card('Section C'), 'Telephone'), '01632 960123');
    assert.match(await summaryValue(card('Indicators 1 to 7'), '4.'), /^Score 1/);
    assert.match(await summaryValue(card('Indicators 8 to 14'), '12.'), /^Score 3 \(observed, recent\)/);
    assert.equal(await summaryValue(card('Professional judgement'), 'Decision'), 'Overrides the score');
    assert.equal(await summaryValue(card('Professional judgement'), 'Level judged'), 'Suspected exploitation');
    assert.equal(await summaryValue(card('Professional judgement'), 'Why'), OVERRIDE_REASON);
    const scores = main.locator('h2:has-text("Scores") + .govuk-summary-list');
    assert.equal(await summaryValue(scores, 'Assessment score (A+B)'), '23');
    assert.match(await summaryValue(scores, 'The scores indicate'), /^Vulnerable/);
    // Each card should have a Change link (see the todo test below).
    changeLinks = await main.locator('.govuk-summary-card__actions a').count();
    await visited(page, 'check-answers');

    await activate(page, page.getByRole('button', { name: 'Submit the RFM' }));
    assert.equal(path(page), `/rfm/${rfmId}/confirmation`);
    await assertH1(page, 'Risk Factor Matrix submitted');
    assert.match((await page.locator('.govuk-panel__body').textContent()) ?? '', /Ruby Jessop:\s*medium risk/);
    const result = main.locator('.govuk-summary-list').first();
    assert.equal(await summaryValue(result, 'Assessment score (A+B)'), '23 (A 12, B 11)');
    assert.match(await summaryValue(result, 'The scores indicate'), /^Vulnerable .*: low risk$/);
    assert.match(await summaryValue(result, 'Professional judgement'), /^Suspected exploitation .* – overridden up: Ruby was found in a car/);
    assert.equal(await summaryValue(result, 'Risk type'), 'CSE');
    const routes = (await main.locator('.govuk-summary-card__title').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
    assert.ok(routes.length > 0, 'the routes that apply are listed');
    assert.ok(
      routes.some((r) => /Send the RFM to the Child Exploitation coordinators/.test(r)),
      `routes: ${routes.join(' | ')}`,
    );
    await visited(page, 'confirmation');
  });

  test('check your answers offers a Change link for each of the 8 parts', () => assert.equal(changeLinks, 8));

  test('afterwards: the child’s record shows the risk, the assessments tab, the read-only RFM, its routes and the review page', async () => {
    await activate(page, page.getByRole('link', { name: 'Back to Ruby’s record' }));
    assert.match(path(page), new RegExp(`^/children/${UUID.source}$`));
    const badge = ((await page.locator('.app-identity-bar__risk').textContent()) ?? '').trim();
    assert.equal(badge, 'MEDIUM risk');
    assert.match((await page.locator('.moj-identity-bar').textContent()) ?? '', /scored low: professional judgement differs/);
    assert.match((await page.locator('.moj-timeline').textContent()) ?? '', /Risk Factor Matrix submitted: medium risk \(scored low\)/);
    await visited(page, 'child-after');

    await activate(page, page.getByRole('navigation', { name: 'Child record' }).getByRole('link', { name: 'Assessments' }));
    assert.match(path(page), /\/assessments$/);
    const history = page.getByRole('table', { name: /Judged and scored risk over time/ });
    assert.match((await history.locator('tbody tr').first().textContent()) ?? '', /medium[\s\S]*low \(judgement differs\)[\s\S]*CSE/);
    await visited(page, 'assessments');

    await activate(page, history.getByRole('link', { name: /Risk Factor Matrix/ }).first());
    assert.equal(path(page), `/assessments/${rfmId}`);
    await assertH1(page, /^Risk Factor Matrix completed \d{1,2} \w+ \d{4}$/);
    const summary = page.locator('main .govuk-summary-list').first();
    assert.match(await summaryValue(summary, 'Judged risk level'), /^medium scored low, overridden up$/);
    assert.equal(await summaryValue(summary, 'Completed by'), 'Priya Fairweather');
    assert.equal(await page.getByRole('link', { name: /^Change/ }).count(), 0, 'a submitted RFM has no Change links');
    await visited(page, 'rfm-read-only');

    await activate(page, page.getByRole('link', { name: /^Routes \(\d+ open\)$/ }));
    assert.equal(path(page), `/rfm/${rfmId}/pathway`);
    await visited(page, 'routes', DONE_RADIOS);
    // Back up the page with Shift+Tab to its back link.
    await tabTo(page, page.getByRole('link', { name: 'Back', exact: true }), { backwards: true });
    await pressAndWait(page, 'Enter');
    assert.equal(path(page), `/assessments/${rfmId}`);

    await activate(page, page.getByRole('link', { name: 'Review this RFM (Section E)' }));
    assert.equal(path(page), `/rfm/${rfmId}/review`);
    await assertH1(page, 'Review 1 of the Risk Factor Matrix');
    await visited(page, 'review');

    assert.deepEqual(pageProblems(page), [], 'no script errors, console errors or failed requests');
  });

  test('a child with a current RFM: reviewing is the primary action, and starting a new one is secondary and says why', async () => {
    assert.ok(rfmId, 'the RFM was submitted');
    await findChild(page, 'Ruby Jessop');
    const group = page.locator('main .govuk-button-group').first();
    const primary = group.locator('a.govuk-button:not(.govuk-button--secondary)');
    assert.equal(await primary.count(), 1, 'one primary action');
    assert.equal((await primary.textContent())?.trim(), 'Review the Risk Factor Matrix');
    assert.equal(await primary.getAttribute('href'), `/rfm/${rfmId}/review`);
    const startNew = group.getByRole('link', { name: 'Start a new Risk Factor Matrix' });
    assert.match((await startNew.getAttribute('class')) ?? '', /govuk-button--secondary/);
    assert.match((await page.locator('main').textContent()) ?? '', /Start a new RFM only when all 3 reviews have been used/);
    await visited(page, 'child-current-rfm');

    await activate(page, startNew);
    assert.match(path(page), /\/rfm\/new$/);
    await assertH1(page, 'Review or start a Risk Factor Matrix');
    const review = page.getByRole('link', { name: 'Review the current RFM' });
    assert.doesNotMatch((await review.getAttribute('class')) ?? '', /secondary/, 'the review is the primary button');
    assert.match((await page.getByRole('button', { name: 'Start a new RFM' }).getAttribute('class')) ?? '', /govuk-button--secondary/);
    const main = (await page.locator('main').textContent()) ?? '';
    assert.match(main, /all 3 reviews of the current RFM have been used/);
    assert.match(
      main,
      /The RFM is not a referral to children’s social care\. Referrals should be made to the Children’s Advice and Duty Team for Stoke-on-Trent/,
    );
    await visited(page, 'start-current-rfm');
    await activate(page, review);
    assert.equal(path(page), `/rfm/${rfmId}/review`);
    await assertH1(page, 'Review 1 of the Risk Factor Matrix');
  });

  test('an amended RFM supersedes the first in the triage inbox: marked, and the coordinator is taken to the newest', async () => {
    assert.equal(path(page), `/rfm/${rfmId}/review`);
    await tabTo(page, page.getByRole('link', { name: 'Back', exact: true }), { backwards: true });
    await pressAndWait(page, 'Enter');
    assert.equal(path(page), `/assessments/${rfmId}`);
    await activate(page, page.getByRole('button', { name: 'Amend' }));
    assert.match(path(page), new RegExp(`^/rfm/${UUID.source}$`));
    const amendId = path(page).split('/')[2]!;
    assert.notEqual(amendId, rfmId);
    await assertH1(page, 'Risk Factor Matrix (amendment)');
    await activate(page, page.getByRole('link', { name: 'Check your answers' }));
    await activate(page, page.getByRole('button', { name: 'Submit the RFM' }));
    assert.equal(path(page), `/rfm/${amendId}/confirmation`);
    await signOut(page);

    await signIn(page, 'coordinator');
    await activate(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triage' }));
    await assertH1(page, /^Triage inbox \(\d+\)$/);
    const rows = page.locator('main table tbody tr').filter({ hasText: 'Ruby Jessop' });
    assert.equal(await rows.count(), 2, 'both of Ruby’s RFMs are in the inbox');
    const stale = rows.filter({ has: page.locator('.app-superseded') });
    assert.equal(await stale.count(), 1, 'only the first is marked superseded');
    assert.match((await stale.textContent()) ?? '', /Superseded\s+by a newer RFM, completed \d{1,2} \w+ \d{4}: open the newest/);
    await visited(page, 'triage-superseded');

    await activate(page, stale.getByRole('link', { name: 'open the newest for Ruby Jessop' }));
    assert.match(path(page), new RegExp(`^/triage/${UUID.source}$`));
    const newest = path(page);
    assert.equal(await page.locator('.govuk-warning-text', { hasText: 'Superseded' }).count(), 0, 'the newest is not superseded');
    assert.equal(await page.getByRole('link', { name: 'Open assessment sent for triage' }).getAttribute('href'), `/assessments/${amendId}`);
    await visited(page, 'triage-newest');

    // The stale item's own page steers the coordinator to the newest too.
    await activate(page, page.getByRole('link', { name: 'Back to the triage inbox' }));
    const staleRow = page
      .locator('main table tbody tr')
      .filter({ hasText: 'Ruby Jessop' })
      .filter({ has: page.locator('.app-superseded') });
    await activate(page, staleRow.getByRole('link', { name: 'Ruby Jessop', exact: true }));
    assert.match(
      (await page.locator('main .govuk-warning-text').first().textContent()) ?? '',
      /Superseded: a newer Risk Factor Matrix for Ruby Jessop was completed on/,
    );
    await visited(page, 'triage-stale');
    await activate(page, page.getByRole('link', { name: 'Open the newest in the triage inbox' }));
    assert.equal(path(page), newest);
    assert.deepEqual(pageProblems(page), [], 'no script errors, console errors or failed requests');
  });
});
