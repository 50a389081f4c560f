import fs from 'node:fs';
import path from 'node:path';
import type { Db, Queryable } from './client.ts';
import { migrateTracker, trackerMigrationFiles } from '../tracker/migrate.ts';

const dir = path.join(import.meta.dirname, 'migrations');

export function migrationFiles(): { id: string; sql: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/**
 * Applies the SQL migrations not yet applied, in order, each in its own transaction,
 * under an advisory lock so two processes starting together never both migrate.
 * The same files run on PGlite and on a PostgreSQL server.
 */
export async function migrate(db: Db, appRole: string): Promise<string[]> {
  const applied: string[] = [];
  await db.execAsOwner(`
    SELECT pg_advisory_lock(727001);
    CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
  `);
  try {
    const done = new Set((await db.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id));
    for (const m of migrationFiles()) {
      if (done.has(m.id)) continue;
      await db.execAsOwner(`BEGIN;\n${m.sql}\nINSERT INTO schema_migrations (id) VALUES ('${m.id}');\nCOMMIT;`);
      applied.push(m.id);
    }
    await grantAppRole(db, appRole);
  } finally {
    await db.execAsOwner('SELECT pg_advisory_unlock(727001);');
  }
  // The national tracker's own tables (tracker_ prefix, its own migrations table and lock), for the tracker when it
  // runs in this process (TRACKER_MODE=in-process); after the grant above, so that its audit stays append-only.
  applied.push(...(await migrateTracker(db, appRole)).map((id) => `tracker/${id}`));
  return applied;
}

let shippedIds: string[] | undefined;

/**
 * Issue 17 item 6 (readiness): the migrations shipped with this code, the app's and the tracker's (read once: the
 * code does not change under a running process), and how many of them the database has applied.
 */
export async function migrationState(q: Queryable): Promise<{ shipped: number; applied: number; pending: number }> {
  shippedIds ??= [...migrationFiles().map((m) => m.id), ...trackerMigrationFiles().map((m) => `tracker/${m.id}`)];
  const done = new Set<string>();
  for (const [table, prefix] of [
    ['schema_migrations', ''],
    ['tracker_migrations', 'tracker/'],
  ] as const) {
    const [exists] = await q.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [table]);
    if (!exists?.t) continue;
    for (const r of await q.query<{ id: string }>(`SELECT id FROM ${table}`)) done.add(prefix + r.id);
  }
  const applied = shippedIds.filter((id) => done.has(id)).length;
  return { shipped: shippedIds.length, applied, pending: shippedIds.length - applied };
}

/**
 * The application acts as a role that may read and write its tables but may never
 * change or remove an audit entry or a seal of the audit chain (DOMAIN §7: every access accountable).
 */
async function grantAppRole(db: Db, role: string): Promise<void> {
  await db.execAsOwner(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE ${role} NOLOGIN;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
    DO $$ BEGIN
      EXECUTE format('GRANT ${role} TO %I', current_user);
    EXCEPTION WHEN others THEN NULL;
    END $$;
    DO $$ BEGIN
      EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${role}', current_schema());
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO ${role}', current_schema());
      EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO ${role}', current_schema());
      EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I.audit_events FROM ${role}', current_schema());
      EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I.audit_seals FROM ${role}', current_schema());
      EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I.schema_migrations FROM ${role}', current_schema());
    END $$;
  `);
}
