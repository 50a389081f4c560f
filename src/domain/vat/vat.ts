// Rotherham's Vulnerability Assessment Tool (VAT) (DOMAIN §4; source 002 §4.5–4.7, 4.12).
// The factor list lives on the national tracker, not in the source: factors are configuration.

import { addCalendarMonths, compareIsoDates, isIsoDate } from '../calendar/dates.ts';
import type { IsoDate } from '../calendar/dates.ts';
import { addWorkingDays } from '../calendar/working-days.ts';
import type { HolidayCalendar } from '../calendar/working-days.ts';

export interface VatFactor {
  readonly id: string;
  readonly name: string;
  /** Points the factor adds when it is present in the scoring window. */
  readonly weight: number;
  readonly category: string;
}

interface VatEvidence {
  /** The id of the factor this intelligence or incident evidences. */
  readonly factor: string;
  readonly date: IsoDate;
}

interface VatAdjustment {
  /** Whole number from −20 to +20. */
  readonly value: number;
  /** Required (non-blank) whenever value is not 0. */
  readonly rationale?: string;
}

export type VatBand = 'low' | 'medium' | 'high';

export const VAT_WINDOW_MONTHS = 6;
export const VAT_MAX_ADJUSTMENT = 20;

/** The band table of source 002 §4.6, with its wording. */
export const VAT_BANDS: readonly {
  readonly band: VatBand;
  readonly min: number;
  readonly max: number | null;
  readonly label: string;
  readonly sourceText: string;
}[] = [
  {
    band: 'low',
    min: 0,
    max: 39,
    label: 'Low',
    sourceText: 'Minimal evidence at present to indicate the vulnerable person is at risk of criminal exploitation',
  },
  {
    band: 'medium',
    min: 40,
    max: 69,
    label: 'Medium',
    sourceText: 'Risk of criminal exploitation identified – Must remain open to social care until the risk is reduced.',
  },
  {
    band: 'high',
    min: 70,
    max: null,
    label: 'High',
    sourceText:
      'The risk of the subject being criminally exploited is high and a specialised response is required to reduce the risk; or the subject is already being criminally exploited or is highly likely to be exploited imminently.',
  },
];

// ---------------------------------------------------------------------------
// Scoring window
// ---------------------------------------------------------------------------

interface VatWindow {
  /** First day that counts (inclusive): the as-of date minus six calendar months. */
  readonly from: IsoDate;
  /** Last day that counts (inclusive): the as-of date itself. */
  readonly to: IsoDate;
}

/**
 * The window runs from the day exactly six calendar months before the as-of date (that day
 * counts: the source leaves the boundary open and the product errs towards protection) to the
 * as-of date itself; evidence dated after the as-of date does not count.
 */
// DOMAIN §4: scoring covers intelligence and incidents over the past six months
export function vatWindow(asOf: IsoDate): VatWindow {
  return { from: addCalendarMonths(asOf, -VAT_WINDOW_MONTHS), to: asOf };
}

// DOMAIN §4: whether one piece of evidence falls inside the six-month scoring window
export function isInVatWindow(evidenceDate: IsoDate, asOf: IsoDate): boolean {
  const { from, to } = vatWindow(asOf);
  return compareIsoDates(evidenceDate, from) >= 0 && compareIsoDates(evidenceDate, to) <= 0;
}

// ---------------------------------------------------------------------------
// Factor configuration
// ---------------------------------------------------------------------------

// DOMAIN §4: factors are configuration — ids unique and non-blank, names non-blank, weights whole numbers
export function validateVatFactors(factors: readonly VatFactor[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const f of factors) {
    if (!f.id.trim()) errors.push('A factor has a blank id');
    else if (seen.has(f.id)) errors.push(`Factor id "${f.id}" is used more than once`);
    seen.add(f.id);
    if (!f.name.trim()) errors.push(`Factor "${f.id}" has no name`);
    if (!Number.isInteger(f.weight)) errors.push(`Factor "${f.id}" must have a whole-number weight`);
  }
  return errors;
}

// ---------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------

export interface VatScoreInput {
  readonly factors: readonly VatFactor[];
  readonly evidence: readonly VatEvidence[];
  readonly asOf: IsoDate;
  readonly adjustment?: VatAdjustment;
}

interface CountedFactor {
  readonly factor: VatFactor;
  /** How many pieces of in-window evidence there are; the factor still counts once. */
  readonly evidenceCount: number;
  readonly latestEvidence: IsoDate;
}

interface ExcludedEvidence {
  readonly evidence: VatEvidence;
  readonly reason: 'before-window' | 'after-as-of-date';
}

interface VatOutcome {
  readonly mustRemainOpenToSocialCare: boolean;
  readonly considerNrm: boolean;
  /** Sentences to show beside the rating, in order. */
  readonly messages: readonly string[];
}

export interface VatScore {
  readonly ok: true;
  readonly window: VatWindow;
  readonly counted: readonly CountedFactor[];
  readonly excluded: readonly ExcludedEvidence[];
  readonly factorScore: number;
  readonly adjustment: number;
  readonly rationale: string | null;
  /** max(0, factorScore + adjustment). */
  readonly total: number;
  readonly band: VatBand;
  readonly outcome: VatOutcome;
}

interface VatError {
  readonly field: 'asOf' | 'evidence' | 'adjustment' | 'rationale' | 'factors';
  readonly message: string;
}

type VatResult = VatScore | { readonly ok: false; readonly errors: readonly VatError[] };

// DOMAIN §4: the chair may add or deduct up to 20 with a recorded rationale
export function validateAdjustment(adjustment: VatAdjustment | undefined): VatError[] {
  if (adjustment === undefined) return [];
  const errors: VatError[] = [];
  if (!Number.isInteger(adjustment.value) || Math.abs(adjustment.value) > VAT_MAX_ADJUSTMENT) {
    errors.push({
      field: 'adjustment',
      message: `The manual adjustment must be a whole number from −${VAT_MAX_ADJUSTMENT} to +${VAT_MAX_ADJUSTMENT}`,
    });
  }
  if (adjustment.value !== 0 && !adjustment.rationale?.trim()) {
    errors.push({ field: 'rationale', message: 'Record the rationale for the manual adjustment' });
  }
  return errors;
}

// DOMAIN §4: low 0–39, medium 40–69, high 70+
export function vatBandFor(total: number): VatBand {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`A VAT total must be a whole number of at least 0: ${total}`);
  if (total >= 70) return 'high';
  if (total >= 40) return 'medium';
  return 'low';
}

// DOMAIN §4: medium/high must remain open to social care; high → consider an NRM referral; low → Early Help
export function vatOutcome(band: VatBand): VatOutcome {
  if (band === 'high') {
    return {
      mustRemainOpenToSocialCare: true,
      considerNrm: true,
      messages: [
        'High risk: a specialised response is required to reduce the risk.',
        'A National Referral Mechanism (NRM) referral should be considered.',
        'The child must remain open to social care, with an Evolve worker, until the risk has reduced to low.',
      ],
    };
  }
  if (band === 'medium') {
    return {
      mustRemainOpenToSocialCare: true,
      considerNrm: false,
      messages: ['The child must remain open to social care, with an Evolve worker, until the risk has reduced to low.'],
    };
  }
  return {
    mustRemainOpenToSocialCare: false,
    considerNrm: false,
    messages: ['Low risk: support is identified from Early Help and Preventative Services.'],
  };
}

// DOMAIN §4: each factor present in the past six months counts once, plus the manual adjustment, floored at 0
export function scoreVat(input: VatScoreInput): VatResult {
  const errors: VatError[] = [];
  if (!isIsoDate(input.asOf)) {
    errors.push({ field: 'asOf', message: 'Enter the assessment date as YYYY-MM-DD' });
  }
  for (const e of validateVatFactors(input.factors)) errors.push({ field: 'factors', message: e });
  const byId = new Map(input.factors.map((f) => [f.id, f]));
  input.evidence.forEach((ev, index) => {
    if (!byId.has(ev.factor)) {
      errors.push({ field: 'evidence', message: `Evidence ${index + 1} refers to an unknown factor "${ev.factor}"` });
    }
    if (!isIsoDate(ev.date)) {
      errors.push({ field: 'evidence', message: `Evidence ${index + 1} has an invalid date (expected YYYY-MM-DD)` });
    }
  });
  errors.push(...validateAdjustment(input.adjustment));
  if (errors.length > 0) return { ok: false, errors };

  const window = vatWindow(input.asOf);
  const excluded: ExcludedEvidence[] = [];
  const tally = new Map<string, { count: number; latest: IsoDate }>();
  for (const ev of input.evidence) {
    if (compareIsoDates(ev.date, window.to) > 0) {
      excluded.push({ evidence: ev, reason: 'after-as-of-date' });
    } else if (compareIsoDates(ev.date, window.from) < 0) {
      excluded.push({ evidence: ev, reason: 'before-window' });
    } else {
      const t = tally.get(ev.factor);
      if (!t) tally.set(ev.factor, { count: 1, latest: ev.date });
      else tally.set(ev.factor, { count: t.count + 1, latest: compareIsoDates(ev.date, t.latest) > 0 ? ev.date : t.latest });
    }
  }
  const counted: CountedFactor[] = input.factors
    .filter((f) => tally.has(f.id))
    .map((f) => ({ factor: f, evidenceCount: tally.get(f.id)!.count, latestEvidence: tally.get(f.id)!.latest }));
  const factorScore = counted.reduce((sum, c) => sum + c.factor.weight, 0);
  const adjustment = input.adjustment?.value ?? 0;
  const rationale = input.adjustment?.rationale?.trim() ? input.adjustment.rationale.trim() : null;
  const total = Math.max(0, factorScore + adjustment);
  const band = vatBandFor(total);
  return { ok: true, window, counted, excluded, factorScore, adjustment, rationale, total, band, outcome: vatOutcome(band) };
}

// ---------------------------------------------------------------------------
// Eligibility and the CE risk assessment deadline
// ---------------------------------------------------------------------------

type RotherhamRoute = { readonly route: 'mace'; readonly reason: string } | { readonly route: 'ymarac'; readonly reason: string };

// DOMAIN §4: children showing harmful sexual behaviour are excluded from MACE and go to the YMARAC
export function rotherhamRouteFor(child: { readonly harmfulSexualBehaviour: boolean }): RotherhamRoute {
  if (child.harmfulSexualBehaviour) {
    return {
      route: 'ymarac',
      reason: 'Children who show harmful sexual behaviour are not discussed at MACE: they go to the fortnightly YMARAC led by the Youth Justice Service.',
    };
  }
  return { route: 'mace', reason: 'The child can be referred to MACE.' };
}

// DOMAIN §4: the Evolve social worker completes the CE risk assessment within 3 working days of MACE
export function ceRiskAssessmentDue(meetingDate: IsoDate, calendar: HolidayCalendar): IsoDate {
  return addWorkingDays(meetingDate, 3, calendar);
}

// ---------------------------------------------------------------------------
// Example factors
// ---------------------------------------------------------------------------

/**
 * AN EXAMPLE ONLY. Source 002 does not list the VAT's factors or weights (they live on the
 * national tracker). This set is invented to make demos and tests meaningful; a partnership
 * must configure its real factors before use.
 */
export const EXAMPLE_VAT_FACTORS: { readonly example: true; readonly note: string; readonly factors: readonly VatFactor[] } = {
  example: true,
  note: 'Invented example factors and weights; the real VAT factors are held on the national tracker and are not in the source.',
  factors: [
    { id: 'missing-episodes', name: 'Missing from home, care or education', weight: 10, category: 'Missing' },
    { id: 'found-out-of-area', name: 'Found out of area with no known connection', weight: 15, category: 'Missing' },
    { id: 'adults-of-concern', name: 'Associating with adults or older peers of concern', weight: 15, category: 'Associations' },
    { id: 'gang-affiliation', name: 'Known or suspected gang or group affiliation', weight: 15, category: 'Associations' },
    { id: 'drug-supply', name: 'Arrested or found with drugs indicating supply', weight: 20, category: 'Criminality' },
    { id: 'weapon', name: 'Carrying or concealing a weapon', weight: 15, category: 'Criminality' },
    { id: 'drug-debt', name: 'Known or suspected drug debt', weight: 10, category: 'Criminality' },
    { id: 'unexplained-money', name: 'Unexplained money, clothes or phones', weight: 10, category: 'Finance' },
    { id: 'multiple-phones', name: 'Multiple phones or SIM cards', weight: 5, category: 'Online' },
    { id: 'online-contact', name: 'Contacted or groomed online by unknown adults', weight: 10, category: 'Online' },
    { id: 'education-disengaged', name: 'Excluded, persistently absent or not in education', weight: 5, category: 'Education' },
    { id: 'substance-misuse', name: 'Substance misuse', weight: 5, category: 'Health' },
    { id: 'injuries-unexplained', name: 'Unexplained injuries or victim of violence', weight: 10, category: 'Health' },
  ],
};
