import type { IsoDate } from '../calendar/dates.ts';

/**
 * A meeting is held on its day (issue 15, item 2). Before that day it cannot be opened and nothing can be recorded in it,
 * so a decision is never dated before the meeting. A meeting held earlier is first moved to that day (the coordinator's
 * stated reason kept with the move and audited); a meeting entered after its day (the record written up later) may be.
 */
export type HeldCheck = { ok: true } | { ok: false; reason: 'before-meeting-day'; meetingDate: IsoDate };

// DOMAIN §6: a meeting is opened, and its decisions recorded, on the meeting's day or after it (UK local dates), never before.
export function meetingDayHasCome(meetingDate: IsoDate, today: IsoDate): HeldCheck {
  return today >= meetingDate ? { ok: true } : { ok: false, reason: 'before-meeting-day', meetingDate };
}

type OpenChoice = { ok: true; early: false } | { ok: true; early: true; reason: string } | { ok: false; field: 'reason'; message: string };

const REASON_MAX = 1000;

// DOMAIN §6: before its day a meeting is opened only with the coordinator's stated reason (it is then held, and recorded, that day).
export function mayOpen(meetingDate: IsoDate, today: IsoDate, reason: string): OpenChoice {
  if (meetingDayHasCome(meetingDate, today).ok) return { ok: true, early: false };
  const why = reason.trim();
  if (!why) return { ok: false, field: 'reason', message: 'Enter why the meeting is being held before its date' };
  if (why.length > REASON_MAX) return { ok: false, field: 'reason', message: `Reason must be ${REASON_MAX.toLocaleString('en-GB')} characters or fewer` };
  return { ok: true, early: true, reason: why };
}
