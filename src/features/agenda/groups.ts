import type { Queryable } from '../../db/client.ts';
import { groupsForChildren } from '../network/service.ts';

/** Children the intelligence links together, offered as one group to discuss in one slot (DOMAIN §6). */
export type SuggestedGroup = { childIds: string[]; reason: string };

/**
 * DOMAIN §6: "a group of children mapped together is discussed in one slot". Groups of the given
 * children that intelligence links (associations, shared locations, phones, persons of concern).
 * The network feature (issue #6) finds them: connected components of the children and the persons,
 * locations, vehicles and phones they share (Louvain communities when a component is too large for a slot),
 * with the reason in words ("Share the person X and the location Y.").
 */
export async function suggestedGroups(db: Queryable, partnershipId: string, childIds: readonly string[]): Promise<SuggestedGroup[]> {
  return groupsForChildren(db, partnershipId, childIds);
}
