import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { testApp } from '../test-support/app.ts';
import { sqlJoinsWithoutPartnership, sqlStatementsWithoutPartnership } from '../test-support/sql-lint.ts';

/**
 * Ready for Citus (issue 17 item 4, docs/scale.md): a national deployment shards the app's tables by partnership_id.
 * Read from the catalog of the migrated database (PGlite, or a PostgreSQL server when DATABASE_URL is set), every
 * table is one of three kinds, and each kind has its rules:
 *  - distributed by partnership_id (every table not listed below): partnership_id NOT NULL, in its primary key, in every
 *    unique index (Citus enforces uniqueness within one shard only), and paired with partnership_id in every foreign key
 *    to another distributed table (the two rows in one shard);
 *  - not distributed (listed in `notDistributed`, each with why): the same rows for every partnership or the
 *    deployment's own bookkeeping; no foreign key to a distributed table;
 *  - the national tracker's (listed in `trackerTables`): the one component that spans partnerships by design, in its
 *    own database in a national deployment; no foreign key between its tables and the app's.
 * A new table is distributed unless someone lists it here with a reason.
 */

/** Tables whose rows are not one partnership's: the same rows for all (reference) or the coordinator's bookkeeping. */
export const notDistributed: Record<string, { placement: 'reference' | 'coordinator'; why: string }> = {
  partnerships: {
    placement: 'reference',
    why: "one row per partnership (its configuration); every distributed table's partnership_id refers to it, so every node needs it",
  },
  user_emails: {
    placement: 'reference',
    why: 'an email is one account across the deployment (sign-in is by email alone): a global unique rule Citus cannot enforce on a distributed table (migration 051)',
  },
  settings: { placement: 'reference', why: "the deployment's own secrets (key and value), read by every process; no partnership's data" },
  schema_migrations: { placement: 'coordinator', why: 'which migrations ran; Citus propagates the DDL to the shards itself' },
  job_runs: {
    placement: 'coordinator',
    why: "the job runner's record of each run (name, times, counts only), one runner per database across partnerships",
  },
  audit_seals: {
    placement: 'coordinator',
    why: "the audit chain's seals (issue 17 item 5, migration 065): each covers a range of audit entry ids across partnerships (one id sequence), hashes only",
  },
  login_failures: {
    placement: 'coordinator',
    why: 'sign-in throttling, keyed by a hash of the email typed and the address, before any account or partnership is known',
  },
};

/**
 * The national tracker's own store (src/tracker/, its own migrations): it compares every partnership's children, so its
 * tables span partnerships by design. In a national deployment it runs as its own process on its own database
 * (TRACKER_MODE=http); these tables are in the app's database only when it runs in the app's process.
 */
export const trackerTables: Record<string, string> = {
  tracker_encodings: "each partnership's keyed encodings, compared with every other partnership's",
  tracker_pairs: 'a candidate pair: two partnerships (a_ and b_partnership_id) in one row',
  tracker_alerts: "each side's alert of a pair (names the other partnership); belongs to the pair",
  tracker_rejections: 'a rejected pair, keyed by both sides',
  tracker_audit: "the tracker's own audit (actor may be the tracker itself, no partnership)",
  tracker_model: 'the one fitted model, learnt from every partnership',
  tracker_migrations: "the tracker's migrations",
};

/**
 * Unique indexes a distributed table keeps without partnership_id, each with why: on Citus such an index cannot be
 * created on the distributed table and the rule moves elsewhere (docs/scale.md says where). Keep this empty if you can.
 */
const uniqueWithoutPartnership: Record<string, string> = {};

const t = await testApp();

type Table = { name: string; partnership_id_not_null: boolean | null };
type Constraint = { table: string; name: string; type: 'p' | 'f'; cols: string[]; ref_table: string | null; ref_cols: string[] | null };
type UniqueIndex = { table: string; name: string; cols: (string | null)[]; def: string };

const tables = await t.db.query<Table>(
  `SELECT c.relname AS name,
          (SELECT a.attnotnull FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'partnership_id' AND NOT a.attisdropped) AS partnership_id_not_null
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY 1`,
);
const constraints = await t.db.query<Constraint>(
  `SELECT c.relname AS table, k.conname AS name, k.contype AS type,
          ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
          r.relname AS ref_table,
          CASE WHEN k.confrelid <> 0 THEN ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) END AS ref_cols
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_class r ON r.oid = k.confrelid
    WHERE n.nspname = current_schema() AND k.contype IN ('p', 'f')
    ORDER BY 1, 2`,
);
const uniqueIndexes = await t.db.query<UniqueIndex>(
  `SELECT c.relname AS table, i.relname AS name, pg_get_indexdef(x.indexrelid) AS def,
          ARRAY(SELECT a.attname::text FROM unnest(x.indkey[0:x.indnkeyatts - 1]) u(n) LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n) AS cols
     FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND x.indisunique
    ORDER BY 1, 2`,
);

const kindOf = (table: string) => (table in trackerTables ? 'tracker' : table in notDistributed ? 'not distributed' : 'distributed');

type Catalog = { tables: Table[]; constraints: Constraint[]; uniqueIndexes: UniqueIndex[] };
const fk = (k: Constraint) => `${k.table} (${k.cols.join(', ')}) → ${k.ref_table} (${k.ref_cols!.join(', ')})`;

/** What breaks the rule in a catalog, by rule. */
function problems(c: Catalog) {
  const distributed = c.tables.filter((x) => kindOf(x.name) === 'distributed');
  return {
    primaryKeys: distributed.flatMap((x) => {
      if (x.partnership_id_not_null === null) return [`${x.name}: no partnership_id column (add it, backfilled from the parent, or list the table with why)`];
      const out: string[] = [];
      if (!x.partnership_id_not_null) out.push(`${x.name}: partnership_id may be NULL`);
      const pk = c.constraints.find((k) => k.table === x.name && k.type === 'p');
      if (!pk) out.push(`${x.name}: no primary key`);
      else if (!pk.cols.includes('partnership_id')) out.push(`${x.name}: primary key (${pk.cols.join(', ')}) without partnership_id`);
      return out;
    }),
    uniqueIndexes: c.uniqueIndexes
      .filter((u) => kindOf(u.table) === 'distributed' && !u.cols.includes('partnership_id') && !(u.name in uniqueWithoutPartnership))
      .map((u) => `${u.table}: ${u.def.replace(/^CREATE UNIQUE INDEX \S+ ON \S+ USING btree /, `${u.name} `)}`),
    foreignKeys: c.constraints
      .filter((k) => k.type === 'f' && kindOf(k.table) === 'distributed' && kindOf(k.ref_table!) === 'distributed')
      .filter((k) => {
        const i = k.cols.indexOf('partnership_id');
        return i < 0 || k.ref_cols![i] !== 'partnership_id';
      })
      .map(fk),
    crossing: c.constraints
      .filter((k) => k.type === 'f')
      .filter((k) => {
        const [from, to] = [kindOf(k.table), kindOf(k.ref_table!)];
        if (from === 'tracker' || to === 'tracker') return from !== to;
        if (from === 'not distributed') return to === 'distributed';
        return to === 'not distributed' && notDistributed[k.ref_table!]!.placement !== 'reference';
      })
      .map(fk),
  };
}

const found = problems({ tables, constraints, uniqueIndexes });
const distributed = tables.filter((x) => kindOf(x.name) === 'distributed');

test('issue 17 item 4: the lists name tables that exist (a list that names a dropped table is out of date)', () => {
  const names = new Set(tables.map((x) => x.name));
  const missing = [...Object.keys(notDistributed), ...Object.keys(trackerTables)].filter((n) => !names.has(n));
  assert.deepEqual(missing, []);
  assert.ok(distributed.length > 50, `the app's tables are found (${distributed.length})`);
});

test('issue 17 item 4: every distributed table has partnership_id, NOT NULL, in its primary key', () => {
  assert.deepEqual(found.primaryKeys, []);
});

test('issue 17 item 4: every unique index of a distributed table includes partnership_id (Citus enforces it within a shard)', () => {
  assert.deepEqual(found.uniqueIndexes, []);
});

test('issue 17 item 4: a foreign key between distributed tables pairs partnership_id with partnership_id', () => {
  assert.deepEqual(found.foreignKeys, []);
});

test('issue 17 item 4: no foreign key from a table that is not distributed to one that is, nor between the tracker and the app', () => {
  assert.deepEqual(found.crossing, []);
});

test('issue 17 item 4: each rule names a table that breaks it (a catalog as it was before migration 050, and worse)', () => {
  const table = (name: string, pid: boolean | null = true): Table => ({ name, partnership_id_not_null: pid });
  const key = (t: string, type: 'p' | 'f', cols: string[], ref?: [string, string[]]): Constraint => ({
    table: t,
    name: `${t}_${type}`,
    type,
    cols,
    ref_table: ref?.[0] ?? null,
    ref_cols: ref?.[1] ?? null,
  });
  const p = problems({
    tables: [table('children'), table('audit_events', false), table('child_notes', null), table('partnerships', null), table('tracker_pairs', null)],
    constraints: [
      key('children', 'p', ['partnership_id', 'id']),
      key('audit_events', 'p', ['id']),
      key('child_notes', 'p', ['id']),
      key('child_notes', 'f', ['child_id'], ['children', ['id']]),
      key('children', 'f', ['id', 'partnership_id'], ['children', ['partnership_id', 'id']]),
      key('partnerships', 'f', ['id'], ['children', ['partnership_id']]),
      key('children', 'f', ['partnership_id'], ['tracker_pairs', ['id']]),
    ],
    uniqueIndexes: [
      { table: 'children', name: 'children_id_key', cols: ['id'], def: 'CREATE UNIQUE INDEX children_id_key ON public.children USING btree (id)' },
    ],
  });
  assert.deepEqual(p.primaryKeys, [
    'audit_events: partnership_id may be NULL',
    'audit_events: primary key (id) without partnership_id',
    'child_notes: no partnership_id column (add it, backfilled from the parent, or list the table with why)',
  ]);
  assert.deepEqual(p.uniqueIndexes, ['children: children_id_key (id)']);
  assert.deepEqual(p.foreignKeys, ['child_notes (child_id) → children (id)', 'children (id, partnership_id) → children (partnership_id, id)']);
  assert.deepEqual(p.crossing, ['partnerships (id) → children (partnership_id)', 'children (partnership_id) → tracker_pairs (id)']);
});

const root = path.resolve(import.meta.dirname, '..');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === path.join(root, 'tracker') ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });

test('issue 17 item 4: no query joins a distributed table without naming its partnership_id in the join (the tracker excepted)', () => {
  const names = new Set(distributed.map((x) => x.name));
  const found = sources(root).flatMap((file) =>
    sqlJoinsWithoutPartnership(fs.readFileSync(file, 'utf8'), names).map(
      (j) => `${path.relative(root, file)}:${j.line}: JOIN ${j.table} ${j.alias} ON ${j.on}`,
    ),
  );
  assert.deepEqual(found, []);
});

/**
 * Statements that span partnerships on purpose without naming partnership_id, each with why (docs/scale.md: on Citus each
 * runs on every shard). Keyed by file and the statement's start.
 */
const spanningStatements: Record<string, string> = {
  'features/auth/repository.ts: DELETE FROM oidc_flows WHERE created_at <': 'sweeps sign-in flows older than a day, of every partnership',
  'features/mail/repository.ts: SELECT count(*) FILTER (WHERE attempts < $1)::int AS pending':
    "the metrics' depth of the whole outbox (issue 17 item 6): a count over every partnership's unsent mail",
  // Issue 17 item 5: the audit chain seals and verifies the entries of every partnership in id order (one sequence).
  'platform/audit-chain.ts: SELECT id::text AS id,': "the audit chain: each entry's digest in an id range, every partnership's (a seal spans them)",
  'platform/audit-chain.ts: SELECT count(*)::text AS n FROM audit_events':
    'the audit chain: the entries not yet sealed, or all of them before migration 065, across partnerships',
};

test('issue 17 item 4: every statement on a distributed table names partnership_id, or is listed as spanning partnerships with why', () => {
  const names = new Set(distributed.map((x) => x.name));
  const listed = Object.keys(spanningStatements);
  const seen = new Set<string>();
  const found = sources(root).flatMap((file) =>
    sqlStatementsWithoutPartnership(fs.readFileSync(file, 'utf8'), names)
      .map((s) => ({ ...s, where: `${path.relative(root, file)}: ${s.sql}` }))
      .filter((s) => {
        const key = listed.find((k) => s.where.startsWith(k));
        if (key) seen.add(key);
        return !key;
      })
      .map((s) => `${path.relative(root, file)}:${s.line} [${s.tables.join(', ')}] ${s.sql.slice(0, 160)}`),
  );
  assert.deepEqual(found, []);
  assert.deepEqual(
    listed.filter((k) => !seen.has(k)),
    [],
    'every listed statement is still there',
  );
});

test('issue 17 item 4: the statement check finds a session updated by its hash alone', () => {
  const src =
    'q.query(`UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1`, [h]); q.query(`UPDATE sessions SET data = $3 WHERE partnership_id = $1 AND id_hash = $2`)';
  assert.deepEqual(
    sqlStatementsWithoutPartnership(src, new Set(['sessions'])).map((s) => s.tables),
    [['sessions']],
  );
});

test('issue 17 item 4: the join check finds a join on id alone, and passes one that pairs partnership_id', () => {
  const names = new Set(['users', 'audit_events', 'children']);
  const bad = 'const q = `SELECT a.id FROM audit_events a LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.partnership_id = $1`;';
  assert.deepEqual(
    sqlJoinsWithoutPartnership(bad, names).map((j) => [j.table, j.alias]),
    [['users', 'u']],
  );
  const good =
    'q(`SELECT 1 FROM audit_events a\n  JOIN users AS u ON u.partnership_id = a.partnership_id AND u.id = a.actor_user_id\n  JOIN children USING (partnership_id, id)`)';
  assert.deepEqual(sqlJoinsWithoutPartnership(good, names), []);
  // A join naming another table's partnership_id only does not count.
  const other = '`SELECT 1 FROM audit_events a JOIN users u ON u.id = a.actor_user_id AND a.partnership_id = $1`';
  assert.equal(sqlJoinsWithoutPartnership(other, names).length, 1);
});

test('issue 17 item 4: a session is found by its key (partnership_id, id_hash): the secret starts with its partnership, which cannot be changed', async () => {
  const token = await t.apiToken('coordinator');
  assert.match(token, /^staffordshire\.[A-Za-z0-9_-]{43}$/);
  const me = (bearer: string) => t.request().get('/api/v1/partnership').set('Authorization', `Bearer ${bearer}`);
  assert.equal((await me(token)).status, 200);
  assert.equal((await me(token.replace(/^staffordshire\./, 'rotherham.'))).status, 401, 'another partnership named');
  assert.equal((await me(token.replace(/^staffordshire\./, ''))).status, 401, 'no partnership named');
});

test('issue 17 item 4: an email is one account across partnerships, kept in the reference table user_emails', async () => {
  const [row] = await t.db.query<{ partnership_id: string }>(`SELECT partnership_id FROM user_emails WHERE email = 'coordinator@llr.example.org'`);
  assert.equal(row?.partnership_id, 'llr');
  // An account in Rotherham with an LLR account's email: refused by the foreign key to user_emails.
  await assert.rejects(
    t.db.query(
      `INSERT INTO users (partnership_id, email, display_name, agency_id, roles) VALUES ('rotherham', 'Coordinator@llr.example.org', 'Casey Copy', (SELECT agency_id FROM users WHERE partnership_id = 'rotherham' LIMIT 1), '{practitioner}')`,
    ),
    /foreign key/,
  );
});

test('issue 17 item 4: an audit entry made before any partnership is known names the empty partnership', async () => {
  const res = await t.request().post('/api/v1/auth/token').send({ email: 'nobody@example.org', password: 'not-a-password-1' });
  assert.equal(res.status, 401);
  const [entry] = await t.db.query<{ partnership_id: string }>(
    `SELECT partnership_id FROM audit_events WHERE action = 'auth.sign-in' AND outcome = 'failed' ORDER BY at DESC, id DESC LIMIT 1`,
  );
  assert.equal(entry?.partnership_id, '');
});
