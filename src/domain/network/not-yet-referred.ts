import { addCalendarMonths } from '../calendar/dates.ts';
import { plural } from '../words/plural.ts';

/** What is known of a child for the "not yet referred" check. Dates are ISO (YYYY-MM-DD). */
export type ReferralFacts = {
  missingDates: readonly string[];
  /** Persons of concern the child is linked to (label, and why they are of concern). */
  personsOfConcern: readonly { label: string; why: string }[];
  /** Locations of concern the child is linked to (label and kind). */
  locationsOfConcern: readonly { label: string; kind: string }[];
  /** The completion date of the child's latest submitted assessment, if any. */
  lastAssessedOn?: string | null;
  /** The child has a panel referral that is not closed. */
  openReferral: boolean;
};

export type MissedReason = { kind: 'missing' | 'person' | 'location'; text: string };

/** DOMAIN §3.2 (missing prompts at the 3rd episode): repeated missing means this many episodes within the window. */
export const REPEATED_MISSING = 3;
/** DOMAIN §3.2 ("RFMs should only detail 6 months worth of information"): the window, and how long an assessment is current. */
export const WINDOW_MONTHS = 6;

/** DOMAIN §6 (people of concern): the person's role, or the relation of the link, that makes a person "of concern". */
export const concernRoles: readonly string[] = ['suspected-exploiter'];
/** DOMAIN §6 (locations of concern: hotspots, meeting places): the location kinds of concern; safe spaces are not. */
export const concernLocationKinds: readonly string[] = ['hotspot', 'address-of-concern'];

/** DOMAIN §3.2: an assessment completed within the last six months is current. */
export function isCurrentAssessment(completedOn: string | null | undefined, today: string): boolean {
  return !!completedOn && completedOn > addCalendarMonths(today, -WINDOW_MONTHS);
}

/** DOMAIN §3.2: missing episodes that started within the last six months (today included). */
export function recentMissing(dates: readonly string[], today: string): string[] {
  const from = addCalendarMonths(today, -WINDOW_MONTHS);
  return dates.filter((d) => d > from && d <= today).sort();
}

/**
 * DOMAIN §1, §6 ("Not yet referred"): a child with 3 or more missing episodes in the last six months, or linked
 * to a person or a location of concern, who has no current assessment (submitted, within six months) and no open
 * panel referral, might be missed. Returns the reasons in words; none means the child is not flagged.
 */
export function notYetReferredReasons(f: ReferralFacts, today: string, formatDate: (iso: string) => string = (d) => d): MissedReason[] {
  if (f.openReferral || isCurrentAssessment(f.lastAssessedOn, today)) return [];
  const reasons: MissedReason[] = [];
  const recent = recentMissing(f.missingDates, today);
  if (recent.length >= REPEATED_MISSING) {
    reasons.push({
      kind: 'missing',
      text: `${plural(recent.length, 'missing episode')} in the last ${WINDOW_MONTHS} months (the latest on ${formatDate(recent.at(-1)!)})`,
    });
  }
  for (const p of f.personsOfConcern) reasons.push({ kind: 'person', text: `Linked to a person of concern: ${p.label} (${p.why})` });
  for (const l of f.locationsOfConcern) reasons.push({ kind: 'location', text: `Linked to a location of concern: ${l.label} (${l.kind})` });
  return reasons;
}
