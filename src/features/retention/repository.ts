import type { Queryable } from '../../db/client.ts';
import type { ChildEraser } from '../children/service.ts';

/** The meeting items that discussed only this child ($1 partnership, $2 child): erased with the child. */
const soleItems = `SELECT c.item_id FROM agenda_item_children c WHERE c.partnership_id = $1 AND c.child_id = $2
   AND NOT EXISTS (SELECT 1 FROM agenda_item_children o WHERE o.partnership_id = $1 AND o.item_id = c.item_id AND o.child_id <> $2)`;
const childAssessments = `SELECT id FROM assessments WHERE partnership_id = $1 AND child_id = $2`;
const childActions = `SELECT id FROM actions WHERE partnership_id = $1 AND child_id = $2`;
const childPanelReferrals = `SELECT id FROM panel_referrals WHERE partnership_id = $1 AND child_id = $2`;

/**
 * Issue 16 item 12: what the retention job erases besides the children feature's own rows, in foreign-key order (the
 * rows that point at a row go before it), each step one statement ($1 partnership, $2 child) counted in the erasure's
 * audit entry by name. The meeting items that discussed only this child go with their contributions and recordings; a
 * group item stays, less this child (and its link to the child's assessment or referral). Intelligence links with
 * the child at one end go; the intelligence records themselves (persons, places) are not the child's and stay.
 * Every table with a child_id is covered (retention.test.ts checks none keeps a row after an erasure).
 */
const steps: [name: string, sql: string][] = [
  [
    'reminders_sent',
    `DELETE FROM reminders_sent WHERE partnership_id = $1 AND (subject_id = $2::uuid::text OR subject_id IN (SELECT id::text FROM actions WHERE partnership_id = $1 AND child_id = $2)
       OR subject_id IN (SELECT id::text FROM assessments WHERE partnership_id = $1 AND child_id = $2))`,
  ],
  [
    'edit_conflicts_of_parts',
    `DELETE FROM edit_conflicts WHERE partnership_id = $1 AND (record_id IN (${childAssessments}) OR record_id IN (${childActions})
       OR record_id IN (SELECT id FROM missing_episodes WHERE partnership_id = $1 AND child_id = $2)
       OR record_id IN (SELECT id FROM investigations WHERE partnership_id = $1 AND child_id = $2)
       OR record_id IN (${soleItems}))`,
  ],
  ['action_updates', `DELETE FROM action_updates WHERE partnership_id = $1 AND action_id IN (${childActions})`],
  ['actions', `DELETE FROM actions WHERE partnership_id = $1 AND child_id = $2`],
  ['meeting_recordings', `DELETE FROM meeting_recordings WHERE partnership_id = $1 AND (child_id = $2 OR item_id IN (${soleItems}))`],
  ['agenda_item_contributions', `DELETE FROM agenda_item_contributions WHERE partnership_id = $1 AND item_id IN (${soleItems})`],
  ['actions_unlinked_from_items', `UPDATE actions SET agenda_item_id = NULL WHERE partnership_id = $1 AND agenda_item_id IN (${soleItems})`],
  // Deleting an item removes its agenda_item_children row (ON DELETE CASCADE).
  ['agenda_items', `DELETE FROM agenda_items WHERE partnership_id = $1 AND id IN (${soleItems})`],
  ['agenda_item_children', `DELETE FROM agenda_item_children WHERE partnership_id = $1 AND child_id = $2`],
  [
    'agenda_items_unlinked',
    `UPDATE agenda_items SET risk_assessment_id = CASE WHEN risk_assessment_id IN (${childAssessments}) THEN NULL ELSE risk_assessment_id END,
            referral_id = CASE WHEN referral_id IN (${childPanelReferrals}) THEN NULL ELSE referral_id END
      WHERE partnership_id = $1 AND (risk_assessment_id IN (${childAssessments}) OR referral_id IN (${childPanelReferrals}))`,
  ],
  ['lateral_checks', `DELETE FROM lateral_checks WHERE partnership_id = $1 AND (child_id = $2 OR referral_id IN (${childPanelReferrals}))`],
  ['panel_referrals', `DELETE FROM panel_referrals WHERE partnership_id = $1 AND child_id = $2`],
  [
    'cse_sessions',
    `DELETE FROM cse_sessions WHERE partnership_id = $1 AND programme_id IN (SELECT id FROM cse_programmes WHERE partnership_id = $1 AND child_id = $2)`,
  ],
  ['cse_programmes', `DELETE FROM cse_programmes WHERE partnership_id = $1 AND child_id = $2`],
  ['npa_referrals', `DELETE FROM npa_referrals WHERE partnership_id = $1 AND (child_id = $2 OR assessment_id IN (${childAssessments}))`],
  ['pathway_steps', `DELETE FROM pathway_steps WHERE partnership_id = $1 AND (child_id = $2 OR assessment_id IN (${childAssessments}))`],
  ['assessment_reviews', `DELETE FROM assessment_reviews WHERE partnership_id = $1 AND (child_id = $2 OR assessment_id IN (${childAssessments}))`],
  ['ce_risk_assessment_updates', `DELETE FROM ce_risk_assessment_updates WHERE partnership_id = $1 AND child_id = $2`],
  ['triage_items', `DELETE FROM triage_items WHERE partnership_id = $1 AND child_id = $2`],
  ['referrals', `DELETE FROM referrals WHERE partnership_id = $1 AND child_id = $2`],
  ['concerns', `DELETE FROM concerns WHERE partnership_id = $1 AND child_id = $2`],
  ['assessments', `DELETE FROM assessments WHERE partnership_id = $1 AND child_id = $2`],
  ['missing_episodes', `DELETE FROM missing_episodes WHERE partnership_id = $1 AND child_id = $2`],
  ['child_events', `DELETE FROM child_events WHERE partnership_id = $1 AND child_id = $2`],
  ['trafficking_concerns', `DELETE FROM trafficking_concerns WHERE partnership_id = $1 AND child_id = $2`],
  ['investigations', `DELETE FROM investigations WHERE partnership_id = $1 AND child_id = $2`],
  ['intel_links', `DELETE FROM intel_links WHERE partnership_id = $1 AND (a_child_id = $2 OR b_child_id = $2)`],
  ['access_reasons', `DELETE FROM access_reasons WHERE partnership_id = $1 AND child_id = $2`],
  ['child_tracker_alerts', `DELETE FROM child_tracker_alerts WHERE partnership_id = $1 AND child_id = $2`],
  // Released holds only: an open hold (placed after the job read the list) keeps its row, whose foreign key then refuses
  // the child's delete, so nothing of a held child is erased.
  ['retention_holds', `DELETE FROM retention_holds WHERE partnership_id = $1 AND child_id = $2 AND released_at IS NOT NULL`],
];

/** The erasers given to the children service (services.ts): one per step, so the erasure's audit entry counts each. */
export const retentionErasers: readonly ChildEraser[] = steps.map(([name, sql]) => ({
  name,
  erase: async (q: Queryable, partnershipId: string, childId: string) => (await q.query(`${sql} RETURNING 1`, [partnershipId, childId])).length,
}));

export type RetentionCandidate = {
  id: string;
  reference: string;
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  last_activity: string;
  hold_reason: string | null;
  held_at: Date | null;
};

export const retentionRepository = {
  /**
   * Every child of the partnership with what the rule needs: the date of birth and the last activity (the latest of
   * the record's creation, its last change and its timeline), and an open hold if any.
   */
  candidates(q: Queryable, partnershipId: string): Promise<RetentionCandidate[]> {
    return q.query<RetentionCandidate>(
      `SELECT c.id, c.reference, c.first_name, c.last_name, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
              to_char(greatest(c.created_at, c.updated_at, (SELECT max(t.occurred_at) FROM timeline_events t WHERE t.partnership_id = c.partnership_id AND t.child_id = c.id))
                        AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS last_activity,
              h.reason AS hold_reason, h.placed_at AS held_at
         FROM children c
         LEFT JOIN retention_holds h ON h.partnership_id = c.partnership_id AND h.child_id = c.id AND h.released_at IS NULL
        WHERE c.partnership_id = $1`,
      [partnershipId],
    );
  },

  /** Places a hold; false when the child already has an open one. */
  async placeHold(q: Queryable, partnershipId: string, childId: string, reason: string, userId: string): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO retention_holds (partnership_id, child_id, reason, placed_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (partnership_id, child_id) WHERE released_at IS NULL DO NOTHING RETURNING 1`,
      [partnershipId, childId, reason, userId],
    );
    return rows.length === 1;
  },

  /** Releases the child's open hold; false when there was none. */
  async releaseHold(q: Queryable, partnershipId: string, childId: string, userId: string): Promise<boolean> {
    const rows = await q.query(
      `UPDATE retention_holds SET released_at = now(), released_by = $3 WHERE partnership_id = $1 AND child_id = $2 AND released_at IS NULL RETURNING 1`,
      [partnershipId, childId, userId],
    );
    return rows.length === 1;
  },

  async isHeld(q: Queryable, partnershipId: string, childId: string): Promise<boolean> {
    return (
      (await q.query(`SELECT 1 FROM retention_holds WHERE partnership_id = $1 AND child_id = $2 AND released_at IS NULL`, [partnershipId, childId])).length > 0
    );
  },
};
