import crypto from 'node:crypto';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { formatDate } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { instrumentNames } from '../../domain/risk/levels.ts';
import { readBody } from '../../platform/validation.ts';
import { contributionSchema, decisionSchema, statusSchema, recordingChildSchema } from './schemas.ts';
import type { SmartRaw } from '../../domain/actions/rules.ts';
import type { actionService } from '../actions/service.ts';
import { childHeader, type ChildHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import type { ItemRow, Decision } from './repository.ts';
import { addTimelineEvent } from '../children/timeline.ts';
import { meetingDate, type DecisionInput, type Fail, type Invalid, type RoomContext } from './service-context.ts';

/**
 * One item of the meeting (DOMAIN §4–§6): what each agency shared, the risk decision, its status, SMART actions and
 * LLR recordings; every view of a child is audited per child.
 */
export function itemPart(
  { db, repo, denied, context, itemIn, auditChildren, decisionBasis }: RoomContext,
  actions: ReturnType<typeof actionService>,
  calendar: HolidayCalendar,
) {
  return {
    /** One item: what was shared, decided and agreed; the view audited per child. */
    async item(actor: Actor, p: PartnershipConfig, id: string, itemId: string) {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.item.view', { accepted: true });
        if (!c.ok) return c;
        const item = await itemIn(q, actor, c.meeting, itemId, 'meeting.item.view');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        const all = await repo.items(q, actor.partnershipId, id);
        const at = all.findIndex((i) => i.id === itemId);
        const [contributions, recordings, itemActions, basis] = [
          await repo.contributions(q, actor.partnershipId, itemId),
          await repo.recordings(q, actor.partnershipId, itemId),
          await repo.itemActions(q, actor.partnershipId, [itemId]),
          await decisionBasis(q, p, c.meeting, item),
        ];
        if (!(await auditChildren(q, actor, 'meeting.item.view', [item], { occurrence: id })))
          await audit(q, actor, { action: 'meeting.item.view', subjectType: 'agenda_item', subjectId: itemId });
        // What is known: each child's current judged risk (the identity bar's), beside their record.
        const risks: Record<string, ChildHeader | undefined> = {};
        for (const child of item.children) risks[child.id] = await childHeader(q, p, child.id, calendar);
        return {
          ok: true as const,
          meeting: c.meeting,
          attendance: c.attendance,
          item,
          risks,
          contributions,
          recordings,
          actions: itemActions,
          basis,
          previous: all[at - 1],
          next: all[at + 1],
          position: at + 1,
          count: all.length,
        };
      });
    },

    /** What one agency shared about an item (read after the meeting's gates). */
    async contribute(
      actor: Actor,
      p: PartnershipConfig,
      id: string,
      itemId: string,
      given: { agencyId: string; body: string },
    ): Promise<{ ok: true } | Fail | Invalid> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.item.contribute', { accepted: true, recording: true });
        if (!c.ok) return c;
        const item = await itemIn(q, actor, c.meeting, itemId, 'meeting.item.contribute');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        const read = readBody(contributionSchema(p), given);
        if (!read.ok) return { ok: false, reason: 'invalid', errors: read.errors } as const;
        const { agencyId, body: text } = read.data;
        const cid = await repo.addContribution(q, actor.partnershipId, itemId, agencyId, text, actor.userId);
        await repo.markInDiscussion(q, actor.partnershipId, itemId);
        for (const ch of item.children)
          await audit(q, actor, {
            action: 'meeting.item.contribute',
            subjectType: 'agenda_item',
            subjectId: itemId,
            childId: ch.id,
            details: { contribution: cid, agency: agencyId },
          });
        if (!item.children.length)
          await audit(q, actor, {
            action: 'meeting.item.contribute',
            subjectType: 'agenda_item',
            subjectId: itemId,
            details: { contribution: cid, agency: agencyId },
          });
        return { ok: true } as const;
      });
    },

    /**
     * The risk decision with the partnership's instrument, naming the version read: validated in full,
     * then saved with the next review date and a timeline entry for each child, in one transaction.
     */
    async decide(
      actor: Actor,
      p: PartnershipConfig,
      id: string | undefined,
      itemId: string,
      version: number,
      input: DecisionInput,
    ): Promise<
      { ok: true; item: ItemRow; meetingId: string } | Fail | Invalid | { ok: false; reason: 'conflict'; current: ItemRow; submitted: DecisionInput }
    > {
      return db.tx(async (q) => {
        let occurrenceId = id;
        if (!occurrenceId) {
          const found = await repo.itemById(q, actor.partnershipId, itemId);
          if (!found) {
            await denied(q, actor, 'meeting.item.decide', 'agenda_items', itemId);
            return { ok: false, reason: 'not-found' } as const;
          }
          occurrenceId = found.occurrence_id;
        }
        const c = await context(q, actor, occurrenceId, 'meeting.item.decide', { accepted: true, recording: true });
        if (!c.ok) return c;
        const item = await itemIn(q, actor, c.meeting, itemId, 'meeting.item.decide');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        const basis = await decisionBasis(q, p, c.meeting, item);
        const read = readBody(decisionSchema({ ...basis, needsLevel: item.kind !== 'location', meetingDate: meetingDate(c.meeting) }), input, { every: true });
        if (!read.ok) {
          await audit(q, actor, {
            action: 'meeting.item.decide',
            outcome: 'failed',
            subjectType: 'agenda_item',
            subjectId: itemId,
            details: { invalid: read.errors.map((e) => e.field) },
          });
          return { ok: false, reason: 'invalid', errors: read.errors } as const;
        }
        const { assessmentId, adjustment, rationale, decisions, next } = read.data;
        const d: Decision = {
          instrument: input.level ? basis.instrument : null,
          level: read.data.level,
          assessmentId,
          adjustment,
          decisions,
          rationale,
          nextReviewOn: next.date,
          nextReviewReason: next.reason,
        };
        if (!(await repo.saveDecision(q, actor.partnershipId, itemId, version, d, actor.userId))) {
          await repo.keepConflict(q, actor.partnershipId, 'agenda_item', itemId, actor.userId, version, input);
          await audit(q, actor, {
            action: 'meeting.item.decide',
            outcome: 'failed',
            subjectType: 'agenda_item',
            subjectId: itemId,
            details: { reason: 'stale version', readVersion: version, currentVersion: item.version },
          });
          return { ok: false, reason: 'conflict', current: item, submitted: input } as const;
        }
        const when = formatDate(meetingDate(c.meeting));
        const summary = `Decision at ${c.meeting.series_name} (${when})${d.level ? `: risk ${d.level} (${instrumentNames[basis.instrument]}${adjustment ? `, adjusted ${adjustment > 0 ? '+' : ''}${adjustment}` : ''})` : ''}. ${decisions.slice(0, 300)}${d.nextReviewOn ? ` Next review ${formatDate(d.nextReviewOn)}.` : ''}`;
        for (const ch of item.children) {
          await addTimelineEvent(q, {
            partnershipId: actor.partnershipId,
            childId: ch.id,
            kind: 'meeting',
            summary,
            actorUserId: actor.userId,
            link: paths.meetingRoom.item(occurrenceId, itemId),
          });
          await audit(q, actor, {
            action: 'meeting.item.decide',
            subjectType: 'agenda_item',
            subjectId: itemId,
            childId: ch.id,
            details: { level: d.level, instrument: d.instrument, nextReview: d.nextReviewOn, changedReview: !!d.nextReviewReason, version: item.version + 1 },
          });
        }
        if (!item.children.length)
          await audit(q, actor, {
            action: 'meeting.item.decide',
            subjectType: 'agenda_item',
            subjectId: itemId,
            details: { level: d.level, version: item.version + 1 },
          });
        return { ok: true, item: (await repo.item(q, actor.partnershipId, occurrenceId, itemId))!, meetingId: occurrenceId } as const;
      });
    },

    /** Read the decision (the API): gated and audited like the item page. */
    async decision(actor: Actor, itemId: string) {
      return db.tx(async (q) => {
        const found = await repo.itemById(q, actor.partnershipId, itemId);
        if (!found) {
          await denied(q, actor, 'meeting.item.view', 'agenda_items', itemId);
          return { ok: false, reason: 'not-found' } as const;
        }
        const c = await context(q, actor, found.occurrence_id, 'meeting.item.view', { accepted: true });
        if (!c.ok) return c;
        if (!(await auditChildren(q, actor, 'meeting.item.view', [found], { occurrence: found.occurrence_id, api: true })))
          await audit(q, actor, { action: 'meeting.item.view', subjectType: 'agenda_item', subjectId: itemId });
        return { ok: true, item: found } as const;
      });
    },

    /** Discussed or deferred (or back in discussion), naming the version read. */
    async setStatus(
      actor: Actor,
      id: string,
      itemId: string,
      version: number,
      given: string,
    ): Promise<{ ok: true } | Fail | Invalid | { ok: false; reason: 'conflict'; current: ItemRow }> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.item.status', { accepted: true, recording: true });
        if (!c.ok) return c;
        const item = await itemIn(q, actor, c.meeting, itemId, 'meeting.item.status');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        const read = readBody(statusSchema, { status: given });
        if (!read.ok) return { ok: false, reason: 'invalid', errors: read.errors } as const;
        const { status } = read.data;
        if (!(await repo.setStatus(q, actor.partnershipId, itemId, version, status))) {
          await repo.keepConflict(q, actor.partnershipId, 'agenda_item', itemId, actor.userId, version, { status });
          return { ok: false, reason: 'conflict', current: item } as const;
        }
        await audit(q, actor, {
          action: 'meeting.item.status',
          subjectType: 'agenda_item',
          subjectId: itemId,
          childId: item.children[0]?.id,
          details: { status, children: item.children.map((ch) => ch.id) },
        });
        return { ok: true } as const;
      });
    },

    /** A SMART action agreed under the item (the actions service validates owner and due date against the meeting). */
    async addAction(actor: Actor, p: PartnershipConfig, id: string, itemId: string, childId: string, raw: SmartRaw) {
      const gate = await db.tx(async (q) => {
        const c = await context(q, actor, id, 'action.create', { accepted: true, recording: true });
        if (!c.ok) return c;
        const item = await itemIn(q, actor, c.meeting, itemId, 'action.create');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        return { ok: true, item } as const;
      });
      if (!gate.ok) return gate;
      const item = gate.item;
      const forChild = item.kind === 'child' ? (item.children[0]?.id ?? null) : item.children.some((ch) => ch.id === childId) ? childId : null;
      if (item.kind === 'group' && childId && !forChild)
        return { ok: false, reason: 'invalid', errors: [{ field: 'childId', message: 'Choose a child of this item, or the whole group' }] } as const;
      const r = await actions.create(actor, p, forChild, raw, { occurrenceId: id, agendaItemId: itemId });
      if (r.ok) await db.tx((q) => repo.markInDiscussion(q, actor.partnershipId, itemId));
      return r;
    },

    /** LLR: the audio of one child's discussion, stored in one transaction; its hash and size kept. */
    async addRecording(
      actor: Actor,
      id: string,
      itemId: string,
      childId: string,
      upload: { data: Buffer; contentType: string },
    ): Promise<{ ok: true; recordingId: string } | Fail | Invalid> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.recording.upload', { accepted: true, recording: true });
        if (!c.ok) return c;
        const item = await itemIn(q, actor, c.meeting, itemId, 'meeting.recording.upload');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        if (!item.children.length)
          return {
            ok: false,
            reason: 'invalid',
            errors: [{ field: 'recording', message: 'Recordings are of a child’s discussion: this item names no child' }],
          } as const;
        const read = readBody(recordingChildSchema(item.children), { childId });
        if (!read.ok) return { ok: false, reason: 'invalid', errors: read.errors } as const;
        const child = read.data;
        const sha256 = crypto.createHash('sha256').update(upload.data).digest('hex');
        const recordingId = await repo.addRecording(
          q,
          actor.partnershipId,
          { itemId, childId: child, contentType: upload.contentType, data: upload.data, sha256 },
          actor.userId,
        );
        await audit(q, actor, {
          action: 'meeting.recording.upload',
          subjectType: 'meeting_recording',
          subjectId: recordingId,
          childId: child,
          details: { item: itemId, size: upload.data.length, type: upload.contentType, sha256 },
        });
        return { ok: true, recordingId } as const;
      });
    },

    /** A recording, only to someone who accepted this meeting's agreement; the download audited against the child. */
    async recording(actor: Actor, id: string, recordingId: string) {
      return db.tx(async (q) => {
        const r = await repo.recording(q, actor.partnershipId, recordingId);
        if (!r || r.occurrence_id !== id) {
          await denied(q, actor, 'meeting.recording.download', 'meeting_recordings', recordingId);
          return { ok: false, reason: 'not-found' } as const;
        }
        const c = await context(q, actor, id, 'meeting.recording.download', { accepted: true });
        if (!c.ok) return c;
        await audit(q, actor, {
          action: 'meeting.recording.download',
          subjectType: 'meeting_recording',
          subjectId: recordingId,
          childId: r.child_id ?? undefined,
          details: { item: r.item_id, size: r.size_bytes },
        });
        return { ok: true, recording: { ...r, data: Buffer.from(r.data) } } as const;
      });
    },
  };
}
