import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { panelRepository } from './repository.ts';

/** Lateral checks waiting for the user's agency, for the home page: references only, oldest first. */
export async function lateralChecksForHome(db: Db, user: SessionUser): Promise<{ id: string; child_reference: string; requested_at: Date }[]> {
  const rows = await panelRepository().waiting(db, user.partnershipId, user.agencyId, 50);
  return rows.map((r) => ({ id: r.id, child_reference: r.child_reference, requested_at: r.requested_at }));
}
