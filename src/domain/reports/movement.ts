// Movement between risk levels (DOMAIN §6: panels sit bi-monthly "to allow for movement within a risk level").

import { RISK_LEVELS, isRiskLevel, type RiskLevel } from '../risk/levels.ts';

export type Movement = 'up' | 'down' | 'same' | 'new';

const rank = (l: RiskLevel) => RISK_LEVELS.indexOf(l);

// DOMAIN §6: a child's movement compares the level decided at this panel with the level before it (none known: new)
export function movementBetween(before: string | null | undefined, after: RiskLevel): Movement {
  if (!isRiskLevel(before)) return 'new';
  const d = rank(after) - rank(before);
  return d > 0 ? 'up' : d < 0 ? 'down' : 'same';
}

export const movementNames: Record<Movement, string> = { up: 'Risk increased', down: 'Risk reduced', same: 'No change', new: 'First panel decision' };
