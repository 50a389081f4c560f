import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { PDFParse } from 'pdf-parse';
import { testApp } from '../../test-support/app.ts';
import { ensureSeries } from '../meetings/service.ts';
import { mailSender } from '../mail/sender.ts';
import { startSmtpServer } from '../mail/test-smtp.ts';
import { mailContext } from '../../platform/mail.ts';
import { runDueJobs } from '../jobs/runner.ts';
import { meetingDeadline } from '../../domain/calendar/deadlines.ts';
import { localDateOf, localToInstant } from '../../domain/calendar/recurrence.ts';
import { formatDate } from '../../platform/dates.ts';

const t = await testApp();
// What the jobs are given: where email links point and the bank holidays (the test app's configuration).
const jobs = { links: mailContext(t.config.publicUrl), calendar: t.config.bankHolidays };
const llr = t.partnerships.get('llr')!;
const onlyLlr = new Map([['llr', llr]]);
const coordinator = await t.signIn('coordinator', 'llr');
const practitioner = await t.signIn('practitioner', 'llr');
// The demo data queues mail of its own: start from an empty queue.
await t.db.query(`UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL`);
const smtp = await startSmtpServer();
after(() => smtp.close());

await t.db.tx((q) => ensureSeries(q, llr, t.config.bankHolidays));
const next = async (type: string, skip = 0) =>
  (
    await t.db.query<{ id: string; series_id: string; starts_at: Date }>(
      `SELECT o.id, o.series_id, o.starts_at FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = 'llr' AND s.type_id = $1 AND o.status <> 'cancelled' AND o.starts_at > now() + interval '10 days' ORDER BY o.starts_at OFFSET $2 LIMIT 1`,
      [type, skip],
    )
  )[0]!;
const form = await next('form');
const formLater = await next('form', 1);
const drmm = await next('drmm');

// Members of the FORM and DRMM series: two users (one disabled) and a member outside MACE.
const coordinatorId = await t.userId('coordinator', 'llr');
const chairId = await t.userId('chair', 'llr');
const analystId = await t.userId('analyst', 'llr');
for (const seriesId of [form.series_id, drmm.series_id]) {
  // The demo's own members of these series are replaced by ours (with what refers to them).
  const members = `(SELECT id FROM meeting_members WHERE partnership_id = 'llr' AND series_id = $1)`;
  await t.db.query(`DELETE FROM meeting_invitation_responses WHERE partnership_id = 'llr' AND member_id IN ${members}`, [seriesId]);
  await t.db.query(`UPDATE meeting_attendance SET deputy_for_member_id = NULL WHERE partnership_id = 'llr' AND deputy_for_member_id IN ${members}`, [seriesId]);
  await t.db.query(`DELETE FROM meeting_members WHERE partnership_id = 'llr' AND series_id = $1`, [seriesId]);
  await t.db.query(
    `INSERT INTO meeting_members (partnership_id, series_id, user_id, membership) VALUES ('llr', $1, $2, 'core'), ('llr', $1, $3, 'core'), ('llr', $1, $4, 'secondary')`,
    [seriesId, coordinatorId, chairId, analystId],
  );
  await t.db.query(
    `INSERT INTO meeting_members (partnership_id, series_id, name, email, membership) VALUES ('llr', $1, 'Sam Outside', 'sam.outside@example.org', 'secondary')`,
    [seriesId],
  );
}
await t.db.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [analystId]);

const outboxFor = async (occurrenceId: string) =>
  t.db.query<{
    to_address: string;
    subject: string;
    body: string;
    attachments: { filename: string; contentType: string; content: string; encoding?: string }[];
  }>(`SELECT to_address, subject, body, attachments FROM outbox WHERE body LIKE $1 ORDER BY to_address`, [`%/meetings/${occurrenceId}/agenda%`]);

test('the pack page: coordinators see what will be sent (the FORM document, its period, the marking, the members); others are refused', async () => {
  const page = await coordinator.agent.get(`/meetings/${form.id}/pack`);
  assert.equal(page.status, 200);
  assert.match(page.text, /The CE and Missing document \(FORM\)/);
  const meetingDate = localDateOf(form.starts_at);
  const deadline = meetingDeadline('monday-before', '17:00', meetingDate, t.config.bankHolidays);
  assert.match(page.text, new RegExp(`By 17:00 on ${formatDate(deadline.date)}`));
  assert.match(page.text, /SENSITIVE – CONFIDENTIAL: not to be printed/);
  assert.match(page.text, /3 members/, 'the disabled member is left out');
  assert.match(page.text, /sam.outside@example.org/);
  assert.match(page.text, /Send the pack to 3 members/);

  const occurrencePage = await coordinator.agent.get(`/meetings/${form.id}`);
  assert.match(occurrencePage.text, new RegExp(`href="/meetings/${form.id}/pack"`));

  assert.equal((await practitioner.agent.get(`/meetings/${form.id}/pack`)).status, 403);
  assert.equal((await practitioner.post(`/meetings/${form.id}/pack`)).status, 403);
  assert.equal((await coordinator.agent.get('/meetings/not-an-id/pack')).status, 404);
  // Another partnership's meeting is not found; a meeting without a deadline has no pack.
  const staffs = await t.signIn('coordinator', 'staffordshire');
  assert.equal((await staffs.agent.get(`/meetings/${form.id}/pack`)).status, 404);
  await t.db.tx((q) => ensureSeries(q, t.partnerships.get('staffordshire')!, t.config.bankHolidays));
  const [panel] = await t.db.query<{ id: string }>(`SELECT o.id FROM meeting_occurrences o WHERE o.partnership_id = 'staffordshire' LIMIT 1`);
  assert.equal((await staffs.agent.get(`/meetings/${panel!.id}/pack`)).status, 404);
  assert.equal((await staffs.post(`/meetings/${panel!.id}/pack`)).status, 404);
});

test('the DRMM case list is the agenda: with no items it is refused, nothing is queued; with items it goes', async () => {
  const refused = await coordinator.post(`/meetings/${drmm.id}/pack`);
  assert.equal(refused.status, 400);
  assert.match(refused.text, /There is a problem/);
  assert.match(refused.text, /Add at least one item to the agenda before sending the case list/);
  assert.equal((await outboxFor(drmm.id)).length, 0);

  await t.db.query(`INSERT INTO agendas (partnership_id, occurrence_id) VALUES ('llr', $1)`, [drmm.id]);
  await t.db.query(
    `INSERT INTO agenda_items (partnership_id, occurrence_id, kind, discussion, title, location_text, position, slot_minutes, created_by) VALUES ('llr', $1, 'location', 'initial', 'Bus station', 'The bus station', 0, 15, $2)`,
    [drmm.id, coordinatorId],
  );
  const sent = await coordinator.post(`/meetings/${drmm.id}/pack`);
  assert.equal(sent.status, 303);
  const mails = await outboxFor(drmm.id);
  assert.equal(mails.length, 3);
  assert.equal(mails[0]!.attachments[0]!.filename, `llr-case-list-${localDateOf(drmm.starts_at)}.pdf`);
});

test('sending the FORM pack: every member gets the PDF (base64 in the outbox), it arrives over SMTP and reads back with the marking; recorded and audited as a disclosure', async () => {
  const res = await coordinator.post(`/meetings/${form.id}/pack`);
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/meetings/${form.id}/pack?done=sent`);
  const done = await coordinator.agent.get(res.headers.location!);
  assert.match(done.text, /The pack was sent to 3 members/);
  assert.match(done.text, /Send the pack again to 3 members/);

  const mails = await outboxFor(form.id);
  assert.deepEqual(
    mails.map((m) => m.to_address),
    ['chair@llr.example.org', 'coordinator@llr.example.org', 'sam.outside@example.org'],
  );
  for (const m of mails) {
    assert.equal(m.attachments.length, 1);
    assert.equal(m.attachments[0]!.contentType, 'application/pdf');
    assert.equal(m.attachments[0]!.encoding, 'base64');
    assert.equal(Buffer.from(m.attachments[0]!.content, 'base64').subarray(0, 5).toString(), '%PDF-');
  }
  // The body names the meeting and the document, carries the marking, and names no child.
  const body = mails[0]!.body;
  assert.match(body, /The CE and Missing document \(FORM\) for Fortnightly Operational Review Meeting/);
  assert.match(body, /SENSITIVE – CONFIDENTIAL/);
  assert.match(body, /should not be printed/);
  const children = await t.db.query<{ first_name: string; last_name: string; reference: string }>(
    `SELECT first_name, last_name, reference FROM children WHERE partnership_id = 'llr'`,
  );
  assert.ok(children.length > 0);
  for (const c of children) {
    assert.ok(!body.includes(`${c.first_name} ${c.last_name}`) && !body.includes(c.reference), 'no child in the email');
  }

  const [row] = await t.db.query<{ kind: string; recipients: number; sent_by: string; period_from: string; period_to: string }>(
    `SELECT kind, recipients, sent_by, period_from, period_to FROM meeting_packs_sent WHERE occurrence_id = $1`,
    [form.id],
  );
  assert.deepEqual([row!.kind, row!.recipients, row!.sent_by], ['form', 3, coordinatorId]);
  const [a] = await t.db.query<{ subject_type: string; details: { recipients: number; format: string; kind: string } }>(
    `SELECT subject_type, details FROM audit_events WHERE action = 'report.export' AND subject_id = $1 AND outcome = 'allowed'`,
    [form.id],
  );
  assert.equal(a!.subject_type, 'meeting_pack');
  assert.deepEqual([a!.details.recipients, a!.details.format, a!.details.kind], [3, 'pdf', 'form']);

  const sender = mailSender(t.db, { smtpUrl: smtp.url, from: 'MACE <no-reply@mace.example.org>', log: () => {} });
  await sender.runOnce();
  sender.close();
  const got = smtp.received.find((m) => m.to.includes('sam.outside@example.org') && m.subject.startsWith('Document pack: Fortnightly'));
  assert.ok(got, 'the email arrived');
  assert.equal(got.attachments.length, 1);
  assert.equal(got.attachments[0]!.contentType, 'application/pdf');
  assert.equal(got.attachments[0]!.filename, row && `llr-form-${row.period_from}-${row.period_to}.pdf`);
  const parser = new PDFParse({ data: got.attachments[0]!.bytes });
  const pdf = await parser.getText();
  await parser.destroy();
  assert.ok(pdf.pages.length >= 1);
  for (const p of pdf.pages) {
    assert.match(p.text, /SENSITIVE – CONFIDENTIAL/, `page ${p.num}`);
    assert.match(p.text, /should not be printed/, `page ${p.num}`);
  }
  assert.match(pdf.text, new RegExp(`Period: ${formatDate(row!.period_from)} to ${formatDate(row!.period_to)}`));
});

test('the deadline reminder: a meeting whose pack was sent is not reminded; one with nothing gone is', async () => {
  const deadlineOf = (startsAt: Date) => {
    const d = meetingDeadline('monday-before', '17:00', localDateOf(startsAt), t.config.bankHolidays);
    return localToInstant(d.date, d.time);
  };
  const subjectOf = (startsAt: Date) => `Fortnightly Operational Review Meeting on ${formatDate(localDateOf(startsAt))}`;
  const before = Number((await t.db.query<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM outbox`))[0]!.id);
  await runDueJobs(t.db, onlyLlr, jobs, new Date(deadlineOf(form.starts_at).getTime() - 2 * 3_600_000));
  await runDueJobs(t.db, onlyLlr, jobs, new Date(deadlineOf(formLater.starts_at).getTime() - 2 * 3_600_000));
  const subjects = (await t.db.query<{ subject: string }>(`SELECT subject FROM outbox WHERE id > $1`, [before])).map((m) => m.subject);
  assert.equal(subjects.filter((s) => s.includes(subjectOf(form.starts_at))).length, 0, 'the pack went: no reminder');
  assert.equal(subjects.filter((s) => s.includes(subjectOf(formLater.starts_at))).length, 1, 'nothing gone: reminded');
});

test('a cancelled meeting has no pack to send', async () => {
  await t.db.query(`UPDATE meeting_occurrences SET status = 'cancelled' WHERE partnership_id = 'llr' AND id = $1`, [formLater.id]);
  const page = await coordinator.agent.get(`/meetings/${formLater.id}/pack`);
  assert.equal(page.status, 200);
  assert.match(page.text, /The meeting is cancelled/);
  assert.doesNotMatch(page.text, /Send the pack to \d/);
  assert.equal((await coordinator.post(`/meetings/${formLater.id}/pack`)).status, 400);
  assert.equal((await outboxFor(formLater.id)).filter((m) => m.subject.startsWith('Document pack')).length, 0);
});
