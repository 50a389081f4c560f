import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { formatDate, formatDateTime } from '../../platform/dates.ts';
import { showTable } from '../../domain/reports/suppression.ts';
import { periodToDate, type Period } from '../../domain/reports/period.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import type { ExportDocument, ExportTable } from '../../platform/exports/document.ts';
import { buildReport, hasCommentary, reportTitles } from './builders.ts';
import {
  COMMENTARY_TABLE,
  commentaryTitle,
  findTable,
  hasActivity,
  type Commentary,
  type CountTable,
  type Report,
  type ReportKind,
  type Table,
} from './model.ts';
import { toPdf } from '../../platform/exports/pdf.ts';
import { reportFigures, reportFingerprint } from './cache.ts';
import { commentaryRepository, reportRepository, trainingRepository, type CommentaryKey, type CommentaryRow } from './repository.ts';
import { dashboard, type DashboardRole } from './dashboard.ts';
import { loadAgenda, loadMinutes, loadRfm } from './documents.ts';
import type { TrainingNeed } from './training.ts';

export type ReportInput = { kind: ReportKind; period: Period; districtId: string | null; suppress: boolean };

// DOMAIN §7 (issue #7): police intelligence and investigation figures are shown to users of a police agency or whose role may read intelligence
function mayReadPoliceFigures(actor: Pick<Actor, 'roles' | 'agencyId'>, p: PartnershipConfig): boolean {
  return can(actor.roles, 'intel:read') || p.agencies.find((a) => a.id === actor.agencyId)?.kind === 'police';
}

/** The words that say what a report covers: its period, district, the time it was produced and whether small numbers are suppressed. */
export function reportLines(r: Report, p: PartnershipConfig, suppress: boolean): string[] {
  return [
    `${p.name}${r.district ? ` – ${r.district.name}` : r.kind === 'bi-monthly' ? ' – all districts (county)' : ''}`,
    `Period: ${formatDate(r.period.from)} to ${formatDate(r.period.to)}`,
    `Produced: ${formatDateTime(r.produced)} from the records`,
    suppress
      ? `Counts from 1 to ${p.reporting.smallNumberThreshold - 1} are shown as “fewer than ${p.reporting.smallNumberThreshold}”, totals that would give them away are not shown, and lists of children are left out, for sharing outside the partnership.`
      : 'Includes small numbers and lists: for use inside the partnership only.',
  ];
}

/** A table as rows of text, with suppression applied (what the page, CSV, XLSX and PDF all show). */
export function tableForExport(t: Table, p: PartnershipConfig, suppress: boolean): ExportTable | undefined {
  if (t.kind === 'list') return suppress ? undefined : { title: t.title, columns: t.columns, rows: t.rows.map((r) => r.cells) };
  const shown = shownCounts(t, p, suppress);
  return {
    title: t.title,
    columns: [t.rowHeader, ...t.columns],
    rows: t.rows.map((r, ri) => [r.label, ...shown[ri]!.map((s) => (s.suppressed ? s.text : s.value))]),
  };
}

/** A count table's figures as shown: small counts suppressed, and totals that would give them away hidden. */
export function shownCounts(t: CountTable, p: PartnershipConfig, suppress: boolean) {
  return showTable(
    t.rows.map((r) => r.cells.map((c) => c.count)),
    { threshold: p.reporting.smallNumberThreshold, suppress, totalRow: !!t.totals?.row, totalColumn: !!t.totals?.column },
  );
}

/**
 * Issue 15 item 21: the good practice and gaps as a table of their own (a CSV, a sheet of the XLSX, a table of the PDF);
 * undefined when the report has none or nothing is written. Free text written for sharing, so not suppressed.
 */
export function commentaryTable(r: Report): ExportTable | undefined {
  const c = r.commentary;
  if (!c || (!c.goodPractice && !c.gaps)) return undefined;
  return {
    title: commentaryTitle,
    columns: ['Section', 'What the coordinator wrote'],
    rows: [
      ['Good practice', c.goodPractice || 'None written'],
      ['Gaps in service or training', c.gaps || 'None written'],
    ],
    align: ['left', 'left'],
    widths: [1.4, 5],
  };
}

/** A table of a report by its id, as exported (the good practice and gaps included), or undefined. */
export function exportTableOf(r: Report, p: PartnershipConfig, suppress: boolean, tableId: string): ExportTable | undefined {
  if (tableId === COMMENTARY_TABLE) return commentaryTable(r);
  const found = findTable(r, tableId);
  return found && tableForExport(found.table, p, suppress);
}

const commentaryOf = (row: CommentaryRow | undefined): Commentary | null =>
  row ? { goodPractice: row.good_practice, gaps: row.gaps, version: row.version, updatedAt: row.updated_at, updatedByName: row.updated_by_name } : null;

export function reportDocument(r: Report, p: PartnershipConfig, suppress: boolean): ExportDocument {
  const commentary = commentaryTable(r);
  return {
    title: r.title,
    lines: reportLines(r, p, suppress),
    marking: p.marking,
    sections: [
      ...r.sections.map((s) => ({
        heading: s.title,
        paragraphs: [
          s.rule,
          ...(s.policeOnly && !s.tables.length
            ? ['Not included: police intelligence and investigation figures go only to police users and to roles that may read intelligence.']
            : []),
        ],
        tables: s.tables.map((t) => tableForExport(t, p, suppress)).filter((t): t is ExportTable => !!t),
      })),
      // Issue 15 item 21 (003): the good practice and gaps the coordinator wrote for the period, after the figures.
      ...(r.commentary === undefined
        ? []
        : [
            {
              heading: commentaryTitle,
              paragraphs: commentary
                ? [
                    `Written by the coordinator for the period${r.commentary?.updatedByName ? `; last saved by ${r.commentary.updatedByName}` : ''}, ${formatDateTime(r.commentary!.updatedAt)}.`,
                  ]
                : ['Not written for this period.'],
              tables: commentary ? [commentary] : [],
            },
          ]),
    ],
  };
}

/**
 * Issue 17: reports, dashboards and the records behind a count read through `db.readTx` (the read replica when there is
 * one, `q`; a user's own saves are seen), the audit entry written on the primary (`w`) before anything is shown. The good
 * practice and gaps form reads the primary (its version is what a save names).
 */
export function reportService(db: Db, calendar: HolidayCalendar) {
  const traced = reportRepository();
  const details = (i: ReportInput) => ({ report: i.kind, from: i.period.from, to: i.period.to, district: i.districtId, suppressed: i.suppress });
  const commentaries = commentaryRepository();
  const keyOf = (i: ReportInput): CommentaryKey => ({ kind: i.kind, from: i.period.from, to: i.period.to, districtId: i.districtId });
  const fingerprints = new Map<string, string>();
  const fingerprintOf = (p: PartnershipConfig) => {
    let f = fingerprints.get(p.id);
    if (!f) fingerprints.set(p.id, (f = reportFingerprint(p, calendar)));
    return f;
  };
  const figures = (q: Queryable, w: Queryable, p: PartnershipConfig, i: ReportInput, police: boolean, now: Date, today: string) =>
    reportFigures(q, w, p, { kind: i.kind, period: i.period, districtId: i.districtId, police }, { now, today, calendar, fingerprint: fingerprintOf(p) });
  const build = async (q: Queryable, w: Queryable, actor: Actor, p: PartnershipConfig, i: ReportInput, now: Date, today: string): Promise<Report> => {
    const r = await figures(q, w, p, i, mayReadPoliceFigures(actor, p), now, today);
    return hasCommentary(i.kind) ? { ...r, commentary: commentaryOf(await commentaries.find(q, p.id, keyOf(i))) } : r;
  };
  const training = trainingRepository();
  return {
    /** Issue 15 item 21: the good practice and gaps of a report's period as saved (null: not yet written), the read audited. */
    async commentary(actor: Actor, p: PartnershipConfig, i: ReportInput): Promise<Commentary | null> {
      return db.tx(async (q) => {
        const c = commentaryOf(await commentaries.find(q, p.id, keyOf(i)));
        await audit(q, actor, { action: 'report.commentary.view', subjectType: 'report', subjectId: i.kind, details: details(i) });
        return c;
      });
    },

    /**
     * Issue 15 item 21: saves the good practice and gaps naming the version read (0: none was saved when the form was
     * opened). A stale save is refused, the submitted text kept in edit_conflicts beside the saved one; audited in the same
     * transaction.
     */
    async saveCommentary(
      actor: Actor,
      p: PartnershipConfig,
      i: ReportInput,
      version: number,
      input: { goodPractice: string; gaps: string },
    ): Promise<{ ok: true; version: number } | { ok: false; reason: 'conflict'; current: Commentary }> {
      return db.tx(async (q) => {
        const k = keyOf(i);
        const current = await commentaries.find(q, p.id, k);
        const saved =
          current && current.version === version
            ? await commentaries.update(q, p.id, current.id, version, input, actor.userId)
            : !current && version === 0
              ? await commentaries.insert(q, p.id, k, input, actor.userId)
              : undefined;
        if (!saved) {
          const now = current ?? (await commentaries.find(q, p.id, k))!;
          await commentaries.keepConflict(q, p.id, now.id, actor.userId, version, input);
          await audit(q, actor, {
            action: 'report.commentary.save',
            outcome: 'failed',
            subjectType: 'report-commentary',
            subjectId: now.id,
            details: { ...details(i), reason: 'stale version', readVersion: version, currentVersion: now.version },
          });
          return { ok: false, reason: 'conflict', current: commentaryOf(now)! };
        }
        await audit(q, actor, {
          action: 'report.commentary.save',
          subjectType: 'report-commentary',
          subjectId: saved.id,
          details: { ...details(i), version: saved.version },
        });
        return { ok: true, version: saved.version };
      });
    },

    /** The dashboards of the user's roles, the view audited as report.dashboard. */
    async dashboards(actor: Actor, p: PartnershipConfig, roles: DashboardRole[], today: string, now: Date) {
      return db.readTx(async (q, w) => {
        const boards = [];
        for (const role of roles) boards.push({ role, sections: await dashboard(q, p, role, today, now) });
        await audit(w, actor, { action: 'report.dashboard', subjectType: 'dashboard', subjectId: roles.join(',') });
        return boards;
      });
    },

    /** The training needs recorded (DOMAIN §6), the view audited. */
    async trainingNeeds(actor: Actor, p: PartnershipConfig) {
      return db.tx(async (q) => {
        const rows = await training.list(q, p.id);
        await audit(q, actor, { action: 'report.training-needs', subjectType: 'training-needs', subjectId: p.id });
        return rows;
      });
    },

    /** The same list beside a form being corrected (the form's page, not a new view). */
    trainingNeedsList: (p: PartnershipConfig) => training.list(db, p.id),

    async addTrainingNeed(actor: Actor, p: PartnershipConfig, need: TrainingNeed): Promise<string> {
      return db.tx(async (q) => {
        const id = await training.add(q, p.id, need, actor.userId);
        await audit(q, actor, { action: 'report.training-need.add', subjectType: 'training-need', subjectId: id });
        return id;
      });
    },

    /** The records the RFM, agenda and minutes PDFs are built from; the caller checks who may see them. */
    rfmRecord: (p: PartnershipConfig, id: string) => loadRfm(db, p.id, id),
    agendaRecord: (p: PartnershipConfig, occurrenceId: string) => loadAgenda(db, p.id, occurrenceId),
    minutesRecord: (p: PartnershipConfig, occurrenceId: string) => loadMinutes(db, p.id, occurrenceId),

    /** A document exported as PDF is a disclosure: who, what and why. */
    /** Issue 16 item 6: the page asking why before a child's document is exported names the child: audited as a view of the child. */
    async exportAsked(actor: Actor, e: { what: string; id: string; childId: string }) {
      await audit(db, actor, { action: 'child.view', subjectType: e.what, subjectId: e.id, childId: e.childId, details: { exportForm: true } });
    },

    async documentExported(actor: Actor, e: { what: string; id: string; childId?: string; title: string; reason: string }) {
      await audit(db, actor, {
        action: 'report.export',
        subjectType: e.what,
        subjectId: e.id,
        childId: e.childId,
        details: { what: e.title, format: 'pdf', reason: e.reason },
      });
    },

    /**
     * Issue 15 item 9: the period a report's form opens on: its natural period (the last complete one) when anything
     * happened in it, else the current period to date when something has, else the natural one. Only whether a period
     * has activity is read (no figure is shown), so it is not audited; the report, when produced, is.
     */
    async openingPeriod(
      actor: Actor,
      p: PartnershipConfig,
      kind: ReportKind,
      natural: Period,
      now: Date,
      today: string,
    ): Promise<{ period: Period; toDate: boolean }> {
      return db.readTx(async (q, w) => {
        const active = async (period: Period) => hasActivity(await build(q, w, actor, p, { kind, period, districtId: null, suppress: false }, now, today));
        if (await active(natural)) return { period: natural, toDate: false };
        const soFar = periodToDate(kind, today);
        if (soFar && (await active(soFar))) return { period: soFar, toDate: true };
        return { period: natural, toDate: false };
      });
    },

    /** Produces a report for viewing; the viewing is audited with its period. */
    async view(actor: Actor, p: PartnershipConfig, i: ReportInput, now: Date, today: string): Promise<Report> {
      return db.readTx(async (q, w) => {
        const r = await build(q, w, actor, p, i, now, today);
        await audit(w, actor, { action: 'report.view', subjectType: 'report', subjectId: i.kind, details: details(i) });
        return r;
      });
    },

    /**
     * Issue 15 §6: the title of one table, for the page that asks why before exporting it (never its id). It re-runs
     * the report but returns the title only (no figure, no child), so the read is not audited; the export is.
     */
    async tableTitle(actor: Actor, p: PartnershipConfig, i: ReportInput, tableId: string, now: Date, today: string): Promise<string | undefined> {
      const r = await db.readTx((q, w) => build(q, w, actor, p, i, now, today));
      if (tableId === COMMENTARY_TABLE) return commentaryTable(r)?.title;
      return findTable(r, tableId)?.table.title;
    },

    /** The records behind one count: re-runs the report and returns the ids of the cell; audited with the children named. */
    async trace(actor: Actor, p: PartnershipConfig, i: ReportInput, tableId: string, row: number, col: number, now: Date, today: string) {
      return db.readTx(async (q, w) => {
        const r = await build(q, w, actor, p, i, now, today);
        const found = findTable(r, tableId);
        if (!found || found.table.kind !== 'count') return undefined;
        const cell = found.table.rows[row]?.cells[col];
        if (!cell) return undefined;
        const t = found.table;
        const what = `${t.title}: ${t.rows[row]!.label}${t.columns.length > 1 ? `, ${t.columns[col]}` : ''}`;
        let children: { id: string; reference: string; first_name: string; last_name: string; district_id: string | null }[] = [];
        let actions: { id: string; what: string; owner_agency_id: string; due_on: string; status: string; reference: string | null }[] = [];
        let records: { id: string; label: string; kind: string }[] = [];
        if (t.subject === 'child' && cell.ids.length) {
          children = await traced.childrenByIds(q, p.id, cell.ids);
        } else if (t.subject === 'action' && cell.ids.length) {
          actions = await traced.actionsByIds(q, p.id, cell.ids);
        } else if (t.subject === 'record' && cell.ids.length) {
          records = await traced.recordsByIds(q, p.id, cell.ids);
        }
        await audit(w, actor, {
          action: 'report.trace',
          subjectType: 'report',
          subjectId: `${i.kind}/${tableId}`,
          details: { ...details(i), row, col, count: cell.count },
        });
        for (const c of children)
          await audit(w, actor, {
            action: 'child.view',
            subjectType: 'child',
            subjectId: c.id,
            childId: c.id,
            details: { via: `report ${i.kind}/${tableId}` },
          });
        return { report: r, table: t, what, count: cell.count, subject: t.subject, children, actions, records };
      });
    },

    /** Produces a report for export and audits the disclosure: who, what, format, period and why, in one transaction. */
    async export(
      actor: Actor,
      p: PartnershipConfig,
      i: ReportInput,
      e: { format: 'csv' | 'xlsx' | 'pdf'; tableId?: string; reason: string },
      now: Date,
      today: string,
    ) {
      return db.readTx(async (q, w) => {
        const r = await build(q, w, actor, p, i, now, today);
        await audit(w, actor, {
          action: 'report.export',
          subjectType: 'report',
          subjectId: i.kind,
          details: { ...details(i), what: e.tableId ? `${reportTitles[i.kind]}: ${e.tableId}` : reportTitles[i.kind], format: e.format, reason: e.reason },
        });
        return r;
      });
    },
  };
}

/**
 * A report as a PDF for a meeting's document pack (e.g. the FORM document the Monday before): inside the
 * partnership (small numbers and lists kept), without the police-only figures (the pack goes to every member).
 * For the deadline emails: the outbox takes text attachments today, so the caller sends this as base64.
 */
export async function reportPack(
  q: Queryable,
  p: PartnershipConfig,
  kind: ReportKind,
  period: Period,
  now: Date,
  today: string,
  calendar: HolidayCalendar,
): Promise<{ filename: string; pdf: Buffer }> {
  const r = await buildReport(q, p, kind, { period, districtId: null, now, today, police: false, calendar });
  return { filename: `${p.id}-${kind}-${period.from}-${period.to}.pdf`, pdf: await toPdf(reportDocument(r, p, false), now) };
}
