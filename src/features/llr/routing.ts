import type { CeHistory } from './repository.ts';
import { plural } from '../../domain/words/plural.ts';

const EXPLOITATION_TEAM_ROUTE = 'exploitation-team';
export const NO_PREVIOUS_CE = 'No previous CE concerns: no further routing';

type ConcernRouting = { routedTo: string | null; reason: string; toTriage: boolean };

// DOMAIN §5: a concern with indicators goes to partners and the exploitation team; without, only if there are previous CE concerns
export function routeConcern(indicatorsPresent: boolean, history: CeHistory): ConcernRouting {
  if (indicatorsPresent) {
    return {
      routedTo: EXPLOITATION_TEAM_ROUTE,
      toTriage: true,
      reason:
        'Exploitation indicators are present: the concern is shared with partner agencies to consider any immediate safeguarding concerns, and with the police exploitation team for review and assessment before the DRMM.',
    };
  }
  const found = [
    history.concernsWithIndicators
      ? plural(history.concernsWithIndicators, 'earlier concern with exploitation indicators', 'earlier concerns with exploitation indicators')
      : '',
    history.thriveGradings ? plural(history.thriveGradings, 'THRIVE grading at a DRMM', 'THRIVE gradings at a DRMM') : '',
  ].filter(Boolean);
  if (found.length) {
    return {
      routedTo: EXPLOITATION_TEAM_ROUTE,
      toTriage: true,
      reason: `No exploitation indicators, but the check found previous CE concerns (${found.join(' and ')}): the concern is sent to the police exploitation team for review and assessment before discussion at the DRMM.`,
    };
  }
  return { routedTo: null, toTriage: false, reason: NO_PREVIOUS_CE };
}
