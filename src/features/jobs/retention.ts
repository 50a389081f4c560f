// The nightly retention run (issue 16 item 12; DOMAIN §7): erases each child's record past its partnership's erase-by
// date, one transaction per child (features/retention), once a night, recorded in job_runs in counts only.

import type { Db } from '../../db/client.ts';
import { maintenanceDue } from './maintenance.ts';
import { lastSuccessfulRun, recordJobRun } from './repository.ts';
import { todayIso } from '../../platform/dates.ts';

export const RETENTION_JOB = 'retention';

/** What the runner is given: the retention service's run (services.retention). */
export type RetentionJob = { run(today: string): Promise<Record<string, number>> };

/** Runs at night (the maintenance window) when it has not succeeded this local date, or at once with { force: true }. */
export async function runRetentionJob(db: Db, job: RetentionJob, now = new Date(), o: { force?: boolean } = {}) {
  if (!o.force && !maintenanceDue(await lastSuccessfulRun(db, RETENTION_JOB), now)) return { ran: false as const };
  const startedAt = new Date();
  let outcome: 'succeeded' | 'failed' = 'succeeded';
  let details: Record<string, unknown>;
  try {
    details = await job.run(todayIso(now));
  } catch (err) {
    outcome = 'failed';
    details = { error: (err as Error).name, code: (err as { code?: string }).code };
  }
  await recordJobRun(db, RETENTION_JOB, now, startedAt, outcome, details);
  return { ran: true as const, outcome, details };
}
