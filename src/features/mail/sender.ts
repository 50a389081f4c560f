import type { Db } from '../../db/client.ts';
import { outboxRepository, type ClaimedMail } from './repository.ts';

/** After this many attempts a message is no longer tried; the outbox page shows it as failed. */
export const MAX_ATTEMPTS = 8;

/** Seconds before the next attempt after `attempts` failed ones: 1, 2, 4 … minutes, at most 6 hours. */
export function backoffSeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60);
}

type SenderOptions = {
  smtpUrl: string;
  from: string;
  /** Messages claimed per run. */
  batchSize?: number;
  /** How long a claimed message is held by this worker before another may take it. */
  leaseSeconds?: number;
  maxAttempts?: number;
  /** Connection, greeting and socket timeouts, in milliseconds. */
  timeoutMs?: number;
  /** Where counts of failures go (never addresses or content). */
  log?: (entry: Record<string, unknown>) => void;
};

type RunResult = { claimed: number; sent: number; failed: number };

type SmtpError = Error & { code?: string; responseCode?: number; permanent?: boolean };

/** Codes of errors about one message rather than the connection: the rest of the batch can still go. */
const messageErrors = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

const describe = (err: SmtpError) =>
  `${err.code ?? err.name ?? 'Error'}${err.responseCode ? ` ${err.responseCode}` : ''}: ${err.message}`.replace(/\s+/g, ' ').slice(0, 500);

/**
 * Sends the outbox with nodemailer over SMTP. Several processes may run it at once: each run claims
 * due rows in a short transaction (FOR UPDATE SKIP LOCKED, then a lease), sends outside the
 * transaction (never holding the database while talking to the mail server), then marks each row
 * sent, or records the error and when to try again.
 */
export function mailSender(db: Db, o: SenderOptions) {
  const repo = outboxRepository();
  const batchSize = o.batchSize ?? 20;
  const leaseSeconds = o.leaseSeconds ?? 300;
  const maxAttempts = o.maxAttempts ?? MAX_ATTEMPTS;
  const timeout = o.timeoutMs ?? 15_000;
  const log = o.log ?? ((e) => console.error(JSON.stringify({ at: new Date().toISOString(), ...e })));
  // nodemailer is loaded when there is first something to send (issue 17 item 7): a process that sends no mail never holds it.
  let transport: ReturnType<typeof import('nodemailer').createTransport> | undefined;
  let loading: Promise<NonNullable<typeof transport>> | undefined;
  const transportFor = () =>
    (loading ??= import('nodemailer').then(
      (nodemailer) =>
        (transport = nodemailer.createTransport({ url: o.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout * 2 })),
      (err: unknown) => {
        loading = undefined; // tried again on the next run
        throw err;
      },
    ));
  const domain = /@([^>\s]+)>?\s*$/.exec(o.from)?.[1] ?? 'mace.invalid';

  async function fail(m: ClaimedMail, err: SmtpError) {
    const permanent = err.permanent === true;
    await repo.markFailed(db, m, describe(err), backoffSeconds(m.attempts), permanent ? maxAttempts : undefined);
  }

  async function runOnce(): Promise<RunResult> {
    const claimed = await db.tx((q) => repo.claim(q, batchSize, leaseSeconds, maxAttempts));
    const result: RunResult = { claimed: claimed.length, sent: 0, failed: 0 };
    if (!claimed.length) return result;
    let transport: Awaited<ReturnType<typeof transportFor>>;
    try {
      transport = await transportFor();
    } catch (e) {
      // The mail library could not be loaded: every claimed message is failed with the reason, as when the server cannot be reached.
      for (const m of claimed) await fail(m, e as SmtpError);
      log({ level: 'error', event: 'mail.failed', failed: claimed.length, sent: 0 });
      return { ...result, failed: claimed.length };
    }
    for (let i = 0; i < claimed.length; i++) {
      const m = claimed[i]!;
      try {
        await transport.sendMail({
          from: o.from,
          to: m.to_address,
          subject: m.subject,
          text: m.body,
          // Bytes (a PDF) are kept as base64 and sent as such; text attachments as they are.
          attachments: (m.attachments ?? []).map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.content,
            ...(a.encoding === 'base64' ? { encoding: 'base64' } : {}),
          })),
          // The same id on a retry lets a mail server drop a duplicate of a message already delivered.
          messageId: `<outbox-${m.id}.${m.partnership_id}@${domain}>`,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        });
        await repo.markSent(db, m);
        result.sent++;
      } catch (e) {
        const err = e as SmtpError;
        await fail(m, err);
        result.failed++;
        // The server cannot be reached: the rest of the batch would fail the same way, so record that now.
        if (!err.responseCode && !messageErrors.has(err.code ?? '')) {
          for (const rest of claimed.slice(i + 1)) {
            await fail(rest, err);
            result.failed++;
          }
          break;
        }
      }
    }
    if (result.failed) log({ level: 'error', event: 'mail.failed', failed: result.failed, sent: result.sent });
    return result;
  }

  /** Runs the sender every `intervalMs` (never two runs at once) until the returned stop is called. */
  function start(intervalMs = 15_000): () => Promise<void> {
    let running: Promise<unknown> | undefined;
    const tick = () => {
      if (running) return;
      running = runOnce()
        // The error's name and code only: a mail server's message may quote an address.
        .catch((err: SmtpError) => log({ level: 'error', event: 'mail.run-failed', name: err.name, code: err.code }))
        .finally(() => {
          running = undefined;
        });
    };
    const first = setTimeout(tick, 1_000);
    const timer = setInterval(tick, intervalMs);
    first.unref();
    timer.unref();
    return async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
      transport?.close();
    };
  }

  return { runOnce, start, close: () => transport?.close() };
}
