// Nightly database maintenance: the embedded database (PGlite) has no autovacuum, so without this its
// planner statistics go stale (slow plans on grown tables) and tables that churn (sessions, the outbox)
// keep their dead rows. Runs outside any transaction (VACUUM cannot run inside one), recorded in job_runs.

import type { Db } from '../../db/client.ts';
import { localDateOf } from '../../domain/calendar/recurrence.ts';
import { lastSuccessfulRun, recordJobRun } from './repository.ts';

export const MAINTENANCE_JOB = 'database-maintenance';
/** The local hours (Europe/London) in which the nightly run may start: from 01:00 to before 05:00. */
const NIGHT = { from: 1, to: 5 };

const londonHour = (d: Date) => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(d));

/** Due at night when it has not succeeded yet on this local date (a failed run is tried again on the next tick of the night). */
export function maintenanceDue(lastSucceeded: Date | undefined, now: Date): boolean {
  const h = londonHour(now);
  if (h < NIGHT.from || h >= NIGHT.to) return false;
  return !lastSucceeded || localDateOf(lastSucceeded) !== localDateOf(now);
}

type MaintenanceResult = { ran: boolean; outcome?: 'succeeded' | 'failed'; details?: Record<string, unknown> };

/**
 * Runs ANALYZE (PostgreSQL and PGlite) and VACUUM (PGlite only: a server has autovacuum) when due, or
 * at once with { force: true }. On PGlite the application role is given pg_maintain (PostgreSQL 17+:
 * VACUUM and ANALYZE of tables it does not own) once, as the owner; the VACUUM itself then runs under the
 * application role, so no request is ever served as the owner while it runs. On PostgreSQL, ANALYZE runs
 * as the owner on a connection of its own.
 */
export async function runMaintenance(db: Db, now = new Date(), o: { force?: boolean } = {}): Promise<MaintenanceResult> {
  if (!o.force) {
    if (!maintenanceDue(await lastSuccessfulRun(db, MAINTENANCE_JOB), now)) return { ran: false };
  }
  const startedAt = new Date();
  let outcome: 'succeeded' | 'failed' = 'succeeded';
  let details: Record<string, unknown>;
  try {
    // The application's own tables only (a shared server may hold other schemas).
    const tables = (
      await db.query<{ name: string }>(
        `SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables WHERE schemaname = current_schema() ORDER BY relname`,
      )
    ).map((t) => t.name);
    if (tables.length && db.kind === 'pglite') {
      const [r] = await db.query<{ role: string; may: boolean }>(`SELECT current_user AS role, pg_has_role(current_user, 'pg_maintain', 'MEMBER') AS may`);
      if (!r!.may) await db.execAsOwner(`GRANT pg_maintain TO "${r!.role.replace(/"/g, '""')}"`);
      await db.query(`VACUUM (ANALYZE) ${tables.join(', ')}`);
    } else if (tables.length) {
      await db.execAsOwner(`ANALYZE ${tables.join(', ')}`);
    }
    const [s] = await db.query<{ tables: number; analysed: number; dead: string }>(
      `SELECT count(*)::int AS tables, count(*) FILTER (WHERE greatest(last_analyze, last_autoanalyze) >= $1)::int AS analysed, coalesce(sum(n_dead_tup), 0)::text AS dead
         FROM pg_stat_user_tables WHERE schemaname = current_schema()`,
      [startedAt],
    );
    details = { vacuum: db.kind === 'pglite', tables: s!.tables, analysed: s!.analysed, deadRowsLeft: Number(s!.dead), ms: Date.now() - startedAt.getTime() };
  } catch (err) {
    outcome = 'failed';
    // The error's name and code only, as the other jobs.
    details = { error: (err as Error).name, code: (err as { code?: string }).code };
  }
  await recordJobRun(db, MAINTENANCE_JOB, now, startedAt, outcome, details);
  return { ran: true, outcome, details };
}
