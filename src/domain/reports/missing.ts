// Issue 15 item 16: the aggregated missing-from-home-or-care figures a Staffordshire panel receives for its area (003, DOMAIN §6).
import { addCalendarMonths, addDays, compareIsoDates, type IsoDate } from '../calendar/dates.ts';
import { MISSING_INTERVENTION_EPISODES } from '../rfm/scoring.ts';
import { monthsOf, type Period } from './period.ts';

/** A missing episode as the figures need it: no name, the child's id only to count children once. */
export type MissingEpisode = {
  readonly childId: string;
  /** The child's district (the area whose panel receives the figures); null when not recorded. */
  readonly districtId: string | null;
  readonly wentMissingOn: IsoDate;
  readonly returnedOn: IsoDate | null;
  readonly exploitationConcern: boolean;
  /** Which of the child's recorded episodes this is (1 for the first), counted as the Missing Intervention Meeting prompt counts. */
  readonly number: number;
};

type Counts = { episodes: number; children: number };
export type MissingFigures = Counts & {
  /** Children who went missing more than once in the period. */
  readonly repeatChildren: number;
  /** Children with 3 or more episodes in the period (the FORM's repeat threshold, and the first Missing Intervention Meeting). */
  readonly threeOrMoreChildren: number;
  /** Episodes of the period recorded with an exploitation concern (the link the panel is to make, 003). */
  readonly withConcern: number;
  /** Children who went missing in the period and had not returned by its end. */
  readonly notReturnedChildren: number;
  /** Episodes of the period that were a child's 3rd, 5th or 9th: a Missing Intervention Meeting due for each (DOMAIN §3.2). */
  readonly interventionMeetings: readonly { readonly at: number; readonly episodes: number }[];
  /** Each month the period touches (YYYY-MM), oldest first. */
  readonly byMonth: readonly (Counts & { readonly month: string })[];
  /** Each district of the episodes counted (null: none recorded), for a county-wide report. */
  readonly byDistrict: ReadonlyMap<string | null, Counts & { threeOrMoreChildren: number }>;
};

const within = (d: IsoDate, p: Period) => compareIsoDates(d, p.from) >= 0 && compareIsoDates(d, p.to) <= 0;

function counts(es: readonly MissingEpisode[]): Counts {
  return { episodes: es.length, children: new Set(es.map((e) => e.childId)).size };
}

function perChild(es: readonly MissingEpisode[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of es) m.set(e.childId, (m.get(e.childId) ?? 0) + 1);
  return m;
}

// DOMAIN §6 (003): panels receive aggregated information about children going missing in their area: episodes that started in the period (both ends included) of children of the district (all districts when null), counted without names
export function missingFigures(
  all: readonly MissingEpisode[],
  period: Period,
  districtId: string | null,
  thresholds: readonly number[] = MISSING_INTERVENTION_EPISODES,
): MissingFigures {
  const es = all.filter((e) => within(e.wentMissingOn, period) && (districtId === null || e.districtId === districtId));
  const byChild = perChild(es);
  const stillOut = new Set(es.filter((e) => e.returnedOn === null || compareIsoDates(e.returnedOn, period.to) > 0).map((e) => e.childId));
  const byDistrict = new Map<string | null, Counts & { threeOrMoreChildren: number }>();
  for (const d of new Set(es.map((e) => e.districtId))) {
    const de = es.filter((e) => e.districtId === d);
    byDistrict.set(d, { ...counts(de), threeOrMoreChildren: [...perChild(de).values()].filter((n) => n >= 3).length });
  }
  return {
    ...counts(es),
    repeatChildren: [...byChild.values()].filter((n) => n >= 2).length,
    threeOrMoreChildren: [...byChild.values()].filter((n) => n >= 3).length,
    withConcern: es.filter((e) => e.exploitationConcern).length,
    notReturnedChildren: stillOut.size,
    interventionMeetings: thresholds.map((at) => ({ at, episodes: es.filter((e) => e.number === at).length })),
    byMonth: monthsOf(period).map((month) => ({ month, ...counts(es.filter((e) => e.wentMissingOn.startsWith(month))) })),
    byDistrict,
  };
}

// Issue 15 item 16 (DOMAIN §6): the period a district panel's figures cover: from the series' previous meeting (its day included) to the day before this one, so that consecutive meetings share no day and miss none; two months before the meeting when there was no previous one
export function panelMissingPeriod(meetingDate: IsoDate, previousMeetingDate?: IsoDate | null): Period {
  const to = addDays(meetingDate, -1);
  const from = previousMeetingDate && compareIsoDates(previousMeetingDate, meetingDate) < 0 ? previousMeetingDate : addCalendarMonths(meetingDate, -2);
  return { from: compareIsoDates(from, to) > 0 ? to : from, to };
}
