import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { meetingRoomRoomRoutes } from './routes-room.ts';
import { meetingRoomItemRoutes } from './routes-item.ts';
import { meetingRoomMinutesRoutes } from './routes-minutes.ts';

/**
 * The meeting room's pages: the meeting and its attendance (routes-room.ts), each item (routes-item.ts), closing
 * and the minutes (routes-minutes.ts); what each page shows is built in view-model.ts.
 */
export function meetingRoomRoutes(deps: AppDeps): RouteSpec[] {
  return [...meetingRoomRoomRoutes(deps), ...meetingRoomItemRoutes(deps), ...meetingRoomMinutesRoutes(deps)];
}
