/** What every export is made from: a title, the lines that say what it covers, and sections of text and tables. */
import type { TextBlock } from '../markdown.ts';

/**
 * A table: figures are right-aligned after a label column by default; `align` says otherwise for each column (text
 * columns read left-aligned), `widths` gives each column's share of the page's width.
 */
export type ExportTable = { title: string; columns: string[]; rows: (string | number)[][]; align?: ('left' | 'right')[]; widths?: number[] };
/** blocks: a Markdown document's headings, paragraphs, lists and tables (platform/markdown.ts), drawn as such. */
export type ExportSection = { heading: string; paragraphs?: string[]; blocks?: TextBlock[]; tables?: ExportTable[]; keyValues?: [string, string][] };
export type Marking = { text: string; notice?: string; printingAllowed?: boolean };
export type ExportDocument = { title: string; lines: string[]; marking: Marking; sections: ExportSection[] };

/** A file name part made of safe characters only (ids and dates, never names). */
export function fileSafe(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'export'
  );
}
