import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownHtml, markdownBlocks } from './markdown.ts';

test('minutes in Markdown are shown as GOV.UK headings, paragraphs, lists and tables; raw HTML is escaped, never run', () => {
  const html = markdownHtml(
    '# MACE\n\n## Attendance\n- Alex Chair, Police\n- <b>Robin</b>\n\nRisk: High\nRationale: <script>alert(1)</script>\n\n| Item | Risk |\n| --- | --- |\n| 1 | High |\n\n[x](javascript:alert(1))',
  );
  assert.match(html, /<h2 class="govuk-heading-l">MACE<\/h2>/);
  assert.match(html, /<h3 class="govuk-heading-m">Attendance<\/h3>/);
  assert.match(html, /<ul class="govuk-list govuk-list--bullet">\s*<li>Alex Chair, Police<\/li>\s*<li>&lt;b&gt;Robin&lt;\/b&gt;<\/li>/);
  assert.match(html, /<p class="govuk-body">Risk: High<br>\s*Rationale: &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
  assert.match(html, /<table class="govuk-table">/);
  assert.match(html, /<th class="govuk-table__header" scope="col">Item<\/th>/);
  assert.match(html, /<td class="govuk-table__cell">High<\/td>/);
  assert.doesNotMatch(html, /<script|<b>|href="javascript/);
});

test('a PDF draws the Markdown’s blocks, never its mark-up: headings by level, paragraphs with their line breaks, lists, tables, bold runs', () => {
  const blocks = markdownBlocks(
    '# MACE\n14 March 2026\n\n## Attendance\n- Alex Chair\n- **Robin** Guest\n\n### Decision\nRisk: High\nRationale: *why*\n\n| A | B |\n|---|---|\n| 1 | 2 |\n',
  );
  assert.deepEqual(blocks, [
    { kind: 'heading', level: 1, runs: [{ text: 'MACE', bold: false }] },
    { kind: 'paragraph', runs: [{ text: '14 March 2026', bold: false }] },
    { kind: 'heading', level: 2, runs: [{ text: 'Attendance', bold: false }] },
    {
      kind: 'list',
      ordered: false,
      items: [
        [{ text: 'Alex Chair', bold: false }],
        [
          { text: 'Robin', bold: true },
          { text: ' Guest', bold: false },
        ],
      ],
    },
    { kind: 'heading', level: 3, runs: [{ text: 'Decision', bold: false }] },
    { kind: 'paragraph', runs: [{ text: 'Risk: High\nRationale: why', bold: false }] },
    { kind: 'table', header: ['A', 'B'], rows: [['1', '2']] },
  ]);
  assert.equal(JSON.stringify(markdownBlocks('#### Deep\n\n1. one\n2. two')).includes('#'), false);
  assert.deepEqual(markdownBlocks('1. one\n2. two')[0], {
    kind: 'list',
    ordered: true,
    items: [[{ text: 'one', bold: false }], [{ text: 'two', bold: false }]],
  });
});
