import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import { mayViewItems, mayJoin } from '../../domain/meeting/access.ts';
import { meetingDayHasCome, mayOpen } from '../../domain/meeting/held.ts';
import { localToInstant } from '../../domain/calendar/recurrence.ts';
import { todayIso } from '../../platform/dates.ts';
import { readBody } from '../../platform/validation.ts';
import { meetingDate, type AttendeeInput, type Fail, type Invalid, type RoomContext } from './service-context.ts';
import { attendeeSchema, agreementMethodSchema } from './schemas.ts';

/**
 * The meeting itself (DOMAIN §4–§6): its page, opening, attendance and each attendee's acceptance of the
 * confidentiality agreement. Nothing about a child is read for a user who has not accepted this meeting's agreement.
 */
export function roomPart({ db, repo, context, auditChildren }: RoomContext) {
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
        const showItems = mayViewItems(
          { openedAt: meeting.opened_at, closedAt: meeting.closed_at },
          attendance.map((a) => ({ userId: a.user_id, acceptedAt: a.agreement_accepted_at, agreementVersion: a.agreement_version })),
          actor.userId,
        );
        const items = showItems ? await repo.items(q, actor.partnershipId, id) : [];
        const carried = showItems ? await repo.carriedInto(q, actor.partnershipId, id) : [];
        const members = manages && meeting.opened_at && !meeting.closed_at ? await repo.members(q, actor.partnershipId, meeting.series_id) : [];
        const users = manages && meeting.opened_at && !meeting.closed_at ? await repo.activeUsers(q, actor.partnershipId) : [];
        const deputies = manages && meeting.opened_at && !meeting.closed_at ? await repo.namedDeputies(q, actor.partnershipId, id) : [];
        const minutes = meeting.closed_at ? await repo.minutes(q, actor.partnershipId, id) : undefined;
        const shown = showItems ? await auditChildren(q, actor, 'meeting.room.view', items, { occurrence: id }) : 0;
        if (!shown)
          await audit(q, actor, {
            action: 'meeting.room.view',
            subjectType: 'meeting_occurrence',
            subjectId: id,
            details: { items: items.length, accepted: c.accepted },
          });
        return {
          ok: true as const,
          meeting,
          /** Before the meeting's day it is not opened (nor anything recorded in it): the page says when it can be. */
          dayHasCome: meetingDayHasCome(meetingDate(meeting), todayIso()).ok,
          attendance,
          mine,
          accepted: c.accepted,
          showItems,
          items,
          carried,
          members,
          users,
          deputies,
          minutes,
          mayJoin: mayJoin({ isMember, manages, alreadyAttending: !!mine }),
        };
      });
    },

    /**
     * The chair opens the meeting; the opener is on the attendance (as chair if that is their role). Before the meeting's
     * day it opens only with the stated reason, and is then moved to today (its usual time), so no decision predates it.
     */
    async open(
      actor: Actor,
      id: string,
      reason = '',
    ): Promise<{ ok: true; already: boolean; early?: boolean } | Fail | Invalid | { ok: false; reason: 'cancelled' }> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.open');
        if (!c.ok) return c;
        if (c.meeting.status === 'cancelled') return { ok: false, reason: 'cancelled' } as const;
        if (c.meeting.opened_at) return { ok: true, already: true } as const;
        const today = todayIso();
        const choice = mayOpen(meetingDate(c.meeting), today, reason);
        if (!choice.ok) {
          await audit(q, actor, {
            action: 'meeting.open',
            outcome: 'failed',
            subjectType: 'meeting_occurrence',
            subjectId: id,
            details: { reason: 'before the meeting’s day, no reason given', meetingDate: meetingDate(c.meeting) },
          });
          return { ok: false, reason: 'invalid', errors: [{ field: choice.field, message: choice.message }] } as const;
        }
        if (choice.early) {
          const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
            new Date(c.meeting.starts_at),
          );
          const startsAt = localToInstant(today, time);
          await repo.holdEarly(q, actor.partnershipId, id, startsAt, choice.reason, actor.userId);
          await audit(q, actor, {
            action: 'meeting.move',
            subjectType: 'meeting_occurrence',
            subjectId: id,
            details: {
              series: c.meeting.series_id,
              from: new Date(c.meeting.starts_at).toISOString(),
              to: startsAt.toISOString(),
              reason: choice.reason,
              heldEarly: true,
            },
          });
        }
        if (!(await repo.open(q, actor.partnershipId, id, actor.userId))) return { ok: true, already: true } as const;
        await repo.addAttendee(
          q,
          actor.partnershipId,
          id,
          {
            userId: actor.userId,
            name: actor.displayName,
            agencyId: actor.agencyId,
            email: null,
            role: actor.roles.includes('chair') ? 'chair' : 'member',
            deputyForMemberId: null,
          },
          actor.userId,
        );
        await audit(q, actor, {
          action: 'meeting.open',
          subjectType: 'meeting_occurrence',
          subjectId: id,
          details: { series: c.meeting.series_id, ...(choice.early ? { heldEarly: true, reason: choice.reason, meetingDate: meetingDate(c.meeting) } : {}) },
        });
        return { ok: true, already: false, early: choice.early } as const;
      });
    },

    /** Adds an attendee: a member of the series, another user of the partnership, or someone without an account (name and agency). */
    async addAttendee(actor: Actor, p: PartnershipConfig, id: string, given: AttendeeInput): Promise<{ ok: true; name: string } | Fail | Invalid> {
      let input = given;
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.attendance.add', { recording: true });
        if (!c.ok) return c;
        const read = readBody(attendeeSchema(p), input);
        const errors = read.errors ?? [];
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
        } else if (read.ok) person = read.data.other;
        if (!person && !errors.some((e) => ['name', 'agencyId', 'email'].includes(e.field))) errors.push({ field: 'who', message: 'Choose who is attending' });
        let deputyFor: string | null = null;
        if (input.role === 'deputy' && input.deputyFor) {
          const m = (await repo.members(q, actor.partnershipId, c.meeting.series_id)).find((x) => x.id === input.deputyFor);
          if (!m) errors.push({ field: 'deputyFor', message: 'Choose a member of this meeting' });
          else deputyFor = m.id;
        }
        if (errors.length || !person) return { ok: false, reason: 'invalid', errors } as const;
        if (person.userId && c.attendance.some((a) => a.user_id === person!.userId))
          return { ok: false, reason: 'invalid', errors: [{ field: 'who', message: `${person.name} is already on the attendance` }] } as const;
        const attId = await repo.addAttendee(q, actor.partnershipId, id, { ...person, role: input.role, deputyForMemberId: deputyFor }, actor.userId);
        if (!attId) return { ok: false, reason: 'invalid', errors: [{ field: 'who', message: `${person.name} is already on the attendance` }] } as const;
        await audit(q, actor, {
          action: 'meeting.attendance.add',
          subjectType: 'meeting_occurrence',
          subjectId: id,
          details: { attendance: attId, role: input.role, agency: person.agencyId, account: !!person.userId },
        });
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
            await audit(q, actor, {
              action: 'meeting.agreement.accept',
              outcome: 'denied',
              subjectType: 'meeting_occurrence',
              subjectId: id,
              details: { reason: 'not on the attendance nor a member' },
            });
            return { ok: false, reason: 'may-not-join' } as const;
          }
          attId = await repo.addAttendee(
            q,
            actor.partnershipId,
            id,
            { userId: actor.userId, name: actor.displayName, agencyId: actor.agencyId, email: null, role: 'member', deputyForMemberId: null },
            actor.userId,
          );
        }
        await repo.accept(q, actor.partnershipId, id, attId!, p.confidentialityAgreement, 'signed-in', actor.userId);
        await audit(q, actor, {
          action: 'meeting.agreement.accept',
          subjectType: 'meeting_occurrence',
          subjectId: id,
          details: { version: p.confidentialityAgreement.version, joined: !mine },
        });
        return { ok: true } as const;
      });
    },

    /** The chair records that a guest without an account accepted, verbally or in writing. */
    async acceptFor(actor: Actor, p: PartnershipConfig, id: string, attendanceId: string, given: string): Promise<{ ok: true; name: string } | Fail | Invalid> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.agreement.record', { recording: true });
        if (!c.ok) return c;
        const a = c.attendance.find((x) => x.id === attendanceId);
        if (!a || a.user_id) return { ok: false, reason: 'not-found' } as const;
        const field = `method-${attendanceId}`;
        const read = readBody(agreementMethodSchema(attendanceId, a.name), { [field]: given });
        if (!read.ok) return { ok: false, reason: 'invalid', errors: read.errors } as const;
        const method = read.data[field]!;
        if (!(await repo.accept(q, actor.partnershipId, id, attendanceId, p.confidentialityAgreement, method, actor.userId)))
          return { ok: true, name: a.name } as const;
        await audit(q, actor, {
          action: 'meeting.agreement.record',
          subjectType: 'meeting_occurrence',
          subjectId: id,
          details: { attendance: attendanceId, method, version: p.confidentialityAgreement.version },
        });
        return { ok: true, name: a.name } as const;
      });
    },
  };
}
