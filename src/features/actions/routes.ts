import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { str, readBody, formErrors, datePartsOf, type FormErrors, isUuid } from '../../platform/validation.ts';
import { can } from '../../platform/roles.ts';
import { todayIso, formatDate } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { paginationFor } from '../../platform/pagination.ts';
import { toolkit, toolkitItem, kindNames, actionKinds } from '../../domain/actions/toolkit.ts';
import { statusNames, actionStatuses, type SmartRaw } from '../../domain/actions/rules.ts';
import { mayUpdateAction, PAGE_SIZE, type ChangeInput } from './service.ts';
import type { ActionFilter, ActionRow } from './repository.ts';
import { readActionQuery, queryOf, smartForm, changeForm, noteForm } from './schemas.ts';
import { toCsv } from './csv.ts';

const columns = [
  { key: 'what', text: 'Action' },
  { key: 'child', text: 'Child' },
  { key: 'owner', text: 'Owner' },
  { key: 'agency', text: 'Agency' },
  { key: 'due', text: 'Due' },
  { key: 'status', text: 'Status' },
] as const;

const statusFilterOptions = [
  { value: 'open', text: 'Open or in progress' },
  { value: 'in-progress', text: 'In progress' },
  { value: 'done', text: 'Done' },
  { value: 'cancelled', text: 'Cancelled' },
  { value: 'all', text: 'All' },
];

const smartAnchors = { dueOn: 'dueOn-day', ownerType: 'ownerType', toolkitItem: 'toolkitItem', kind: 'kind' };
const changeAnchors = { dueOn: 'dueOn-day' };

export function actionRoutes({ services }: AppDeps): RouteSpec[] {
  const actions = services.actions;
  const agencyNames = (p: PartnershipConfig) => Object.fromEntries(p.agencies.map((a) => [a.id, a.name]));
  const names = (p: PartnershipConfig) => ({ district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])), agency: agencyNames(p) });
  const common = (req: Request) => ({
    statusNames,
    kindNames,
    agencyNames: agencyNames(partnershipOf(req)),
    canSeeChildren: can(req.user!.roles, 'child:read'),
    toolkitText: (id: string) => toolkitItem(id)?.text ?? '',
  });

  const sortableHead = (f: ActionFilter) =>
    columns.map((c) => {
      const active = f.sort === c.key;
      const order = active && f.order === 'asc' ? 'desc' : 'asc';
      const href = paths.actions.index({ ...queryOf(f, false), sort: c.key, order });
      return {
        html: `<a class="govuk-link govuk-link--no-visited-state" href="${href}">${c.text}${active ? `<span aria-hidden="true"> ${f.order === 'asc' ? '▲' : '▼'}</span>` : ''}</a>`,
        attributes: { 'aria-sort': active ? (f.order === 'asc' ? 'ascending' : 'descending') : 'none' },
      };
    });

  const renderNew = async (
    req: Request,
    res: Response,
    { child, risk }: { child: { id: string }; risk: unknown },
    o: { values?: Partial<SmartRaw>; dueParts?: { day: string; month: string; year: string }; errors?: FormErrors; status?: number },
  ) => {
    const p = partnershipOf(req);
    const values = o.values ?? { ownerType: 'person', ownerUserId: req.user!.userId };
    const owners = await actions.owners(p.id);
    const an = agencyNames(p);
    res.status(o.status ?? 200).render('actions/views/new.njk', {
      child,
      risk,
      names: names(p),
      canAudit: can(req.user!.roles, 'audit:read'),
      values,
      dueParts: o.dueParts ?? { day: '', month: '', year: '' },
      errors: o.errors,
      toolkit,
      kindNames,
      kindItems: actionKinds.map((k) => ({ value: k, text: kindNames[k], checked: values.kind === k })),
      ownerItems: [
        { value: '', text: 'Choose a person' },
        ...owners.map((u) => ({ value: u.id, text: `${u.display_name} (${an[u.agency_id] ?? u.agency_id})`, selected: u.id === values.ownerUserId })),
      ],
      agencyItems: [
        { value: '', text: 'Choose an agency' },
        ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.ownerAgencyId })),
      ],
      today: formatDate(todayIso()),
    });
  };

  const renderShow = async (
    req: Request,
    res: Response,
    id: string,
    o: {
      values?: ChangeInput;
      dueParts?: { day: string; month: string; year: string };
      errors?: FormErrors;
      status?: number;
      conflict?: { current: ActionRow; submitted: ChangeInput };
      noteErrors?: FormErrors;
      note?: string;
      notice?: string;
    } = {},
  ) => {
    const view = await actions.view(actorOf(req), id);
    if (!view) return notFound(res);
    const a = view.action;
    const values = o.values ?? {
      status: a.status,
      dueOn: a.due_on,
      completionEvidence: a.completion_evidence ?? '',
      notCompletedReason: a.not_completed_reason ?? '',
    };
    res.status(o.status ?? 200).render('actions/views/show.njk', {
      ...common(req),
      action: a,
      updates: view.updates,
      canSeeChild: view.canSeeChild,
      canManage: mayUpdateAction(req.user!, a),
      values,
      dueParts: o.dueParts ?? datePartsOf(values.dueOn),
      statusItems: actionStatuses.map((s) => ({ value: s, text: statusNames[s], checked: values.status === s })),
      errors: o.errors,
      noteErrors: o.noteErrors,
      note: o.note ?? '',
      conflict: o.conflict,
      notice: o.notice,
    });
  };

  return [
    {
      method: 'get',
      path: '/actions',
      access: 'action:read',
      audit: 'action.list',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const f = readActionQuery(req.query as Record<string, unknown>, p);
        const r = await actions.list(actorOf(req), f);
        res.render('actions/views/index.njk', {
          ...common(req),
          ...r,
          pageSize: PAGE_SIZE,
          filter: f,
          head: sortableHead(f),
          exportHref: paths.actions.export(queryOf(f)),
          owners: [
            { value: 'anyone', text: 'Anyone', selected: f.owner === 'anyone' },
            { value: 'me', text: 'Me', selected: f.owner === 'me' },
          ],
          agencies: [{ value: '', text: 'All agencies' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === f.agency }))],
          seriesItems: [{ value: '', text: 'All meetings' }, ...r.series.map((s) => ({ value: s.id, text: s.name, selected: s.id === f.seriesId }))],
          ownerUserName: f.ownerUserId ? ((r.rows[0]?.owner_user_id === f.ownerUserId ? r.rows[0]?.owner_name : undefined) ?? 'one person') : undefined,
          statuses: statusFilterOptions.map((s) => ({ ...s, selected: s.value === f.status })),
          filtered: f.owner !== 'anyone' || !!f.ownerUserId || !!f.agency || f.status !== 'open' || f.overdue || !!f.seriesId,
          pagination: paginationFor(r.page, r.pages, (n) => paths.actions.index({ ...queryOf(f), page: n })),
        });
      },
    },
    {
      method: 'get',
      path: '/actions/overdue',
      access: 'action:read',
      audit: 'action.overdue-summary',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const s = await actions.overdueSummary(actorOf(req));
        const an = agencyNames(p);
        res.render('actions/views/overdue.njk', {
          total: s.total,
          owners: s.owners.map((o) => ({ text: o.label, n: o.n, href: o.user_id ? paths.actions.index({ ownerUser: o.user_id, overdue: '1' }) : undefined })),
          agencies: s.agencies.map((a) => ({ text: an[a.agency_id] ?? a.agency_id, n: a.n, href: paths.actions.index({ agency: a.agency_id, overdue: '1' }) })),
          series: s.series.map((x) => ({
            text: x.label ?? 'Not agreed in a meeting',
            n: x.n,
            href: x.series_id ? paths.actions.index({ series: x.series_id, overdue: '1' }) : undefined,
          })),
        });
      },
    },
    {
      method: 'get',
      path: '/actions/export.csv',
      access: 'action:read',
      audit: 'action.export',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const f = readActionQuery(req.query as Record<string, unknown>, p);
        const rows = await actions.exportRows(actorOf(req), f);
        const an = agencyNames(p);
        const csv = toCsv(
          [
            'Action id',
            'Child reference',
            'What',
            'Type',
            'Toolkit item',
            'Owner',
            'Owner agency',
            'How completion is measured',
            'Agreed by',
            'Due date',
            'Status',
            'Overdue',
            'Completion evidence',
          ],
          rows.map((a) => [
            a.id,
            a.child_reference ?? '',
            a.what,
            kindNames[a.kind as keyof typeof kindNames] ?? a.kind,
            toolkitItem(a.toolkit_item)?.text ?? '',
            a.owner_name ?? '',
            an[a.owner_agency_id] ?? a.owner_agency_id,
            a.measure,
            a.agreed_by,
            a.due_on,
            statusNames[a.status as keyof typeof statusNames] ?? a.status,
            a.overdue ? 'Yes' : 'No',
            a.completion_evidence ?? '',
          ]),
        );
        res.set('Content-Disposition', `attachment; filename="actions-${p.id}-${todayIso()}.csv"`);
        res.type('text/csv; charset=utf-8').send(csv);
      },
    },
    {
      method: 'get',
      path: '/children/:id/actions',
      access: 'action:read',
      audit: 'action.list',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const p = partnershipOf(req);
        const r = isUuid(id) ? await actions.forChild(actorOf(req), p, id) : undefined;
        if (!r) return notFound(res);
        res.render('actions/views/child.njk', {
          ...common(req),
          child: r.child,
          rows: r.rows,
          risk: r.risk,
          names: names(p),
          canAudit: can(req.user!.roles, 'audit:read'),
          canManage: can(req.user!.roles, 'action:manage'),
          created: req.query.created === '1',
        });
      },
    },
    {
      method: 'get',
      path: '/children/:id/actions/new',
      access: 'action:manage',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const form = isUuid(id) ? await actions.childForForm(actorOf(req), partnershipOf(req), id) : undefined;
        if (!form) return notFound(res);
        await renderNew(req, res, form, {});
      },
    },
    {
      method: 'post',
      path: '/children/:id/actions/new',
      access: 'action:manage',
      audit: 'action.create',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const { raw, dueParts } = readBody(smartForm, req.body).data!;
        const r = await actions.create(actorOf(req), partnershipOf(req), id, raw);
        if (!r.ok && r.reason === 'not-found') return notFound(res);
        if (!r.ok) {
          const form = await actions.childForForm(actorOf(req), partnershipOf(req), id);
          if (!form) return notFound(res);
          return renderNew(req, res, form, { values: raw, dueParts, errors: formErrors(r.errors, smartAnchors), status: 400 });
        }
        res.redirect(303, `${paths.actions.forChild(id)}?created=1`);
      },
    },
    {
      method: 'get',
      path: '/actions/:id',
      access: 'action:read',
      audit: 'action.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        await renderShow(req, res, id, { notice: req.query.saved === '1' ? 'Action updated' : req.query.noted === '1' ? 'Update added' : undefined });
      },
    },
    {
      method: 'post',
      path: '/actions/:id',
      access: 'action:read',
      audit: 'action.update',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const { input, dueParts } = readBody(changeForm, body).data!;
        const version = versionOf(body) ?? NaN;
        if (!Number.isInteger(version))
          return renderShow(req, res, id, {
            values: input,
            dueParts,
            errors: formErrors([{ field: 'status', message: 'The form is out of date: reload the page' }]),
            status: 400,
          });
        const r = await actions.change(actorOf(req), id, version, input);
        if (!r.ok && r.reason === 'not-found') return notFound(res);
        if (!r.ok && r.reason === 'forbidden') return res.status(403).render('errors/forbidden.njk');
        if (!r.ok && r.reason === 'invalid')
          return renderShow(req, res, id, { values: input, dueParts, errors: formErrors(r.errors, changeAnchors), status: 400 });
        if (!r.ok && r.reason === 'conflict')
          return renderShow(req, res, id, { values: input, dueParts, conflict: { current: r.current, submitted: r.submitted }, status: 409 });
        res.redirect(303, `${paths.actions.show(id)}?saved=1`);
      },
    },
    {
      method: 'post',
      path: '/actions/:id/updates',
      access: 'action:read',
      audit: 'action.note',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const read = readBody(noteForm, req.body);
        if (!read.ok) return renderShow(req, res, id, { note: str(req.body?.note).trim(), noteErrors: formErrors(read.errors), status: 400 });
        const noted = await actions.addNote(actorOf(req), id, read.data.note);
        if (noted === 'not-found') return notFound(res);
        if (noted === 'forbidden') return res.status(403).render('errors/forbidden.njk');
        res.redirect(303, `${paths.actions.show(id)}?noted=1`);
      },
    },
  ];
}
