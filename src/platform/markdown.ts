import MarkdownIt from 'markdown-it';

/**
 * Minutes and other documents written in Markdown (issue 15, item 3), read with markdown-it: raw HTML is never passed
 * through (html: false, so "<b>" is shown as typed), links only where markdown-it's own check allows them, a line break
 * kept as one. The same tokens give the page its GOV.UK HTML and a PDF its headings, paragraphs, lists and tables.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });
type Token = ReturnType<typeof md.parse>[number];

const classes: Record<string, string> = {
  paragraph_open: 'govuk-body',
  bullet_list_open: 'govuk-list govuk-list--bullet',
  ordered_list_open: 'govuk-list govuk-list--number',
  table_open: 'govuk-table',
  thead_open: 'govuk-table__head',
  tbody_open: 'govuk-table__body',
  tr_open: 'govuk-table__row',
  th_open: 'govuk-table__header',
  td_open: 'govuk-table__cell',
  link_open: 'govuk-link',
};
const headingClass: Record<string, string> = {
  h2: 'govuk-heading-l',
  h3: 'govuk-heading-m',
  h4: 'govuk-heading-s',
  h5: 'govuk-heading-s',
  h6: 'govuk-heading-s',
};

/**
 * Markdown as GOV.UK HTML, headings one level down (the page has its own h1: "# Minutes" is an h2). Everything the
 * writer typed is escaped; only markdown-it's own elements are made.
 */
export function markdownHtml(body: string): string {
  const tokens = md.parse(body, {});
  for (const t of tokens) {
    if (t.type === 'heading_open' || t.type === 'heading_close') t.tag = `h${Math.min(6, Number(t.tag.slice(1)) + 1)}`;
    if (t.type === 'heading_open') t.attrJoin('class', headingClass[t.tag] ?? 'govuk-heading-s');
    else if (classes[t.type]) t.attrJoin('class', classes[t.type]!);
    if (t.type === 'th_open') t.attrSet('scope', 'col');
  }
  return md.renderer.render(tokens, md.options, {});
}

/** A run of text in a block: bold where the writer marked it (**…**). */
export type TextRun = { text: string; bold: boolean };
/** What a PDF (or any other document) draws: the Markdown's blocks, their text as typed, never its mark-up. */
export type TextBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; runs: TextRun[] }
  | { kind: 'paragraph'; runs: TextRun[] }
  | { kind: 'list'; ordered: boolean; items: TextRun[][] }
  | { kind: 'table'; header: string[]; rows: string[][] };

function runsOf(inline: Token | undefined): TextRun[] {
  const runs: TextRun[] = [];
  let bold = 0;
  for (const c of inline?.children ?? []) {
    if (c.type === 'strong_open') bold++;
    else if (c.type === 'strong_close') bold = Math.max(0, bold - 1);
    else if (c.type === 'softbreak' || c.type === 'hardbreak') runs.push({ text: '\n', bold: false });
    else if ((c.type === 'text' || c.type === 'code_inline') && c.content) runs.push({ text: c.content, bold: bold > 0 });
  }
  // Neighbouring runs of the same weight as one.
  return runs.reduce<TextRun[]>((out, r) => {
    const last = out[out.length - 1];
    if (last && last.bold === r.bold) last.text += r.text;
    else out.push({ ...r });
    return out;
  }, []);
}
const plain = (runs: TextRun[]) => runs.map((r) => r.text).join('');

/** The Markdown's blocks in order: headings (levels 1–3; deeper read as 3), paragraphs, lists (one level) and tables. */
export function markdownBlocks(body: string): TextBlock[] {
  const tokens = md.parse(body, {});
  const out: TextBlock[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'heading_open') {
      out.push({ kind: 'heading', level: Math.min(3, Number(t.tag.slice(1))) as 1 | 2 | 3, runs: runsOf(tokens[i + 1]) });
      i += 2;
    } else if (t.type === 'paragraph_open' && t.level === 0) {
      out.push({ kind: 'paragraph', runs: runsOf(tokens[i + 1]) });
      i += 2;
    } else if ((t.type === 'bullet_list_open' || t.type === 'ordered_list_open') && t.level === 0) {
      const items: TextRun[][] = [];
      let j = i + 1;
      let depth = 1;
      let current: TextRun[] | undefined;
      for (; j < tokens.length && depth > 0; j++) {
        const u = tokens[j]!;
        if (u.type.endsWith('_list_open')) depth++;
        else if (u.type.endsWith('_list_close')) depth--;
        else if (u.type === 'list_item_open' && depth === 1) items.push((current = []));
        else if (u.type === 'inline' && current) {
          if (current.length) current.push({ text: '\n', bold: false });
          current.push(...runsOf(u));
        }
      }
      out.push({ kind: 'list', ordered: t.type === 'ordered_list_open', items });
      i = j - 1;
    } else if (t.type === 'table_open') {
      const header: string[] = [];
      const rows: string[][] = [];
      let j = i + 1;
      let inHead = false;
      for (; j < tokens.length && tokens[j]!.type !== 'table_close'; j++) {
        const u = tokens[j]!;
        if (u.type === 'thead_open') inHead = true;
        else if (u.type === 'thead_close') inHead = false;
        else if (u.type === 'tr_open' && !inHead) rows.push([]);
        else if (u.type === 'inline') (inHead ? header : rows[rows.length - 1]!).push(plain(runsOf(u)));
      }
      out.push({ kind: 'table', header, rows });
      i = j;
    } else if (t.type === 'fence' || t.type === 'code_block') {
      out.push({ kind: 'paragraph', runs: [{ text: t.content.replace(/\n$/, ''), bold: false }] });
    }
  }
  return out;
}
