/** Who may see what in a meeting (DOMAIN §6, §7): the confidentiality agreement gates everything about a child. */

type Attendance = { userId: string | null; acceptedAt: Date | string | null; agreementVersion: string | null };

// DOMAIN §6: every attendee signs the confidentiality agreement at the start of each meeting; without it, nothing about a child is shown (the chair included).
export function hasAccepted(attendance: readonly Attendance[], userId: string): boolean {
  return attendance.some((a) => a.userId === userId && !!a.acceptedAt && !!a.agreementVersion);
}

type MeetingState = { openedAt: Date | string | null; closedAt: Date | string | null };

// DOMAIN §6, §7: an item (its child's name, what was shared, the recording) is shown only to a user who accepted this meeting's agreement, once the meeting is open.
export function mayViewItems(meeting: MeetingState, attendance: readonly Attendance[], userId: string): boolean {
  return !!meeting.openedAt && hasAccepted(attendance, userId);
}

// DOMAIN §6: the meeting is recorded while it runs: contributions, decisions, actions and recordings only between opening and closing.
export function mayRecord(meeting: MeetingState): boolean {
  return !!meeting.openedAt && !meeting.closedAt;
}

// DOMAIN §6: a late joiner who is a member of the series (or runs meetings) may join and accept; anyone else is added by the chair first.
export function mayJoin(o: { isMember: boolean; manages: boolean; alreadyAttending: boolean }): boolean {
  return o.alreadyAttending || o.isMember || o.manages;
}

// DOMAIN §5, §6: the minutes name children, so they are read by those who accepted the agreement, or by those who run the partnership's meetings.
export function mayReadMinutes(o: { accepted: boolean; manages: boolean }): boolean {
  return o.accepted || o.manages;
}

// DOMAIN §6: an attendee who has not accepted this meeting's agreement is shown no child: the chair is told before the items and before approving, and the minutes say so.
export function presentWithoutAgreement<T extends { acceptedAt: Date | string | null; agreementVersion: string | null }>(attendance: readonly T[]): T[] {
  return attendance.filter((a) => !a.acceptedAt || !a.agreementVersion);
}
