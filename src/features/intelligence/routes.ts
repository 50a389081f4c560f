import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

/** Persons, locations, vehicles, phones, accounts, organisations and their links (DOMAIN §3.2, §6). */
export function intelligenceRoutes(_services: Services): RouteSpec[] {
  return [];
}
