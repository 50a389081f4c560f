import type { Queryable } from '../../db/client.ts';
import type { StoredAttachment } from '../../platform/mail.ts';

export type OutboxRow = {
  id: string;
  partnership_id: string;
  to_address: string;
  subject: string;
  body: string;
  created_at: Date;
  sent_at: Date | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  attachments?: StoredAttachment[];
};

/** A message's key: its partnership and id (migration 050). */
export type MailKey = Pick<OutboxRow, 'partnership_id' | 'id'>;

export type ClaimedMail = Pick<OutboxRow, 'id' | 'partnership_id' | 'to_address' | 'subject' | 'body' | 'attempts' | 'attachments'>;

/** The outbox: all its SQL. The worker works across partnerships; the admin page reads one partnership. */
export function outboxRepository() {
  return {
    /**
     * Claims up to `limit` due messages for this worker, in the caller's transaction. Rows another
     * worker holds are skipped (FOR UPDATE SKIP LOCKED); each claimed row counts an attempt and is
     * leased (next_attempt_at moved forward) so that no other worker takes it while it is being sent.
     * A worker that dies mid-send leaves the lease to expire and the message is tried again.
     */
    async claim(q: Queryable, limit: number, leaseSeconds: number, maxAttempts: number): Promise<ClaimedMail[]> {
      const rows = await q.query<ClaimedMail>(
        `UPDATE outbox o SET attempts = o.attempts + 1, next_attempt_at = now() + $2 * interval '1 second'
          WHERE (o.partnership_id, o.id) IN (SELECT partnership_id, id FROM outbox
                          WHERE sent_at IS NULL AND next_attempt_at <= now() AND attempts < $3
                          ORDER BY next_attempt_at, id
                          LIMIT $1
                          FOR UPDATE SKIP LOCKED)
          RETURNING o.id::text AS id, o.partnership_id, o.to_address, o.subject, o.body, o.attempts, o.attachments`,
        [limit, leaseSeconds, maxAttempts],
      );
      return rows.sort((a, b) => Number(a.id) - Number(b.id));
    },

    async markSent(q: Queryable, m: MailKey): Promise<void> {
      await q.query(`UPDATE outbox SET sent_at = now(), last_error = NULL WHERE partnership_id = $1 AND id = $2 AND sent_at IS NULL`, [m.partnership_id, m.id]);
    },

    /** Records a failed attempt; the next one waits `retryInSeconds`, or never comes when `giveUpAt` is set. */
    async markFailed(q: Queryable, m: MailKey, error: string, retryInSeconds: number, giveUpAt?: number): Promise<void> {
      await q.query(
        `UPDATE outbox SET last_error = $3, next_attempt_at = now() + $4 * interval '1 second',
                attempts = CASE WHEN $5::int IS NULL THEN attempts ELSE greatest(attempts, $5::int) END
          WHERE partnership_id = $1 AND id = $2 AND sent_at IS NULL`,
        [m.partnership_id, m.id, error, retryInSeconds, giveUpAt ?? null],
      );
    },

    async list(q: Queryable, partnershipId: string, limit: number, offset: number): Promise<OutboxRow[]> {
      return q.query<OutboxRow>(
        `SELECT id::text AS id, partnership_id, to_address, subject, body, created_at, sent_at, attempts, last_error, next_attempt_at
           FROM outbox WHERE partnership_id = $1
          ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [partnershipId, limit, offset],
      );
    },

    async counts(q: Queryable, partnershipId: string, maxAttempts: number) {
      const [row] = await q.query<{ total: number; sent: number; failed: number; queued: number }>(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
                count(*) FILTER (WHERE sent_at IS NULL AND attempts >= $2)::int AS failed,
                count(*) FILTER (WHERE sent_at IS NULL AND attempts < $2)::int AS queued
           FROM outbox WHERE partnership_id = $1`,
        [partnershipId, maxAttempts],
      );
      return row!;
    },

    /** Issue 17 item 6: the whole outbox's unsent mail (every partnership), for the metrics: counts and the oldest's age. */
    async signals(q: Queryable, maxAttempts: number) {
      const [row] = await q.query<{ pending: number; failed: number; oldest: number }>(
        `SELECT count(*) FILTER (WHERE attempts < $1)::int AS pending,
                count(*) FILTER (WHERE attempts >= $1)::int AS failed,
                coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE attempts < $1)), 0)::float8 AS oldest
           FROM outbox WHERE sent_at IS NULL`,
        [maxAttempts],
      );
      return { pending: row!.pending, failed: row!.failed, oldestPendingSeconds: Math.max(0, Math.round(row!.oldest)) };
    },
  };
}
