import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { audit } from '../../platform/audit.ts';
import { todayIso, formatDate } from '../../platform/dates.ts';
import { loadVisibleChild } from '../children/access.ts';
import { addTimelineEvent } from '../children/timeline.ts';
import { childHeader } from '../reviews/service.ts';
import { paths } from '../../paths.ts';
import {
  plannedEnd,
  mayExtend,
  weeksSoFar,
  sessionDateError,
  CSE_TOPICS,
  EXTENSION_REASONS,
  PROGRAMME_OUTCOMES,
  type Programme,
} from '../../domain/cse/programme.ts';
import { cseRepository, type ProgrammeRow } from './repository.ts';

export type SessionInput = { heldOn: string; topics: string[]; withParents: boolean; notes: string };
export type ExtendInput = { reason: string; notes: string };
export type EndInput = { endedOn: string; outcome: string; notes: string };
export type ChangeResult =
  | { ok: true }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; errors: { field: string; message: string }[] }
  | { ok: false; reason: 'conflict'; current: ProgrammeRow };

const asProgramme = (r: ProgrammeRow): Programme => ({ startedOn: r.started_on, extended: !!r.extended_at, endedOn: r.ended_on });
const outcomeName = (o: string) => PROGRAMME_OUTCOMES.find((x) => x.id === o)?.name ?? o;

/**
 * Issue 15 item 22 (DOMAIN §3.4): the CE team's CSE service offer. Opened by the triage decision that routes a child to
 * the CE team (openFromTriage, in triage's transaction); sessions, the one extension and the end are recorded on the
 * child's CSE service page. Every read of the page is an audited view of the child; every change is audited and goes on
 * the child's timeline.
 */
export function cseService(db: Db, calendar: HolidayCalendar) {
  const repo = cseRepository();

  /** A running programme of a visible child, for a change; undefined (and the refusal audited) otherwise. */
  async function programmeFor(q: Queryable, actor: Actor, childId: string, programmeId: string, action: string) {
    const child = await loadVisibleChild(q, actor, childId, action);
    if (!child) return undefined;
    const p = await repo.find(q, actor.partnershipId, programmeId);
    if (!p || p.child_id !== childId) return undefined;
    return { child, programme: p };
  }

  return {
    /** The child's CSE service page: its programmes, each with its weeks and sessions, and the identity bar. */
    async page(actor: Actor, p: PartnershipConfig, childId: string) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'cse.view');
        if (!child) return undefined;
        await audit(q, actor, { action: 'cse.view', subjectType: 'child', subjectId: childId, childId });
        const rows = await repo.forChild(q, actor.partnershipId, childId);
        const sessions = await repo.sessions(
          q,
          actor.partnershipId,
          rows.map((r) => r.id),
        );
        const today = todayIso();
        const programmes = rows.map((r) => {
          const mine = sessions.filter((s) => s.programme_id === r.id);
          const prog = asProgramme(r);
          return {
            ...r,
            plannedEnd: plannedEnd(prog),
            mayExtend: mayExtend(prog),
            weeks: weeksSoFar(
              prog,
              mine.map((s) => s.held_on),
              today,
            ),
            sessions: mine,
          };
        });
        return { child, programmes, risk: await childHeader(q, p, childId, calendar) };
      });
    },

    /**
     * DOMAIN §3.4: a triage decision that routes the child to the CE team accepts the referral and opens the programme
     * (in the caller's transaction), unless one is running already. Returns the new programme's id.
     */
    async openFromTriage(q: Queryable, actor: Actor, p: PartnershipConfig, o: { childId: string; triageItemId: string; routes: string[] }) {
      if (!p.cseService || !o.routes.includes(p.cseService.route)) return undefined;
      if (await repo.running(q, actor.partnershipId, o.childId)) return undefined;
      const startedOn = todayIso();
      const id = await repo.open(q, { partnershipId: actor.partnershipId, childId: o.childId, triageItemId: o.triageItemId, startedOn, userId: actor.userId });
      await addTimelineEvent(q, {
        partnershipId: actor.partnershipId,
        childId: o.childId,
        kind: 'cse-programme',
        summary: `CSE service: the ${p.cseService.teamName}’s 8-week programme started (planned to end ${formatDate(plannedEnd({ startedOn, extended: false }))})`,
        actorUserId: actor.userId,
        link: paths.cse.forChild(o.childId),
      });
      await audit(q, actor, { action: 'cse.open', subjectType: 'cse_programme', subjectId: id, childId: o.childId, details: { triageItem: o.triageItemId } });
      return id;
    },

    /** A session of direct work, dated within the programme. */
    async addSession(actor: Actor, childId: string, programmeId: string, input: SessionInput): Promise<ChangeResult> {
      return db.tx(async (q) => {
        const found = await programmeFor(q, actor, childId, programmeId, 'cse.session.add');
        if (!found) return { ok: false, reason: 'not-found' } as const;
        const errors: { field: string; message: string }[] = [];
        const dateError = input.heldOn ? sessionDateError(asProgramme(found.programme), input.heldOn, todayIso()) : undefined;
        if (dateError) errors.push({ field: 'heldOn', message: dateError });
        if (errors.length) return { ok: false, reason: 'invalid', errors } as const;
        await repo.addSession(q, { partnershipId: actor.partnershipId, programmeId, ...input, userId: actor.userId });
        await audit(q, actor, { action: 'cse.session.add', subjectType: 'cse_programme', subjectId: programmeId, childId, details: { heldOn: input.heldOn } });
        return { ok: true } as const;
      });
    },

    /** DOMAIN §3.4: the one 4-week extension, with its reason. */
    async extend(actor: Actor, childId: string, programmeId: string, version: number, input: ExtendInput): Promise<ChangeResult> {
      return db.tx(async (q) => {
        const found = await programmeFor(q, actor, childId, programmeId, 'cse.extend');
        if (!found) return { ok: false, reason: 'not-found' } as const;
        if (!(await repo.extend(q, actor.partnershipId, programmeId, version, input.reason, input.notes || null))) {
          await repo.keepConflict(q, actor.partnershipId, programmeId, actor.userId, version, { extend: input });
          await audit(q, actor, {
            action: 'cse.extend',
            outcome: 'failed',
            subjectType: 'cse_programme',
            subjectId: programmeId,
            childId,
            details: { reason: 'stale version, extended or ended', readVersion: version, currentVersion: found.programme.version },
          });
          return { ok: false, reason: 'conflict', current: found.programme } as const;
        }
        const ends = plannedEnd({ startedOn: found.programme.started_on, extended: true });
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId,
          kind: 'cse-programme',
          summary: `CSE service: programme extended by 4 weeks (${EXTENSION_REASONS.find((r) => r.id === input.reason)!.name.toLowerCase()}); planned to end ${formatDate(ends)}`,
          actorUserId: actor.userId,
          link: paths.cse.forChild(childId),
        });
        await audit(q, actor, { action: 'cse.extend', subjectType: 'cse_programme', subjectId: programmeId, childId, details: { reason: input.reason } });
        return { ok: true } as const;
      });
    },

    /** The programme's end and outcome, on the child's timeline. */
    async end(actor: Actor, childId: string, programmeId: string, version: number, input: EndInput): Promise<ChangeResult> {
      return db.tx(async (q) => {
        const found = await programmeFor(q, actor, childId, programmeId, 'cse.end');
        if (!found) return { ok: false, reason: 'not-found' } as const;
        const errors: { field: string; message: string }[] = [];
        if (input.endedOn > todayIso()) errors.push({ field: 'endedOn', message: 'The date the programme ended must be today or in the past' });
        else if (input.endedOn < found.programme.started_on)
          errors.push({
            field: 'endedOn',
            message: `The date the programme ended must be on or after the day it started, ${formatDate(found.programme.started_on)}`,
          });
        if (errors.length) return { ok: false, reason: 'invalid', errors } as const;
        if (!(await repo.end(q, actor.partnershipId, programmeId, version, input.endedOn, input.outcome, input.notes || null))) {
          await repo.keepConflict(q, actor.partnershipId, programmeId, actor.userId, version, { end: input });
          await audit(q, actor, {
            action: 'cse.end',
            outcome: 'failed',
            subjectType: 'cse_programme',
            subjectId: programmeId,
            childId,
            details: { reason: 'stale version or ended', readVersion: version, currentVersion: found.programme.version },
          });
          return { ok: false, reason: 'conflict', current: found.programme } as const;
        }
        await addTimelineEvent(q, {
          partnershipId: actor.partnershipId,
          childId,
          kind: 'cse-programme',
          summary: `CSE service: programme ended ${formatDate(input.endedOn)}. ${outcomeName(input.outcome)}`,
          actorUserId: actor.userId,
          link: paths.cse.forChild(childId),
        });
        await audit(q, actor, { action: 'cse.end', subjectType: 'cse_programme', subjectId: programmeId, childId, details: { outcome: input.outcome } });
        return { ok: true } as const;
      });
    },
  };
}

export { CSE_TOPICS, EXTENSION_REASONS, PROGRAMME_OUTCOMES };
