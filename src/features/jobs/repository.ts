import type { Queryable } from '../../db/client.ts';
import type { IsoDate } from '../../domain/calendar/dates.ts';

// The jobs' SQL: their runs (job_runs), the runner's lock, and what the reminders read and record (reminders_sent).

/** One runner per database at a time: a transaction-level advisory lock (released at commit or rollback). */
export async function tryJobsLock(q: Queryable, key: number): Promise<boolean> {
  const [lock] = await q.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema())) AS locked`, [key]);
  return !!lock?.locked;
}

/** How many successful runs of a job were scheduled in the minutes up to `now`. */
export async function recentSuccessfulRuns(q: Queryable, name: string, now: Date, minutes: number): Promise<number> {
  const [recent] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM job_runs WHERE name = $1 AND outcome = 'succeeded' AND scheduled_for > $2::timestamptz - make_interval(mins => $3) AND scheduled_for <= $2::timestamptz`,
    [name, now, minutes],
  );
  return recent?.n ?? 0;
}

export async function lastSuccessfulRun(q: Queryable, name: string): Promise<Date | undefined> {
  const [last] = await q.query<{ started_at: Date }>(
    `SELECT started_at FROM job_runs WHERE name = $1 AND outcome = 'succeeded' ORDER BY started_at DESC LIMIT 1`,
    [name],
  );
  return last?.started_at;
}

/**
 * Issue 17 item 6: each job's last successful start, for the metrics. The job names are walked through the index
 * (name, started_at DESC) one at a time, so the cost does not grow with the runs kept.
 */
export async function lastSuccesses(q: Queryable): Promise<{ name: string; lastSuccess: Date }[]> {
  const rows = await q.query<{ name: string; last: Date | null }>(
    `WITH RECURSIVE names AS (
       (SELECT name FROM job_runs ORDER BY name LIMIT 1)
       UNION ALL
       SELECT (SELECT r.name FROM job_runs r WHERE r.name > n.name ORDER BY r.name LIMIT 1) FROM names n WHERE n.name IS NOT NULL
     )
     SELECT n.name, (SELECT r.started_at FROM job_runs r WHERE r.name = n.name AND r.outcome = 'succeeded' ORDER BY r.started_at DESC LIMIT 1) AS last
       FROM names n WHERE n.name IS NOT NULL`,
  );
  return rows.filter((r) => r.last).map((r) => ({ name: r.name, lastSuccess: new Date(r.last!) }));
}

export async function recordJobRun(
  q: Queryable,
  name: string,
  scheduledFor: Date,
  startedAt: Date,
  outcome: string,
  details: Record<string, unknown>,
): Promise<void> {
  await q.query(`INSERT INTO job_runs (name, scheduled_for, started_at, finished_at, outcome, details) VALUES ($1, $2, $3, clock_timestamp(), $4, $5::jsonb)`, [
    name,
    scheduledFor,
    startedAt,
    outcome,
    JSON.stringify(details),
  ]);
}

/** Records a reminder as sent; false when it already was (or another runner is sending it now). */
export async function insertReminderSent(
  q: Queryable,
  partnershipId: string,
  kind: string,
  subjectId: string,
  dueOn: IsoDate,
  recipientUserId: string | null,
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO reminders_sent (partnership_id, kind, subject_id, due_on, recipient_user_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING subject_id`,
    [partnershipId, kind, subjectId, dueOn, recipientUserId],
  );
  return rows.length > 0;
}

/** Meetings of the given types starting after `from` up to `until`, not cancelled, with their agenda's status and whether a pack was sent. */
export function meetingsForDeadlines(q: Queryable, partnershipId: string, typeIds: string[], from: Date, until: Date) {
  return q.query<{ id: string; starts_at: Date; type_id: string; timezone: string; name: string; agenda_status: string | null; pack_sent: boolean }>(
    `SELECT o.id, o.starts_at, s.type_id, s.timezone, s.name, a.status AS agenda_status,
            EXISTS (SELECT 1 FROM meeting_packs_sent k WHERE k.partnership_id = o.partnership_id AND k.occurrence_id = o.id) AS pack_sent
       FROM meeting_occurrences o
       JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
       LEFT JOIN agendas a ON a.partnership_id = o.partnership_id AND a.occurrence_id = o.id
      WHERE o.partnership_id = $1 AND s.type_id = ANY($2::text[]) AND o.status <> 'cancelled' AND o.starts_at > $3 AND o.starts_at <= $4
      ORDER BY o.starts_at`,
    [partnershipId, typeIds, from, until],
  );
}

/** Meetings (not cancelled) starting in (from, until], to remind their chairs (issue 15, item 20). */
export function meetingsStartingBetween(q: Queryable, partnershipId: string, from: Date, until: Date) {
  return q.query<{ id: string; series_id: string; type_id: string; starts_at: Date; timezone: string; name: string }>(
    `SELECT o.id, o.series_id, s.type_id, o.starts_at, s.timezone, s.name
       FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = $1 AND o.status <> 'cancelled' AND o.starts_at > $2 AND o.starts_at <= $3
      ORDER BY o.starts_at`,
    [partnershipId, from, until],
  );
}

/** Open actions due on or before a date whose owner's account is enabled, with the owner's address. */
export function openActionsDueBy(q: Queryable, partnershipId: string, dueBy: string) {
  return q.query<{ id: string; due_on: string; owner_user_id: string; email: string }>(
    `SELECT a.id, a.due_on, a.owner_user_id, u.email
       FROM actions a JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.owner_user_id
      WHERE a.partnership_id = $1 AND a.status IN ('open', 'in-progress') AND a.due_on <= $2::date AND u.disabled_at IS NULL
      ORDER BY a.due_on`,
    [partnershipId, dueBy],
  );
}

export function enabledUsersByIds(q: Queryable, partnershipId: string, ids: string[]) {
  return q.query<{ id: string; email: string }>(`SELECT id, email FROM users WHERE partnership_id = $1 AND id = ANY($2::uuid[]) AND disabled_at IS NULL`, [
    partnershipId,
    ids,
  ]);
}
