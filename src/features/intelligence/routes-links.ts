import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { str, formErrors, isUuid, type FormErrors } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { paths } from '../../paths.ts';
import { relations, childToChildRelations } from '../../domain/intelligence/links.ts';
import type { EndRef, LinkView } from './service.ts';
import { emptyDate, dateParts, readEnd, linkNotice, common, options, endHref, backEnd } from './routes-common.ts';

/** Links between children and records (DOMAIN §6): adding, changing and removing one, and a child's associations. */
export function intelligenceLinkRoutes({ services }: AppDeps): RouteSpec[] {
  const intel = services.intelligence;

  const renderLinkDetails = async (
    req: Request,
    res: Response,
    from: EndRef,
    to: EndRef,
    o: { values?: Record<string, string>; dates?: Record<string, typeof emptyDate>; errors?: FormErrors; status?: number; duplicateId?: string } = {},
  ) => {
    const actor = actorOf(req);
    const a = await intel.end(actor, from);
    const b = a ? await intel.end(actor, to) : undefined;
    if (!a || !b) return notFound(res);
    const p = partnershipOf(req);
    const allowed = a.type === 'child' && b.type === 'child' ? childToChildRelations : (Object.keys(relations) as (keyof typeof relations)[]);
    const values = o.values ?? { relation: '', source: '', sourceAgencyId: '', reliability: '', notes: '' };
    res.status(o.status ?? 200).render('intelligence/views/link-details.njk', {
      ...common(req),
      from: a,
      to: b,
      values,
      dates: o.dates ?? { firstSeenOn: emptyDate, lastSeenOn: emptyDate },
      errors: o.errors,
      duplicateId: o.duplicateId,
      relationItems: [
        { value: '', text: 'Choose how they are linked' },
        ...allowed.map((r) => ({ value: r, text: relations[r], selected: r === values.relation })),
      ],
      options: options(p),
      backHref: paths.intelligence.newLink(from.type, from.id),
      action: paths.intelligence.linkTo(from.type, from.id, to.type, to.id),
      fromHref: a.type === 'child' ? paths.intelligence.associations(a.id) : paths.intelligence.record(a.id),
    });
  };
  const linkAnchors = { firstSeenOn: 'firstSeenOn-day', lastSeenOn: 'lastSeenOn-day', reliability: 'reliability' };
  const backTo = (_req: Request, fromRaw: unknown, link: Parameters<typeof backEnd>[1], what: 'changed' | 'removed') =>
    `${endHref(backEnd(fromRaw, link))}?link=${what}`;
  const linkValues = (l: LinkView['link']) => ({
    values: { relation: l.relation, source: l.source, sourceAgencyId: l.source_agency_id ?? '', reliability: l.reliability, notes: l.notes ?? '' },
    dates: { firstSeenOn: dateParts(l.first_seen_on), lastSeenOn: dateParts(l.last_seen_on) },
  });

  const renderLinkEdit = (
    req: Request,
    res: Response,
    view: LinkView,
    o: { values?: Record<string, string>; dates?: Record<string, typeof emptyDate>; errors?: FormErrors; status?: number; conflict?: boolean },
  ) => {
    const p = partnershipOf(req);
    const from = backEnd(req.method === 'GET' ? req.query.from : req.body?.from, view.link);
    const saved = linkValues(view.link);
    const values = o.values ?? saved.values;
    const allowed = view.a.type === 'child' && view.b.type === 'child' ? childToChildRelations : (Object.keys(relations) as (keyof typeof relations)[]);
    res.status(o.status ?? 200).render('intelligence/views/link-details.njk', {
      ...common(req),
      editing: true,
      link: view.link,
      saved: saved.values,
      savedDates: saved.dates,
      conflict: o.conflict,
      from: view.a,
      to: view.b,
      values,
      dates: o.dates ?? saved.dates,
      errors: o.errors,
      fromRef: `${from.type}:${from.id}`,
      relationItems: [
        { value: '', text: 'Choose how they are linked' },
        ...allowed.map((r) => ({ value: r, text: relations[r], selected: r === values.relation })),
      ],
      options: options(p),
      backHref: endHref(from),
      action: paths.intelligence.editLink(view.link.id),
      removeHref: paths.intelligence.removeLink(view.link.id, `${from.type}:${from.id}`),
    });
  };

  const renderLinkRemove = (req: Request, res: Response, view: LinkView, o: { reason?: string; errors?: FormErrors; status?: number; conflict?: boolean }) => {
    const from = backEnd(req.method === 'GET' ? req.query.from : req.body?.from, view.link);
    res.status(o.status ?? 200).render('intelligence/views/link-remove.njk', {
      ...common(req),
      link: view.link,
      a: view.a,
      b: view.b,
      reason: o.reason ?? '',
      errors: o.errors,
      conflict: o.conflict,
      fromRef: `${from.type}:${from.id}`,
      backHref: endHref(from),
      action: paths.intelligence.removeLink(view.link.id),
    });
  };

  return [
    {
      method: 'get',
      path: '/intelligence/links/new/:fromType/:fromId',
      access: 'intel:manage',
      audit: 'intel.search',
      handler: async (req: Request, res: Response) => {
        const from = readEnd(`${str(req.params.fromType)}:${str(req.params.fromId)}`);
        if (!from) return notFound(res);
        const end = await intel.end(actorOf(req), from);
        if (!end) return notFound(res);
        const saved = (req.user!.data.intelLinkSearch ?? {}) as { q?: string; from?: string };
        const q = saved.from === `${from.type}:${from.id}` ? (saved.q ?? '') : '';
        const records = q ? (await intel.search(actorOf(req), q)).filter((r) => r.id !== from.id) : undefined;
        const kids = q ? (await intel.searchChildren(actorOf(req), q)).filter((c) => c.id !== from.id) : undefined;
        res.render('intelligence/views/link-find.njk', {
          ...common(req),
          from: end,
          q,
          records,
          children: kids,
          searchAction: paths.intelligence.linkSearch(from.type, from.id),
          fromHref: end.type === 'child' ? paths.intelligence.associations(end.id) : paths.intelligence.record(end.id),
          linkFrom: `${from.type}:${from.id}`,
        });
      },
    },
    {
      method: 'post',
      path: '/intelligence/links/new/:fromType/:fromId/search',
      access: 'intel:manage',
      audit: 'none: the search is audited when its results are shown',
      handler: async (req: Request, res: Response) => {
        const from = readEnd(`${str(req.params.fromType)}:${str(req.params.fromId)}`);
        if (!from) return notFound(res);
        await services.sessions.setData(req.user!, {
          ...req.user!.data,
          intelLinkSearch: { q: str(req.body?.q).trim().slice(0, 200), from: `${from.type}:${from.id}` },
        });
        res.redirect(303, paths.intelligence.newLink(from.type, from.id));
      },
    },
    {
      method: 'get',
      path: '/intelligence/links/new/:fromType/:fromId/:toType/:toId',
      access: 'intel:manage',
      audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        const from = readEnd(`${str(req.params.fromType)}:${str(req.params.fromId)}`);
        const to = readEnd(`${str(req.params.toType)}:${str(req.params.toId)}`);
        if (!from || !to) return notFound(res);
        await renderLinkDetails(req, res, from, to);
      },
    },
    {
      method: 'post',
      path: '/intelligence/links/new/:fromType/:fromId/:toType/:toId',
      access: 'intel:manage',
      audit: 'intel.link.create',
      handler: async (req: Request, res: Response) => {
        const from = readEnd(`${str(req.params.fromType)}:${str(req.params.fromId)}`);
        const to = readEnd(`${str(req.params.toType)}:${str(req.params.toId)}`);
        if (!from || !to) return notFound(res);
        const r = await intel.link(actorOf(req), partnershipOf(req), from, to, (req.body ?? {}) as Record<string, unknown>);
        if (r.ok)
          return res.redirect(
            303,
            from.type === 'child' ? `${paths.intelligence.associations(from.id)}?linked=1` : `${paths.intelligence.record(from.id)}?linked=1`,
          );
        if (r.reason === 'not-found') return notFound(res);
        const values = r.read.values as unknown as Record<string, string>;
        if (r.reason === 'duplicate')
          return renderLinkDetails(req, res, from, to, {
            values,
            dates: r.read.dates,
            status: 409,
            duplicateId: r.existingId,
            errors: formErrors([{ field: 'relation', message: 'This link is already recorded: the same two are already linked this way' }]),
          });
        await renderLinkDetails(req, res, from, to, {
          values,
          dates: r.read.dates,
          status: 400,
          errors: formErrors(r.errors as FieldError[], { firstSeenOn: 'firstSeenOn-day', lastSeenOn: 'lastSeenOn-day', reliability: 'reliability' }),
        });
      },
    },
    {
      method: 'get',
      path: '/intelligence/links/:linkId/edit',
      access: 'intel:manage',
      audit: 'intel.link.view',
      handler: async (req: Request, res: Response) => {
        const linkId = str(req.params.linkId);
        const view = isUuid(linkId) ? await intel.linkView(actorOf(req), linkId) : undefined;
        if (!view) return notFound(res);
        renderLinkEdit(req, res, view, {});
      },
    },
    {
      method: 'post',
      path: '/intelligence/links/:linkId/edit',
      access: 'intel:manage',
      audit: 'intel.link.update',
      handler: async (req: Request, res: Response) => {
        const linkId = str(req.params.linkId);
        if (!isUuid(linkId)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const version = versionOf(body) ?? NaN;
        if (!Number.isInteger(version)) {
          const view = await intel.linkView(actorOf(req), linkId, 'intel.link.update');
          if (!view) return notFound(res);
          return renderLinkEdit(req, res, view, {
            errors: formErrors([{ field: 'version', message: 'The form is out of date: go back and open the link again' }]),
            status: 400,
          });
        }
        const r = await intel.updateLink(actorOf(req), partnershipOf(req), linkId, version, body);
        if (r.ok) return res.redirect(303, backTo(req, body.from, r.link, 'changed'));
        if (r.reason === 'not-found') return notFound(res);
        const values = r.read.values as unknown as Record<string, string>;
        const o = { values, dates: r.read.dates };
        if (r.reason === 'duplicate')
          return renderLinkEdit(req, res, r.view, {
            ...o,
            status: 409,
            errors: formErrors([{ field: 'relation', message: 'The same two are already linked this way: choose another relation, or remove this link' }]),
          });
        if (r.reason === 'conflict') return renderLinkEdit(req, res, r.view, { ...o, status: 409, conflict: true });
        renderLinkEdit(req, res, r.view, { ...o, status: 400, errors: formErrors(r.errors, linkAnchors) });
      },
    },
    {
      method: 'get',
      path: '/intelligence/links/:linkId/remove',
      access: 'intel:manage',
      audit: 'intel.link.view',
      handler: async (req: Request, res: Response) => {
        const linkId = str(req.params.linkId);
        const view = isUuid(linkId) ? await intel.linkView(actorOf(req), linkId) : undefined;
        if (!view) return notFound(res);
        renderLinkRemove(req, res, view, {});
      },
    },
    {
      method: 'post',
      path: '/intelligence/links/:linkId/remove',
      access: 'intel:manage',
      audit: 'intel.link.remove',
      handler: async (req: Request, res: Response) => {
        const linkId = str(req.params.linkId);
        if (!isUuid(linkId)) return notFound(res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const version = versionOf(body) ?? NaN;
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
      method: 'get',
      path: '/children/:id/associations',
      access: 'intel:read',
      audit: 'intel.link.list',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const r = isUuid(id) ? await intel.linksOfChild(actorOf(req), id, partnershipOf(req)) : undefined;
        if (!r) return notFound(res);
        res.render('intelligence/views/associations.njk', { ...common(req), ...r, notice: req.query.linked === '1' ? 'Link added' : linkNotice(req) });
      },
    },
  ];
}
