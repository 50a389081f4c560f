// DOMAIN §6: who may be referred to a Staffordshire panel, and the four agenda categories of pre-MACE thresholding.

import type { RiskLevel } from '../risk/levels.ts';

type Category = 1 | 2 | 3 | 4;
type RemovalReason = 'risk-reduced' | 'moved-away' | 'low-risk';

/** Every child referred has an RFM judged medium or high (DOMAIN §6). */
export function riskAllowsReferral(level: RiskLevel | null | undefined): boolean {
  return level === 'medium' || level === 'high';
}

export const categories: readonly { value: Category; name: string; hint: string }[] = [
  { value: 1, name: 'Discuss at MACE', hint: 'Children mapped together as a group are discussed in one slot.' },
  { value: 2, name: 'Insufficient information', hint: 'The chair and the lead professional secure an updated Risk Factor Matrix and information.' },
  {
    value: 3,
    name: 'Remain under MACE consideration, no discussion',
    hint: 'Support is in place, the safety plan is current and there is nothing more MACE can disrupt.',
  },
  { value: 4, name: 'Remove from MACE', hint: 'Risk reduced, the child moved away, or now low risk.' },
];

export const removalReasons: readonly { value: RemovalReason; name: string }[] = [
  { value: 'risk-reduced', name: 'Concerns have reduced' },
  { value: 'moved-away', name: 'The child has moved out of the area' },
  { value: 'low-risk', name: 'Interventions are working: the child is now at low risk' },
];

export function categoryName(c: number): string {
  return categories.find((x) => x.value === c)?.name ?? `Category ${c}`;
}

/** What a category does to the referral: category 4 closes it; the others leave it open, thresholded. */
export function statusAfter(c: Category): 'thresholded' | 'closed' {
  return c === 4 ? 'closed' : 'thresholded';
}

/** Children not fully discussed (categories 2–4) get the key decision and its rationale on their file. */
export function needsKeyDecision(c: Category): boolean {
  return c !== 1;
}

/** The line written to the child's timeline for a thresholding decision. */
export function timelineSummary(c: Category, rationale: string, removal?: RemovalReason): string {
  const name = categoryName(c).replace(/^./, (ch) => ch.toLowerCase());
  const reason = c === 4 && removal ? ` (${removalReasons.find((r) => r.value === removal)!.name.toLowerCase()})` : '';
  if (!needsKeyDecision(c)) return `Pre-MACE thresholding: ${name}`;
  return `Key decision: ${name}${reason}. Rationale: ${rationale}`;
}

/**
 * A moved-away child with continuing concerns: MACE requests a transfer of information to the host
 * authority and asks that the child is included in its equivalent MACE.
 */
export function transferRequired(removal: RemovalReason | undefined): boolean {
  return removal === 'moved-away';
}

/** Checks still waiting for an answer, oldest first. */
export function outstanding<T extends { status: string; requested_at: Date | string }>(checks: readonly T[]): T[] {
  return checks.filter((c) => c.status === 'requested').sort((a, b) => +new Date(a.requested_at) - +new Date(b.requested_at));
}
