import crypto from 'node:crypto';
import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { meetingTypeOf, type PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import { enqueueMail, mailLink } from '../../platform/mail.ts';
import { formatDate, formatDateTime, todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { hasAccepted, mayViewItems, mayRecord, mayJoin, mayReadMinutes } from '../../domain/meeting/access.ts';
import { nextReviewOn, chooseReviewDate, validateAdjustment, meetingInstrument } from '../../domain/meeting/review.ts';
import { RISK_LEVELS_HIGHEST_FIRST as levels, instrumentNames, type RiskLevel } from '../../domain/risk/levels.ts';
import { minutesText, minutesScope, type MinutesInput } from '../../domain/meeting/minutes.ts';
import { carryForwardTarget } from '../../domain/meeting/carry.ts';
import type { SmartRaw } from '../../domain/actions/rules.ts';
import { actionService, carryForward } from '../actions/service.ts';
import { childHeader, type ChildHeader } from '../reviews/service.ts';
import { meetingRoomRepository, type AttendanceRow, type ItemRow, type MeetingRow, type MinutesRow, type Decision } from './repository.ts';
import { addTimelineEvent } from '../children/timeline.ts';

export type Gate = 'not-found' | 'not-accepted' | 'not-open' | 'closed';
export type Fail = { ok: false; reason: Gate };
export type Invalid = { ok: false; reason: 'invalid'; errors: { field: string; message: string }[] };

export type DecisionInput = {
  level: string;
  assessmentId: string;
  adjustment: string;
  rationale: string;
  decisions: string;
  nextReview?: string;
  nextReviewError?: string;
  nextReviewReason: string;
};

export type AttendeeInput = { who: string; role: string; name: string; agencyId: string; email: string; deputyFor: string };

const roleWords: Record<string, string> = { chair: 'Chair', member: 'Member', deputy: 'Deputy', guest: 'Guest', 'minute-taker': 'Minute taker' };
const methodWords: Record<string, string> = { 'signed-in': 'accepted signed in', verbal: 'accepted verbally', written: 'accepted in writing' };


/** "Jordan Ashdown (STAFFS-0001)"; a location item its location. */
export function itemHeading(i: Pick<ItemRow, 'kind' | 'title' | 'location_text' | 'children'>): string {
  if (i.kind === 'location') return `Location: ${i.location_text ?? i.title ?? ''}`.trim();
  const names = i.children.map((c) => `${c.first_name} ${c.last_name} (${c.reference})`).join(', ');
  return i.kind === 'group' ? `${i.title ? `${i.title}: ` : ''}${names || 'Group'}` : names || i.title || 'Item';
}

const meetingDate = (m: MeetingRow) => todayIso(new Date(m.starts_at));

/**
 * The meeting itself (DOMAIN §4–§6): opening, attendance and each attendee's acceptance of the
 * confidentiality agreement, what each agency shared per item, the risk decision, SMART actions, LLR
 * recordings, closing (open actions carried forward) and the minutes. Nothing about a child is read
 * for a user who has not accepted this meeting's agreement; every view of a child is audited per child.
 */
export function meetingRoomService(db: Db, actions = actionService(db)) {
  const repo = meetingRoomRepository();

  async function denied(q: Queryable, actor: Actor, action: string, table: 'meeting_occurrences' | 'agenda_items' | 'meeting_recordings', id: string, reason?: string) {
    const owner = await repo.partnershipOf(q, table, id);
    await audit(q, actor, {
      action, outcome: 'denied', subjectType: table === 'meeting_occurrences' ? 'meeting_occurrence' : table === 'agenda_items' ? 'agenda_item' : 'meeting_recording', subjectId: id,
      details: { reason: reason ?? (owner && owner === actor.partnershipId ? 'not permitted' : 'not found'), otherPartnership: owner && owner !== actor.partnershipId ? owner : undefined },
    });
  }

  /** The meeting and its attendance, or why not; `need` says what the caller requires of it. */
  async function context(q: Queryable, actor: Actor, id: string, action: string, need: { accepted?: boolean; recording?: boolean } = {}) {
    const meeting = await repo.meeting(q, actor.partnershipId, id);
    if (!meeting) {
      await denied(q, actor, action, 'meeting_occurrences', id);
      return { ok: false, reason: 'not-found' } as const;
    }
    const attendance = await repo.attendance(q, actor.partnershipId, id);
    const att = attendance.map((a) => ({ userId: a.user_id, acceptedAt: a.agreement_accepted_at, agreementVersion: a.agreement_version }));
    const state = { openedAt: meeting.opened_at, closedAt: meeting.closed_at };
    if (need.accepted && !mayViewItems(state, att, actor.userId)) {
      await audit(q, actor, { action, outcome: 'denied', subjectType: 'meeting_occurrence', subjectId: id, details: { reason: meeting.opened_at ? 'confidentiality agreement not accepted' : 'meeting not open' } });
      return { ok: false, reason: meeting.opened_at ? 'not-accepted' : 'not-open' } as const;
    }
    if (need.recording && !mayRecord(state)) {
      await audit(q, actor, { action, outcome: 'failed', subjectType: 'meeting_occurrence', subjectId: id, details: { reason: meeting.closed_at ? 'meeting closed' : 'meeting not open' } });
      return { ok: false, reason: meeting.closed_at ? 'closed' : 'not-open' } as const;
    }
    return { ok: true, meeting, attendance, accepted: hasAccepted(att, actor.userId) } as const;
  }

  async function itemIn(q: Queryable, actor: Actor, meeting: MeetingRow, itemId: string, action: string) {
    const item = await repo.item(q, actor.partnershipId, meeting.id, itemId);
    if (!item) await denied(q, actor, action, 'agenda_items', itemId);
    return item;
  }

  /** One audit entry per child shown (DOMAIN §7), or one for the item when it names no child. */
  async function auditChildren(q: Queryable, actor: Actor, action: string, items: ItemRow[], details: Record<string, unknown> = {}) {
    const seen = new Map<string, string[]>();
    for (const i of items) for (const c of i.children) seen.set(c.id, [...(seen.get(c.id) ?? []), i.id]);
    for (const [childId, itemIds] of seen) await audit(q, actor, { action, subjectType: 'child', subjectId: childId, childId, details: { ...details, items: itemIds } });
    return seen.size;
  }

  async function decisionBasis(q: Queryable, p: PartnershipConfig, meeting: MeetingRow, item: ItemRow) {
    const instrument = meetingInstrument(p, meeting.type_id);
    const later = await repo.laterMeetingDates(q, meeting.partnership_id, meeting.series_id, meeting.starts_at);
    const on = meetingDate(meeting);
    const byLevel = Object.fromEntries(levels.map((l) => [l, nextReviewOn({ instrument, level: l, meetingDate: on, intervals: p.reviewIntervals, laterMeetings: later })]));
    const assessments = await repo.assessmentsOf(q, meeting.partnership_id, item.children.map((c) => c.id), instrument);
    return { instrument, byLevel, assessments };
  }

  return {
    /** The partnership's active users (an action's possible owners), read in a transaction of its own. */
    activeUsers: (partnershipId: string) => db.tx((q) => repo.activeUsers(q, partnershipId)),

    /** The meeting page: everything before acceptance that names no child; the items once accepted (each child audited). */
    async room(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.room.view');
        if (!c.ok) return c;
        const { meeting, attendance } = c;
        const mine = attendance.find((a) => a.user_id === actor.userId);
        const manages = can(actor.roles, 'meeting:manage');
        const isMember = await repo.isMember(q, actor.partnershipId, meeting.series_id, actor.userId);
        const showItems = mayViewItems({ openedAt: meeting.opened_at, closedAt: meeting.closed_at }, attendance.map((a) => ({ userId: a.user_id, acceptedAt: a.agreement_accepted_at, agreementVersion: a.agreement_version })), actor.userId);
        const items = showItems ? await repo.items(q, actor.partnershipId, id) : [];
        const carried = showItems ? await repo.carriedInto(q, actor.partnershipId, id) : [];
        const members = manages && meeting.opened_at && !meeting.closed_at ? await repo.members(q, actor.partnershipId, meeting.series_id) : [];
        const users = manages && meeting.opened_at && !meeting.closed_at ? await repo.activeUsers(q, actor.partnershipId) : [];
        const deputies = manages && meeting.opened_at && !meeting.closed_at ? await repo.namedDeputies(q, actor.partnershipId, id) : [];
        const minutes = meeting.closed_at ? await repo.minutes(q, actor.partnershipId, id) : undefined;
        const shown = showItems ? await auditChildren(q, actor, 'meeting.room.view', items, { occurrence: id }) : 0;
        if (!shown) await audit(q, actor, { action: 'meeting.room.view', subjectType: 'meeting_occurrence', subjectId: id, details: { items: items.length, accepted: c.accepted } });
        return {
          ok: true as const, meeting, attendance, mine, accepted: c.accepted, showItems, items, carried, members, users, deputies, minutes,
          mayJoin: mayJoin({ isMember, manages, alreadyAttending: !!mine }),
        };
      });
    },

    /** The chair opens the meeting; the opener is on the attendance (as chair if that is their role). */
    async open(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.open');
        if (!c.ok) return c;
        if (c.meeting.status === 'cancelled') return { ok: false, reason: 'cancelled' } as const;
        if (!(await repo.open(q, actor.partnershipId, id, actor.userId))) return { ok: true, already: true } as const;
        await repo.addAttendee(q, actor.partnershipId, id, { userId: actor.userId, name: actor.displayName, agencyId: actor.agencyId, email: null, role: actor.roles.includes('chair') ? 'chair' : 'member', deputyForMemberId: null }, actor.userId);
        await audit(q, actor, { action: 'meeting.open', subjectType: 'meeting_occurrence', subjectId: id, details: { series: c.meeting.series_id } });
        return { ok: true, already: false } as const;
      });
    },

    /** Adds an attendee: a member of the series, another user of the partnership, or someone without an account (name and agency). */
    async addAttendee(actor: Actor, p: PartnershipConfig, id: string, given: AttendeeInput): Promise<{ ok: true; name: string } | Fail | Invalid> {
      let input = given;
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.attendance.add', { recording: true });
        if (!c.ok) return c;
        const errors: { field: string; message: string }[] = [];
        const roles = ['chair', 'member', 'deputy', 'guest', 'minute-taker'];
        if (!roles.includes(input.role)) errors.push({ field: 'role', message: 'Choose the person’s role in the meeting' });
        let person: { userId: string | null; name: string; agencyId: string | null; email: string | null } | undefined;
        const [kind, ref] = input.who.split(':');
        if (kind === 'member' && ref) {
          const m = (await repo.members(q, actor.partnershipId, c.meeting.series_id)).find((x) => x.id === ref);
          if (m) person = { userId: m.user_id, name: m.name, agencyId: m.agency_id, email: m.user_id ? null : m.email };
        } else if (kind === 'deputy' && ref) {
          const d = (await repo.namedDeputies(q, actor.partnershipId, id)).find((x) => x.id === ref);
          if (d) {
            person = { userId: null, name: d.deputy_name, agencyId: d.agency_id, email: d.deputy_email };
            input = { ...input, role: 'deputy', deputyFor: d.member_id };
          }
        } else if (kind === 'user' && ref) {
          const u = (await repo.activeUsers(q, actor.partnershipId)).find((x) => x.id === ref);
          if (u) person = { userId: u.id, name: u.display_name, agencyId: u.agency_id, email: null };
        } else if (input.who === 'other') {
          const name = input.name.trim();
          const email = input.email.trim();
          if (!name) errors.push({ field: 'name', message: 'Enter the person’s name' });
          else if (name.length > 200) errors.push({ field: 'name', message: 'Name must be 200 characters or fewer' });
          if (!input.agencyId) errors.push({ field: 'agencyId', message: 'Choose the person’s agency' });
          else if (!p.agencies.some((a) => a.id === input.agencyId)) errors.push({ field: 'agencyId', message: 'The agency must be an agency of the partnership' });
          if (email && (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320)) errors.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.org' });
          if (!errors.length) person = { userId: null, name, agencyId: input.agencyId, email: email || null };
        }
        if (!person && !errors.some((e) => ['name', 'agencyId', 'email'].includes(e.field))) errors.push({ field: 'who', message: 'Choose who is attending' });
        let deputyFor: string | null = null;
        if (input.role === 'deputy' && input.deputyFor) {
          const m = (await repo.members(q, actor.partnershipId, c.meeting.series_id)).find((x) => x.id === input.deputyFor);
          if (!m) errors.push({ field: 'deputyFor', message: 'Choose a member of this meeting' });
          else deputyFor = m.id;
        }
        if (errors.length || !person) return { ok: false, reason: 'invalid', errors } as const;
        if (person.userId && c.attendance.some((a) => a.user_id === person!.userId)) return { ok: false, reason: 'invalid', errors: [{ field: 'who', message: `${person.name} is already on the attendance` }] } as const;
        const attId = await repo.addAttendee(q, actor.partnershipId, id, { ...person, role: input.role, deputyForMemberId: deputyFor }, actor.userId);
        if (!attId) return { ok: false, reason: 'invalid', errors: [{ field: 'who', message: `${person.name} is already on the attendance` }] } as const;
        await audit(q, actor, { action: 'meeting.attendance.add', subjectType: 'meeting_occurrence', subjectId: id, details: { attendance: attId, role: input.role, agency: person.agencyId, account: !!person.userId } });
        return { ok: true, name: person.name } as const;
      });
    },

    /** The signed-in user accepts this meeting's agreement (joining first when they may): its text and version are kept with it. */
    async accept(actor: Actor, p: PartnershipConfig, id: string): Promise<{ ok: true } | Fail | { ok: false; reason: 'may-not-join' | 'already' }> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.agreement.accept', { recording: true });
        if (!c.ok) return c;
        const mine = c.attendance.find((a) => a.user_id === actor.userId);
        if (mine?.agreement_accepted_at) return { ok: false, reason: 'already' } as const;
        let attId = mine?.id;
        if (!attId) {
          const isMember = await repo.isMember(q, actor.partnershipId, c.meeting.series_id, actor.userId);
          if (!mayJoin({ isMember, manages: can(actor.roles, 'meeting:manage'), alreadyAttending: false })) {
            await audit(q, actor, { action: 'meeting.agreement.accept', outcome: 'denied', subjectType: 'meeting_occurrence', subjectId: id, details: { reason: 'not on the attendance nor a member' } });
            return { ok: false, reason: 'may-not-join' } as const;
          }
          attId = await repo.addAttendee(q, actor.partnershipId, id, { userId: actor.userId, name: actor.displayName, agencyId: actor.agencyId, email: null, role: 'member', deputyForMemberId: null }, actor.userId);
        }
        await repo.accept(q, actor.partnershipId, id, attId!, p.confidentialityAgreement, 'signed-in', actor.userId);
        await audit(q, actor, { action: 'meeting.agreement.accept', subjectType: 'meeting_occurrence', subjectId: id, details: { version: p.confidentialityAgreement.version, joined: !mine } });
        return { ok: true } as const;
      });
    },

    /** The chair records that a guest without an account accepted, verbally or in writing. */
    async acceptFor(actor: Actor, p: PartnershipConfig, id: string, attendanceId: string, method: string): Promise<{ ok: true; name: string } | Fail | Invalid> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.agreement.record', { recording: true });
        if (!c.ok) return c;
        const a = c.attendance.find((x) => x.id === attendanceId);
        if (!a || a.user_id) return { ok: false, reason: 'not-found' } as const;
        if (method !== 'verbal' && method !== 'written') return { ok: false, reason: 'invalid', errors: [{ field: `method-${attendanceId}`, message: `Choose how ${a.name} accepted the agreement` }] } as const;
        if (!(await repo.accept(q, actor.partnershipId, id, attendanceId, p.confidentialityAgreement, method, actor.userId))) return { ok: true, name: a.name } as const;
        await audit(q, actor, { action: 'meeting.agreement.record', subjectType: 'meeting_occurrence', subjectId: id, details: { attendance: attendanceId, method, version: p.confidentialityAgreement.version } });
        return { ok: true, name: a.name } as const;
      });
    },

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
        if (!(await auditChildren(q, actor, 'meeting.item.view', [item], { occurrence: id }))) await audit(q, actor, { action: 'meeting.item.view', subjectType: 'agenda_item', subjectId: itemId });
        // What is known: each child's current judged risk (the identity bar's), beside their record.
        const risks: Record<string, ChildHeader | undefined> = {};
        for (const child of item.children) risks[child.id] = await childHeader(q, p, child.id);
        return { ok: true as const, meeting: c.meeting, item, risks, contributions, recordings, actions: itemActions, basis, previous: all[at - 1], next: all[at + 1], position: at + 1, count: all.length };
      });
    },

    /** What one agency shared about an item. */
    async contribute(actor: Actor, p: PartnershipConfig, id: string, itemId: string, agencyId: string, body: string): Promise<{ ok: true } | Fail | Invalid> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.item.contribute', { accepted: true, recording: true });
        if (!c.ok) return c;
        const item = await itemIn(q, actor, c.meeting, itemId, 'meeting.item.contribute');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        const errors: { field: string; message: string }[] = [];
        if (!p.agencies.some((a) => a.id === agencyId)) errors.push({ field: 'agencyId', message: 'Choose the agency that shared the information' });
        const text = body.trim();
        if (!text) errors.push({ field: 'body', message: 'Enter what the agency shared' });
        else if (text.length > 10000) errors.push({ field: 'body', message: 'What was shared must be 10,000 characters or fewer' });
        if (errors.length) return { ok: false, reason: 'invalid', errors } as const;
        const cid = await repo.addContribution(q, actor.partnershipId, itemId, agencyId, text, actor.userId);
        await repo.markInDiscussion(q, actor.partnershipId, itemId);
        for (const ch of item.children) await audit(q, actor, { action: 'meeting.item.contribute', subjectType: 'agenda_item', subjectId: itemId, childId: ch.id, details: { contribution: cid, agency: agencyId } });
        if (!item.children.length) await audit(q, actor, { action: 'meeting.item.contribute', subjectType: 'agenda_item', subjectId: itemId, details: { contribution: cid, agency: agencyId } });
        return { ok: true } as const;
      });
    },

    /**
     * The risk decision with the partnership's instrument, naming the version read: validated in full,
     * then saved with the next review date and a timeline entry for each child, in one transaction.
     */
    async decide(actor: Actor, p: PartnershipConfig, id: string | undefined, itemId: string, version: number, input: DecisionInput): Promise<{ ok: true; item: ItemRow; meetingId: string } | Fail | Invalid | { ok: false; reason: 'conflict'; current: ItemRow; submitted: DecisionInput }> {
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
        const errors: { field: string; message: string }[] = [];
        const level = input.level as RiskLevel;
        const needsLevel = item.kind !== 'location';
        if (input.level && !(levels as readonly string[]).includes(input.level)) errors.push({ field: 'level', message: 'Choose the risk level' });
        else if (needsLevel && !input.level) errors.push({ field: 'level', message: 'Choose the risk level' });
        let assessmentId: string | null = null;
        if (input.assessmentId) {
          if (!basis.assessments.some((a) => a.id === input.assessmentId)) errors.push({ field: 'assessmentId', message: `Choose one of the child’s submitted ${instrumentNames[basis.instrument]} assessments` });
          else assessmentId = input.assessmentId;
        }
        let adjustment: number | null = null;
        if (basis.instrument === 'vat') {
          const adj = validateAdjustment(input.adjustment, input.rationale);
          if (!adj.ok) errors.push({ field: 'adjustment', message: adj.message });
          else adjustment = adj.value;
        }
        const rationale = input.rationale.trim();
        const decisions = input.decisions.trim();
        if (input.level && !rationale) errors.push({ field: 'rationale', message: 'Enter the rationale for the risk level' });
        if (rationale.length > 5000) errors.push({ field: 'rationale', message: 'Rationale must be 5,000 characters or fewer' });
        if (!decisions) errors.push({ field: 'decisions', message: 'Enter what the meeting decided' });
        else if (decisions.length > 5000) errors.push({ field: 'decisions', message: 'Decisions must be 5,000 characters or fewer' });
        let next: { date: string | null; reason: string | null } = { date: null, reason: null };
        if (input.nextReviewError) errors.push({ field: 'nextReview', message: input.nextReviewError });
        else if (input.level) {
          const computed = basis.byLevel[level]?.date ?? null;
          const choice = chooseReviewDate(computed, input.nextReview, input.nextReviewReason, meetingDate(c.meeting));
          if (!choice.ok) errors.push({ field: choice.field, message: choice.message });
          else next = choice;
        } else if (input.nextReview) errors.push({ field: 'level', message: 'Choose the risk level before setting a review date' });
        if (errors.length) {
          await audit(q, actor, { action: 'meeting.item.decide', outcome: 'failed', subjectType: 'agenda_item', subjectId: itemId, details: { invalid: errors.map((e) => e.field) } });
          return { ok: false, reason: 'invalid', errors } as const;
        }
        const d: Decision = { instrument: input.level ? basis.instrument : null, level: input.level ? level : null, assessmentId, adjustment, decisions, rationale, nextReviewOn: next.date, nextReviewReason: next.reason };
        if (!(await repo.saveDecision(q, actor.partnershipId, itemId, version, d, actor.userId))) {
          await repo.keepConflict(q, actor.partnershipId, 'agenda_item', itemId, actor.userId, version, input);
          await audit(q, actor, { action: 'meeting.item.decide', outcome: 'failed', subjectType: 'agenda_item', subjectId: itemId, details: { reason: 'stale version', readVersion: version, currentVersion: item.version } });
          return { ok: false, reason: 'conflict', current: item, submitted: input } as const;
        }
        const when = formatDate(meetingDate(c.meeting));
        const summary = `Decision at ${c.meeting.series_name} (${when})${d.level ? `: risk ${d.level} (${instrumentNames[basis.instrument]}${adjustment ? `, adjusted ${adjustment > 0 ? '+' : ''}${adjustment}` : ''})` : ''}. ${decisions.slice(0, 300)}${d.nextReviewOn ? ` Next review ${formatDate(d.nextReviewOn)}.` : ''}`;
        for (const ch of item.children) {
          await addTimelineEvent(q, { partnershipId: actor.partnershipId, childId: ch.id, kind: 'meeting', summary, actorUserId: actor.userId, link: paths.meetingRoom.item(occurrenceId, itemId) });
          await audit(q, actor, { action: 'meeting.item.decide', subjectType: 'agenda_item', subjectId: itemId, childId: ch.id, details: { level: d.level, instrument: d.instrument, nextReview: d.nextReviewOn, changedReview: !!d.nextReviewReason, version: item.version + 1 } });
        }
        if (!item.children.length) await audit(q, actor, { action: 'meeting.item.decide', subjectType: 'agenda_item', subjectId: itemId, details: { level: d.level, version: item.version + 1 } });
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
        if (!(await auditChildren(q, actor, 'meeting.item.view', [found], { occurrence: found.occurrence_id, api: true }))) await audit(q, actor, { action: 'meeting.item.view', subjectType: 'agenda_item', subjectId: itemId });
        return { ok: true, item: found } as const;
      });
    },

    /** Discussed or deferred (or back in discussion), naming the version read. */
    async setStatus(actor: Actor, id: string, itemId: string, version: number, status: string): Promise<{ ok: true } | Fail | Invalid | { ok: false; reason: 'conflict'; current: ItemRow }> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.item.status', { accepted: true, recording: true });
        if (!c.ok) return c;
        const item = await itemIn(q, actor, c.meeting, itemId, 'meeting.item.status');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        if (status !== 'discussed' && status !== 'deferred' && status !== 'in-discussion') return { ok: false, reason: 'invalid', errors: [{ field: 'status', message: 'Choose discussed or deferred' }] } as const;
        if (!(await repo.setStatus(q, actor.partnershipId, itemId, version, status))) {
          await repo.keepConflict(q, actor.partnershipId, 'agenda_item', itemId, actor.userId, version, { status });
          return { ok: false, reason: 'conflict', current: item } as const;
        }
        await audit(q, actor, { action: 'meeting.item.status', subjectType: 'agenda_item', subjectId: itemId, childId: item.children[0]?.id, details: { status, children: item.children.map((ch) => ch.id) } });
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
      const forChild = item.kind === 'child' ? item.children[0]?.id ?? null : item.children.some((ch) => ch.id === childId) ? childId : null;
      if (item.kind === 'group' && childId && !forChild) return { ok: false, reason: 'invalid', errors: [{ field: 'childId', message: 'Choose a child of this item, or the whole group' }] } as const;
      const r = await actions.create(actor, p, forChild, raw, { occurrenceId: id, agendaItemId: itemId });
      if (r.ok) await db.tx((q) => repo.markInDiscussion(q, actor.partnershipId, itemId));
      return r;
    },

    /** LLR: the audio of one child's discussion, stored in one transaction; its hash and size kept. */
    async addRecording(actor: Actor, id: string, itemId: string, childId: string, upload: { data: Buffer; contentType: string }): Promise<{ ok: true; recordingId: string } | Fail | Invalid> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.recording.upload', { accepted: true, recording: true });
        if (!c.ok) return c;
        const item = await itemIn(q, actor, c.meeting, itemId, 'meeting.recording.upload');
        if (!item) return { ok: false, reason: 'not-found' } as const;
        if (!item.children.length) return { ok: false, reason: 'invalid', errors: [{ field: 'recording', message: 'Recordings are of a child’s discussion: this item names no child' }] } as const;
        const child = item.children.length === 1 ? item.children[0]!.id : item.children.find((ch) => ch.id === childId)?.id;
        if (!child) return { ok: false, reason: 'invalid', errors: [{ field: 'childId', message: 'Choose the child whose discussion was recorded' }] } as const;
        const sha256 = crypto.createHash('sha256').update(upload.data).digest('hex');
        const recordingId = await repo.addRecording(q, actor.partnershipId, { itemId, childId: child, contentType: upload.contentType, data: upload.data, sha256 }, actor.userId);
        await audit(q, actor, { action: 'meeting.recording.upload', subjectType: 'meeting_recording', subjectId: recordingId, childId: child, details: { item: itemId, size: upload.data.length, type: upload.contentType, sha256 } });
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
        await audit(q, actor, { action: 'meeting.recording.download', subjectType: 'meeting_recording', subjectId: recordingId, childId: r.child_id ?? undefined, details: { item: r.item_id, size: r.size_bytes } });
        return { ok: true, recording: { ...r, data: Buffer.from(r.data) } } as const;
      });
    },

    /**
     * Closes the meeting: open actions of the series carry forward to its next meeting (DOMAIN §5), and
     * the minutes are generated from what was recorded (the Monthly meeting: actions only).
     */
    async close(actor: Actor, p: PartnershipConfig, id: string): Promise<{ ok: true; carried: number; nextId: string | null } | Fail> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.close', { accepted: true, recording: true });
        if (!c.ok) return c;
        if (!(await repo.close(q, actor.partnershipId, id, actor.userId))) return { ok: false, reason: 'closed' } as const;
        const next = carryForwardTarget({ id, startsAt: new Date(c.meeting.starts_at) }, await repo.laterOccurrences(q, actor.partnershipId, c.meeting.series_id, c.meeting.starts_at));
        const carried = next ? await carryForward(q, actor.partnershipId, c.meeting.series_id, next.id) : [];
        const body = await generateMinutes(q, p, c.meeting, c.attendance);
        await repo.insertMinutes(q, actor.partnershipId, id, body, actor.userId);
        await audit(q, actor, { action: 'meeting.close', subjectType: 'meeting_occurrence', subjectId: id, details: { carriedForward: carried.map((a) => a.id), next: next?.id ?? null, scope: minutesScope(meetingTypeOf(p, c.meeting.type_id)) } });
        return { ok: true, carried: carried.length, nextId: next?.id ?? null } as const;
      });
    },

    /** The minutes: to those who accepted, or who run meetings; the children named are audited. */
    async minutes(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.minutes.view');
        if (!c.ok) return c;
        if (!mayReadMinutes({ accepted: c.accepted, manages: can(actor.roles, 'meeting:manage') })) {
          await audit(q, actor, { action: 'meeting.minutes.view', outcome: 'denied', subjectType: 'meeting_occurrence', subjectId: id, details: { reason: 'confidentiality agreement not accepted' } });
          return { ok: false, reason: 'not-accepted' } as const;
        }
        const minutes = await repo.minutes(q, actor.partnershipId, id);
        if (!minutes) return { ok: false, reason: 'not-open' } as const;
        const items = await repo.items(q, actor.partnershipId, id);
        if (!(await auditChildren(q, actor, 'meeting.minutes.view', items, { occurrence: id }))) await audit(q, actor, { action: 'meeting.minutes.view', subjectType: 'meeting_occurrence', subjectId: id });
        return { ok: true, meeting: c.meeting, minutes, attendance: c.attendance } as const;
      });
    },

    /** The chair's edit of a draft, naming the version read: a stale save is refused and kept. */
    async saveMinutes(actor: Actor, id: string, version: number, body: string): Promise<{ ok: true } | Fail | Invalid | { ok: false; reason: 'conflict' | 'locked'; current: MinutesRow }> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.minutes.edit');
        if (!c.ok) return c;
        const current = await repo.minutes(q, actor.partnershipId, id);
        if (!current) return { ok: false, reason: 'not-found' } as const;
        const text = body.replace(/\r\n/g, '\n');
        if (!text.trim()) return { ok: false, reason: 'invalid', errors: [{ field: 'body', message: 'Enter the minutes' }] } as const;
        if (text.length > 200_000) return { ok: false, reason: 'invalid', errors: [{ field: 'body', message: 'The minutes must be 200,000 characters or fewer' }] } as const;
        if (!(await repo.saveMinutes(q, actor.partnershipId, id, version, text, actor.userId))) {
          await repo.keepConflict(q, actor.partnershipId, 'meeting_minutes', id, actor.userId, version, { body: text });
          await audit(q, actor, { action: 'meeting.minutes.edit', outcome: 'failed', subjectType: 'meeting_minutes', subjectId: id, details: { reason: current.status === 'draft' ? 'stale version' : `already ${current.status}`, readVersion: version, currentVersion: current.version } });
          return { ok: false, reason: current.status === 'draft' ? 'conflict' : 'locked', current } as const;
        }
        await audit(q, actor, { action: 'meeting.minutes.edit', subjectType: 'meeting_minutes', subjectId: id, details: { version: current.version + 1 } });
        return { ok: true } as const;
      });
    },

    async approveMinutes(actor: Actor, id: string, version: number): Promise<{ ok: true } | Fail | { ok: false; reason: 'conflict'; current: MinutesRow }> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.minutes.approve');
        if (!c.ok) return c;
        const current = await repo.minutes(q, actor.partnershipId, id);
        if (!current) return { ok: false, reason: 'not-found' } as const;
        if (!(await repo.minutesStatus(q, actor.partnershipId, id, version, 'draft', actor.userId))) return { ok: false, reason: 'conflict', current } as const;
        await audit(q, actor, { action: 'meeting.minutes.approve', subjectType: 'meeting_minutes', subjectId: id, details: { version: current.version + 1 } });
        return { ok: true } as const;
      });
    },

    /** Sends approved minutes: each attendee with an address is told they are ready (no child named in the email). */
    async sendMinutes(actor: Actor, p: PartnershipConfig, id: string, version: number): Promise<{ ok: true; sent: number } | Fail | { ok: false; reason: 'conflict'; current: MinutesRow }> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.minutes.send');
        if (!c.ok) return c;
        const current = await repo.minutes(q, actor.partnershipId, id);
        if (!current) return { ok: false, reason: 'not-found' } as const;
        if (!(await repo.minutesStatus(q, actor.partnershipId, id, version, 'approved', actor.userId))) return { ok: false, reason: 'conflict', current } as const;
        // Attendees who accepted the agreement: the minutes name children, so no one else is told of them.
        const to = [...new Set(c.attendance.filter((a) => a.agreement_accepted_at).map((a) => a.user_email ?? a.email).filter((e): e is string => !!e))];
        const when = formatDateTime(c.meeting.starts_at);
        for (const address of to) {
          await enqueueMail(q, {
            partnershipId: actor.partnershipId,
            to: address,
            subject: `Minutes ready: ${c.meeting.series_name}, ${formatDate(meetingDate(c.meeting))}`,
            body: [
              `The minutes of ${c.meeting.series_name} (${p.name}) on ${when} have been approved by the chair and are ready to read.`,
              '',
              `Sign in to MACE to read them: ${mailLink(paths.meetingRoom.minutes(id))}`,
              '',
              'They are confidential: read them in MACE, and do not forward or print them except as your agency’s procedures allow.',
              '',
              p.marking.text,
            ].join('\n'),
          });
        }
        await audit(q, actor, { action: 'meeting.minutes.send', subjectType: 'meeting_minutes', subjectId: id, details: { recipients: to.length } });
        return { ok: true, sent: to.length } as const;
      });
    },
  };

  /** The minutes' first draft from what was recorded: attendance, then each item in running order. */
  async function generateMinutes(q: Queryable, p: PartnershipConfig, meeting: MeetingRow, attendance: AttendanceRow[]): Promise<string> {
    const agency = (id: string | null) => (id ? p.agencies.find((a) => a.id === id)?.name ?? id : 'No agency recorded');
    const items = await repo.items(q, meeting.partnership_id, meeting.id);
    const acts = await repo.itemActions(q, meeting.partnership_id, items.map((i) => i.id));
    const input: MinutesInput = {
      meetingName: meeting.series_name,
      when: formatDateTime(meeting.starts_at),
      attendance: attendance.map((a) => ({ name: a.name, agency: agency(a.agency_id), role: roleWords[a.role_in_meeting] ?? a.role_in_meeting, accepted: a.agreement_method ? `${methodWords[a.agreement_method]}, version ${a.agreement_version}` : 'not accepted' })),
      items: [],
    };
    for (const i of items) {
      const shared = await repo.contributions(q, meeting.partnership_id, i.id);
      input.items.push({
        heading: itemHeading(i),
        status: i.status,
        shared: shared.map((s) => ({ agency: agency(s.agency_id), body: s.body })),
        decision: { instrument: i.risk_instrument, level: i.risk_level, adjustment: i.risk_adjustment, rationale: i.rationale, decisions: i.decisions, nextReview: i.next_review_on ? formatDate(i.next_review_on) : null, nextReviewReason: i.next_review_reason },
        actions: acts.filter((a) => a.agenda_item_id === i.id).map((a) => ({ what: /[.!?]$/.test(a.what) ? a.what : `${a.what}.`, owner: `${a.owner_name ?? 'Not recorded'} (${agency(a.owner_agency_id)})`, due: formatDate(a.due_on) })),
      });
    }
    return minutesText(input, minutesScope(meetingTypeOf(p, meeting.type_id)));
  }
}
