import type { Queryable } from '../../db/client.ts';

/** One entry on a child's timeline (newest first on the child's page); `link` is a path within MACE. */
type TimelineEvent = {
  partnershipId: string;
  childId: string;
  kind: string;
  summary: string;
  actorUserId: string;
  link?: string | null;
};

/** The one writer of the child's timeline: every feature adds its entries here, in the caller's transaction. */
export async function addTimelineEvent(q: Queryable, e: TimelineEvent): Promise<void> {
  await q.query(`INSERT INTO timeline_events (partnership_id, child_id, kind, summary, actor_user_id, link) VALUES ($1, $2, $3, $4, $5, $6)`, [
    e.partnershipId,
    e.childId,
    e.kind,
    e.summary,
    e.actorUserId,
    e.link ?? null,
  ]);
}

/** Many entries at once (a bulk import's "Record imported" on each child it created), in the caller's transaction. */
export async function addTimelineEvents(q: Queryable, events: TimelineEvent[]): Promise<void> {
  if (!events.length) return;
  await q.query(
    `INSERT INTO timeline_events (partnership_id, child_id, kind, summary, actor_user_id, link)
     SELECT r.partnership_id, r.child_id, r.kind, r.summary, r.actor_user_id, r.link
       FROM jsonb_to_recordset($1::jsonb) AS r(partnership_id text, child_id uuid, kind text, summary text, actor_user_id uuid, link text)`,
    [
      JSON.stringify(
        events.map((e) => ({
          partnership_id: e.partnershipId,
          child_id: e.childId,
          kind: e.kind,
          summary: e.summary,
          actor_user_id: e.actorUserId,
          link: e.link ?? null,
        })),
      ),
    ],
  );
}
