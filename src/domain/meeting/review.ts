import { nextReviewDate, type ReviewIntervals } from '../cadence/review.ts';
import type { IsoDate } from '../calendar/dates.ts';
import { RISK_LEVELS_HIGHEST_FIRST, type RiskLevel, type Instrument } from '../risk/levels.ts';

// DOMAIN §1: a meeting grades risk with the instrument its type is configured with; a meeting of no configured type, or a type that names none, with the partnership's first
export function meetingInstrument(
  p: { assessmentTools: readonly Instrument[]; meetingTypes: readonly { id: string; instrument?: Instrument }[] },
  meetingTypeId: string,
): Instrument {
  return p.meetingTypes.find((t) => t.id === meetingTypeId)?.instrument ?? p.assessmentTools[0]!;
}

/**
 * DOMAIN §4, §5, §6: the next review follows the risk decision and the partnership. Rotherham (VAT) and LLR
 * (THRIVE) count the configured interval for the level from the meeting's date (Rotherham 1/3/6 months,
 * LLR per grade). Staffordshire (RFM) reviews medium and high children through the district panel cycle:
 * the first meeting of the same panel on or after the interval (so the RFM review is ready for it); a low
 * level is removal from MACE (source 003) and the RFM is reviewed at the interval, outside the panel.
 */
export function nextReviewOn(o: {
  instrument: Instrument | null;
  level: RiskLevel;
  meetingDate: IsoDate;
  intervals: ReviewIntervals;
  laterMeetings?: readonly IsoDate[];
}): { date: IsoDate | null; basis: 'interval' | 'panel' | 'none' } {
  const date = nextReviewDate(o.meetingDate, o.level, o.intervals);
  if (!date) return { date: null, basis: 'none' };
  if (o.instrument === 'rfm' && (o.level === 'medium' || o.level === 'high')) {
    const panel = [...(o.laterMeetings ?? [])].sort().find((d) => d >= date);
    if (panel) return { date: panel, basis: 'panel' };
  }
  return { date, basis: 'interval' };
}

type ReviewChoice = { ok: true; date: IsoDate | null; reason: string | null } | { ok: false; field: 'nextReview' | 'nextReviewReason'; message: string };

// DOMAIN §4: the review date follows the rule; the chair may change it, with a reason, never to before the meeting.
export function chooseReviewDate(computed: IsoDate | null, entered: IsoDate | undefined, reason: string, meetingDate: IsoDate): ReviewChoice {
  const why = reason.trim();
  if (!entered || entered === computed) return { ok: true, date: computed, reason: null };
  if (entered <= meetingDate) return { ok: false, field: 'nextReview', message: 'Next review date must be after the date of the meeting' };
  if (!why) return { ok: false, field: 'nextReviewReason', message: 'Enter why the next review date differs from the partnership’s rule' };
  if (why.length > 2000) return { ok: false, field: 'nextReviewReason', message: 'Reason must be 2000 characters or fewer' };
  return { ok: true, date: entered, reason: why };
}

// DOMAIN §4: a VAT adjustment is at most 20 either way and needs its rationale.
export function validateAdjustment(raw: string, rationale: string): { ok: true; value: number | null } | { ok: false; message: string } {
  const s = raw.trim();
  if (!s) return { ok: true, value: null };
  if (!/^[+-]?\d{1,2}$/.test(s)) return { ok: false, message: 'Adjustment must be a whole number from -20 to 20' };
  const n = Number(s);
  if (n < -20 || n > 20) return { ok: false, message: 'Adjustment must be a whole number from -20 to 20' };
  if (n !== 0 && !rationale.trim()) return { ok: false, message: 'Enter the rationale for the adjustment' };
  return { ok: true, value: n === 0 ? null : n };
}

export type ReviewOn = { date: IsoDate | null; basis: 'interval' | 'panel' | 'none' };
export type SameReview = { sameAs: RiskLevel[]; why: 'same-panel' | 'same-interval' | 'same-day' };

// DOMAIN §4, §6: when the partnership's rules give two levels the same next review date, the form says why beside it: the same panel (Staffordshire's district cycle) or the same interval.
export function sameReviewDates(byLevel: Partial<Record<RiskLevel, ReviewOn>>, intervals: ReviewIntervals): Partial<Record<RiskLevel, SameReview>> {
  const out: Partial<Record<RiskLevel, SameReview>> = {};
  for (const level of RISK_LEVELS_HIGHEST_FIRST) {
    const mine = byLevel[level];
    if (!mine?.date || level === 'none') continue;
    const group = RISK_LEVELS_HIGHEST_FIRST.filter((l) => l !== 'none' && byLevel[l]?.date === mine.date);
    if (group.length < 2) continue;
    const interval = (l: Exclude<RiskLevel, 'none'>) => `${intervals[l].value} ${intervals[l].unit}`;
    const why = group.every((l) => byLevel[l]!.basis === 'panel')
      ? 'same-panel'
      : new Set(group.map((l) => interval(l as Exclude<RiskLevel, 'none'>))).size === 1
        ? 'same-interval'
        : 'same-day';
    out[level] = { sameAs: group.filter((l) => l !== level), why };
  }
  return out;
}
