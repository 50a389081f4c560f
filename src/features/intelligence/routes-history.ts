import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { str, formErrors, isUuid, readBody, objectOf, type FormErrors } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';
import { historyTypes, historyValues, type HistoryType, type HistoryForm } from './history.ts';
import { historyForm, historyFormValues } from './schemas.ts';
import { common, options } from './routes-common.ts';

/** A child's significant events, trafficking, investigations and missing episodes, and the events page. */
export function intelligenceHistoryRoutes({ services }: AppDeps): RouteSpec[] {
  const intel = services.intelligence;
  const history = services.history;

  /** A history form read with readBody, with what was typed, for the service (which reads it after its not-found checks). */
  const readForm = async (req: Request, t: HistoryType): Promise<HistoryForm> => {
    const p = partnershipOf(req);
    const locationIds = await history.locationIds(req.user!.partnershipId);
    const read = readBody(historyForm(t, p, locationIds), req.body);
    return { ...historyFormValues(t, objectOf(req.body), p, locationIds), errors: read.errors ?? [], columns: read.data };
  };

  const renderHistoryForm = async (
    req: Request,
    res: Response,
    t: HistoryType,
    { child, risk }: { child: { id: string }; risk: unknown },
    o: {
      row?: Record<string, unknown>;
      form?: Pick<HistoryForm, 'values' | 'dates'>;
      errors?: FormErrors;
      status?: number;
      conflict?: Record<string, unknown>;
    },
  ) => {
    const p = partnershipOf(req);
    const initial = o.form ?? (o.row ? historyValues(t, o.row) : { values: {}, dates: {} });
    res.status(o.status ?? 200).render('intelligence/views/history-form.njk', {
      ...common(req),
      t,
      child,
      row: o.row,
      values: initial.values,
      dates: initial.dates,
      errors: o.errors,
      conflict: o.conflict,
      currentValues: o.conflict ? historyValues(t, o.conflict) : undefined,
      risk,
      options: options(p),
      locations: await intel.locations(p.id),
      action: o.row ? paths.intelligence.history(child.id, t.id, String(o.row.id)) : paths.intelligence.newHistory(child.id, t.id),
      backHref: t.id === 'missing' ? paths.missing.forChild(child.id) : paths.intelligence.events(child.id),
    });
  };
  const historyAnchors = (t: HistoryType) =>
    Object.fromEntries(t.fields.filter((f) => f.kind === 'date' || f.kind === 'datetime').map((f) => [f.name, `${f.name}-day`]));

  const historyRoutes = (t: HistoryType, access: 'intel:manage' | 'child:update'): RouteSpec[] => [
    ...(t.id === 'missing'
      ? []
      : [
          {
            method: 'get',
            path: `/children/:id/${t.id}/new`,
            access,
            audit: 'child.view',
            handler: async (req: Request, res: Response) => {
              const id = str(req.params.id);
              const found = isUuid(id) ? await history.get(actorOf(req), partnershipOf(req), t, id) : undefined;
              if (!found) return notFound(res);
              await renderHistoryForm(req, res, t, found, {});
            },
          } satisfies RouteSpec,
          {
            method: 'post',
            path: `/children/:id/${t.id}/new`,
            access,
            audit: `${t.auditNoun}.create`,
            handler: async (req: Request, res: Response) => {
              const id = str(req.params.id);
              if (!isUuid(id)) return notFound(res);
              const form = await readForm(req, t);
              const r = await history.create(actorOf(req), t, id, form);
              if (!r.ok && r.reason === 'not-found') return notFound(res);
              if (!r.ok && r.reason === 'invalid') {
                const found = await history.get(actorOf(req), partnershipOf(req), t, id);
                if (!found) return notFound(res);
                return renderHistoryForm(req, res, t, found, { form, errors: formErrors(form.errors, historyAnchors(t)), status: 400 });
              }
              res.redirect(303, `${paths.intelligence.events(id)}?saved=${t.id}`);
            },
          } satisfies RouteSpec,
        ]),
    {
      method: 'get',
      path: `/children/:id/${t.id}/:recordId`,
      access,
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const recordId = str(req.params.recordId);
        const found = isUuid(id) && isUuid(recordId) ? await history.get(actorOf(req), partnershipOf(req), t, id, recordId) : undefined;
        if (!found) return notFound(res);
        await renderHistoryForm(req, res, t, found, { row: found.row });
      },
    },
    {
      method: 'post',
      path: `/children/:id/${t.id}/:recordId`,
      access,
      audit: `${t.auditNoun}.update`,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const recordId = str(req.params.recordId);
        if (!isUuid(id) || !isUuid(recordId)) return notFound(res);
        const form = await readForm(req, t);
        const version = versionOf(objectOf(req.body)) ?? NaN;
        const found = await history.get(actorOf(req), partnershipOf(req), t, id, recordId);
        if (!found) return notFound(res);
        if (!Number.isInteger(version))
          return renderHistoryForm(req, res, t, found, {
            row: found.row,
            form,
            errors: formErrors([{ field: 'version', message: 'The form is out of date: reload the page' }]),
            status: 400,
          });
        const r = await history.update(actorOf(req), t, id, recordId, version, form);
        if (!r.ok && r.reason === 'not-found') return notFound(res);
        if (!r.ok && r.reason === 'invalid')
          return renderHistoryForm(req, res, t, found, { row: found.row, form, errors: formErrors(form.errors, historyAnchors(t)), status: 400 });
        if (!r.ok && r.reason === 'conflict') return renderHistoryForm(req, res, t, found, { row: r.current, form, conflict: r.current, status: 409 });
        res.redirect(303, t.id === 'missing' ? `${paths.missing.forChild(id)}` : `${paths.intelligence.events(id)}?saved=${t.id}`);
      },
    },
  ];

  return [
    {
      method: 'get',
      path: '/children/:id/events',
      access: 'intel:read',
      audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const types = [historyTypes['significant-events'], historyTypes.trafficking, historyTypes.investigations];
        const r = isUuid(id) ? await history.forChild(actorOf(req), partnershipOf(req), id, types) : undefined;
        if (!r) return notFound(res);
        const saved = str(req.query.saved);
        res.render('intelligence/views/events.njk', {
          ...common(req),
          ...r,
          types,
          notice:
            saved && Object.hasOwn(historyTypes, saved)
              ? `${historyTypes[saved as HistoryType['id']].singular[0]!.toUpperCase()}${historyTypes[saved as HistoryType['id']].singular.slice(1)} saved`
              : undefined,
        });
      },
    },
    ...historyRoutes(historyTypes['significant-events'], 'intel:manage'),
    ...historyRoutes(historyTypes.trafficking, 'intel:manage'),
    ...historyRoutes(historyTypes.investigations, 'intel:manage'),
    ...historyRoutes(historyTypes.missing, 'child:update'),
  ];
}
