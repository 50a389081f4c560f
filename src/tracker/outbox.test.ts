import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../db/client.ts';
import { trackerTestDb } from './test-db.ts';
import { createTrackerCore } from './core.ts';
import { exactEngine } from './exact-engine.ts';
import { inProcessTracker, TrackerUnavailableError, type TrackerClient } from './client.ts';
import fs from 'node:fs';
import path from 'node:path';
import { drainOutbox, enqueueTrackerSubmit, enqueueTrackerWithdraw } from './outbox.ts';

// The outbox's table as the app's migration creates it (its first statements; the rest needs the app's children).
const migration = fs.readFileSync(path.join(import.meta.dirname, '..', 'db', 'migrations', '023_tracker.sql'), 'utf8');
const outboxEnd = migration.indexOf('CREATE TABLE child_tracker_alerts');
assert.ok(outboxEnd > 0, 'migration 023 creates the outbox before child_tracker_alerts');
const outboxMigrationSql = migration.slice(0, migration.lastIndexOf('\n\n', outboxEnd));
// Which children have been sent (kept by the drain).
const sentMigrationSql = fs.readFileSync(path.join(import.meta.dirname, '..', 'db', 'migrations', '026_tracker_sent.sql'), 'utf8');

// One deployment hosting the partnerships, the tracker in process on the same database, the outbox between them.
let db: Db;
let tracker: TrackerClient;
let down = false;
before(async () => {
  db = await trackerTestDb();
  await db.execAsOwner(
    `${outboxMigrationSql}\n${sentMigrationSql}\nGRANT SELECT, INSERT, UPDATE, DELETE ON tracker_outbox, tracker_sent TO mace_app; GRANT USAGE, SELECT ON SEQUENCE tracker_outbox_seq TO mace_app;`,
  );
  tracker = inProcessTracker(await createTrackerCore({ db, engine: exactEngine(), thresholds: { strong: 0.9, possible: 0.6 } }));
});
after(() => db.close());

// The tracker as seen through a flaky network: down while `down` is set.
const flaky = (): TrackerClient =>
  new Proxy(tracker, {
    get:
      (t, name: keyof TrackerClient) =>
      (...args: never[]) =>
        down ? Promise.reject(new TrackerUnavailableError('down')) : (t[name] as (...a: never[]) => unknown)(...args),
  });

const sent = async () => (await db.query<{ k: string }>(`SELECT partnership_id || ' ' || ref AS k FROM tracker_sent ORDER BY 1`)).map((r) => r.k);
const queued = () =>
  db.query<{ ref: string; op: string; attempts: number; failed: boolean }>('SELECT ref, op, attempts, failed FROM tracker_outbox ORDER BY ref');

test('saving a child queues its encoding; while the tracker is down it waits, then goes when the tracker is back', async () => {
  await db.tx((q) => enqueueTrackerSubmit(q, 'north', 'n-1', { fields: { first: 'a', last: 'b' } }));
  await db.tx((q) => enqueueTrackerSubmit(q, 'south', 's-1', { fields: { first: 'a', last: 'b' } }));
  down = true;
  assert.deepEqual(await drainOutbox(db, flaky()), { sent: 0, failed: 0, unavailable: true });
  assert.deepEqual(await queued(), [
    { ref: 'n-1', op: 'submit', attempts: 1, failed: false },
    { ref: 's-1', op: 'submit', attempts: 0, failed: false },
  ]);
  down = false;
  await db.query("UPDATE tracker_outbox SET next_attempt_at = now() - interval '1 second'");
  assert.deepEqual(await drainOutbox(db, flaky()), { sent: 2, failed: 0, unavailable: false });
  assert.deepEqual(await queued(), []);
  assert.equal((await tracker.alerts('north')).length, 1);
  assert.deepEqual(await sent(), ['north n-1', 'south s-1'], 'what was sent is remembered (the nightly backfill skips it)');
});

test('a later change replaces one not yet sent; a withdrawal goes as a withdrawal; a refused one is kept as failed', async () => {
  await enqueueTrackerSubmit(db, 'north', 'n-2', { fields: { first: 'x' } });
  await enqueueTrackerWithdraw(db, 'north', 'n-2');
  await enqueueTrackerWithdraw(db, 'south', 's-1');
  await enqueueTrackerSubmit(db, 'north', 'n-3', { fields: 'not an encoding' });
  assert.deepEqual(
    (await queued()).map((r) => `${r.ref} ${r.op}`),
    ['n-2 withdraw', 'n-3 submit', 's-1 withdraw'],
  );
  assert.deepEqual(await drainOutbox(db, tracker), { sent: 2, failed: 1, unavailable: false });
  assert.deepEqual(await queued(), [{ ref: 'n-3', op: 'submit', attempts: 1, failed: true }]);
  assert.deepEqual(await tracker.alerts('north'), [], "south's child withdrawn: the alert with it");
  assert.deepEqual(await sent(), ['north n-1'], 'a withdrawn child is no longer counted as sent; a refused one never was');
});
