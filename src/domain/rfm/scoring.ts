// Scoring rules of the Staffordshire Risk Factor Matrix (DOMAIN §3.2).

import { addCalendarMonths, compareIsoDates, parseIsoDate } from '../calendar/dates.ts';
import type { IsoDate } from '../calendar/dates.ts';
import { RFM_INDICATORS } from './indicators.ts';
import { INDICATOR_NUMBERS, RFM_BANDS } from './types.ts';
import type { IndicatorNumber, RfmBand, RfmScore } from './types.ts';
import type { RiskLevel } from '../risk/levels.ts';

const MIN_TOTAL = 0;
const MAX_TOTAL = 56; // 14 indicators × 4

// ---------------------------------------------------------------------------
// Validation and totals
// ---------------------------------------------------------------------------

type RfmScores = Readonly<Record<IndicatorNumber, RfmScore>>;

interface ScoreError {
  /** The indicator the error is about (may be outside 1–14 for an unknown key). */
  readonly indicator: number;
  readonly message: string;
}

type ScoreValidation =
  | { readonly ok: true; readonly scores: RfmScores; readonly totalA: number; readonly totalB: number; readonly total: number }
  | { readonly ok: false; readonly errors: readonly ScoreError[] };

function toScore(value: unknown): RfmScore | undefined | null {
  // undefined = missing; null = present but invalid
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= 4 ? (value as RfmScore) : null;
  }
  if (typeof value === 'string') {
    return /^[0-4]$/.test(value) ? (Number(value) as RfmScore) : null;
  }
  return null;
}

// DOMAIN §3.2: all 14 indicators scored, each a whole number 0–4; total A = 1–7, total B = 8–14
export function validateScores(input: Readonly<Record<number | string, unknown>>): ScoreValidation {
  const errors: ScoreError[] = [];
  const scores: Partial<Record<IndicatorNumber, RfmScore>> = {};
  for (const indicator of RFM_INDICATORS) {
    const raw = input[indicator.number];
    const score = toScore(raw);
    const name = `indicator ${indicator.number} (${indicator.title})`;
    if (score === undefined) {
      errors.push({ indicator: indicator.number, message: `Select a score from 0 to 4 for ${name}` });
    } else if (score === null) {
      errors.push({
        indicator: indicator.number,
        message: `The score for ${name} must be a whole number from 0 to 4`,
      });
    } else {
      scores[indicator.number] = score;
    }
  }
  for (const key of Object.keys(input)) {
    if (!INDICATOR_NUMBERS.some((n) => String(n) === key)) {
      errors.push({ indicator: Number(key), message: `There is no indicator ${key}: the matrix has indicators 1 to 14` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const complete = scores as RfmScores;
  let totalA = 0;
  let totalB = 0;
  for (const indicator of RFM_INDICATORS) {
    if (indicator.subtotal === 'A') totalA += complete[indicator.number];
    else totalB += complete[indicator.number];
  }
  return { ok: true, scores: complete, totalA, totalB, total: totalA + totalB };
}

// ---------------------------------------------------------------------------
// Bands
// ---------------------------------------------------------------------------

export interface BandDefinition {
  readonly band: RfmBand;
  readonly label: string;
  readonly min: number;
  /** Inclusive upper bound. */
  readonly max: number;
}

const BAND_LABELS: Readonly<Record<RfmBand, string>> = {
  none: 'No exploitation risk',
  vulnerable: 'Vulnerable',
  suspected: 'Suspected exploitation',
  evidenced: 'Evidenced exploitation',
};

// DOMAIN §3.2: the bands' names ("suspected" is "Suspected exploitation"), for words built from a band
export function bandLabel(band: RfmBand): string {
  return BAND_LABELS[band];
}

/** The product's default bands: the printed ones with each overlap given to the higher band (DOMAIN §3.2). */
export const DEFAULT_RFM_BANDS: readonly BandDefinition[] = [
  { band: 'none', label: BAND_LABELS.none, min: 0, max: 12 },
  { band: 'vulnerable', label: BAND_LABELS.vulnerable, min: 13, max: 24 },
  { band: 'suspected', label: BAND_LABELS.suspected, min: 25, max: 39 },
  { band: 'evidenced', label: BAND_LABELS.evidenced, min: 40, max: 56 },
];

/** The bands exactly as printed on the form ("0-13", "13-24", "25-40", "40+"), overlaps included. */
export const PRINTED_RFM_BANDS: readonly BandDefinition[] = [
  { band: 'none', label: BAND_LABELS.none, min: 0, max: 13 },
  { band: 'vulnerable', label: BAND_LABELS.vulnerable, min: 13, max: 24 },
  { band: 'suspected', label: BAND_LABELS.suspected, min: 25, max: 40 },
  { band: 'evidenced', label: BAND_LABELS.evidenced, min: 40, max: 56 },
];

const bandRank = (band: RfmBand): number => RFM_BANDS.indexOf(band);

// DOMAIN §3.2: overlapping bands resolve upwards (a total in two bands takes the higher)
export function bandFor(total: number, bands: readonly BandDefinition[] = DEFAULT_RFM_BANDS): RfmBand {
  if (!Number.isInteger(total) || total < MIN_TOTAL || total > MAX_TOTAL) {
    throw new RangeError(`An RFM total must be a whole number from ${MIN_TOTAL} to ${MAX_TOTAL}: ${total}`);
  }
  let found: RfmBand | undefined;
  for (const b of bands) {
    if (total >= b.min && total <= b.max && (found === undefined || bandRank(b.band) > bandRank(found))) {
      found = b.band;
    }
  }
  if (found === undefined) throw new RangeError(`No band covers a total of ${total}: check the band configuration`);
  return found;
}

/** The range each band actually receives once overlaps are resolved upwards. */
interface EffectiveBandRange {
  readonly band: RfmBand;
  readonly label: string;
  readonly min: number;
  readonly max: number;
}

// DOMAIN §3.2: the ranges a configuration actually applies, overlaps resolved upwards
export function effectiveBandRanges(bands: readonly BandDefinition[] = DEFAULT_RFM_BANDS): EffectiveBandRange[] {
  const ranges: EffectiveBandRange[] = [];
  for (let total = MIN_TOTAL; total <= MAX_TOTAL; total++) {
    const band = bandFor(total, bands);
    const last = ranges[ranges.length - 1];
    if (last && last.band === band) {
      ranges[ranges.length - 1] = { ...last, max: total };
    } else {
      const label = bands.find((b) => b.band === band)?.label ?? BAND_LABELS[band];
      ranges.push({ band, label, min: total, max: total });
    }
  }
  return ranges;
}

function overlapPoints(bands: readonly BandDefinition[]): number[] {
  const points: number[] = [];
  for (let total = MIN_TOTAL; total <= MAX_TOTAL; total++) {
    if (bands.filter((b) => total >= b.min && total <= b.max).length > 1) points.push(total);
  }
  return points;
}

function listJoin(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// DOMAIN §3.2: "the form states the rule it applied" — the bands and the boundary rule a practitioner needs, in plain English
export function bandRuleStatement(bands: readonly BandDefinition[] = DEFAULT_RFM_BANDS, printed: readonly BandDefinition[] = PRINTED_RFM_BANDS): string {
  const applied = effectiveBandRanges(bands)
    .map((r) => `${r.label.toLowerCase()} ${r.min}–${r.max}`)
    .join(', ');
  const boundaries = overlapPoints(printed);
  const boundarySentence =
    boundaries.length === 0
      ? ''
      : ` A total on a boundary goes to the higher band: ${listJoin(
          boundaries.map((t) => `a total of ${t} is ${BAND_LABELS[bandFor(t, bands)].toLowerCase()}`),
        )}.`;
  return `Bands: ${applied}.${boundarySentence}`;
}

// DOMAIN §3.2: no risk = none, vulnerable = low, suspected = medium, evidenced = high
export function riskLevelForBand(band: RfmBand): RiskLevel {
  const map: Readonly<Record<RfmBand, RiskLevel>> = {
    none: 'none',
    vulnerable: 'low',
    suspected: 'medium',
    evidenced: 'high',
  };
  return map[band];
}

// ---------------------------------------------------------------------------
// Professional judgement
// ---------------------------------------------------------------------------

type JudgementInput =
  { readonly decision: 'agree'; readonly reason?: string } | { readonly decision: 'override'; readonly band: RfmBand; readonly reason?: string };

type JudgementResult =
  | {
      readonly ok: true;
      readonly scoredBand: RfmBand;
      readonly scoredLevel: RiskLevel;
      readonly judgedBand: RfmBand;
      /** The recorded risk level: the judged one (DOMAIN §3.2). */
      readonly judgedLevel: RiskLevel;
      readonly differsFromScored: boolean;
      readonly direction: 'up' | 'down' | null;
      readonly reason: string | null;
    }
  | { readonly ok: false; readonly errors: readonly { readonly field: 'band' | 'reason'; readonly message: string }[] };

// DOMAIN §3.2: the assessor agrees with the scored band or overrides it up or down, with a reason
export function applyProfessionalJudgement(scoredBand: RfmBand, judgement: JudgementInput): JudgementResult {
  const reason = judgement.reason?.trim() ? judgement.reason.trim() : null;
  const scoredLevel = riskLevelForBand(scoredBand);
  if (judgement.decision === 'agree') {
    return {
      ok: true,
      scoredBand,
      scoredLevel,
      judgedBand: scoredBand,
      judgedLevel: scoredLevel,
      differsFromScored: false,
      direction: null,
      reason,
    };
  }
  const errors: { field: 'band' | 'reason'; message: string }[] = [];
  if (!RFM_BANDS.includes(judgement.band)) {
    errors.push({ field: 'band', message: 'Select the level you judge the risk to be' });
  } else if (judgement.band === scoredBand) {
    errors.push({
      field: 'band',
      message: `The scores already indicate ${BAND_LABELS[scoredBand].toLowerCase()}: agree with the score, or choose a higher or lower level to override it`,
    });
  }
  if (reason === null) {
    errors.push({ field: 'reason', message: 'Give the reason for overriding the level indicated by the scores' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    scoredBand,
    scoredLevel,
    judgedBand: judgement.band,
    judgedLevel: riskLevelForBand(judgement.band),
    differsFromScored: true,
    direction: bandRank(judgement.band) > bandRank(scoredBand) ? 'up' : 'down',
    reason,
  };
}

// ---------------------------------------------------------------------------
// Reviews and renewal
// ---------------------------------------------------------------------------

export const MAX_REVIEWS = 3;

type ReviewPermission = { readonly ok: true; readonly reviewNumber: number } | { readonly ok: false; readonly message: string };

// DOMAIN §3.2: up to three Section E reviews; after the third a new RFM must be completed
export function nextReview(reviewsCompleted: number): ReviewPermission {
  if (!Number.isInteger(reviewsCompleted) || reviewsCompleted < 0) {
    throw new RangeError(`reviewsCompleted must be a whole number of at least 0: ${reviewsCompleted}`);
  }
  if (reviewsCompleted >= MAX_REVIEWS) {
    return {
      ok: false,
      message: `This RFM has already been reviewed ${MAX_REVIEWS} times. Complete a new Risk Factor Matrix instead of another review.`,
    };
  }
  return { ok: true, reviewNumber: reviewsCompleted + 1 };
}

export const RFM_PERIOD_MONTHS = 6;

interface RenewalStatus {
  /** True once more than six calendar months have passed since the period start. */
  readonly renewalDue: boolean;
  /** The last day the RFM is current: period start + 6 calendar months (clamped to month end). */
  readonly currentUntil: IsoDate;
}

/**
 * "RFMs should only detail 6 months worth of information": on start + 6 calendar months the
 * RFM is still current; from the next day renewal is due (a start of 31 Aug is current until
 * 28/29 Feb).
 */
// DOMAIN §3.2: an RFM is flagged for renewal once more than 6 calendar months have passed
export function renewalStatus(periodStart: IsoDate, asOf: IsoDate): RenewalStatus {
  parseIsoDate(asOf);
  const currentUntil = addCalendarMonths(periodStart, RFM_PERIOD_MONTHS);
  return { renewalDue: compareIsoDates(asOf, currentUntil) > 0, currentUntil };
}

/** What a practitioner does next for a child with a current RFM: review it (Section E), or complete a new one and why. */
type RfmNextStep = { readonly step: 'review' } | { readonly step: 'new'; readonly because: 'reviews-used' | 'renewal-due' };

// DOMAIN §3.2: a current RFM is reviewed (Section E only) until all 3 reviews are used or it is more than six months old; then a new RFM
export function rfmNextStep(reviewsCompleted: number, renewalDue: boolean): RfmNextStep {
  if (!nextReview(reviewsCompleted).ok) return { step: 'new', because: 'reviews-used' };
  if (renewalDue) return { step: 'new', because: 'renewal-due' };
  return { step: 'review' };
}

// ---------------------------------------------------------------------------
// Missing episodes
// ---------------------------------------------------------------------------

/** "Missing Intervention Meetings … for 3,5 & 9 as per Missing Policy" (DOMAIN §3.2). */
export const MISSING_INTERVENTION_EPISODES: readonly number[] = [3, 5, 9];

function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

// DOMAIN §3.2: a Missing Intervention Meeting is prompted at the 3rd, 5th and 9th missing episode
export function missingEpisodePrompt(episodeNumber: number, thresholds: readonly number[] = MISSING_INTERVENTION_EPISODES): string | null {
  if (!Number.isInteger(episodeNumber) || episodeNumber < 1) {
    throw new RangeError(`episodeNumber must be a whole number of at least 1: ${episodeNumber}`);
  }
  if (!thresholds.includes(episodeNumber)) return null;
  return `This is the child’s ${ordinal(episodeNumber)} missing episode: make sure a Missing Intervention Meeting has been completed, as per the Missing Policy.`;
}

// DOMAIN §3.2: every Missing Intervention Meeting due by this many episodes (3, 5, 9)
export function missingInterventionMeetingsDue(episodeCount: number, thresholds: readonly number[] = MISSING_INTERVENTION_EPISODES): number[] {
  if (!Number.isInteger(episodeCount) || episodeCount < 0) {
    throw new RangeError(`episodeCount must be a whole number of at least 0: ${episodeCount}`);
  }
  return thresholds.filter((t) => t <= episodeCount);
}
