/**
 * The network's part of `npm run bench` (issue #6): a county-sized intelligence data set added to the generated
 * children — persons, locations, vehicles and phones (30,000 by default) and the links between them and the
 * children (200,000) — and the scenarios `network-depth2` (a child's network page at depth 2) and
 * `network-district` (a district's network page), over HTTP, signed in, with permissions and audit.
 *
 * Everything is invented: names from the generator's syllables, plates in the current format at random, phone
 * numbers in Ofcom's drama range, places on example roads. Links are local: most of a child's links are to records
 * of their own district, so that a district's network is a real neighbourhood, not the whole county.
 */
import crypto from 'node:crypto';
import { openDb, type Queryable } from '../src/db/client.ts';
import { loadPartnerships } from '../src/partnerships/index.ts';
import { rng } from './generate.ts';

export const networkTargets: Record<string, number> = { 'network-depth2': 15, 'network-district': 250 };

type NetworkDataOptions = { records: number; links: number; seed?: number };
type NetworkDataset = { records: number; links: number; districts: string[] };

const heads = ['Ash', 'Bram', 'Carr', 'Dun', 'Fen', 'Glen', 'Hart', 'Kirk', 'Lind', 'Mar', 'Nor', 'Pen', 'Rook', 'Stan', 'Thorn', 'Wex', 'Yar', 'Orm'];
const tails = ['by', 'croft', 'dale', 'field', 'ford', 'hurst', 'ley', 'mere', 'shaw', 'ton', 'well', 'wood', 'worth', 'cott'];
const given = ['Dean', 'Kyle', 'Jay', 'Marcus', 'Lewis', 'Connor', 'Ricky', 'Shane', 'Tanya', 'Kelly', 'Dylan', 'Aaron', 'Liam', 'Jade', 'Reece'];
const nicks = ['Smudge', 'Tiny', 'Red', 'Bugsy', 'Flash', 'Ziggy', 'Jinx', 'Rocket', 'Moth', 'Scout', 'Sparky', 'Bean'];
const places = ['Canal towpath', 'Car park', 'Takeaway', 'Park', 'Bus station', 'Flat', 'Hotel', 'Youth centre', 'Underpass', 'Shop'];
const roads = ['Example Road', 'Sample Street', 'Fictional Lane', 'Placeholder Avenue', 'Testing Close', 'Invented Way'];
const locationKinds = ['hotspot', 'hotspot', 'safe-space', 'venue', 'hotel', 'takeaway', 'address-of-concern'];
const childRelations = {
  person: ['associate', 'friend', 'suspected-exploiter', 'relative'],
  location: ['frequents', 'found-at'],
  vehicle: ['other'],
  phone: ['uses'],
} as const;
const recordRelations = {
  person: ['associate', 'relative', 'rival'],
  location: ['frequents', 'lives-at', 'works-at'],
  vehicle: ['registered-to', 'uses'],
  phone: ['uses'],
} as const;
const letters = 'ABCDEFGHJKLMNOPRSTUVWXY';

type Kind = 'person' | 'location' | 'vehicle' | 'phone';

/** Adds the intelligence data set to a generated database (as the owner, foreign-key triggers off, in bulk). */
export async function generateNetworkData(
  where: string | { databaseUrl: string },
  partnershipId: string,
  opts: NetworkDataOptions,
  log: (s: string) => void,
): Promise<number> {
  const t0 = performance.now();
  const p = loadPartnerships().get(partnershipId)!;
  const r = rng(opts.seed ?? 20250601);
  const db = await openDb(typeof where === 'string' ? { dataDir: where } : where);
  try {
    const [user] = await db.query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [`practitioner@${partnershipId}.example.org`]);
    const police = p.agencies.find((a) => a.kind === 'police')?.id ?? null;
    const children = await db.query<{ id: string; district_id: string }>(`SELECT id, district_id FROM children WHERE partnership_id = $1`, [partnershipId]);
    const districts = p.districts.map((d) => d.id);
    const [lat0, lng0] = p.map?.centre ?? [52.8, -2.0];
    const day = 86_400_000;
    const today = Date.now();
    const isoDaysAgo = (n: number) => new Date(today - n * day).toISOString().slice(0, 10);

    // 1. Records: 40% persons, 20% each locations, vehicles and phones.
    const kinds: Kind[] = [];
    for (let i = 0; i < opts.records; i++) kinds.push(i % 5 < 2 ? 'person' : (['location', 'vehicle', 'phone'] as const)[(i % 5) - 2]!);
    const plates = new Set<string>();
    const recs = kinds.map((kind, i) => {
      const id = crypto.randomUUID();
      const district = r.next() < 0.85 ? r.pick(districts) : null;
      let label = '';
      let attributes: Record<string, unknown> = {};
      let matchKey: string | null = null;
      if (kind === 'person') {
        label = `${r.pick(given)} ${r.pick(heads)}${r.pick(tails)}`;
        attributes = {
          names: [label],
          nicknames: r.next() < 0.4 ? [r.pick(nicks)] : [],
          role: r.next() < 0.15 ? 'suspected-exploiter' : r.pick(['associate', 'peer-at-risk', 'family-member', 'other']),
        };
      } else if (kind === 'location') {
        label = `${r.pick(places)}, ${1 + r.int(200)} ${r.pick(roads)}`;
        attributes = {
          locationKind: r.pick(locationKinds),
          name: label.split(',')[0],
          address: label.split(', ')[1],
          postcode: null,
          latitude: Math.round((lat0 + (r.next() - 0.5) * 0.6) * 1e5) / 1e5,
          longitude: Math.round((lng0 + (r.next() - 0.5) * 0.9) * 1e5) / 1e5,
        };
      } else if (kind === 'vehicle') {
        let key = '';
        do
          key = `${letters[r.int(letters.length)]}${letters[r.int(letters.length)]}${10 + r.int(60)}${letters[r.int(letters.length)]}${letters[r.int(letters.length)]}${letters[r.int(letters.length)]}`;
        while (plates.has(key));
        plates.add(key);
        matchKey = key;
        label = `${key.slice(0, 4)} ${key.slice(4)}`;
        attributes = { plate: label, make: r.pick(['Ford', 'Vauxhall', 'BMW', 'Audi', 'Toyota']), colour: r.pick(['Grey', 'Black', 'White', 'Silver']) };
      } else {
        // Ofcom's drama range holds 1,000 numbers: beyond it the bench's numbers are stored unverified (no match key).
        label = `07700 900${String(i % 1000).padStart(3, '0')}`;
        attributes = { number: label };
      }
      return {
        id,
        kind,
        label,
        attributes: JSON.stringify(attributes),
        matchKey,
        district,
        on: isoDaysAgo(r.int(700)),
        reliability: r.pick(['reliable', 'usually-reliable', 'unreliable', 'untested']),
      };
    });

    // 2. Links: half child–record (each child to records mostly of their district), 45% record–record, 5% child–child.
    const byDistrict = new Map<string | null, number[]>();
    recs.forEach((x, i) => byDistrict.set(x.district, [...(byDistrict.get(x.district) ?? []), i]));
    const pickRecord = (district: string | null) => {
      const local = byDistrict.get(district);
      return local && r.next() < 0.8 ? local[r.int(local.length)]! : r.int(recs.length);
    };
    const seen = new Set<string>();
    const links: { a: string; aChild: boolean; b: string; bChild: boolean; relation: string; first: string | null; last: string | null }[] = [];
    const add = (a: string, aChild: boolean, b: string, bChild: boolean, relation: string) => {
      if (a === b) return;
      const key = a < b ? `${a}|${b}|${relation}` : `${b}|${a}|${relation}`;
      if (seen.has(key)) return;
      seen.add(key);
      const first = r.next() < 0.9 ? 30 + r.int(700) : null;
      const last = first !== null && r.next() < 0.7 ? r.int(first) : null;
      links.push({ a, aChild, b, bChild, relation, first: first === null ? null : isoDaysAgo(first), last: last === null ? null : isoDaysAgo(last) });
    };
    const childTarget = Math.round(opts.links * 0.5);
    const recordTarget = Math.round(opts.links * 0.45);
    for (let guard = 0; links.length < childTarget && guard < opts.links * 3; guard++) {
      const c = children[r.int(children.length)]!;
      const x = recs[pickRecord(c.district_id)]!;
      add(c.id, true, x.id, false, r.pick(childRelations[x.kind]));
    }
    for (let guard = 0; links.length < childTarget + recordTarget && guard < opts.links * 3; guard++) {
      const x = recs[r.int(recs.length)]!;
      const y = recs[pickRecord(x.district)]!;
      if (x.kind !== 'person' && y.kind !== 'person') continue; // records are joined through persons
      const [person, other] = x.kind === 'person' ? [x, y] : [y, x];
      add(person.id, false, other.id, false, r.pick(recordRelations[other.kind]));
    }
    for (let guard = 0; links.length < opts.links && guard < opts.links * 3; guard++) {
      const c = children[r.int(children.length)]!;
      const d = children[r.int(children.length)]!;
      add(c.id, true, d.id, true, r.pick(['friend', 'associate', 'relative', 'rival']));
    }

    await db.tx(async (q: Queryable) => {
      await q.query(`SET LOCAL session_replication_role = replica`);
      // Triggers are off, report_cache's too (migration 072): every stored report figure goes.
      await q.query(`UPDATE report_cache_state SET generation = generation + 1`);
      await q.query(`DELETE FROM report_cache`);
      const CHUNK = 5000;
      for (let i = 0; i < recs.length; i += CHUNK) {
        const part = recs.slice(i, i + CHUNK);
        const col = <K extends keyof (typeof recs)[number]>(k: K) => part.map((x) => x[k]);
        await q.query(
          `INSERT INTO intel_records (partnership_id, id, kind, label, match_key, verified, attributes, district_id, source, source_agency_id, information_date, reliability, search_text, created_by)
           SELECT $1, u.id, u.kind, u.label, u.match_key, u.match_key IS NOT NULL OR u.kind <> 'phone', u.attributes::jsonb, u.district, 'Police intelligence report (generated)', $2, u.on_date, u.reliability, lower(u.label), $3
             FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::date[], $11::text[]) AS u(id, kind, label, match_key, attributes, district, on_date, reliability)`,
          [
            partnershipId,
            police,
            user!.id,
            col('id'),
            col('kind'),
            col('label'),
            col('matchKey'),
            col('attributes'),
            col('district'),
            col('on'),
            col('reliability'),
          ],
        );
      }
      for (let i = 0; i < links.length; i += CHUNK) {
        const part = links.slice(i, i + CHUNK);
        await q.query(
          `INSERT INTO intel_links (partnership_id, a_child_id, a_record_id, b_child_id, b_record_id, relation, first_seen_on, last_seen_on, source, source_agency_id, reliability, created_by)
           SELECT $1, CASE WHEN u.a_child THEN u.a END, CASE WHEN NOT u.a_child THEN u.a END, CASE WHEN u.b_child THEN u.b END, CASE WHEN NOT u.b_child THEN u.b END,
                  u.relation, u.first_seen, u.last_seen, 'Police intelligence report (generated)', $2, 'usually-reliable', $3
             FROM unnest($4::uuid[], $5::boolean[], $6::uuid[], $7::boolean[], $8::text[], $9::date[], $10::date[]) AS u(a, a_child, b, b_child, relation, first_seen, last_seen)`,
          [
            partnershipId,
            police,
            user!.id,
            part.map((x) => x.a),
            part.map((x) => x.aChild),
            part.map((x) => x.b),
            part.map((x) => x.bChild),
            part.map((x) => x.relation),
            part.map((x) => x.first),
            part.map((x) => x.last),
          ],
        );
      }
    });
    await db.query('ANALYZE intel_records');
    await db.query('ANALYZE intel_links');
    await db.query('CHECKPOINT');
    const ms = Math.round(performance.now() - t0);
    log(`  loaded ${recs.length} persons, locations, vehicles and phones and ${links.length} links in ${ms} ms`);
    return ms;
  } finally {
    await db.close();
  }
}

/** The data set's size, read before the server takes the directory. */
export async function networkDataset(q: Queryable, partnershipId: string): Promise<NetworkDataset> {
  const [row] = await q.query<{ records: number; links: number }>(
    `SELECT (SELECT count(*)::int FROM intel_records WHERE partnership_id = $1) AS records, (SELECT count(*)::int FROM intel_links WHERE partnership_id = $1) AS links`,
    [partnershipId],
  );
  const districts = await q.query<{ id: string }>(`SELECT id FROM districts WHERE partnership_id = $1 ORDER BY id`, [partnershipId]);
  return { records: row!.records, links: row!.links, districts: districts.map((d) => d.id) };
}

type Reply = { status: number; body: string; ms: number };
type Ctx<R extends Reply> = {
  port: number;
  cookie: string;
  sample: { id: string }[];
  districts: string[];
  send: (port: number, method: string, urlPath: string, opts?: { cookie?: string }) => Promise<R>;
  expect: (reply: R, status: number, what: string) => void;
  pick: <T>(xs: readonly T[]) => T;
};

/** A child's network page at depth 2 and a district's network page, as a practitioner sees them. */
export function networkScenarios<R extends Reply>(ctx: Ctx<R>) {
  const sizes = { depth2: [] as number[], district: [] as number[] };
  const nodesIn = (html: string) => (html.match(/"kind":"/g) ?? []).length;
  return {
    sizes,
    scenarios: [
      {
        name: 'network-depth2',
        produces: ['network-depth2'],
        step: async (measured: boolean) => {
          const child = ctx.pick(ctx.sample);
          const reply = await ctx.send(ctx.port, 'GET', `/children/${child.id}/network?depth=2`, { cookie: ctx.cookie });
          ctx.expect(reply, 200, `GET /children/${child.id}/network?depth=2`);
          if (measured) sizes.depth2.push(nodesIn(reply.body));
          return { 'network-depth2': reply.ms };
        },
      },
      {
        name: 'network-district',
        produces: ['network-district'],
        requests: 60,
        warmup: 5,
        step: async (measured: boolean) => {
          const district = ctx.pick(ctx.districts);
          const reply = await ctx.send(ctx.port, 'GET', `/network/districts/${district}`, { cookie: ctx.cookie });
          ctx.expect(reply, 200, `GET /network/districts/${district}`);
          if (measured) sizes.district.push(nodesIn(reply.body));
          return { 'network-district': reply.ms };
        },
      },
    ],
  };
}
