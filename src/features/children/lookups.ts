import type { Queryable } from '../../db/client.ts';
import { childRepository, type ChildRow, type SearchRow } from './repository.ts';
import { likelyDuplicates, rankSearch, type NewChild } from '../../domain/children/matching.ts';

// Reads of children for other features, which hold their own access check and audit: the child a record
// they have already checked carries, the owner of a child id (to audit a refusal), and the name search.
// A child looked up by id from a request goes through loadVisibleChild (access.ts) instead.

/** The child a record carries, in the caller's partnership and transaction. */
export function childOfRecord(q: Queryable, partnershipId: string, childId: string): Promise<ChildRow | undefined> {
  return childRepository(q).find(q, partnershipId, childId);
}

/** Which partnership a child id belongs to, if any (to audit an attempt across partnerships). */
export function partnershipOfChild(q: Queryable, childId: string): Promise<string | undefined> {
  return childRepository(q).partnershipOf(q, childId);
}

/** The children search (names, aliases, sounds-like) within one partnership; the caller audits it. */
export async function searchChildrenByName(q: Queryable, partnershipId: string, text: string, limit: number): Promise<SearchRow[]> {
  return rankSearch({ text }, await childRepository(q).searchCandidates(partnershipId, text, undefined, undefined), limit);
}

/**
 * Issue 15 item 13: the children already recorded in the partnership who are likely the same child as a new one (the same
 * rule and threshold as the "Add a child" form: domain/children/matching.ts likelyDuplicates), in the caller's transaction;
 * the caller audits what it shows.
 */
export async function likelyRecordedIn(q: Queryable, partnershipId: string, input: NewChild) {
  const text = `${input.firstName} ${input.lastName}`;
  return likelyDuplicates(input, await childRepository(q).searchCandidates(partnershipId, text, input.dateOfBirth ?? undefined, undefined));
}
