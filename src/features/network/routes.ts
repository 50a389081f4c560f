import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

/** The network graph, the locations map, the panel pack and children who may be missed (DOMAIN §6). */
export function networkRoutes(_services: Services): RouteSpec[] {
  return [];
}
