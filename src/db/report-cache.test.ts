import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../test-support/app.ts';
import { addCalendarMonths, addDays } from '../domain/calendar/dates.ts';
import { todayIso } from '../platform/dates.ts';
import { fixtures } from '../features/reports/fixtures.ts';
import { buildReport } from '../features/reports/builders.ts';
import { reportFigures, storable, type CacheKey } from '../features/reports/cache.ts';
import type { PartnershipConfig } from '../partnerships/index.ts';
import { reportDocument } from '../features/reports/service.ts';
import { rng } from '../test-support/rng.ts';

/**
 * report_cache (migration 072) keeps the figures of periods that have ended. After any sequence of writes to the tables
 * the figures read — inserts, backdated changes, corrections, deletions, each in its own transaction — a report served
 * through the cache is exactly what a fresh computation gives. A write the triggers do not invalidate for leaves stored
 * figures behind and fails this test (removing a table's trigger, or narrowing what reaches back, makes it fail).
 */
const t = await testApp();
const calendar = t.config.bankHolidays;
const today = todayIso();

const monthStart = (d: string) => `${d.slice(0, 7)}-01`;

/** The stored reports checked: each report of the partnership over three ended months (two for bi-monthly), with and without police figures, for the county and one district. */
function keysOf(p: PartnershipConfig): CacheKey[] {
  const m = monthStart(today);
  const keys: CacheKey[] = [];
  for (const kind of p.reports) {
    const periods =
      kind === 'bi-monthly'
        ? [2, 4].map((n) => ({ from: addCalendarMonths(m, -n), to: addDays(addCalendarMonths(m, -n + 2), -1) }))
        : [1, 2, 3].map((n) => ({ from: addCalendarMonths(m, -n), to: addDays(addCalendarMonths(m, -n + 1), -1) }));
    const districts = kind === 'bi-monthly' ? [null, p.districts[0]!.id] : [null];
    for (const period of periods.filter((x) => storable(x, today)))
      for (const districtId of districts) for (const police of [true, false]) keys.push({ kind, period, districtId, police });
  }
  return keys;
}

/** Figures hold only what JSON keeps as it is: strings, finite numbers, booleans, null, arrays and plain objects. */
function plainOnly(x: unknown, what: string): void {
  if (x === null || x === undefined || typeof x === 'string' || typeof x === 'boolean') return;
  if (typeof x === 'number') return assert.ok(Number.isFinite(x), `a number JSON would not keep in ${what}`);
  if (Array.isArray(x)) return x.forEach((y) => plainOnly(y, what));
  assert.equal(Object.getPrototypeOf(x), Object.prototype, `a ${Object.prototype.toString.call(x)} in ${what}`);
  for (const y of Object.values(x as object)) plainOnly(y, what);
}

async function compare(p: PartnershipConfig, keys: CacheKey[], step: string): Promise<number> {
  let hits = 0;
  for (const k of keys) {
    const now = new Date();
    const before = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM report_cache c JOIN report_cache_state s ON s.partnership_id = c.partnership_id AND s.generation = c.generation
        WHERE c.partnership_id = $1 AND c.report_kind = $2 AND c.period_from = $3 AND c.period_to = $4 AND c.district_id = $5 AND c.police = $6`,
      [p.id, k.kind, k.period.from, k.period.to, k.districtId ?? '', k.police],
    );
    hits += before[0]!.n;
    const cached = await t.db.readTx((q, w) => reportFigures(q, w, p, k, { now, today, calendar }));
    const fresh = await t.db.tx((q) => buildReport(q, p, k.kind, { period: k.period, districtId: k.districtId, now, today, police: k.police, calendar }));
    const what = `${p.id} ${k.kind} ${k.period.from}–${k.period.to} ${k.districtId ?? 'all'} police=${k.police} after ${step}`;
    plainOnly(fresh.sections, what);
    // Stored as JSON: the same but for properties left undefined, which no page, export or trace tells apart.
    assert.deepStrictEqual(
      { ...cached, sections: JSON.parse(JSON.stringify(cached.sections)) },
      { ...fresh, sections: JSON.parse(JSON.stringify(fresh.sections)) },
      what,
    );
    assert.deepStrictEqual(reportDocument(cached, p, k.police), reportDocument(fresh, p, k.police), what);
  }
  return hits;
}

async function run(partnershipId: string, seed: number, steps: number) {
  const r = rng(seed);
  const p = t.partnerships.get(partnershipId)!;
  const [u] = await t.db.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM users WHERE email = $1`, [`coordinator@${p.id}.example.org`]);
  const f = fixtures(t.db, p.id, u!.id, u!.agency_id);
  const instrument = p.assessmentTools.includes('rfm') ? 'rfm' : p.assessmentTools.includes('vat') ? 'vat' : 'thrive';
  const districts = [...p.districts.map((d) => d.id), null];
  const levels = ['high', 'medium', 'low'];
  const types = ['CSE', 'CCE', 'Other', null];
  /** A day in the last seven months (most of them in the stored periods), or today now and then. */
  const day = () => (r.int(8) === 0 ? today : addDays(today, -r.int(210)));
  const at = () => `${day()}T${String(8 + r.int(10)).padStart(2, '0')}:30:00Z`;
  const ids = async (table: string, where = 'true') =>
    (await t.db.query<{ id: string }>(`SELECT id FROM ${table} WHERE partnership_id = $1 AND ${where} ORDER BY id`, [p.id])).map((x) => x.id);
  const one = async (table: string, where = 'true') => {
    const xs = await ids(table, where);
    return xs.length ? r.pick(xs) : undefined;
  };
  const set = async (table: string, assignment: string, params: unknown[], where = 'true') => {
    const id = await one(table, where);
    if (id) await t.db.query(`UPDATE ${table} SET ${assignment} WHERE partnership_id = $1 AND id = $2`, [p.id, id, ...params]);
  };
  const del = async (table: string, where = 'true') => {
    const id = await one(table, where);
    if (id) await t.db.query(`DELETE FROM ${table} WHERE partnership_id = $1 AND id = $2`, [p.id, id]);
  };
  const children: string[] = [];
  const child = async () =>
    children.length && r.int(5)
      ? r.pick(children)
      : (children.push(await f.child({ district: r.pick(districts), primaryRisk: r.pick(types) })), children.at(-1)!);
  const locations: string[] = [];
  const location = async () =>
    locations.length && r.int(3)
      ? r.pick(locations)
      : (locations.push(await f.record('location', `Fixture place ${locations.length}`, { locationKind: 'hotspot' })), locations.at(-1)!);

  /** A child the figures show (a missing episode, a panel's discussion), so that what is read of them as they are now matters. */
  const shown = async () => {
    const xs = await t.db.query<{ id: string }>(
      `SELECT child_id AS id FROM missing_episodes WHERE partnership_id = $1 UNION SELECT child_id FROM agenda_item_children WHERE partnership_id = $1 ORDER BY 1`,
      [p.id],
    );
    return xs.length ? r.pick(xs).id : child();
  };
  const ops: Record<string, () => Promise<void>> = {
    // New records, dated back into the stored periods (or today).
    assessment: async () =>
      void (await f.assessment(await child(), {
        instrument,
        on: day(),
        level: r.pick(levels),
        type: r.pick(types),
        content: {
          indicators: { [String(1 + r.int(5))]: { score: String(1 + r.int(4)) } },
          judgement: r.int(3) ? {} : { decision: 'override', reason: 'Fixture' },
        },
      })),
    review: async () => {
      const a = await one('assessments', `status = 'submitted'`);
      const [row] = a ? await t.db.query<{ child_id: string }>(`SELECT child_id FROM assessments WHERE partnership_id = $1 AND id = $2`, [p.id, a]) : [];
      if (a && row) await f.review(a, row.child_id, { on: day(), level: r.pick(levels), n: 1 + r.int(3) }).catch(() => undefined);
    },
    panel: async () => {
      const { occ } = await f.meeting({ district: r.pick(districts), at: at(), type: r.pick(p.meetingTypes).id });
      const ref = r.int(2) ? await f.referral(await child(), { category: 1 + r.int(4), level: r.pick(levels), at: at(), district: r.pick(districts) }) : null;
      await f
        .item(occ, [await child()], { level: r.pick([...levels, null]), referralId: ref, status: r.pick(['discussed', 'discussed', 'planned']) })
        .catch(() => undefined);
      if (!r.int(3)) await f.item(occ, [], { kind: 'location', location: 'Fixture park' }).catch(() => undefined);
    },
    referral: async () => void (await f.referral(await child(), { category: 1 + r.int(4), level: r.pick(levels), at: at(), district: r.pick(districts) })),
    action: async () => {
      const status = r.pick(['open', 'in-progress', 'done', 'cancelled']);
      const created = at();
      await f.action({ agency: r.pick(p.agencies).id, childId: await child(), created, due: day(), status, completed: status === 'done' ? at() : null });
    },
    concern: async () => void (await f.concern(await child(), { at: at(), source: r.pick(['ppn', 'school', 'health']) })),
    missing: async () => {
      const went = day();
      await f.missing(await child(), {
        went,
        returned: r.int(2) ? addDays(went, r.int(20)) : null,
        concern: !!r.int(2),
        foundAt: r.int(2) ? await location() : null,
      });
    },
    link: async () =>
      void (await f.link(
        await child(),
        r.int(2) ? await location() : await f.record('person', `Fixture person ${r.int(1000)}`, { role: 'associate' }),
        'associated',
      )),
    event: async () =>
      void (await t.db.query(
        `INSERT INTO child_events (partnership_id, child_id, occurred_at, kind, summary, location_record_id, source, reliability, created_by) VALUES ($1, $2, $3, 'significant', 'Fixture event', $4, 'Fixture', 'reliable', $5)`,
        [p.id, await child(), at(), await location(), u!.id],
      )),
    investigation: async () =>
      void (await f.investigation(await child(), { kind: r.pick(['s47', 'criminal']), started: day(), outcome: r.pick(['ongoing', 'nfa']), outcomeOn: day() })),
    ceRisk: async () => void (await f.ceRiskAssessment(await child(), day(), { outcome: r.pick(['high', 'medium', 'low']), riskType: 'CCE' })),
    training: async () => void (await f.trainingNeed({ on: day(), need: 'Fixture need', district: r.pick(districts) })),
    // Corrections and changes of what is read as it is now.
    childDistrict: async () =>
      void (await t.db.query(`UPDATE children SET district_id = $3 WHERE partnership_id = $1 AND id = $2`, [p.id, await shown(), r.pick(districts)])),
    childType: async () =>
      void (await t.db.query(
        `UPDATE children SET primary_risk = $3, education_setting = $4, reference = reference || 'X' WHERE partnership_id = $1 AND id = $2`,
        [p.id, await shown(), r.pick(types), r.pick(['Example School', null])],
      )),
    childLead: async () =>
      void (await t.db.query(`UPDATE children SET lead_professional_name = $3 WHERE partnership_id = $1 AND id = $2`, [
        p.id,
        await shown(),
        `Lead ${r.int(100)}`,
      ])),
    assessmentDate: () => set('assessments', 'completed_on = $3', [day()], `status = 'submitted'`),
    assessmentLevel: () => set('assessments', 'judged_level = $3, risk_type = $4', [r.pick(levels), r.pick(types)], `status = 'submitted'`),
    supersede: () => set('assessments', 'superseded_at = now()', [], `status = 'submitted' AND superseded_at IS NULL`),
    actionStatus: () =>
      set(
        'actions',
        `status = $3, completed_at = CASE WHEN $3 = 'done' THEN $4::timestamptz END, completion_evidence = CASE WHEN $3 = 'done' THEN 'Done' END`,
        [r.pick(['open', 'in-progress', 'done', 'cancelled']), at()],
      ),
    actionProgress: () => set('actions', `status = CASE status WHEN 'open' THEN 'in-progress' ELSE 'open' END`, [], `status IN ('open', 'in-progress')`),
    actionDue: () => set('actions', 'due_on = $3', [day()]),
    moveMeeting: () => set('meeting_occurrences', `starts_at = $3::timestamptz, ends_at = $3::timestamptz + interval '1 hour'`, [at()]),
    cancelMeeting: () => set('meeting_occurrences', `status = 'cancelled'`, []),
    itemDecision: () => set('agenda_items', 'risk_level = $3, status = $4', [r.pick(levels), r.pick(['discussed', 'planned'])]),
    referralChange: () => set('panel_referrals', 'category = $3, risk_level = $4, thresholded_at = $5::timestamptz', [1 + r.int(4), r.pick(levels), at()]),
    returned: () => set('missing_episodes', 'returned_on = $3', [r.int(3) ? day() : null]),
    outcome: () => set('investigations', `outcome = $3, outcome_on = $4`, [r.pick(['nfa', 'ongoing']), day()]),
    ceDate: () => set('ce_risk_assessment_updates', 'completed_on = $3', [day()]),
    trainingDate: () => set('training_needs', 'recorded_on = $3', [day()]),
    unlink: () => set('intel_links', 'removed_at = now()', [], 'removed_at IS NULL'),
    relabel: () =>
      set('intel_records', `label = $3, attributes = attributes || jsonb_build_object('locationKind', $4::text)`, [
        `Renamed ${r.int(100)}`,
        r.pick(['hotspot', 'safe space']),
      ]),
    seriesDistrict: () => set('meeting_series', 'district_id = $3', [r.pick(districts)]),
    eventDate: () => set('child_events', 'occurred_at = $3::timestamptz', [at()], 'location_record_id IS NOT NULL'),
    deleteConcern: () => del('concerns'),
    deleteMissing: () => del('missing_episodes'),
    deleteTraining: () => del('training_needs'),
    deleteReview: () => del('assessment_reviews'),
    deleteAction: () => del('actions'),
    deleteLink: () => del('intel_links'),
    deleteItemChild: async () => {
      const [x] = await t.db.query<{ item_id: string; child_id: string }>(
        `SELECT item_id, child_id FROM agenda_item_children WHERE partnership_id = $1 ORDER BY item_id, child_id LIMIT 1`,
        [p.id],
      );
      if (x) await t.db.query(`DELETE FROM agenda_item_children WHERE partnership_id = $1 AND item_id = $2 AND child_id = $3`, [p.id, x.item_id, x.child_id]);
    },
  };
  const names = Object.keys(ops);
  let refused = 0;
  /** A write the schema refuses (a random value outside a check) changes nothing: its transaction is rolled back. */
  const apply = async (name: string) => {
    try {
      await ops[name]!();
    } catch (err) {
      if (!/^2[23]/.test(String((err as { code?: string }).code))) throw err;
      refused++;
    }
  };
  const keys = keysOf(p);
  // Some records in every stored period first, then the cache filled.
  for (let i = 0; i < 40; i++) await apply(names[i % 14]!);
  await compare(p, keys, 'the first views');
  let hits = 0;
  for (let s = 0; s < steps; s++) {
    const name = r.pick(names);
    await apply(name);
    hits += await compare(p, keys, `step ${s} (${name}, seed ${seed})`);
  }
  assert.ok(refused < steps / 2, `most writes were made (${refused} refused)`);
  return { keys: keys.length, hits };
}

for (const [partnershipId, seed] of [
  ['staffordshire', 1],
  ['rotherham', 2],
  ['llr', 3],
] as const) {
  test(`report_cache equals a fresh computation after random writes (${partnershipId})`, async () => {
    const { keys, hits } = await run(partnershipId, seed, 45);
    assert.ok(keys > 0, 'some stored periods are checked');
    // Writes dated today, and changes of what no figure reads, keep the stored figures: the cache is used.
    assert.ok(hits > keys, `stored figures were served (${hits} hits)`);
  });
}

test('a period that has not ended before yesterday is computed and not stored', async () => {
  const p = t.partnerships.get('rotherham')!;
  const period = { from: monthStart(today), to: addDays(today, -1) };
  await t.db.readTx((q, w) => reportFigures(q, w, p, { kind: 'rotherham', period, districtId: null, police: true }, { now: new Date(), today, calendar }));
  const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM report_cache WHERE partnership_id = $1 AND period_to >= $2`, [
    p.id,
    addDays(today, -1),
  ]);
  assert.equal(row!.n, 0);
});

test('each table the figures read invalidates on a write reaching back, and not on one dated today or of a column no figure reads', async () => {
  const p = t.partnerships.get('staffordshire')!;
  const [u] = await t.db.query<{ id: string; agency_id: string }>(`SELECT id, agency_id FROM users WHERE email = 'coordinator@staffordshire.example.org'`);
  const f = fixtures(t.db, p.id, u!.id, u!.agency_id);
  const past = addDays(today, -40);
  const pastAt = `${past}T12:00:00Z`;
  const generation = async () =>
    Number(
      (await t.db.query<{ g: string }>(`SELECT coalesce((SELECT generation FROM report_cache_state WHERE partnership_id = $1), 0)::text AS g`, [p.id]))[0]!.g,
    );
  const moves = async (what: string, write: () => Promise<unknown>, expected: boolean) => {
    const before = await generation();
    await write();
    assert.equal((await generation()) > before, expected, `${what}: ${expected ? 'invalidates' : 'keeps the stored figures'}`);
  };
  const c = await f.child({ district: p.districts[0]!.id, primaryRisk: 'CCE' });
  const place = await f.record('location', 'Fixture corner', { locationKind: 'hotspot' });
  const q = (sql: string, params: unknown[] = []) => t.db.query(sql, [p.id, ...params]);
  await moves('a child added', () => f.child(), false);
  await moves('a child’s district', () => q(`UPDATE children SET district_id = $2 WHERE partnership_id = $1 AND id = $3`, [p.districts[1]!.id, c]), true);
  await moves(
    'a child’s lead professional',
    () => q(`UPDATE children SET lead_professional_name = 'Lead Other' WHERE partnership_id = $1 AND id = $2`, [c]),
    false,
  );
  await moves('a concern today', () => f.concern(c, { at: new Date().toISOString() }), false);
  await moves('a backdated concern', () => f.concern(c, { at: pastAt }), true);
  await moves(
    'an event without a place',
    () =>
      q(
        `INSERT INTO child_events (partnership_id, child_id, occurred_at, kind, summary, source, reliability, created_by) VALUES ($1, $2, $3, 'significant', 'Fixture', 'Fixture', 'reliable', $4)`,
        [c, pastAt, u!.id],
      ),
    false,
  );
  await moves(
    'a backdated event at a place',
    () =>
      q(
        `INSERT INTO child_events (partnership_id, child_id, occurred_at, kind, summary, location_record_id, source, reliability, created_by) VALUES ($1, $2, $3, 'significant', 'Fixture', $4, 'Fixture', 'reliable', $5)`,
        [c, pastAt, place, u!.id],
      ),
    true,
  );
  const m = await f.missing(c, { went: today });
  await moves(
    'a return recorded back in time',
    () => q(`UPDATE missing_episodes SET went_missing_on = $2 WHERE partnership_id = $1 AND id = $3`, [past, m]),
    true,
  );
  await moves('a training need', () => f.trainingNeed({ on: past, need: 'Fixture' }), true);
  await moves('an investigation', () => f.investigation(c, { kind: 's47', started: past, outcome: 'ongoing' }), true);
  await moves('a CE risk assessment', () => f.ceRiskAssessment(c, today), true);
  const a = await f.assessment(c, { instrument: 'rfm', on: today, level: 'high' });
  await moves('an RFM dated back', () => q(`UPDATE assessments SET completed_on = $2 WHERE partnership_id = $1 AND id = $3`, [past, a]), true);
  await moves('a draft', () => q(`UPDATE assessments SET status = 'draft' WHERE partnership_id = $1 AND id = $2`, [a]), true);
  await moves('a draft saved again', () => q(`UPDATE assessments SET content = '{}' WHERE partnership_id = $1 AND id = $2`, [a]), false);
  await moves('a review', () => f.review(a, c, { on: today, level: 'low' }), true);
  const act = await f.action({ agency: p.agencies[0]!.id, childId: c, created: new Date().toISOString(), due: today });
  await moves('an action in progress', () => q(`UPDATE actions SET status = 'in-progress' WHERE partnership_id = $1 AND id = $2`, [act]), false);
  await moves('an action set back in time', () => q(`UPDATE actions SET created_at = $2 WHERE partnership_id = $1 AND id = $3`, [pastAt, act]), true);
  await moves(
    'an action done',
    () => q(`UPDATE actions SET status = 'done', completion_evidence = 'Done', completed_at = now() WHERE partnership_id = $1 AND id = $2`, [act]),
    true,
  );
  const { series, occ } = await f.meeting({ at: new Date(Date.now() + 86_400_000).toISOString() });
  await moves('a meeting ahead', () => f.item(occ, [c], { level: 'high' }), false);
  await moves('a meeting moved back', () => q(`UPDATE meeting_occurrences SET starts_at = $2 WHERE partnership_id = $1 AND id = $3`, [pastAt, occ]), true);
  await moves('a child added to a past item', () => f.item(occ, [c], { level: 'low' }), true);
  await moves(
    'a series’ district',
    () => q(`UPDATE meeting_series SET district_id = $2 WHERE partnership_id = $1 AND id = $3`, [p.districts[0]!.id, series]),
    true,
  );
  await moves('a referral thresholded back in time', () => f.referral(c, { category: 1, at: pastAt }), true);
  await moves('a link to the child', () => f.link(c, place, 'frequents'), true);
  await moves('a place renamed', () => q(`UPDATE intel_records SET label = 'Fixture renamed' WHERE partnership_id = $1 AND id = $2`, [place]), true);
  const gone = await f.child();
  await moves('a child erased', () => q(`DELETE FROM children WHERE partnership_id = $1 AND id = $2`, [gone]), true);
});

test('a report page served from the stored figures is the page computed afresh, for each role that reads it', async () => {
  const m = monthStart(today);
  const from = addCalendarMonths(m, -2);
  const to = addDays(m, -1);
  for (const [role, partnership, kind] of [
    ['analyst', 'staffordshire', 'bi-monthly'],
    ['coordinator', 'staffordshire', 'bi-monthly'],
    ['analyst', 'llr', 'form'],
    ['analyst', 'rotherham', 'rotherham'],
  ] as const) {
    const a = await t.signIn(role, partnership);
    for (const mode of ['all', 'suppress']) {
      const path = `/reports/${kind}?from=${from}&to=${to}&mode=${mode}`;
      // A new generation: the first view computes the figures (and stores them), the second is served from the store.
      await t.db.query(`UPDATE report_cache_state SET generation = generation + 1 WHERE partnership_id = $1`, [partnership]);
      const fresh = await a.agent.get(path);
      const stored = await a.agent.get(path);
      assert.equal(fresh.status, 200, path);
      const [row] = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM report_cache WHERE partnership_id = $1 AND period_from = $2 AND period_to = $3`,
        [partnership, from, to],
      );
      assert.ok(row!.n > 0, `${path} stored`);
      // The same page but for the time it was produced, the form's token and the charts' ids (a count in the process, svg.ts).
      const same = (s: string) =>
        s
          .replace(/Produced: [^<]*/g, 'Produced')
          .replace(/name="_csrf" value="[^"]*"/g, '')
          .replace(/chart-\d+-/g, 'chart-');
      assert.equal(same(stored.text), same(fresh.text), `${role} ${path}`);
    }
  }
});
