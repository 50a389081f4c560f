import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/client.ts';

const dir = path.join(import.meta.dirname, 'migrations');

export function trackerMigrationFiles(): { id: string; sql: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Applies the tracker's migrations not yet applied, each in its own transaction, recorded in its own table
 * (tracker_migrations) under its own advisory lock, so it can share a database with the app. With `appRole`, that
 * role may read and write the tracker's tables but never change or remove an audit entry (sharing the app's database,
 * run it after the app's migrate, whose grant covers every table).
 */
export async function migrateTracker(db: Db, appRole?: string): Promise<string[]> {
  const applied: string[] = [];
  await db.execAsOwner(`
    SELECT pg_advisory_lock(727014);
    CREATE TABLE IF NOT EXISTS tracker_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
  `);
  try {
    const done = new Set((await db.query<{ id: string }>('SELECT id FROM tracker_migrations')).map((r) => r.id));
    for (const m of trackerMigrationFiles()) {
      if (done.has(m.id)) continue;
      await db.execAsOwner(`BEGIN;\n${m.sql}\nINSERT INTO tracker_migrations (id) VALUES ('${m.id}');\nCOMMIT;`);
      applied.push(m.id);
    }
    if (appRole) {
      if (!/^[a-z_][a-z0-9_]*$/.test(appRole)) throw new Error('a role name of lower-case letters, digits and _');
      await db.execAsOwner(`
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN CREATE ROLE ${appRole} NOLOGIN; END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;
        GRANT SELECT, INSERT, UPDATE, DELETE ON tracker_encodings, tracker_pairs, tracker_alerts, tracker_rejections, tracker_model TO ${appRole};
        REVOKE UPDATE, DELETE, TRUNCATE ON tracker_audit FROM ${appRole};
        GRANT SELECT, INSERT ON tracker_audit TO ${appRole};
        GRANT USAGE, SELECT ON SEQUENCE tracker_audit_id_seq TO ${appRole};
        GRANT SELECT ON tracker_migrations TO ${appRole};
      `);
    }
  } finally {
    await db.execAsOwner('SELECT pg_advisory_unlock(727014);');
  }
  return applied;
}
