import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { todayIso } from '../../platform/dates.ts';
import { addDays } from '../../domain/calendar/dates.ts';
import { localToInstant } from '../../domain/calendar/recurrence.ts';
import { maintenanceDue, runMaintenance, MAINTENANCE_JOB } from './maintenance.ts';

const t = await testApp();
const at = (date: string, time: string) => localToInstant(date, time, 'Europe/London');
const runs = () =>
  t.db.query<{ outcome: string; details: Record<string, number | boolean> }>(`SELECT outcome, details FROM job_runs WHERE name = $1 ORDER BY id`, [
    MAINTENANCE_JOB,
  ]);

test('maintenanceDue: at night (01:00 to before 05:00, London) when it has not succeeded that night; never in the day', () => {
  assert.equal(maintenanceDue(undefined, at('2026-11-24', '00:59')), false);
  assert.equal(maintenanceDue(undefined, at('2026-11-24', '01:00')), true);
  assert.equal(maintenanceDue(undefined, at('2026-11-24', '04:59')), true);
  assert.equal(maintenanceDue(undefined, at('2026-11-24', '05:00')), false);
  assert.equal(maintenanceDue(undefined, at('2026-11-24', '14:00')), false);
  assert.equal(maintenanceDue(at('2026-11-24', '01:05'), at('2026-11-24', '03:00')), false, 'already this night');
  assert.equal(maintenanceDue(at('2026-11-23', '01:05'), at('2026-11-24', '01:00')), true, 'last night only');
  // Summer time: 01:30 BST is 00:30 UTC.
  assert.equal(maintenanceDue(undefined, at('2026-07-01', '01:30')), true);
});

test('the maintenance run: VACUUM and ANALYZE of the app’s tables, recorded in job_runs; the app keeps its restricted role', async () => {
  const before = await t.db.query<{ role: string }>(`SELECT current_user AS role`);
  const r = await runMaintenance(t.db, new Date(), { force: true });
  assert.deepEqual([r.ran, r.outcome], [true, 'succeeded'], JSON.stringify(r.details));
  const [row] = (await runs()).slice(-1);
  assert.equal(row!.outcome, 'succeeded');
  assert.ok(Number(row!.details.tables) > 20, 'every table of the schema');
  assert.equal(row!.details.vacuum, t.db.kind === 'pglite');
  const [s] = await t.db.query<{ last_vacuum: Date | null; last_analyze: Date | null }>(
    `SELECT last_vacuum, last_analyze FROM pg_stat_user_tables WHERE relname = 'sessions' AND schemaname = current_schema()`,
  );
  assert.ok(s!.last_analyze, 'sessions analysed');
  if (t.db.kind === 'pglite') assert.ok(s!.last_vacuum, 'sessions vacuumed (no autovacuum in PGlite)');
  assert.deepEqual(await t.db.query<{ role: string }>(`SELECT current_user AS role`), before);
  // Still the restricted role: the audit trail cannot be changed.
  await assert.rejects(t.db.query(`DELETE FROM audit_events`));
});

test('the nightly schedule: not in the day, once a night', async () => {
  const n = (await runs()).length;
  assert.deepEqual(await runMaintenance(t.db, at(todayIso(), '14:00')), { ran: false });
  // The forced run above succeeded today: tonight (this date) is done; the next night is due.
  assert.deepEqual(await runMaintenance(t.db, at(todayIso(), '02:00')), { ran: false });
  assert.equal((await runs()).length, n);
  assert.equal(maintenanceDue(new Date(), at(addDays(todayIso(), 1), '02:00')), true);
});
