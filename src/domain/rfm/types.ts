// Shared vocabulary of the Staffordshire Risk Factor Matrix (DOMAIN §3).

/** Indicator numbers 1–14 (DOMAIN §3.2). */
export type IndicatorNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14;

/** A score on one indicator (DOMAIN §3.2: each scored 0–4). */
export type RfmScore = 0 | 1 | 2 | 3 | 4;

/** Total A = indicators 1–7, total B = indicators 8–14 (DOMAIN §3.2). */
export type SubtotalGroup = 'A' | 'B';

/** The four RAG bands of the RFM, lowest first (DOMAIN §3.2). */
export type RfmBand = 'none' | 'vulnerable' | 'suspected' | 'evidenced';

/** Section A / Section E risk type (DOMAIN §3.2: CSE / CCE / Dual): the product's one vocabulary (risk/levels.ts). */
export type { RiskType } from '../risk/levels.ts';

export const INDICATOR_NUMBERS: readonly IndicatorNumber[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
export const RFM_SCORES: readonly RfmScore[] = [0, 1, 2, 3, 4];
export const RFM_BANDS: readonly RfmBand[] = ['none', 'vulnerable', 'suspected', 'evidenced'];
