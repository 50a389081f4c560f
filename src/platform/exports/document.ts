/** What every export is made from: a title, the lines that say what it covers, and sections of text and tables. */
export type ExportTable = { title: string; columns: string[]; rows: (string | number)[][] };
export type ExportSection = { heading: string; paragraphs?: string[]; tables?: ExportTable[]; keyValues?: [string, string][] };
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
