// LLR Daily Risk Management Meeting: THRIVE grading and the NPA referral rule
// (DOMAIN §5; source 004 §3 "Risk Grading").

import { addCalendarMonths, compareIsoDates, isIsoDate } from '../calendar/dates.ts';
import type { IsoDate } from '../calendar/dates.ts';

export type ThriveGrade = 'high' | 'medium' | 'low';

export const THRIVE_GRADES: readonly ThriveGrade[] = ['high', 'medium', 'low'];

/** The THRIVE headings the DRMM discusses each child under (source 004). */
export const THRIVE_ELEMENTS: readonly { readonly key: string; readonly label: string }[] = [
  { key: 'threat', label: 'Threat' },
  { key: 'harm', label: 'Harm' },
  { key: 'risk', label: 'Risk' },
  { key: 'investigation', label: 'Investigation' },
  { key: 'vulnerability', label: 'Vulnerabilities' },
  { key: 'engagement', label: 'Engagement' },
];

/** The grading table of source 004, word for word. */
export const THRIVE_GRADE_DEFINITIONS: Readonly<Record<ThriveGrade, { readonly label: string; readonly definition: string }>> = {
  high: {
    label: 'HIGH',
    definition: 'A number of indicators of Threat, Harm and Risk of CE where the impact is likely to be significant and likely to be imminent',
  },
  medium: {
    label: 'MEDIUM',
    definition: 'A number of indicators of Threat, Harm and Risk of CE where there is likely to be an impact on the child',
  },
  low: {
    label: 'LOW',
    definition: 'Where there is indication of CE present but the impact is minimal and key safety measures which are likely to maintain a Low risk',
  },
};

// ---------------------------------------------------------------------------
// Grading validation
// ---------------------------------------------------------------------------

interface ThriveGradingInput {
  readonly grade: ThriveGrade;
  /** Crime / investigation reference when an investigation is commenced. */
  readonly investigationReference?: string;
  /** Where there is no criminal investigation: the multi-agency team identified to manage the work. */
  readonly managingTeam?: string;
  /** The professional allocated to engage and work with the child. */
  readonly allocatedProfessional?: string;
}

interface ThriveGradingError {
  readonly field: 'grade' | 'investigationReference' | 'allocatedProfessional';
  readonly message: string;
}

const filled = (s: string | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

/** Source 004: with no criminal investigation, the managing multi-agency team stands in for the reference. */
// DOMAIN §5: high risk needs an investigation (or managing team) and an allocated professional
export function validateThriveGrading(input: ThriveGradingInput): ThriveGradingError[] {
  if (!THRIVE_GRADES.includes(input.grade)) {
    return [{ field: 'grade', message: 'Select a risk grading: high, medium or low' }];
  }
  if (input.grade !== 'high') return [];
  const errors: ThriveGradingError[] = [];
  if (!filled(input.investigationReference) && !filled(input.managingTeam)) {
    errors.push({
      field: 'investigationReference',
      message: 'High risk: enter the investigation reference, or, if there is no criminal investigation, the multi-agency team that will manage the work',
    });
  }
  if (!filled(input.allocatedProfessional)) {
    errors.push({
      field: 'allocatedProfessional',
      message: 'High risk: enter the professional allocated to engage and work with the child',
    });
  }
  return errors;
}

// ---------------------------------------------------------------------------
// NPA referral rule (medium)
// ---------------------------------------------------------------------------

const RECENT_MEDIUM_MONTHS = 3;

export interface PreviousGrading {
  /** The date of an earlier DRMM. */
  readonly date: IsoDate;
  readonly grade: ThriveGrade;
}

export interface NpaReferralInput {
  readonly grade: ThriveGrade;
  /** The date of this DRMM. */
  readonly drmmDate: IsoDate;
  /** The child's earlier DRMM gradings (any order; dates on or after drmmDate are ignored). */
  readonly previousGradings: readonly PreviousGrading[];
  readonly significantNewRisk: boolean;
  readonly crimeIdentified: boolean;
  /** How the NPA already manages the child, e.g. 'NOM' or 'HKC'; null or blank when it does not. */
  readonly npaManagedAs?: string | null;
}

type NpaRuleCode = 'not-medium' | 'recent-medium' | 'crime-report' | 'master-management-report' | 'safeguarding-occurrence';

export interface NpaReferralDecision {
  readonly code: NpaRuleCode;
  /** Whether the exploitation coordinator sends a referral form to the NPA. */
  readonly referToNpa: boolean;
  /** Where the referral information is recorded, when it is sent. */
  readonly recordOn: 'crime-report' | 'master-management-report' | 'safeguarding-occurrence-and-npa-task' | null;
  /** The medium grading inside the previous 3 months, if there was one. */
  readonly recentMediumDate: IsoDate | null;
  /** A recent medium grading was set aside because a significant new risk was identified. */
  readonly newRiskOverrodeRecentMedium: boolean;
  readonly sentence: string;
}

/**
 * A medium grading counts as "within the previous 3 months" when it is strictly after the day
 * exactly 3 calendar months before this DRMM and strictly before this DRMM's date. The day
 * exactly 3 months before is outside: the source leaves it open, and the product errs towards
 * protection, so that boundary case still gets a referral.
 */
// DOMAIN §5: the latest medium DRMM grading in the previous 3 months, or null
export function recentMediumGrading(drmmDate: IsoDate, previous: readonly PreviousGrading[]): IsoDate | null {
  const windowStartExclusive = addCalendarMonths(drmmDate, -RECENT_MEDIUM_MONTHS);
  let latest: IsoDate | null = null;
  for (const g of previous) {
    if (g.grade !== 'medium') continue;
    if (compareIsoDates(g.date, windowStartExclusive) <= 0) continue;
    if (compareIsoDates(g.date, drmmDate) >= 0) continue;
    if (latest === null || compareIsoDates(g.date, latest) > 0) latest = g.date;
  }
  return latest;
}

/**
 * Recorded on the crime report when a crime is identified; otherwise on the NPA's master
 * management report when it already manages the child (NOM/HKC); otherwise a new safeguarding
 * occurrence and a task for the NPA.
 */
// DOMAIN §5: medium → NPA referral, unless graded medium in the previous 3 months with no significant new risk
export function npaReferralDecision(input: NpaReferralInput): NpaReferralDecision {
  if (!isIsoDate(input.drmmDate)) throw new RangeError(`Not a valid DRMM date: ${JSON.stringify(input.drmmDate)}`);
  for (const g of input.previousGradings) {
    if (!isIsoDate(g.date)) throw new RangeError(`Not a valid previous DRMM date: ${JSON.stringify(g.date)}`);
  }

  if (input.grade !== 'medium') {
    return {
      code: 'not-medium',
      referToNpa: false,
      recordOn: null,
      recentMediumDate: null,
      newRiskOverrodeRecentMedium: false,
      sentence:
        input.grade === 'high'
          ? 'No NPA referral: the NPA referral is for medium risk; high risk starts an investigation (or identifies the multi-agency team) and allocates a professional to the child.'
          : 'No NPA referral: the NPA referral is for medium risk only.',
    };
  }

  const recent = recentMediumGrading(input.drmmDate, input.previousGradings);
  if (recent !== null && !input.significantNewRisk) {
    return {
      code: 'recent-medium',
      referToNpa: false,
      recordOn: null,
      recentMediumDate: recent,
      newRiskOverrodeRecentMedium: false,
      sentence: `No NPA referral: the child was graded medium at the DRMM on ${recent}, within the previous 3 months, and no significant new risk has been identified.`,
    };
  }

  const preface =
    recent !== null
      ? `Although the child was graded medium at the DRMM on ${recent}, within the previous 3 months, a significant new risk has been identified, so the exploitation coordinator sends a referral to the NPA`
      : 'The exploitation coordinator sends a referral to the NPA summarising the risk, further safeguarding considerations and disruption opportunities';
  const common = { referToNpa: true, recentMediumDate: recent, newRiskOverrodeRecentMedium: recent !== null } as const;

  if (input.crimeIdentified) {
    return {
      ...common,
      code: 'crime-report',
      recordOn: 'crime-report',
      sentence: `${preface}; a crime is identified, so the information is added to the crime report for the investigating officer.`,
    };
  }
  const managedAs = input.npaManagedAs?.trim();
  if (managedAs) {
    return {
      ...common,
      code: 'master-management-report',
      recordOn: 'master-management-report',
      sentence: `${preface}; the NPA already manages the child (${managedAs}), so the information is added to the child’s master management report instead of a new occurrence and task.`,
    };
  }
  return {
    ...common,
    code: 'safeguarding-occurrence',
    recordOn: 'safeguarding-occurrence-and-npa-task',
    sentence: `${preface}; no crime is identified, so a safeguarding occurrence is created and a task is sent to the NPA.`,
  };
}
