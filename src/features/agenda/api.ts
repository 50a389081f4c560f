import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

/** Agendas and items through /api/v1. */
export function agendaApi(_services: Services): RouteSpec[] {
  return [];
}
