/** The minutes (record of engagement) of a meeting, generated from what was recorded in it. */
import { riskLevelNames, instrumentNames } from '../risk/levels.ts';

export type MinutesInput = {
  meetingName: string;
  /** "14 March 2026 at 10am", already formatted. */
  when: string;
  /** accepted: how and which version of the confidentiality agreement ("accepted verbally, version 2026-1"), or null: never accepted. */
  attendance: { name: string; agency: string; role: string; accepted: string | null }[];
  items: {
    heading: string;
    status: 'planned' | 'in-discussion' | 'discussed' | 'deferred';
    shared: { agency: string; body: string }[];
    decision?: {
      instrument: string | null;
      level: string | null;
      adjustment: number | null;
      rationale: string | null;
      decisions: string | null;
      nextReview: string | null;
      nextReviewReason: string | null;
    };
    actions: { what: string; owner: string; due: string }[];
  }[];
};

/** What a meeting type's minutes record, and when they are due: partnership configuration (meetingTypes[].minutes). */
export const minutesRecords = ['full', 'actions-only'] as const;
export const minutesDeadlines = ['none', 'same-day'] as const;
type MinutesSetting = { record: (typeof minutesRecords)[number]; due: (typeof minutesDeadlines)[number] };
/** A meeting type's configuration, or undefined for a meeting of no configured type. */
type WithMinutes = { minutes?: MinutesSetting } | undefined;

// DOMAIN §5: a meeting type's minutes record actions only when configured so (LLR's Monthly Exploitation Meeting); otherwise what was shared and decided too.
export function minutesScope(meetingType: WithMinutes): 'actions-only' | 'full' {
  return meetingType?.minutes?.record ?? 'full';
}

// DOMAIN §5: minutes configured as due the same day (LLR's Monthly) go to attendees on the meeting's day; no deadline is set otherwise.
export function minutesDueOn(meetingType: WithMinutes, meetingDate: string): string | null {
  return meetingType?.minutes?.due === 'same-day' ? meetingDate : null;
}

const statusWords = { planned: 'Not discussed', 'in-discussion': 'Discussed', discussed: 'Discussed', deferred: 'Deferred to a later meeting' } as const;
const levelWords: Readonly<Record<string, string>> = riskLevelNames;
const instrumentWords: Readonly<Record<string, string>> = instrumentNames;

const listOf = (xs: string[]) => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

// DOMAIN §5, §6: minutes list attendance with agencies, then per item what each agency shared, the decision, its rationale and the SMART actions.
export function minutesText(m: MinutesInput, scope: 'actions-only' | 'full'): string {
  const out: string[] = [`# ${m.meetingName}`, m.when, '', '## Attendance'];
  if (!m.attendance.length) out.push('No attendance was recorded.');
  for (const a of m.attendance)
    out.push(
      `- ${a.name}, ${a.agency} (${a.role}; ${a.accepted ? `confidentiality agreement ${a.accepted}` : 'did not accept the confidentiality agreement'})`,
    );
  const without = m.attendance.filter((a) => !a.accepted);
  if (without.length)
    out.push(
      '',
      '### Present without accepting the confidentiality agreement',
      `${listOf(without.map((a) => `${a.name} (${a.agency})`))} ${without.length === 1 ? 'was' : 'were'} present without accepting the confidentiality agreement, and so ${without.length === 1 ? 'was' : 'were'} shown no child’s details.`,
    );
  if (scope === 'actions-only') out.push('', 'This meeting records actions only.');
  m.items.forEach((item, i) => {
    out.push('', `## ${i + 1}. ${item.heading}`);
    if (scope === 'full') {
      out.push(`Status: ${statusWords[item.status]}`);
      if (item.shared.length) {
        out.push('', '### Information shared');
        for (const s of item.shared) out.push(`- ${s.agency}: ${s.body.replace(/\s*\n\s*/g, ' ')}`);
      }
      const d = item.decision;
      if (d && (d.level || d.decisions || d.rationale)) {
        out.push('', '### Decision');
        if (d.level)
          out.push(
            `Risk: ${levelWords[d.level] ?? d.level}${d.instrument ? ` (${instrumentWords[d.instrument] ?? d.instrument}${d.adjustment ? `, adjusted by ${d.adjustment > 0 ? '+' : ''}${d.adjustment}` : ''})` : ''}`,
          );
        if (d.decisions) out.push(`Decisions: ${d.decisions}`);
        if (d.rationale) out.push(`Rationale: ${d.rationale}`);
        if (d.nextReview) out.push(`Next review: ${d.nextReview}${d.nextReviewReason ? ` (changed from the rule: ${d.nextReviewReason})` : ''}`);
      }
    }
    out.push('', '### Actions');
    if (!item.actions.length) out.push('No actions.');
    for (const a of item.actions) out.push(`- ${a.what} Owner: ${a.owner}. Due: ${a.due}.`);
  });
  return out.join('\n') + '\n';
}
