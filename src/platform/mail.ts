import type { Queryable } from '../db/client.ts';

/**
 * A file sent with an email: text content (a calendar file, a CSV) or bytes (a PDF document pack), never
 * a child's name in the file name. Bytes are kept in the outbox as base64 (encoding: 'base64').
 */
type MailAttachment = { filename: string; contentType: string; content: string | Uint8Array };
/** An attachment as the outbox keeps it (jsonb): text, or base64 of the bytes. */
export type StoredAttachment = { filename: string; contentType: string; content: string; encoding?: 'base64' };

/** Where users reach the service (PUBLIC_URL): an email's links must be whole addresses. Built once, in createServices. */
export type MailContext = { readonly publicUrl: string };
export const mailContext = (publicUrl: string): MailContext => ({ publicUrl: publicUrl.replace(/\/+$/, '') });
/** A link for an email: a path of the service on its public address (a mail client has no page to resolve a path against). */
export const mailLink = (mail: MailContext, path: string): string => `${mail.publicUrl}${path}`;

/** Queues an email in the same transaction as what it reports; a worker sends it (see features/mail). */
export async function enqueueMail(
  q: Queryable,
  m: { partnershipId: string; to: string; subject: string; body: string; attachments?: readonly MailAttachment[] },
): Promise<void> {
  const attachments: StoredAttachment[] = (m.attachments ?? []).map((a) =>
    typeof a.content === 'string'
      ? { filename: a.filename, contentType: a.contentType, content: a.content }
      : { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content).toString('base64'), encoding: 'base64' },
  );
  await q.query(`INSERT INTO outbox (partnership_id, to_address, subject, body, attachments) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    m.partnershipId,
    m.to,
    m.subject,
    m.body,
    JSON.stringify(attachments),
  ]);
}
