import type { Db, Queryable } from '../db/client.ts';
import type { TrackerClient } from './client.ts';
import { TrackerError } from './errors.ts';

/**
 * The app's outbox to the tracker: a child's encoding (or its withdrawal) is queued in the same transaction as the
 * change to the child, and sent later by `drainOutbox` (a job), so the tracker being down never blocks saving a
 * child. The table is created by the app's migration `src/db/migrations/023_tracker.sql`; `tracker_sent` (026), which
 * children have been sent, is kept by the drain.
 */

const upsert = `INSERT INTO tracker_outbox (partnership_id, ref, op, encoding) VALUES ($1, $2, $3, $4::jsonb)
  ON CONFLICT (partnership_id, ref) DO UPDATE SET op = EXCLUDED.op, encoding = EXCLUDED.encoding, seq = nextval('tracker_outbox_seq'),
    queued_at = now(), attempts = 0, next_attempt_at = now(), last_error = NULL, failed = false`;

/** Queues a child's encoding (created or changed), replacing anything queued for the child and not yet sent. */
export async function enqueueTrackerSubmit(q: Queryable, partnership: string, ref: string, encoding: unknown): Promise<void> {
  await q.query(upsert, [partnership, ref, 'submit', JSON.stringify(encoding)]);
}

/** Queues a child's withdrawal (record closed or erased), replacing anything queued for the child. */
export async function enqueueTrackerWithdraw(q: Queryable, partnership: string, ref: string): Promise<void> {
  await q.query(upsert, [partnership, ref, 'withdraw', null]);
}

export type DrainResult = {
  sent: number;
  /** Refused by the tracker (bad input): kept with `failed` and the reason, not retried until queued again. */
  failed: number;
  /** The tracker could not be reached: the rest wait for the next run. */
  unavailable: boolean;
};

/** Seconds before the next try after `attempts` failed ones: 30 s, doubling, at most an hour. */
const retryDelaySeconds = (attempts: number) => Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);

/**
 * Sends what is due, oldest first, at most `limit`. A row is removed only if nothing newer replaced it meanwhile.
 * Two drains at once may send a row twice: harmless (the tracker takes the same encoding twice as no change).
 */
export async function drainOutbox(db: Db, client: TrackerClient, opts: { limit?: number } = {}): Promise<DrainResult> {
  const rows = await db.query<{ partnership_id: string; ref: string; op: 'submit' | 'withdraw'; encoding: unknown; seq: string; attempts: number }>(
    `SELECT partnership_id, ref, op, encoding, seq::text AS seq, attempts FROM tracker_outbox
     WHERE NOT failed AND next_attempt_at <= now() ORDER BY queued_at, seq LIMIT $1`,
    [opts.limit ?? 100],
  );
  const out: DrainResult = { sent: 0, failed: 0, unavailable: false };
  for (const r of rows) {
    try {
      const encoding = typeof r.encoding === 'string' ? JSON.parse(r.encoding) : r.encoding;
      if (r.op === 'submit') await client.submit(r.partnership_id, r.ref, encoding);
      else await client.withdraw(r.partnership_id, r.ref);
      // Sent: off the queue, and the child is known to have been sent (tracker_sent) or, withdrawn, no longer.
      await db.query(
        r.op === 'submit'
          ? `WITH gone AS (DELETE FROM tracker_outbox WHERE partnership_id = $1 AND ref = $2 AND seq = $3::bigint RETURNING partnership_id, ref)
             INSERT INTO tracker_sent (partnership_id, ref) SELECT partnership_id, ref FROM gone
             ON CONFLICT (partnership_id, ref) DO UPDATE SET sent_at = now()`
          : `WITH gone AS (DELETE FROM tracker_outbox WHERE partnership_id = $1 AND ref = $2 AND seq = $3::bigint RETURNING partnership_id, ref)
             DELETE FROM tracker_sent s USING gone WHERE s.partnership_id = gone.partnership_id AND s.ref = gone.ref`,
        [r.partnership_id, r.ref, r.seq],
      );
      out.sent++;
    } catch (err) {
      const retryable = !(err instanceof TrackerError) || err.retryable;
      const message = err instanceof TrackerError ? `${err.code}: ${err.message}` : 'unexpected failure';
      if (retryable) {
        await db.query(
          `UPDATE tracker_outbox SET attempts = attempts + 1, last_error = $4, next_attempt_at = now() + make_interval(secs => $5)
           WHERE partnership_id = $1 AND ref = $2 AND seq = $3::bigint`,
          [r.partnership_id, r.ref, r.seq, message, retryDelaySeconds(r.attempts + 1)],
        );
        out.unavailable = true;
        break;
      }
      await db.query(
        `UPDATE tracker_outbox SET attempts = attempts + 1, last_error = $4, failed = true WHERE partnership_id = $1 AND ref = $2 AND seq = $3::bigint`,
        [r.partnership_id, r.ref, r.seq, message.slice(0, 500)],
      );
      out.failed++;
    }
  }
  return out;
}

/** Issue 17 item 6: the queue's size for the metrics (every partnership): entries waiting, refused, and the oldest waiting's age. */
export async function outboxSignals(q: Queryable): Promise<{ queued: number; failed: number; oldestQueuedSeconds: number }> {
  const [row] = await q.query<{ queued: number; failed: number; oldest: number }>(
    `SELECT count(*) FILTER (WHERE NOT failed)::int AS queued, count(*) FILTER (WHERE failed)::int AS failed,
            coalesce(extract(epoch FROM now() - min(queued_at) FILTER (WHERE NOT failed)), 0)::float8 AS oldest
       FROM tracker_outbox`,
  );
  return { queued: row!.queued, failed: row!.failed, oldestQueuedSeconds: Math.max(0, Math.round(row!.oldest)) };
}
