import type { Queryable } from '../../db/client.ts';

/**
 * Marks for review_due (migration 071): a write that changes what falls due for a child marks the child, in the write's
 * own transaction, and the next read of the dashboard computes it again (settleDue in ./service.ts) before reading.
 * Marking needs no configuration, so each repository that writes an input of the schedule marks where it writes:
 * assessments (submitted, superseded), RFM reviews, CE risk assessments, a panel's decision and the children it is
 * about, the child's district, closing and reopening it, and a district panel added, moved or cancelled. Erasing a
 * child deletes its rows and marks with it (foreign keys, ON DELETE CASCADE).
 */

/** These children's schedules changed. */
export async function markDue(q: Queryable, partnershipId: string, childIds: readonly string[]): Promise<void> {
  if (!childIds.length) return;
  await q.query(`INSERT INTO review_due_stale (partnership_id, child_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [partnershipId, childIds]);
}

/** The schedules of the children these agenda items are about (their decisions, or who they are about, changed). */
export async function markDueOfItems(q: Queryable, partnershipId: string, itemIds: readonly string[]): Promise<void> {
  if (!itemIds.length) return;
  await q.query(
    `INSERT INTO review_due_stale (partnership_id, child_id)
     SELECT DISTINCT partnership_id, child_id FROM agenda_item_children WHERE partnership_id = $1 AND item_id = ANY($2::uuid[])
     ON CONFLICT DO NOTHING`,
    [partnershipId, itemIds],
  );
}

/**
 * A meeting of this series was added, moved or cancelled: the children whose review falls at their district's next panel
 * (those with a review stored in the series' district) are computed again. A series without a district changes no one's.
 */
export async function markDueOfSeries(q: Queryable, partnershipId: string, seriesId: string): Promise<void> {
  await q.query(
    `INSERT INTO review_due_stale (partnership_id, child_id)
     SELECT d.partnership_id, d.child_id
       FROM meeting_series s JOIN review_due d ON d.partnership_id = s.partnership_id AND d.district_id = s.district_id AND d.kind = 'review'
      WHERE s.partnership_id = $1 AND s.id = $2
     ON CONFLICT DO NOTHING`,
    [partnershipId, seriesId],
  );
}

/** A meeting was moved or cancelled: as markDueOfSeries, for its series. */
export async function markDueOfOccurrence(q: Queryable, partnershipId: string, occurrenceId: string): Promise<void> {
  const [o] = await q.query<{ series_id: string }>(`SELECT series_id FROM meeting_occurrences WHERE partnership_id = $1 AND id = $2`, [
    partnershipId,
    occurrenceId,
  ]);
  if (o) await markDueOfSeries(q, partnershipId, o.series_id);
}

/** The child's record was saved: marked only when its district is not the one its stored rows were computed for. */
export async function markDueIfMoved(q: Queryable, partnershipId: string, childId: string, districtId: string | null): Promise<void> {
  await q.query(
    `INSERT INTO review_due_stale (partnership_id, child_id)
     SELECT partnership_id, child_id FROM review_due
      WHERE partnership_id = $1 AND child_id = $2 AND district_id IS DISTINCT FROM $3
      LIMIT 1
     ON CONFLICT DO NOTHING`,
    [partnershipId, childId, districtId],
  );
}
