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
export async function referralsForHome(db: Db, user: SessionUser): Promise<{ id: string; child_reference: string; first_name: string; last_name: string; stage: 'threshold' | 'agenda'; outstanding: number }[]> {
  return db.query(
    `SELECT r.id, c.reference AS child_reference, c.first_name, c.last_name,
            CASE WHEN r.status = 'proposed' THEN 'threshold' ELSE 'agenda' END AS stage,
            (SELECT count(*)::int FROM lateral_checks l WHERE l.partnership_id = r.partnership_id AND l.referral_id = r.id AND l.status = 'requested') AS outstanding
       FROM panel_referrals r JOIN children c ON c.partnership_id = r.partnership_id AND c.id = r.child_id
      WHERE r.partnership_id = $1 AND (r.status = 'proposed' OR (r.status = 'thresholded' AND r.category = 1
        AND NOT EXISTS (SELECT 1 FROM agenda_item_children ic
                          JOIN agenda_items i ON i.partnership_id = ic.partnership_id AND i.id = ic.item_id
                          JOIN meeting_occurrences o ON o.partnership_id = i.partnership_id AND o.id = i.occurrence_id
                         WHERE ic.partnership_id = r.partnership_id AND ic.child_id = r.child_id AND o.starts_at > now() AND o.status <> 'cancelled')))
      ORDER BY r.referred_at, r.id
      LIMIT 50`,
    [user.partnershipId],
  );
}
