import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit, auditRefusal } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { maySeeChild } from '../children/access.ts';
import { childRepository } from '../children/repository.ts';
import { didYouMean } from '../../domain/intelligence/names.ts';
import { linkError, type RecordKind } from '../../domain/intelligence/links.ts';
import { normaliseName } from '../../domain/intelligence/names.ts';
import { intelligenceRepository, type RecordRow, type LinkRow } from './repository.ts';
import { readRecord, readLink, searchKeys, type ReadRecord } from './schemas.ts';
import type { FieldError } from '../../platform/problems.ts';

export type Candidate = RecordRow & { score: number; sameDateOfBirth: boolean };
export type CreateResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'invalid'; read: ReadRecord }
  | { ok: false; reason: 'duplicate'; existing: RecordRow; read: ReadRecord }
  | { ok: false; reason: 'did-you-mean'; candidates: Candidate[]; read: ReadRecord };
export type UpdateResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; read: ReadRecord }
  | { ok: false; reason: 'duplicate'; existing: RecordRow; read: ReadRecord }
  | { ok: false; reason: 'conflict'; current: RecordRow; read: ReadRecord };

export type EndRef = { type: 'child' | 'record'; id: string };
export type ResolvedEnd = { type: 'child'; id: string; label: string; reference: string } | { type: 'record'; id: string; label: string; kind: RecordKind };
export type LinkResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; errors: FieldError[]; read: ReturnType<typeof readLink> }
  | { ok: false; reason: 'duplicate'; existingId: string; read: ReturnType<typeof readLink> };

const repo = intelligenceRepository();
const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

/** Intelligence: every read and change is audited in the same transaction; a record or child of another partnership is refused and audited. */
export function intelligenceService(db: Db) {
  const children = childRepository(db);

  async function visibleRecord(q: Queryable, actor: Actor, id: string, action: string): Promise<RecordRow | undefined> {
    const r = await repo.find(q, actor.partnershipId, id);
    if (r) return r;
    const owner = await repo.partnershipOf(q, id);
    await auditRefusal(q, actor, { action, subjectType: 'intel-record', subjectId: id, found: false, owner, missing: 'no such record' });
    return undefined;
  }

  async function visibleChild(q: Queryable, actor: Actor, id: string, action: string) {
    const c = await repo.findChild(q, actor.partnershipId, id);
    if (c && maySeeChild(actor, c)) return c;
    const owner = c ? undefined : await repo.childPartnershipOf(q, id);
    await auditRefusal(q, actor, { action, subjectType: 'child', subjectId: id, found: !!c, owner, missing: 'no such child' });
    return undefined;
  }

  async function resolveEnd(q: Queryable, actor: Actor, end: EndRef, action: string): Promise<ResolvedEnd | undefined> {
    if (end.type === 'child') {
      const c = await visibleChild(q, actor, end.id, action);
      return c ? { type: 'child', id: c.id, label: `${c.first_name} ${c.last_name}`, reference: c.reference } : undefined;
    }
    const r = await visibleRecord(q, actor, end.id, action);
    return r ? { type: 'record', id: r.id, label: r.label, kind: r.kind as RecordKind } : undefined;
  }

  async function candidatesFor(q: Queryable, actor: Actor, read: ReadRecord, exceptId?: string): Promise<Candidate[]> {
    const a = read.input!.attributes;
    const names = [...((a.names as string[]) ?? []), ...((a.nicknames as string[]) ?? [])];
    const rows = await repo.personCandidates(q, actor.partnershipId, normaliseName(names.join(' ')), (a.dateOfBirth as string | null) ?? null, exceptId);
    const ranked = didYouMean({ names, dateOfBirth: a.dateOfBirth as string | null }, rows.map((r) => ({ id: r.id, names: [...((r.attributes.names as string[]) ?? [r.label]), ...((r.attributes.nicknames as string[]) ?? [])], dateOfBirth: (r.attributes.dateOfBirth as string | null) ?? null })));
    return ranked.map((c) => ({ ...rows.find((r) => r.id === c.id)!, score: c.score, sameDateOfBirth: c.sameDateOfBirth }));
  }

  return {
    repo,

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
      const rows = await children.search(actor.partnershipId, text, undefined, undefined, 20);
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
    async create(actor: Actor, p: PartnershipConfig, kind: RecordKind, body: Record<string, unknown>, o: { confirmedNew?: boolean; json?: boolean } = {}): Promise<CreateResult> {
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
          await audit(q, actor, { action: 'intel.record.create', subjectType: 'intel-record', subjectId: id, details: { kind, verified: input.verified, reliability: input.reliability } });
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
        await audit(q, actor, { action: 'intel.record.view', subjectType: 'intel-record', subjectId: id, details: { kind: record.kind, linkedChildren: childIds.length } });
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
          await audit(q, actor, { action: 'intel.record.update', outcome: 'failed', subjectType: 'intel-record', subjectId: id, details: { reason: 'stale version', readVersion: version, currentVersion: existing.version } });
          return { ok: false, reason: 'conflict', current: existing, read } as const;
        }
        await audit(q, actor, { action: 'intel.record.update', subjectType: 'intel-record', subjectId: id, details: { kind: existing.kind, version: existing.version + 1, verified: read.input.verified } });
        return { ok: true, id } as const;
      });
    },

    /** One end of a link for the link pages (a child or a record of the actor's partnership), audited as a view. */
    async end(actor: Actor, end: EndRef): Promise<ResolvedEnd | undefined> {
      return db.tx(async (q) => {
        const r = await resolveEnd(q, actor, end, end.type === 'child' ? 'child.view' : 'intel.record.view');
        if (r) await audit(q, actor, { action: r.type === 'child' ? 'child.view' : 'intel.record.view', subjectType: r.type === 'child' ? 'child' : 'intel-record', subjectId: r.id, childId: r.type === 'child' ? r.id : undefined });
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
          if (!a || !b) return { ok: false, reason: 'not-found' } as const;
          const errors = [...read.errors];
          const rule = linkError(a.type === 'child' ? { type: 'child', id: a.id } : { type: 'record', kind: a.kind, id: a.id }, b.type === 'child' ? { type: 'child', id: b.id } : { type: 'record', kind: b.kind, id: b.id }, read.values.relation);
          if (rule && !errors.some((e) => e.field === rule.field)) errors.push(rule);
          if (errors.length) return { ok: false, reason: 'invalid', errors, read } as const;
          const dup = await repo.findLinkBetween(q, actor.partnershipId, a.id, b.id, read.values.relation);
          if (dup) return { ok: false, reason: 'duplicate', existingId: dup.id, read } as const;
          const id = await repo.insertLink(q, actor.partnershipId, {
            aChildId: a.type === 'child' ? a.id : null, aRecordId: a.type === 'record' ? a.id : null,
            bChildId: b.type === 'child' ? b.id : null, bRecordId: b.type === 'record' ? b.id : null,
            relation: read.values.relation, firstSeenOn: read.firstSeenOn, lastSeenOn: read.lastSeenOn, source: read.values.source,
            sourceAgencyId: read.values.sourceAgencyId || null, reliability: read.values.reliability, notes: read.values.notes || null,
          }, actor.userId);
          const childIds = [a, b].filter((e) => e.type === 'child').map((e) => e.id);
          await audit(q, actor, { action: 'intel.link.create', subjectType: 'intel-link', subjectId: id, childId: childIds[0], details: { relation: read.values.relation, ends: [a.type, b.type], otherChild: childIds[1] } });
          for (const c of childIds) await children.addTimeline(q, actor.partnershipId, c, 'record', `Association recorded: ${read.values.relation.replace(/-/g, ' ')}`, actor.userId);
          return { ok: true, id } as const;
        });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const dup = await repo.findLinkBetween(db, actor.partnershipId, from.id, to.id, read.values.relation);
        if (!dup) throw e;
        return { ok: false, reason: 'duplicate', existingId: dup.id, read };
      }
    },

    /** A child's links (associations), audited against the child. */
    async linksOfChild(actor: Actor, childId: string) {
      return db.tx(async (q) => {
        const child = await visibleChild(q, actor, childId, 'intel.link.list');
        if (!child) return undefined;
        const links = await repo.linksOf(q, actor.partnershipId, childId);
        await audit(q, actor, { action: 'intel.link.list', subjectType: 'child', subjectId: childId, childId, details: { links: links.length } });
        return { child, links };
      });
    },
  };
}
