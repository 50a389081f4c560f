import type { Db } from '../../db/client.ts';
import { migrationState } from '../../db/migrate.ts';
import type { Signals } from '../../platform/metrics.ts';
import { outboxSignals } from '../mail/service.ts';
import { trackerQueueSignals } from '../tracker/service.ts';
import { jobSignals } from '../jobs/runner.ts';
import { inTurn } from '../../db/client.ts';

/** A read replica's state: reads go to it, it is configured but reads go to the primary, or none configured. */
export type ReplicaState = 'ok' | 'down' | 'none';

export type PlatformOptions = {
  /**
   * A check of the read replica in place of the database's own (db.replicaHealth: DATABASE_REPLICA_URL reachable and
   * not too far behind): resolves when it answers, rejects when not.
   */
  replica?: () => Promise<unknown>;
};

export type Readiness = {
  ready: boolean;
  database: 'ok' | 'down';
  /** The migrations shipped with this code (the app's and the tracker's) and how many the database has applied. */
  migrations?: { shipped: number; applied: number; pending: number };
  replica: ReplicaState;
};

/** The health checks and the signals of the metrics: whether the database answers, is migrated, and what waits in it. */
export function platformService(db: Db, o: PlatformOptions = {}) {
  async function replica(): Promise<ReplicaState> {
    if (!o.replica) return db.replicaHealth();
    try {
      await o.replica();
      return 'ok';
    } catch {
      return 'down';
    }
  }

  async function database(): Promise<boolean> {
    try {
      await db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  return {
    /** GET /health: whether the database answers, and which kind it is (and the replica's state). */
    async health(): Promise<{ ok: boolean; database: Db['kind']; replica: ReplicaState }> {
      const [ok, r] = await Promise.all([database(), replica()]);
      return { ok, database: db.kind, replica: r };
    },

    /**
     * Issue 17 item 6, GET /health/ready: the database answers and every migration shipped with this code is applied
     * (the app's and the tracker's). The replica's state is reported, but a replica down does not make the process
     * unready: its reads go to the primary (item 2), and taking every process out of service for it would be an outage.
     */
    async ready(): Promise<Readiness> {
      const [ok, r] = await Promise.all([database(), replica()]);
      const migrations = ok ? await migrationState(db).catch(() => undefined) : undefined;
      return { ready: ok && migrations?.pending === 0, database: ok ? 'ok' : 'down', migrations, replica: r };
    },

    /** Issue 17 item 6: what the metrics read from the database at each scrape (counts and ages, every partnership). */
    async signals(): Promise<Signals> {
      const [mail, tracker, jobs] = await db.tx((q) =>
        inTurn(
          () => outboxSignals(q),
          () => trackerQueueSignals(q),
          () => jobSignals(q),
        ),
      );
      return { mail, tracker, jobs };
    },
  };
}
