// Review intervals for SQL (issue #7: reports count thousands of children in the database, not one by one).
import type { Interval } from '../cadence/review.ts';

// DOMAIN §4: the review interval as a PostgreSQL interval; date + interval clamps to the month's end as nextReviewDate does (tested against it)
export function intervalSql(i: Interval): string {
  return i.unit === 'weeks' ? `${i.value * 7} days` : `${i.value} months`;
}
