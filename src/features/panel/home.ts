import type { Db } from '../../db/client.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { panelRepository } from './repository.ts';

/**
 * The meetings a lateral check is answered before (DOMAIN §6, 003: "Prior to each MACE meeting, the MACE panel
 * administrator will collate lateral checks"): the per-district types (the pre-MACE thresholding and the district
 * panel) where a partnership has them, otherwise every meeting type.
 */
function checkMeetingTypes(p: PartnershipConfig): string[] {
  const perDistrict = p.meetingTypes.filter((t) => t.perDistrict).map((t) => t.id);
  return perDistrict.length ? perDistrict : p.meetingTypes.map((t) => t.id);
}

/**
 * Issue 15 §12: lateral checks waiting for the user's agency, for the home page (references only), each with what is
 * asked and by when: the next meeting that will consider it, soonest first.
 */
export async function lateralChecksForHome(
  db: Db,
  user: SessionUser,
  p: PartnershipConfig,
): Promise<{ id: string; child_reference: string; requested_at: Date; answer_before: Date | null; answer_before_name: string | null }[]> {
  return panelRepository().waitingForHome(db, user.partnershipId, user.agencyId, checkMeetingTypes(p));
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
