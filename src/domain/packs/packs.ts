// The document pack sent to a meeting's members before its deadline (issue #7, DOMAIN §5).
import type { IsoDate } from '../calendar/dates.ts';
import { formPeriod, lastCalendarMonth, type Period } from '../reports/period.ts';

/** The DRMM case list (the agenda), the FORM "CE and Missing document", the Monthly pack (relevant persons and locations). */
export const packKinds = ['case-list', 'form', 'monthly'] as const;
export type PackKind = (typeof packKinds)[number];

// DOMAIN §5: a meeting sends the pack its type's deadline names (LLR: the DRMM its case list, the FORM the CE and Missing document, the Monthly its data set); no deadline, no pack
export function packKindOf(meetingType: { deadline?: { pack?: PackKind } }): PackKind | undefined {
  return meetingType.deadline?.pack;
}

// DOMAIN §5: the FORM document covers the 14 days up to the Monday before the FORM; the Monthly data set the calendar month before the meeting; the case list is the agenda (no period)
export function packPeriod(kind: PackKind, meetingDate: IsoDate): Period | undefined {
  if (kind === 'form') return formPeriod(meetingDate);
  if (kind === 'monthly') return lastCalendarMonth(meetingDate);
  return undefined;
}

export const packTitles: Record<PackKind, string> = {
  'case-list': 'The case list (the agenda)',
  form: 'The CE and Missing document (FORM)',
  monthly: 'The Monthly data set (relevant persons and locations)',
};
