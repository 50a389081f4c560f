import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { enqueueMail } from '../../platform/mail.ts';
import { mailSender, backoffSeconds, MAX_ATTEMPTS } from './sender.ts';
import { startSmtpServer, closedSmtpUrl } from './test-smtp.ts';

const t = await testApp();
// The demo data queues mail of its own (its RFMs go to the CE coordinators): start from an empty queue.
await t.db.query(`UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL`);
const smtp = await startSmtpServer({ rejectRecipients: (to) => to.startsWith('nobody@') });
after(() => smtp.close());
const from = 'MACE <no-reply@mace.example.org>';
const quiet = () => {};

type Row = { id: string; sent_at: Date | null; attempts: number; last_error: string | null; next_attempt_at: Date; created_at: Date };
const row = async (subject: string) =>
  (await t.db.query<Row>(`SELECT id::text, sent_at, attempts, last_error, next_attempt_at, created_at FROM outbox WHERE subject = $1`, [subject]))[0]!;

test('a queued email is sent over SMTP with its recipient, subject and body, and marked sent', async () => {
  const subject = 'Triage decision for child MC000001';
  await enqueueMail(t.db, {
    partnershipId: 'staffordshire',
    to: 'practitioner@staffordshire.example.org',
    subject,
    body: 'Decision:\n- Early Help Assessment\n\nOFFICIAL-SENSITIVE – a line with “quotes” that is long enough to be wrapped by quoted-printable encoding when sent',
  });
  const sender = mailSender(t.db, { smtpUrl: smtp.url, from, log: quiet });
  const result = await sender.runOnce();
  sender.close();
  assert.equal(result.sent, 1);
  const got = smtp.received.find((m) => m.subject === subject);
  assert.ok(got, 'the message arrived');
  assert.deepEqual(got.to, ['practitioner@staffordshire.example.org']);
  assert.equal(got.from, 'no-reply@mace.example.org');
  assert.match(got.text, /^Decision:\n- Early Help Assessment\n\nOFFICIAL-SENSITIVE – a line with “quotes”/);
  assert.equal(got.headers['auto-submitted'], 'auto-generated');
  const r = await row(subject);
  assert.ok(r.sent_at, 'marked sent');
  assert.equal(r.attempts, 1);
  assert.equal(r.last_error, null);
  assert.equal((await mailSender(t.db, { smtpUrl: smtp.url, from, log: quiet }).runOnce()).claimed, 0, 'a sent message is not sent again');
});

test('when the mail server cannot be reached the email stays unsent, with one attempt, the error and a later retry', async () => {
  const subject = 'Unreachable server';
  await enqueueMail(t.db, { partnershipId: 'staffordshire', to: 'coordinator@staffordshire.example.org', subject, body: 'Body' });
  const before = await row(subject);
  const sender = mailSender(t.db, { smtpUrl: await closedSmtpUrl(), from, log: quiet });
  const result = await sender.runOnce();
  sender.close();
  assert.equal(result.failed, 1);
  const r = await row(subject);
  assert.equal(r.sent_at, null);
  assert.equal(r.attempts, 1);
  assert.ok(r.last_error && /ECONNREFUSED|ESOCKET|ECONNECTION/.test(r.last_error), r.last_error ?? 'no error recorded');
  assert.ok(r.next_attempt_at.getTime() > before.next_attempt_at.getTime() + 50_000, 'the next attempt is about a minute later');
  // Not yet due: a working sender leaves it alone until then.
  const later = await mailSender(t.db, { smtpUrl: smtp.url, from, log: quiet }).runOnce();
  assert.equal(smtp.received.filter((m) => m.subject === subject).length, 0);
  assert.equal(later.claimed, 0);
  // Once due, it goes.
  await t.db.query(`UPDATE outbox SET next_attempt_at = now() WHERE id = $1`, [r.id]);
  assert.equal((await mailSender(t.db, { smtpUrl: smtp.url, from, log: quiet }).runOnce()).sent, 1);
  const sent = await row(subject);
  assert.ok(sent.sent_at);
  assert.equal(sent.attempts, 2);
});

test('a recipient the server refuses for good is not retried', async () => {
  const subject = 'Refused recipient';
  await enqueueMail(t.db, { partnershipId: 'staffordshire', to: 'nobody@staffordshire.example.org', subject, body: 'Body' });
  await enqueueMail(t.db, { partnershipId: 'staffordshire', to: 'chair@staffordshire.example.org', subject: 'After the refused one', body: 'Body' });
  const result = await mailSender(t.db, { smtpUrl: smtp.url, from, log: quiet }).runOnce();
  assert.deepEqual([result.sent, result.failed], [1, 1], 'one refused recipient does not stop the batch');
  const r = await row(subject);
  assert.equal(r.sent_at, null);
  assert.equal(r.attempts, MAX_ATTEMPTS);
  assert.match(r.last_error!, /550/);
});

test('several senders at once deliver each email exactly once', async () => {
  const subjects = Array.from({ length: 12 }, (_, i) => `Concurrent ${i}`);
  for (const subject of subjects) await enqueueMail(t.db, { partnershipId: 'rotherham', to: 'coordinator@rotherham.example.org', subject, body: 'Body' });
  const senders = [1, 2, 3].map(() => mailSender(t.db, { smtpUrl: smtp.url, from, batchSize: 5, log: quiet }));
  for (let round = 0; round < 3; round++) await Promise.all(senders.map((s) => s.runOnce()));
  for (const s of senders) s.close();
  for (const subject of subjects) assert.equal(smtp.received.filter((m) => m.subject === subject).length, 1, subject);
  const [{ n }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE subject LIKE 'Concurrent %' AND sent_at IS NULL`)) as [
    { n: number },
  ];
  assert.equal(n, 0);
});

test('the wait between attempts doubles from a minute and stops growing at six hours', () => {
  assert.deepEqual([1, 2, 3, 4].map(backoffSeconds), [60, 120, 240, 480]);
  assert.equal(backoffSeconds(20), 6 * 60 * 60);
});

test('the outbox page lists queued and sent email for admins, and reading it is audited', async () => {
  const admin = await t.signIn('admin');
  const res = await admin.agent.get('/admin/outbox');
  assert.equal(res.status, 200);
  assert.match(res.text, /<h1 class="govuk-heading-l">Outbox \(\d+\)<\/h1>/);
  assert.match(res.text, /Triage decision for child MC000001/);
  assert.match(res.text, /govuk-tag--green">Sent/);
  assert.match(res.text, /govuk-tag--red">Failed/);
  assert.doesNotMatch(res.text, /Concurrent 0/, 'another partnership’s mail is not listed');
  const [entry] = await t.db.query<{ action: string; outcome: string }>(
    `SELECT action, outcome FROM audit_events WHERE action = 'outbox.read' AND actor_user_id = $1 ORDER BY id DESC LIMIT 1`,
    [await t.userId('admin')],
  );
  assert.deepEqual(entry, { action: 'outbox.read', outcome: 'allowed' });
});

test('the outbox page is for admins only', async () => {
  const coordinator = await t.signIn('coordinator');
  assert.equal((await coordinator.agent.get('/admin/outbox')).status, 403);
});

test('an attachment (the invitation’s calendar file) arrives with the email, with its name, type and content', async () => {
  const subject = 'Invitation with a calendar file';
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    'UID:series-1@mace.example.org',
    'SUMMARY:District MACE panel',
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
  await enqueueMail(t.db, {
    partnershipId: 'staffordshire',
    to: 'chair@staffordshire.example.org',
    subject,
    body: 'You have been added to the panel.',
    attachments: [{ filename: 'invite.ics', contentType: 'text/calendar; method=PUBLISH; charset=utf-8', content: ics }],
  });
  const sender = mailSender(t.db, { smtpUrl: smtp.url, from, log: quiet });
  assert.equal((await sender.runOnce()).sent, 1);
  sender.close();
  const got = smtp.received.find((m) => m.subject === subject);
  assert.ok(got, 'the message arrived');
  assert.match(got.headers['content-type'] ?? '', /^multipart\/mixed/);
  assert.equal(got.text, 'You have been added to the panel.');
  assert.equal(got.attachments.length, 1);
  assert.equal(got.attachments[0]!.filename, 'invite.ics');
  assert.equal(got.attachments[0]!.contentType, 'text/calendar');
  assert.equal(got.attachments[0]!.content.replace(/\n/g, '\r\n'), ics);
});

test('an email without attachments is still a single text part', async () => {
  const subject = 'Plain reminder';
  await enqueueMail(t.db, { partnershipId: 'staffordshire', to: 'chair@staffordshire.example.org', subject, body: 'Two actions are overdue.' });
  const sender = mailSender(t.db, { smtpUrl: smtp.url, from, log: quiet });
  await sender.runOnce();
  sender.close();
  const got = smtp.received.find((m) => m.subject === subject)!;
  assert.match(got.headers['content-type'] ?? '', /^text\/plain/);
  assert.deepEqual(got.attachments, []);
});

test('a binary attachment (bytes) is kept as base64 in the outbox and arrives byte for byte', async () => {
  const subject = 'A binary attachment';
  const bytes = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256));
  await enqueueMail(t.db, {
    partnershipId: 'staffordshire',
    to: 'chair@staffordshire.example.org',
    subject,
    body: 'The pack is attached.',
    attachments: [{ filename: 'pack.pdf', contentType: 'application/pdf', content: bytes }],
  });
  const [stored] = await t.db.query<{ attachments: { content: string; encoding: string }[] }>(`SELECT attachments FROM outbox WHERE subject = $1`, [subject]);
  assert.equal(stored!.attachments[0]!.encoding, 'base64');
  const sender = mailSender(t.db, { smtpUrl: smtp.url, from, log: quiet });
  assert.equal((await sender.runOnce()).sent, 1);
  sender.close();
  const got = smtp.received.find((m) => m.subject === subject)!;
  assert.equal(got.attachments[0]!.filename, 'pack.pdf');
  assert.ok(got.attachments[0]!.bytes.equals(bytes));
});
