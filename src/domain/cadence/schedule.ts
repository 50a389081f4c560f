// What falls due for a child after a risk decision (DOMAIN §3.2, §4, §5, §6): the next review, the
// RFM's renewal (Staffordshire), the CE risk assessment (Rotherham). Pure: dates in, dates out; the
// bank holidays are passed in.

import { addCalendarMonths, addDays, compareIsoDates, type IsoDate } from '../calendar/dates.ts';
import { addWorkingDays, type HolidayCalendar } from '../calendar/working-days.ts';
import { nextReviewDate, type ReviewIntervals } from './review.ts';
import type { RiskLevel } from '../risk/levels.ts';

/** DOMAIN §4: the CE risk assessment is due this many working days after the MACE where the chair completed the VAT. */
const CE_ASSESSMENT_WORKING_DAYS = 3;
/** DOMAIN §4: the CE risk assessment is updated at least once every 12 weeks. */
const CE_ASSESSMENT_MAX_WEEKS = 12;
/** DOMAIN §3.2: an RFM covers at most six months and is renewed after. */
const RFM_RENEWAL_MONTHS = 6;

/** A risk decision: an assessment (RFM, VAT, THRIVE, or an RFM review) or a meeting's decision on an agenda item. */
export type RiskDecision = {
  readonly on: IsoDate;
  readonly level: RiskLevel;
  readonly source: 'assessment' | 'meeting';
  /** A meeting may set the next review itself; it wins over the interval. */
  readonly nextReviewOn?: IsoDate | null;
};

const earlier = (a: IsoDate, b: IsoDate) => (compareIsoDates(a, b) <= 0 ? a : b);

// DOMAIN §4, §5, §6: the newest risk decision counts; on the same day a meeting's decision beats an assessment
export function latestDecision(decisions: readonly RiskDecision[]): RiskDecision | undefined {
  return [...decisions].sort((a, b) => compareIsoDates(b.on, a.on) || (a.source === b.source ? 0 : a.source === 'meeting' ? -1 : 1))[0];
}

// DOMAIN §4, §5: the next review follows the latest risk decision and the partnership's interval for its level; a date the meeting set wins
export function reviewDueOn(decision: RiskDecision | undefined, intervals: ReviewIntervals): IsoDate | null {
  if (!decision) return null;
  if (decision.nextReviewOn) return decision.nextReviewOn;
  return nextReviewDate(decision.on, decision.level, intervals);
}

// DOMAIN §6: Staffordshire reviews run through the district panel cycle: the first panel of the child's district on or after the date the interval gives (the date itself when no panel is scheduled)
export function atNextPanel(dueOn: IsoDate, panelDates: readonly IsoDate[]): IsoDate {
  // One pass, no sort (the reviews dashboard asks it for every child of a partnership): the earliest panel not before
  // dueOn. Dates are YYYY-MM-DD, which order as strings as they do on the calendar.
  let next: IsoDate | undefined;
  for (const d of panelDates) if (d >= dueOn && (next === undefined || d < next)) next = d;
  return next ?? dueOn;
}

// DOMAIN §3.2: the RFM is renewed six calendar months after it was completed (31 August → 28/29 February)
export function rfmRenewalDueOn(completedOn: IsoDate): IsoDate {
  return addCalendarMonths(completedOn, RFM_RENEWAL_MONTHS);
}

type CeAssessmentDue = { readonly dueOn: IsoDate; readonly basis: 'after-mace' | 'twelve-weeks' };

/**
 * After a MACE where the chair completed the VAT, the CE risk assessment is due 3 working days later
 * (bank holidays skipped) unless one has been recorded since; after each CE risk assessment the next is
 * due 12 weeks on at the latest. No VAT and no CE risk assessment: nothing is due.
 */
// DOMAIN §4: CE risk assessment within 3 working days of the MACE (VAT), then updated at least every 12 weeks
export function ceAssessmentDueOn(vatOn: IsoDate | null, lastCeOn: IsoDate | null, calendar: HolidayCalendar): CeAssessmentDue | null {
  if (vatOn && (!lastCeOn || compareIsoDates(lastCeOn, vatOn) < 0)) {
    const due = addWorkingDays(vatOn, CE_ASSESSMENT_WORKING_DAYS, calendar);
    return { dueOn: lastCeOn ? withinTwelveWeeks(lastCeOn, due) : due, basis: 'after-mace' };
  }
  if (lastCeOn) return { dueOn: addDays(lastCeOn, CE_ASSESSMENT_MAX_WEEKS * 7), basis: 'twelve-weeks' };
  return null;
}

// DOMAIN §4: never more than 12 weeks between CE risk assessments: a later date is brought forward to 12 weeks after the last one
export function withinTwelveWeeks(lastOn: IsoDate, dueOn: IsoDate): IsoDate {
  return earlier(dueOn, addDays(lastOn, CE_ASSESSMENT_MAX_WEEKS * 7));
}

export type DueStatus = 'overdue' | 'due-soon' | 'later';

// DOMAIN §7: due on the day itself is not yet overdue; overdue from the next day; "due soon" within the reminder window
export function dueStatus(dueOn: IsoDate, today: IsoDate, soonDays: number): DueStatus {
  if (compareIsoDates(dueOn, today) < 0) return 'overdue';
  if (compareIsoDates(dueOn, addDays(today, soonDays)) <= 0) return 'due-soon';
  return 'later';
}

type ScheduleKind = 'review' | 'rfm-renewal' | 'ce-risk-assessment';
export type ScheduleItem = { readonly kind: ScheduleKind; readonly dueOn: IsoDate; readonly basis: string };

export type ScheduleRules = {
  readonly intervals: ReviewIntervals;
  /** Staffordshire: the RFM is renewed after six months. */
  readonly rfmRenewal: boolean;
  /** Rotherham: the separate CE risk assessment after the VAT. */
  readonly ceAssessment: boolean;
  /** Staffordshire: reviews move to the district panel cycle. */
  readonly panelCycle: boolean;
};

type ScheduleInput = {
  readonly decisions: readonly RiskDecision[];
  readonly rfmCompletedOn?: IsoDate | null;
  readonly vatOn?: IsoDate | null;
  readonly lastCeOn?: IsoDate | null;
  readonly panelDates?: readonly IsoDate[];
};

// DOMAIN §3.2, §4, §5, §6: everything due for one child under the partnership's rules, earliest first
export function childSchedule(input: ScheduleInput, rules: ScheduleRules, calendar: HolidayCalendar): ScheduleItem[] {
  const items: ScheduleItem[] = [];
  const decision = latestDecision(input.decisions);
  const review = reviewDueOn(decision, rules.intervals);
  if (review && decision) {
    const set = decision.nextReviewOn ? 'the date the meeting set' : `${decision.level} risk on ${decision.on}`;
    const at = rules.panelCycle && !decision.nextReviewOn ? atNextPanel(review, input.panelDates ?? []) : review;
    items.push({ kind: 'review', dueOn: at, basis: at === review ? set : `${set}, at the next district panel` });
  }
  if (rules.rfmRenewal && input.rfmCompletedOn && decision?.level !== 'none') {
    items.push({ kind: 'rfm-renewal', dueOn: rfmRenewalDueOn(input.rfmCompletedOn), basis: `RFM completed on ${input.rfmCompletedOn}` });
  }
  if (rules.ceAssessment) {
    const ce = ceAssessmentDueOn(input.vatOn ?? null, input.lastCeOn ?? null, calendar);
    if (ce)
      items.push({
        kind: 'ce-risk-assessment',
        dueOn: ce.dueOn,
        basis: ce.basis === 'after-mace' ? `3 working days after the MACE on ${input.vatOn}` : `12 weeks after the last on ${input.lastCeOn}`,
      });
  }
  return items.sort((a, b) => compareIsoDates(a.dueOn, b.dueOn));
}
