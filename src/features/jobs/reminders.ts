// Reminders (issue #5): a meeting's deadline near and nothing gone; actions due soon or overdue; reviews
// and assessments due soon or overdue. Each is sent once (reminders_sent), in the transaction that
// queues its email. Bodies carry links and counts only: never a child's name.

import type { Queryable } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { enqueueMail, mailLink, type MailContext } from '../../platform/mail.ts';
import { formatDate, formatTime, todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { packKindOf } from '../../domain/packs/packs.ts';
import { plural } from '../../domain/words/plural.ts';
import { addDays, type IsoDate } from '../../domain/calendar/dates.ts';
import { dueStatus } from '../../domain/cadence/schedule.ts';
import { deadlineReminderDue, meetingDeadline } from '../../domain/calendar/deadlines.ts';
import { localDateOf, localToInstant } from '../../domain/calendar/recurrence.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { chairsOf, ensureSeries } from '../meetings/service.ts';
import { ownedDueUpTo } from '../reviews/service.ts';
import type { ReminderSettings } from '../../config.ts';
import { enabledUsersByIds, insertReminderSent, meetingsForDeadlines, meetingsStartingBetween, openActionsDueBy } from './repository.ts';

/** What every job is given beside the database: where email links point (PUBLIC_URL) and the bank holidays (the configuration's). */
export type JobContext = { links: MailContext; calendar: HolidayCalendar };

type Kind = 'deadline' | 'action-due' | 'action-overdue' | 'review-due' | 'review-overdue' | 'chair';

/** Claims a reminder; false when it was already sent (or another runner is sending it now). */
async function claimReminder(
  q: Queryable,
  partnershipId: string,
  kind: Kind,
  subjectId: string,
  dueOn: IsoDate,
  recipientUserId: string | null,
): Promise<boolean> {
  return insertReminderSent(q, partnershipId, kind, subjectId, dueOn, recipientUserId);
}

/** The end of every reminder: what it is, and the partnership's marking (DOMAIN §7). */
const footer = (p: PartnershipConfig) => ['', 'This is an automatic reminder from MACE. Sign in to see the details.', '', p.marking.text];

/** DOMAIN §5: the DRMM case list by 16:00 the previous working day; the FORM document and the Monthly pack on the Monday before. */
export async function deadlineReminders(q: Queryable, p: PartnershipConfig, now: Date, s: ReminderSettings, { links, calendar }: JobContext) {
  const types = p.meetingTypes.filter((t) => t.deadline);
  if (!types.length) return { considered: 0, sent: 0, skipped: 0 };
  await ensureSeries(q, p, calendar, now);
  // A Monday-before deadline is at most 7 days before the meeting.
  const until = new Date(now.getTime() + (8 * 24 + s.deadlineHours) * 3_600_000);
  const rows = await meetingsForDeadlines(
    q,
    p.id,
    types.map((t) => t.id),
    now,
    until,
  );
  let sent = 0;
  let skipped = 0;
  for (const o of rows) {
    const t = types.find((x) => x.id === o.type_id)!;
    const meetingDate = localDateOf(o.starts_at, o.timezone);
    let deadline;
    try {
      deadline = meetingDeadline(t.deadline!.rule, t.deadline!.time, meetingDate, calendar);
    } catch {
      skipped++; // a year the bank holiday data does not hold: refused rather than guessed
      continue;
    }
    const deadlineAt = localToInstant(deadline.date, deadline.time, o.timezone);
    // Gone: the agenda published or the document pack sent (features/packs). A missing agenda row is an agenda not yet published.
    if (
      !deadlineReminderDue({
        deadlineAt,
        meetingStartsAt: o.starts_at,
        now,
        hoursBefore: s.deadlineHours,
        gone: o.agenda_status === 'published' || o.pack_sent,
      })
    )
      continue;
    if (!(await claimReminder(q, p.id, 'deadline', o.id, deadline.date, null))) continue;
    const late = now.getTime() >= deadlineAt.getTime();
    await enqueueMail(q, {
      partnershipId: p.id,
      to: p.coordinatorsInbox,
      subject: `${late ? 'Late' : 'Due'}: ${t.deadline!.what} for ${o.name} on ${formatDate(meetingDate)}`,
      body: [
        `${t.deadline!.what[0]!.toUpperCase()}${t.deadline!.what.slice(1)} for ${o.name} on ${formatDate(meetingDate)} ${late ? 'was' : 'is'} due by ${deadline.time} on ${formatDate(deadline.date)}, and the agenda has not been published yet${packKindOf(t) ? ' (nor the pack sent)' : ''}.`,
        '',
        `The agenda: ${mailLink(links, paths.agenda.show(o.id))}`,
        // Only a meeting type whose deadline names a pack has one to send.
        ...(packKindOf(t) ? [`Send the pack to members: ${mailLink(links, paths.packs.send(o.id))}`] : []),
        ...footer(p),
      ].join('\n'),
    });
    sent++;
  }
  return { considered: rows.length, sent, skipped };
}

/**
 * Chairs (issue 15, item 20; DOMAIN §4–§6): the named chair and deputy of each meeting starting within the deadline hours
 * (the day before) are told once each what they chair or deputise for, with the link to the agenda.
 */
export async function chairReminders(q: Queryable, p: PartnershipConfig, now: Date, s: ReminderSettings, { links, calendar }: JobContext) {
  await ensureSeries(q, p, calendar, now);
  const rows = await meetingsStartingBetween(q, p.id, now, new Date(now.getTime() + s.deadlineHours * 3_600_000));
  const chairs = await chairsOf(q, p, rows);
  const enabled = new Set(
    (
      await enabledUsersByIds(
        q,
        p.id,
        [...chairs.values()].flatMap((c) => [c.chair?.id, c.deputy?.id].filter((x): x is string => !!x)),
      )
    ).map((u) => u.id),
  );
  let sent = 0;
  for (const o of rows) {
    const c = chairs.get(o.id);
    if (!c) continue;
    const meetingDate = localDateOf(o.starts_at, o.timezone);
    for (const [who, person] of [
      ['chair', c.chair],
      ['deputy', c.deputy],
    ] as const) {
      if (!person || !enabled.has(person.id)) continue;
      // Someone named for this meeting only (a one-off change) is reminded in their own right, even when the rota's was already.
      const changed = who === 'chair' ? c.change?.chairChanged : c.change?.deputyChanged;
      if (!(await claimReminder(q, p.id, 'chair', changed ? `${o.id}:${who}:${person.id}` : `${o.id}:${who}`, meetingDate, person.id))) continue;
      const when = `${formatDate(o.starts_at)} at ${formatTime(o.starts_at)}`;
      await enqueueMail(q, {
        partnershipId: p.id,
        to: person.email,
        subject: who === 'chair' ? `You chair ${o.name} on ${formatDate(o.starts_at)}` : `You are the deputy chair for ${o.name} on ${formatDate(o.starts_at)}`,
        body: [
          who === 'chair'
            ? `You chair ${o.name} on ${when} (${c.role}${c.change?.chairChanged ? ', for this meeting only' : ''}).${c.deputy ? ` Your deputy is ${c.deputy.name}.` : ''}${c.coChair ? ` Co-chaired by ${c.coChair}.` : ''}`
            : `You are the deputy chair for ${o.name} on ${when}: you chair it if ${c.chair?.name ?? 'the chair'} cannot.`,
          '',
          `The meeting: ${mailLink(links, paths.meetings.occurrence(o.id))}`,
          `The agenda: ${mailLink(links, paths.agenda.show(o.id))}`,
          ...footer(p),
        ].join('\n'),
      });
      sent++;
    }
  }
  return { considered: rows.length, sent };
}

/** Actions (DOMAIN §5 SMART, time-based): each owner is told once of an action due soon, and once when it is overdue. */
export async function actionReminders(q: Queryable, p: PartnershipConfig, now: Date, s: ReminderSettings, { links }: JobContext) {
  const today = todayIso(now);
  const rows = await openActionsDueBy(q, p.id, addDays(today, s.actionDays));
  const byOwner = new Map<string, { email: string; overdue: number; due: number }>();
  for (const a of rows) {
    const kind: Kind = a.due_on < today ? 'action-overdue' : 'action-due';
    if (!(await claimReminder(q, p.id, kind, a.id, a.due_on, a.owner_user_id))) continue;
    const o = byOwner.get(a.owner_user_id) ?? { email: a.email, overdue: 0, due: 0 };
    if (kind === 'action-overdue') o.overdue++;
    else o.due++;
    byOwner.set(a.owner_user_id, o);
  }
  for (const o of byOwner.values()) {
    const parts = [
      o.overdue ? `${plural(o.overdue, 'action')} overdue` : '',
      o.due ? `${plural(o.due, 'action')} due within ${plural(s.actionDays, 'day')}` : '',
    ].filter(Boolean);
    await enqueueMail(q, {
      partnershipId: p.id,
      to: o.email,
      subject: `Your actions: ${parts.join(', ')}`,
      body: [
        `You own ${parts.join(' and ')} in ${p.name}.`,
        '',
        `Your open actions: ${mailLink(links, paths.actions.index({ owner: 'me', status: 'open' }))}`,
        ...(o.overdue ? [`Your overdue actions: ${mailLink(links, paths.actions.index({ owner: 'me', overdue: '1' }))}`] : []),
        ...footer(p),
      ].join('\n'),
    });
  }
  return { considered: rows.length, sent: byOwner.size };
}

const reviewKindNames = { review: 'review', 'rfm-renewal': 'RFM renewal', 'ce-risk-assessment': 'CE risk assessment' } as const;

/** Reviews and assessments (DOMAIN §3.2, §4, §5, §6): the owner of the decision that set each date is told once when it is near, and once when overdue. */
export async function reviewReminders(q: Queryable, p: PartnershipConfig, now: Date, s: ReminderSettings, { links, calendar }: JobContext) {
  const today = todayIso(now);
  const due = await ownedDueUpTo(q, p, calendar, addDays(today, s.reviewDays), now);
  const owners = new Map<string, string[]>();
  for (const i of due) {
    const overdue = dueStatus(i.due_on, today, s.reviewDays) === 'overdue';
    const kind: Kind = overdue ? 'review-overdue' : 'review-due';
    if (!(await claimReminder(q, p.id, kind, `${i.child_id}:${i.kind}`, i.due_on, i.owner_user_id))) continue;
    owners.set(i.owner_user_id, [
      ...(owners.get(i.owner_user_id) ?? []),
      `- ${reviewKindNames[i.kind]} ${overdue ? 'overdue since' : 'due by'} ${formatDate(i.due_on)}, child reference ${i.reference}: ${mailLink(links, paths.children.show(i.child_id))}`,
    ]);
  }
  const considered = due.length;
  if (!owners.size) return { considered, sent: 0 };
  const users = await enabledUsersByIds(q, p.id, [...owners.keys()]);
  for (const u of users) {
    const lines = owners.get(u.id)!;
    await enqueueMail(q, {
      partnershipId: p.id,
      to: u.email,
      subject: `Reviews and assessments: ${plural(lines.length, 'item')} due or overdue`,
      body: [`These reviews and assessments you are responsible for in ${p.name} are due or overdue:`, '', ...lines, ...footer(p)].join('\n'),
    });
  }
  return { considered, sent: users.length };
}
