import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { assessmentRepository } from './repository.ts';

/** Drafts the user started and has not submitted, for the home page: long forms are finished over days. */
export function draftsForHome(db: Db, user: SessionUser) {
  return assessmentRepository().draftsByAuthor(db, user.partnershipId, user.userId);
}
