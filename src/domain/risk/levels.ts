// DOMAIN §1, §3.2: the product's one vocabulary of risk: the four risk levels, their names on pages, in
// minutes and in reports, and the three instruments that grade risk (RFM, VAT, THRIVE). Defined here
// only; every feature and domain module imports it.

/** Product risk levels, lowest first (DOMAIN §3.2: none, low, medium, high). */
export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
/** The same levels highest first, the order of every choice and table on a page. */
export const RISK_LEVELS_HIGHEST_FIRST = ['high', 'medium', 'low', 'none'] as const;

export const isRiskLevel = (l: unknown): l is RiskLevel => typeof l === 'string' && (RISK_LEVELS as readonly string[]).includes(l);

/** A level's name on pages and in minutes. */
export const riskLevelNames: Readonly<Record<RiskLevel, string>> = { high: 'High', medium: 'Medium', low: 'Low', none: 'No risk' };
/** A level's name as a row or column of a report's table. */
export const riskLevelReportNames: Readonly<Record<RiskLevel, string>> = { ...riskLevelNames, none: 'No risk identified' };

/** The instruments that grade a child's risk (DOMAIN §1: Staffordshire the RFM, Rotherham the VAT, LLR THRIVE). */
export const INSTRUMENTS = ['rfm', 'vat', 'thrive'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** An instrument's full name. */
export const instrumentNames: Readonly<Record<Instrument, string>> = { rfm: 'Risk Factor Matrix', vat: 'Vulnerability Assessment Tool', thrive: 'THRIVE' };
/** An instrument's short name (in lists where space is short). */
export const instrumentShortNames: Readonly<Record<Instrument, string>> = { rfm: 'RFM', vat: 'VAT', thrive: 'THRIVE' };
/** What a completed assessment of each instrument is called in a child's list of assessments. */
export const assessmentNames: Readonly<Record<Instrument, string>> = { ...instrumentNames, thrive: 'THRIVE risk grading' };

/**
 * The type of exploitation, one vocabulary for every instrument: the RFM's risk type (DOMAIN §3.2: CSE / CCE / Dual) and the
 * type Rotherham discusses after a medium or high outcome (DOMAIN §4, source 002 §4.7).
 */
export const RISK_TYPES = ['CSE', 'CCE', 'Dual'] as const;
export type RiskType = (typeof RISK_TYPES)[number];
export const isRiskType = (t: unknown): t is RiskType => typeof t === 'string' && (RISK_TYPES as readonly string[]).includes(t);
/** A type's name on pages and in reports. */
export const riskTypeNames: Readonly<Record<RiskType, string>> = {
  CSE: 'Sexual exploitation (CSE)',
  CCE: 'Criminal exploitation (CCE)',
  Dual: 'Both (dual)',
};

// DOMAIN §4: "If outcome is Medium or High for exploitation, there will be a discussion around the type of exploitation" (002 §4.7); the levels are the partnership's
export function asksRiskType(level: RiskLevel | null | undefined, levels: readonly RiskLevel[]): boolean {
  return !!level && levels.includes(level);
}
