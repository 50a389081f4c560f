import type { Services } from '../../app.ts';
import type { RouteSpec } from '../../platform/http.ts';

export function meetingApi(_services: Services): RouteSpec[] {
  return [];
}
