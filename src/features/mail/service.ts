import { childIdsNamedIn } from '../children/service.ts';
import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import { outboxRepository, type OutboxRow } from './repository.ts';
import { MAX_ATTEMPTS } from './sender.ts';

const OUTBOX_PAGE_SIZE = 50;

type OutboxStatus = 'queued' | 'retrying' | 'sent' | 'failed';

function statusOf(row: Pick<OutboxRow, 'sent_at' | 'attempts'>, maxAttempts = MAX_ATTEMPTS): OutboxStatus {
  if (row.sent_at) return 'sent';
  if (row.attempts >= maxAttempts) return 'failed';
  return row.attempts > 0 ? 'retrying' : 'queued';
}

/** Issue 17 item 6: what the metrics say of the outbox (every partnership): mail unsent, given up on, and the oldest unsent's age. */
export function outboxSignals(q: Queryable) {
  return outboxRepository().signals(q, MAX_ATTEMPTS);
}

/** The admin's view of the outbox: one partnership's mail, newest first; reading it is audited. */
export function outboxService(db: Db) {
  const repo = outboxRepository();
  return {
    async page(actor: Actor, page: number) {
      return db.tx(async (q) => {
        const counts = await repo.counts(q, actor.partnershipId, MAX_ATTEMPTS);
        const pages = Math.max(1, Math.ceil(counts.total / OUTBOX_PAGE_SIZE));
        const current = Math.min(Math.max(1, page), pages);
        const rows = await repo.list(q, actor.partnershipId, OUTBOX_PAGE_SIZE, (current - 1) * OUTBOX_PAGE_SIZE);
        // Issue 16 item 6: the mail shown names children by reference; the entry names them.
        const children = await childIdsNamedIn(
          q,
          actor.partnershipId,
          rows.flatMap((r) => [r.subject, r.body]),
        );
        await audit(q, actor, {
          action: 'outbox.read',
          subjectType: 'outbox',
          details: { page: current, shown: rows.length, total: counts.total },
          childrenShown: children.length ? children : undefined,
        });
        return { counts, page: current, pages, rows: rows.map((r) => ({ ...r, status: statusOf(r) })) };
      });
    },
  };
}
