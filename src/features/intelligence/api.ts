import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, apiNotFound, partnershipOf } from '../../platform/http.ts';
import { problem, editConflict } from '../../platform/problems.ts';
import { str, bodyOf, isUuid } from '../../platform/validation.ts';
import { isRecordKind } from '../../domain/intelligence/links.ts';
import { type EndRef } from './service.ts';
import type { LinkRow, RecordRow, StoredLink } from './repository.ts';

const recordJson = (r: RecordRow) => ({
  id: r.id,
  kind: r.kind,
  label: r.label,
  matchKey: r.match_key,
  verified: r.verified,
  attributes: r.attributes,
  districtId: r.district_id,
  source: r.source,
  sourceAgencyId: r.source_agency_id,
  informationDate: r.information_date,
  reliability: r.reliability,
  // Information from a source, graded for reliability: never verified fact.
  status: 'information-not-fact',
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

const linkJson = (l: LinkRow) => ({
  id: l.id,
  a: l.a_child_id ? { type: 'child', id: l.a_child_id } : { type: 'record', id: l.a_record_id },
  b: l.b_child_id ? { type: 'child', id: l.b_child_id } : { type: 'record', id: l.b_record_id },
  other: { type: l.other_type, id: l.other_id, label: l.other_label, kind: l.other_kind, reference: l.other_reference },
  relation: l.relation,
  firstSeenOn: l.first_seen_on,
  lastSeenOn: l.last_seen_on,
  source: l.source,
  sourceAgencyId: l.source_agency_id,
  reliability: l.reliability,
  notes: l.notes,
  createdAt: l.created_at,
  version: l.version,
});

const storedLinkJson = (l: StoredLink) => ({
  id: l.id,
  a: l.a_child_id ? { type: 'child', id: l.a_child_id } : { type: 'record', id: l.a_record_id },
  b: l.b_child_id ? { type: 'child', id: l.b_child_id } : { type: 'record', id: l.b_record_id },
  relation: l.relation,
  firstSeenOn: l.first_seen_on,
  lastSeenOn: l.last_seen_on,
  source: l.source,
  sourceAgencyId: l.source_agency_id,
  reliability: l.reliability,
  notes: l.notes,
  status: 'information-not-fact',
  createdAt: l.created_at,
  updatedAt: l.updated_at,
  version: l.version,
});

const endOf = (v: unknown): EndRef | undefined => {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const type = str(o.type);
  const id = str(o.id);
  return (type === 'child' || type === 'record') && isUuid(id) ? { type, id: id.toLowerCase() } : undefined;
};

/** Intelligence records and links through /api/v1. */
export function intelligenceApi({ services }: AppDeps): RouteSpec[] {
  const intel = services.intelligence;
  /** The search of records, from the query string (GET, kept for compatibility) or the body (POST, preferred). */
  const searchRecords = async (req: Request, res: Response, qIn: unknown, kindIn: unknown) => {
    if ((qIn !== undefined && typeof qIn !== 'string') || (kindIn !== undefined && typeof kindIn !== 'string')) {
      return problem(res, 422, 'Invalid query', undefined, [
        { field: typeof qIn === 'string' || qIn === undefined ? 'kind' : 'q', message: 'q and kind must be strings' },
      ]);
    }
    const q = str(qIn).trim();
    const kind = str(kindIn);
    if (kind && !isRecordKind(kind))
      return problem(res, 422, 'Invalid query', undefined, [
        { field: 'kind', message: 'kind must be person, location, vehicle, phone, online-account or organisation' },
      ]);
    if (q.length > 200) return problem(res, 422, 'Invalid query', undefined, [{ field: 'q', message: 'q must be 200 characters or fewer' }]);
    if (!q && !kind)
      return problem(res, 422, 'Invalid query', 'Give q (a name, plate, number, handle or postcode), kind, or both.', [
        { field: 'q', message: 'Give q or kind' },
      ]);
    const rows = q ? await intel.search(actorOf(req), q, kind || null) : await intel.listByKind(actorOf(req), kind as never);
    res.json({ records: rows.map(recordJson) });
  };
  return [
    {
      method: 'get',
      path: '/api/v1/intelligence/records',
      access: 'intel:read',
      audit: 'intel.search',
      api: true,
      handler: async (req: Request, res: Response) => searchRecords(req, res, req.query.q, req.query.kind),
    },
    {
      // Preferred to the GET: the search text (a name, a plate, a number) stays out of URLs and logs.
      method: 'post',
      path: '/api/v1/intelligence/records/search',
      access: 'intel:read',
      audit: 'intel.search',
      api: true,
      handler: async (req: Request, res: Response) => searchRecords(req, res, bodyOf(req).q, bodyOf(req).kind),
    },
    {
      method: 'post',
      path: '/api/v1/intelligence/records',
      access: 'intel:manage',
      audit: 'intel.record.create',
      api: true,
      handler: async (req: Request, res: Response) => {
        const body = bodyOf(req);
        const kind = str(body.kind);
        if (!isRecordKind(kind))
          return problem(res, 422, 'Invalid record', undefined, [
            { field: 'kind', message: 'kind must be person, location, vehicle, phone, online-account or organisation' },
          ]);
        const r = await intel.create(actorOf(req), partnershipOf(req), kind, body, { confirmedNew: body.confirmNew === true, json: true });
        if (r.ok) {
          const created = await intel.storedRecord(req.user!.partnershipId, r.id);
          return res.status(201).location(`/api/v1/intelligence/records/${r.id}`).json(recordJson(created!));
        }
        if (r.reason === 'invalid')
          return problem(
            res,
            422,
            'Invalid record',
            'Nothing was saved. A malformed plate, number, postcode or handle may be stored with storeUnverified: true.',
            r.read.errors,
          );
        if (r.reason === 'duplicate') {
          return res
            .status(409)
            .type('application/problem+json')
            .send(
              JSON.stringify({
                type: 'about:blank',
                title: 'Already recorded',
                status: 409,
                detail: 'A record with the same normalised key exists; nothing was saved.',
                existing: recordJson(r.existing),
              }),
            );
        }
        res
          .status(409)
          .type('application/problem+json')
          .send(
            JSON.stringify({
              type: 'about:blank',
              title: 'Possible duplicate',
              status: 409,
              detail: 'People with close names are already recorded. Use one of them, or send again with confirmNew: true.',
              candidates: r.candidates.map((c) => ({ ...recordJson(c), score: Math.round(c.score * 100) / 100 })),
            }),
          );
      },
    },
    {
      method: 'get',
      path: '/api/v1/intelligence/records/:id',
      access: 'intel:read',
      audit: 'intel.record.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const view = isUuid(id) ? await intel.view(actorOf(req), id) : undefined;
        if (!view) return apiNotFound(res, 'record');
        res.json({ ...recordJson(view.record), links: view.links.map(linkJson) });
      },
    },
    {
      method: 'put',
      path: '/api/v1/intelligence/records/:id',
      access: 'intel:manage',
      audit: 'intel.record.update',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return apiNotFound(res, 'record');
        const body = bodyOf(req);
        if (typeof body.version !== 'number' || !Number.isInteger(body.version))
          return problem(res, 422, 'Invalid record', undefined, [{ field: 'version', message: 'version must be the version you read' }]);
        const r = await intel.update(actorOf(req), partnershipOf(req), id, body.version, body, true);
        if (r.ok) return res.json(recordJson((await intel.storedRecord(req.user!.partnershipId, id))!));
        if (r.reason === 'not-found') return apiNotFound(res, 'record');
        if (r.reason === 'invalid') return problem(res, 422, 'Invalid record', 'Nothing was saved.', r.read.errors);
        if (r.reason === 'duplicate')
          return res
            .status(409)
            .type('application/problem+json')
            .send(
              JSON.stringify({
                type: 'about:blank',
                title: 'Already recorded',
                status: 409,
                detail: 'Another record has the same normalised key; nothing was saved.',
                existing: recordJson(r.existing),
              }),
            );
        editConflict(
          res,
          'Someone else saved this record first. Your version was kept and not applied; read the current version and try again.',
          recordJson(r.current),
          r.read.values,
        );
      },
    },
    {
      method: 'post',
      path: '/api/v1/intelligence/links',
      access: 'intel:manage',
      audit: 'intel.link.create',
      api: true,
      handler: async (req: Request, res: Response) => {
        const body = bodyOf(req);
        const from = endOf(body.from);
        const to = endOf(body.to);
        if (!from || !to)
          return problem(res, 422, 'Invalid link', undefined, [
            { field: from ? 'to' : 'from', message: 'from and to must each be {"type": "child" | "record", "id": "<uuid>"}' },
          ]);
        const r = await intel.link(actorOf(req), partnershipOf(req), from, to, body, true);
        if (r.ok) return res.status(201).json({ id: r.id });
        if (r.reason === 'not-found') return problem(res, 404, 'Not found', 'No child or record with that id in your partnership.');
        if (r.reason === 'duplicate')
          return res
            .status(409)
            .type('application/problem+json')
            .send(
              JSON.stringify({
                type: 'about:blank',
                title: 'Already linked',
                status: 409,
                detail: 'The same two are already linked this way; nothing was saved.',
                existingId: r.existingId,
              }),
            );
        problem(res, 422, 'Invalid link', 'Nothing was saved.', r.errors);
      },
    },
    {
      method: 'put',
      path: '/api/v1/intelligence/links/:id',
      access: 'intel:manage',
      audit: 'intel.link.update',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return apiNotFound(res, 'link');
        const body = bodyOf(req);
        if (typeof body.version !== 'number' || !Number.isInteger(body.version))
          return problem(res, 422, 'Invalid link', undefined, [{ field: 'version', message: 'version must be the version you read' }]);
        const r = await intel.updateLink(actorOf(req), partnershipOf(req), id, body.version, body, true);
        if (r.ok) return res.json(storedLinkJson(r.link));
        if (r.reason === 'not-found') return apiNotFound(res, 'link');
        if (r.reason === 'invalid') return problem(res, 422, 'Invalid link', 'Nothing was saved.', r.errors);
        if (r.reason === 'duplicate') return problem(res, 409, 'Already linked', 'The same two are already linked this way; nothing was saved.');
        editConflict(
          res,
          'Someone else saved this link first. Your version was kept and not applied; read the current version and try again.',
          storedLinkJson(r.view.link),
          r.read.values,
        );
      },
    },
    {
      method: 'post',
      path: '/api/v1/intelligence/links/:id/remove',
      access: 'intel:manage',
      audit: 'intel.link.remove',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return apiNotFound(res, 'link');
        const body = bodyOf(req);
        if (typeof body.version !== 'number' || !Number.isInteger(body.version))
          return problem(res, 422, 'Invalid removal', undefined, [{ field: 'version', message: 'version must be the version you read' }]);
        const r = await intel.removeLink(actorOf(req), id, body.version, str(body.reason));
        if (r.ok) return res.status(204).end();
        if (r.reason === 'not-found') return apiNotFound(res, 'link');
        if (r.reason === 'invalid') return problem(res, 422, 'Invalid removal', 'Nothing was removed.', r.errors);
        editConflict(res, 'Someone else changed this link first; it was not removed. Read the current version and try again.', storedLinkJson(r.view.link));
      },
    },
    {
      method: 'get',
      path: '/api/v1/children/:id/links',
      access: 'intel:read',
      audit: 'intel.link.list',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const r = isUuid(id) ? await intel.linksOfChild(actorOf(req), id) : undefined;
        if (!r) return apiNotFound(res, 'child');
        res.json({ links: r.links.map(linkJson) });
      },
    },
  ];
}
