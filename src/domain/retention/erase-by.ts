// DOMAIN §7 (issue 16 item 12; DPA 2018 s.39 / UK GDPR Art. 5(1)(e), storage limitation): how long a child's record is kept.
import { anniversary } from '../eligibility/age.ts';

/**
 * A partnership's retention rule: kept until the child's birthday at `untilAge` and/or for `yearsAfterLastActivity`
 * after the last thing recorded about them. When both are set the record is kept until both have passed (the later).
 */
export type RetentionRule = { untilAge?: number; yearsAfterLastActivity?: number };

const iso = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The date on which a child's record is to be erased (ISO), or undefined when the rule cannot give one (the rule is by
 * age and the date of birth is not recorded: such a record is never erased by the job). A birthday or anniversary
 * from 29 February falls on 1 March in a year without one (as `anniversary` counts it).
 */
export function eraseByDate(child: { dateOfBirth: string | null | undefined; lastActivity: string }, rule: RetentionRule): string | undefined {
  const dates: string[] = [];
  if (rule.untilAge !== undefined) {
    if (!child.dateOfBirth || !iso.test(child.dateOfBirth)) return undefined;
    dates.push(anniversary(child.dateOfBirth, rule.untilAge));
  }
  if (rule.yearsAfterLastActivity !== undefined) {
    if (!iso.test(child.lastActivity)) return undefined;
    dates.push(anniversary(child.lastActivity, rule.yearsAfterLastActivity));
  }
  if (!dates.length) return undefined;
  return dates.sort().at(-1);
}

/** Due for erasure on `today` (ISO): on the erase-by date itself and after; never the day before. */
export function isDueForErasure(eraseBy: string | undefined, today: string): boolean {
  return eraseBy !== undefined && today >= eraseBy;
}

/** Falls due in the coming period: from today (inclusive) to `until` (inclusive), or is already due. */
export function fallsDueBy(eraseBy: string | undefined, until: string): boolean {
  return eraseBy !== undefined && eraseBy <= until;
}
