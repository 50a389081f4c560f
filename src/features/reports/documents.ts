/** Documents exported as PDF besides the reports: the Risk Factor Matrix, the agenda and the minutes (issue #7). */
import type { Queryable } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { ExportDocument, ExportSection } from '../../platform/exports/document.ts';
import { CONSENT_QUESTIONS, RFM_INDICATORS } from '../../domain/rfm/indicators.ts';
import { instrumentNames, riskLevelNames } from '../../domain/risk/levels.ts';
import { markdownBlocks } from '../../platform/markdown.ts';
import { PARTS, partContent } from '../rfm/content.ts';
import { formatDate, formatDateTime, formatTime } from '../../platform/dates.ts';
import { reportRepository, type RfmRecord, type AgendaRecord } from './repository.ts';

const label: Record<string, string> = {
  childConsentComments: 'Comments',
  supportReferral: 'Referral to Catch22, YOS Prevention or other support services made',
  supportReferralDetails: 'Date of referral and name of service',
  parentsAwareComments: 'Comments',
  completedOn: 'Date of completion',
  riskType: 'Type of risk',
  childViews: 'The child’s views',
  childBelievesAtRisk: 'Does the child believe they are at risk',
  primaryRisk: 'Primary risk',
  confirmed: 'Child’s details confirmed',
  name: 'Name',
  telephone: 'Telephone',
  roleAgency: 'Role and agency',
  email: 'Email',
  dateInitialCompleted: 'Date initial form completed',
  partnersConsulted: 'Partner agencies consulted',
  agenciesInvolved: 'Agencies involved',
  openToChildrensServices: 'Open to children’s services',
  allocatedSocialWorker: 'Allocated social worker',
  strengths: 'Strengths and protective factors',
  worries: 'What we are worried about',
  decision: 'Professional judgement',
  band: 'Level judged',
  reason: 'Reason for overriding',
};
const text = (v: unknown) => (v === undefined || v === null ? '' : /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? formatDate(String(v)) : String(v));

export async function loadRfm(
  q: Queryable,
  partnershipId: string,
  id: string,
): Promise<(RfmRecord & { child_id: string; partnership_id: string }) | undefined> {
  return reportRepository().rfmRecord(q, partnershipId, id);
}

/** DOMAIN §3: the RFM laid out as the form is: consent, sections A–D, the 14 indicators with scores and evidence, the judgement. */
export function rfmDocument(r: RfmRecord, p: PartnershipConfig, produced: Date): ExportDocument {
  const sections: ExportSection[] = [];
  for (const part of PARTS) {
    const c = partContent(r.content, part.id);
    if (part.id === 'indicators-a' || part.id === 'indicators-b') {
      const numbers = RFM_INDICATORS.filter((i) => (part.id === 'indicators-a' ? i.subtotal === 'A' : i.subtotal === 'B'));
      sections.push({
        heading: part.title,
        tables: [
          {
            title: part.title,
            columns: ['Indicator', 'Score', 'Evidence'],
            rows: numbers.map((i) => {
              const v = (c[String(i.number)] ?? {}) as Record<string, string>;
              return [`${i.number}. ${i.title}`, v.score ?? '', [v.evidence, v.observed, v.recency].filter(Boolean).join(' – ')];
            }),
          },
        ],
      });
      continue;
    }
    const kv: [string, string][] = [];
    for (const [k, v] of Object.entries(c)) {
      const q = CONSENT_QUESTIONS.find((x) => x.id === k);
      const shown = q ? (q.options.find((o) => o.value === v)?.label ?? text(v)) : text(v);
      kv.push([q?.question ?? label[k] ?? k, shown]);
    }
    sections.push({ heading: part.title, keyValues: kv.length ? kv : [['Not completed', '']] });
  }
  sections.push({
    heading: 'Result',
    keyValues: [
      ['Scored level', text(r.scored_level)],
      ['Judged level', text(r.judged_level)],
      ['Type of risk', text(r.risk_type)],
    ],
  });
  return {
    title: instrumentNames.rfm,
    lines: [
      `${p.name}`,
      `Child: ${r.first_name} ${r.last_name} (${r.reference})${r.date_of_birth ? `, born ${formatDate(r.date_of_birth)}` : ''}`,
      `Version ${r.series_version}, ${r.status === 'submitted' ? `completed ${formatDate(r.completed_on)}` : 'draft (not submitted)'}`,
      `Produced: ${formatDateTime(produced)} from the record`,
    ],
    marking: p.marking,
    sections,
  };
}

export async function loadAgenda(q: Queryable, partnershipId: string, occurrenceId: string): Promise<AgendaRecord | undefined> {
  const repo = reportRepository();
  const m = await repo.agendaMeeting(q, partnershipId, occurrenceId);
  if (!m) return undefined;
  const items = await repo.agendaItems(q, partnershipId, occurrenceId);
  return { meeting: m, items };
}

/** DOMAIN §5, §6: the agenda in running order with time slots; children by reference only. */
export function agendaDocument(
  a: AgendaRecord,
  p: PartnershipConfig,
  produced: Date,
  standing: readonly { title: string; cases: boolean }[] = [],
): ExportDocument {
  let t = new Date(a.meeting.starts_at).getTime();
  const rows = a.items.map((i) => {
    const start = formatTime(new Date(t));
    t += i.slot_minutes * 60_000;
    const what = i.kind === 'location' ? `Location: ${i.location_text ?? i.title ?? ''}` : `${i.title ? `${i.title}: ` : ''}${i.children.join(', ')}`;
    return [start, what, i.discussion === 'review' ? 'Review' : 'Initial discussion', `${i.slot_minutes} minutes`];
  });
  return {
    title: `Agenda: ${a.meeting.name}`,
    lines: [
      p.name,
      `Meeting: ${formatDateTime(a.meeting.starts_at)}${a.meeting.location ? `, ${a.meeting.location}` : ''}`,
      `Agenda ${a.meeting.status === 'published' ? 'published' : 'draft'}`,
      `Produced: ${formatDateTime(produced)} from the records`,
    ],
    marking: p.marking,
    sections: [
      // Issue 15 item 23: the meeting type's standing agenda (004), numbered, the cases at the item marked for them.
      ...(standing.length
        ? [{ heading: 'Standing agenda', paragraphs: standing.map((s, i) => `${i + 1}. ${s.title}${s.cases ? ': the running order below' : ''}`) }]
        : []),
      {
        heading: 'Running order',
        tables: [{ title: 'Items', columns: ['Time', 'Item', 'Discussion', 'Slot'], rows, align: ['left', 'left', 'left', 'left'], widths: [1.2, 4, 2, 1.4] }],
      },
    ],
  };
}

const levelWords: Readonly<Record<string, string>> = riskLevelNames;

/**
 * DOMAIN §5, §6, §7: the minutes as approved (or the draft), drawn from their Markdown as headings, paragraphs and lists,
 * then each item's decision in a table: the child by name and reference where the partnership allows its documents to be
 * printed, by reference only where its marking says they should not be (a downloaded PDF may be printed all the same);
 * the risk level as the product names it (High), the decision and the rationale in columns of their own.
 */
export function minutesDocument(
  a: AgendaRecord,
  minutes: { body: string; status: string; approved_at: Date | null } | undefined,
  p: PartnershipConfig,
  produced: Date,
): ExportDocument {
  return {
    title: `Minutes: ${a.meeting.name}`,
    lines: [
      p.name,
      `Meeting: ${formatDateTime(a.meeting.starts_at)}`,
      minutes ? `Minutes ${minutes.status}${minutes.approved_at ? `, approved ${formatDateTime(minutes.approved_at)}` : ''}` : 'No minutes recorded yet',
      `Produced: ${formatDateTime(produced)} from the records`,
    ],
    marking: p.marking,
    sections: [
      ...(minutes ? [{ heading: 'Record of the meeting', blocks: markdownBlocks(minutes.body) }] : []),
      {
        heading: 'Decisions',
        tables: [
          {
            title: 'Decisions by item',
            columns: [p.marking.printingAllowed ? 'Child or location' : 'Child (reference) or location', 'Risk level', 'Decision', 'Rationale', 'Next review'],
            rows: a.items.map((i) => [
              `${i.position + 1}. ${
                i.kind === 'location'
                  ? `Location: ${i.location_text ?? i.title ?? ''}`
                  : (p.marking.printingAllowed ? i.child_names : i.children).join(', ') || (i.title ?? '')
              }`,
              i.risk_level ? (levelWords[i.risk_level] ?? i.risk_level) : 'None',
              i.decisions ?? '',
              i.rationale ?? '',
              i.next_review_on ? formatDate(i.next_review_on) : 'None',
            ]),
            align: ['left', 'left', 'left', 'left', 'left'],
            widths: [2.2, 1, 2.4, 2.4, 1.3],
          },
        ],
      },
    ],
  };
}

export async function loadMinutes(q: Queryable, partnershipId: string, occurrenceId: string) {
  return reportRepository().minutes(q, partnershipId, occurrenceId);
}
