// Practitioner compliance and timeliness figures (DOMAIN §3.2, §4, §6).
import { addCalendarMonths, compareIsoDates, type IsoDate } from '../calendar/dates.ts';
import { addWorkingDays, type HolidayCalendar } from '../calendar/working-days.ts';
import { RFM_PERIOD_MONTHS } from '../rfm/scoring.ts';

// DOMAIN §3.2, §6: a child at panel is compliant when an RFM was completed within the six months up to the meeting
export function rfmCurrentAt(rfmCompletedOn: IsoDate | null | undefined, meetingDate: IsoDate): boolean {
  if (!rfmCompletedOn) return false;
  if (compareIsoDates(rfmCompletedOn, meetingDate) > 0) return false;
  return compareIsoDates(meetingDate, addCalendarMonths(rfmCompletedOn, RFM_PERIOD_MONTHS)) <= 0;
}

// DOMAIN §4: "within 3 working days" counts working days after the start date (England & Wales bank holidays skipped)
export function withinWorkingDays(start: IsoDate, done: IsoDate | null | undefined, workingDays: number, calendar: HolidayCalendar): boolean {
  if (!done) return false;
  if (compareIsoDates(done, start) < 0) return false;
  return compareIsoDates(done, addWorkingDays(start, workingDays, calendar)) <= 0;
}

type ReviewState = 'overdue' | 'due' | 'not-due' | 'none';

// DOMAIN §4: a review is due when its date falls in the period and overdue when its date passed before the period's end (or today, if sooner)
export function reviewState(nextReviewOn: IsoDate | null, period: { from: IsoDate; to: IsoDate }, today: IsoDate): ReviewState {
  if (!nextReviewOn) return 'none';
  const asOf = compareIsoDates(today, period.to) < 0 ? today : period.to;
  if (compareIsoDates(nextReviewOn, asOf) < 0) return 'overdue';
  if (compareIsoDates(nextReviewOn, period.from) >= 0 && compareIsoDates(nextReviewOn, period.to) <= 0) return 'due';
  return 'not-due';
}

// DOMAIN §5: children with 3 or more DRMM referrals are counted in the Monthly data set
export const REPEAT_REFERRALS = 3;
export function isRepeatReferral(referrals: number): boolean {
  return referrals >= REPEAT_REFERRALS;
}
