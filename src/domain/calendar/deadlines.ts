import { addDays, dayOfWeek, type IsoDate } from './dates.ts';
import { previousWorkingDay } from './working-days.ts';

/** A local deadline: a date and a wall-clock time in Europe/London. */
export type LocalDeadline = { readonly date: IsoDate; readonly time: string };

// DOMAIN §5: the DRMM case list goes to partners by 4pm the previous working day (a Monday's list by 4pm on the Friday before)
export function drmmCaseListDeadline(meetingDate: IsoDate): LocalDeadline {
  return { date: previousWorkingDay(meetingDate), time: '16:00' };
}

// DOMAIN §5: the FORM's CE and Missing document, and the Monthly Exploitation Meeting's persons and locations, go out on the Monday before
export function mondayBefore(meetingDate: IsoDate): IsoDate {
  const back = (dayOfWeek(meetingDate) + 6) % 7 || 7; // days since the previous Monday; a Monday meeting looks a week back
  return addDays(meetingDate, -back);
}
