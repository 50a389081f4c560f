import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit, auditForChild } from '../../platform/audit.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { childHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { childRepository, type ChildRow } from './repository.ts';
import { closeReasons, type ChildInput, type CloseReason } from './schemas.ts';
import { loadVisibleChild, maySeeChild, reasonNeeded } from './access.ts';
import { isRealDate } from '../../platform/validation.ts';
import { addTimelineEvent, addTimelineEvents } from './timeline.ts';
import { randomUUID } from 'node:crypto';
import { rankSearch } from '../../domain/children/matching.ts';
import { likelyRecordedIn } from './lookups.ts';

type CloseInput = { reason: CloseReason; details?: string };

type SaveResult = { ok: true; child: ChildRow } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'conflict'; current: ChildRow };

/**
 * Told when a child's identifying fields change (issue 14: the national tracker). `changed` runs in the transaction
 * that changes them (it queues the child's encoding; a reopened record too); `withdrawn` in the transaction that
 * closes or erases a record (it queues the withdrawal); `committed` after the commit (it sends what is queued,
 * without the save waiting for it).
 */
export type IdentityListener = {
  changed(q: Queryable, partnershipId: string, childIds: readonly string[]): Promise<void>;
  withdrawn(q: Queryable, partnershipId: string, childIds: readonly string[]): Promise<void>;
  committed(): void;
};

/**
 * A feature that holds rows about a child erases them when the child's record is erased (issue 16 item 12: the
 * retention job), in the erasure's transaction, returning how many rows went (no personal data). A feature without
 * one stops the erasure: its foreign key to the child refuses the delete, and nothing is erased.
 */
export type ChildEraser = { name: string; erase(q: Queryable, partnershipId: string, childId: string): Promise<number> };

/** Why an erasure did not happen: no such child, or another feature still holds rows about them (the table named). */
type EraseResult = { ok: true; erased: Record<string, number> } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'held'; table: string };

/** Every open child id of the partnership, read in the caller's transaction (the tracker encodes them all before a full re-match). */
export function childIdsOf(q: Queryable, partnershipId: string): Promise<string[]> {
  return childRepository(q).idsOf(q, partnershipId);
}

/** What the national tracker matches on, of each open child named, read in the caller's transaction (features/tracker encodes it). */
export function childIdentities(q: Queryable, partnershipId: string, childIds: readonly string[]) {
  return childRepository(q).identities(q, partnershipId, childIds);
}

/**
 * Issue 16 item 6: the partnership's children a text names by reference (an email's subject and body carry the child's
 * reference, never the name), read in the caller's transaction so that showing the text can audit them.
 */
export function childIdsNamedIn(q: Queryable, partnershipId: string, texts: readonly string[]): Promise<string[]> {
  const references = [...new Set(texts.flatMap((t) => t.match(/\b[A-Z]{1,8}\d{6}\b/g) ?? []))];
  return childRepository(q).idsByReference(q, partnershipId, references);
}

/** Children of the partnership by id, for a list that names them (the tracker's alerts): reference, name, lead agency. */
export function childSummaries(q: Queryable, partnershipId: string, ids: readonly string[]) {
  return childRepository(q).namesOf(q, partnershipId, ids);
}

/** Children: every read of a record and every change writes its audit entry in the same transaction. */
export function childService(db: Db, calendar: HolidayCalendar, o: { identity?: IdentityListener; erasers?: readonly ChildEraser[] } = {}) {
  const repo = childRepository(db);
  const identity = o.identity;
  const erasers = o.erasers ?? [];
  /** Runs a change to a child's identifying fields, then tells the tracker's sender (never waiting for it). */
  const identityChange = async <T>(fn: () => Promise<T>): Promise<T> => {
    const out = await fn();
    identity?.committed();
    return out;
  };

  return {
    async create(actor: Actor, input: ChildInput): Promise<ChildRow> {
      return identityChange(() =>
        db.tx(async (q) => {
          const child = await repo.insert(q, actor.partnershipId, input, actor.userId);
          await addTimelineEvent(q, {
            partnershipId: actor.partnershipId,
            childId: child.id,
            kind: 'record',
            summary: 'Record created',
            actorUserId: actor.userId,
          });
          await audit(q, actor, { action: 'child.create', subjectType: 'child', subjectId: child.id, childId: child.id });
          await identity?.changed(q, actor.partnershipId, [child.id]);
          return child;
        }),
      );
    },

    /**
     * Children from a partnership's spreadsheet (the bulk import), in the caller's transaction: each as `create`
     * makes one (the record and "Record imported" on its timeline), with its aliases and its postcode (an address
     * from the day of the import), written in a few statements for all rather than several for each. The caller
     * writes one audit entry naming them all. Whatever `create` does for a new child beyond its record (the
     * tracker's encodings, issue 14) is done here too, for every child created, so imported children are matched.
     */
    async createImported(
      q: Queryable,
      actor: Actor,
      children: { input: ChildInput; aliases: string[]; postcode?: string }[],
      today: string,
    ): Promise<ChildRow[]> {
      const created = await repo.insertMany(
        q,
        actor.partnershipId,
        children.map((c) => ({ ...c, id: randomUUID() })),
        actor.userId,
        today,
      );
      await addTimelineEvents(
        q,
        created.map((c) => ({ partnershipId: actor.partnershipId, childId: c.id, kind: 'record', summary: 'Record imported', actorUserId: actor.userId })),
      );
      // Imported children are matched like any other (issue 14): their encodings queued in the import's transaction.
      await identity?.changed(
        q,
        actor.partnershipId,
        created.map((c) => c.id),
      );
      return created;
    },

    /** After a caller's transaction that changed children (the import) commits: the tracker's queue is sent, not awaited. */
    identitiesSaved(): void {
      identity?.committed();
    },

    /** The child page: the record and its parts (and, given the partnership, its identity bar), the view audited in the same transaction. */
    async view(actor: Actor, id: string, p?: PartnershipConfig) {
      const out = await db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, id, 'child.view');
        if (!child) return undefined;
        const details = await repo.details(q, actor.partnershipId, id);
        await audit(q, actor, { action: 'child.view', subjectType: 'child', subjectId: id, childId: id });
        return { child, ...details, risk: p ? await childHeader(q, p, id, calendar) : undefined };
      });
      return out;
    },

    /**
     * Issue 16 item 11 (break-glass): whether the child's page must first ask the actor for a reason ('reason', with the
     * child's name and reference for the question), may open ('ok'), or is not found. Reads nothing more of the record.
     */
    async accessGate(
      actor: Actor,
      id: string,
    ): Promise<{ kind: 'ok' | 'not-found' } | { kind: 'reason'; child: Pick<ChildRow, 'id' | 'reference' | 'first_name' | 'last_name'> }> {
      if (!actor.reasonForAccess) return { kind: 'ok' };
      return db.tx(async (q) => {
        const child = await repo.find(q, actor.partnershipId, id);
        if (!child || !maySeeChild(actor, child)) return { kind: 'not-found' as const };
        if (!(await reasonNeeded(q, actor, child))) return { kind: 'ok' as const };
        return { kind: 'reason' as const, child: { id: child.id, reference: child.reference, first_name: child.first_name, last_name: child.last_name } };
      });
    },

    /** Issue 16 item 11: records the actor's reason to open the child's record, audited with the reason; false if not found. */
    async giveAccessReason(actor: Actor, id: string, reason: string): Promise<boolean> {
      return db.tx(async (q) => {
        const child = await repo.find(q, actor.partnershipId, id);
        if (!child || !maySeeChild(actor, child)) {
          await loadVisibleChild(q, actor, id, 'child.access-reason');
          return false;
        }
        await repo.addAccessReason(q, actor.partnershipId, actor.userId, id, reason);
        await audit(q, actor, { action: 'child.access-reason', subjectType: 'child', subjectId: id, childId: id, details: { reason } });
        return true;
      });
    },

    /** Issue 16 item 11: the partnership's reasons for access of the last `days` days, for the admin; audited naming the children. */
    async accessReasons(actor: Actor, days = 90) {
      return db.tx(async (q) => {
        const rows = await repo.accessReasons(q, actor.partnershipId, new Date(Date.now() - days * 86400_000));
        await audit(q, actor, {
          action: 'access-reasons.view',
          details: { days, count: rows.length },
          childrenShown: [...new Set(rows.map((r) => r.child_id))],
        });
        return rows;
      });
    },

    /** The child's audit trail page: the child, its identity bar and the entries, read as `audit.read`. */
    async auditTrail(actor: Actor, p: PartnershipConfig, id: string) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, id, 'audit.read');
        if (!child) return undefined;
        await audit(q, actor, { action: 'audit.read', subjectType: 'child', subjectId: id, childId: id });
        return { child, risk: await childHeader(q, p, id, calendar), entries: await auditForChild(q, actor.partnershipId, id) };
      });
    },

    /** The child's audit trail for the API (up to 1,000 entries), read as `audit.read`. */
    async auditEntries(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, id, 'audit.read');
        if (!child) return undefined;
        await audit(q, actor, { action: 'audit.read', subjectType: 'child', subjectId: id, childId: id });
        return auditForChild(q, actor.partnershipId, id, 1000);
      });
    },

    /** A record without its parts, for edit forms (audited as a view). */
    async get(actor: Actor, id: string, action = 'child.view'): Promise<ChildRow | undefined> {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, id, action);
        if (child) await audit(q, actor, { action, subjectType: 'child', subjectId: id, childId: id });
        return child;
      });
    },

    async update(actor: Actor, id: string, version: number, input: ChildInput): Promise<SaveResult> {
      return identityChange(() =>
        db.tx(async (q) => {
          const existing = await loadVisibleChild(q, actor, id, 'child.update');
          if (!existing) return { ok: false, reason: 'not-found' } as const;
          const child = await repo.update(q, actor.partnershipId, id, version, input);
          if (!child) {
            await repo.keepConflict(q, actor.partnershipId, id, actor.userId, version, input);
            await audit(q, actor, {
              action: 'child.update',
              outcome: 'failed',
              subjectType: 'child',
              subjectId: id,
              childId: id,
              details: { reason: 'stale version', readVersion: version, currentVersion: existing.version },
            });
            return { ok: false, reason: 'conflict', current: existing } as const;
          }
          await addTimelineEvent(q, { partnershipId: actor.partnershipId, childId: id, kind: 'record', summary: 'Details updated', actorUserId: actor.userId });
          await audit(q, actor, { action: 'child.update', subjectType: 'child', subjectId: id, childId: id, details: { version: child.version } });
          // The tracker matches on names, date of birth, gender, NHS number and UPN: queue only when one of them changed.
          const was = (r: ChildRow) => [r.first_name, r.last_name, r.date_of_birth, r.gender, r.nhs_number, r.upn].join('\u0000');
          if (was(existing) !== was(child)) await identity?.changed(q, actor.partnershipId, [id]);
          return { ok: true, child } as const;
        }),
      );
    },

    async addAlias(actor: Actor, id: string, alias: { alias: string; kind: string }): Promise<boolean> {
      return identityChange(() =>
        db.tx(async (q) => {
          if (!(await loadVisibleChild(q, actor, id, 'child.alias.add'))) return false;
          await repo.addAlias(q, actor.partnershipId, id, alias.alias, alias.kind, actor.userId);
          await addTimelineEvent(q, {
            partnershipId: actor.partnershipId,
            childId: id,
            kind: 'record',
            summary: alias.kind === 'nickname' ? 'Nickname added' : 'Alias added',
            actorUserId: actor.userId,
          });
          await audit(q, actor, { action: 'child.alias.add', subjectType: 'child', subjectId: id, childId: id });
          await identity?.changed(q, actor.partnershipId, [id]);
          return true;
        }),
      );
    },

    async addAddress(actor: Actor, id: string, a: { address: string; postcode?: string; fromDate: string; toDate?: string }): Promise<boolean> {
      return identityChange(() =>
        db.tx(async (q) => {
          if (!(await loadVisibleChild(q, actor, id, 'child.address.add'))) return false;
          await repo.addAddress(q, actor.partnershipId, id, a, actor.userId);
          await addTimelineEvent(q, { partnershipId: actor.partnershipId, childId: id, kind: 'record', summary: 'Address added', actorUserId: actor.userId });
          await audit(q, actor, { action: 'child.address.add', subjectType: 'child', subjectId: id, childId: id });
          if (a.postcode) await identity?.changed(q, actor.partnershipId, [id]);
          return true;
        }),
      );
    },

    async addAgency(actor: Actor, id: string, a: { agencyId: string; workerName?: string; workerContact?: string }, agencyName: string): Promise<boolean> {
      return db.tx(async (q) => {
        if (!(await loadVisibleChild(q, actor, id, 'child.agency.add'))) return false;
        await repo.addAgency(q, actor.partnershipId, id, a, actor.userId);
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId: id,
          kind: 'record',
          summary: `${agencyName} recorded as involved`,
          actorUserId: actor.userId,
        });
        await audit(q, actor, { action: 'child.agency.add', subjectType: 'child', subjectId: id, childId: id });
        return true;
      });
    },

    /**
     * Closes the child's record (no longer open to MACE): why, audited, on the timeline; the child is withdrawn from
     * the national tracker in the same transaction (queued), and their open alerts close on both sides. Nothing is
     * deleted. Closing a closed record changes nothing ('closed').
     */
    async close(actor: Actor, id: string, c: CloseInput): Promise<{ ok: true; child: ChildRow } | { ok: false; reason: 'not-found' | 'closed' }> {
      return identityChange(() =>
        db.tx(async (q) => {
          const existing = await loadVisibleChild(q, actor, id, 'child.close');
          if (!existing) return { ok: false, reason: 'not-found' } as const;
          const child = await repo.close(q, actor.partnershipId, id, c, actor.userId);
          if (!child) return { ok: false, reason: 'closed' } as const;
          await addTimelineEvent(q, {
            partnershipId: actor.partnershipId,
            childId: id,
            kind: 'record',
            summary: `Record closed: ${closeReasons[c.reason].replace(/^./, (x) => x.toLowerCase())}`,
            actorUserId: actor.userId,
          });
          await audit(q, actor, { action: 'child.close', subjectType: 'child', subjectId: id, childId: id, details: { reason: c.reason } });
          await identity?.withdrawn(q, actor.partnershipId, [id]);
          return { ok: true, child } as const;
        }),
      );
    },

    /** Reopens a closed record (with why): audited, on the timeline; the child is sent to the national tracker again. */
    async reopen(actor: Actor, id: string, why: string): Promise<{ ok: true; child: ChildRow } | { ok: false; reason: 'not-found' | 'open' }> {
      return identityChange(() =>
        db.tx(async (q) => {
          const existing = await loadVisibleChild(q, actor, id, 'child.reopen');
          if (!existing) return { ok: false, reason: 'not-found' } as const;
          const child = await repo.reopen(q, actor.partnershipId, id);
          if (!child) return { ok: false, reason: 'open' } as const;
          await addTimelineEvent(q, { partnershipId: actor.partnershipId, childId: id, kind: 'record', summary: 'Record reopened', actorUserId: actor.userId });
          // The reason is free text about the child: kept on the audit entry, which only auditors read, not in a log.
          await audit(q, actor, { action: 'child.reopen', subjectType: 'child', subjectId: id, childId: id, details: { reason: why } });
          await identity?.changed(q, actor.partnershipId, [id]);
          return { ok: true, child } as const;
        }),
      );
    },

    /**
     * Erases a child's record in one transaction (issue 16 item 12: the retention job will call it, one child at a
     * time): the child is withdrawn from the national tracker, each feature's eraser removes its rows, then this
     * feature's own (aliases, addresses, agencies, timeline, the record). If any other feature still holds a row about
     * the child, its foreign key refuses and nothing is erased ('held', naming the table). The audit entry says what
     * was erased, in counts; earlier audit entries keep the child's id, which then names no record.
     */
    async erase(by: Partial<Actor> & { partnershipId: string }, id: string, why: string): Promise<EraseResult> {
      try {
        return await db.tx(async (q): Promise<EraseResult> => {
          if (!(await repo.lockForErasure(q, by.partnershipId, id))) return { ok: false, reason: 'not-found' };
          await identity?.withdrawn(q, by.partnershipId, [id]);
          const erased: Record<string, number> = {};
          for (const e of erasers) erased[e.name] = await e.erase(q, by.partnershipId, id);
          Object.assign(erased, await repo.eraseOwn(q, by.partnershipId, id));
          await audit(q, by, { action: 'child.erase', subjectType: 'child', subjectId: id, details: { why, erased } });
          return { ok: true, erased };
        });
      } catch (err) {
        const e = err as { code?: string; table?: string; message?: string };
        if (e.code !== '23503') throw err;
        return {
          ok: false,
          reason: 'held',
          table: e.table && e.table !== 'children' ? e.table : (/on table "(\w+)"\s*$/.exec(e.message ?? '')?.[1] ?? 'unknown'),
        };
      } finally {
        identity?.committed();
      }
    },

    /**
     * Search is audited as a search naming the children it returned (no names in the audit entry: the terms are personal data). The candidates the
     * database finds are ranked here (issue 15 item 13): the date of birth given first, then how alike the names are.
     */
    async search(actor: Actor, text: string, dob: string | undefined, districtId: string | undefined) {
      // Issue 17: from the read replica when there is one (a child the user has just saved is found), the audit on the primary.
      return db.readTx(async (q, w) => {
        const candidates = await childRepository(q).searchCandidates(actor.partnershipId, text, dob, districtId, text ? 100 : 50);
        const rows = text ? rankSearch({ text, dob }, candidates, 50) : candidates.slice(0, 50);
        await audit(w, actor, {
          action: 'child.search',
          subjectType: 'child',
          details: { results: rows.length, byDateOfBirth: !!dob, district: districtId || undefined },
          // Issue 16 item 6: every child shown is audited (each child's audit trail finds the search).
          childrenShown: rows.length ? rows.map((r) => r.id) : undefined,
        });
        return rows;
      });
    },

    /**
     * Before a new child is saved (issue 15 item 13): the children already recorded in the partnership who are likely
     * the same child (the same name and date comparisons as the tracker's, in the clear). Audited as a search naming
     * the children shown (no names or dates typed in the entry); none found writes nothing.
     */
    async likelyExisting(actor: Actor, input: { firstName: string; lastName: string; dateOfBirth?: string }) {
      const found = await likelyRecordedIn(db, actor.partnershipId, input);
      if (found.length)
        await audit(db, actor, {
          action: 'child.duplicate-check',
          subjectType: 'child',
          details: { results: found.length },
          childrenShown: found.map((c) => c.id),
        });
      return found;
    },
  };
}

/** Splits a search into name words and a date of birth (13/04/2011, 13-4-2011 or 2011-04-13). */
export function parseSearch(q: string): { text: string; dob?: string; dobInvalid?: boolean } {
  let dob: string | undefined;
  const text = q
    .replace(/\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b/, (_m, d, m, y, y2, m2, d2) => {
      dob = y ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : `${y2}-${m2}-${d2}`;
      return ' ';
    })
    .replace(/[^\p{L}\p{N}' -]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (dob && !isRealDate(dob)) return { text, dobInvalid: true };
  return { text, dob };
}
