import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

/** Reports, dashboards and exports (DOMAIN §5, §6). */
export function reportRoutes(_services: Services): RouteSpec[] {
  return [];
}
