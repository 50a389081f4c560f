import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

/** The agenda of a meeting: items, running order, publishing (DOMAIN §6). */
export function agendaRoutes(_services: Services): RouteSpec[] {
  return [];
}
