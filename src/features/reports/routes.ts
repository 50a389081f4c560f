import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, formErrors, isUuid, readBody, objectOf } from '../../platform/validation.ts';
import { problem } from '../../platform/problems.ts';
import { validatePeriod } from '../../domain/reports/period.ts';
import { todayIso, formatDate, formatDateTime } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { meetingTypeOf, type PartnershipConfig } from '../../partnerships/index.ts';
import { tableCsv } from '../../platform/exports/csv.ts';
import { toXlsx } from '../../platform/exports/xlsx.ts';
import { toPdf } from '../../platform/exports/pdf.ts';
import { fileSafe, type ExportDocument, type ExportTable } from '../../platform/exports/document.ts';
import { maySeeChild } from '../children/access.ts';
import { reportsFor, reportTitles, hasDistrictFilter, hasCommentary } from './builders.ts';
import { reportKinds } from '../../domain/reports/kinds.ts';
import { exportTableOf, reportDocument, reportLines } from './service.ts';
import {
  readReportQuery,
  queryOf,
  reasonForm,
  reasonValues,
  exportReasons,
  isFormat,
  defaultPeriod,
  commentaryForm,
  commentaryValues,
  COMMENTARY_MAX,
  type Format,
} from './schemas.ts';
import { sectionViews } from './view-model.ts';
import { dashboardRoles, dashboardNames } from './dashboard.ts';
import { COMMENTARY_TABLE, commentaryTitle, type Commentary, type ReportKind } from './model.ts';
import type { ReportInput } from './service.ts';
import { rfmDocument, agendaDocument, minutesDocument } from './documents.ts';
import { trainingNeedForm, trainingNeedValues, type TrainingRow } from './training.ts';

const isKind = (k: string): k is ReportKind => (reportKinds as readonly string[]).includes(k);

const reportDescriptions: Record<ReportKind, string> = {
  'bi-monthly':
    'For each district panel or the county: children discussed by category, level and type; movement between levels; themes and trends; locations; compliance with the Risk Factor Matrix; actions by agency; training needs.',
  form: 'For the Monday before each FORM: high-risk children, perpetrators and areas; downgrade considerations; medium-risk cases of the fortnight; the oversight list; children missing in the previous 14 days; MPRU considerations; open actions carried forward.',
  monthly:
    'For the Monthly Exploitation Meeting: DRMM referrals for CCE and CSE; open investigations and cases; screening tools; high-risk numbers by authority; locations; education establishments; children with 3 or more referrals.',
  rotherham:
    'Children by VAT band and exploitation type; reviews due and overdue; assessments completed within 3 working days of MACE; CE risk assessments by outcome and type of exploitation.',
};

const mime: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export function reportRoutes({ services }: AppDeps): RouteSpec[] {
  const reports = services.reports;
  const kindOf = (req: Request): ReportKind | undefined => {
    const k = str(req.params.kind);
    return isKind(k) && reportsFor(partnershipOf(req)).includes(k) ? k : undefined;
  };

  const renderForm = (
    req: Request,
    res: Response,
    kind: ReportKind,
    q: ReturnType<typeof readReportQuery>,
    status = 200,
    opening?: { period: { from: string; to: string }; toDate: boolean },
  ) => {
    const p = partnershipOf(req);
    const def = defaultPeriod(kind, p, todayIso());
    res.status(status).render('reports/views/form.njk', {
      kind,
      title: reportTitles[kind],
      description: reportDescriptions[kind],
      values: q.values,
      errors: q.errors.length ? formErrors(q.errors, { from: 'from-day', to: 'to-day' }) : undefined,
      defaultText: `${formatDate(def.from)} to ${formatDate(def.to)}`,
      // Issue 15 item 9: the form opens on the period to date when the last complete one had no activity, and says so.
      openingText: opening?.toDate
        ? `Nothing was recorded from ${formatDate(def.from)} to ${formatDate(def.to)}, so the period below runs to today: ${formatDate(opening.period.from)} to ${formatDate(opening.period.to)}.`
        : undefined,
      maxDays: p.reporting.maxPeriodDays,
      threshold: p.reporting.smallNumberThreshold,
      districtItems: hasDistrictFilter(kind)
        ? [{ value: '', text: 'All districts (county)' }, ...p.districts.map((d) => ({ value: d.id, text: d.name, selected: d.id === q.values.district }))]
        : undefined,
      canExport: can(req.user!.roles, 'report:export'),
    });
  };

  const exportFile = async (p: PartnershipConfig, doc: ExportDocument, tables: ExportTable[], format: Format, name: string, res: Response) => {
    if (format === 'csv') {
      res.set('Content-Disposition', `attachment; filename="${name}.csv"`);
      return res.type(mime.csv).send(tableCsv(tables[0]!, p.marking, doc.lines));
    }
    const body = format === 'xlsx' ? await toXlsx(doc, tables) : await toPdf(doc);
    res.set('Content-Disposition', `attachment; filename="${name}.${format}"`);
    res.type(mime[format]).send(body);
  };

  const renderReason = (
    req: Request,
    res: Response,
    o: {
      title: string;
      action: string;
      hidden: Record<string, string>;
      values?: { reason: string; reasonOther: string };
      errors?: ReturnType<typeof formErrors>;
      status?: number;
      back: string;
      format: string;
    },
  ) => {
    const p = partnershipOf(req);
    res.status(o.status ?? 200).render('reports/views/export.njk', {
      ...o,
      marking: p.marking,
      reasonItems: exportReasons.map((r) => ({ value: r.value, text: r.text, checked: o.values?.reason === r.value })),
      hiddenFields: Object.entries(o.hidden).map(([name, value]) => ({ name, value })),
    });
  };

  return [
    {
      method: 'get',
      path: '/reports',
      access: 'report:read',
      audit: 'report.dashboard',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const actor = actorOf(req);
        const today = todayIso();
        const now = new Date();
        const roles = dashboardRoles(req.user!.roles);
        const boards = (await reports.dashboards(actor, p, roles, today, now)).map(({ role, sections }) => ({
          role,
          name: dashboardNames[role],
          sections: sectionViews(sections, p, { suppress: false }),
        }));
        res.render('reports/views/index.njk', {
          reports: reportsFor(p).map((k) => ({ href: paths.reports.report(k), title: reportTitles[k], description: reportDescriptions[k] })),
          boards,
          produced: formatDateTime(now),
          trainingHref: reportsFor(p).includes('bi-monthly') ? paths.reports.trainingNeeds() : undefined,
        });
      },
    },
    {
      method: 'get',
      path: '/reports/training-needs',
      access: 'report:read',
      audit: 'report.training-needs',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const rows = await reports.trainingNeeds(actorOf(req), p);
        res.render('reports/views/training.njk', trainingView(p, rows, {}));
      },
    },
    {
      method: 'post',
      path: '/reports/training-needs',
      access: 'report:read',
      audit: 'report.training-need.add',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const r = readBody(trainingNeedForm(p, todayIso()), req.body);
        if (!r.ok) {
          const rows = await reports.trainingNeedsList(p);
          const values = trainingNeedValues(objectOf(req.body));
          return res
            .status(400)
            .render('reports/views/training.njk', trainingView(p, rows, { values, errors: formErrors(r.errors, { recordedOn: 'recordedOn-day' }) }));
        }
        await reports.addTrainingNeed(actorOf(req), p, r.data);
        res.redirect(303, `${paths.reports.trainingNeeds()}?added=1`);
      },
    },
    {
      method: 'get',
      path: '/reports/:kind',
      access: 'report:read',
      audit: 'report.view',
      handler: async (req: Request, res: Response) => {
        const kind = kindOf(req);
        if (!kind) return notFound(res);
        const p = partnershipOf(req);
        const today = todayIso();
        const q = readReportQuery(req.query as Record<string, unknown>, p, kind, today);
        if (!q.submitted) {
          const opening = await reports.openingPeriod(actorOf(req), p, kind, defaultPeriod(kind, p, today), new Date(), today);
          return renderForm(req, res, kind, readReportQuery(req.query as Record<string, unknown>, p, kind, today, opening.period), 200, opening);
        }
        if (!q.input) return renderForm(req, res, kind, q, 400);
        const i = q.input;
        const r = await reports.view(actorOf(req), p, i, new Date(), today);
        const query = queryOf(i);
        const seeChildren = can(req.user!.roles, 'child:read');
        const seeActions = can(req.user!.roles, 'action:read');
        res.render('reports/views/report.njk', {
          report: r,
          lines: reportLines(r, p, i.suppress),
          marking: p.marking,
          suppress: i.suppress,
          sections: sectionViews(r.sections, p, {
            zerosAsNone: true,
            suppress: i.suppress,
            traceHref: (t, row, col) =>
              (t.subject === 'child' && seeChildren) || (t.subject === 'action' && seeActions) || t.subject === 'record'
                ? paths.reports.trace(kind, { ...query, table: t.id, row: String(row), col: String(col) })
                : undefined,
            listHref: (t, id) =>
              t.subject === 'child' && seeChildren ? paths.children.show(id) : t.subject === 'action' && seeActions ? paths.actions.show(id) : undefined,
          }),
          canExport: can(req.user!.roles, 'report:export'),
          exportHref: (format: string, table?: string) => paths.reports.export(kind, { ...query, format, ...(table ? { table } : {}) }),
          // Issue 15 item 21: the good practice and gaps, written by those who may (report:comment).
          commentary: r.commentary,
          commentaryTable: COMMENTARY_TABLE,
          commentaryTitle,
          commentaryHref: hasCommentary(kind) && can(req.user!.roles, 'report:comment') ? paths.reports.commentary(kind, query) : undefined,
          saved: str(req.query.done) === 'commentary',
          changeHref: paths.reports.report(kind, {
            'from-day': String(+i.period.from.slice(8)),
            'from-month': String(+i.period.from.slice(5, 7)),
            'from-year': i.period.from.slice(0, 4),
            'to-day': String(+i.period.to.slice(8)),
            'to-month': String(+i.period.to.slice(5, 7)),
            'to-year': i.period.to.slice(0, 4),
            district: i.districtId ?? '',
            mode: i.suppress ? 'suppress' : 'all',
          }),
        });
      },
    },
    {
      method: 'get',
      path: '/reports/:kind/commentary',
      access: 'report:comment',
      audit: 'report.commentary.view',
      handler: async (req: Request, res: Response) => {
        const kind = kindOf(req);
        if (!kind || !hasCommentary(kind)) return notFound(res);
        const p = partnershipOf(req);
        const q = readReportQuery(req.query as Record<string, unknown>, p, kind, todayIso());
        if (!q.input) return notFound(res);
        const current = await reports.commentary(actorOf(req), p, q.input);
        renderCommentary(req, res, kind, q.input, {
          current,
          version: current?.version ?? 0,
          values: { goodPractice: current?.goodPractice ?? '', gaps: current?.gaps ?? '' },
        });
      },
    },
    {
      method: 'post',
      path: '/reports/:kind/commentary',
      access: 'report:comment',
      audit: 'report.commentary.save',
      handler: async (req: Request, res: Response) => {
        const kind = kindOf(req);
        if (!kind || !hasCommentary(kind)) return notFound(res);
        const p = partnershipOf(req);
        const body = objectOf(req.body);
        const q = readReportQuery(body, p, kind, todayIso());
        if (!q.input) return notFound(res);
        // The version read when the form was opened: 0 when nothing had been saved for the period.
        const version = versionOf(body) ?? 0;
        const values = commentaryValues(body);
        const r = readBody(commentaryForm, body);
        if (!r.ok) return renderCommentary(req, res, kind, q.input, { version, values, errors: formErrors(r.errors), status: 400 });
        const saved = await reports.saveCommentary(actorOf(req), p, q.input, version, r.data);
        if (!saved.ok)
          return renderCommentary(req, res, kind, q.input, {
            current: saved.current,
            version: saved.current.version,
            values,
            conflict: saved.current,
            status: 409,
          });
        res.redirect(303, `${paths.reports.report(kind, { ...queryOf(q.input), done: 'commentary' })}#section-${COMMENTARY_TABLE}`);
      },
    },
    {
      method: 'get',
      path: '/reports/:kind/trace',
      access: 'report:read',
      audit: 'report.trace',
      handler: async (req: Request, res: Response) => {
        const kind = kindOf(req);
        if (!kind) return notFound(res);
        const p = partnershipOf(req);
        const q = readReportQuery(req.query as Record<string, unknown>, p, kind, todayIso());
        const row = Number.parseInt(str(req.query.row), 10);
        const col = Number.parseInt(str(req.query.col), 10);
        if (!q.input || q.input.suppress || !Number.isInteger(row) || !Number.isInteger(col)) return notFound(res);
        const t = await reports.trace(actorOf(req), p, q.input, str(req.query.table), row, col, new Date(), todayIso());
        if (!t) return notFound(res);
        const seeChildren = can(req.user!.roles, 'child:read');
        if ((t.subject === 'child' && !seeChildren) || (t.subject === 'action' && !can(req.user!.roles, 'action:read')))
          return res.status(403).render('errors/forbidden.njk');
        res.render('reports/views/trace.njk', {
          ...t,
          lines: reportLines(t.report, p, false),
          back: paths.reports.report(kind, queryOf(q.input)),
          districtName: (id: string | null) => p.districts.find((d) => d.id === id)?.name ?? '',
          agencyName: (id: string) => p.agencies.find((a) => a.id === id)?.name ?? id,
        });
      },
    },
    {
      method: 'get',
      path: '/reports/:kind/export',
      access: 'report:export',
      audit: 'none: asks why before the export, which is audited',
      handler: async (req: Request, res: Response) => {
        const kind = kindOf(req);
        if (!kind) return notFound(res);
        const p = partnershipOf(req);
        const q = readReportQuery(req.query as Record<string, unknown>, p, kind, todayIso());
        const format = str(req.query.format);
        if (!q.input || !isFormat(format)) return notFound(res);
        const table = str(req.query.table);
        if (format === 'csv' && !table) return notFound(res);
        const tableTitle = table ? await reports.tableTitle(actorOf(req), p, q.input, table, new Date(), todayIso()) : undefined;
        if (table && !tableTitle) return notFound(res);
        renderReason(req, res, {
          title: `${reportTitles[kind]}${tableTitle ? `: ${tableTitle}` : ''}`,
          format: format.toUpperCase(),
          action: paths.reports.export(kind, {}),
          hidden: { ...queryOf(q.input), format, table },
          back: paths.reports.report(kind, queryOf(q.input)),
        });
      },
    },
    {
      method: 'post',
      path: '/reports/:kind/export',
      access: 'report:export',
      audit: 'report.export',
      handler: async (req: Request, res: Response) => {
        const kind = kindOf(req);
        if (!kind) return notFound(res);
        const p = partnershipOf(req);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const q = readReportQuery(body, p, kind, todayIso());
        const format = str(body.format);
        const tableId = str(body.table);
        if (!q.input || !isFormat(format) || (format === 'csv' && !tableId)) return renderBadExport(req, res, kind);
        const reason = readBody(reasonForm, body);
        const back = paths.reports.report(kind, queryOf(q.input));
        if (!reason.ok) {
          const tableTitle = tableId ? await reports.tableTitle(actorOf(req), p, q.input, tableId, new Date(), todayIso()) : undefined;
          return renderReason(req, res, {
            title: `${reportTitles[kind]}${tableTitle ? `: ${tableTitle}` : ''}`,
            format: format.toUpperCase(),
            action: paths.reports.export(kind, {}),
            hidden: { ...queryOf(q.input), format, table: tableId },
            values: reasonValues(body),
            errors: formErrors(reason.errors, { reason: 'reason' }),
            status: 400,
            back,
          });
        }
        const r = await reports.export(actorOf(req), p, q.input, { format, tableId: tableId || undefined, reason: reason.data }, new Date(), todayIso());
        const doc = reportDocument(r, p, q.input.suppress);
        let tables: ExportTable[];
        if (tableId) {
          const t = exportTableOf(r, p, q.input.suppress, tableId);
          if (!t) return renderBadExport(req, res, kind);
          tables = [t];
        } else tables = doc.sections.flatMap((s) => s.tables ?? []);
        const name = fileSafe(`${p.id}-${kind}-${tableId || 'report'}-${q.input.period.from}-${q.input.period.to}${q.input.suppress ? '-suppressed' : ''}`);
        await exportFile(p, doc, tables, format, name, res);
      },
    },
    {
      method: 'get',
      path: '/api/v1/reports/:kind',
      access: 'report:read',
      audit: 'report.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const kind = kindOf(req);
        if (!kind) return problem(res, 404, 'Not found', 'Your partnership has no such report.');
        const p = partnershipOf(req);
        const today = todayIso();
        const q = readReportQuery(req.query as Record<string, unknown>, p, kind, today);
        if (!q.submitted)
          return problem(res, 422, 'Invalid period', 'Give the period as from and to (YYYY-MM-DD).', validatePeriod({}, p.reporting.maxPeriodDays));
        if (!q.input) return problem(res, 422, 'Invalid period', 'The period or district is not valid.', q.errors);
        const r = await reports.view(actorOf(req), p, q.input, new Date(), today);
        const doc = reportDocument(r, p, q.input.suppress);
        res.json({
          report: kind,
          title: r.title,
          partnership: p.id,
          district: r.district?.id ?? null,
          period: r.period,
          produced: r.produced.toISOString(),
          suppressed: q.input.suppress,
          marking: p.marking.text,
          sections: r.sections.map((s, i) => ({
            id: s.id,
            title: s.title,
            rule: s.rule,
            withheld: !!s.policeOnly && !s.tables.length,
            tables: doc.sections[i]!.tables ?? [],
          })),
          // Issue 15 item 21: the good practice and gaps written for the period (null: not yet written; absent: no such section).
          ...(r.commentary === undefined
            ? {}
            : {
                commentary: r.commentary && {
                  goodPractice: r.commentary.goodPractice,
                  gaps: r.commentary.gaps,
                  version: r.commentary.version,
                  updatedAt: r.commentary.updatedAt.toISOString(),
                },
              }),
        });
      },
    },
    // The Risk Factor Matrix, the agenda and the minutes as PDF: each asks why, each is audited as a disclosure.
    ...documentRoutes(),
  ];

  function renderCommentary(
    req: Request,
    res: Response,
    kind: ReportKind,
    i: ReportInput,
    o: {
      current?: Commentary | null;
      version: number;
      values: { goodPractice: string; gaps: string };
      errors?: ReturnType<typeof formErrors>;
      conflict?: Commentary;
      status?: number;
    },
  ) {
    const p = partnershipOf(req);
    const district = i.districtId ? p.districts.find((d) => d.id === i.districtId) : undefined;
    res.status(o.status ?? 200).render('reports/views/commentary.njk', {
      ...o,
      title: reportTitles[kind],
      area: district ? `${district.name} district panel` : `${p.shortName}: all districts (county)`,
      periodText: `${formatDate(i.period.from)} to ${formatDate(i.period.to)}`,
      action: paths.reports.commentary(kind, {}),
      hiddenFields: Object.entries({ ...queryOf(i), version: String(o.version) }).map(([name, value]) => ({ name, value })),
      back: paths.reports.report(kind, queryOf(i)),
      max: COMMENTARY_MAX.toLocaleString('en-GB'),
    });
  }

  function renderBadExport(req: Request, res: Response, kind: ReportKind) {
    return res.status(400).render('reports/views/export-invalid.njk', { back: paths.reports.report(kind) });
  }

  function trainingView(p: PartnershipConfig, rows: TrainingRow[], o: { values?: Record<string, string>; errors?: ReturnType<typeof formErrors> }) {
    return {
      rows,
      values: o.values ?? {},
      errors: o.errors,
      districtItems: [
        { value: '', text: 'All districts' },
        ...p.districts.map((d) => ({ value: d.id, text: d.name, selected: o.values?.districtId === d.id })),
      ],
      agencyItems: [
        { value: '', text: 'No particular agency' },
        ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: o.values?.agencyId === a.id })),
      ],
      districtName: (id: string | null) => p.districts.find((d) => d.id === id)?.name ?? 'All districts',
      agencyName: (id: string | null) => p.agencies.find((a) => a.id === id)?.name ?? '',
    };
  }

  function documentRoutes(): RouteSpec[] {
    type Loaded = { doc: ExportDocument; name: string; back: string; childId?: string } | 'not-found' | 'forbidden';
    const load = async (req: Request, what: 'rfm' | 'agenda' | 'minutes'): Promise<Loaded> => {
      const id = str(req.params.id);
      if (!isUuid(id)) return 'not-found';
      const p = partnershipOf(req);
      const now = new Date();
      if (what === 'rfm') {
        const r = await reports.rfmRecord(p, id);
        if (!r) return 'not-found';
        if (!maySeeChild(req.user!, r)) return 'forbidden';
        return {
          doc: rfmDocument(r, p, now),
          name: fileSafe(`rfm-${r.reference}-v${r.series_version}`),
          back: paths.children.show(r.child_id),
          childId: r.child_id,
        };
      }
      // The same rules as the pages: the agenda to managers, or to members once published; the minutes to
      // those who accepted the meeting's confidentiality agreement, or who run meetings. A PDF names children.
      if (what === 'agenda') {
        const v = await services.agenda.view(actorOf(req), id);
        if (!v) return 'not-found';
        if (v.hidden || !can(req.user!.roles, 'child:read')) return 'forbidden';
      } else {
        const m = await services.meetingRoom.minutes(actorOf(req), id);
        if (!m.ok) return m.reason === 'not-found' ? 'not-found' : 'forbidden';
      }
      const a = await reports.agendaRecord(p, id);
      if (!a) return 'not-found';
      const doc =
        what === 'agenda'
          ? agendaDocument(a, p, now, meetingTypeOf(p, a.meeting.type_id)?.standingAgenda)
          : minutesDocument(a, await reports.minutesRecord(p, id), p, now);
      return { doc, name: fileSafe(`${what}-${todayIso(new Date(a.meeting.starts_at))}`), back: paths.home() };
    };
    const spec = (what: 'rfm' | 'agenda' | 'minutes', access: 'assessment:read' | 'meeting:read'): RouteSpec[] => [
      {
        method: 'get',
        path: `/exports/${what}/:id`,
        access,
        audit: what === 'rfm' ? 'child.view' : 'none: asks why before the export, which is audited (the agenda and minutes read audited as their pages)',
        handler: async (req: Request, res: Response) => {
          const l = await load(req, what);
          if (l === 'not-found') return notFound(res);
          if (l === 'forbidden') return res.status(403).render('errors/forbidden.njk');
          // The form names the child whose document it is: a view of the child (issue 16 item 6).
          if (l.childId) await reports.exportAsked(actorOf(req), { what, id: str(req.params.id), childId: l.childId });
          renderReason(req, res, { title: l.doc.title, format: 'PDF', action: `/exports/${what}/${str(req.params.id)}`, hidden: {}, back: l.back });
        },
      },
      {
        method: 'post',
        path: `/exports/${what}/:id`,
        access,
        audit: 'report.export',
        handler: async (req: Request, res: Response) => {
          const l = await load(req, what);
          if (l === 'not-found') return notFound(res);
          if (l === 'forbidden') return res.status(403).render('errors/forbidden.njk');
          const reason = readBody(reasonForm, req.body);
          if (!reason.ok)
            return renderReason(req, res, {
              title: l.doc.title,
              format: 'PDF',
              action: `/exports/${what}/${str(req.params.id)}`,
              hidden: {},
              values: reasonValues(objectOf(req.body)),
              errors: formErrors(reason.errors),
              status: 400,
              back: l.back,
            });
          await reports.documentExported(actorOf(req), { what, id: str(req.params.id), childId: l.childId, title: l.doc.title, reason: reason.data });
          await exportFile(partnershipOf(req), l.doc, [], 'pdf', l.name, res);
        },
      },
    ];
    return [...spec('rfm', 'assessment:read'), ...spec('agenda', 'meeting:read'), ...spec('minutes', 'meeting:read')];
  }
}
