import type { Queryable } from '../../db/client.ts';
import { trackerRepository } from './repository.ts';

/**
 * Issue 14: the partnerships that also hold a child, both coordinators having confirmed the tracker's match: the
 * identity bar says "Also known to" them (features/reviews childHeader reads it with the child's risk).
 */
export function alsoKnownTo(q: Queryable, partnershipId: string, childId: string): Promise<string[]> {
  return trackerRepository().alsoKnownTo(q, partnershipId, childId);
}
