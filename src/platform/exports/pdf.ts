import type { ExportDocument, ExportTable } from './document.ts';
import type { TextBlock, TextRun } from '../markdown.ts';

const MARGIN = 50;
const HEADER_Y = 20;

/**
 * A PDF of a document: the protective marking at the top and the bottom of every page, with the notice
 * (e.g. "should not be printed") under it where the partnership configures one, and "Page n of m".
 */
export async function toPdf(doc: ExportDocument, produced: Date = new Date()): Promise<Buffer> {
  // Loaded when first used: pdfkit and its fonts are 6 MB of heap that every page's garbage collection would mark.
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 20, bottom: MARGIN + 30, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: doc.title, Creator: 'MACE', CreationDate: produced },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const width = pdf.page.width - 2 * MARGIN;

  pdf.font('Helvetica-Bold').fontSize(18).text(doc.title, { width });
  pdf.moveDown(0.3);
  pdf.font('Helvetica').fontSize(10);
  for (const l of doc.lines) pdf.text(l, { width });
  for (const s of doc.sections) {
    pdf.moveDown(0.8);
    ensureSpace(pdf, 60);
    pdf.font('Helvetica-Bold').fontSize(13).text(s.heading, MARGIN, pdf.y, { width });
    pdf.font('Helvetica').fontSize(10);
    for (const p of s.paragraphs ?? []) {
      pdf.moveDown(0.3);
      pdf.text(p, MARGIN, pdf.y, { width });
    }
    for (const b of s.blocks ?? []) block(pdf, b, width);
    for (const [k, v] of s.keyValues ?? []) {
      pdf.moveDown(0.2);
      ensureSpace(pdf, 30);
      pdf.font('Helvetica-Bold').text(k, MARGIN, pdf.y, { width });
      pdf.font('Helvetica').text(v || '–', MARGIN, pdf.y, { width });
    }
    for (const t of s.tables ?? []) table(pdf, t, width);
  }

  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica-Bold').fontSize(10).text(doc.marking.text, MARGIN, HEADER_Y, { width, align: 'center', lineBreak: false });
    let y = pdf.page.height - MARGIN - 10;
    pdf.font('Helvetica-Bold').fontSize(10).text(doc.marking.text, MARGIN, y, { width, align: 'center', lineBreak: false });
    if (doc.marking.notice) {
      pdf
        .font('Helvetica')
        .fontSize(7)
        .text(doc.marking.notice, MARGIN, y + 13, { width, align: 'center' });
      y += 10;
    }
    pdf
      .font('Helvetica')
      .fontSize(8)
      .text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, pdf.page.height - MARGIN + 18, { width, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  return done;
}

function ensureSpace(pdf: PDFKit.PDFDocument, needed: number) {
  if (pdf.y + needed > pdf.page.height - pdf.page.margins.bottom) pdf.addPage();
}

/** Runs of text, bold where marked, at x over width (one paragraph, its line breaks kept). */
function runs(pdf: PDFKit.PDFDocument, rs: TextRun[], x: number, width: number, size: number) {
  const parts = rs.length ? rs : [{ text: '', bold: false }];
  pdf.x = x;
  parts.forEach((r, i) =>
    pdf
      .font(r.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(size)
      .text(r.text, i === 0 ? x : undefined, i === 0 ? pdf.y : undefined, { width, continued: i < parts.length - 1 }),
  );
  pdf.font('Helvetica').fontSize(10);
  pdf.x = MARGIN;
}

/** A block of a Markdown document: a heading in bold at its size, a paragraph, a bulleted or numbered list, a table. */
function block(pdf: PDFKit.PDFDocument, b: TextBlock, width: number) {
  if (b.kind === 'heading') {
    const size = b.level === 1 ? 15 : b.level === 2 ? 13 : 11;
    pdf.moveDown(b.level === 3 ? 0.5 : 0.8);
    ensureSpace(pdf, 50);
    runs(
      pdf,
      b.runs.map((r) => ({ ...r, bold: true })),
      MARGIN,
      width,
      size,
    );
    pdf.moveDown(0.15);
  } else if (b.kind === 'paragraph') {
    pdf.moveDown(0.3);
    ensureSpace(pdf, 20);
    runs(pdf, b.runs, MARGIN, width, 10);
  } else if (b.kind === 'list') {
    pdf.moveDown(0.2);
    b.items.forEach((item, i) => {
      ensureSpace(pdf, 16);
      const y = pdf.y;
      pdf
        .font('Helvetica')
        .fontSize(10)
        .text(b.ordered ? `${i + 1}.` : '•', MARGIN + 4, y, { width: 14, lineBreak: false });
      pdf.y = y;
      runs(pdf, item, MARGIN + 18, width - 18, 10);
      pdf.moveDown(0.15);
    });
  } else {
    table(pdf, { title: '', columns: b.header, rows: b.rows, align: b.header.map(() => 'left') }, width);
  }
}

function table(pdf: PDFKit.PDFDocument, t: ExportTable, width: number) {
  pdf.moveDown(0.6);
  ensureSpace(pdf, 50);
  if (t.title) pdf.font('Helvetica-Bold').fontSize(10).text(t.title, MARGIN, pdf.y, { width });
  pdf.moveDown(0.2);
  const n = Math.max(1, t.columns.length);
  // The first column (a label) gets more room than the numbers, unless the table gives each column its share.
  const first = n === 1 ? width : Math.max(width / n, Math.min(width * 0.45, 200));
  const rest = n === 1 ? 0 : (width - first) / (n - 1);
  const shares = t.widths && t.widths.length === n ? t.widths.reduce((a, b) => a + b, 0) : 0;
  const widths = t.columns.map((_, i) => (shares ? (width * t.widths![i]!) / shares : i === 0 ? first : rest));
  const alignOf = (i: number) => t.align?.[i] ?? (i === 0 ? 'left' : 'right');
  const row = (cells: (string | number)[], bold: boolean) => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const texts = widths.map((_, i) => String(cells[i] ?? ''));
    const h = Math.max(...texts.map((s, i) => pdf.heightOfString(s || ' ', { width: widths[i]! - 6 }))) + 6;
    ensureSpace(pdf, h);
    const y = pdf.y;
    let x = MARGIN;
    texts.forEach((s, i) => {
      pdf.text(s, x + 3, y + 3, { width: widths[i]! - 6, align: alignOf(i) });
      x += widths[i]!;
    });
    pdf
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + width, y + h)
      .lineWidth(0.5)
      .strokeColor('#b1b4b6')
      .stroke();
    pdf.x = MARGIN;
    pdf.y = y + h;
  };
  row(t.columns, true);
  if (!t.rows.length) row(['None', ...t.columns.slice(1).map(() => '')], false);
  for (const r of t.rows) row(r, false);
}
