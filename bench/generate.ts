/**
 * Generates fictional children at scale into a fresh embedded database (PGlite data directory) for
 * `npm run bench`. Everything here is invented: given names from a plain list, surnames built from
 * syllables, addresses on example roads; no real person is described.
 *
 * The database is prepared exactly as the server prepares it (migrations, partnerships, demo users and
 * the dozen demo children per partnership, with a known password), then the generated children are
 * loaded in bulk, several thousand rows per statement. search_text is filled by the same expression
 * the repository uses (src/features/children/repository.ts, refreshSearchText), run once over the set.
 *
 * Usage as a script: npx node bench/generate.ts --children 10000 --partnership staffordshire --data-dir /tmp/x
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { loadPartnerships, type PartnershipConfig } from '../src/partnerships/index.ts';
import { openDb, type Db } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { syncPartnerships } from '../src/db/sync.ts';
import { seedDemo } from '../src/db/demo-seed.ts';
import { surnameTails } from './linkage/names.ts';

export const BENCH_PASSWORD = 'bench-password-not-secret-1';

export type GeneratedChild = { id: string; firstName: string; lastName: string; aliases: string[] };
type GenerateOptions = {
  children: number;
  partnership: string;
  dataDir?: string;
  /** A PostgreSQL database to generate into instead of an embedded one (an empty database: issue 17's national bench). */
  databaseUrl?: string;
  seed?: number;
  /** Run ANALYZE after loading (the embedded database has no autovacuum, so a real one may never have statistics). */
  analyze?: boolean;
  log?: (s: string) => void;
};
type GenerateResult = { dataDir?: string; partnership: string; children: number; totalChildren: number; ms: number };

/** Invented given names (a name is not a person). */
const givenNames = [
  'Aaliyah',
  'Abdul',
  'Ada',
  'Adam',
  'Aiden',
  'Aisha',
  'Alfie',
  'Alice',
  'Amara',
  'Amber',
  'Amir',
  'Anya',
  'Archie',
  'Arlo',
  'Aryan',
  'Ava',
  'Bailey',
  'Bella',
  'Ben',
  'Bethany',
  'Blake',
  'Bobby',
  'Brandon',
  'Brooke',
  'Caleb',
  'Callie',
  'Cameron',
  'Casey',
  'Chantelle',
  'Charlie',
  'Chloe',
  'Connor',
  'Corey',
  'Courtney',
  'Daisy',
  'Dalia',
  'Daniel',
  'Darcy',
  'Declan',
  'Demi',
  'Devon',
  'Dylan',
  'Eden',
  'Elijah',
  'Ella',
  'Ellis',
  'Elsie',
  'Emre',
  'Erin',
  'Esme',
  'Evie',
  'Ezra',
  'Faith',
  'Farah',
  'Finley',
  'Freya',
  'Gabriel',
  'Georgia',
  'Grace',
  'Hamza',
  'Harley',
  'Harper',
  'Harvey',
  'Hassan',
  'Holly',
  'Hugo',
  'Ibrahim',
  'Imani',
  'Isaac',
  'Isla',
  'Ivy',
  'Jack',
  'Jade',
  'Jake',
  'Jamal',
  'Jasmine',
  'Jayden',
  'Jenson',
  'Jessica',
  'Joel',
  'Jordan',
  'Josie',
  'Kai',
  'Kacper',
  'Kayden',
  'Keira',
  'Kian',
  'Kyla',
  'Lacey',
  'Layla',
  'Leon',
  'Lewis',
  'Lexi',
  'Liam',
  'Lily',
  'Logan',
  'Lola',
  'Lucas',
  'Lucy',
  'Luke',
  'Maddison',
  'Malik',
  'Maya',
  'Mia',
  'Milan',
  'Millie',
  'Mohammed',
  'Molly',
  'Morgan',
  'Nadia',
  'Nathan',
  'Niamh',
  'Noah',
  'Nyla',
  'Oakley',
  'Olivia',
  'Oliver',
  'Omar',
  'Oscar',
  'Paige',
  'Phoebe',
  'Piper',
  'Poppy',
  'Priya',
  'Quinn',
  'Rayan',
  'Reggie',
  'Riley',
  'Rio',
  'Rosie',
  'Ryan',
  'Sami',
  'Scarlett',
  'Sebastian',
  'Shannon',
  'Sienna',
  'Skye',
  'Sophie',
  'Stanley',
  'Summer',
  'Tariq',
  'Taylor',
  'Teddy',
  'Theo',
  'Tia',
  'Toby',
  'Tommy',
  'Tyrese',
  'Violet',
  'Willow',
  'Xavier',
  'Yasmin',
  'Yusuf',
  'Zac',
  'Zara',
  'Zoe',
  'Zuzanna',
];

/** Surnames are invented from two syllables, so that no generated child is a real one. */
const surnameHeads = [
  'Ash',
  'Bar',
  'Bram',
  'Brook',
  'Cal',
  'Carr',
  'Cold',
  'Crom',
  'Dal',
  'Dun',
  'El',
  'Fairn',
  'Fen',
  'Frith',
  'Gar',
  'Glen',
  'Hal',
  'Hart',
  'Hind',
  'Holl',
  'Ing',
  'Kel',
  'Kirk',
  'Lang',
  'Lind',
  'Mar',
  'Mill',
  'Nor',
  'Oak',
  'Pen',
  'Quar',
  'Rad',
  'Rook',
  'Sal',
  'Stan',
  'Stock',
  'Thorn',
  'Tre',
  'Ul',
  'Wex',
  'Whit',
  'Wyn',
  'Yar',
  'Bell',
  'Corr',
  'Dray',
  'Orm',
  'Skel',
];
const nicknames = ['JJ', 'Smudge', 'Red', 'Tiny', 'Bugsy', 'Flash', 'Ziggy', 'Dotty', 'Scout', 'Pip', 'Sparky', 'Moth', 'Jinx', 'Kit', 'Rocket', 'Bean'];
const roads = ['Example Road', 'Sample Street', 'Fictional Lane', 'Placeholder Avenue', 'Testing Close', 'Invented Way', 'Demo Crescent', 'Mock Terrace'];

/** A small seeded generator (mulberry32), so the same seed gives the same children. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

/**
 * An invented name, drawn from `r` as makeRows draws it (a given name, then a surname of two syllables): report-data.ts
 * names the report children the same way, so every generated partnership's children have diverse names.
 */
export function inventName(r: ReturnType<typeof rng>): { first: string; last: string } {
  const first = r.pick(givenNames);
  const last = r.pick(surnameHeads) + r.pick(surnameTails);
  return { first, last };
}

type Row = {
  id: string;
  first: string;
  last: string;
  dob: string;
  gender: string;
  risk: string | null;
  living: string;
  eet: string;
  district: string;
  aliases: { alias: string; kind: 'alias' | 'nickname' }[];
  address: string;
  fromDate: string;
};

export function makeRows(p: PartnershipConfig, n: number, seed: number): Row[] {
  const r = rng(seed);
  const start = Date.UTC(2007, 0, 1);
  const span = Date.UTC(2014, 11, 31) - start;
  const day = 86_400_000;
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const { first, last } = inventName(r);
    const dob = new Date(start + Math.floor((r.next() * span) / day) * day).toISOString().slice(0, 10);
    const district = r.pick(p.districts);
    const aliases: Row['aliases'] = [];
    const roll = r.next();
    if (roll < 0.25) aliases.push({ alias: r.pick(nicknames), kind: 'nickname' });
    if (roll > 0.95) aliases.push({ alias: `${r.pick(givenNames)} ${r.pick(surnameHeads)}${r.pick(surnameTails)}`, kind: 'alias' });
    rows.push({
      id: crypto.randomUUID(),
      first,
      last,
      dob,
      gender: r.pick(['Female', 'Male', 'Male', 'Female', 'Not known']),
      risk: r.pick(['CSE', 'CCE', 'CCE', 'Other', null]),
      living: r.pick(p.lists.livingSituation),
      eet: r.pick(p.lists.eetStatus),
      district: district.id,
      aliases,
      address: `${1 + r.int(200)} ${r.pick(roads)}, ${district.name}`,
      fromDate: `202${r.int(5)}-0${1 + r.int(9)}-1${r.int(9)}`,
    });
  }
  return rows;
}

const CHUNK = 2500;

export async function bulkLoad(db: Db, p: PartnershipConfig, rows: Row[], practitionerId: string, leadAgency: string) {
  await db.tx(async (q) => {
    // Bulk load as the owner with foreign-key triggers off: row-by-row key checks against rows inserted in the
    // same transaction cost O(n²) here. The rows are consistent by construction; checkIntegrity() proves it after.
    await q.query(`SET LOCAL session_replication_role = replica`);
    // Triggers are off, report_cache's too (migration 072): every stored report figure goes.
    await q.query(`UPDATE report_cache_state SET generation = generation + 1`);
    await q.query(`DELETE FROM report_cache`);
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      const col = <K extends keyof Row>(k: K) => part.map((x) => x[k]);
      await q.query(
        `INSERT INTO children (partnership_id, id, created_by, reference, first_name, last_name, date_of_birth, gender, primary_risk,
                               living_situation, eet_status, district_id, lead_professional_name, lead_professional_agency_id,
                               lead_professional_contact)
         SELECT $1, u.id, $2, 'MC' || lpad(nextval('child_reference_seq')::text, 6, '0'), u.first, u.last, u.dob, u.gender, u.risk,
                u.living, u.eet, u.district, 'Priya Fairweather', $3, $4
           FROM unnest($5::uuid[], $6::text[], $7::text[], $8::date[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
                  WITH ORDINALITY AS u(id, first, last, dob, gender, risk, living, eet, district, n)
          ORDER BY u.n`,
        [
          p.id,
          practitionerId,
          leadAgency,
          `practitioner@${p.id}.example.org`,
          col('id'),
          col('first'),
          col('last'),
          col('dob'),
          col('gender'),
          col('risk'),
          col('living'),
          col('eet'),
          col('district'),
        ],
      );
      const aliasRows = part.flatMap((x) => x.aliases.map((a) => ({ child: x.id, ...a })));
      if (aliasRows.length) {
        await q.query(
          `INSERT INTO child_aliases (partnership_id, child_id, alias, kind, created_by)
           SELECT $1, u.child, u.alias, u.kind, $2 FROM unnest($3::uuid[], $4::text[], $5::text[]) AS u(child, alias, kind)`,
          [p.id, practitionerId, aliasRows.map((a) => a.child), aliasRows.map((a) => a.alias), aliasRows.map((a) => a.kind)],
        );
      }
      await q.query(
        `INSERT INTO child_addresses (partnership_id, child_id, address, from_date, created_by)
         SELECT $1, u.child, u.address, u.from_date, $2 FROM unnest($3::uuid[], $4::text[], $5::date[]) AS u(child, address, from_date)`,
        [p.id, practitionerId, col('id'), col('address'), col('fromDate')],
      );
      await q.query(
        `INSERT INTO child_agencies (partnership_id, child_id, agency_id, worker_name, worker_contact, created_by)
         SELECT $1, u.child, $2, 'Priya Fairweather', $3, $4 FROM unnest($5::uuid[]) AS u(child)`,
        [p.id, leadAgency, `practitioner@${p.id}.example.org`, practitionerId, col('id')],
      );
      await q.query(
        `INSERT INTO timeline_events (partnership_id, child_id, kind, summary, actor_user_id)
         SELECT $1, u.child, 'record', 'Record created (generated for benchmark)', $2 FROM unnest($3::uuid[]) AS u(child)`,
        [p.id, practitionerId, col('id')],
      );
      // One audit entry per record created, as the application would have written.
      await q.query(
        `INSERT INTO audit_events (partnership_id, actor_user_id, actor_roles, actor_agency_id, action, outcome, subject_type, subject_id, child_id, ip)
         SELECT $1, $2, 'practitioner', $3, 'child.create', 'allowed', 'child', u.child::text, u.child, '127.0.0.1'
           FROM unnest($4::uuid[]) AS u(child)`,
        [p.id, practitionerId, leadAgency, col('id')],
      );
    }
    // The repository's refreshSearchText, over every generated child at once (same expression).
    await q.query(
      `UPDATE children c SET search_text = lower(c.first_name || ' ' || c.last_name || coalesce(' ' || (
          SELECT string_agg(a.alias, ' ') FROM child_aliases a WHERE a.partnership_id = c.partnership_id AND a.child_id = c.id), ''))
         FROM unnest($2::uuid[]) AS u(id)
        WHERE c.partnership_id = $1 AND c.id = u.id`,
      [p.id, rows.map((x) => x.id)],
    );
  });
}

export async function generate(opts: GenerateOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => undefined);
  const partnerships = loadPartnerships();
  const p = partnerships.get(opts.partnership);
  if (!p) throw new Error(`No partnership "${opts.partnership}" (have: ${[...partnerships.keys()].join(', ')})`);
  const databaseUrl = opts.databaseUrl;
  const dataDir = databaseUrl ? undefined : (opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mace-bench-')));
  if (dataDir && fs.existsSync(path.join(dataDir, 'PG_VERSION'))) throw new Error(`${dataDir} already holds a database: generate into an empty directory`);
  const config = loadConfig(
    (databaseUrl ? { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } : { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }) as NodeJS.ProcessEnv,
  );

  // 1. As the server prepares a new database: migrations, partnerships, demo users and children (as the app role).
  const app = await openDb({ dataDir, databaseUrl });
  try {
    await migrate(app, config.dbAppRole);
    await app.useAppRole(config.dbAppRole);
    await syncPartnerships(app, partnerships);
    await seedDemo(app, partnerships, config.bankHolidays, BENCH_PASSWORD);
  } finally {
    await app.close();
  }
  log(`  migrated and seeded demo users in ${Math.round(performance.now() - t0)} ms`);

  // 2. The generated children, loaded in bulk as the owner.
  const db = await openDb({ dataDir, databaseUrl });
  try {
    const [practitioner] = await db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [`practitioner@${p.id}.example.org`]);
    const lead = p.agencies.find((a) => a.kind === 'social-care') ?? p.agencies[0]!;
    const rows = makeRows(p, opts.children, opts.seed ?? 20240901);
    const t1 = performance.now();
    await bulkLoad(db, p, rows, practitioner!.id, lead.id);
    log(`  loaded ${rows.length} children in ${Math.round(performance.now() - t1)} ms`);
    await checkIntegrity(db, p.id);
    if (opts.analyze) {
      await db.query('ANALYZE');
      log('  ANALYZE done');
    }
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM children WHERE partnership_id = $1`, [p.id])) as [{ n: number }];
    // Leave the directory as the server would find it after a normal shutdown.
    await db.query('CHECKPOINT');
    return { dataDir, partnership: p.id, children: rows.length, totalChildren: n, ms: Math.round(performance.now() - t0) };
  } finally {
    await db.close();
  }
}

/** What the foreign keys (off during the load) and the repository's search_text would have guaranteed. */
async function checkIntegrity(db: Db, partnershipId: string) {
  const [row] = await db.query<Record<string, number>>(
    `SELECT
       (SELECT count(*)::int FROM child_aliases a WHERE NOT EXISTS (SELECT 1 FROM children c WHERE c.partnership_id = a.partnership_id AND c.id = a.child_id)) AS aliases,
       (SELECT count(*)::int FROM child_addresses a WHERE NOT EXISTS (SELECT 1 FROM children c WHERE c.partnership_id = a.partnership_id AND c.id = a.child_id)) AS addresses,
       (SELECT count(*)::int FROM child_agencies a WHERE NOT EXISTS (SELECT 1 FROM children c WHERE c.partnership_id = a.partnership_id AND c.id = a.child_id))
         + (SELECT count(*)::int FROM child_agencies a WHERE NOT EXISTS (SELECT 1 FROM agencies g WHERE g.partnership_id = a.partnership_id AND g.id = a.agency_id)) AS agencies,
       (SELECT count(*)::int FROM timeline_events t WHERE NOT EXISTS (SELECT 1 FROM children c WHERE c.partnership_id = t.partnership_id AND c.id = t.child_id)) AS timeline,
       (SELECT count(*)::int FROM children c WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE d.partnership_id = c.partnership_id AND d.id = c.district_id))
         + (SELECT count(*)::int FROM children c WHERE NOT EXISTS (SELECT 1 FROM agencies g WHERE g.partnership_id = c.partnership_id AND g.id = c.lead_professional_agency_id)) AS children,
       (SELECT count(*)::int FROM children c WHERE c.partnership_id = $1 AND c.search_text <> lower(c.first_name || ' ' || c.last_name || coalesce(' ' || (
          SELECT string_agg(a.alias, ' ') FROM child_aliases a WHERE a.partnership_id = c.partnership_id AND a.child_id = c.id), ''))) AS search_text`,
    [partnershipId],
  );
  const bad = Object.entries(row!).filter(([, v]) => v > 0);
  if (bad.length) throw new Error(`Generated data is inconsistent: ${bad.map(([k, v]) => `${k}: ${v}`).join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      children: { type: 'string', default: '10000' },
      partnership: { type: 'string', default: 'staffordshire' },
      'data-dir': { type: 'string' },
      seed: { type: 'string' },
      analyze: { type: 'boolean', default: false },
    },
  });
  const result = await generate({
    children: Number.parseInt(values.children, 10),
    partnership: values.partnership,
    dataDir: values['data-dir'],
    seed: values.seed ? Number.parseInt(values.seed, 10) : undefined,
    analyze: values.analyze,
    log: (s) => console.log(s),
  });
  console.log(`Generated ${result.children} fictional children for ${result.partnership} in ${result.dataDir} (${result.ms} ms).`);
  console.log(`Sign in as practitioner@${result.partnership}.example.org with password ${BENCH_PASSWORD}`);
}
