import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

/** The meeting itself: attendance, confidentiality, items, decisions, minutes (DOMAIN §5, §6). */
export function meetingRoomRoutes(_services: Services): RouteSpec[] {
  return [];
}
