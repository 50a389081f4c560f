import { ageOn as ageOnDate } from '../domain/eligibility/age.ts';
const zone = 'Europe/London';

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: zone });
const timeParts = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: zone });

/** "14 March 2026" (DOMAIN §7: dates shown in UK local time). A bare date is shown as it is. */
const bareDateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const isoFmt = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function formatDate(v: string | Date | null | undefined): string {
  if (!v) return '';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    // A bare date needs no time zone: read as written (ten times quicker than Intl; a long table has thousands).
    const month = monthNames[Number(v.slice(5, 7)) - 1];
    const day = Number(v.slice(8, 10));
    if (month && day >= 1 && day <= 31) return `${day} ${month} ${Number(v.slice(0, 4))}`;
    return bareDateFmt.format(new Date(`${v}T00:00:00Z`));
  }
  return dateFmt.format(new Date(v));
}

/** "9:30am" */
export function formatTime(v: string | Date | null | undefined): string {
  if (!v) return '';
  return timeParts
    .format(new Date(v))
    .replace(/\s/g, '')
    .replace(/:00(?=[ap]m)/i, '')
    .toLowerCase();
}

export function formatDateTime(v: string | Date | null | undefined): string {
  if (!v) return '';
  return `${formatDate(v instanceof Date ? v : new Date(v))} at ${formatTime(v)}`;
}

/** Today's date in UK local time, as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  return isoFmt.format(now);
}

/** Whole years between a date of birth and a date (today by default): the domain's rule, today filled in. */
export const ageOn = (dob: string, on = todayIso()): number => ageOnDate(dob, on);
