import type { Queryable } from '../db/client.ts';

/** Queues an email in the same transaction as what it reports; a worker sends it (see features/mail). */
export async function enqueueMail(q: Queryable, m: { partnershipId: string; to: string; subject: string; body: string }): Promise<void> {
  await q.query(`INSERT INTO outbox (partnership_id, to_address, subject, body) VALUES ($1, $2, $3, $4)`, [m.partnershipId, m.to, m.subject, m.body]);
}
