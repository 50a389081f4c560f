import type { Db } from '../../db/client.ts';
import type { MailContext } from '../../platform/mail.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import type { actionService } from '../actions/service.ts';
import { roomContext } from './service-context.ts';
import { roomPart } from './service-room.ts';
import { itemPart } from './service-item.ts';
import { minutesPart } from './service-minutes.ts';

export { itemHeading, type Gate, type Fail, type Invalid, type DecisionInput, type AttendeeInput } from './service-context.ts';

/**
 * The meeting itself (DOMAIN §4–§6): opening, attendance and each attendee's acceptance of the
 * confidentiality agreement, what each agency shared per item, the risk decision, SMART actions, LLR
 * recordings, closing (open actions carried forward) and the minutes. Nothing about a child is read
 * for a user who has not accepted this meeting's agreement; every view of a child is audited per child.
 * `actions` is the app's action service; `calendar` the bank holidays (the identity bar's next dates).
 */
export function meetingRoomService(db: Db, links: MailContext, calendar: HolidayCalendar, actions: ReturnType<typeof actionService>) {
  const ctx = roomContext(db);
  return { ...roomPart(ctx), ...itemPart(ctx, actions, calendar), ...minutesPart(ctx, links) };
}
