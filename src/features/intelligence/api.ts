import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

/** Intelligence records and links through /api/v1. */
export function intelligenceApi(_services: Services): RouteSpec[] {
  return [];
}
