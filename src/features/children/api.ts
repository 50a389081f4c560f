import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, partnershipOf } from '../../platform/http.ts';
import { problem } from '../../platform/problems.ts';
import { bodyOf, readBody, isUuid } from '../../platform/validation.ts';
import { childSchema, closeSchema, reopenSchema, auditQuery } from './schemas.ts';
import { parseSearch } from './service.ts';
import { toInput, type ChildRow } from './repository.ts';
import { todayIso } from '../../platform/dates.ts';

const childJson = (c: ChildRow) => ({
  id: c.id,
  reference: c.reference,
  version: c.version,
  ...toInput(c),
  updatedAt: c.updated_at,
  // Issue 14: a closed record (no longer open to MACE): when and why; null while open.
  closed: c.closed_at ? { at: c.closed_at, reason: c.closed_reason, details: c.closed_details } : null,
});

export function childApi({ services }: AppDeps): RouteSpec[] {
  const children = services.children;
  /** The search of children by name, alias or date of birth, from the query string (GET) or the body (POST). */
  const search = async (req: Request, res: Response, qIn: unknown, districtIn: unknown) => {
    const errors = [
      ...(qIn !== undefined && typeof qIn !== 'string' ? [{ field: 'q', message: 'q must be text' }] : []),
      ...(districtIn !== undefined && typeof districtIn !== 'string' ? [{ field: 'district', message: 'district must be a district id' }] : []),
    ];
    if (errors.length) return problem(res, 422, 'Invalid search', undefined, errors);
    const q = typeof qIn === 'string' ? qIn : '';
    const districtId = typeof districtIn === 'string' && districtIn ? districtIn : undefined;
    if (q.length > 200) return problem(res, 422, 'Invalid search', undefined, [{ field: 'q', message: 'Search must be 200 characters or fewer' }]);
    const { text, dob, dobInvalid } = parseSearch(q);
    if (dobInvalid) return problem(res, 422, 'Invalid search', undefined, [{ field: 'q', message: 'Date of birth must be a real date' }]);
    const rows = await children.search(actorOf(req), text, dob, districtId);
    res.json({
      results: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        firstName: r.first_name,
        lastName: r.last_name,
        dateOfBirth: r.date_of_birth,
        districtId: r.district_id,
        aliases: r.aliases ? r.aliases.split(', ') : [],
        score: Number(r.score),
      })),
    });
  };

  return [
    {
      method: 'post',
      path: '/api/v1/children',
      access: 'child:create',
      audit: 'child.create',
      api: true,
      handler: async (req: Request, res: Response) => {
        const read = readBody(childSchema(partnershipOf(req)), bodyOf(req));
        if (!read.ok) return problem(res, 422, 'Invalid child', 'Some fields are missing or invalid.', read.errors);
        // Issue 15 item 13: as the "Add a child" form, the children already recorded who are likely the same child come
        // first (audited as child.duplicate-check naming them): 409 with their ids and references only, unless the body
        // says it is not a duplicate (notADuplicate: true, after checking those records).
        if (bodyOf(req).notADuplicate !== true) {
          const existing = await children.likelyExisting(actorOf(req), read.data);
          if (existing.length)
            return void res
              .status(409)
              .type('application/problem+json')
              .send(
                JSON.stringify({
                  type: 'about:blank',
                  title: 'Likely already recorded',
                  status: 409,
                  detail:
                    'Children already recorded in your partnership are likely this child: open them (GET /api/v1/children/{id}) before adding another record. Nothing was saved. If none of them is this child, send the same body with "notADuplicate": true.',
                  likelyExisting: existing.map((c) => ({ id: c.id, reference: c.reference })),
                }),
              );
        }
        const child = await children.create(actorOf(req), read.data);
        res.status(201).location(`/api/v1/children/${child.id}`).json(childJson(child));
      },
    },
    {
      // Kept for compatibility: POST /api/v1/children/search keeps the name out of the URL.
      method: 'get',
      path: '/api/v1/children',
      access: 'child:search',
      audit: 'child.search',
      api: true,
      handler: async (req: Request, res: Response) => search(req, res, req.query.q, req.query.district),
    },
    {
      // Preferred to the GET: a child's name or date of birth never appears in a URL, where proxies and browsers keep it.
      method: 'post',
      path: '/api/v1/children/search',
      access: 'child:search',
      audit: 'child.search',
      api: true,
      handler: async (req: Request, res: Response) => {
        const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
        return search(req, res, body.q, body.district);
      },
    },
    {
      method: 'get',
      path: '/api/v1/children/:id',
      access: 'child:read',
      audit: 'child.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const view = isUuid(id) ? await children.view(actorOf(req), id) : undefined;
        if (!view) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        // DOMAIN §3.2–§6: the current risk, the next review and any assessment due (features/reviews).
        const due = await services.reviews.dueDates(partnershipOf(req), id, todayIso());
        res.json({
          ...childJson(view.child),
          currentRisk: due.currentRisk
            ? { level: due.currentRisk.level, type: due.currentRisk.type, instrument: due.currentRisk.instrument, date: due.currentRisk.on }
            : null,
          nextReviewOn: due.nextReviewOn,
          assessmentDueOn: due.assessmentDueOn,
          aliases: view.aliases.map((a) => ({ alias: a.alias, kind: a.kind })),
          addresses: view.addresses.map((a) => ({ address: a.address, postcode: a.postcode, fromDate: a.from_date, toDate: a.to_date })),
          agencies: view.agencies.map((a) => ({ agencyId: a.agency_id, workerName: a.worker_name, workerContact: a.worker_contact })),
          timeline: view.timeline.map((t) => ({ at: t.occurred_at, kind: t.kind, summary: t.summary })),
        });
      },
    },
    {
      method: 'post',
      path: '/api/v1/children/:id/close',
      access: 'child:close',
      audit: 'child.close',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const r = readBody(closeSchema, bodyOf(req));
        if (!r.ok) return problem(res, 422, 'Invalid request', 'Say why the record is being closed.', r.errors);
        const out = isUuid(id) ? await children.close(actorOf(req), id, r.data) : undefined;
        if (!out || (!out.ok && out.reason === 'not-found')) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        if (!out.ok) return problem(res, 409, 'Already closed', 'The record is already closed.');
        res.json(childJson(out.child));
      },
    },
    {
      method: 'post',
      path: '/api/v1/children/:id/reopen',
      access: 'child:close',
      audit: 'child.reopen',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = String(req.params.id);
        const r = readBody(reopenSchema, bodyOf(req));
        if (!r.ok) return problem(res, 422, 'Invalid request', 'Say why the record is being reopened.', r.errors);
        const out = isUuid(id) ? await children.reopen(actorOf(req), id, r.data.reason) : undefined;
        if (!out || (!out.ok && out.reason === 'not-found')) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        if (!out.ok) return problem(res, 409, 'Not closed', 'The record is open.');
        res.json(childJson(out.child));
      },
    },
    {
      method: 'get',
      path: '/api/v1/audit',
      access: 'audit:read',
      audit: 'audit.read',
      api: true,
      handler: async (req: Request, res: Response) => {
        const read = readBody(auditQuery, req.query);
        if (!read.ok) return problem(res, 422, 'Invalid request', undefined, read.errors);
        const rows = await children.auditEntries(actorOf(req), read.data.childId);
        if (!rows) return problem(res, 404, 'Not found', 'No child with that id in your partnership.');
        res.json({
          entries: rows.map((a) => ({
            id: Number(a.id),
            at: a.at,
            userId: a.actor_user_id,
            userName: a.actor_name,
            roles: a.actor_roles,
            agencyId: a.actor_agency_id,
            action: a.action,
            outcome: a.outcome,
            subjectType: a.subject_type,
            subjectId: a.subject_id,
            ip: a.ip,
          })),
        });
      },
    },
  ];
}
