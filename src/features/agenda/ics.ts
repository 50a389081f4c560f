/** One meeting as a calendar file (RFC 5545), in UTC: for a deputy named in an invitee's place. */
const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** Folds lines longer than 75 octets (RFC 5545 §3.1). */
function fold(line: string): string {
  const out: string[] = [];
  let rest = line;
  while (rest.length > 74) {
    out.push(rest.slice(0, 74));
    rest = ` ${rest.slice(74)}`;
  }
  out.push(rest);
  return out.join('\r\n');
}

export function occurrenceIcs(o: { id: string; name: string; startsAt: Date; endsAt: Date; location: string | null; description: string; now?: Date }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//MACE//Meetings//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${o.id}@mace.example.org`,
    `DTSTAMP:${stamp(o.now ?? new Date())}`,
    `DTSTART:${stamp(o.startsAt)}`,
    `DTEND:${stamp(o.endsAt)}`,
    `SUMMARY:${text(o.name)}`,
    ...(o.location ? [`LOCATION:${text(o.location)}`] : []),
    `DESCRIPTION:${text(o.description)}`,
    'CLASS:CONFIDENTIAL',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
