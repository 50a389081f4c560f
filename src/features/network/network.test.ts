import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { loadPartnerships } from '../../partnerships/index.ts';
import { suggestedGroups } from '../agenda/groups.ts';
import { auditForChild } from '../../platform/audit.ts';

// Staffordshire allows printing; a copy of it with the map's tile server set shows the CSP change.
const partnerships = loadPartnerships();
const staffs = partnerships.get('staffordshire')!;
partnerships.set('staffordshire', {
  ...staffs,
  map: { ...staffs.map!, tileUrl: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png', attribution: 'Example tiles' },
});
const t = await testApp({ partnerships });
const coordinator = await t.signIn('coordinator');
const practitioner = await t.signIn('practitioner');
const administrator = await t.signIn('administrator');
const responder = await t.signIn('responder');
const analyst = await t.signIn('analyst');
const llrCoordinator = await t.signIn('coordinator', 'llr');

type Child = { id: string; first_name: string; last_name: string; district_id: string };
const kids = await t.db.query<Child>(`SELECT id, first_name, last_name, district_id FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference`);
const [jordan, kayla, tyler, amelia, reece, sofia, mason, , callum] = kids as Child[];
const userId = await t.userId('practitioner');

/** Links and records added with SQL (the intelligence forms are another feature's). */
async function record(kind: string, label: string, attributes: Record<string, unknown> = {}, districtId: string | null = null, partnership = 'staffordshire') {
  const uid = partnership === 'staffordshire' ? userId : await t.userId('practitioner', partnership);
  const [r] = await t.db.query<{ id: string }>(
    `INSERT INTO intel_records (partnership_id, kind, label, attributes, district_id, source, information_date, reliability, created_by)
     VALUES ($1, $2, $3, $4, $5, 'Test source', current_date, 'untested', $6) RETURNING id`,
    [partnership, kind, label, JSON.stringify(attributes), districtId, uid],
  );
  return r!.id;
}
async function link(
  a: { child?: string; record?: string },
  b: { child?: string; record?: string },
  relation: string,
  o: { last?: string | null; first?: string | null; partnership?: string } = {},
) {
  const partnership = o.partnership ?? 'staffordshire';
  const uid = partnership === 'staffordshire' ? userId : await t.userId('practitioner', partnership);
  await t.db.query(
    `INSERT INTO intel_links (partnership_id, a_child_id, a_record_id, b_child_id, b_record_id, relation, first_seen_on, last_seen_on, source, reliability, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Test source', 'reliable', $9)`,
    [
      partnership,
      a.child ?? null,
      a.record ?? null,
      b.child ?? null,
      b.record ?? null,
      relation,
      o.first === undefined ? null : o.first,
      o.last === undefined ? null : o.last,
      uid,
    ],
  );
}
const networkJson = (html: string) =>
  JSON.parse(/<script type="application\/json" id="network-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as {
    nodes: { id: string; kind: string; label: string; depth: number; href: string | null; risk?: string }[];
    links: { id: string; from: string; to: string }[];
    capped: boolean;
  };
const rowsOf = (html: string) => (html.match(/<tr class="govuk-table__row" data-link="/g) ?? []).length;

test('a child’s network: depth 1 shows what is linked directly; depth 2 what is linked to those; the table lists the same links', async () => {
  const one = await coordinator.agent.get(`/children/${jordan!.id}/network?depth=1`);
  assert.equal(one.status, 200);
  const g1 = networkJson(one.text);
  assert.ok(
    g1.nodes.some((n) => n.label === 'Dean Vickery' && n.kind === 'person' && n.depth === 1),
    'the person of concern is linked directly',
  );
  assert.ok(
    g1.nodes.some((n) => n.label === `${tyler!.first_name} ${tyler!.last_name}` && n.depth === 1),
    'the friend is linked directly',
  );
  assert.ok(!g1.nodes.some((n) => n.label === 'Lena Hartigan'), 'Smudge’s associate is two steps away');
  assert.ok(g1.nodes.every((n) => n.depth <= 1));
  assert.equal(rowsOf(one.text), g1.links.length, 'one table row per link drawn');
  assert.match(one.text, /Person: <a class="govuk-link" href="\/intelligence\/records\/[0-9a-f-]{36}">Dean Vickery<\/a>/);
  const two = networkJson((await coordinator.agent.get(`/children/${jordan!.id}/network?depth=2`)).text);
  assert.ok(two.nodes.some((n) => n.label === 'Lena Hartigan' && n.depth === 2));
  assert.ok(two.nodes.length > g1.nodes.length);
  const centre = two.nodes.find((n) => n.id === jordan!.id)!;
  assert.equal(centre.depth, 0);
  assert.equal(centre.href, `/children/${jordan!.id}`);
});

test('a child on the graph carries its current risk level, as its identity bar shows it (issue 15 §11); a child never assessed has none', async () => {
  const page = await coordinator.agent.get(`/children/${jordan!.id}`);
  const level = /app-identity-bar__risk[^"]*">([A-Za-z ]+?) risk</.exec(page.text)?.[1];
  assert.ok(level, 'Jordan’s identity bar shows a risk level');
  const g = networkJson((await coordinator.agent.get(`/children/${jordan!.id}/network?depth=2`)).text);
  const centre = g.nodes.find((n) => n.id === jordan!.id)!;
  assert.equal(centre.risk?.toLowerCase(), level.toLowerCase());
  const [unassessed] = await t.db.query<{ id: string }>(
    `SELECT c.id FROM children c WHERE c.partnership_id = 'staffordshire' AND c.id = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.child_id = c.id AND a.status = 'submitted')`,
    [g.nodes.filter((n) => n.kind === 'child').map((n) => n.id)],
  );
  assert.ok(unassessed, 'the network has a child never assessed');
  assert.equal(g.nodes.find((n) => n.id === unassessed.id)!.risk, undefined);
});

test('labels and sources are escaped in the table and the graph data', async () => {
  const odd = await record('person', '<img src=x onerror=alert(1)> “Ace”');
  await link({ child: sofia!.id }, { record: odd }, 'associate');
  const res = await coordinator.agent.get(`/children/${sofia!.id}/network?depth=1`);
  assert.equal(res.status, 200);
  assert.doesNotMatch(res.text, /<img src=x/);
  assert.match(res.text, /Person: <a class="govuk-link" href="[^"]+">&lt;img src=x onerror=alert\(1\)&gt; “Ace”<\/a>/);
  assert.ok(
    networkJson(res.text).nodes.some((n) => n.label.startsWith('<img')),
    'the data block keeps the text, with < escaped for the script element',
  );
  assert.doesNotMatch(/id="network-data">([\s\S]*?)<\/script>/.exec(res.text)![1]!, /</);
});

test('depth is limited to 1–3 on the page (clamped) and in the API (refused with the reason)', async () => {
  const deep = await coordinator.agent.get(`/children/${jordan!.id}/network?depth=7`);
  assert.equal(deep.status, 200);
  assert.match(deep.text, /name="depth" type="radio" value="3" checked/);
  assert.ok(networkJson(deep.text).nodes.every((n) => n.depth <= 3));
  const token = await t.apiToken('coordinator');
  const bad = await t.request().get(`/api/v1/network/children/${jordan!.id}?depth=4&kind=spaceship&period=forever`).set('Authorization', `Bearer ${token}`);
  assert.equal(bad.status, 422);
  assert.deepEqual(
    bad.body.errors.map((e: { field: string }) => e.field),
    ['depth', 'kind', 'period'],
  );
  const ok = await t.request().get(`/api/v1/network/children/${jordan!.id}?depth=3`).set('Authorization', `Bearer ${token}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.filters.depth, 3);
  assert.ok(ok.body.nodes.length >= 3);
  assert.ok(
    ok.body.links.every(
      (l: { from: string; to: string }) =>
        ok.body.nodes.some((n: { id: string }) => n.id === l.from) && ok.body.nodes.some((n: { id: string }) => n.id === l.to),
    ),
  );
});

test('filters: a kind keeps only records of that kind (children always); a period leaves out links last seen before it', async () => {
  const locations = networkJson((await coordinator.agent.get(`/children/${jordan!.id}/network?depth=2&kind=location`)).text);
  assert.ok(locations.nodes.every((n) => n.kind === 'location' || n.kind === 'child'));
  assert.ok(locations.nodes.some((n) => n.kind === 'location'));
  assert.ok(
    locations.nodes.some((n) => n.id === callum!.id),
    'Callum is reached through the towpath',
  );
  const oldPlace = await record('location', 'Old meeting point, Example Road', { locationKind: 'hotspot' });
  await link({ child: jordan!.id }, { record: oldPlace }, 'frequents', { first: '2020-01-01', last: '2020-02-01' });
  const all = networkJson((await coordinator.agent.get(`/children/${jordan!.id}/network?depth=1`)).text);
  assert.ok(all.nodes.some((n) => n.id === oldPlace));
  const recent = networkJson((await coordinator.agent.get(`/children/${jordan!.id}/network?depth=1&period=12m`)).text);
  assert.ok(!recent.nodes.some((n) => n.id === oldPlace), 'a link last seen in 2020 is not in the last 12 months');
  assert.ok(recent.nodes.some((n) => n.label === 'Dean Vickery'));
});

test('viewing a network is audited in one entry: the centre child with every node shown, and each other child shown finds it in their audit trail', async () => {
  const res = await practitioner.agent.get(`/children/${jordan!.id}/network?depth=1`);
  const g = networkJson(res.text);
  const entries = await t.db.query<{ id: string; child_id: string; details: { children: string[]; records: string[] }; children_shown: string[] }>(
    `SELECT id, child_id, details, children_shown FROM audit_events WHERE action = 'network.view' AND subject_type = 'child' AND subject_id = $1 AND actor_user_id = $2 ORDER BY id DESC LIMIT 1`,
    [jordan!.id, userId],
  );
  const main = entries[0]!;
  assert.equal(main.child_id, jordan!.id);
  assert.deepEqual([...main.details.children, ...main.details.records].sort(), g.nodes.map((n) => n.id).sort());
  const shownChildren = g.nodes.filter((n) => n.kind === 'child' && n.id !== jordan!.id).map((n) => n.id);
  assert.ok(shownChildren.length >= 1);
  assert.deepEqual([...main.children_shown].sort(), [...shownChildren].sort(), 'the other children shown are named in the entry');
  for (const id of shownChildren) {
    const trail = await auditForChild(t.db, 'staffordshire', id);
    assert.ok(
      trail.some((a) => a.id === main.id && a.action === 'network.view'),
      `child ${id} shown finds the view in their audit trail`,
    );
  }
  const [notShown] = kids.filter((k) => !g.nodes.some((n) => n.id === k.id));
  assert.ok(!(await auditForChild(t.db, 'staffordshire', notShown!.id)).some((a) => a.id === main.id), 'a child not shown does not');
});

test('permissions: responders and analysts are refused every network page; a child of another partnership is not found', async () => {
  for (const who of [responder, analyst]) {
    for (const url of [
      `/children/${jordan!.id}/network`,
      '/network',
      '/network/locations',
      '/network/linked-children',
      `/network/districts/${jordan!.district_id}`,
      `/children/${jordan!.id}/panel-pack`,
      '/network/not-yet-referred',
    ]) {
      assert.equal((await who.agent.get(url)).status, 403, url);
    }
  }
  const rotherhamChild = await t.anyChild('rotherham');
  const res = await coordinator.agent.get(`/children/${rotherhamChild.id}/network`);
  assert.equal(res.status, 404);
  assert.doesNotMatch(res.text, new RegExp(rotherhamChild.last_name));
  const [denied] = await t.db.query<{ details: { otherPartnership: string } }>(
    `SELECT details FROM audit_events WHERE action = 'network.view' AND outcome = 'denied' AND subject_id = $1`,
    [rotherhamChild.id],
  );
  assert.equal(denied!.details.otherPartnership, 'rotherham');
  assert.equal((await coordinator.agent.get(`/children/${rotherhamChild.id}/panel-pack`)).status, 404);
  assert.equal((await coordinator.agent.get('/children/not-a-uuid/network')).status, 404);
  const token = await t.apiToken('coordinator');
  assert.equal((await t.request().get(`/api/v1/network/children/${rotherhamChild.id}`).set('Authorization', `Bearer ${token}`)).status, 404);
  // A panel administrator may read networks (to prepare the panel) but not the list of children who might be missed.
  assert.equal((await administrator.agent.get(`/children/${jordan!.id}/network`)).status, 200);
  assert.equal((await administrator.agent.get('/network/not-yet-referred')).status, 403);
});

test('a district’s network: its children and records and what is linked to them; an unknown district is not found', async () => {
  const res = await coordinator.agent.get(`/network/districts/${jordan!.district_id}`);
  assert.equal(res.status, 200);
  const g = networkJson(res.text);
  assert.ok(g.nodes.some((n) => n.id === jordan!.id));
  assert.ok(
    g.nodes.some((n) => n.label === 'Dean Vickery'),
    'linked to the district’s child',
  );
  assert.equal(rowsOf(res.text), g.links.length);
  assert.equal((await coordinator.agent.get('/network/districts/atlantis')).status, 404);
  const token = await t.apiToken('coordinator');
  const api = await t.request().get(`/api/v1/network/districts/${jordan!.district_id}?depth=2`).set('Authorization', `Bearer ${token}`);
  assert.equal(api.status, 422, 'a district network is of depth 1');
});

test('a meeting’s agenda network shows the children on the agenda and their links; another partnership’s meeting is not found', async () => {
  const [occ] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_occurrences WHERE partnership_id = 'staffordshire' ORDER BY starts_at LIMIT 1`);
  if (!occ) return; // no demo meetings: nothing to show
  const coordinatorId = await t.userId('coordinator');
  const [item] = await t.db
    .query<{ id: string }>(
      `INSERT INTO agenda_items (partnership_id, occurrence_id, kind, position, slot_minutes, created_by) VALUES ('staffordshire', $1, 'group', 900, 30, $2) RETURNING id`,
      [occ.id, coordinatorId],
    )
    .catch(async () => {
      await t.db.query(`INSERT INTO agendas (partnership_id, occurrence_id) VALUES ('staffordshire', $1) ON CONFLICT DO NOTHING`, [occ.id]);
      return t.db.query<{ id: string }>(
        `INSERT INTO agenda_items (partnership_id, occurrence_id, kind, position, slot_minutes, created_by) VALUES ('staffordshire', $1, 'group', 900, 30, $2) RETURNING id`,
        [occ.id, coordinatorId],
      );
    });
  for (const c of [kayla!, amelia!])
    await t.db.query(`INSERT INTO agenda_item_children (partnership_id, item_id, child_id) VALUES ('staffordshire', $1, $2)`, [item!.id, c.id]);
  const res = await coordinator.agent.get(`/network/meetings/${occ.id}`);
  assert.equal(res.status, 200);
  const g = networkJson(res.text);
  assert.ok(g.nodes.some((n) => n.id === kayla!.id && n.depth === 0));
  assert.ok(g.nodes.some((n) => n.label === 'Connor Pryde'));
  const [other] = await t.db.query<{ id: string }>(`SELECT id FROM meeting_occurrences WHERE partnership_id = 'rotherham' LIMIT 1`);
  if (other) assert.equal((await coordinator.agent.get(`/network/meetings/${other.id}`)).status, 404);
});

test('linked children: groups with what they share, for the agenda builder too', async () => {
  const res = await coordinator.agent.get('/network/linked-children');
  assert.equal(res.status, 200);
  assert.match(res.text, /Linked children \(\d+ groups?\)/);
  assert.match(res.text, /Share the person Dean Vickery/);
  assert.match(res.text, /the location Station Lodge hotel, 2 Demo Crescent/);
  const groups = await suggestedGroups(t.db, 'staffordshire', [jordan!.id, tyler!.id, kayla!.id, amelia!.id, sofia!.id]);
  const sets = groups.map((g) => [...g.childIds].sort());
  assert.ok(sets.some((s) => s.includes(jordan!.id) && s.includes(tyler!.id) && !s.includes(kayla!.id)));
  assert.ok(sets.some((s) => s.includes(kayla!.id) && s.includes(amelia!.id)));
  assert.ok(!sets.some((s) => s.includes(sofia!.id)), 'a child with no shared links is in no group');
  assert.ok(groups.every((g) => g.reason.length > 10));
  assert.deepEqual(await suggestedGroups(t.db, 'rotherham', [jordan!.id, tyler!.id]), [], 'another partnership’s children are never grouped');
});

test('locations: a list and a map of every location with the children and persons linked; filters by district and period; tiles allowed in CSP only when configured', async () => {
  const res = await coordinator.agent.get('/network/locations');
  assert.equal(res.status, 200);
  assert.match(res.text, /Canal towpath by the old lock/);
  assert.match(res.text, /Riverside youth centre/);
  assert.match(res.text, /Bus station shelter/, 'a location without coordinates is in the list');
  assert.doesNotMatch(res.text, /Map tiles are not configured/);
  assert.match(String(res.headers['content-security-policy']), /img-src 'self' data: https:\/\/\*\.tiles\.example\.org/);
  const data = JSON.parse(/id="locations-data">([\s\S]*?)<\/script>/.exec(res.text)![1]!);
  assert.ok(data.locations.length >= 6);
  assert.ok(!data.locations.some((l: { label: string }) => l.label.startsWith('Bus station')));
  const rowOf = (label: string) =>
    new RegExp(
      `<tr class="govuk-table__row" id="location-[^"]+">\\s*<td class="govuk-table__cell"><a class="govuk-link" href="[^"]+">${label}[\\s\\S]*?<\\/tr>`,
    ).exec(res.text)![0];
  assert.match(rowOf('Canal towpath'), new RegExp(`${jordan!.last_name}[\\s\\S]*${callum!.last_name}|${callum!.last_name}[\\s\\S]*${jordan!.last_name}`));
  assert.match(rowOf('Golden Fry takeaway'), /Dean Vickery<\/a> \(suspected exploiter; known as “Smudge”, “D”\)/);
  const [llrDistrict] = await t.db.query<{ district_id: string }>(
    `SELECT district_id FROM children WHERE partnership_id = 'llr' AND district_id IS NOT NULL LIMIT 1`,
  );
  await record('location', 'Market car park, Example Lane', { locationKind: 'hotspot' }, llrDistrict!.district_id, 'llr');
  await record('location', 'Unplaced bus stop, Sample Road', { locationKind: 'hotspot' }, null, 'llr');
  const llr = await llrCoordinator.agent.get('/network/locations');
  assert.match(llr.text, /Map tiles are not configured for [^,]+, so there is no map: the locations are listed by district below/);
  assert.doesNotMatch(llr.text, /id="locations-map"|leaflet\.js/, 'no map of markers on a blank background (issue 15 §11)');
  // Listed by district: a heading for each district that has locations, then its table; each location once.
  const headings = [...llr.text.matchAll(/<h3 class="govuk-heading-s app-locations-district"[^>]*>([^<]+)<\/h3>/g)].map((m) => m[1]!);
  const llrRows = (llr.text.match(/<tr class="govuk-table__row" id="location-/g) ?? []).length;
  const llrCount = Number(/<h1 class="govuk-heading-l">Locations \((\d+)\)<\/h1>/.exec(llr.text)![1]);
  assert.equal(llrRows, llrCount, 'every location is listed once');
  assert.ok(llrCount >= 2);
  assert.ok(headings.length >= 2, 'a heading per district, and one for locations with no district');
  assert.match(headings.at(-1)!, /^District not recorded \(\d+ locations?\)$/, 'locations with no district come last');
  const total = headings.reduce((n, h) => n + Number(/\((\d+) locations?\)/.exec(h)![1]), 0);
  assert.equal(total, llrCount, 'the districts’ counts add up to every location');
  assert.match(String(llr.headers['content-security-policy']), /img-src 'self' data:;/);
  const district = await coordinator.agent.get(`/network/locations?district=${mason!.district_id}`);
  assert.match(district.text, /Riverside youth centre/);
  assert.doesNotMatch(district.text, /Station Lodge hotel/);
  const audits = await t.db.query<{ children_shown: string[] }>(
    `SELECT children_shown FROM audit_events WHERE action = 'network.locations' AND outcome = 'allowed'`,
  );
  assert.ok(
    audits.some((a) => a.children_shown.includes(jordan!.id)),
    'each child shown is named in the view’s audit entry',
  );
  assert.ok(
    (await auditForChild(t.db, 'staffordshire', jordan!.id)).some((a) => a.action === 'network.locations'),
    'and finds it in their audit trail',
  );
});

test('the panel pack: every part of source 000 step 3 with source and reliability, the marking top and bottom, printing as the partnership allows', async () => {
  const res = await coordinator.agent.get(`/children/${jordan!.id}/panel-pack`);
  assert.equal(res.status, 200);
  for (const h of [
    'Missing episodes \\(2\\)',
    'Locations of concern',
    'Significant events \\(2\\)',
    'Trafficking and the National Referral Mechanism \\(1\\)',
    'Associations',
    'Investigations \\(1\\)',
    'People of concern \\(1\\)',
    'Identifying features',
  ]) {
    assert.match(res.text, new RegExp(`<h2 class="govuk-heading-m">${h}`), h);
  }
  assert.match(res.text, /Smudge/);
  assert.match(res.text, /07700 900123/);
  assert.match(res.text, /AB12 CDE/, 'the person of concern’s vehicle');
  assert.match(res.text, /Police stop and search record \(Staffordshire Police\); reliable/);
  assert.equal((res.text.match(/<p class="app-pack__marking[^"]*">OFFICIAL-SENSITIVE<\/p>/g) ?? []).length, 2);
  assert.match(res.text, /data-app-print/);
  const [a] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'network.panel-pack' AND child_id = $1`, [
    jordan!.id,
  ]);
  assert.equal(a!.n, 1);

  const llrChild = await t.anyChild('llr');
  const llr = await llrCoordinator.agent.get(`/children/${llrChild.id}/panel-pack`);
  assert.equal(llr.status, 200);
  assert.doesNotMatch(llr.text, /data-app-print/, 'LLR does not allow printing: no Print button');
  assert.match(llr.text, /Not to be printed: SENSITIVE – CONFIDENTIAL information in line with GDPR/);
  assert.match(llr.text, /app-pack--no-print/);
  assert.equal((llr.text.match(/<p class="app-pack__marking[^"]*">SENSITIVE – CONFIDENTIAL<\/p>/g) ?? []).length, 2);
});

test('not yet referred: children with repeated missing or links of concern and no current assessment or open referral, each with the reason', async () => {
  const res = await coordinator.agent.get('/network/not-yet-referred');
  assert.equal(res.status, 200);
  assert.match(res.text, new RegExp(`${callum!.first_name} ${callum!.last_name}`));
  assert.match(res.text, /3 missing episodes in the last 6 months/);
  assert.match(res.text, /Linked to a location of concern: Canal towpath by the old lock, Example Road \(hotspot\)/);
  assert.match(res.text, /Linked to a person of concern: Dean Vickery \(suspected exploiter\)/, 'Tyler');
  assert.doesNotMatch(res.text, new RegExp(`>${jordan!.first_name} ${jordan!.last_name}<`), 'Jordan has a current RFM');
  assert.doesNotMatch(res.text, new RegExp(`>${mason!.first_name} ${mason!.last_name}<`), 'a safe space is not a concern');
  assert.doesNotMatch(res.text, new RegExp(`>${sofia!.first_name} ${sofia!.last_name}<`), 'no links, no missing episodes');
  assert.match(
    res.text,
    /Linked to a location of concern: Shopping precinct car park, Sample Street \(hotspot\)/,
    `${reece!.first_name}: the precinct, not the takeaway`,
  );
  assert.doesNotMatch(res.text, /location of concern: Golden Fry/, 'a takeaway is not of concern by its kind');
  // An open panel referral takes the child off the list.
  const before = (res.text.match(/<tr class="govuk-table__row">/g) ?? []).length;
  await t.db
    .query(
      `INSERT INTO panel_referrals (partnership_id, child_id, source, lead_professional_name, lead_professional_agency_id, referred_by) VALUES ('staffordshire', $1, 'manual', 'Priya Fairweather', 'childrens-services', $2)`,
      [tyler!.id, userId],
    )
    .catch(async () =>
      t.db.query(
        `INSERT INTO panel_referrals (partnership_id, child_id, source, lead_professional_name, lead_professional_agency_id, referred_by) SELECT 'staffordshire', $1, 'manual', 'Priya Fairweather', id, $2 FROM agencies WHERE partnership_id = 'staffordshire' LIMIT 1`,
        [tyler!.id, userId],
      ),
    );
  const after = await coordinator.agent.get('/network/not-yet-referred');
  assert.equal((after.text.match(/<tr class="govuk-table__row">/g) ?? []).length, before - 1);
  assert.doesNotMatch(after.text, new RegExp(`>${tyler!.first_name} ${tyler!.last_name}<`));
  // A closed record asks nothing of anyone (issue 14): it leaves the list, and comes back when reopened.
  await t.db.query(`UPDATE children SET closed_at = now(), closed_reason = 'moved-away' WHERE id = $1`, [callum!.id]);
  const closed = await coordinator.agent.get('/network/not-yet-referred');
  assert.doesNotMatch(closed.text, new RegExp(`>${callum!.first_name} ${callum!.last_name}<`), 'a closed record is not listed');
  await t.db.query(`UPDATE children SET closed_at = NULL, closed_reason = NULL WHERE id = $1`, [callum!.id]);
  const reopened = await coordinator.agent.get('/network/not-yet-referred');
  assert.match(reopened.text, new RegExp(`>${callum!.first_name} ${callum!.last_name}<`), 'reopened, it is listed again');
});
