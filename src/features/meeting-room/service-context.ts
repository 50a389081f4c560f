import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { todayIso } from '../../platform/dates.ts';
import { hasAccepted, mayViewItems, mayRecord } from '../../domain/meeting/access.ts';
import { nextReviewOn, meetingInstrument } from '../../domain/meeting/review.ts';
import { meetingDayHasCome } from '../../domain/meeting/held.ts';
import { RISK_LEVELS_HIGHEST_FIRST as levels } from '../../domain/risk/levels.ts';
import { meetingRoomRepository, type ItemRow, type MeetingRow } from './repository.ts';

export type Gate = 'not-found' | 'not-accepted' | 'not-open' | 'closed' | 'not-yet';
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

/** "Jordan Ashdown (STAFFS-0001)"; a location item its location. */
export function itemHeading(i: Pick<ItemRow, 'kind' | 'title' | 'location_text' | 'children'>): string {
  if (i.kind === 'location') return `Location: ${i.location_text ?? i.title ?? ''}`.trim();
  const names = i.children.map((c) => `${c.first_name} ${c.last_name} (${c.reference})`).join(', ');
  return i.kind === 'group' ? `${i.title ? `${i.title}: ` : ''}${names || 'Group'}` : names || i.title || 'Item';
}

export const meetingDate = (m: MeetingRow) => todayIso(new Date(m.starts_at));

/**
 * What the room, item and minutes parts of the meeting room's service share: the repository, and the gates every
 * use of a meeting passes (the meeting in the partnership, its agreement accepted, open for recording), each
 * refusal audited; the per-child audit of what is shown; the basis of a risk decision.
 */
export function roomContext(db: Db) {
  const repo = meetingRoomRepository();

  async function denied(
    q: Queryable,
    actor: Actor,
    action: string,
    table: 'meeting_occurrences' | 'agenda_items' | 'meeting_recordings',
    id: string,
    reason?: string,
  ) {
    const owner = await repo.partnershipOf(q, table, id);
    await audit(q, actor, {
      action,
      outcome: 'denied',
      subjectType: table === 'meeting_occurrences' ? 'meeting_occurrence' : table === 'agenda_items' ? 'agenda_item' : 'meeting_recording',
      subjectId: id,
      details: {
        reason: reason ?? (owner && owner === actor.partnershipId ? 'not permitted' : 'not found'),
        otherPartnership: owner && owner !== actor.partnershipId ? owner : undefined,
      },
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
      await audit(q, actor, {
        action,
        outcome: 'denied',
        subjectType: 'meeting_occurrence',
        subjectId: id,
        details: { reason: meeting.opened_at ? 'confidentiality agreement not accepted' : 'meeting not open' },
      });
      return { ok: false, reason: meeting.opened_at ? 'not-accepted' : 'not-open' } as const;
    }
    if (need.recording && !mayRecord(state)) {
      await audit(q, actor, {
        action,
        outcome: 'failed',
        subjectType: 'meeting_occurrence',
        subjectId: id,
        details: { reason: meeting.closed_at ? 'meeting closed' : 'meeting not open' },
      });
      return { ok: false, reason: meeting.closed_at ? 'closed' : 'not-open' } as const;
    }
    // Nothing is recorded before the meeting's day (a meeting opened, then moved later): no decision predates the meeting.
    if (need.recording && !meetingDayHasCome(meetingDate(meeting), todayIso()).ok) {
      await audit(q, actor, {
        action,
        outcome: 'failed',
        subjectType: 'meeting_occurrence',
        subjectId: id,
        details: { reason: 'before the meeting’s day', meetingDate: meetingDate(meeting) },
      });
      return { ok: false, reason: 'not-yet' } as const;
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
    for (const [childId, itemIds] of seen)
      await audit(q, actor, { action, subjectType: 'child', subjectId: childId, childId, details: { ...details, items: itemIds } });
    return seen.size;
  }

  async function decisionBasis(q: Queryable, p: PartnershipConfig, meeting: MeetingRow, item: ItemRow) {
    const instrument = meetingInstrument(p, meeting.type_id);
    const later = await repo.laterMeetingDates(q, meeting.partnership_id, meeting.series_id, meeting.starts_at);
    const on = meetingDate(meeting);
    const byLevel = Object.fromEntries(
      levels.map((l) => [l, nextReviewOn({ instrument, level: l, meetingDate: on, intervals: p.reviewIntervals, laterMeetings: later })]),
    );
    const assessments = await repo.assessmentsOf(
      q,
      meeting.partnership_id,
      item.children.map((c) => c.id),
      instrument,
    );
    return { instrument, byLevel, assessments };
  }

  return { db, repo, denied, context, itemIn, auditChildren, decisionBasis };
}
export type RoomContext = ReturnType<typeof roomContext>;
