import type { Queryable } from '../../db/client.ts';

/** Puts a new RFM, referral or concern in the coordinators' triage inbox, in the caller's transaction. */
export async function addToTriage(
  q: Queryable,
  item: {
    partnershipId: string;
    childId: string;
    districtId: string | null;
    kind: 'assessment' | 'referral' | 'concern';
    subjectId: string;
    summary: string;
    referrerUserId: string;
  },
): Promise<string> {
  const [row] = await q.query<{ id: string }>(
    `INSERT INTO triage_items (partnership_id, child_id, district_id, kind, subject_id, summary, referrer_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [item.partnershipId, item.childId, item.districtId, item.kind, item.subjectId, item.summary, item.referrerUserId],
  );
  return row!.id;
}
