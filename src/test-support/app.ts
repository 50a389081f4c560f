import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { after } from 'node:test';
import request from 'supertest';
import pg from 'pg';
import { loadConfig, type Config } from '../config.ts';
import { loadPartnerships, type PartnershipConfig } from '../partnerships/index.ts';
import { openDb, type Db } from '../db/client.ts';
import { migrate, migrationFiles } from '../db/migrate.ts';
import { trackerMigrationFiles } from '../tracker/migrate.ts';
import { syncPartnerships } from '../db/sync.ts';
import { seedDemo } from '../db/demo-seed.ts';
import { createApp } from '../app.ts';
import { createServices } from '../services.ts';
import type { DestinationStream } from 'pino';

export const TEST_PASSWORD = 'test-password-1';
const root = path.resolve(import.meta.dirname, '..', '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'mace-test');

/**
 * A migrated, demo-seeded embedded database, built once and cached as a dump keyed by the migrations
 * and seed; each test file then starts from a fresh copy of it (about half a second instead of five).
 */
async function pgliteTemplate(partnerships: Map<string, PartnershipConfig>, config: Config): Promise<Blob> {
  const hash = crypto.createHash('sha256');
  for (const m of [...migrationFiles(), ...trackerMigrationFiles()]) hash.update(m.sql);
  // The demo seed and everything it draws on; and today's date, since demo agendas sit on the next meetings.
  const seedFiles = [
    ...fs
      .readdirSync(path.join(root, 'src', 'db'))
      .filter((f) => f.startsWith('demo-') || f === 'sync.ts')
      .map((f) => `db/${f}`),
    ...fs
      .readdirSync(path.join(root, 'src', 'partnerships'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => `partnerships/${f}`),
    ...fs
      .readdirSync(path.join(root, 'src', 'features'))
      .filter((d) => fs.existsSync(path.join(root, 'src', 'features', d, 'demo.ts')))
      .map((d) => `features/${d}/demo.ts`),
  ].sort();
  for (const f of seedFiles) hash.update(fs.readFileSync(path.join(root, 'src', f)));
  hash.update(new Date().toISOString().slice(0, 10));
  // The bank holidays the seed's meetings skip (a test may configure its own, BANK_HOLIDAYS_FILE).
  hash.update(JSON.stringify(config.bankHolidays));
  const file = path.join(cacheDir, `template-${hash.digest('hex').slice(0, 16)}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const db = await openDb({});
  await migrate(db, config.dbAppRole);
  await db.useAppRole(config.dbAppRole);
  await syncPartnerships(db, partnerships);
  await seedDemo(db, partnerships, config.bankHolidays, TEST_PASSWORD);
  await db.execAsOwner('RESET ROLE');
  const dump = await db.dump!();
  await db.close();
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  return dump;
}

export type TestApp = Awaited<ReturnType<typeof testApp>>;

/** A fresh app on a fresh database: PGlite by default, a throwaway schema on the server when DATABASE_URL is set. */
export async function testApp(
  overrides: { partnerships?: Map<string, PartnershipConfig>; env?: Record<string, string>; logDestination?: DestinationStream } = {},
) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...overrides.env, DATABASE_URL: process.env.DATABASE_URL } as NodeJS.ProcessEnv);
  const partnerships = overrides.partnerships ?? loadPartnerships();
  let db: Db;
  let cleanup = async () => {};
  if (config.databaseUrl) {
    const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: config.databaseUrl });
    await admin.connect();
    // The extensions in public, never in the throwaway schema (dropping it would drop them under every other test's
    // indexes); each on its own, so that another test file creating one at the same moment fails only that one.
    for (const ext of ['pg_trgm', 'fuzzystrmatch', 'btree_gist', 'btree_gin'])
      await admin.query(`CREATE EXTENSION IF NOT EXISTS ${ext} SCHEMA public`).catch(() => undefined);
    await admin.query(`CREATE SCHEMA ${schema}`);
    // Issue 17: a test that asks for the read replica (env DATABASE_REPLICA_URL) reads the same schema there.
    db = await openDb({ databaseUrl: config.databaseUrl, schema, replica: config.databaseReplica });
    await migrate(db, config.dbAppRole);
    await db.useAppRole(config.dbAppRole);
    await syncPartnerships(db, partnerships);
    await seedDemo(db, partnerships, config.bankHolidays, TEST_PASSWORD);
    cleanup = async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    };
  } else {
    db = await openDb({ loadDataDir: await pgliteTemplate(partnerships, config) });
    await migrate(db, config.dbAppRole);
    await db.useAppRole(config.dbAppRole);
    await syncPartnerships(db, partnerships);
  }
  const csrf = { secret: 'test-secret-not-for-production' };
  const services = createServices(db, config, partnerships, { logDestination: overrides.logDestination });
  const app = createApp({ config, partnerships, csrf, services });
  after(async () => {
    await db.close();
    await cleanup();
  });

  /** A supertest agent signed in as a demo user; post() adds the session's CSRF token. */
  async function signIn(role: string, partnership = 'staffordshire', password = TEST_PASSWORD) {
    const agent = request.agent(app);
    const page = await agent.get('/sign-in');
    const token = csrfFrom(page.text);
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: token, email: `${role}@${partnership}.example.org`, password });
    if (res.status !== 303) throw new Error(`sign-in as ${role}@${partnership} failed: ${res.status}`);
    const home = await agent.get('/account');
    const csrf = csrfFrom(home.text);
    return {
      agent,
      csrf,
      post: (url: string, body: Record<string, unknown> = {}) =>
        agent
          .post(url)
          .type('form')
          .send({ _csrf: csrf, ...body }),
    };
  }

  async function apiToken(role: string, partnership = 'staffordshire') {
    const res = await request(app)
      .post('/api/v1/auth/token')
      .send({ email: `${role}@${partnership}.example.org`, password: TEST_PASSWORD });
    if (res.status !== 200) throw new Error(`token for ${role}@${partnership} failed: ${res.status}`);
    return res.body.token as string;
  }

  async function userId(role: string, partnership = 'staffordshire') {
    const [row] = await db.query<{ id: string }>(`SELECT id FROM users WHERE partnership_id = $1 AND email = $2`, [
      partnership,
      `${role}@${partnership}.example.org`,
    ]);
    return row!.id;
  }

  async function anyChild(partnership = 'staffordshire') {
    const [row] = await db.query<{ id: string; first_name: string; last_name: string }>(
      `SELECT id, first_name, last_name FROM children WHERE partnership_id = $1 ORDER BY reference LIMIT 1`,
      [partnership],
    );
    return row!;
  }

  return { app, db, config, partnerships, services, signIn, apiToken, userId, anyChild, request: () => request(app) };
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /data-csrf="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}
