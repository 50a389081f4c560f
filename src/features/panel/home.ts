import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { panelRepository } from './repository.ts';

/** Lateral checks waiting for the user's agency, for the home page: references only, oldest first. */
export async function lateralChecksForHome(db: Db, user: SessionUser): Promise<{ id: string; child_reference: string; requested_at: Date }[]> {
  const rows = await panelRepository().waiting(db, user.partnershipId, user.agencyId, 50);
  return rows.map((r) => ({ id: r.id, child_reference: r.child_reference, requested_at: r.requested_at }));
}

/**
 * Issue #5: open panel referrals waiting for the coordinator, for the home page (oldest first): those to
 * threshold, and those thresholded to discuss at MACE that are not yet on the agenda of a meeting to come.
 */
export async function referralsForHome(
  db: Db,
  user: SessionUser,
): Promise<{ id: string; child_reference: string; first_name: string; last_name: string; stage: 'threshold' | 'agenda'; outstanding: number }[]> {
  return panelRepository().waitingForCoordinator(db, user.partnershipId);
}
