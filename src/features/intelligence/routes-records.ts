import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { str, formErrors, isUuid, type FormErrors } from '../../platform/validation.ts';
import { can } from '../../platform/roles.ts';
import { paths } from '../../paths.ts';
import { isRecordKind, type RecordKind } from '../../domain/intelligence/links.ts';
import { valuesOf, recordAnchors, type ReadRecord } from './schemas.ts';
import type { RecordRow } from './repository.ts';
import { emptyDate, readEnd, linkNotice, common, options } from './routes-common.ts';

/** Persons, locations, vehicles, phones, accounts and organisations: search, lists, adding and changing a record (DOMAIN §3.2, §6). */
export function intelligenceRecordRoutes({ services }: AppDeps): RouteSpec[] {
  const intel = services.intelligence;

  const renderRecordForm = (
    req: Request,
    res: Response,
    o: {
      kind: RecordKind;
      values: Record<string, string>;
      dates: ReadRecord['dates'];
      errors?: FormErrors;
      status?: number;
      record?: RecordRow;
      duplicate?: RecordRow;
      conflict?: { current: RecordRow };
      linkFrom?: string;
    },
  ) => {
    const p = partnershipOf(req);
    res.status(o.status ?? 200).render('intelligence/views/record-form.njk', {
      ...common(req),
      ...o,
      options: options(p),
      action: o.record ? paths.intelligence.edit(o.record.id) : paths.intelligence.newRecord(o.kind),
    });
  };

  const renderRecord = async (req: Request, res: Response, id: string, notice?: string, afterEdit = false) => {
    const view = await intel.view(actorOf(req), id);
    if (!view) return notFound(res);
    // "Did you mean", after the fact: a person who now looks like another record is offered a merge.
    // Only straight after a change: someone who chose "a new person" when adding is not asked again on every visit.
    const similar = afterEdit && can(req.user!.roles, 'intel:manage') ? await intel.similarPeople(actorOf(req), view.record) : [];
    res.render('intelligence/views/record.njk', { ...common(req), ...view, similar, notice });
  };

  return [
    {
      method: 'get',
      path: '/intelligence',
      access: 'intel:read',
      audit: 'intel.search',
      handler: async (req: Request, res: Response) => {
        const saved = (req.user!.data.intelSearch ?? {}) as { q?: string; kind?: string };
        const q = saved.q ?? '';
        const kind = saved.kind && isRecordKind(saved.kind) ? saved.kind : '';
        const results = q ? await intel.search(actorOf(req), q, kind || null) : undefined;
        res.render('intelligence/views/index.njk', { ...common(req), q, kind, results, counts: await intel.counts(req.user!.partnershipId) });
      },
    },
    {
      // The search is posted and kept in the session, so that names, plates and numbers never appear in a URL or a log.
      method: 'post',
      path: '/intelligence/search',
      access: 'intel:read',
      audit: 'none: the search is audited when its results are shown',
      handler: async (req: Request, res: Response) => {
        const q = str(req.body?.q).trim().slice(0, 200);
        const kind = str(req.body?.kind);
        await services.sessions.setData(req.user!, { ...req.user!.data, intelSearch: { q, kind: isRecordKind(kind) ? kind : '' } });
        res.redirect(303, paths.intelligence.index());
      },
    },
    {
      method: 'get',
      path: '/intelligence/kinds/:kind',
      access: 'intel:read',
      audit: 'intel.list',
      handler: async (req: Request, res: Response) => {
        const kind = str(req.params.kind);
        if (!isRecordKind(kind)) return notFound(res);
        res.render('intelligence/views/kind.njk', { ...common(req), kind, rows: await intel.listByKind(actorOf(req), kind) });
      },
    },
    {
      method: 'get',
      path: '/intelligence/records/new',
      access: 'intel:manage',
      audit: 'none: a choice of kind, no data',
      handler: (req: Request, res: Response) => {
        const linkFrom = readEnd(str(req.query.linkFrom));
        res.render('intelligence/views/choose-kind.njk', { ...common(req), linkFrom: linkFrom ? `${linkFrom.type}:${linkFrom.id}` : '' });
      },
    },
    {
      method: 'post',
      path: '/intelligence/records/new',
      access: 'intel:manage',
      audit: 'none: a choice of kind, no data',
      handler: (req: Request, res: Response) => {
        const kind = str(req.body?.kind);
        const linkFrom = readEnd(str(req.body?.linkFrom));
        const lf = linkFrom ? `${linkFrom.type}:${linkFrom.id}` : '';
        if (!isRecordKind(kind))
          return res.status(400).render('intelligence/views/choose-kind.njk', {
            ...common(req),
            linkFrom: lf,
            errors: formErrors([{ field: 'kind', message: 'Select what you want to add' }]),
          });
        res.redirect(303, paths.intelligence.newRecord(kind, lf || undefined));
      },
    },
    {
      method: 'get',
      path: '/intelligence/records/new/:kind',
      access: 'intel:manage',
      audit: 'none: empty form',
      handler: (req: Request, res: Response) => {
        const kind = str(req.params.kind);
        if (!isRecordKind(kind)) return notFound(res);
        const linkFrom = readEnd(str(req.query.linkFrom));
        renderRecordForm(req, res, {
          kind,
          values: { storeUnverified: '' },
          dates: { informationDate: emptyDate, dateOfBirth: emptyDate },
          linkFrom: linkFrom ? `${linkFrom.type}:${linkFrom.id}` : undefined,
        });
      },
    },
    {
      method: 'post',
      path: '/intelligence/records/new/:kind',
      access: 'intel:manage',
      audit: 'intel.record.create',
      handler: async (req: Request, res: Response) => {
        const kind = str(req.params.kind);
        if (!isRecordKind(kind)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const linkFrom = readEnd(str(body.linkFrom));
        const lf = linkFrom ? `${linkFrom.type}:${linkFrom.id}` : undefined;
        const after = (id: string) =>
          res.redirect(303, linkFrom ? paths.intelligence.linkTo(linkFrom.type, linkFrom.id, 'record', id) : `${paths.intelligence.record(id)}?created=1`);
        // "Did you mean": the user chose a person already recorded.
        const chosen = str(body.decision);
        if (chosen.startsWith('existing:') && isUuid(chosen.slice(9))) {
          const existing = await intel.get(actorOf(req), chosen.slice(9));
          if (!existing) return notFound(res);
          return after(existing.id);
        }
        const r = await intel.create(actorOf(req), partnershipOf(req), kind, body, { confirmedNew: chosen === 'new' });
        if (r.ok) return after(r.id);
        const base = { kind, values: r.read.values, dates: r.read.dates, linkFrom: lf, status: 400 };
        if (r.reason === 'invalid')
          return renderRecordForm(req, res, {
            ...base,
            errors: formErrors(r.read.errors, recordAnchors),
          });
        if (r.reason === 'duplicate') return renderRecordForm(req, res, { ...base, status: 409, duplicate: r.existing });
        res.status(200).render('intelligence/views/did-you-mean.njk', {
          ...common(req),
          kind,
          candidates: r.candidates,
          values: r.read.values,
          linkFrom: lf,
          action: paths.intelligence.newRecord(kind),
        });
      },
    },
    {
      method: 'get',
      path: '/intelligence/records/:id',
      access: 'intel:read',
      audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        await renderRecord(
          req,
          res,
          id,
          req.query.created === '1'
            ? 'Record added'
            : req.query.saved === '1'
              ? 'Your changes have been saved'
              : req.query.linked === '1'
                ? 'Link added'
                : req.query.merged === '1'
                  ? 'Records merged: the links of the duplicate are now on this record'
                  : linkNotice(req),
          req.query.saved === '1',
        );
      },
    },
    {
      method: 'get',
      path: '/intelligence/records/:id/edit',
      access: 'intel:manage',
      audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const record = isUuid(id) ? await intel.get(actorOf(req), id) : undefined;
        if (!record) return notFound(res);
        if (record.merged_into) return res.redirect(303, paths.intelligence.record(id));
        renderRecordForm(req, res, { kind: record.kind as RecordKind, ...valuesOf(record), record });
      },
    },
    {
      method: 'post',
      path: '/intelligence/records/:id/edit',
      access: 'intel:manage',
      audit: 'intel.record.update',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const version = versionOf(body) ?? NaN;
        const record = await intel.get(actorOf(req), id, 'intel.record.update');
        if (!record) return notFound(res);
        if (record.merged_into) return res.redirect(303, paths.intelligence.record(id));
        const kind = record.kind as RecordKind;
        if (!Number.isInteger(version))
          return renderRecordForm(req, res, {
            kind,
            ...valuesOf(record),
            record,
            errors: formErrors([{ field: 'version', message: 'The form is out of date: reload the page' }]),
            status: 400,
          });
        const r = await intel.update(actorOf(req), partnershipOf(req), id, version, body);
        if (r.ok) return res.redirect(303, `${paths.intelligence.record(id)}?saved=1`);
        if (r.reason === 'not-found') return notFound(res);
        const base = { kind, values: r.read.values, dates: r.read.dates, record, status: 400 };
        if (r.reason === 'invalid')
          return renderRecordForm(req, res, {
            ...base,
            errors: formErrors(r.read.errors, recordAnchors),
          });
        if (r.reason === 'duplicate') return renderRecordForm(req, res, { ...base, status: 409, duplicate: r.existing });
        renderRecordForm(req, res, { ...base, status: 409, conflict: { current: r.current } });
      },
    },
  ];
}
