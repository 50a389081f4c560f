import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { str, formErrors, isUuid, type FormErrors } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { can } from '../../platform/roles.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { mergeError, recordKinds, recordKindPlurals, recordKindArticles, isRecordKind, reliabilities, relations, childToChildRelations, personRoles, locationKinds, organisationKinds, eventKinds, nrmStatuses, investigationKinds, investigationOutcomes, returnInterviews, type RecordKind } from '../../domain/intelligence/links.ts';
import { platforms } from '../../domain/intelligence/normalise.ts';
import { type EndRef, type LinkView } from './service.ts';
import { valuesOf, recordAnchors, type ReadRecord } from './schemas.ts';
import type { RecordRow } from './repository.ts';
import { historyTypes, historyValues, readHistory, type HistoryType, type HistoryForm } from './history.ts';

const emptyDate = { day: '', month: '', year: '' };
const dateParts = (iso: string | null) => {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? { day: String(+m[3]!), month: String(+m[2]!), year: m[1]! } : { ...emptyDate };
};

/** "child:<uuid>" or "record:<uuid>", the end a new record is to be linked to; anything else is ignored. */
export function readEnd(s: string): EndRef | undefined {
  const m = /^(child|record):([0-9a-f-]{36})$/i.exec(s);
  return m && isUuid(m[2]!) ? { type: m[1] as 'child' | 'record', id: m[2]!.toLowerCase() } : undefined;
}

export const labels = { recordKinds, recordKindPlurals, recordKindArticles, reliabilities, relations, personRoles, locationKinds, organisationKinds, platforms, eventKinds, nrmStatuses, investigationKinds, investigationOutcomes, returnInterviews };

/** Persons, locations, vehicles, phones, accounts, organisations and their links (DOMAIN §3.2, §6). */
export function intelligenceRoutes({ services }: AppDeps): RouteSpec[] {
  const intel = services.intelligence;
  const history = services.history;
  const names = (p: PartnershipConfig) => ({ district: Object.fromEntries(p.districts.map((d) => [d.id, d.name])), agency: Object.fromEntries(p.agencies.map((a) => [a.id, a.name])) });
  const linkNotice = (req: Request) => (req.query.link === 'changed' ? 'Link changed' : req.query.link === 'removed' ? 'Link removed' : undefined);
  const common = (req: Request) => ({ labels, names: names(partnershipOf(req)), canManage: can(req.user!.roles, 'intel:manage'), canSeeChildren: can(req.user!.roles, 'child:read'), canAudit: can(req.user!.roles, 'audit:read') });
  const options = (p: PartnershipConfig) => ({
    agencies: (sel?: string) => [{ value: '', text: 'Not known or not an agency' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === sel }))],
    districts: (sel?: string) => [{ value: '', text: 'Not known' }, ...p.districts.map((d) => ({ value: d.id, text: d.name, selected: d.id === sel }))],
  });

  const renderRecordForm = (req: Request, res: Response, o: { kind: RecordKind; values: Record<string, string>; dates: ReadRecord['dates']; errors?: FormErrors; status?: number; record?: RecordRow; duplicate?: RecordRow; conflict?: { current: RecordRow }; linkFrom?: string; formatErrors?: boolean }) => {
    const p = partnershipOf(req);
    res.status(o.status ?? 200).render('intelligence/views/record-form.njk', { ...common(req), ...o, options: options(p), action: o.record ? paths.intelligence.edit(o.record.id) : paths.intelligence.newRecord(o.kind) });
  };

  const renderRecord = async (req: Request, res: Response, id: string, notice?: string, afterEdit = false) => {
    const view = await intel.view(actorOf(req), id);
    if (!view) return notFound(res);
    // "Did you mean", after the fact: a person who now looks like another record is offered a merge.
    // Only straight after a change: someone who chose "a new person" when adding is not asked again on every visit.
    const similar = afterEdit && can(req.user!.roles, 'intel:manage') ? await intel.similarPeople(actorOf(req), view.record) : [];
    res.render('intelligence/views/record.njk', { ...common(req), ...view, similar, notice });
  };

  const renderLinkDetails = async (req: Request, res: Response, from: EndRef, to: EndRef, o: { values?: Record<string, string>; dates?: Record<string, typeof emptyDate>; errors?: FormErrors; status?: number; duplicateId?: string } = {}) => {
    const actor = actorOf(req);
    const a = await intel.end(actor, from);
    const b = a ? await intel.end(actor, to) : undefined;
    if (!a || !b) return notFound(res);
    const p = partnershipOf(req);
    const allowed = a.type === 'child' && b.type === 'child' ? childToChildRelations : (Object.keys(relations) as (keyof typeof relations)[]);
    const values = o.values ?? { relation: '', source: '', sourceAgencyId: '', reliability: '', notes: '' };
    res.status(o.status ?? 200).render('intelligence/views/link-details.njk', {
      ...common(req), from: a, to: b, values, dates: o.dates ?? { firstSeenOn: emptyDate, lastSeenOn: emptyDate }, errors: o.errors, duplicateId: o.duplicateId,
      relationItems: [{ value: '', text: 'Choose how they are linked' }, ...allowed.map((r) => ({ value: r, text: relations[r], selected: r === values.relation }))],
      options: options(p), backHref: paths.intelligence.newLink(from.type, from.id), action: paths.intelligence.linkTo(from.type, from.id, to.type, to.id),
      fromHref: a.type === 'child' ? paths.intelligence.associations(a.id) : paths.intelligence.record(a.id),
    });
  };

  const renderHistoryForm = async (req: Request, res: Response, t: HistoryType, { child, risk }: { child: { id: string }; risk: unknown }, o: { row?: Record<string, unknown>; form?: Pick<HistoryForm, 'values' | 'dates'>; errors?: FormErrors; status?: number; conflict?: Record<string, unknown> }) => {
    const p = partnershipOf(req);
    const initial = o.form ?? (o.row ? historyValues(t, o.row) : { values: {}, dates: {} });
    res.status(o.status ?? 200).render('intelligence/views/history-form.njk', {
      ...common(req), t, child, row: o.row, values: initial.values, dates: initial.dates, errors: o.errors, conflict: o.conflict,
      currentValues: o.conflict ? historyValues(t, o.conflict) : undefined,
      risk, options: options(p), locations: await intel.locations(p.id),
      action: o.row ? paths.intelligence.history(child.id, t.id, String(o.row.id)) : paths.intelligence.newHistory(child.id, t.id),
      backHref: t.id === 'missing' ? paths.missing.forChild(child.id) : paths.intelligence.events(child.id),
    });
  };
  const linkAnchors = { firstSeenOn: 'firstSeenOn-day', lastSeenOn: 'lastSeenOn-day', reliability: 'reliability' };
  const endHref = (e: EndRef) => (e.type === 'child' ? paths.intelligence.associations(e.id) : paths.intelligence.record(e.id));
  /** Where to go after a change: the page the user came from (one of the link's ends), or its first end. */
  const backEnd = (fromRaw: unknown, link: { a_child_id: string | null; a_record_id: string | null; b_child_id: string | null; b_record_id: string | null }): EndRef => {
    const from = readEnd(str(fromRaw));
    const ends = [link.a_child_id ?? link.a_record_id, link.b_child_id ?? link.b_record_id];
    if (from && ends.includes(from.id)) return from;
    return link.a_child_id ? { type: 'child', id: link.a_child_id } : { type: 'record', id: link.a_record_id! };
  };
  const backTo = (_req: Request, fromRaw: unknown, link: Parameters<typeof backEnd>[1], what: 'changed' | 'removed') => `${endHref(backEnd(fromRaw, link))}?link=${what}`;
  const linkValues = (l: LinkView['link']) => ({ values: { relation: l.relation, source: l.source, sourceAgencyId: l.source_agency_id ?? '', reliability: l.reliability, notes: l.notes ?? '' }, dates: { firstSeenOn: dateParts(l.first_seen_on), lastSeenOn: dateParts(l.last_seen_on) } });

  const renderLinkEdit = (req: Request, res: Response, view: LinkView, o: { values?: Record<string, string>; dates?: Record<string, typeof emptyDate>; errors?: FormErrors; status?: number; conflict?: boolean }) => {
    const p = partnershipOf(req);
    const from = backEnd(req.method === 'GET' ? req.query.from : req.body?.from, view.link);
    const saved = linkValues(view.link);
    const values = o.values ?? saved.values;
    const allowed = view.a.type === 'child' && view.b.type === 'child' ? childToChildRelations : (Object.keys(relations) as (keyof typeof relations)[]);
    res.status(o.status ?? 200).render('intelligence/views/link-details.njk', {
      ...common(req), editing: true, link: view.link, saved: saved.values, savedDates: saved.dates, conflict: o.conflict,
      from: view.a, to: view.b, values, dates: o.dates ?? saved.dates, errors: o.errors, fromRef: `${from.type}:${from.id}`,
      relationItems: [{ value: '', text: 'Choose how they are linked' }, ...allowed.map((r) => ({ value: r, text: relations[r], selected: r === values.relation }))],
      options: options(p), backHref: endHref(from), action: paths.intelligence.editLink(view.link.id), removeHref: paths.intelligence.removeLink(view.link.id, `${from.type}:${from.id}`),
    });
  };

  const renderLinkRemove = (req: Request, res: Response, view: LinkView, o: { reason?: string; errors?: FormErrors; status?: number; conflict?: boolean }) => {
    const from = backEnd(req.method === 'GET' ? req.query.from : req.body?.from, view.link);
    res.status(o.status ?? 200).render('intelligence/views/link-remove.njk', {
      ...common(req), link: view.link, a: view.a, b: view.b, reason: o.reason ?? '', errors: o.errors, conflict: o.conflict,
      fromRef: `${from.type}:${from.id}`, backHref: endHref(from), action: paths.intelligence.removeLink(view.link.id),
    });
  };

  const renderMergeConfirm = async (req: Request, res: Response, o: { errors?: FormErrors; status?: number; conflict?: boolean; keep?: string }) => {
    const id = str(req.params.id).toLowerCase();
    const otherId = str(req.params.otherId).toLowerCase();
    if (!isUuid(id) || !isUuid(otherId)) return notFound(res);
    const first = await intel.view(actorOf(req), id);
    const second = first ? await intel.view(actorOf(req), otherId) : undefined;
    if (!first || !second) return notFound(res);
    const error = mergeError({ id: first.record.id, kind: first.record.kind, mergedInto: first.record.merged_into }, { id: second.record.id, kind: second.record.kind, mergedInto: second.record.merged_into });
    // The record with more links is offered as the one to keep, unless the user chose.
    const keep = o.keep === id || o.keep === otherId ? o.keep : second.links.length > first.links.length ? otherId : id;
    res.status(error ? 400 : (o.status ?? 200)).render('intelligence/views/merge-confirm.njk', {
      ...common(req), first, second, keep, refused: error?.message, errors: o.errors, conflict: o.conflict,
      action: paths.intelligence.mergeWith(id, otherId), backHref: paths.intelligence.merge(id),
    });
  };

  const historyAnchors = (t: HistoryType) => Object.fromEntries(t.fields.filter((f) => f.kind === 'date' || f.kind === 'datetime').map((f) => [f.name, `${f.name}-day`]));

  const historyRoutes = (t: HistoryType, access: 'intel:manage' | 'child:update'): RouteSpec[] => [
    ...(t.id === 'missing' ? [] : [
      {
        method: 'get', path: `/children/:id/${t.id}/new`, access, audit: 'child.view',
        handler: async (req: Request, res: Response) => {
          const id = str(req.params.id);
          const found = isUuid(id) ? await history.get(actorOf(req), partnershipOf(req), t, id) : undefined;
          if (!found) return notFound(res);
          await renderHistoryForm(req, res, t, found, {});
        },
      } satisfies RouteSpec,
      {
        method: 'post', path: `/children/:id/${t.id}/new`, access, audit: `${t.auditNoun}.create`,
        handler: async (req: Request, res: Response) => {
          const id = str(req.params.id);
          if (!isUuid(id)) return notFound(res);
          const form = readHistory(t, (req.body ?? {}) as Record<string, unknown>, partnershipOf(req), await history.locationIds(req.user!.partnershipId));
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
      method: 'get', path: `/children/:id/${t.id}/:recordId`, access, audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const recordId = str(req.params.recordId);
        const found = isUuid(id) && isUuid(recordId) ? await history.get(actorOf(req), partnershipOf(req), t, id, recordId) : undefined;
        if (!found) return notFound(res);
        await renderHistoryForm(req, res, t, found, { row: found.row });
      },
    },
    {
      method: 'post', path: `/children/:id/${t.id}/:recordId`, access, audit: `${t.auditNoun}.update`,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const recordId = str(req.params.recordId);
        if (!isUuid(id) || !isUuid(recordId)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const form = readHistory(t, body, partnershipOf(req), await history.locationIds(req.user!.partnershipId));
        const version = Number.parseInt(str(body.version), 10);
        const found = await history.get(actorOf(req), partnershipOf(req), t, id, recordId);
        if (!found) return notFound(res);
        if (!Number.isInteger(version)) return renderHistoryForm(req, res, t, found, { row: found.row, form, errors: formErrors([{ field: 'version', message: 'The form is out of date: reload the page' }]), status: 400 });
        const r = await history.update(actorOf(req), t, id, recordId, version, form);
        if (!r.ok && r.reason === 'not-found') return notFound(res);
        if (!r.ok && r.reason === 'invalid') return renderHistoryForm(req, res, t, found, { row: found.row, form, errors: formErrors(form.errors, historyAnchors(t)), status: 400 });
        if (!r.ok && r.reason === 'conflict') return renderHistoryForm(req, res, t, found, { row: r.current, form, conflict: r.current, status: 409 });
        res.redirect(303, t.id === 'missing' ? `${paths.missing.forChild(id)}` : `${paths.intelligence.events(id)}?saved=${t.id}`);
      },
    },
  ];

  return [
    {
      method: 'get', path: '/intelligence', access: 'intel:read', audit: 'intel.search',
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
      method: 'post', path: '/intelligence/search', access: 'intel:read', audit: 'none: the search is audited when its results are shown',
      handler: async (req: Request, res: Response) => {
        const q = str(req.body?.q).trim().slice(0, 200);
        const kind = str(req.body?.kind);
        await services.sessions.setData(req.user!.sessionHash, { ...req.user!.data, intelSearch: { q, kind: isRecordKind(kind) ? kind : '' } });
        res.redirect(303, paths.intelligence.index());
      },
    },
    {
      method: 'get', path: '/intelligence/kinds/:kind', access: 'intel:read', audit: 'intel.list',
      handler: async (req: Request, res: Response) => {
        const kind = str(req.params.kind);
        if (!isRecordKind(kind)) return notFound(res);
        res.render('intelligence/views/kind.njk', { ...common(req), kind, rows: await intel.listByKind(actorOf(req), kind) });
      },
    },
    {
      method: 'get', path: '/intelligence/records/new', access: 'intel:manage', audit: 'none: a choice of kind, no data',
      handler: (req: Request, res: Response) => {
        const linkFrom = readEnd(str(req.query.linkFrom));
        res.render('intelligence/views/choose-kind.njk', { ...common(req), linkFrom: linkFrom ? `${linkFrom.type}:${linkFrom.id}` : '' });
      },
    },
    {
      method: 'post', path: '/intelligence/records/new', access: 'intel:manage', audit: 'none: a choice of kind, no data',
      handler: (req: Request, res: Response) => {
        const kind = str(req.body?.kind);
        const linkFrom = readEnd(str(req.body?.linkFrom));
        const lf = linkFrom ? `${linkFrom.type}:${linkFrom.id}` : '';
        if (!isRecordKind(kind)) return res.status(400).render('intelligence/views/choose-kind.njk', { ...common(req), linkFrom: lf, errors: formErrors([{ field: 'kind', message: 'Select what you want to add' }]) });
        res.redirect(303, paths.intelligence.newRecord(kind, lf || undefined));
      },
    },
    {
      method: 'get', path: '/intelligence/records/new/:kind', access: 'intel:manage', audit: 'none: empty form',
      handler: (req: Request, res: Response) => {
        const kind = str(req.params.kind);
        if (!isRecordKind(kind)) return notFound(res);
        const linkFrom = readEnd(str(req.query.linkFrom));
        renderRecordForm(req, res, { kind, values: { storeUnverified: '' }, dates: { informationDate: emptyDate, dateOfBirth: emptyDate }, linkFrom: linkFrom ? `${linkFrom.type}:${linkFrom.id}` : undefined });
      },
    },
    {
      method: 'post', path: '/intelligence/records/new/:kind', access: 'intel:manage', audit: 'intel.record.create',
      handler: async (req: Request, res: Response) => {
        const kind = str(req.params.kind);
        if (!isRecordKind(kind)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const linkFrom = readEnd(str(body.linkFrom));
        const lf = linkFrom ? `${linkFrom.type}:${linkFrom.id}` : undefined;
        const after = (id: string) => res.redirect(303, linkFrom ? paths.intelligence.linkTo(linkFrom.type, linkFrom.id, 'record', id) : `${paths.intelligence.record(id)}?created=1`);
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
        if (r.reason === 'invalid') return renderRecordForm(req, res, { ...base, errors: formErrors([...r.read.errors, ...r.read.formatErrors], recordAnchors), formatErrors: r.read.formatErrors.length > 0 });
        if (r.reason === 'duplicate') return renderRecordForm(req, res, { ...base, status: 409, duplicate: r.existing });
        res.status(200).render('intelligence/views/did-you-mean.njk', { ...common(req), kind, candidates: r.candidates, values: r.read.values, linkFrom: lf, action: paths.intelligence.newRecord(kind) });
      },
    },
    {
      method: 'get', path: '/intelligence/records/:id', access: 'intel:read', audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        await renderRecord(req, res, id, req.query.created === '1' ? 'Record added' : req.query.saved === '1' ? 'Your changes have been saved' : req.query.linked === '1' ? 'Link added' : req.query.merged === '1' ? 'Records merged: the links of the duplicate are now on this record' : linkNotice(req), req.query.saved === '1');
      },
    },
    {
      method: 'get', path: '/intelligence/records/:id/edit', access: 'intel:manage', audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const record = isUuid(id) ? await intel.get(actorOf(req), id) : undefined;
        if (!record) return notFound(res);
        if (record.merged_into) return res.redirect(303, paths.intelligence.record(id));
        renderRecordForm(req, res, { kind: record.kind as RecordKind, ...valuesOf(record), record });
      },
    },
    {
      method: 'post', path: '/intelligence/records/:id/edit', access: 'intel:manage', audit: 'intel.record.update',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const version = Number.parseInt(str(body.version), 10);
        const record = await intel.get(actorOf(req), id, 'intel.record.update');
        if (!record) return notFound(res);
        if (record.merged_into) return res.redirect(303, paths.intelligence.record(id));
        const kind = record.kind as RecordKind;
        if (!Number.isInteger(version)) return renderRecordForm(req, res, { kind, ...valuesOf(record), record, errors: formErrors([{ field: 'version', message: 'The form is out of date: reload the page' }]), status: 400 });
        const r = await intel.update(actorOf(req), partnershipOf(req), id, version, body);
        if (r.ok) return res.redirect(303, `${paths.intelligence.record(id)}?saved=1`);
        if (r.reason === 'not-found') return notFound(res);
        const base = { kind, values: r.read.values, dates: r.read.dates, record, status: 400 };
        if (r.reason === 'invalid') return renderRecordForm(req, res, { ...base, errors: formErrors([...r.read.errors, ...r.read.formatErrors], recordAnchors), formatErrors: r.read.formatErrors.length > 0 });
        if (r.reason === 'duplicate') return renderRecordForm(req, res, { ...base, status: 409, duplicate: r.existing });
        renderRecordForm(req, res, { ...base, status: 409, conflict: { current: r.current } });
      },
    },
    {
      method: 'get', path: '/intelligence/links/new/:fromType/:fromId', access: 'intel:manage', audit: 'intel.search',
      handler: async (req: Request, res: Response) => {
        const from = readEnd(`${str(req.params.fromType)}:${str(req.params.fromId)}`);
        if (!from) return notFound(res);
        const end = await intel.end(actorOf(req), from);
        if (!end) return notFound(res);
        const saved = (req.user!.data.intelLinkSearch ?? {}) as { q?: string; from?: string };
        const q = saved.from === `${from.type}:${from.id}` ? (saved.q ?? '') : '';
        const records = q ? (await intel.search(actorOf(req), q)).filter((r) => r.id !== from.id) : undefined;
        const kids = q ? (await intel.searchChildren(actorOf(req), q)).filter((c) => c.id !== from.id) : undefined;
        res.render('intelligence/views/link-find.njk', { ...common(req), from: end, q, records, children: kids, searchAction: paths.intelligence.linkSearch(from.type, from.id), fromHref: end.type === 'child' ? paths.intelligence.associations(end.id) : paths.intelligence.record(end.id), linkFrom: `${from.type}:${from.id}` });
      },
    },
    {
      method: 'post', path: '/intelligence/links/new/:fromType/:fromId/search', access: 'intel:manage', audit: 'none: the search is audited when its results are shown',
      handler: async (req: Request, res: Response) => {
        const from = readEnd(`${str(req.params.fromType)}:${str(req.params.fromId)}`);
        if (!from) return notFound(res);
        await services.sessions.setData(req.user!.sessionHash, { ...req.user!.data, intelLinkSearch: { q: str(req.body?.q).trim().slice(0, 200), from: `${from.type}:${from.id}` } });
        res.redirect(303, paths.intelligence.newLink(from.type, from.id));
      },
    },
    {
      method: 'get', path: '/intelligence/links/new/:fromType/:fromId/:toType/:toId', access: 'intel:manage', audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        const from = readEnd(`${str(req.params.fromType)}:${str(req.params.fromId)}`);
        const to = readEnd(`${str(req.params.toType)}:${str(req.params.toId)}`);
        if (!from || !to) return notFound(res);
        await renderLinkDetails(req, res, from, to);
      },
    },
    {
      method: 'post', path: '/intelligence/links/new/:fromType/:fromId/:toType/:toId', access: 'intel:manage', audit: 'intel.link.create',
      handler: async (req: Request, res: Response) => {
        const from = readEnd(`${str(req.params.fromType)}:${str(req.params.fromId)}`);
        const to = readEnd(`${str(req.params.toType)}:${str(req.params.toId)}`);
        if (!from || !to) return notFound(res);
        const r = await intel.link(actorOf(req), partnershipOf(req), from, to, (req.body ?? {}) as Record<string, unknown>);
        if (r.ok) return res.redirect(303, from.type === 'child' ? `${paths.intelligence.associations(from.id)}?linked=1` : `${paths.intelligence.record(from.id)}?linked=1`);
        if (r.reason === 'not-found') return notFound(res);
        const values = r.read.values as unknown as Record<string, string>;
        if (r.reason === 'duplicate') return renderLinkDetails(req, res, from, to, { values, dates: r.read.dates, status: 409, duplicateId: r.existingId, errors: formErrors([{ field: 'relation', message: 'This link is already recorded: the same two are already linked this way' }]) });
        await renderLinkDetails(req, res, from, to, { values, dates: r.read.dates, status: 400, errors: formErrors(r.errors as FieldError[], { firstSeenOn: 'firstSeenOn-day', lastSeenOn: 'lastSeenOn-day', reliability: 'reliability' }) });
      },
    },
    {
      method: 'get', path: '/intelligence/links/:linkId/edit', access: 'intel:manage', audit: 'intel.link.view',
      handler: async (req: Request, res: Response) => {
        const linkId = str(req.params.linkId);
        const view = isUuid(linkId) ? await intel.linkView(actorOf(req), linkId) : undefined;
        if (!view) return notFound(res);
        renderLinkEdit(req, res, view, {});
      },
    },
    {
      method: 'post', path: '/intelligence/links/:linkId/edit', access: 'intel:manage', audit: 'intel.link.update',
      handler: async (req: Request, res: Response) => {
        const linkId = str(req.params.linkId);
        if (!isUuid(linkId)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const version = Number.parseInt(str(body.version), 10);
        if (!Number.isInteger(version)) {
          const view = await intel.linkView(actorOf(req), linkId, 'intel.link.update');
          if (!view) return notFound(res);
          return renderLinkEdit(req, res, view, { errors: formErrors([{ field: 'version', message: 'The form is out of date: go back and open the link again' }]), status: 400 });
        }
        const r = await intel.updateLink(actorOf(req), partnershipOf(req), linkId, version, body);
        if (r.ok) return res.redirect(303, backTo(req, body.from, r.link, 'changed'));
        if (r.reason === 'not-found') return notFound(res);
        const values = r.read.values as unknown as Record<string, string>;
        const o = { values, dates: r.read.dates };
        if (r.reason === 'duplicate') return renderLinkEdit(req, res, r.view, { ...o, status: 409, errors: formErrors([{ field: 'relation', message: 'The same two are already linked this way: choose another relation, or remove this link' }]) });
        if (r.reason === 'conflict') return renderLinkEdit(req, res, r.view, { ...o, status: 409, conflict: true });
        renderLinkEdit(req, res, r.view, { ...o, status: 400, errors: formErrors(r.errors, linkAnchors) });
      },
    },
    {
      method: 'get', path: '/intelligence/links/:linkId/remove', access: 'intel:manage', audit: 'intel.link.view',
      handler: async (req: Request, res: Response) => {
        const linkId = str(req.params.linkId);
        const view = isUuid(linkId) ? await intel.linkView(actorOf(req), linkId) : undefined;
        if (!view) return notFound(res);
        renderLinkRemove(req, res, view, {});
      },
    },
    {
      method: 'post', path: '/intelligence/links/:linkId/remove', access: 'intel:manage', audit: 'intel.link.remove',
      handler: async (req: Request, res: Response) => {
        const linkId = str(req.params.linkId);
        if (!isUuid(linkId)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const version = Number.parseInt(str(body.version), 10);
        const reason = str(body.reason);
        const before = await intel.storedLink(req.user!.partnershipId, linkId);
        const r = await intel.removeLink(actorOf(req), linkId, Number.isInteger(version) ? version : -1, reason);
        if (r.ok) return res.redirect(303, backTo(req, body.from, before!, 'removed'));
        if (r.reason === 'not-found') return notFound(res);
        if (r.reason === 'conflict') return renderLinkRemove(req, res, r.view, { reason, status: 409, conflict: true });
        renderLinkRemove(req, res, r.view, { reason, status: 400, errors: formErrors(r.errors) });
      },
    },
    {
      method: 'get', path: '/intelligence/records/:id/merge', access: 'intel:manage', audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const r = isUuid(id) ? await intel.mergeChoices(actorOf(req), id) : undefined;
        if (!r) return notFound(res);
        res.render('intelligence/views/merge-choose.njk', { ...common(req), ...r });
      },
    },
    {
      method: 'post', path: '/intelligence/records/:id/merge', access: 'intel:manage', audit: 'none: a choice of record, nothing changed',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const dup = str(req.body?.duplicateId);
        if (isUuid(dup) && dup.toLowerCase() !== id.toLowerCase()) return res.redirect(303, paths.intelligence.mergeWith(id, dup.toLowerCase()));
        const r = await intel.mergeChoices(actorOf(req), id);
        if (!r) return notFound(res);
        res.status(400).render('intelligence/views/merge-choose.njk', { ...common(req), ...r, errors: formErrors([{ field: 'duplicateId', message: 'Select the person who is the same as ' + r.record.label }]) });
      },
    },
    {
      method: 'get', path: '/intelligence/records/:id/merge/:otherId', access: 'intel:manage', audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        await renderMergeConfirm(req, res, {});
      },
    },
    {
      method: 'post', path: '/intelligence/records/:id/merge/:otherId', access: 'intel:manage', audit: 'intel.record.merge',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id).toLowerCase();
        const otherId = str(req.params.otherId).toLowerCase();
        if (!isUuid(id) || !isUuid(otherId)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const keep = str(body.keep).toLowerCase();
        const version = (v: unknown) => { const n = Number.parseInt(str(v), 10); return Number.isInteger(n) ? n : -1; };
        const errors: FieldError[] = [];
        if (keep !== id && keep !== otherId) errors.push({ field: 'keep', message: 'Select the record to keep' });
        if (str(body.confirm) !== 'yes') errors.push({ field: 'confirm', message: 'Confirm that these are the same person' });
        if (errors.length) return renderMergeConfirm(req, res, { status: 400, errors: formErrors(errors), keep });
        const versions = { [id]: version(body.thisVersion), [otherId]: version(body.otherVersion) };
        const dup = keep === id ? otherId : id;
        const r = await intel.merge(actorOf(req), keep, versions[keep]!, dup, versions[dup]!);
        if (r.ok) return res.redirect(303, `${paths.intelligence.record(keep)}?merged=1`);
        if (r.reason === 'not-found') return notFound(res);
        if (r.reason === 'conflict') return renderMergeConfirm(req, res, { status: 409, conflict: true, keep });
        renderMergeConfirm(req, res, { status: 400, errors: formErrors(r.errors), keep });
      },
    },
    {
      method: 'get', path: '/children/:id/associations', access: 'intel:read', audit: 'intel.link.list',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const r = isUuid(id) ? await intel.linksOfChild(actorOf(req), id, partnershipOf(req)) : undefined;
        if (!r) return notFound(res);
        res.render('intelligence/views/associations.njk', { ...common(req), ...r, notice: req.query.linked === '1' ? 'Link added' : linkNotice(req) });
      },
    },
    {
      method: 'get', path: '/children/:id/events', access: 'intel:read', audit: 'child.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const types = [historyTypes['significant-events'], historyTypes.trafficking, historyTypes.investigations];
        const r = isUuid(id) ? await history.forChild(actorOf(req), partnershipOf(req), id, types) : undefined;
        if (!r) return notFound(res);
        const saved = str(req.query.saved);
        res.render('intelligence/views/events.njk', { ...common(req), ...r, types, notice: saved && Object.hasOwn(historyTypes, saved) ? `${historyTypes[saved as HistoryType['id']].singular[0]!.toUpperCase()}${historyTypes[saved as HistoryType['id']].singular.slice(1)} saved` : undefined });
      },
    },
    ...historyRoutes(historyTypes['significant-events'], 'intel:manage'),
    ...historyRoutes(historyTypes.trafficking, 'intel:manage'),
    ...historyRoutes(historyTypes.investigations, 'intel:manage'),
    ...historyRoutes(historyTypes.missing, 'child:update'),
  ];
}
