import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, apiNotFound, partnershipOf } from '../../platform/http.ts';
import { problem, editConflict } from '../../platform/problems.ts';
import { str, bodyOf, readBody, isUuid } from '../../platform/validation.ts';
import type { ItemKind } from '../../domain/agenda/slots.ts';
import { agendaChangedSincePublished, type PlannedItem } from './service.ts';
import { newItemSchema, itemChangeSchema } from './schemas.ts';
import type { ItemRow } from './repository.ts';

/** An item as the API gives it; times when planned, children with what the caller may see of them. */
const itemJson = (i: ItemRow | PlannedItem, position?: number) => ({
  id: i.id,
  position: position ?? i.position + 1,
  kind: i.kind,
  discussion: i.discussion,
  title: i.title,
  location: i.location_text,
  slotMinutes: i.slot_minutes,
  fixedStart: i.fixed_start,
  startsAt: 'startsAt' in i ? i.startsAt.toISOString() : undefined,
  endsAt: 'endsAt' in i ? i.endsAt.toISOString() : undefined,
  status: i.status,
  referralId: i.referral_id,
  children:
    'childViews' in i
      ? i.childViews.map((c) => ({
          id: c.id,
          reference: c.reference,
          name: c.name,
          risk: c.risk ? { level: c.risk.level, scored: c.risk.scored, overridden: c.risk.overridden } : undefined,
          checklist: c.checklist ? { done: c.checklist.done, total: c.checklist.total, complete: c.checklist.complete } : undefined,
        }))
      : i.children.map((c) => ({ id: c.id, reference: c.reference })),
  version: i.version,
});

/** Agendas and items through /api/v1: the same service as the pages. */
export function agendaApi({ services }: AppDeps): RouteSpec[] {
  const agendas = services.agenda;

  const agendaJson = async (req: Request, id: string) => {
    const view = await agendas.view(actorOf(req), id);
    if (!view) return undefined;
    const { occ, agenda, plan } = view;
    return {
      hidden: view.hidden,
      body: {
        occurrenceId: occ.id,
        seriesId: occ.series_id,
        seriesName: occ.series_name,
        startsAt: occ.starts_at.toISOString(),
        endsAt: occ.ends_at.toISOString(),
        meetingStatus: occ.status,
        status: agenda?.status ?? 'draft',
        version: agenda?.version ?? 1,
        publishedAt: agenda?.published_at?.toISOString() ?? null,
        changedSincePublished: agendaChangedSincePublished(agenda),
        meetingMinutes: plan.meetingMinutes,
        agendaMinutes: plan.agendaMinutes,
        fit: plan.fit,
        message: plan.message,
        items: view.items.map((i, n) => itemJson(i, n + 1)),
        // DOMAIN §3.4, §6: children on the agenda who are 18 or over on the meeting's date (to those who run meetings).
        childrenAdultOnDate: view.manage
          ? view.adults.map((a) => ({ itemId: a.itemId, position: a.position, childId: a.childId, reference: a.reference }))
          : undefined,
      },
    };
  };

  return [
    {
      method: 'get',
      path: '/api/v1/meetings/:id/agenda',
      access: 'meeting:read',
      audit: 'agenda.view',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const out = isUuid(id) ? await agendaJson(req, id) : undefined;
        if (!out) return apiNotFound(res, 'meeting');
        if (out.hidden === 'not-published') return problem(res, 404, 'Not found', 'The agenda of this meeting is not published yet.');
        if (out.hidden === 'not-member') return problem(res, 404, 'Not found', 'The agenda is shared with the members of the meeting’s series only.');
        res.json(out.body);
      },
    },
    {
      method: 'post',
      path: '/api/v1/meetings/:id/agenda/items',
      access: 'meeting:manage',
      audit: 'agenda.item.add',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return apiNotFound(res, 'meeting');
        const body = bodyOf(req);
        const kind = (['child', 'group', 'location'] as const).find((k) => k === body.kind);
        if (!kind) return problem(res, 422, 'Invalid item', 'Nothing was saved.', [{ field: 'kind', message: 'kind must be child, group or location' }]);
        // The API names children by childIds or childReferences, never the form's childId or reference.
        const read = readBody(newItemSchema(kind as ItemKind), { ...body, childId: undefined, reference: undefined }, { every: true });
        if (!read.ok) return problem(res, 422, 'Invalid item', 'Nothing was saved.', read.errors);
        const r = await agendas.addItem(actorOf(req), partnershipOf(req), id, read.data);
        if (!r.ok && r.reason === 'not-found') return apiNotFound(res, 'meeting');
        if (!r.ok && r.reason === 'invalid') return problem(res, 422, 'Invalid item', 'Nothing was saved.', r.errors);
        if (!r.ok) return problem(res, 409, 'Conflict');
        const out = await agendaJson(req, id);
        const item = out?.body.items.find((i) => i.id === r.item.id) ?? itemJson(r.item);
        res.status(201).location(`/api/v1/agenda-items/${r.item.id}`).json(item);
      },
    },
    {
      method: 'put',
      path: '/api/v1/agenda-items/:id',
      access: 'meeting:manage',
      audit: 'agenda.item.update',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return apiNotFound(res, 'agenda item');
        const body = bodyOf(req);
        const version = body.version;
        const read = readBody(itemChangeSchema, body, { every: true });
        const errors = read.errors ?? [];
        if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
          errors.unshift({ field: 'version', message: 'version must be the version you read' });
        if (!read.ok || errors.length) return problem(res, 422, 'Invalid item', 'Nothing was saved.', errors);
        const r = await agendas.updateItem(actorOf(req), partnershipOf(req), id, version as number, read.data);
        if (!r.ok && r.reason === 'not-found') return apiNotFound(res, 'agenda item');
        if (!r.ok && r.reason === 'invalid') return problem(res, 422, 'Invalid item', 'Nothing was saved.', r.errors);
        if (!r.ok && r.reason === 'conflict') {
          const { kind: _k, membership, childIds, references, ...rest } = r.submitted;
          const submitted = membership ? { ...rest, childIds, childReferences: references } : rest;
          return editConflict(
            res,
            'Someone else saved this item first. Your version was kept and not applied; read the current version and try again.',
            itemJson(r.current),
            submitted,
          );
        }
        if (r.ok) res.json(itemJson(r.item));
      },
    },
    {
      method: 'delete',
      path: '/api/v1/agenda-items/:id',
      access: 'meeting:manage',
      audit: 'agenda.item.remove',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return apiNotFound(res, 'agenda item');
        const raw = bodyOf(req).version ?? req.query.version;
        const version = typeof raw === 'number' ? raw : Number.parseInt(str(raw), 10);
        if (!Number.isInteger(version) || version < 1)
          return problem(res, 422, 'Invalid request', 'Nothing was removed.', [{ field: 'version', message: 'version must be the version you read' }]);
        const r = await agendas.removeItem(actorOf(req), id, version);
        if (!r.ok && r.reason === 'not-found') return apiNotFound(res, 'agenda item');
        if (!r.ok && r.reason === 'invalid') return problem(res, 409, 'Cannot remove', r.errors[0]!.message, r.errors);
        if (!r.ok && r.reason === 'conflict') {
          return editConflict(res, 'Someone else changed this item after you read it; nothing was removed.', itemJson(r.current));
        }
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: '/api/v1/meetings/:id/agenda/publish',
      access: 'meeting:manage',
      audit: 'agenda.publish',
      api: true,
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return apiNotFound(res, 'meeting');
        const version = bodyOf(req).version;
        if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
          return problem(res, 422, 'Invalid request', 'Nothing was published.', [{ field: 'version', message: 'version must be the agenda version you read' }]);
        const r = await agendas.publish(actorOf(req), partnershipOf(req), id, version);
        if (!r.ok && r.reason === 'not-found') return apiNotFound(res, 'meeting');
        if (!r.ok && r.reason === 'invalid') return problem(res, 422, 'Cannot publish', r.errors[0]!.message, r.errors);
        if (!r.ok) return problem(res, 409, 'Edit conflict', 'The agenda changed after you read it; nothing was published. Read it again.');
        res.json({ status: 'published', sentTo: r.sent, again: r.again });
      },
    },
  ];
}
