import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { str, readBody, formErrors, type FormErrors, isUuid, objectOf } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { paginationFor } from '../../platform/pagination.ts';
import { kindNames, INBOX_PAGE_SIZE } from './service.ts';
import type { TriageRow } from './repository.ts';
import { decisionRoutes, decisionSchema, readInboxQuery, routeName, NO_FURTHER_ACTION, type InboxFilter } from './schemas.ts';

const list = (v: unknown) => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === 'string');

const statusOptions = [
  { value: 'open', text: 'New or in triage' },
  { value: 'new', text: 'New' },
  { value: 'in-triage', text: 'In triage' },
  { value: 'decided', text: 'Decided' },
  { value: 'all', text: 'All' },
];

const columns = [
  { key: 'received', text: 'Received' },
  { key: 'child', text: 'Child' },
  { key: 'district', text: 'District' },
  { key: 'kind', text: 'Type' },
  { key: undefined, text: 'Referred by' },
  { key: 'status', text: 'Status' },
] as const;

/** Decision form values as the page shows them back. */
type DecisionValues = { routes: string[]; rationale: string };

export function triageRoutes({ services }: AppDeps): RouteSpec[] {
  const triage = services.triage;
  const names = (p: PartnershipConfig) => ({
    district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])),
    agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])),
  });

  /** Column headings that sort on the server (the list is paginated), marked with aria-sort. */
  const sortableHead = (f: InboxFilter) =>
    columns.map((c) => {
      if (!c.key) return { text: c.text };
      const active = f.sort === c.key;
      const order = active && f.order === 'asc' ? 'desc' : 'asc';
      const href = paths.triage.inbox({ district: f.district, status: f.status, sort: c.key, order });
      return {
        html: `<a class="govuk-link govuk-link--no-visited-state" href="${href}">${c.text}${active ? `<span aria-hidden="true"> ${f.order === 'asc' ? '▲' : '▼'}</span>` : ''}</a>`,
        attributes: { 'aria-sort': active ? (f.order === 'asc' ? 'ascending' : 'descending') : 'none' },
      };
    });

  const renderItem = async (
    req: Request,
    res: Response,
    o: { id: string; values?: DecisionValues; errors?: FormErrors; status?: number; conflict?: TriageRow; notice?: string },
  ) => {
    const p = partnershipOf(req);
    const view = await triage.view(actorOf(req), p, o.id);
    if (!view) return notFound(res);
    const values = o.values ?? { routes: [], rationale: '' };
    const routeItems = decisionRoutes(p)
      .filter((r) => r.id !== NO_FURTHER_ACTION)
      .map((r) => ({
        value: r.id,
        text: r.name,
        hint: r.description ? { text: r.description } : undefined,
        checked: values.routes.includes(r.id),
      }));
    routeItems.push({ divider: 'or' } as never);
    routeItems.push({
      value: NO_FURTHER_ACTION,
      text: 'No further action',
      behaviour: 'exclusive',
      checked: values.routes.includes(NO_FURTHER_ACTION),
    } as never);
    // The coordinator chooses between CSE and CCE routes: show the child's current risk and its type.
    res.status(o.status ?? 200).render('triage/views/item.njk', {
      risk: view.risk,
      item: view.item,
      subjectHref: view.subjectHref,
      kindName: kindNames[view.item.kind],
      names: names(p),
      routeNames: (view.item.routes ?? []).map((r) => routeName(p, r)),
      submittedRouteNames: values.routes.map((r) => routeName(p, r)),
      routeItems,
      values,
      errors: o.errors,
      conflict: o.conflict,
      notice: o.notice,
      isMine: view.item.picked_up_by === req.user!.userId,
    });
  };

  return [
    {
      method: 'get',
      path: '/triage',
      access: 'triage:manage',
      audit: 'triage.inbox',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const f = readInboxQuery(req.query as Record<string, unknown>, p);
        const { rows, total, page, pages } = await triage.inbox(actorOf(req), f);
        const n = names(p);
        res.render('triage/views/inbox.njk', {
          rows,
          total,
          page,
          pageSize: INBOX_PAGE_SIZE,
          filter: f,
          head: sortableHead(f),
          names: n,
          kindNames,
          districts: [{ value: '', text: 'All districts' }, ...p.districts.map((d) => ({ value: d.id, text: d.name, selected: d.id === f.district }))],
          statuses: statusOptions.map((s) => ({ ...s, selected: s.value === f.status })),
          filtered: !!f.district || f.status !== 'open',
          pagination: paginationFor(page, pages, (n) =>
            paths.triage.inbox({
              district: f.district,
              status: f.status,
              sort: f.sort === 'received' ? undefined : f.sort,
              order: f.order === 'asc' ? undefined : f.order,
              page: n,
            }),
          ),
        });
      },
    },
    {
      method: 'get',
      path: '/triage/:id',
      access: 'triage:manage',
      audit: 'triage.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const notice = req.query.done === 'picked-up' ? 'picked-up' : req.query.done === 'decided' ? 'decided' : undefined;
        await renderItem(req, res, { id, notice });
      },
    },
    {
      method: 'post',
      path: '/triage/:id/pick-up',
      access: 'triage:manage',
      audit: 'triage.pick-up',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const version = versionOf(objectOf(req.body)) ?? NaN;
        const result = await triage.pickUp(actorOf(req), id, Number.isInteger(version) ? version : -1);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'conflict') return renderItem(req, res, { id, conflict: result.current, status: 409 });
        res.redirect(303, `${paths.triage.item(id)}?done=picked-up`);
      },
    },
    {
      method: 'post',
      path: '/triage/:id/decision',
      access: 'triage:manage',
      audit: 'triage.decide',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const p = partnershipOf(req);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const values: DecisionValues = { routes: list(body.routes), rationale: str(body.rationale) };
        const version = versionOf(body) ?? NaN;
        const read = readBody(decisionSchema(p), values);
        const errors = read.errors ?? [];
        if (!Number.isInteger(version)) errors.push({ field: 'version', message: 'The form is out of date: reload the page' });
        if (errors.length || !read.ok) return renderItem(req, res, { id, values, errors: formErrors(errors, { version: 'decision' }), status: 400 });
        const result = await triage.decide(actorOf(req), p, id, version, read.data);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'conflict') return renderItem(req, res, { id, values, conflict: result.current, status: 409 });
        res.redirect(303, `${paths.triage.item(id)}?done=decided`);
      },
    },
  ];
}
