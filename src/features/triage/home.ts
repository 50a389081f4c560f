import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { triageRepository } from './repository.ts';

/** The triage inbox's open items by status, for the home page. */
export function triageCountsForHome(db: Db, user: SessionUser) {
  return triageRepository().openCounts(db, user.partnershipId);
}
