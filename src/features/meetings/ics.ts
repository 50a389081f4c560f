import { icsText, icsStamp, icsFold } from '../../platform/exports/ical.ts';
import type { SeriesRow } from './repository.ts';

/** Europe/London for calendar clients (RFC 5545 VTIMEZONE): GMT, and BST from the last Sunday of March to the last Sunday of October. */
const LONDON = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19810329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19961027T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const local = (date: string, time: string) => `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;

/**
 * A calendar invitation for a whole series, in local time with its time zone; the first event is the
 * first date the rule gives; bank holidays it leaves out or moves off are listed as exceptions, the moved dates added.
 */
export function seriesIcs(
  s: SeriesRow,
  o: { firstDate: string; exceptions: string[]; description: string; now?: Date; rdates?: string[]; moved?: string[] },
): string {
  const tz = 'TZID=Europe/London';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//MACE//Meetings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...LONDON,
    'BEGIN:VEVENT',
    `UID:${s.id}@mace.example.org`,
    `DTSTAMP:${icsStamp(o.now ?? new Date())}`,
    `DTSTART;${tz}:${local(o.firstDate, s.start_time)}`,
    `DURATION:PT${s.duration_minutes}M`,
    // A series offset from another's rule (a week before each panel) is sent as its dates.
    ...(o.rdates
      ? o.rdates.length > 1
        ? [
            `RDATE;${tz}:${o.rdates
              .slice(1)
              .map((d) => local(d, s.start_time))
              .join(',')}`,
          ]
        : []
      : [`RRULE:${s.rrule}`]),
    ...(o.rdates ? [] : o.exceptions.map((d) => `EXDATE;${tz}:${local(d, s.start_time)}`)),
    // A meeting moved off a bank holiday to the next working day (issue 15, item 19): its holiday is an exception, its new date added.
    ...(o.rdates || !o.moved?.length ? [] : [`RDATE;${tz}:${o.moved.map((d) => local(d, s.start_time)).join(',')}`]),
    `SUMMARY:${icsText(s.name)}`,
    ...(s.location ? [`LOCATION:${icsText(s.location)}`] : []),
    `DESCRIPTION:${icsText(o.description)}`,
    'CLASS:CONFIDENTIAL',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(icsFold).join('\r\n') + '\r\n';
}

/** One meeting as a calendar file (RFC 5545), in UTC: for a deputy named in an invitee's place, or a chair named for one meeting. */
export function occurrenceIcs(o: { id: string; name: string; startsAt: Date; endsAt: Date; location: string | null; description: string; now?: Date }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//MACE//Meetings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${o.id}@mace.example.org`,
    `DTSTAMP:${icsStamp(o.now ?? new Date())}`,
    `DTSTART:${icsStamp(o.startsAt)}`,
    `DTEND:${icsStamp(o.endsAt)}`,
    `SUMMARY:${icsText(o.name)}`,
    ...(o.location ? [`LOCATION:${icsText(o.location)}`] : []),
    `DESCRIPTION:${icsText(o.description)}`,
    'CLASS:CONFIDENTIAL',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(icsFold).join('\r\n') + '\r\n';
}
