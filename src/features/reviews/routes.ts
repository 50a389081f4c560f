import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

/** What is due and overdue: reviews, assessments, deadlines (DOMAIN §5, §6, §7). */
export function reviewRoutes(_services: Services): RouteSpec[] {
  return [];
}
