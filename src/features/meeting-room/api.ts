import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

/** Decisions and minutes through /api/v1. */
export function meetingRoomApi(_services: Services): RouteSpec[] {
  return [];
}
