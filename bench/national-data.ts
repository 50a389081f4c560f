/**
 * Issue 17 item 3: the county and the national data sets on a PostgreSQL server, for `npm run bench -- --national` and
 * `npm run loadtest`. Everything is invented, generated in bulk (multi-row INSERT … SELECT over unnest and
 * generate_series, never row by row) by the county bench's own generators.
 *
 * - The county database (mace_county by default): what `npm run bench` generates on the embedded database — 10,000
 *   children in Staffordshire with 30,000 intelligence records and 200,000 links, and in each of the three configured
 *   partnerships 10,000 children and 1,000,000 recorded events over two years (report-data.ts).
 * - The national database (mace_national): a copy of the county one (CREATE DATABASE … TEMPLATE, so the three
 *   partnerships' rows are the same), plus the other authorities of England (147 by default, so 150 in all), each
 *   with its share of the rest: 200,000 children, 20,000,000 recorded events over a decade and 10,000 users in all.
 *   Each added authority is a partnership row (a copy of one of the three configurations under another id: the
 *   server serves only the three it is configured with, the others' rows are there to be filtered out), its
 *   districts and agencies, its users ({role}@{id}.example.org and practitionerN@{id}.example.org), children with
 *   names as generate.ts makes them, and report-data.ts's records scaled to its size, spread over ten years.
 *
 * Resumable: each authority is added in one transaction that also records it in bench_dataset, so a build stopped
 * half-way goes on where it stopped. `scale` multiplies the other authorities' children, events and users (the three
 * county partnerships stay as they are): a quicker, smaller national set, said in the results.
 */
import pg from 'pg';
import { openDb, type Db, type Queryable } from '../src/db/client.ts';
import { loadPartnerships, type PartnershipConfig } from '../src/partnerships/index.ts';
import { syncPartnerships } from '../src/db/sync.ts';
import { roles, type Role } from '../src/platform/roles.ts';
import { generate, makeRows, bulkLoad } from './generate.ts';
import { generateReportData } from './report-data.ts';
import { generateAllReportData } from './report-scenarios.ts';
import { generateNetworkData } from './network.ts';

export type NationalOptions = {
  /** The server, as a URL whose database part is replaced (postgres://postgres@127.0.0.1:5432). */
  server: string;
  countyDb: string;
  nationalDb: string;
  /** The county set (as `npm run bench`'s defaults). */
  countyChildren: number;
  countyEvents: number;
  networkRecords: number;
  networkLinks: number;
  /** The national set, in all (the county partnerships included). */
  authorities: number;
  children: number;
  events: number;
  users: number;
  /** Multiplies the added authorities' children, events and users (1: the full national set). */
  scale: number;
  /** Drop and build again even when complete. */
  rebuild: boolean;
  log: (s: string) => void;
};

export type DatasetInfo = {
  database: string;
  partnerships: number;
  children: number;
  events: number;
  users: number;
  size_bytes: number;
  size: string;
  build_ms: number;
  scale?: number;
  /** Built by this run (so a national set copied from the one before is stale). Not kept. */
  builtNow?: boolean;
};

/** The URL of database `name` on the server of `server`. */
export function databaseUrl(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

const agencyKind: Record<Role, string[]> = {
  practitioner: ['social-care'],
  coordinator: ['social-care'],
  administrator: ['social-care', 'local-authority'],
  chair: ['police', 'social-care'],
  responder: ['education'],
  analyst: ['police'],
  admin: ['local-authority', 'social-care'],
};

async function admin<T>(server: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: databaseUrl(server, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const exists = (server: string, name: string) =>
  admin(server, async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1);

/** The dataset's record (bench_dataset), or undefined when the database or the key is missing. */
async function marker(server: string, name: string, key: string): Promise<DatasetInfo | undefined> {
  if (!(await exists(server, name))) return undefined;
  const c = new pg.Client({ connectionString: databaseUrl(server, name) });
  await c.connect();
  try {
    const t = await c.query(`SELECT to_regclass('public.bench_dataset') AS t`);
    if (!t.rows[0].t) return undefined;
    const r = await c.query(`SELECT value FROM bench_dataset WHERE key = $1`, [key]);
    return r.rows[0]?.value as DatasetInfo | undefined;
  } finally {
    await c.end();
  }
}

async function recreate(server: string, name: string, template?: string) {
  await admin(server, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`);
  });
}

async function sizeOf(db: Db, name: string) {
  const [r] = await db.query<{ b: string; s: string }>(`SELECT pg_database_size($1)::text AS b, pg_size_pretty(pg_database_size($1)) AS s`, [name]);
  return { size_bytes: Number(r!.b), size: r!.s };
}

/** What the dataset holds: children, recorded events (as report-data.ts counts them), users, partnerships. */
async function countAll(db: Db) {
  const [r] = await db.query<{ partnerships: number; children: number; users: number }>(
    `SELECT (SELECT count(*)::int FROM partnerships) AS partnerships, (SELECT count(*)::int FROM children) AS children,
            (SELECT count(*)::int FROM users) AS users`,
  );
  return r!;
}

/** The recorded events, as report-data.ts counts them: significant events and the records the reports count. */
const EVENT_TABLES = [
  'child_events',
  'assessments',
  'agenda_items',
  'panel_referrals',
  'actions',
  'concerns',
  'missing_episodes',
  'investigations',
  'ce_risk_assessment_updates',
  'training_needs',
];
async function countEvents(db: Db): Promise<number> {
  const [r] = await db.query<{ n: string }>(`SELECT (${EVENT_TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')})::text AS n`);
  return Number(r!.n);
}

/** Builds the county database unless it is complete (or rebuild). */
export async function ensureCounty(o: NationalOptions): Promise<DatasetInfo> {
  const done = o.rebuild ? undefined : await marker(o.server, o.countyDb, 'county');
  if (done) {
    o.log(`County data set: reusing ${o.countyDb} (${done.children.toLocaleString('en-GB')} children, ${done.size})`);
    return done;
  }
  const t0 = performance.now();
  const url = databaseUrl(o.server, o.countyDb);
  o.log(`County data set: building ${o.countyDb}…`);
  await recreate(o.server, o.countyDb);
  await generate({ children: o.countyChildren, partnership: 'staffordshire', databaseUrl: url, log: o.log });
  await generateAllReportData({ databaseUrl: url }, o.countyChildren, o.countyEvents, o.log);
  if (o.networkLinks > 0) await generateNetworkData({ databaseUrl: url }, 'staffordshire', { records: o.networkRecords, links: o.networkLinks }, o.log);
  const db = await openDb({ databaseUrl: url });
  try {
    o.log('  VACUUM ANALYZE…');
    await db.query('VACUUM ANALYZE');
    const counts = await countAll(db);
    const info: DatasetInfo = {
      database: o.countyDb,
      ...counts,
      events: await countEvents(db),
      ...(await sizeOf(db, o.countyDb)),
      build_ms: Math.round(performance.now() - t0),
    };
    await db.query(`CREATE TABLE IF NOT EXISTS bench_dataset (key text PRIMARY KEY, value jsonb NOT NULL)`);
    await db.query(`INSERT INTO bench_dataset (key, value) VALUES ('county', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
      JSON.stringify(info),
    ]);
    o.log(`  county: ${info.children.toLocaleString('en-GB')} children, ${info.size}, ${Math.round(info.build_ms / 1000)} s`);
    return { ...info, builtNow: true };
  } finally {
    await db.close();
  }
}

/** The added authorities' configurations: copies of the three partnerships' under ids authority-001… */
export function authorityConfigs(n: number): PartnershipConfig[] {
  const bases = [...loadPartnerships().values()];
  return Array.from({ length: n }, (_, i) => {
    const base = bases[i % bases.length]!;
    const id = `authority-${String(i + 1).padStart(3, '0')}`;
    return { ...base, id, name: `Example Authority ${i + 1}` };
  });
}

/** The Db `db` whose every query and transaction is the one transaction q (an authority is added all or nothing). */
function within(db: Db, q: Queryable): Db {
  return { ...db, query: (sql, params) => q.query(sql, params), tx: (fn) => fn(q), execAsOwner: async (sql) => void (await q.query(sql)) };
}

/** Builds the national database (a copy of the county one and the other authorities) unless it is complete. */
export async function ensureNational(o: NationalOptions, county: DatasetInfo): Promise<DatasetInfo> {
  const done = o.rebuild || county.builtNow ? undefined : await marker(o.server, o.nationalDb, 'national');
  if (done && done.scale === o.scale) {
    o.log(
      `National data set: reusing ${o.nationalDb} (${done.partnerships} partnerships, ${done.children.toLocaleString('en-GB')} children, ${done.events.toLocaleString('en-GB')} events, ${done.size})`,
    );
    return done;
  }
  const t0 = performance.now();
  const url = databaseUrl(o.server, o.nationalDb);
  const started = (await marker(o.server, o.nationalDb, 'base')) as unknown as { scale: number; ms: number } | undefined;
  if (o.rebuild || county.builtNow || !started || done || started.scale !== o.scale) {
    o.log(`National data set: copying ${o.countyDb} into ${o.nationalDb}…`);
    await recreate(o.server, o.nationalDb, o.countyDb);
    const db = await openDb({ databaseUrl: url });
    try {
      await db.query(`INSERT INTO bench_dataset (key, value) VALUES ('base', $1)`, [
        JSON.stringify({ scale: o.scale, ms: Math.round(performance.now() - t0) }),
      ]);
    } finally {
      await db.close();
    }
  } else {
    o.log(`National data set: resuming in ${o.nationalDb}`);
  }

  const others = authorityConfigs(Math.max(0, o.authorities - loadPartnerships().size));
  const share = (total: number, have: number) => Math.max(1, Math.round(((total - have) / Math.max(1, others.length)) * o.scale));
  const perChildren = share(o.children, county.children);
  const perEvents = share(o.events, county.events);
  const perUsers = Math.max(roles.length, share(o.users, county.users));
  // report-data.ts's fixed counts are for a county of 10,000 children: an authority's share of them is its size.
  const reportScale = perChildren / o.countyChildren;
  o.log(
    `  ${others.length} more authorities, each ${perChildren.toLocaleString('en-GB')} children, ${perEvents.toLocaleString('en-GB')} events over ten years, ${perUsers} users`,
  );

  const db = await openDb({ databaseUrl: url });
  try {
    const have = new Set((await db.query<{ key: string }>(`SELECT key FROM bench_dataset WHERE key LIKE 'authority:%'`)).map((r) => r.key.slice(10)));
    const [{ hash }] = (await db.query<{ hash: string }>(`SELECT password_hash AS hash FROM users WHERE email = 'practitioner@staffordshire.example.org'`)) as [
      { hash: string },
    ];
    for (const [i, p] of others.entries()) {
      if (have.has(p.id)) continue;
      const t1 = performance.now();
      const r = await db.tx(async (q) => {
        const inTx = within(db, q);
        await syncPartnerships(inTx, new Map([[p.id, p]]));
        await addUsers(q, p, perUsers, hash);
        const [u] = await q.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [`practitioner@${p.id}.example.org`]);
        const lead = p.agencies.find((a) => a.kind === 'social-care') ?? p.agencies[0]!;
        await bulkLoad(inTx, p, makeRows(p, perChildren, 1000 + i), u!.id, lead.id);
        const rd = await generateReportData(inTx, p, { children: perChildren, events: perEvents, scale: reportScale, days: 3650, analyze: false });
        await q.query(`INSERT INTO bench_dataset (key, value) VALUES ($1, $2)`, [
          `authority:${p.id}`,
          JSON.stringify({ events: rd.events, ms: Math.round(performance.now() - t1) }),
        ]);
        return rd;
      });
      if (i % 10 === 0 || i === others.length - 1)
        o.log(
          `  ${p.id}: ${r.children.toLocaleString('en-GB')} children, ${r.events.toLocaleString('en-GB')} events in ${Math.round(performance.now() - t1)} ms (${i + 1}/${others.length})`,
        );
    }
    o.log('  VACUUM ANALYZE…');
    const t2 = performance.now();
    await db.query('VACUUM ANALYZE');
    await db.query('CHECKPOINT');
    const vacuumMs = performance.now() - t2;
    const counts = await countAll(db);
    // The build's time: the copy, each authority (however many runs it took) and the VACUUM.
    const [{ ms }] = (await db.query<{ ms: string }>(
      `SELECT coalesce(sum((value->>'ms')::bigint), 0)::text AS ms FROM bench_dataset WHERE key LIKE 'authority:%' OR key = 'base'`,
    )) as [{ ms: string }];
    const info: DatasetInfo = {
      database: o.nationalDb,
      ...counts,
      events: await countEvents(db),
      ...(await sizeOf(db, o.nationalDb)),
      build_ms: Number(ms) + Math.round(vacuumMs),
      scale: o.scale,
    };
    await db.query(`INSERT INTO bench_dataset (key, value) VALUES ('national', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
      JSON.stringify(info),
    ]);
    o.log(
      `  national: ${info.partnerships} partnerships, ${info.children.toLocaleString('en-GB')} children, ${info.events.toLocaleString('en-GB')} events, ${info.users.toLocaleString('en-GB')} users, ${info.size}, ${Math.round(info.build_ms / 1000)} s`,
    );
    return info;
  } finally {
    await db.close();
  }
}

/** An authority's users: one of each role ({role}@{id}.example.org), the rest practitioners across its agencies. */
async function addUsers(q: Queryable, p: PartnershipConfig, n: number, passwordHash: string) {
  const emails: string[] = [];
  const agencies: string[] = [];
  const userRoles: string[] = [];
  for (let i = 0; i < n; i++) {
    const role: Role = i < roles.length ? roles[i]! : 'practitioner';
    const agency = i < roles.length ? (p.agencies.find((a) => agencyKind[role].includes(a.kind)) ?? p.agencies[0]!) : p.agencies[i % p.agencies.length]!;
    emails.push(i < roles.length ? `${role}@${p.id}.example.org` : `practitioner${i}@${p.id}.example.org`);
    agencies.push(agency.id);
    userRoles.push(role);
  }
  // An email is one account across the deployment (migration 051): each account's row in user_emails first.
  await q.query(`INSERT INTO user_emails (email, partnership_id) SELECT lower(e), $1 FROM unnest($2::text[]) AS e`, [p.id, emails]);
  await q.query(
    `INSERT INTO users (partnership_id, email, display_name, agency_id, roles, password_hash)
     SELECT $1, u.email, 'Bench user ' || u.n, u.agency, ARRAY[u.role], $2
       FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(email, agency, role, n)`,
    [p.id, passwordHash, emails, agencies, userRoles],
  );
}

/** As a script: builds (or finds complete) the county and national databases (--county-only: the county one), nothing else. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util');
  const { values: a } = parseArgs({
    options: {
      'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      'county-db': { type: 'string', default: 'mace_county' },
      'national-db': { type: 'string', default: 'mace_national' },
      children: { type: 'string', default: '10000' },
      'report-events': { type: 'string', default: '1000000' },
      'network-records': { type: 'string', default: '30000' },
      'network-links': { type: 'string', default: '200000' },
      authorities: { type: 'string', default: '150' },
      'national-children': { type: 'string', default: '200000' },
      'national-events': { type: 'string', default: '20000000' },
      'national-users': { type: 'string', default: '10000' },
      scale: { type: 'string', default: '1' },
      rebuild: { type: 'boolean', default: false },
      'county-only': { type: 'boolean', default: false },
    },
  });
  const o: NationalOptions = {
    server: a['database-url'],
    countyDb: a['county-db'],
    nationalDb: a['national-db'],
    countyChildren: Number(a.children),
    countyEvents: Number(a['report-events']),
    networkRecords: Number(a['network-records']),
    networkLinks: Number(a['network-links']),
    authorities: Number(a.authorities),
    children: Number(a['national-children']),
    events: Number(a['national-events']),
    users: Number(a['national-users']),
    scale: Number(a.scale),
    rebuild: a.rebuild,
    log: (s) => console.log(s),
  };
  const county = await ensureCounty(o);
  if (!a['county-only']) await ensureNational(o, county);
}
