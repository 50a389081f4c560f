// DOMAIN §3.4 (source 001, "Child Sexual Exploitation Service Offer"): the CE team's bespoke programme of direct work —
// 8 weeks, at least one visit a week ("1-2 visits per week minimum"), extendable once by 4 weeks for rapport building or
// for children with additional needs — its topics, and how a programme ends. Pure functions: no dates but ISO strings.
import { addDays } from '../calendar/dates.ts';

/** DOMAIN §3.4: the programme's length, its one extension and the fewest visits in a week. */
export const PROGRAMME_WEEKS = 8;
export const EXTENSION_WEEKS = 4;
export const MIN_VISITS_PER_WEEK = 1;

/** DOMAIN §3.4: the topics of the direct work, in the source's order. */
export const CSE_TOPICS = [
  { id: 'health-wellbeing', name: 'Health and wellbeing' },
  { id: 'grooming', name: 'Grooming' },
  { id: 'sexual-health', name: 'Sexual health' },
  { id: 'keeping-safe', name: 'Keeping safe' },
  { id: 'social-networks', name: 'Social networks and relationships' },
  { id: 'community-boundaries', name: 'Community boundaries and actions' },
  { id: 'consent-law', name: 'Consent and the law' },
  { id: 'safety-planning', name: 'Safety planning' },
  { id: 'risk-decisions', name: 'Risk and decision making' },
] as const;
export type CseTopic = (typeof CSE_TOPICS)[number]['id'];
export const isCseTopic = (t: unknown): t is CseTopic => CSE_TOPICS.some((x) => x.id === t);

/** DOMAIN §3.4: why a programme is extended (the source's two reasons). */
export const EXTENSION_REASONS = [
  { id: 'rapport', name: 'To build rapport with the child' },
  { id: 'additional-needs', name: 'The child has additional needs' },
] as const;
export type ExtensionReason = (typeof EXTENSION_REASONS)[number]['id'];

/** How a programme ends (the source names none: the CE team's usual closing reasons, with notes). */
export const PROGRAMME_OUTCOMES = [
  { id: 'completed', name: 'Completed: the planned work was done' },
  { id: 'disengaged', name: 'Ended early: the child did not engage' },
  { id: 'moved', name: 'Ended early: the child moved away' },
  { id: 'escalated', name: 'Ended early: the risk rose and another service leads' },
  { id: 'other', name: 'Ended for another reason' },
] as const;
export type ProgrammeOutcome = (typeof PROGRAMME_OUTCOMES)[number]['id'];

export type Programme = { startedOn: string; extended: boolean; endedOn: string | null };

// DOMAIN §3.4: an 8-week programme ends 8 weeks after it starts (the day before the ninth week), 12 weeks when extended.
export function plannedEnd(p: Pick<Programme, 'startedOn' | 'extended'>): string {
  return addDays(p.startedOn, (PROGRAMME_WEEKS + (p.extended ? EXTENSION_WEEKS : 0)) * 7 - 1);
}

// DOMAIN §3.4: a programme is extended once, by 4 weeks, while it runs.
export function mayExtend(p: Programme): boolean {
  return !p.extended && p.endedOn === null;
}

/** A week of the programme: its number (1…), first and last day, and the visits held in it. */
export type ProgrammeWeek = { week: number; from: string; to: string; visits: number; short: boolean };

// DOMAIN §3.4 ("1-2 visits per week minimum"): each whole week of the programme so far, and whether it had too few visits.
export function weeksSoFar(p: Programme, sessionDates: readonly string[], today: string): ProgrammeWeek[] {
  const last = [p.endedOn ?? today, plannedEnd(p)].sort()[0]!;
  const out: ProgrammeWeek[] = [];
  for (let w = 0; ; w++) {
    const from = addDays(p.startedOn, w * 7);
    const to = addDays(from, 6);
    if (from > last) break;
    // A week counts once it is over (or the programme ended in it): the current week may still have its visit.
    if (to > last && !(p.endedOn && p.endedOn <= to)) break;
    const visits = sessionDates.filter((d) => d >= from && d <= to).length;
    out.push({ week: w + 1, from, to, visits, short: visits < MIN_VISITS_PER_WEEK });
  }
  return out;
}

// DOMAIN §3.4: a session is held while the programme runs: on or after its start, not after its end, not in the future.
export function sessionDateError(p: Programme, heldOn: string, today: string): string | undefined {
  if (heldOn > today) return 'The date of the session must be today or in the past';
  if (heldOn < p.startedOn) return 'The date of the session must be on or after the day the programme started';
  if (p.endedOn && heldOn > p.endedOn) return 'The date of the session must be on or before the day the programme ended';
  return undefined;
}
