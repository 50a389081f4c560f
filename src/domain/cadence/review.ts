import { addCalendarMonths, addDays, type IsoDate } from '../calendar/dates.ts';
import type { RiskLevel } from '../risk/levels.ts';

export type Interval = { readonly value: number; readonly unit: 'weeks' | 'months' };
export type ReviewIntervals = { readonly high: Interval; readonly medium: Interval; readonly low: Interval };

// DOMAIN §4: the next review follows the risk level (Rotherham 1 month high, 3 medium, 6 low; intervals are partnership configuration); no risk, no review
export function nextReviewDate(lastAssessedOn: IsoDate, level: RiskLevel, intervals: ReviewIntervals): IsoDate | null {
  if (level === 'none') return null;
  const i = intervals[level];
  return i.unit === 'weeks' ? addDays(lastAssessedOn, i.value * 7) : addCalendarMonths(lastAssessedOn, i.value);
}
