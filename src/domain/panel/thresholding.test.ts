import { test } from 'node:test';
import assert from 'node:assert/strict';
import { riskAllowsReferral, statusAfter, needsKeyDecision, timelineSummary, transferRequired, outstanding, categoryName } from './thresholding.ts';
import { normaliseChecklist, checklistProgress, panelChecklist } from './checklist.ts';

test('only a child judged medium or high risk may be referred to a panel', () => {
  assert.equal(riskAllowsReferral('high'), true);
  assert.equal(riskAllowsReferral('medium'), true);
  assert.equal(riskAllowsReferral('low'), false);
  assert.equal(riskAllowsReferral('none'), false);
  assert.equal(riskAllowsReferral(undefined), false, 'no assessment: no referral without an override');
});

test('category 4 (remove from MACE) closes the referral; categories 1 to 3 keep it open', () => {
  assert.equal(statusAfter(1), 'thresholded');
  assert.equal(statusAfter(2), 'thresholded');
  assert.equal(statusAfter(3), 'thresholded');
  assert.equal(statusAfter(4), 'closed');
});

test('children not fully discussed (categories 2 to 4) get a key decision with its rationale on their file', () => {
  assert.equal(needsKeyDecision(1), false);
  assert.deepEqual(
    [2, 3, 4].map((c) => needsKeyDecision(c as 2 | 3 | 4)),
    [true, true, true],
  );
  assert.equal(timelineSummary(2, 'No RFM since May.'), 'Key decision: insufficient information. Rationale: No RFM since May.');
  assert.equal(
    timelineSummary(4, 'Moved to Shropshire.', 'moved-away'),
    'Key decision: remove from MACE (the child has moved out of the area). Rationale: Moved to Shropshire.',
  );
  assert.equal(timelineSummary(1, 'Group with two others.'), 'Pre-MACE thresholding: discuss at MACE');
});

test('only a child who moved away needs a transfer record', () => {
  assert.equal(transferRequired('moved-away'), true);
  assert.equal(transferRequired('risk-reduced'), false);
  assert.equal(transferRequired('low-risk'), false);
  assert.equal(transferRequired(undefined), false);
});

test('outstanding checks are those still requested, oldest first', () => {
  const checks = [
    { id: 'a', status: 'answered', requested_at: '2026-01-01' },
    { id: 'b', status: 'requested', requested_at: '2026-01-03' },
    { id: 'c', status: 'requested', requested_at: '2026-01-02' },
  ];
  assert.deepEqual(
    outstanding(checks).map((c) => c.id),
    ['c', 'b'],
  );
  assert.equal(categoryName(3), 'Remain under MACE consideration, no discussion');
});

test('the step 2 checklist has the five items of source 000 and ignores unknown or repeated ids', () => {
  assert.equal(panelChecklist.length, 5);
  assert.deepEqual(normaliseChecklist(['agencies-told', 'bogus', 'rfm-sent', 'rfm-sent']), ['rfm-sent', 'agencies-told']);
  assert.deepEqual(checklistProgress(['rfm-sent']), { done: 1, total: 5, complete: false });
  assert.equal(checklistProgress(panelChecklist.map((i) => i.id)).complete, true);
});
