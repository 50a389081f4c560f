import { addDays, dayOfWeek, type IsoDate } from './dates.ts';
import { isWorkingDay, previousWorkingDay, type HolidayCalendar } from './working-days.ts';

/** A local deadline: a date and a wall-clock time in Europe/London. */
type LocalDeadline = { readonly date: IsoDate; readonly time: string };

/** How a meeting type's deadline is set (partnership configuration, DOMAIN §5). */
type DeadlineRule = 'previous-working-day' | 'monday-before';

// DOMAIN §5: the DRMM case list goes to partners by 4pm the previous working day (a Monday's list by 4pm on the Friday before)
export function drmmCaseListDeadline(meetingDate: IsoDate, calendar: HolidayCalendar): LocalDeadline {
  return { date: previousWorkingDay(meetingDate, calendar), time: '16:00' };
}

// DOMAIN §5: the FORM's CE and Missing document, and the Monthly Exploitation Meeting's persons and locations, go out on the Monday before
export function mondayBefore(meetingDate: IsoDate): IsoDate {
  const back = (dayOfWeek(meetingDate) + 6) % 7 || 7; // days since the previous Monday; a Monday meeting looks a week back
  return addDays(meetingDate, -back);
}

// DOMAIN §5: the FORM's and the Monthly's "Monday prior"; a Monday that is a bank holiday gives the previous working day
export function mondayBeforeWorking(meetingDate: IsoDate, calendar: HolidayCalendar): IsoDate {
  const monday = mondayBefore(meetingDate);
  return isWorkingDay(monday, calendar) ? monday : previousWorkingDay(monday, calendar);
}

// DOMAIN §5: a meeting type's deadline by its configured rule and time (never on a bank holiday)
export function meetingDeadline(rule: DeadlineRule, time: string, meetingDate: IsoDate, calendar: HolidayCalendar): LocalDeadline {
  return rule === 'previous-working-day'
    ? { date: previousWorkingDay(meetingDate, calendar), time }
    : { date: mondayBeforeWorking(meetingDate, calendar), time };
}

// DOMAIN §5: remind when the deadline is near (within the configured hours) or passed before the meeting, and only while nothing has gone
export function deadlineReminderDue(o: { deadlineAt: Date; meetingStartsAt: Date; now: Date; hoursBefore: number; gone: boolean }): boolean {
  if (o.gone) return false;
  const from = o.deadlineAt.getTime() - o.hoursBefore * 3_600_000;
  return o.now.getTime() >= from && o.now.getTime() < o.meetingStartsAt.getTime();
}
