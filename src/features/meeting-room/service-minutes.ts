import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { meetingTypeOf, type PartnershipConfig } from '../../partnerships/index.ts';
import { audit } from '../../platform/audit.ts';
import { can } from '../../platform/roles.ts';
import { enqueueMail, mailLink, type MailContext } from '../../platform/mail.ts';
import { formatDate, formatDateTime } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { mayReadMinutes } from '../../domain/meeting/access.ts';
import { minutesText, minutesScope, type MinutesInput } from '../../domain/meeting/minutes.ts';
import { carryForwardTarget } from '../../domain/meeting/carry.ts';
import { carryForward } from '../actions/service.ts';
import type { AttendanceRow, MeetingRow, MinutesRow } from './repository.ts';
import { itemHeading, meetingDate, type Fail, type Invalid, type RoomContext } from './service-context.ts';
import { readBody } from '../../platform/validation.ts';
import { minutesEdit } from './schemas.ts';

const roleWords: Record<string, string> = { chair: 'Chair', member: 'Member', deputy: 'Deputy', guest: 'Guest', 'minute-taker': 'Minute taker' };
const methodWords: Record<string, string> = { 'signed-in': 'accepted signed in', verbal: 'accepted verbally', written: 'accepted in writing' };

/**
 * Closing the meeting (open actions carried forward, DOMAIN §5) and its minutes: generated from what was recorded,
 * edited, approved and sent by the chair; read by those who accepted the agreement.
 */
export function minutesPart({ db, repo, context, auditChildren }: RoomContext, links: MailContext) {
  return {
    /**
     * Closes the meeting: open actions of the series carry forward to its next meeting (DOMAIN §5), and
     * the minutes are generated from what was recorded (the Monthly meeting: actions only).
     */
    async close(actor: Actor, p: PartnershipConfig, id: string): Promise<{ ok: true; carried: number; nextId: string | null } | Fail> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.close', { accepted: true, recording: true });
        if (!c.ok) return c;
        if (!(await repo.close(q, actor.partnershipId, id, actor.userId))) return { ok: false, reason: 'closed' } as const;
        const next = carryForwardTarget(
          { id, startsAt: new Date(c.meeting.starts_at) },
          await repo.laterOccurrences(q, actor.partnershipId, c.meeting.series_id, c.meeting.starts_at),
        );
        const carried = next ? await carryForward(q, actor.partnershipId, c.meeting.series_id, next.id) : [];
        const body = await generateMinutes(q, p, c.meeting, c.attendance);
        await repo.insertMinutes(q, actor.partnershipId, id, body, actor.userId);
        await audit(q, actor, {
          action: 'meeting.close',
          subjectType: 'meeting_occurrence',
          subjectId: id,
          details: { carriedForward: carried.map((a) => a.id), next: next?.id ?? null, scope: minutesScope(meetingTypeOf(p, c.meeting.type_id)) },
        });
        return { ok: true, carried: carried.length, nextId: next?.id ?? null } as const;
      });
    },

    /** The minutes: to those who accepted, or who run meetings; the children named are audited. */
    async minutes(actor: Actor, id: string) {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.minutes.view');
        if (!c.ok) return c;
        if (!mayReadMinutes({ accepted: c.accepted, manages: can(actor.roles, 'meeting:manage') })) {
          await audit(q, actor, {
            action: 'meeting.minutes.view',
            outcome: 'denied',
            subjectType: 'meeting_occurrence',
            subjectId: id,
            details: { reason: 'confidentiality agreement not accepted' },
          });
          return { ok: false, reason: 'not-accepted' } as const;
        }
        const minutes = await repo.minutes(q, actor.partnershipId, id);
        if (!minutes) return { ok: false, reason: 'not-open' } as const;
        const items = await repo.items(q, actor.partnershipId, id);
        if (!(await auditChildren(q, actor, 'meeting.minutes.view', items, { occurrence: id })))
          await audit(q, actor, { action: 'meeting.minutes.view', subjectType: 'meeting_occurrence', subjectId: id });
        return { ok: true, meeting: c.meeting, minutes, attendance: c.attendance } as const;
      });
    },

    /** The chair's edit of a draft, naming the version read: a stale save is refused and kept. */
    async saveMinutes(
      actor: Actor,
      id: string,
      version: number,
      body: string,
    ): Promise<{ ok: true } | Fail | Invalid | { ok: false; reason: 'conflict' | 'locked'; current: MinutesRow }> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.minutes.edit');
        if (!c.ok) return c;
        const current = await repo.minutes(q, actor.partnershipId, id);
        if (!current) return { ok: false, reason: 'not-found' } as const;
        const read = readBody(minutesEdit, { body });
        if (!read.ok) return { ok: false, reason: 'invalid', errors: read.errors } as const;
        const text = read.data.body;
        if (!(await repo.saveMinutes(q, actor.partnershipId, id, version, text, actor.userId))) {
          await repo.keepConflict(q, actor.partnershipId, 'meeting_minutes', id, actor.userId, version, { body: text });
          await audit(q, actor, {
            action: 'meeting.minutes.edit',
            outcome: 'failed',
            subjectType: 'meeting_minutes',
            subjectId: id,
            details: {
              reason: current.status === 'draft' ? 'stale version' : `already ${current.status}`,
              readVersion: version,
              currentVersion: current.version,
            },
          });
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
    async sendMinutes(
      actor: Actor,
      p: PartnershipConfig,
      id: string,
      version: number,
    ): Promise<{ ok: true; sent: number } | Fail | { ok: false; reason: 'conflict'; current: MinutesRow }> {
      return db.tx(async (q) => {
        const c = await context(q, actor, id, 'meeting.minutes.send');
        if (!c.ok) return c;
        const current = await repo.minutes(q, actor.partnershipId, id);
        if (!current) return { ok: false, reason: 'not-found' } as const;
        if (!(await repo.minutesStatus(q, actor.partnershipId, id, version, 'approved', actor.userId)))
          return { ok: false, reason: 'conflict', current } as const;
        // Attendees who accepted the agreement: the minutes name children, so no one else is told of them.
        const to = [
          ...new Set(
            c.attendance
              .filter((a) => a.agreement_accepted_at)
              .map((a) => a.user_email ?? a.email)
              .filter((e): e is string => !!e),
          ),
        ];
        const when = formatDateTime(c.meeting.starts_at);
        for (const address of to) {
          await enqueueMail(q, {
            partnershipId: actor.partnershipId,
            to: address,
            subject: `Minutes ready: ${c.meeting.series_name}, ${formatDate(meetingDate(c.meeting))}`,
            body: [
              `The minutes of ${c.meeting.series_name} (${p.name}) on ${when} have been approved by the chair and are ready to read.`,
              '',
              `Sign in to MACE to read them: ${mailLink(links, paths.meetingRoom.minutes(id))}`,
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
    const agency = (id: string | null) => (id ? (p.agencies.find((a) => a.id === id)?.name ?? id) : 'No agency recorded');
    const items = await repo.items(q, meeting.partnership_id, meeting.id);
    const acts = await repo.itemActions(
      q,
      meeting.partnership_id,
      items.map((i) => i.id),
    );
    const input: MinutesInput = {
      meetingName: meeting.series_name,
      when: formatDateTime(meeting.starts_at),
      attendance: attendance.map((a) => ({
        name: a.name,
        agency: agency(a.agency_id),
        role: roleWords[a.role_in_meeting] ?? a.role_in_meeting,
        accepted: a.agreement_method && a.agreement_accepted_at ? `${methodWords[a.agreement_method]}, version ${a.agreement_version}` : null,
      })),
      items: [],
    };
    for (const i of items) {
      const shared = await repo.contributions(q, meeting.partnership_id, i.id);
      input.items.push({
        heading: itemHeading(i),
        status: i.status,
        shared: shared.map((s) => ({ agency: agency(s.agency_id), body: s.body })),
        decision: {
          instrument: i.risk_instrument,
          level: i.risk_level,
          adjustment: i.risk_adjustment,
          rationale: i.rationale,
          decisions: i.decisions,
          nextReview: i.next_review_on ? formatDate(i.next_review_on) : null,
          nextReviewReason: i.next_review_reason,
        },
        actions: acts
          .filter((a) => a.agenda_item_id === i.id)
          .map((a) => ({
            what: /[.!?]$/.test(a.what) ? a.what : `${a.what}.`,
            owner: `${a.owner_name ?? 'Not recorded'} (${agency(a.owner_agency_id)})`,
            due: formatDate(a.due_on),
          })),
      });
    }
    return minutesText(input, minutesScope(meetingTypeOf(p, meeting.type_id)));
  }
}
