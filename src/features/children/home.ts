import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { childRepository } from './repository.ts';

/** The records the user created most recently, for the home page. */
export function childrenForHome(db: Db, user: SessionUser) {
  return childRepository(db).createdBy(user.partnershipId, user.userId, 10);
}
