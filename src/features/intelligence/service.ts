import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit, auditRefusal } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { loadVisibleChild } from '../children/access.ts';
import { childHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { searchChildrenByName } from '../children/lookups.ts';
import { didYouMean, mergedPersonAttributes, searchTextOf } from '../../domain/intelligence/names.ts';
import { linkError, removalReasonError, mergeError, planLinkMove, type RecordKind } from '../../domain/intelligence/links.ts';
import { normaliseName } from '../../domain/intelligence/names.ts';
import { intelligenceRepository, type RecordRow, type LinkRow, type StoredLink } from './repository.ts';
import { recordForm, recordSchema, linkForm, linkSchema, searchKeys, type ReadRecord } from './schemas.ts';
import type { FieldError } from '../../platform/problems.ts';
import { readBody } from '../../platform/validation.ts';
import { addTimelineEvent } from '../children/timeline.ts';

/** A record form or JSON read with readBody (every message of a field): the record to save or the errors, with the values as typed. */
function readRecord(kind: RecordKind, body: Record<string, unknown>, p: PartnershipConfig, json = false): ReadRecord {
  const { values, dates } = recordForm(kind, body, json);
  const r = readBody(recordSchema(kind, p, json), body, { every: true });
  return { values, dates, errors: r.errors ?? [], input: r.data };
}

/** A link's details read with readBody: the errors, the dates to save, with the values as typed. */
function readLink(body: Record<string, unknown>, p: PartnershipConfig, json = false) {
  const { values, dates } = linkForm(body, json);
  const r = readBody(linkSchema(p, json), body);
  return { values, dates, errors: r.errors ?? [], firstSeenOn: r.data?.firstSeenOn ?? null, lastSeenOn: r.data?.lastSeenOn ?? null };
}

type Candidate = RecordRow & { score: number; sameDateOfBirth: boolean };
type CreateResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'invalid'; read: ReadRecord }
  | { ok: false; reason: 'duplicate'; existing: RecordRow; read: ReadRecord }
  | { ok: false; reason: 'did-you-mean'; candidates: Candidate[]; read: ReadRecord };
type UpdateResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; read: ReadRecord }
  | { ok: false; reason: 'duplicate'; existing: RecordRow; read: ReadRecord }
  | { ok: false; reason: 'conflict'; current: RecordRow; read: ReadRecord };

export type EndRef = { type: 'child' | 'record'; id: string };
type ResolvedEnd =
  { type: 'child'; id: string; label: string; reference: string } | { type: 'record'; id: string; label: string; kind: RecordKind; merged?: boolean };
type LinkResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; errors: FieldError[]; read: ReturnType<typeof readLink> }
  | { ok: false; reason: 'duplicate'; existingId: string; read: ReturnType<typeof readLink> };

export type LinkView = { link: StoredLink; a: ResolvedEnd; b: ResolvedEnd };
type LinkUpdateResult =
  | { ok: true; link: StoredLink; childIds: string[] }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; errors: FieldError[]; read: ReturnType<typeof readLink>; view: LinkView }
  | { ok: false; reason: 'duplicate'; existingId: string; read: ReturnType<typeof readLink>; view: LinkView }
  | { ok: false; reason: 'conflict'; read: ReturnType<typeof readLink>; view: LinkView };
type LinkRemoveResult =
  | { ok: true; childIds: string[] }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; errors: FieldError[]; view: LinkView }
  | { ok: false; reason: 'conflict'; view: LinkView };
type MergeResult =
  | { ok: true; moved: number; removed: number }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; errors: FieldError[] }
  | { ok: false; reason: 'conflict' };

const endRefs = (l: StoredLink): [EndRef, EndRef] => [
  l.a_child_id ? { type: 'child', id: l.a_child_id } : { type: 'record', id: l.a_record_id! },
  l.b_child_id ? { type: 'child', id: l.b_child_id } : { type: 'record', id: l.b_record_id! },
];
const childIdsOf = (l: StoredLink) => [l.a_child_id, l.b_child_id].filter((x): x is string => !!x);
const relationText = (r: string) => r.replace(/-/g, ' ');
const otherEndOf = (l: StoredLink, recordId: string) => (l.a_record_id === recordId ? (l.b_child_id ?? l.b_record_id!) : (l.a_child_id ?? l.a_record_id!));

const repo = intelligenceRepository();
const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

/** Intelligence: every read and change is audited in the same transaction; a record or child of another partnership is refused and audited. */
export function intelligenceService(db: Db, calendar: HolidayCalendar) {
  async function visibleRecord(q: Queryable, actor: Actor, id: string, action: string): Promise<RecordRow | undefined> {
    const r = await repo.find(q, actor.partnershipId, id);
    if (r) return r;
    const owner = await repo.partnershipOf(q, id);
    await auditRefusal(q, actor, { action, subjectType: 'intel-record', subjectId: id, found: false, owner, missing: 'no such record' });
    return undefined;
  }

  async function resolveEnd(q: Queryable, actor: Actor, end: EndRef, action: string): Promise<ResolvedEnd | undefined> {
    if (end.type === 'child') {
      const c = await loadVisibleChild(q, actor, end.id, action);
      return c ? { type: 'child', id: c.id, label: `${c.first_name} ${c.last_name}`, reference: c.reference } : undefined;
    }
    const r = await visibleRecord(q, actor, end.id, action);
    return r ? { type: 'record', id: r.id, label: r.label, kind: r.kind as RecordKind, merged: !!r.merged_into } : undefined;
  }

  async function loadLink(q: Queryable, actor: Actor, linkId: string, action: string): Promise<LinkView | undefined> {
    const link = await repo.findLink(q, actor.partnershipId, linkId);
    if (!link) {
      const owner = await repo.linkPartnershipOf(q, linkId);
      await auditRefusal(q, actor, { action, subjectType: 'intel-link', subjectId: linkId, found: false, owner, missing: 'no such link' });
      return undefined;
    }
    const [ea, eb] = endRefs(link);
    const a = await resolveEnd(q, actor, ea, action);
    const b = a ? await resolveEnd(q, actor, eb, action) : undefined;
    return a && b ? { link, a, b } : undefined;
  }

  async function closePeople(q: Queryable, actor: Actor, record: RecordRow): Promise<Candidate[]> {
    const a = record.attributes as { names?: string[]; nicknames?: string[]; dateOfBirth?: string | null };
    const names = [...(a.names ?? [record.label]), ...(a.nicknames ?? [])];
    const rows = await repo.personCandidates(q, actor.partnershipId, normaliseName(names.join(' ')), a.dateOfBirth ?? null, record.id);
    const ranked = didYouMean(
      { names, dateOfBirth: a.dateOfBirth ?? null },
      rows.map((r) => ({
        id: r.id,
        names: [...((r.attributes.names as string[]) ?? [r.label]), ...((r.attributes.nicknames as string[]) ?? [])],
        dateOfBirth: (r.attributes.dateOfBirth as string | null) ?? null,
      })),
    );
    return ranked.map((c) => ({ ...rows.find((r) => r.id === c.id)!, score: c.score, sameDateOfBirth: c.sameDateOfBirth }));
  }

  async function candidatesFor(q: Queryable, actor: Actor, read: ReadRecord, exceptId?: string): Promise<Candidate[]> {
    const a = read.input!.attributes;
    const names = [...((a.names as string[]) ?? []), ...((a.nicknames as string[]) ?? [])];
    const rows = await repo.personCandidates(q, actor.partnershipId, normaliseName(names.join(' ')), (a.dateOfBirth as string | null) ?? null, exceptId);
    const ranked = didYouMean(
      { names, dateOfBirth: a.dateOfBirth as string | null },
      rows.map((r) => ({
        id: r.id,
        names: [...((r.attributes.names as string[]) ?? [r.label]), ...((r.attributes.nicknames as string[]) ?? [])],
        dateOfBirth: (r.attributes.dateOfBirth as string | null) ?? null,
      })),
    );
    return ranked.map((c) => ({ ...rows.find((r) => r.id === c.id)!, score: c.score, sameDateOfBirth: c.sameDateOfBirth }));
  }

  return {
    /** A record as stored (the API's answer after a change the service has audited). */
    storedRecord: (partnershipId: string, id: string) => db.tx((q) => repo.find(q, partnershipId, id)),
    /** A link as stored (where to go back to after removing it). */
    storedLink: (partnershipId: string, id: string) => db.tx((q) => repo.findLink(q, partnershipId, id)),

    /** The landing page: how many records of each kind (no names). */
    counts: (partnershipId: string) => repo.counts(db, partnershipId),
    locations: (partnershipId: string) => repo.locations(db, partnershipId),

    /** Records matching a name, plate, number, handle or postcode; audited with the count, never the text. */
    async search(actor: Actor, text: string, kind: string | null = null): Promise<RecordRow[]> {
      return db.tx(async (q) => {
        const rows = await repo.search(q, actor.partnershipId, normaliseName(text), searchKeys(text), kind);
        await audit(q, actor, { action: 'intel.search', subjectType: 'intel-record', details: { results: rows.length, kind: kind ?? undefined } });
        return rows;
      });
    },

    /** Children by name for the link flow (the children search, audited as one). */
    async searchChildren(actor: Actor, text: string) {
      if (!can(actor.roles, 'child:read')) return [];
      const rows = await searchChildrenByName(db, actor.partnershipId, text, 20);
      await audit(db, actor, { action: 'child.search', subjectType: 'child', details: { results: rows.length, from: 'intelligence link' } });
      return rows;
    },

    async listByKind(actor: Actor, kind: RecordKind): Promise<RecordRow[]> {
      return db.tx(async (q) => {
        const rows = await repo.listByKind(q, actor.partnershipId, kind);
        await audit(q, actor, { action: 'intel.list', subjectType: 'intel-record', details: { kind, results: rows.length } });
        return rows;
      });
    },

    /**
     * Adds a record: never a duplicate (the same plate, number, handle, or postcode and address is
     * refused with the record already there); a person with a close name is offered first ("did you mean").
     */
    async create(
      actor: Actor,
      p: PartnershipConfig,
      kind: RecordKind,
      body: Record<string, unknown>,
      o: { confirmedNew?: boolean; json?: boolean } = {},
    ): Promise<CreateResult> {
      const read = readRecord(kind, body, p, o.json);
      if (!read.input) return { ok: false, reason: 'invalid', read };
      const input = read.input;
      try {
        return await db.tx(async (q) => {
          if (input.matchKey) {
            const existing = await repo.byMatchKey(q, actor.partnershipId, kind, input.matchKey);
            if (existing) return { ok: false, reason: 'duplicate', existing, read } as const;
          }
          if (kind === 'person' && !o.confirmedNew) {
            const candidates = await candidatesFor(q, actor, read);
            if (candidates.length) return { ok: false, reason: 'did-you-mean', candidates, read } as const;
          }
          const id = await repo.insert(q, actor.partnershipId, input, actor.userId);
          await audit(q, actor, {
            action: 'intel.record.create',
            subjectType: 'intel-record',
            subjectId: id,
            details: { kind, verified: input.verified, reliability: input.reliability },
          });
          return { ok: true, id } as const;
        });
      } catch (e) {
        if (!isUniqueViolation(e) || !input.matchKey) throw e;
        const existing = await repo.byMatchKey(db, actor.partnershipId, kind, input.matchKey);
        if (!existing) throw e;
        return { ok: false, reason: 'duplicate', existing, read };
      }
    },

    /** A record with its links. Audited; when it links to children, the view is audited against each child too. */
    async view(actor: Actor, id: string): Promise<{ record: RecordRow; links: LinkRow[] } | undefined> {
      return db.tx(async (q) => {
        const record = await visibleRecord(q, actor, id, 'intel.record.view');
        if (!record) return undefined;
        const links = await repo.linksOf(q, actor.partnershipId, id);
        const childIds = [...new Set(links.filter((l) => l.other_type === 'child').map((l) => l.other_id))];
        await audit(q, actor, {
          action: 'intel.record.view',
          subjectType: 'intel-record',
          subjectId: id,
          details: { kind: record.kind, linkedChildren: childIds.length },
        });
        for (const childId of childIds) await audit(q, actor, { action: 'intel.record.view', subjectType: 'intel-record', subjectId: id, childId });
        return { record, links };
      });
    },

    /** The record for its edit form or a link step (audited as a view). */
    async get(actor: Actor, id: string, action = 'intel.record.view'): Promise<RecordRow | undefined> {
      return db.tx(async (q) => {
        const r = await visibleRecord(q, actor, id, action);
        if (r) await audit(q, actor, { action, subjectType: 'intel-record', subjectId: id });
        return r;
      });
    },

    /** Saves a new version naming the version read: a stale save is refused and kept in edit_conflicts. */
    async update(actor: Actor, p: PartnershipConfig, id: string, version: number, body: Record<string, unknown>, json = false): Promise<UpdateResult> {
      return db.tx(async (q) => {
        const existing = await visibleRecord(q, actor, id, 'intel.record.update');
        if (!existing) return { ok: false, reason: 'not-found' } as const;
        const read = readRecord(existing.kind as RecordKind, body, p, json);
        if (!read.input) return { ok: false, reason: 'invalid', read } as const;
        if (read.input.matchKey) {
          const other = await repo.byMatchKey(q, actor.partnershipId, existing.kind, read.input.matchKey, id);
          if (other) return { ok: false, reason: 'duplicate', existing: other, read } as const;
        }
        if (!(await repo.update(q, actor.partnershipId, id, version, read.input))) {
          await repo.keepConflict(q, actor.partnershipId, 'intel-record', id, actor.userId, version, read.values);
          await audit(q, actor, {
            action: 'intel.record.update',
            outcome: 'failed',
            subjectType: 'intel-record',
            subjectId: id,
            details: { reason: 'stale version', readVersion: version, currentVersion: existing.version },
          });
          return { ok: false, reason: 'conflict', current: existing, read } as const;
        }
        await audit(q, actor, {
          action: 'intel.record.update',
          subjectType: 'intel-record',
          subjectId: id,
          details: { kind: existing.kind, version: existing.version + 1, verified: read.input.verified },
        });
        return { ok: true, id } as const;
      });
    },

    /** One end of a link for the link pages (a child or a record of the actor's partnership), audited as a view. */
    async end(actor: Actor, end: EndRef): Promise<ResolvedEnd | undefined> {
      return db.tx(async (q) => {
        const r = await resolveEnd(q, actor, end, end.type === 'child' ? 'child.view' : 'intel.record.view');
        if (r)
          await audit(q, actor, {
            action: r.type === 'child' ? 'child.view' : 'intel.record.view',
            subjectType: r.type === 'child' ? 'child' : 'intel-record',
            subjectId: r.id,
            childId: r.type === 'child' ? r.id : undefined,
          });
        return r;
      });
    },

    /**
     * Links two ends. Both must be of the actor's partnership (otherwise refused as not found, and
     * audited); the same two ends and relation are linked once only, whichever way round.
     */
    async link(actor: Actor, p: PartnershipConfig, from: EndRef, to: EndRef, body: Record<string, unknown>, json = false): Promise<LinkResult> {
      const read = readLink(body, p, json);
      try {
        return await db.tx(async (q) => {
          const a = await resolveEnd(q, actor, from, 'intel.link.create');
          const b = a ? await resolveEnd(q, actor, to, 'intel.link.create') : undefined;
          // A record merged into another takes no new links: its links are on the kept record.
          if (!a || !b || (a.type === 'record' && a.merged) || (b.type === 'record' && b.merged)) return { ok: false, reason: 'not-found' } as const;
          const errors = [...read.errors];
          const rule = linkError(
            a.type === 'child' ? { type: 'child', id: a.id } : { type: 'record', kind: a.kind, id: a.id },
            b.type === 'child' ? { type: 'child', id: b.id } : { type: 'record', kind: b.kind, id: b.id },
            read.values.relation,
          );
          if (rule && !errors.some((e) => e.field === rule.field)) errors.push(rule);
          if (errors.length) return { ok: false, reason: 'invalid', errors, read } as const;
          const dup = await repo.findLinkBetween(q, actor.partnershipId, a.id, b.id, read.values.relation);
          if (dup) return { ok: false, reason: 'duplicate', existingId: dup.id, read } as const;
          const id = await repo.insertLink(
            q,
            actor.partnershipId,
            {
              aChildId: a.type === 'child' ? a.id : null,
              aRecordId: a.type === 'record' ? a.id : null,
              bChildId: b.type === 'child' ? b.id : null,
              bRecordId: b.type === 'record' ? b.id : null,
              relation: read.values.relation,
              firstSeenOn: read.firstSeenOn,
              lastSeenOn: read.lastSeenOn,
              source: read.values.source,
              sourceAgencyId: read.values.sourceAgencyId || null,
              reliability: read.values.reliability,
              notes: read.values.notes || null,
            },
            actor.userId,
          );
          const childIds = [a, b].filter((e) => e.type === 'child').map((e) => e.id);
          await audit(q, actor, {
            action: 'intel.link.create',
            subjectType: 'intel-link',
            subjectId: id,
            childId: childIds[0],
            details: { relation: read.values.relation, ends: [a.type, b.type], otherChild: childIds[1] },
          });
          for (const c of childIds)
            await addTimelineEvent(q, {
              partnershipId: actor.partnershipId,
              childId: c,
              kind: 'record',
              summary: `Association recorded: ${read.values.relation.replace(/-/g, ' ')}`,
              actorUserId: actor.userId,
            });
          return { ok: true, id } as const;
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const dup = await repo.findLinkBetween(db, actor.partnershipId, from.id, to.id, read.values.relation);
        if (!dup) throw e;
        return { ok: false, reason: 'duplicate', existingId: dup.id, read };
      }
    },

    /**
     * One link in force with both its ends, for its change or remove page. Audited as a view of the
     * link against each child at its ends; a link of another partnership is refused and audited.
     */
    async linkView(actor: Actor, linkId: string, action = 'intel.link.view'): Promise<LinkView | undefined> {
      return db.tx(async (q) => {
        const v = await loadLink(q, actor, linkId, action);
        if (!v) return undefined;
        for (const c of childIdsOf(v.link)) await audit(q, actor, { action, subjectType: 'intel-link', subjectId: linkId, childId: c });
        if (!childIdsOf(v.link).length) await audit(q, actor, { action, subjectType: 'intel-link', subjectId: linkId });
        return v;
      });
    },

    /** Changes a link's relation, dates, source, reliability or notes, naming the version read: a stale save is refused and kept in edit_conflicts. */
    async updateLink(
      actor: Actor,
      p: PartnershipConfig,
      linkId: string,
      version: number,
      body: Record<string, unknown>,
      json = false,
    ): Promise<LinkUpdateResult> {
      const read = readLink(body, p, json);
      try {
        return await db.tx(async (q) => {
          const view = await loadLink(q, actor, linkId, 'intel.link.update');
          if (!view) return { ok: false, reason: 'not-found' } as const;
          const { a, b } = view;
          const errors = [...read.errors];
          const rule = linkError(
            a.type === 'child' ? { type: 'child', id: a.id } : { type: 'record', kind: a.kind, id: a.id },
            b.type === 'child' ? { type: 'child', id: b.id } : { type: 'record', kind: b.kind, id: b.id },
            read.values.relation,
          );
          if (rule && !errors.some((e) => e.field === rule.field)) errors.push(rule);
          if (errors.length) return { ok: false, reason: 'invalid', errors, read, view } as const;
          const dup = await repo.findLinkBetween(q, actor.partnershipId, a.id, b.id, read.values.relation, linkId);
          if (dup) return { ok: false, reason: 'duplicate', existingId: dup.id, read, view } as const;
          const input = {
            relation: read.values.relation,
            firstSeenOn: read.firstSeenOn,
            lastSeenOn: read.lastSeenOn,
            source: read.values.source,
            sourceAgencyId: read.values.sourceAgencyId || null,
            reliability: read.values.reliability,
            notes: read.values.notes || null,
          };
          if (!(await repo.updateLink(q, actor.partnershipId, linkId, version, input))) {
            await repo.keepConflict(q, actor.partnershipId, 'intel-link', linkId, actor.userId, version, {
              ...read.values,
              firstSeenOn: read.firstSeenOn,
              lastSeenOn: read.lastSeenOn,
            });
            await audit(q, actor, {
              action: 'intel.link.update',
              outcome: 'failed',
              subjectType: 'intel-link',
              subjectId: linkId,
              childId: childIdsOf(view.link)[0],
              details: { reason: 'stale version', readVersion: version, currentVersion: view.link.version },
            });
            return { ok: false, reason: 'conflict', read, view } as const;
          }
          const childIds = childIdsOf(view.link);
          const changed = (Object.keys(input) as (keyof typeof input)[]).filter(
            (k) =>
              String(input[k] ?? '') !==
              String(
                {
                  relation: view.link.relation,
                  firstSeenOn: view.link.first_seen_on,
                  lastSeenOn: view.link.last_seen_on,
                  source: view.link.source,
                  sourceAgencyId: view.link.source_agency_id,
                  reliability: view.link.reliability,
                  notes: view.link.notes,
                }[k] ?? '',
              ),
          );
          await audit(q, actor, {
            action: 'intel.link.update',
            subjectType: 'intel-link',
            subjectId: linkId,
            childId: childIds[0],
            details: { changed, relation: input.relation, otherChild: childIds[1] },
          });
          for (const c of childIds)
            await addTimelineEvent(q, {
              partnershipId: actor.partnershipId,
              childId: c,
              kind: 'record',
              summary: `Association changed: ${relationText(input.relation)}`,
              actorUserId: actor.userId,
            });
          return { ok: true, link: (await repo.findLink(q, actor.partnershipId, linkId))!, childIds } as const;
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const view = await db.tx((q) => loadLink(q, actor, linkId, 'intel.link.update'));
        if (!view) return { ok: false, reason: 'not-found' };
        return { ok: false, reason: 'duplicate', existingId: '', read, view };
      }
    },

    /** Removes a link from use with a reason (the row stays for the audit); an entry on each linked child's timeline. */
    async removeLink(actor: Actor, linkId: string, version: number | null, reason: string): Promise<LinkRemoveResult> {
      return db.tx(async (q) => {
        const view = await loadLink(q, actor, linkId, 'intel.link.remove');
        if (!view) return { ok: false, reason: 'not-found' } as const;
        const error = removalReasonError(reason);
        if (error) return { ok: false, reason: 'invalid', errors: [error], view } as const;
        if (!(await repo.removeLink(q, actor.partnershipId, linkId, version, reason.trim(), actor.userId))) {
          await repo.keepConflict(q, actor.partnershipId, 'intel-link', linkId, actor.userId, version ?? 0, { remove: true, reason: reason.trim() });
          await audit(q, actor, {
            action: 'intel.link.remove',
            outcome: 'failed',
            subjectType: 'intel-link',
            subjectId: linkId,
            childId: childIdsOf(view.link)[0],
            details: { reason: 'stale version', readVersion: version, currentVersion: view.link.version },
          });
          return { ok: false, reason: 'conflict', view } as const;
        }
        const childIds = childIdsOf(view.link);
        await audit(q, actor, {
          action: 'intel.link.remove',
          subjectType: 'intel-link',
          subjectId: linkId,
          childId: childIds[0],
          details: { relation: view.link.relation, otherChild: childIds[1] },
        });
        for (const c of childIds)
          await addTimelineEvent(q, {
            partnershipId: actor.partnershipId,
            childId: c,
            kind: 'record',
            summary: `Association removed: ${relationText(view.link.relation)}`,
            actorUserId: actor.userId,
          });
        return { ok: true, childIds } as const;
      });
    },

    /**
     * Merges a duplicate person into the kept one: the duplicate's links move to the kept record
     * (except a link between the two, or one the kept record already has, which is removed with a
     * reason), its names become nicknames of the kept person, what the kept one lacks (date of birth,
     * addresses, features) is taken from it, and it stays, marked merged, for the audit.
     */
    async merge(actor: Actor, keptId: string, keptVersion: number, duplicateId: string, duplicateVersion: number): Promise<MergeResult> {
      return db.tx(async (q) => {
        const kept = await visibleRecord(q, actor, keptId, 'intel.record.merge');
        const dup = kept ? await visibleRecord(q, actor, duplicateId, 'intel.record.merge') : undefined;
        if (!kept || !dup) return { ok: false, reason: 'not-found' } as const;
        const error = mergeError({ id: kept.id, kind: kept.kind, mergedInto: kept.merged_into }, { id: dup.id, kind: dup.kind, mergedInto: dup.merged_into });
        if (error) return { ok: false, reason: 'invalid', errors: [error] } as const;
        if (kept.version !== keptVersion || dup.version !== duplicateVersion) {
          await repo.keepConflict(q, actor.partnershipId, 'intel-record', dup.id, actor.userId, duplicateVersion, { mergeInto: kept.id, keptVersion });
          await audit(q, actor, {
            action: 'intel.record.merge',
            outcome: 'failed',
            subjectType: 'intel-record',
            subjectId: dup.id,
            details: { reason: 'stale version', into: kept.id },
          });
          return { ok: false, reason: 'conflict' } as const;
        }
        const dupLinks = await repo.storedLinksOf(q, actor.partnershipId, dup.id);
        const keptLinks = await repo.storedLinksOf(q, actor.partnershipId, kept.id);
        const plan = planLinkMove(
          kept.id,
          dupLinks.map((l) => ({ id: l.id, otherEnd: otherEndOf(l, dup.id), relation: l.relation })),
          keptLinks.map((l) => ({ otherEnd: otherEndOf(l, kept.id), relation: l.relation })),
        );
        for (const r of plan.remove) await repo.removeLink(q, actor.partnershipId, r.id, null, r.reason, actor.userId);
        for (const id of plan.move) await repo.moveLinkEnd(q, actor.partnershipId, id, dup.id, kept.id);
        const merged = mergedPersonAttributes(kept.attributes, dup.attributes, kept.label, dup.label);
        await repo.absorbNames(
          q,
          actor.partnershipId,
          kept.id,
          merged,
          searchTextOf([...(merged.names ?? []), ...(merged.nicknames ?? []), merged.addresses ?? '']),
        );
        if (!(await repo.markMerged(q, actor.partnershipId, dup.id, kept.id, dup.version, actor.userId))) return { ok: false, reason: 'conflict' } as const;
        const touched = [...new Set([...dupLinks, ...keptLinks].flatMap(childIdsOf))];
        await audit(q, actor, {
          action: 'intel.record.merge',
          subjectType: 'intel-record',
          subjectId: kept.id,
          details: { merged: dup.id, moved: plan.move.length, removed: plan.remove.length },
        });
        for (const c of touched) {
          await audit(q, actor, { action: 'intel.record.merge', subjectType: 'intel-record', subjectId: kept.id, childId: c, details: { merged: dup.id } });
        }
        for (const c of new Set(dupLinks.flatMap(childIdsOf)))
          await addTimelineEvent(q, {
            partnershipId: actor.partnershipId,
            childId: c,
            kind: 'record',
            summary: 'Two records of the same person of concern were merged; the association now shows the kept record',
            actorUserId: actor.userId,
          });
        return { ok: true, moved: plan.move.length, removed: plan.remove.length } as const;
      });
    },

    /** Other people who may be the same person as this one (close names, or the same date of birth), shown on its page with a way to merge; audited as a search (the count only). */
    async similarPeople(actor: Actor, record: RecordRow): Promise<Candidate[]> {
      if (record.kind !== 'person' || record.merged_into) return [];
      return db.tx(async (q) => {
        const close = await closePeople(q, actor, record);
        if (close.length)
          await audit(q, actor, { action: 'intel.search', subjectType: 'intel-record', subjectId: record.id, details: { similarPeople: close.length } });
        return close;
      });
    },

    /** People who may be the same as this person (close names or the same date of birth), then the other people recorded; audited as a view and a list. */
    async mergeChoices(actor: Actor, id: string): Promise<{ record: RecordRow; close: Candidate[]; others: RecordRow[] } | undefined> {
      return db.tx(async (q) => {
        const record = await visibleRecord(q, actor, id, 'intel.record.view');
        if (!record || record.kind !== 'person' || record.merged_into) return undefined;
        const close = await closePeople(q, actor, record);
        const others = (await repo.listByKind(q, actor.partnershipId, 'person')).filter((r) => r.id !== id && !close.some((c) => c.id === r.id));
        await audit(q, actor, {
          action: 'intel.record.view',
          subjectType: 'intel-record',
          subjectId: id,
          details: { mergeChoices: close.length + others.length },
        });
        return { record, close, others };
      });
    },

    /** A child's links (associations) and, given the partnership (the page), its identity bar; audited against the child. */
    async linksOfChild(actor: Actor, childId: string, p?: PartnershipConfig) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'intel.link.list');
        if (!child) return undefined;
        const links = await repo.linksOf(q, actor.partnershipId, childId);
        // Issue 16 item 6: the other children linked are shown too (each child's audit trail finds the view).
        const others = [...new Set(links.filter((l) => l.other_type === 'child').map((l) => l.other_id))];
        await audit(q, actor, {
          action: 'intel.link.list',
          subjectType: 'child',
          subjectId: childId,
          childId,
          details: { links: links.length },
          childrenShown: others.length ? others : undefined,
        });
        return { child, links, risk: p ? await childHeader(q, p, childId, calendar) : undefined };
      });
    },
  };
}
