import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { headingText, stackedTable } from './stacked-table.ts';

test('each body cell is labelled with its column heading, and the table is marked to stack on narrow screens', () => {
  const t = stackedTable({
    classes: 'app-x',
    head: [{ text: 'Child' }, { text: 'Status' }],
    rows: [[{ html: '<a href="/x">Sam</a>' }, { text: 'New', attributes: { id: 's1' } }]],
  });
  assert.equal(t.classes, 'app-x app-table--stack');
  assert.deepEqual(t.rows![0]![0]!.attributes, { 'data-label': 'Child' });
  assert.deepEqual(t.rows![0]![1]!.attributes, { id: 's1', 'data-label': 'Status' });
  assert.equal(t.rows![0]![0]!.html, '<a href="/x">Sam</a>', 'the content is unchanged');
});

test('a cell after one spanning two columns takes the heading of the third column', () => {
  const t = stackedTable({ head: [{ text: 'A' }, { text: 'B' }, { text: 'C' }], rows: [[{ text: '1', colspan: 2 }, { text: '2' }]] });
  assert.equal(t.rows![0]![0]!.attributes!['data-label'], 'A');
  assert.equal(t.rows![0]![1]!.attributes!['data-label'], 'C');
});

test('a sortable heading is labelled by its link text, without the aria-hidden sort arrow; an empty heading labels nothing', () => {
  assert.equal(headingText({ html: '<a class="govuk-link" href="?sort=a">Received &amp; read<span aria-hidden="true"> ▲</span></a>' }), 'Received & read');
  const t = stackedTable({ head: [{ text: '' }, { text: 'B' }], rows: [[{ text: 'x' }, { text: 'y' }]] });
  assert.equal(t.rows![0]![0]!.attributes, undefined);
  assert.equal(t.rows![0]![1]!.attributes!['data-label'], 'B');
});

test('a table of four columns or more also stacks on a wider screen (app-table--stack-wide); one of three does not', () => {
  const four = stackedTable({ head: [{ text: 'A' }, { text: 'B' }, { text: 'C', colspan: 2 }], rows: [] });
  assert.equal(four.classes, 'app-table--stack app-table--stack-wide');
  const three = stackedTable({ head: [{ text: 'A' }, { text: 'B' }, { text: 'C' }], rows: [] });
  assert.equal(three.classes, 'app-table--stack');
});

test('a table without a head is marked but its cells are not labelled', () => {
  const t = stackedTable({ rows: [[{ text: 'x' }]] });
  assert.equal(t.classes, 'app-table--stack');
  assert.equal(t.rows![0]![0]!.attributes, undefined);
});

test('every table in the templates stacks on narrow screens or scrolls inside its own region (WCAG 2.2 1.4.10)', () => {
  const root = path.resolve(import.meta.dirname, '..');
  const templates = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.njk'));
  const problems: string[] = [];
  for (const file of templates) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    // A govukTable call's parameters end with `| stackedTable)`.
    for (const m of text.matchAll(/govukTable\(/g)) {
      let depth = 1;
      let i = m.index + m[0].length;
      for (; i < text.length && depth; i++) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
      if (!/\|\s*stackedTable\s*\)$/.test(text.slice(m.index, i))) problems.push(`${file}: govukTable without | stackedTable`);
    }
    // A table written as markup has the class, or sits in a focusable scrolling region.
    for (const m of text.matchAll(/<table class="govuk-table[^"]*"/g)) {
      const inRegion = /<div class="app-table-scroll" tabindex="0" role="region"[^>]*>\s*$/.test(text.slice(0, m.index));
      if (!m[0].includes('app-table--stack') && !inRegion) problems.push(`${file}: a table that neither stacks nor scrolls in a region`);
    }
  }
  assert.ok(templates.length > 50, 'the templates were found');
  assert.deepEqual(problems, []);
});
