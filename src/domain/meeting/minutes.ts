/** The minutes (record of engagement) of a meeting, generated from what was recorded in it. */
import { riskLevelNames, instrumentNames } from '../risk/levels.ts';

export type MinutesInput = {
  meetingName: string;
  /** "14 March 2026 at 10am", already formatted. */
  when: string;
  attendance: { name: string; agency: string; role: string; accepted: string }[];
  items: {
    heading: string;
    status: 'planned' | 'in-discussion' | 'discussed' | 'deferred';
    shared: { agency: string; body: string }[];
    decision?: { instrument: string | null; level: string | null; adjustment: number | null; rationale: string | null; decisions: string | null; nextReview: string | null; nextReviewReason: string | null };
    actions: { what: string; owner: string; due: string }[];
  }[];
};

// DOMAIN §5: the Monthly Exploitation Meeting records actions only; other meetings record what was shared and decided too.
export function minutesScope(meetingTypeId: string): 'actions-only' | 'full' {
  return meetingTypeId === 'monthly' ? 'actions-only' : 'full';
}

// DOMAIN §5: the Monthly Exploitation Meeting's minutes go to attendees the same day; no deadline is set for other meetings.
export function minutesDueOn(meetingTypeId: string, meetingDate: string): string | null {
  return meetingTypeId === 'monthly' ? meetingDate : null;
}

const statusWords = { planned: 'Not discussed', 'in-discussion': 'Discussed', discussed: 'Discussed', deferred: 'Deferred to a later meeting' } as const;
const levelWords: Readonly<Record<string, string>> = riskLevelNames;
const instrumentWords: Readonly<Record<string, string>> = instrumentNames;

// DOMAIN §5, §6: minutes list attendance with agencies, then per item what each agency shared, the decision, its rationale and the SMART actions.
export function minutesText(m: MinutesInput, scope: 'actions-only' | 'full'): string {
  const out: string[] = [`# ${m.meetingName}`, m.when, '', '## Attendance'];
  if (!m.attendance.length) out.push('No attendance was recorded.');
  for (const a of m.attendance) out.push(`- ${a.name}, ${a.agency} (${a.role}; confidentiality agreement ${a.accepted})`);
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
        if (d.level) out.push(`Risk: ${levelWords[d.level] ?? d.level}${d.instrument ? ` (${instrumentWords[d.instrument] ?? d.instrument}${d.adjustment ? `, adjusted by ${d.adjustment > 0 ? '+' : ''}${d.adjustment}` : ''})` : ''}`);
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
