import type { Queryable } from '../../db/client.ts';

/** One entry on a child's timeline (newest first on the child's page); `link` is a path within MACE. */
export type TimelineEvent = {
  partnershipId: string;
  childId: string;
  kind: string;
  summary: string;
  actorUserId: string;
  link?: string | null;
};

/** The one writer of the child's timeline: every feature adds its entries here, in the caller's transaction. */
export async function addTimelineEvent(q: Queryable, e: TimelineEvent): Promise<void> {
  await q.query(
    `INSERT INTO timeline_events (partnership_id, child_id, kind, summary, actor_user_id, link) VALUES ($1, $2, $3, $4, $5, $6)`,
    [e.partnershipId, e.childId, e.kind, e.summary, e.actorUserId, e.link ?? null],
  );
}
