import type { Queryable } from '../db/client.ts';

/** A file sent with an email: text content (a calendar file, a CSV), never a child's name in the file name. */
export type MailAttachment = { filename: string; contentType: string; content: string };

/** Queues an email in the same transaction as what it reports; a worker sends it (see features/mail). */
export async function enqueueMail(
  q: Queryable,
  m: { partnershipId: string; to: string; subject: string; body: string; attachments?: readonly MailAttachment[] },
): Promise<void> {
  const attachments = (m.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content }));
  await q.query(`INSERT INTO outbox (partnership_id, to_address, subject, body, attachments) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    m.partnershipId,
    m.to,
    m.subject,
    m.body,
    JSON.stringify(attachments),
  ]);
}
