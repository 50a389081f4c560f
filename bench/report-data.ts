/**
 * Issue #7: a county-sized data set for the report benchmarks, in each partnership: children up to N, and
 * E "recorded events" over the two years to today, most of them significant events (child_events), the rest
 * the records the reports count: assessments (the partnership's instrument), panel meetings with discussed
 * agenda items, thresholding decisions, actions, concerns (DRMM referrals), missing episodes, investigations,
 * CE risk assessments, intelligence locations and persons linked to children, training needs.
 * All invented; loaded in bulk by SQL (generate_series) as the owner with foreign-key triggers off, as
 * generate.ts does for children. The children added are named as generate.ts names its own (reportChildNames).
 * Deterministic: setseed(), arithmetic on the row number and the names' seeded generator.
 */
import type { Db } from '../src/db/client.ts';
import type { PartnershipConfig } from '../src/partnerships/index.ts';
import { inventName, rng } from './generate.ts';

/**
 * The names of the n children report-data.ts adds to a partnership: generate.ts's invented names, from a generator
 * seeded by the partnership's id (so each partnership's differ, and the same build gives the same names).
 */
export function reportChildNames(partnershipId: string, n: number): { first: string; last: string }[] {
  let seed = 0x811c9dc5;
  for (const ch of `report-data:${partnershipId}`) seed = Math.imul(seed ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const r = rng(seed);
  return Array.from({ length: n }, () => inventName(r));
}

type ReportDataResult = { partnership: string; children: number; events: number; ms: number };

const instrumentOf = (p: PartnershipConfig) => (p.assessmentTools.includes('rfm') ? 'rfm' : p.assessmentTools.includes('vat') ? 'vat' : 'thrive');
const lit = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ')}]::text[]`;

export async function generateReportData(
  db: Db,
  p: PartnershipConfig,
  o: {
    children: number;
    events: number;
    log?: (s: string) => void;
    /** Issue 17 (the national set): the fixed counts below (referrals, actions, concerns, …) times this, for a smaller authority. */
    scale?: number;
    /** Over how many days to today the records fall (730: two years; the national set spans a decade). */
    days?: number;
    /** ANALYZE the tables after loading (true); the national set analyzes once at the end. */
    analyze?: boolean;
  },
): Promise<ReportDataResult> {
  const t0 = performance.now();
  const log = o.log ?? (() => undefined);
  const [u] = await db.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM users WHERE email = $1`, [`coordinator@${p.id}.example.org`]);
  if (!u) throw new Error(`no coordinator for ${p.id}`);
  const P = `'${p.id}'`;
  const U = `'${u.id}'::uuid`;
  const G = `'${u.agency_id}'`;
  const D = lit(p.districts.map((d) => d.id));
  const A = lit(p.agencies.map((a) => a.id));
  const nd = p.districts.length;
  const na = p.agencies.length;
  const I = instrumentOf(p);
  const pick = (arr: string, n: number, expr: string) => `(${arr})[1 + ((${expr}) % ${n})::int]`;
  const DAYS = o.days ?? 730;
  const third = Math.round((240 * DAYS) / 730);
  const sc = (n: number) => Math.max(1, Math.round(n * (o.scale ?? 1)));
  const day = (expr: string) => `(current_date - ((${expr}) % ${DAYS})::int)`;
  const counts: Record<string, number> = {};
  await db.tx(async (q) => {
    await q.query(`SET LOCAL session_replication_role = replica`);
    // Triggers are off, report_cache's too (migration 072): every stored report figure goes.
    await q.query(`UPDATE report_cache_state SET generation = generation + 1`);
    await q.query(`DELETE FROM report_cache`);
    await q.query(`SELECT setseed(0.42)`);
    const [{ n: have }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM children WHERE partnership_id = ${P}`)) as [{ n: number }];
    if (have < o.children) {
      // Named as generate.ts names its children (invented given names and two-syllable surnames, seeded by the
      // partnership), not all "Bench Child<n>": a search then finds what it would in a real partnership, not nearly
      // every child. search_text as the repository's refreshSearchText makes it (no aliases); search_keys follows it.
      const names = reportChildNames(p.id, o.children - have);
      await q.query(
        `INSERT INTO children (partnership_id, reference, first_name, last_name, district_id, primary_risk, education_setting, search_text, created_by)
         SELECT ${P}, 'RB' || lpad(nextval('child_reference_seq')::text, 7, '0'), u.first, u.last, ${pick(D, nd, 'g * 7')}, (ARRAY['CSE','CCE','Other'])[1 + (g % 3)],
                'Example School ' || (1 + g % 60), lower(u.first || ' ' || u.last), ${U}
           FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(first, last, g)
          ORDER BY g`,
        [names.map((x) => x.first), names.map((x) => x.last)],
      );
    }
    await q.query(
      `UPDATE children SET education_setting = 'Example School ' || (1 + abs(hashtext(id::text)) % 60) WHERE partnership_id = ${P} AND education_setting IS NULL`,
    );
    await q.query(`DROP TABLE IF EXISTS bench_children`);
    await q.query(
      `CREATE TEMP TABLE bench_children AS SELECT id, (row_number() OVER (ORDER BY reference))::int - 1 AS n FROM children WHERE partnership_id = ${P}`,
    );
    await q.query(`CREATE INDEX ON bench_children (n)`);
    const [{ c }] = (await q.query<{ c: number }>(`SELECT count(*)::int AS c FROM bench_children`)) as [{ c: number }];
    const joinChild = (expr: string) => `JOIN bench_children bc ON bc.n = (${expr}) % ${c}`;

    // Intelligence: locations of each kind and persons of concern, linked to children.
    const kinds = lit(['hotspot', 'safe-space', 'venue', 'hotel', 'takeaway', 'taxi-firm', 'school', 'address-of-concern']);
    await q.query(
      `INSERT INTO intel_records (partnership_id, kind, label, attributes, district_id, source, information_date, reliability, created_by)
       SELECT ${P}, 'location', 'Example place ' || g, jsonb_build_object('locationKind', ${pick(kinds, 8, 'g')}), ${pick(D, nd, 'g')}, 'Bench', ${day('g * 13')}, 'reliable', ${U} FROM generate_series(1, 400) g`,
    );
    await q.query(
      `INSERT INTO intel_records (partnership_id, kind, label, attributes, source, information_date, reliability, created_by)
       SELECT ${P}, 'person', 'Example person ' || g, jsonb_build_object('role', (ARRAY['suspected-exploiter','associate','other'])[1 + g % 3]), 'Bench', ${day('g * 17')}, 'usually-reliable', ${U} FROM generate_series(1, 300) g`,
    );
    await q.query(`DROP TABLE IF EXISTS bench_places`);
    await q.query(
      `CREATE TEMP TABLE bench_places AS SELECT id, kind, (row_number() OVER (PARTITION BY kind ORDER BY label))::int - 1 AS n FROM intel_records WHERE partnership_id = ${P} AND source = 'Bench'`,
    );
    const place = (expr: string) => `(SELECT id FROM bench_places WHERE kind = 'location' AND n = (${expr}) % 400)`;
    await q.query(
      `INSERT INTO intel_links (partnership_id, a_child_id, b_record_id, relation, first_seen_on, last_seen_on, source, reliability, created_by)
       SELECT ${P}, bc.id, pl.id, r.rel, ${day('bc.n + r.k')} - 30, ${day('bc.n + r.k')}, 'Bench', 'reliable', ${U}
         FROM bench_children bc CROSS JOIN (VALUES (0, 'frequents'), (1, 'found-at')) r(k, rel)
         JOIN bench_places pl ON pl.kind = 'location' AND pl.n = (bc.n * 7 + r.k * 131) % 400
        WHERE bc.n % 2 = 0`,
    );
    await q.query(
      `INSERT INTO intel_links (partnership_id, a_child_id, b_record_id, relation, last_seen_on, source, reliability, created_by)
       SELECT ${P}, bc.id, pl.id, 'suspected-exploiter', ${day('bc.n * 5')}, 'Bench', 'usually-reliable', ${U}
         FROM bench_children bc JOIN bench_places pl ON pl.kind = 'person' AND pl.n = (bc.n * 11) % 300
        WHERE bc.n % 3 = 0`,
    );

    // Assessments: three per child over the two years, the partnership's instrument; RFMs with indicator scores and some overrides.
    const indicators = `jsonb_build_object(${Array.from({ length: 14 }, (_, i) => `'${i + 1}', jsonb_build_object('score', ((g.k * 7 + bc.n * ${i + 3}) % 5)::text)`).join(', ')})`;
    // A county's spread: of every 20 judgements 1 high, 2 medium, 8 low and 9 no risk identified.
    const level = (x: string) => `(CASE WHEN (${x}) % 20 = 0 THEN 'high' WHEN (${x}) % 20 < 3 THEN 'medium' WHEN (${x}) % 20 < 11 THEN 'low' ELSE 'none' END)`;
    const r = await q.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO assessments (partnership_id, series_id, child_id, instrument, instrument_version, status, author_user_id, author_agency_id, completed_on,
                                  scored_level, judged_level, risk_type, content, submitted_at)
         SELECT ${P}, gen_random_uuid(), bc.id, '${I}', 'bench', 'submitted', ${U}, ${G}, current_date - (g.k * ${third} + (bc.n * 13) % ${third}),
                ${level('bc.n * 7 + g.k * 3 + (CASE WHEN bc.n % 10 = 1 THEN 1 ELSE 0 END)')}, ${level('bc.n * 7 + g.k * 3')}, (ARRAY['CSE','CCE','Dual'])[1 + (bc.n + g.k) % 3],
                ${I === 'rfm' ? `jsonb_build_object('indicators', ${indicators}, 'judgement', CASE WHEN bc.n % 10 = 1 THEN jsonb_build_object('decision', 'override', 'reason', 'Bench override reason') ELSE jsonb_build_object('decision', 'agree') END)` : `'{}'::jsonb`},
                now()
           FROM bench_children bc CROSS JOIN generate_series(0, 2) AS g(k)
         RETURNING 1) SELECT count(*)::int AS n FROM ins`,
    );
    counts.assessments = r[0]!.n;

    // Panels: one series per district, a meeting every 14 days over the two years, 15 children discussed at each.
    await q.query(
      `INSERT INTO meeting_series (partnership_id, type_id, name, district_id, rrule, first_date, start_time, duration_minutes, config_key)
       SELECT ${P}, '${p.id === 'llr' ? 'form' : 'mace'}', 'Bench panel ' || d, d, 'FREQ=WEEKLY;INTERVAL=2', current_date - ${DAYS}, '10:00', 120, 'bench:' || d FROM unnest(${D}) d`,
    );
    await q.query(
      `INSERT INTO meeting_occurrences (partnership_id, series_id, original_starts_at, starts_at, ends_at)
       SELECT ${P}, s.id, t, t, t + interval '2 hours'
         FROM meeting_series s CROSS JOIN generate_series(0, ${Math.round((52 * DAYS) / 730) - 1}) w
         CROSS JOIN LATERAL (SELECT ((current_date - ${DAYS - 2} + w * 14)::timestamp + time '10:00') AT TIME ZONE 'Europe/London' AS t) x
        WHERE s.partnership_id = ${P} AND s.config_key LIKE 'bench:%'`,
    );
    await q.query(`DROP TABLE IF EXISTS bench_items`);
    await q.query(
      `CREATE TEMP TABLE bench_items AS
       SELECT gen_random_uuid() AS id, o.id AS occ, (row_number() OVER ())::int AS n, k
         FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
         CROSS JOIN generate_series(0, ${sc(15) - 1}) k
        WHERE o.partnership_id = ${P} AND s.config_key LIKE 'bench:%' AND o.starts_at < now()`,
    );
    await q.query(
      `INSERT INTO agenda_items (partnership_id, id, occurrence_id, kind, position, slot_minutes, status, risk_instrument, risk_level, decided_at, created_by)
       SELECT ${P}, i.id, i.occ, 'child', i.k, 15, 'discussed', '${I}', ${pick(lit(['high', 'medium', 'low', 'medium']), 4, 'i.n * 3')}, now(), ${U} FROM bench_items i`,
    );
    await q.query(`INSERT INTO agenda_item_children (partnership_id, item_id, child_id) SELECT ${P}, i.id, bc.id FROM bench_items i ${joinChild('i.n * 37')}`);
    counts.agenda_items = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench_items`))[0]!.n;
    await q.query(
      `INSERT INTO panel_referrals (partnership_id, child_id, district_id, source, risk_level, lead_professional_name, lead_professional_agency_id, status, category, thresholded_at, referred_by, referred_at)
       SELECT ${P}, bc.id, ${pick(D, nd, 'g')}, 'manual', ${pick(lit(['high', 'medium', 'low']), 3, 'g')}, 'Lead Example', ${G}, 'closed', 1 + g % 4, now() - (g % ${DAYS}) * interval '1 day', ${U}, now() - (g % ${DAYS} + 7) * interval '1 day'
         FROM generate_series(1, ${sc(8000)}) g ${joinChild('g * 53')}`,
    );

    // Actions, concerns (DRMM referrals), missing episodes, investigations, CE risk assessments, training needs.
    await q.query(
      `INSERT INTO actions (partnership_id, child_id, meeting_series_id, what, kind, owner_team, owner_agency_id, measure, agreed_by, due_on, status, completion_evidence, completed_at, not_completed_reason, created_by, created_at)
       SELECT ${P}, bc.id, (SELECT id FROM meeting_series WHERE partnership_id = ${P} AND config_key = 'bench:' || ${pick(D, nd, 'g')}), 'Bench action ' || g, 'other', 'Team', ${pick(A, na, 'g')}, 'Measured', 'Panel',
              (now() - (g % ${DAYS}) * interval '1 day' + interval '30 days')::date, st,
              CASE WHEN st = 'done' THEN 'Done' END, CASE WHEN st = 'done' THEN now() - (g % ${DAYS}) * interval '1 day' + interval '20 days' END,
              CASE WHEN st = 'cancelled' THEN 'No longer needed (bench)' END, ${U}, now() - (g % ${DAYS}) * interval '1 day'
         FROM generate_series(1, ${sc(20000)}) g ${joinChild('g * 41')}
         -- Actions older than four months are done (or, one in ten, cancelled); newer ones a mix.
         CROSS JOIN LATERAL (SELECT CASE WHEN g % ${DAYS} > 120 THEN (CASE WHEN g % 10 = 0 THEN 'cancelled' ELSE 'done' END)
                                         ELSE (ARRAY['done','open','open','in-progress','done'])[1 + g % 5] END AS st) s`,
    );
    await q.query(
      `INSERT INTO concerns (partnership_id, child_id, source, indicators_present, summary, created_by, created_at)
       SELECT ${P}, bc.id, (ARRAY['ppn','intelligence','screening-tool','partner-referral'])[1 + g % 4], g % 5 <> 0, 'Bench concern', ${U}, now() - (g % ${DAYS}) * interval '1 day' - (g % 24) * interval '1 hour'
         FROM generate_series(1, ${sc(40000)}) g ${joinChild('g * 29')}`,
    );
    await q.query(
      `INSERT INTO missing_episodes (partnership_id, child_id, went_missing_on, returned_on, exploitation_concern, found_location_record_id, created_by)
       SELECT ${P}, bc.id, ${day('g')}, CASE WHEN g % 20 = 0 THEN NULL ELSE ${day('g')} + 1 END, g % 2 = 0, CASE WHEN g % 10 = 0 THEN ${place('g')} END, ${U}
         FROM generate_series(1, ${sc(30000)}) g ${joinChild('g * 31')}`,
    );
    await q.query(
      `INSERT INTO investigations (partnership_id, child_id, kind, started_on, outcome, outcome_on, created_by)
       SELECT ${P}, bc.id, (ARRAY['s47','criminal'])[1 + g % 2], ${day('g * 3')}, CASE WHEN g % 3 = 0 THEN 'nfa' WHEN g % 3 = 1 THEN 'ongoing' END,
              CASE WHEN g % 3 = 0 THEN ${day('g * 3')} + 30 END, ${U}
         FROM generate_series(1, ${sc(3000)}) g ${joinChild('g * 43')}`,
    );
    await q.query(
      `INSERT INTO ce_risk_assessment_updates (partnership_id, child_id, completed_on, meeting_kind, completed_by_agency_id, recorded_by)
       SELECT ${P}, bc.id, ${day('g * 5')}, 'mace', ${G}, ${U} FROM generate_series(1, ${sc(5000)}) g ${joinChild('g * 47')}`,
    );
    await q.query(
      `INSERT INTO training_needs (partnership_id, district_id, agency_id, recorded_on, need, recorded_by)
       SELECT ${P}, ${pick(D, nd, 'g')}, ${pick(A, na, 'g')}, ${day('g * 7')}, 'Bench training need ' || g, ${U} FROM generate_series(1, ${sc(200)}) g`,
    );
    const others = counts.assessments! + counts.agenda_items! + sc(8000) + sc(20000) + sc(40000) + sc(30000) + sc(3000) + sc(5000) + sc(200);
    // The rest of the events: significant events of the children, one in ten at a location.
    const rest = Math.max(0, o.events - others);
    const kindsE = lit([
      'police-contact',
      'arrest',
      'victim-of-crime',
      'found-in-concerning-circumstances',
      'hospital-attendance',
      'school-exclusion',
      'disclosure',
      'other',
    ]);
    for (let from = 1; from <= rest; from += 250_000) {
      const to = Math.min(rest, from + 249_999);
      await q.query(
        `INSERT INTO child_events (partnership_id, child_id, occurred_at, kind, summary, location_record_id, source, reliability, created_by)
         SELECT ${P}, bc.id, now() - (g % ${DAYS}) * interval '1 day' - (g % 1440) * interval '1 minute', ${pick(kindsE, 8, 'g')}, 'Bench event',
                CASE WHEN g % 10 = 0 THEN pl.id END, 'Bench', 'reliable', ${U}
           FROM generate_series(${from}, ${to}) g ${joinChild('g * 61')}
           JOIN bench_places pl ON pl.kind = 'location' AND pl.n = g % 400`,
      );
      log(`    ${p.id}: ${to.toLocaleString('en-GB')} of ${rest.toLocaleString('en-GB')} significant events`);
    }
    counts.events = others + rest;
    for (const t of ['bench_children', 'bench_places', 'bench_items']) await q.query(`DROP TABLE ${t}`);
  });
  for (const t of o.analyze === false
    ? []
    : [
        'children',
        'assessments',
        'meeting_series',
        'agenda_items',
        'agenda_item_children',
        'meeting_occurrences',
        'panel_referrals',
        'actions',
        'concerns',
        'missing_episodes',
        'investigations',
        'intel_records',
        'intel_links',
        'child_events',
        'ce_risk_assessment_updates',
        'training_needs',
        'assessment_reviews',
      ]) {
    await db.query(`ANALYZE ${t}`);
  }
  const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM children WHERE partnership_id = $1`, [p.id])) as [{ n: number }];
  return { partnership: p.id, children: n, events: counts.events!, ms: Math.round(performance.now() - t0) };
}
