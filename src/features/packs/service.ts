// A meeting's document pack (issue #7, DOMAIN §5): the DRMM case list by 16:00 the previous working day,
// the FORM "CE and Missing document" and the Monthly data set on the Monday before. A coordinator checks
// what will go, confirms, and every member of the series gets an email with the PDF attached. The
// sending is a disclosure: audited with the number of recipients, and recorded (meeting_packs_sent) so
// the deadline reminder knows the pack has gone.

import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { FieldError } from '../../platform/problems.ts';
import { audit } from '../../platform/audit.ts';
import { enqueueMail, mailLink, type MailContext } from '../../platform/mail.ts';
import { formatDate, formatTime, todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { toPdf } from '../../platform/exports/pdf.ts';
import { meetingDeadline } from '../../domain/calendar/deadlines.ts';
import { localDateOf, localToInstant } from '../../domain/calendar/recurrence.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { packKindOf, packPeriod, packTitles, type PackKind } from '../../domain/packs/packs.ts';
import type { Period } from '../../domain/reports/period.ts';
import { agendaDocument, loadAgenda } from '../reports/documents.ts';
import { reportPack } from '../reports/service.ts';
import { packRepository, type OccurrenceRow, type Recipient, type SentRow } from './repository.ts';

type PackPreview = {
  occ: OccurrenceRow;
  kind: PackKind;
  title: string;
  period?: Period;
  filename: string;
  deadline?: { date: string; time: string; at: Date };
  recipients: Recipient[];
  sent: SentRow[];
  /** Why it cannot be sent now (nothing to send, no one to send it to, a cancelled meeting). */
  problems: FieldError[];
};

const repo = packRepository();

/** The members of a series who can receive mail: users still enabled, and members outside MACE by their address; each address once. */
async function recipientsOf(q: Queryable, partnershipId: string, seriesId: string): Promise<Recipient[]> {
  const rows = await repo.members(q, partnershipId, seriesId);
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.email.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The occurrence's pack, when its meeting type has a deadline and a pack (undefined: not found, or no pack for this meeting). */
async function packPreview(q: Queryable, p: PartnershipConfig, occurrenceId: string, calendar: HolidayCalendar): Promise<PackPreview | undefined> {
  const occ = await repo.occurrence(q, p.id, occurrenceId);
  if (!occ) return undefined;
  const type = p.meetingTypes.find((t) => t.id === occ.type_id);
  const kind = type ? packKindOf(type) : undefined;
  if (!type?.deadline || !kind) return undefined;
  const meetingDate = localDateOf(occ.starts_at, occ.timezone);
  const period = packPeriod(kind, meetingDate);
  let deadline: PackPreview['deadline'];
  try {
    const d = meetingDeadline(type.deadline.rule, type.deadline.time, meetingDate, calendar);
    deadline = { ...d, at: localToInstant(d.date, d.time, occ.timezone) };
  } catch {
    deadline = undefined; // a year the bank holiday data does not hold: the deadline is not guessed
  }
  const recipients = await recipientsOf(q, p.id, occ.series_id);
  const sent = await repo.sent(q, p.id, occurrenceId);
  const problems: FieldError[] = [];
  if (occ.status === 'cancelled') problems.push({ field: 'send', message: 'The meeting is cancelled: there is no pack to send' });
  else if (kind === 'case-list' && occ.agenda_items === 0)
    problems.push({ field: 'send', message: 'Add at least one item to the agenda before sending the case list' });
  if (!recipients.length) problems.push({ field: 'send', message: 'The meeting has no members to send the pack to: add members to the series first' });
  const filename = kind === 'case-list' ? `${p.id}-case-list-${meetingDate}.pdf` : `${p.id}-${kind}-${period!.from}-${period!.to}.pdf`;
  return { occ, kind, title: packTitles[kind], period, filename, deadline, recipients, sent, problems };
}

/** DOMAIN §5, §7: the email names the meeting and the document; never a child. The marking (LLR: not to be printed) goes with it. */
function packMail(links: MailContext, pv: PackPreview, p: PartnershipConfig) {
  const when = `${formatDate(pv.occ.starts_at)} at ${formatTime(pv.occ.starts_at)}`;
  return {
    subject: `Document pack: ${pv.occ.series_name}, ${formatDate(pv.occ.starts_at)}`,
    body: [
      `${pv.title} for ${pv.occ.series_name} (${p.name}) on ${when} is attached (${pv.filename}).`,
      ...(pv.period ? ['', `It covers ${formatDate(pv.period.from)} to ${formatDate(pv.period.to)}.`] : []),
      '',
      `Sign in to MACE to read the agenda: ${mailLink(links, paths.agenda.show(pv.occ.id))}`,
      '',
      p.marking.text,
      ...(p.marking.notice ? [p.marking.notice] : []),
      ...(p.marking.printingAllowed ? [] : ['Do not print this email or its attachment.']),
    ].join('\n'),
  };
}

async function packPdf(q: Queryable, p: PartnershipConfig, pv: PackPreview, now: Date, calendar: HolidayCalendar): Promise<Buffer> {
  if (pv.kind === 'case-list') {
    const a = await loadAgenda(q, p.id, pv.occ.id);
    return toPdf(agendaDocument(a!, p, now), now);
  }
  return (await reportPack(q, p, pv.kind, pv.period!, now, todayIso(now), calendar)).pdf;
}

type SendResult = { ok: true; recipients: number } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'invalid'; errors: FieldError[] };

export function packService(db: Db, links: MailContext, calendar: HolidayCalendar) {
  return {
    preview: (p: PartnershipConfig, occurrenceId: string) => packPreview(db, p, occurrenceId, calendar),

    /** Builds the PDF, queues one email per member with it attached, records and audits the sending: all in one transaction. */
    async send(actor: Actor, p: PartnershipConfig, occurrenceId: string, now = new Date()): Promise<SendResult> {
      return db.tx(async (q) => {
        const pv = await packPreview(q, p, occurrenceId, calendar);
        if (!pv) return { ok: false, reason: 'not-found' } as const;
        if (pv.problems.length) return { ok: false, reason: 'invalid', errors: pv.problems } as const;
        const pdf = await packPdf(q, p, pv, now, calendar);
        const mail = packMail(links, pv, p);
        for (const r of pv.recipients) {
          await enqueueMail(q, {
            partnershipId: p.id,
            to: r.email,
            ...mail,
            attachments: [{ filename: pv.filename, contentType: 'application/pdf', content: pdf }],
          });
        }
        await repo.recordSent(q, {
          partnershipId: p.id,
          occurrenceId,
          kind: pv.kind,
          filename: pv.filename,
          periodFrom: pv.period?.from ?? null,
          periodTo: pv.period?.to ?? null,
          recipients: pv.recipients.length,
          sentBy: actor.userId,
          sentAt: now,
        });
        await audit(q, actor, {
          // A disclosure like any export: the same action, with whom it went to (a count) and why.
          action: 'report.export',
          subjectType: 'meeting_pack',
          subjectId: occurrenceId,
          details: {
            what: `${pv.title}: ${pv.occ.series_name}, ${formatDate(pv.occ.starts_at)}`,
            kind: pv.kind,
            format: 'pdf',
            filename: pv.filename,
            period: pv.period,
            recipients: pv.recipients.length,
            reason: 'meeting-pack',
          },
        });
        return { ok: true, recipients: pv.recipients.length } as const;
      });
    },
  };
}
