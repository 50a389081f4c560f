import { icsText, icsStamp, icsFold } from '../../platform/exports/ical.ts';

/** One meeting as a calendar file (RFC 5545), in UTC: for a deputy named in an invitee's place. */
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
