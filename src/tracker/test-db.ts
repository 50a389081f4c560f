import crypto from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../db/client.ts';
import { migrateTracker } from './migrate.ts';

/**
 * A fresh migrated database for the tracker's tests: PGlite in memory, or a throwaway schema on the server when
 * DATABASE_URL is set (dropped by `close`). With `appRole` the tests act as that restricted role, as the app does.
 */
export async function trackerTestDb(appRole = 'mace_app'): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openDb({});
    await migrateTracker(db, appRole);
    await db.useAppRole(appRole);
    return db;
  }
  const schema = `tr_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await openDb({ databaseUrl: url, schema });
  await migrateTracker(db, appRole);
  await db.execAsOwner(`GRANT USAGE ON SCHEMA ${schema} TO ${appRole}`);
  await db.useAppRole(appRole);
  return {
    ...db,
    async close() {
      await db.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
