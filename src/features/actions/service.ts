import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import { todayIso } from '../../platform/dates.ts';
import { can } from '../../platform/roles.ts';
import { loadVisibleChild } from '../children/access.ts';
import { childHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import {
  validateSmart,
  validateStatusChange,
  carryForwardList,
  isOverdue,
  statusNames,
  actionScope,
  type ActionScope,
  type SmartRaw,
  type ActionStatus,
} from '../../domain/actions/rules.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { actionRepository, type ActionFilter, type ActionRow } from './repository.ts';
import { addTimelineEvent } from '../children/timeline.ts';

export const PAGE_SIZE = 50;

/** The children a list of actions names (issue 16 item 6: every child shown is audited), or undefined when none. */
const childrenOf = (rows: { child_id: string | null }[]) => {
  const ids = [...new Set(rows.map((r) => r.child_id).filter((id): id is string => !!id))];
  return ids.length ? ids : undefined;
};

export type ChangeInput = { status: string; dueOn: string; completionEvidence: string; notCompletedReason?: string; dueOnError?: string };
type ChangeResult =
  | { ok: true; action: ActionRow }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'forbidden' }
  | { ok: false; reason: 'invalid'; errors: { field: string; message: string }[] }
  | { ok: false; reason: 'conflict'; current: ActionRow; submitted: ChangeInput };

const repo = actionRepository();

/**
 * DOMAIN §5: open actions of a series carry forward to its next meeting. The meetings feature calls
 * this (inside its own transaction) when the next occurrence is prepared; returns the actions carried.
 */
export async function carryForward(q: Queryable, partnershipId: string, seriesId: string, nextOccurrenceId: string): Promise<ActionRow[]> {
  const open = await repo.list(q, partnershipId, '', todayIso(), { status: 'open', seriesId });
  const carried = carryForwardList(open, seriesId, nextOccurrenceId);
  await repo.setCarriedForward(
    q,
    partnershipId,
    carried.map((a) => a.id),
    nextOccurrenceId,
  );
  return carried;
}

/** The actions a user reads: every one when their role reads all by its job (`action:read-all`), else their agency's and their own. */
export function scopeOf(actor: Pick<Actor, 'roles' | 'agencyId' | 'userId'>): ActionScope {
  return actionScope(can(actor.roles, 'action:read-all'), actor);
}

/** Actions: every read and change is audited in the same transaction, with the child when there is one. */
export function actionService(db: Db, calendar: HolidayCalendar) {
  /** An action the actor may read, or undefined (a 404) after auditing the refusal: no such action, another partnership's, or another agency's. */
  async function visibleAction(q: Queryable, actor: Actor, id: string, action: string) {
    const a = await repo.find(q, actor.partnershipId, id, scopeOf(actor));
    if (a) return a;
    const unscoped = await repo.find(q, actor.partnershipId, id);
    const owner = unscoped ? undefined : await repo.partnershipOf(q, id);
    await audit(q, actor, {
      action,
      outcome: 'denied',
      subjectType: 'action',
      subjectId: id,
      childId: unscoped?.child_id ?? undefined,
      details: unscoped
        ? { reason: 'not an action of your agency or yours', ownerAgency: unscoped.owner_agency_id }
        : { reason: 'no such action', otherPartnership: owner && owner !== actor.partnershipId ? owner : undefined },
    });
    return undefined;
  }

  return {
    /** The partnership's actions with filters (a page of them), audited with the counts and filters, never names. */
    async list(actor: Actor, f: ActionFilter) {
      return db.tx(async (q) => {
        const today = todayIso();
        const scope = scopeOf(actor);
        const c = await repo.counts(q, actor.partnershipId, actor.userId, today, f, scope);
        const pages = Math.max(1, Math.ceil(c.total / PAGE_SIZE));
        const page = Math.min(f.page, pages);
        const rows = await repo.list(q, actor.partnershipId, actor.userId, today, f, PAGE_SIZE, (page - 1) * PAGE_SIZE, scope);
        await audit(q, actor, {
          action: 'action.list',
          subjectType: 'action',
          details: {
            total: c.total,
            overdue: c.overdue,
            filter: { owner: f.owner, ownerUser: f.ownerUserId, agency: f.agency || undefined, status: f.status, overdue: f.overdue, series: f.seriesId },
          },
          childrenShown: childrenOf(rows),
        });
        return { rows: rows.map((r) => ({ ...r, overdue: isOverdue(r, today) })), ...c, page, pages, series: await repo.seriesOptions(q, actor.partnershipId) };
      });
    },

    /** Overdue actions per owner, per agency and per series (counts only), audited. */
    async overdueSummary(actor: Actor) {
      return db.tx(async (q) => {
        const summary = await repo.overdueSummary(q, actor.partnershipId, todayIso(), scopeOf(actor));
        const total = summary.agencies.reduce((n, a) => n + a.n, 0);
        await audit(q, actor, { action: 'action.overdue-summary', subjectType: 'action', details: { overdue: total } });
        return { ...summary, total };
      });
    },

    /** Every row of the filter, for an agency's own system; the export is audited with its size. */
    async exportRows(actor: Actor, f: ActionFilter) {
      return db.tx(async (q) => {
        const today = todayIso();
        const rows = await repo.list(q, actor.partnershipId, actor.userId, today, f, undefined, 0, scopeOf(actor));
        await audit(q, actor, {
          action: 'action.export',
          subjectType: 'action',
          details: {
            rows: rows.length,
            filter: { owner: f.owner, ownerUser: f.ownerUserId, agency: f.agency || undefined, status: f.status, overdue: f.overdue, series: f.seriesId },
          },
          childrenShown: childrenOf(rows),
        });
        return rows.map((r) => ({ ...r, overdue: isOverdue(r, today) }));
      });
    },

    /** A child's actions (and its identity bar), the view audited against the child. */
    async forChild(actor: Actor, p: PartnershipConfig, childId: string) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'action.list');
        if (!child) return undefined;
        const today = todayIso();
        const rows = await repo.list(q, actor.partnershipId, actor.userId, today, { status: 'all', childId, sort: 'due' }, undefined, 0, scopeOf(actor));
        await audit(q, actor, { action: 'action.list', subjectType: 'child', subjectId: childId, childId, details: { total: rows.length } });
        return { child, risk: await childHeader(q, p, childId, calendar), rows: rows.map((r) => ({ ...r, overdue: isOverdue(r, today) })) };
      });
    },

    /** The child and its identity bar for the new-action form (audited as a view of the child). */
    async childForForm(actor: Actor, p: PartnershipConfig, childId: string) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'child.view');
        if (!child) return undefined;
        await audit(q, actor, { action: 'child.view', subjectType: 'child', subjectId: childId, childId });
        return { child, risk: await childHeader(q, p, childId, calendar) };
      });
    },

    owners: (partnershipId: string) => repo.owners(db, partnershipId),

    /**
     * Records a SMART action: validated in full first (owner in the partnership, due date not before
     * today or the meeting), then saved with its timeline entry and audit in one transaction.
     */
    async create(actor: Actor, p: PartnershipConfig, childId: string | null, raw: SmartRaw, meeting: { occurrenceId?: string; agendaItemId?: string } = {}) {
      return db.tx(async (q) => {
        if (childId && !(await loadVisibleChild(q, actor, childId, 'action.create'))) return { ok: false, reason: 'not-found' } as const;
        const owners = await repo.owners(q, actor.partnershipId);
        let meetingDate: string | undefined;
        let seriesId: string | null = null;
        if (meeting.occurrenceId) {
          const occ = await repo.occurrence(q, actor.partnershipId, meeting.occurrenceId);
          if (!occ)
            return {
              ok: false as const,
              reason: 'invalid' as const,
              errors: [{ field: 'meetingOccurrenceId', message: 'No such meeting in your partnership' }],
            };
          meetingDate = todayIso(new Date(occ.starts_at));
          seriesId = occ.series_id;
        }
        const v = validateSmart(raw, {
          today: todayIso(),
          meetingDate,
          users: owners.map((o) => ({ id: o.id, agencyId: o.agency_id })),
          agencyIds: p.agencies.map((a) => a.id),
        });
        if (!v.ok) {
          await audit(q, actor, {
            action: 'action.create',
            outcome: 'failed',
            subjectType: 'action',
            childId: childId ?? undefined,
            details: { invalid: v.errors.map((e) => e.field) },
          });
          return { ok: false, reason: 'invalid', errors: v.errors } as const;
        }
        const id = await repo.insert(q, actor.partnershipId, { ...v.value, childId, seriesId, occurrenceId: meeting.occurrenceId ?? null }, actor.userId);
        // The agenda item the action was agreed under (the meeting room checks it is an item of that meeting).
        if (meeting.agendaItemId && meeting.occurrenceId) await repo.setAgendaItem(q, actor.partnershipId, id, meeting.agendaItemId, meeting.occurrenceId);
        if (childId)
          await addTimelineEvent(q, {
            partnershipId: actor.partnershipId,
            childId,
            kind: 'action',
            summary: `Action agreed: ${v.value.what.slice(0, 200)}`,
            actorUserId: actor.userId,
            link: `/actions/${id}`,
          });
        await audit(q, actor, {
          action: 'action.create',
          subjectType: 'action',
          subjectId: id,
          childId: childId ?? undefined,
          details: { kind: v.value.kind, toolkitItem: v.value.toolkitItem ?? undefined, ownerAgency: v.value.ownerAgencyId },
        });
        return { ok: true, action: (await repo.find(q, actor.partnershipId, id))! } as const;
      });
    },

    /** One action with its dated updates; the view is audited with the child. */
    async view(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const a = await visibleAction(q, actor, id, 'action.view');
        if (!a) return undefined;
        await audit(q, actor, { action: 'action.view', subjectType: 'action', subjectId: id, childId: a.child_id ?? undefined });
        return {
          action: { ...a, overdue: isOverdue(a, todayIso()) },
          updates: await repo.updates(q, actor.partnershipId, id),
          canSeeChild: !!a.child_id && can(actor.roles, 'child:read'),
        };
      });
    },

    /** Status, due date and evidence, naming the version read: a stale save is refused and kept. */
    async change(actor: Actor, id: string, version: number, input: ChangeInput): Promise<ChangeResult> {
      return db.tx(async (q) => {
        const existing = await visibleAction(q, actor, id, 'action.update');
        if (!existing) return { ok: false, reason: 'not-found' } as const;
        if (!mayUpdateAction(actor, existing)) {
          await audit(q, actor, {
            action: 'action.update',
            outcome: 'denied',
            subjectType: 'action',
            subjectId: id,
            childId: existing.child_id ?? undefined,
            details: { reason: 'neither the owner nor allowed to manage actions' },
          });
          return { ok: false, reason: 'forbidden' } as const;
        }
        const errors = validateStatusChange(input.status, input.completionEvidence, input.notCompletedReason ?? '');
        if (input.dueOnError) errors.push({ field: 'dueOn', message: input.dueOnError });
        else if (!input.dueOn) errors.push({ field: 'dueOn', message: 'Enter the due date' });
        else if (input.dueOn !== existing.due_on && input.dueOn < todayIso())
          errors.push({ field: 'dueOn', message: 'Due date must be today or in the future' });
        if (errors.length) return { ok: false, reason: 'invalid', errors } as const;
        const evidence = input.completionEvidence.trim() || null;
        // The reason an action was not completed is kept while it is closed so; reopened, it is cleared (the history keeps it).
        const notCompleted = input.status === 'cancelled' ? (input.notCompletedReason ?? '').trim() : null;
        const saved = await repo.update(q, actor.partnershipId, id, version, {
          status: input.status,
          dueOn: input.dueOn,
          completionEvidence: evidence,
          notCompletedReason: notCompleted,
        });
        if (!saved) {
          await repo.keepConflict(q, actor.partnershipId, id, actor.userId, version, input);
          await audit(q, actor, {
            action: 'action.update',
            outcome: 'failed',
            subjectType: 'action',
            subjectId: id,
            childId: existing.child_id ?? undefined,
            details: { reason: 'stale version', readVersion: version, currentVersion: existing.version },
          });
          return { ok: false, reason: 'conflict', current: existing, submitted: input } as const;
        }
        const notes: string[] = [];
        if (existing.status !== input.status)
          notes.push(
            `Status changed from ${statusNames[existing.status as ActionStatus]} to ${statusNames[input.status as ActionStatus]}` +
              (notCompleted ? `. Not completed because: ${notCompleted}` : ''),
          );
        if (existing.due_on !== input.dueOn) notes.push(`Due date changed from ${existing.due_on} to ${input.dueOn}`);
        if (notes.length) await repo.addUpdate(q, actor.partnershipId, id, actor.userId, notes.join('. '), existing.status, input.status);
        if (existing.child_id && input.status === 'done' && existing.status !== 'done') {
          await addTimelineEvent(q, {
            partnershipId: actor.partnershipId,
            childId: existing.child_id,
            kind: 'action',
            summary: `Action completed: ${existing.what.slice(0, 200)}`,
            actorUserId: actor.userId,
            link: `/actions/${id}`,
          });
        }
        await audit(q, actor, {
          action: 'action.update',
          subjectType: 'action',
          subjectId: id,
          childId: existing.child_id ?? undefined,
          details: { version: existing.version + 1, status: input.status },
        });
        return { ok: true, action: (await repo.find(q, actor.partnershipId, id))! } as const;
      });
    },

    /** A dated update on an action. */
    async addNote(actor: Actor, id: string, body: string): Promise<'ok' | 'not-found' | 'forbidden'> {
      return db.tx(async (q) => {
        const a = await visibleAction(q, actor, id, 'action.note');
        if (!a) return 'not-found';
        if (!mayUpdateAction(actor, a)) {
          await audit(q, actor, {
            action: 'action.note',
            outcome: 'denied',
            subjectType: 'action',
            subjectId: id,
            childId: a.child_id ?? undefined,
            details: { reason: 'neither the owner nor allowed to manage actions' },
          });
          return 'forbidden';
        }
        await repo.addUpdate(q, actor.partnershipId, id, actor.userId, body);
        await audit(q, actor, { action: 'action.note', subjectType: 'action', subjectId: id, childId: a.child_id ?? undefined });
        return 'ok';
      });
    },
  };
}

/** The owner of an action (any agency, responders included) updates it; others need action:manage (DOMAIN §5: SMART actions are allocated to a named person). */
export function mayUpdateAction(actor: Pick<Actor, 'roles' | 'userId'>, a: Pick<ActionRow, 'owner_user_id'>): boolean {
  return can(actor.roles, 'action:manage') || (!!a.owner_user_id && a.owner_user_id === actor.userId);
}
