// Issue 14: the national tracker's jobs, run by the runner after the reminders (outside their transaction: each call
// to the tracker may wait on the network). Each run is a row of job_runs.

import type { Db } from '../../db/client.ts';
import type { TrackerService } from '../tracker/service.ts';
import { recentSuccessfulRuns, recordJobRun } from './repository.ts';

export type TrackerJobs = Pick<TrackerService, 'drain' | 'refreshAll' | 'rematchJob'>;

/** A full re-match at most once a day. */
const REMATCH_EVERY_MINUTES = 24 * 60;

/**
 * Sends the queued encodings (the tracker down: they wait, the run says so), fetches every hosted partnership's alerts
 * (new ones emailed to the coordinators), and once a day asks for a full re-match.
 */
export async function runTrackerJobs(db: Db, tracker: TrackerJobs, now = new Date()): Promise<Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, unknown>> = {};
  const run = async (name: string, fn: () => Promise<Record<string, unknown> | undefined>) => {
    const startedAt = new Date();
    let details: Record<string, unknown>;
    let outcome = 'succeeded';
    try {
      details = (await fn()) ?? { skipped: true };
      if (details.unavailable) outcome = 'failed';
    } catch (err) {
      outcome = 'failed';
      details = { error: (err as Error).name, code: (err as { code?: string }).code };
    }
    await recordJobRun(db, name, now, startedAt, outcome, details);
    out[name] = { outcome, ...details };
  };
  await run('tracker-outbox', async () => {
    const r = await tracker.drain();
    return r && { sent: r.sent, failed: r.failed, unavailable: r.unavailable };
  });
  await run('tracker-alerts', () => tracker.refreshAll());
  if ((await recentSuccessfulRuns(db, 'tracker-rematch', now, REMATCH_EVERY_MINUTES)) === 0) {
    await run('tracker-rematch', () => tracker.rematchJob());
  }
  return out;
}
