import { addCalendarMonths } from '../calendar/dates.ts';

/** The kinds of node a network shows: children and the kinds of intelligence record (DOMAIN §6 mapping). */
export const recordKinds = ['person', 'location', 'vehicle', 'phone', 'online-account', 'organisation'] as const;
export type RecordKind = (typeof recordKinds)[number];
export const kindNames: Record<'child' | RecordKind, string> = {
  child: 'Child',
  person: 'Person',
  location: 'Location',
  vehicle: 'Vehicle',
  phone: 'Phone',
  'online-account': 'Online account',
  organisation: 'Organisation',
};

/** The periods a network or the locations map can be narrowed to (by the dates of links and records). */
export const periods = [
  { value: 'all', text: 'Any time', months: undefined },
  { value: '3m', text: 'Last 3 months', months: 3 },
  { value: '6m', text: 'Last 6 months', months: 6 },
  { value: '12m', text: 'Last 12 months', months: 12 },
] as const;
export type Period = (typeof periods)[number]['value'];

export const MAX_DEPTH = 3;
/** DOMAIN §6: a network opens at depth 2 (links of links). */
export const DEFAULT_DEPTH = 2;
/** More nodes than this cannot be read on one screen (nor laid out quickly): the rest is left off, and the page says so. */
export const NODE_CAP = 1000;

/** DOMAIN §6: a period chosen by name; the first day it covers (undefined: any time). */
export function periodStart(period: Period, today: string): string | undefined {
  const p = periods.find((x) => x.value === period);
  return p?.months ? addCalendarMonths(today, -p.months) : undefined;
}

/**
 * DOMAIN §6: a link belongs to a period when the time it was seen overlaps it: from its first sighting (or, undated,
 * the day it was recorded) to its last sighting (or, with none, open-ended).
 */
export function linkInPeriod(link: { firstSeenOn: string | null; lastSeenOn: string | null; recordedOn: string }, from: string | undefined): boolean {
  if (!from) return true;
  const end = link.lastSeenOn ?? (link.firstSeenOn ? undefined : link.recordedOn);
  return end === undefined || end >= from;
}

/** Reads the filters of a network page from its query string (not personal data): anything unknown is ignored. */
export function readNetworkFilters(query: Record<string, unknown>): { depth: number; kinds: RecordKind[]; period: Period } {
  const one = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
  const d = Number.parseInt(one(query.depth), 10);
  const depth = Number.isInteger(d) ? Math.min(MAX_DEPTH, Math.max(1, d)) : DEFAULT_DEPTH;
  const asked = ([] as unknown[]).concat(query.kind ?? []).filter((k): k is string => typeof k === 'string');
  const kinds = recordKinds.filter((k) => asked.includes(k));
  const p = one(query.period);
  const period = (periods.find((x) => x.value === p)?.value ?? 'all') as Period;
  return { depth, kinds: kinds.length ? kinds : [...recordKinds], period };
}
