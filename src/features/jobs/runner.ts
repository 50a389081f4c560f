// The job runner (issue #5): jobs are recorded as rows of job_runs; one runner per database at a time,
// guarded by a PostgreSQL advisory lock, so that two app processes never send the same reminder twice.
// Each reminder is also claimed in reminders_sent, so a run repeated (or two runners one after the
// other) sends it once.

import type { Db, Queryable } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { DEFAULT_REMINDERS, type ReminderSettings } from '../../config.ts';
import type { MailContext } from '../../platform/mail.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { actionReminders, chairReminders, deadlineReminders, reviewReminders, type JobContext } from './reminders.ts';
import { MAINTENANCE_JOB, runMaintenance } from './maintenance.ts';
import { lastSuccesses, recentSuccessfulRuns, recordJobRun, tryJobsLock } from './repository.ts';
import { runTrackerJobs, type TrackerJobs } from './tracker.ts';
import { RETENTION_JOB, runRetentionJob, type RetentionJob } from './retention.ts';
import { sealAudit } from '../../platform/audit-chain.ts';

/** Advisory lock key of the runner: (this constant, a hash of the schema), so test schemas on one server do not collide. */
export const JOBS_LOCK_KEY = 727013;
/**
 * Issue 17 item 1: the key of the lock a whole tick holds (the reminders, then the maintenance, retention and tracker
 * jobs that run outside the reminders' transaction), so that however many processes run the jobs, one does at a time.
 */
export const JOBS_TICK_LOCK_KEY = 727015;

/** `everyMinutes`: at most one successful run in that time (a job whose dates move by the day need not run every tick). */
type Job = {
  name: string;
  everyMinutes?: number;
  run: (q: Queryable, p: PartnershipConfig, now: Date, s: ReminderSettings, ctx: JobContext) => Promise<Record<string, number>>;
};

const jobs: readonly Job[] = [
  { name: 'deadline-reminders', run: deadlineReminders },
  // Issue 15, item 20: the chair and deputy of each meeting, within the deadline hours before it (hourly is close enough).
  { name: 'chair-reminders', everyMinutes: 60, run: chairReminders },
  { name: 'action-reminders', everyMinutes: 60, run: actionReminders },
  // Works out every child's schedule: the heaviest job, and its dates change by the day.
  { name: 'review-reminders', everyMinutes: 60, run: reviewReminders },
];

type JobOutcome = { name: string; outcome: 'succeeded' | 'failed'; details: Record<string, unknown> };
type RunResult = { ran: boolean; jobs: JobOutcome[] };

const sum = (a: Record<string, number>, b: Record<string, number>) => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
};

/**
 * Runs every job for every partnership once, as of `now`. One transaction holds a transaction-level
 * advisory lock (pg_try_advisory_xact_lock: released at commit or rollback, even if the process dies);
 * a runner that cannot take it returns at once ({ ran: false }). Each job runs under a savepoint: one
 * failing job is recorded as failed (its reminders and emails undone) and the others still run. `ctx`: where email
 * links point and the bank holidays.
 */
export async function runDueJobs(
  db: Db,
  partnerships: Map<string, PartnershipConfig>,
  ctx: JobContext,
  now = new Date(),
  settings: ReminderSettings = DEFAULT_REMINDERS,
  o: { throttle?: boolean } = {},
): Promise<RunResult> {
  return db.tx(async (q) => {
    if (!(await tryJobsLock(q, JOBS_LOCK_KEY))) return { ran: false, jobs: [] };
    const results: JobOutcome[] = [];
    for (const job of jobs) {
      if (o.throttle && job.everyMinutes) {
        if ((await recentSuccessfulRuns(q, job.name, now, job.everyMinutes)) > 0) continue;
      }
      const startedAt = new Date();
      await q.query('SAVEPOINT job');
      let result: JobOutcome;
      try {
        let details: Record<string, number> = {};
        for (const p of partnerships.values()) details = sum(details, await job.run(q, p, now, settings, ctx));
        await q.query('RELEASE SAVEPOINT job');
        result = { name: job.name, outcome: 'succeeded', details };
      } catch (err) {
        await q.query('ROLLBACK TO SAVEPOINT job');
        // The error's name and code only: a message may quote a value (an address, a name).
        result = { name: job.name, outcome: 'failed', details: { error: (err as Error).name, code: (err as { code?: string }).code } };
      }
      await recordJobRun(q, job.name, now, startedAt, result.outcome, result.details);
      results.push(result);
    }
    return { ran: true, jobs: results };
  });
}

/** Issue 17 item 6: when each job last succeeded (any process's runs), for the metrics. */
export function jobSignals(q: Queryable) {
  return lastSuccesses(q);
}

/** Runs the jobs every `intervalSeconds` (never two runs at once in this process) until the returned stop is called. */
export function startJobRunner(
  db: Db,
  partnerships: Map<string, PartnershipConfig>,
  o: {
    intervalSeconds: number;
    reminders: ReminderSettings;
    links: MailContext;
    calendar: HolidayCalendar;
    log?: (entry: Record<string, unknown>) => void;
    tracker?: TrackerJobs;
    /** Issue 16 item 12: the nightly erasure of records past their retention date. */
    retention?: RetentionJob;
    /** Issue 17 item 6: told each job run's outcome (the metrics); `runner` failed when a tick failed outside any job. */
    onRun?: (job: string, outcome: 'succeeded' | 'failed') => void;
  },
): () => Promise<void> {
  const log = o.log ?? ((e) => console.error(JSON.stringify({ at: new Date().toISOString(), ...e })));
  const ran = o.onRun ?? (() => undefined);
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    // Issue 17: one process's tick at a time across every process on the database; another's comes back at once.
    running = db
      .exclusive(JOBS_TICK_LOCK_KEY, () => runTick())
      .catch((err: Error & { code?: string }) => {
        ran('runner', 'failed');
        log({ level: 'error', event: 'jobs.run-failed', name: err.name, code: err.code });
      })
      .finally(() => {
        running = undefined;
      });
  };
  const runTick = () =>
    runDueJobs(db, partnerships, { links: o.links, calendar: o.calendar }, new Date(), o.reminders, { throttle: true })
      .then((r) => {
        for (const j of r.jobs) ran(j.name, j.outcome);
        const failed = r.jobs.filter((j) => j.outcome === 'failed').map((j) => j.name);
        if (failed.length) log({ level: 'error', event: 'jobs.failed', jobs: failed });
      })
      // The audit chain (issue 17 item 5): the entries written since the last tick sealed (busy: on the next tick).
      .then(() =>
        sealAudit(db).catch((err: Error & { code?: string }) =>
          log({ level: 'error', event: 'jobs.failed', jobs: ['audit-seal'], name: err.name, code: err.code }),
        ),
      )
      // The nightly database maintenance, outside the jobs' transaction (VACUUM cannot run inside one).
      .then(() => runMaintenance(db))
      .then((m) => {
        if (m.ran && m.outcome) ran(MAINTENANCE_JOB, m.outcome);
        if (m.outcome === 'failed') log({ level: 'error', event: 'jobs.failed', jobs: [MAINTENANCE_JOB] });
      })
      // Retention (issue 16 item 12): each record past its erase-by date erased, one transaction per child, nightly.
      .then(() => (o.retention ? runRetentionJob(db, o.retention) : undefined))
      .then((m) => {
        if (m?.ran) ran(RETENTION_JOB, m.outcome);
        if (m?.ran && m.outcome === 'failed') log({ level: 'error', event: 'jobs.failed', jobs: [RETENTION_JOB] });
      })
      // The national tracker (issue 14): send queued encodings, fetch alerts, the nightly re-match.
      .then(() => (o.tracker ? runTrackerJobs(db, o.tracker) : undefined))
      .then((t) => {
        for (const [name, r] of Object.entries(t ?? {})) ran(name, r.outcome === 'succeeded' ? 'succeeded' : 'failed');
      });
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, o.intervalSeconds * 1000);
  first.unref();
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
