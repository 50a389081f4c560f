import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

export function panelRoutes(_services: Services): RouteSpec[] {
  return [];
}
