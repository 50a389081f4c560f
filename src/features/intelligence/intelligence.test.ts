import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { todayIso } from '../../platform/dates.ts';

const t = await testApp();
const practitioner = await t.signIn('practitioner');
const coordinator = await t.signIn('coordinator');
const responder = await t.signIn('responder');
const analyst = await t.signIn('analyst');
const administrator = await t.signIn('administrator');
const child = await t.anyChild();
const [other] = await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'staffordshire' AND id <> $1 ORDER BY reference LIMIT 1`, [
  child.id,
]);
const rotherhamChild = await t.anyChild('rotherham');
const today = todayIso();
const parts = (name: string, iso: string) => ({
  [`${name}-day`]: String(+iso.slice(8, 10)),
  [`${name}-month`]: String(+iso.slice(5, 7)),
  [`${name}-year`]: iso.slice(0, 4),
});
const provenance = {
  source: 'Police intelligence report',
  sourceAgencyId: 'police',
  reliability: 'usually-reliable',
  ...parts('informationDate', '2026-01-10'),
};
const countRecords = async (kind?: string) =>
  Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM intel_records WHERE ($1::text IS NULL OR kind = $1)`, [kind ?? null]))[0]!.n);
const countLinks = async () => Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM intel_links`))[0]!.n);
const idFrom = (location: string) => /\/intelligence\/records\/([0-9a-f-]{36})/.exec(location)![1]!;
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

async function addVehicle(plate: string, extra: Record<string, string> = {}) {
  return practitioner.post('/intelligence/records/new/vehicle', { plate, make: 'Ford', colour: 'Blue', ...provenance, ...extra });
}

test('responders and analysts cannot reach intelligence; practitioners, coordinators and administrators can read it', async () => {
  for (const u of [responder, analyst]) {
    assert.equal((await u.agent.get('/intelligence')).status, 403);
    assert.equal((await u.agent.get('/intelligence/records/new/vehicle')).status, 403);
    assert.equal((await u.post('/intelligence/records/new/vehicle', { plate: 'AB12CDE', ...provenance })).status, 403);
    assert.equal((await u.agent.get(`/children/${child.id}/associations`)).status, 403);
    assert.equal((await u.agent.get(`/children/${child.id}/events`)).status, 403);
  }
  for (const u of [practitioner, coordinator, administrator]) assert.equal((await u.agent.get('/intelligence')).status, 200);
  // The panel administrator reads but does not add.
  assert.equal((await administrator.agent.get('/intelligence/records/new/vehicle')).status, 403);
  const denied = await t.db.query(`SELECT 1 FROM audit_events WHERE outcome = 'denied' AND subject_id = 'GET /intelligence'`);
  assert.ok(denied.length >= 2, 'the refusals are audited');
});

test('a vehicle is stored under its normalised plate and shown with the standard space and its provenance', async () => {
  const res = await addVehicle('lm15pqr');
  assert.equal(res.status, 303);
  const id = idFrom(res.headers.location!);
  const [row] = await t.db.query<{ match_key: string; label: string; verified: boolean }>(
    `SELECT match_key, label, verified FROM intel_records WHERE id = $1`,
    [id],
  );
  assert.deepEqual(row, { match_key: 'LM15PQR', label: 'LM15 PQR', verified: true });
  const page = await practitioner.agent.get(`/intelligence/records/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /LM15 PQR/);
  assert.match(
    page.text,
    /Information from <strong>Police intelligence report<\/strong> \(Staffordshire Police\), 10 January 2026, graded <strong>usually reliable<\/strong>: not verified fact/,
  );
});

test('adding the same plate typed differently is refused as already recorded, with a link, and nothing is saved', async () => {
  const before = await countRecords('vehicle');
  const res = await addVehicle('LM15 PQR ');
  assert.equal(res.status, 409);
  assert.match(res.text, /This vehicle is already recorded/);
  assert.match(res.text, /href="\/intelligence\/records\/[0-9a-f-]{36}">LM15 PQR<\/a>/);
  assert.equal(await countRecords('vehicle'), before);
});

test('a malformed plate is refused with a clear message; ticking "Store as unverified" keeps it, tagged and unmatched', async () => {
  const before = await countRecords('vehicle');
  const bad = await addVehicle('ZZ 99999 ZZ');
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<title>Error: /);
  assert.match(bad.text, /href="#plate">Enter a UK registration plate in a known format, like AB12 CDE/);
  assert.match(bad.text, /value="ZZ 99999 ZZ"/, 'the input is kept');
  assert.equal(await countRecords('vehicle'), before);
  const kept = await addVehicle('ZZ 99999 ZZ', { storeUnverified: 'yes' });
  assert.equal(kept.status, 303);
  const id = idFrom(kept.headers.location!);
  const [row] = await t.db.query<{ match_key: string | null; verified: boolean }>(`SELECT match_key, verified FROM intel_records WHERE id = $1`, [id]);
  assert.deepEqual(row, { match_key: null, verified: false });
  const page = await practitioner.agent.get(`/intelligence/records/${id}`);
  assert.match(page.text, /govuk-tag--yellow">Unverified</);
});

test('phone numbers match in any usual form; a bad number or postcode is refused', async () => {
  const first = await practitioner.post('/intelligence/records/new/phone', { number: '07700 900789', ...provenance });
  assert.equal(first.status, 303);
  const again = await practitioner.post('/intelligence/records/new/phone', { number: '+44 7700 900 789', ...provenance });
  assert.equal(again.status, 409);
  assert.match(again.text, /This phone number is already recorded/);
  const bad = await practitioner.post('/intelligence/records/new/phone', { number: '0770090', ...provenance });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Enter a valid UK phone number/);
  const loc = await practitioner.post('/intelligence/records/new/location', {
    locationKind: 'hotspot',
    address: 'Bus station, Market Street',
    postcode: 'NOT A POSTCODE',
    ...provenance,
  });
  assert.equal(loc.status, 400);
  assert.match(loc.text, /href="#postcode">Enter a real UK postcode/);
  const good = await practitioner.post('/intelligence/records/new/location', {
    locationKind: 'hotspot',
    address: 'Bus station, Market Street',
    postcode: 'st162ab',
    latitude: '52.8072',
    longitude: '-2.1165',
    ...provenance,
  });
  assert.equal(good.status, 303);
  const [row] = await t.db.query<{ attributes: { postcode: string; latitude: number } }>(`SELECT attributes FROM intel_records WHERE id = $1`, [
    idFrom(good.headers.location!),
  ]);
  assert.equal(row!.attributes.postcode, 'ST16 2AB');
  assert.equal(row!.attributes.latitude, 52.8072);
});

test('missing fields are named and nothing is saved (no half-saved record)', async () => {
  const before = await countRecords();
  const res = await practitioner.post('/intelligence/records/new/person', { name: '', role: '', source: '', reliability: '' });
  assert.equal(res.status, 400);
  for (const m of [
    /Enter the name the person is known by/,
    /Select the person’s role/,
    /Enter where the information came from/,
    /Enter the date of the information/,
    /Select how reliable the source is/,
  ])
    assert.match(res.text, m);
  const future = await practitioner.post('/intelligence/records/new/person', {
    name: 'Dax Merriman',
    role: 'associate',
    ...provenance,
    ...parts('informationDate', '2999-01-01'),
  });
  assert.match(future.text, /Date of the information must be today or in the past/);
  assert.equal(await countRecords(), before);
});

test('a person with a close name gets a "did you mean" step; choosing new adds them, choosing one does not', async () => {
  const first = await practitioner.post('/intelligence/records/new/person', {
    name: 'Dorian Vexley',
    nicknames: 'Vex, D-Man',
    role: 'suspected-exploiter',
    ...parts('dateOfBirth', '1999-04-02'),
    ...provenance,
  });
  assert.equal(first.status, 303);
  const firstId = idFrom(first.headers.location!);
  const before = await countRecords('person');
  const close = await coordinator.post('/intelligence/records/new/person', { name: 'Dorien Vexly', role: 'associate', ...provenance });
  assert.equal(close.status, 200);
  assert.match(close.text, /Did you mean one of these people\?/);
  assert.match(close.text, new RegExp(`value="existing:${firstId}"`));
  assert.match(close.text, /Also known as Vex, D-Man/);
  assert.equal(await countRecords('person'), before, 'nothing added before the user decides');
  // By nickname too.
  const nick = await coordinator.post('/intelligence/records/new/person', { name: 'Vex', role: 'associate', ...provenance });
  assert.match(nick.text, /Did you mean/);
  // Picking the existing person adds nothing.
  const pick = await coordinator.post('/intelligence/records/new/person', {
    name: 'Dorien Vexly',
    role: 'associate',
    ...provenance,
    decision: `existing:${firstId}`,
  });
  assert.equal(pick.status, 303);
  assert.equal(idFrom(pick.headers.location!), firstId);
  assert.equal(await countRecords('person'), before);
  // A different known date of birth is not offered.
  const otherDob = await coordinator.post('/intelligence/records/new/person', {
    name: 'Dorian Vexley',
    role: 'associate',
    ...parts('dateOfBirth', '2004-01-01'),
    ...provenance,
  });
  assert.equal(otherDob.status, 303);
  // Confirming new adds.
  const confirmed = await coordinator.post('/intelligence/records/new/person', { name: 'Dorien Vexly', role: 'associate', ...provenance, decision: 'new' });
  assert.equal(confirmed.status, 303);
  assert.equal(await countRecords('person'), before + 2);
});

test('search is posted and kept in the session: by plate, number, handle and misspelt name; never in the URL', async () => {
  await practitioner.post('/intelligence/records/new/online-account', { platform: 'snapchat', handle: '@Vex_Official', ...provenance });
  for (const [q, want] of [
    ['lm15 pqr', /LM15 PQR/],
    ['+447700900789', /07700 900789/],
    ['@vex_official', /Snapchat @vex_official/],
    ['Dorean Vexley', /Dorian Vexley/],
    ['ST16 2AB', /Bus station/],
  ] as const) {
    const post = await practitioner.post('/intelligence/search', { q });
    assert.equal(post.status, 303);
    assert.equal(post.headers.location, '/intelligence');
    const page = await practitioner.agent.get('/intelligence');
    assert.match(page.text, want, q);
  }
  const audit = await t.db.query<{ details: unknown }>(`SELECT details FROM audit_events WHERE action = 'intel.search' ORDER BY at DESC LIMIT 1`);
  assert.doesNotMatch(JSON.stringify(audit[0]!.details), /Dorean/, 'the audit records counts, not the text');
});

test('links: from a child to a new record in one flow, shown on both; a duplicate link is refused kindly', async () => {
  const add = await coordinator.post('/intelligence/records/new/vehicle', { plate: 'K123 XYZ', ...provenance, linkFrom: `child:${child.id}` });
  assert.equal(add.status, 303);
  const m = /\/intelligence\/links\/new\/child\/([0-9a-f-]{36})\/record\/([0-9a-f-]{36})$/.exec(add.headers.location!);
  assert.ok(m, `goes on to the link details: ${add.headers.location}`);
  const details = await coordinator.agent.get(add.headers.location!);
  assert.equal(details.status, 200);
  assert.match(details.text, /How are they linked\?/);
  const before = await countLinks();
  const link = { relation: 'found-at', source: 'Police stop', reliability: 'reliable', ...parts('firstSeenOn', '2026-01-05') };
  const saved = await coordinator.post(add.headers.location!, link);
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.location, `/children/${child.id}/associations?linked=1`);
  assert.equal(await countLinks(), before + 1);
  const assoc = await coordinator.agent.get(`/children/${child.id}/associations`);
  assert.match(assoc.text, /K123 XYZ/);
  assert.match(assoc.text, /Found at/);
  const record = await coordinator.agent.get(`/intelligence/records/${m[2]}`);
  assert.match(record.text, new RegExp(child.first_name));
  const dup = await coordinator.post(add.headers.location!, link);
  assert.equal(dup.status, 409);
  assert.match(dup.text, /This link is already recorded/);
  // The other way round is the same link.
  const reverse = await coordinator.post(`/intelligence/links/new/record/${m[2]}/child/${child.id}`, link);
  assert.equal(reverse.status, 409);
  assert.equal(await countLinks(), before + 1);
  // Viewing a record linked to a child is audited against the child.
  const audited = await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'intel.record.view' AND child_id = $1 AND subject_id = $2`, [child.id, m[2]]);
  assert.ok(audited.length >= 1);
});

test('child to child: only friend, relative, rival or associate', async () => {
  const url = `/intelligence/links/new/child/${child.id}/child/${other!.id}`;
  const bad = await practitioner.post(url, { relation: 'suspected-exploiter', source: 'School', reliability: 'reliable' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Two children can only be linked as friends, relatives, rivals or associates/);
  const ok = await practitioner.post(url, { relation: 'friend', source: 'School', reliability: 'reliable' });
  assert.equal(ok.status, 303);
  const fromOther = await practitioner.agent.get(`/children/${other!.id}/associations`);
  assert.match(fromOther.text, /Friend/);
});

test('a link to a child or record of another partnership is refused as not found and audited', async () => {
  const before = await countLinks();
  const res = await practitioner.post(`/intelligence/links/new/child/${child.id}/child/${rotherhamChild.id}`, {
    relation: 'friend',
    source: 'School',
    reliability: 'reliable',
  });
  assert.equal(res.status, 404);
  assert.equal(await countLinks(), before);
  const [row] = await t.db.query<{ details: { otherPartnership?: string } }>(
    `SELECT details FROM audit_events WHERE outcome = 'denied' AND subject_id = $1 ORDER BY at DESC LIMIT 1`,
    [rotherhamChild.id],
  );
  assert.equal(row!.details.otherPartnership, 'rotherham');
  // A Rotherham user cannot see a Staffordshire record.
  const [rec] = await t.db.query<{ id: string }>(`SELECT id FROM intel_records WHERE partnership_id = 'staffordshire' LIMIT 1`);
  const rotherham = await t.signIn('practitioner', 'rotherham');
  assert.equal((await rotherham.agent.get(`/intelligence/records/${rec!.id}`)).status, 404);
  assert.equal(
    (await rotherham.post(`/intelligence/links/new/child/${rotherhamChild.id}/record/${rec!.id}`, { relation: 'uses', source: 'x', reliability: 'reliable' }))
      .status,
    404,
  );
});

test('a stale edit is refused with both versions shown and kept in edit_conflicts', async () => {
  const add = await addVehicle('BD51 SMR');
  const id = idFrom(add.headers.location!);
  const form = await practitioner.agent.get(`/intelligence/records/${id}/edit`);
  const version = versionIn(form.text);
  const first = await coordinator.post(`/intelligence/records/${id}/edit`, {
    version,
    plate: 'BD51 SMR',
    colour: 'Red',
    ...provenance,
    notes: 'Seen outside the school',
  });
  assert.equal(first.status, 303);
  const stale = await practitioner.post(`/intelligence/records/${id}/edit`, {
    version,
    plate: 'BD51 SMR',
    colour: 'Green',
    ...provenance,
    notes: 'Seen at the park',
  });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /This record changed while you were working on it/);
  assert.match(stale.text, /Seen outside the school/);
  assert.match(stale.text, /Seen at the park/);
  const [kept] = await t.db.query<{ submitted: { notes: string } }>(
    `SELECT submitted FROM edit_conflicts WHERE record_type = 'intel-record' AND record_id = $1`,
    [id],
  );
  assert.equal(kept!.submitted.notes, 'Seen at the park');
  // Changing a plate to one already recorded is refused.
  const clash = await coordinator.post(`/intelligence/records/${id}/edit`, { version: String(Number(version) + 1), plate: 'LM15PQR', ...provenance });
  assert.equal(clash.status, 409);
  assert.match(clash.text, /This vehicle is already recorded/);
});

test('significant events, trafficking concerns and investigations: added, listed, changed; bad input named', async () => {
  const bad = await practitioner.post(`/children/${child.id}/significant-events/new`, {
    ...parts('occurredAt', '2026-01-03'),
    kind: 'arrest',
    summary: '',
    source: 'Police',
    reliability: 'reliable',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Enter the time, like 21:30/);
  assert.match(bad.text, /Enter a summary of the event/);
  const ev = await practitioner.post(`/children/${child.id}/significant-events/new`, {
    ...parts('occurredAt', '2026-01-03'),
    'occurredAt-time': '22:15',
    kind: 'arrest',
    summary: 'Arrested with two adults in a car',
    source: 'Police',
    reliability: 'reliable',
  });
  assert.equal(ev.status, 303);
  const nrmBad = await practitioner.post(`/children/${child.id}/trafficking/new`, {
    ...parts('recordedOn', '2026-01-04'),
    concern: 'Taken to another county',
    nrmStatus: 'reasonable-grounds-positive',
    ...parts('nrmReferredOn', '2026-01-05'),
  });
  assert.equal(nrmBad.status, 400);
  assert.match(nrmBad.text, /Enter the date of the NRM decision/);
  const nrm = await practitioner.post(`/children/${child.id}/trafficking/new`, {
    ...parts('recordedOn', '2026-01-04'),
    concern: 'Taken to another county',
    nrmStatus: 'referred',
    ...parts('nrmReferredOn', '2026-01-05'),
  });
  assert.equal(nrm.status, 303);
  const inv = await practitioner.post(`/children/${child.id}/investigations/new`, {
    kind: 's47',
    ...parts('startedOn', '2026-01-06'),
    agencyId: 'childrens-services',
    outcome: 'nfa',
    ...parts('outcomeOn', '2026-01-20'),
    disclosure: 'Partial disclosure to the social worker',
  });
  assert.equal(inv.status, 303, inv.text.slice(0, 200));
  const page = await practitioner.agent.get(`/children/${child.id}/events`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Arrested with two adults in a car/);
  assert.match(page.text, /3 January 2026 at 10:15pm/);
  assert.match(page.text, /Referred to the NRM, awaiting decision/);
  assert.match(page.text, /No further action \(NFA\)/);
  const [row] = await t.db.query<{ id: string; version: number }>(`SELECT id, version FROM investigations WHERE child_id = $1`, [child.id]);
  const edit = await practitioner.agent.get(`/children/${child.id}/investigations/${row!.id}`);
  assert.equal(edit.status, 200);
  const changed = await practitioner.post(`/children/${child.id}/investigations/${row!.id}`, {
    version: String(row!.version),
    kind: 'criminal',
    ...parts('startedOn', '2026-01-06'),
    outcome: 'charged',
    ...parts('outcomeOn', '2026-01-02'),
  });
  assert.equal(changed.status, 400);
  assert.match(changed.text, /Date of the outcome must be the same as or after the date it started/);
  const ok = await practitioner.post(`/children/${child.id}/investigations/${row!.id}`, {
    version: String(row!.version),
    kind: 'criminal',
    ...parts('startedOn', '2026-01-06'),
    outcome: 'charged',
  });
  assert.equal(ok.status, 303);
  const stale = await coordinator.post(`/children/${child.id}/investigations/${row!.id}`, {
    version: String(row!.version),
    kind: 's47',
    ...parts('startedOn', '2026-01-06'),
  });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /changed while you were working on it/);
  assert.equal(
    (await t.db.query(`SELECT 1 FROM edit_conflicts WHERE record_type = 'investigations' AND record_id = $1`, [row!.id])).length,
    1,
    'the refused version is kept',
  );
  assert.equal((await responder.agent.get(`/children/${child.id}/investigations/${row!.id}`)).status, 403);
  assert.equal((await administrator.post(`/children/${child.id}/investigations/new`, { kind: 's47' })).status, 403);
});

test('missing episodes: the details are kept; the 3rd, 5th and 9th prompt a Missing Intervention Meeting; an episode can be changed', async () => {
  const [k] = await t.db.query<{ id: string }>(
    `SELECT id FROM children WHERE partnership_id = 'staffordshire' AND id NOT IN (SELECT child_id FROM missing_episodes) ORDER BY reference DESC LIMIT 1`,
  );
  const kid = k!.id;
  const bad = await practitioner.post(`/children/${kid}/missing`, { ...parts('wentMissingOn', '2026-01-01'), wentMissingTime: '25:00' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Enter the time using the 24-hour clock/);
  const prompts: (string | undefined)[] = [];
  const day = (n: number) => `2026-01-${String(n).padStart(2, '0')}`;
  for (let i = 1; i <= 9; i++) {
    const res = await practitioner.post(`/children/${kid}/missing`, {
      ...parts('wentMissingOn', day(i)),
      wentMissingTime: '21:30',
      ...parts('returnedOn', day(i + 1)),
      foundAtText: 'Bus station',
      withWhom: 'Two older males',
      reportedBy: 'Carer',
      returnInterview: 'offered',
      exploitationConcern: 'yes',
    });
    assert.equal(res.status, 303);
    prompts.push(/prompt=(\d+)/.exec(res.headers.location!)?.[1]);
  }
  assert.deepEqual(prompts, [undefined, undefined, '3', undefined, '5', undefined, undefined, undefined, '9']);
  const page = await practitioner.agent.get(`/children/${kid}/missing`);
  assert.match(page.text, /1 January 2026 at 9:30pm/);
  assert.match(page.text, /Bus station; with Two older males/);
  assert.match(page.text, /Exploitation concern/);
  const [ep] = await t.db.query<{ id: string; version: number; reported_by: string }>(
    `SELECT id, version, reported_by FROM missing_episodes WHERE child_id = $1 ORDER BY went_missing_on LIMIT 1`,
    [kid],
  );
  assert.equal(ep!.reported_by, 'Carer');
  const edit = await practitioner.agent.get(`/children/${kid}/missing/${ep!.id}`);
  assert.equal(edit.status, 200);
  assert.match(edit.text, /value="21:30"/);
  const changed = await practitioner.post(`/children/${kid}/missing/${ep!.id}`, {
    version: String(ep!.version),
    ...parts('wentMissing', '2026-01-01'),
    'wentMissing-time': '20:00',
    ...parts('returned', '2026-01-02'),
    returnInterview: 'completed',
    ...parts('returnInterviewOn', '2026-01-03'),
  });
  assert.equal(changed.status, 303);
  const [after] = await t.db.query<{ return_interview: string; version: number }>(`SELECT return_interview, version FROM missing_episodes WHERE id = $1`, [
    ep!.id,
  ]);
  assert.deepEqual(after, { return_interview: 'completed', version: ep!.version + 1 });
  assert.equal((await t.db.query(`SELECT 1 FROM missing_episodes WHERE child_id = $1`, [kid])).length, 9, 'a change adds no episode');
});

test('API: records created, matched, read, changed and linked; problems named', async () => {
  const token = await t.apiToken('coordinator');
  const auth = { Authorization: `Bearer ${token}` };
  const base = { source: 'Panel discussion', reliability: 'untested', informationDate: today };
  const created = await t
    .request()
    .post('/api/v1/intelligence/records')
    .set(auth)
    .send({ kind: 'vehicle', plate: 'y 987 abc', ...base });
  assert.equal(created.status, 201);
  assert.equal(created.body.label, 'Y987 ABC');
  assert.equal(created.body.status, 'information-not-fact');
  const dup = await t
    .request()
    .post('/api/v1/intelligence/records')
    .set(auth)
    .send({ kind: 'vehicle', plate: 'Y987ABC', ...base });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.existing.id, created.body.id);
  const bad = await t
    .request()
    .post('/api/v1/intelligence/records')
    .set(auth)
    .send({ kind: 'phone', number: '12', ...base });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'number');
  const unverified = await t
    .request()
    .post('/api/v1/intelligence/records')
    .set(auth)
    .send({ kind: 'phone', number: '12', storeUnverified: true, ...base });
  assert.equal(unverified.status, 201);
  assert.equal(unverified.body.verified, false);
  const person = await t
    .request()
    .post('/api/v1/intelligence/records')
    .set(auth)
    .send({ kind: 'person', name: 'Dorian Vexly', role: 'associate', ...base });
  assert.equal(person.status, 409);
  assert.equal(person.body.title, 'Possible duplicate');
  const link = await t
    .request()
    .post('/api/v1/intelligence/links')
    .set(auth)
    .send({ from: { type: 'child', id: child.id }, to: { type: 'record', id: created.body.id }, relation: 'uses', source: 'Police', reliability: 'reliable' });
  assert.equal(link.status, 201);
  const again = await t
    .request()
    .post('/api/v1/intelligence/links')
    .set(auth)
    .send({ from: { type: 'record', id: created.body.id }, to: { type: 'child', id: child.id }, relation: 'uses', source: 'Police', reliability: 'reliable' });
  assert.equal(again.status, 409);
  const cross = await t
    .request()
    .post('/api/v1/intelligence/links')
    .set(auth)
    .send({ from: { type: 'child', id: child.id }, to: { type: 'child', id: rotherhamChild.id }, relation: 'friend', source: 'x', reliability: 'reliable' });
  assert.equal(cross.status, 404);
  const links = await t.request().get(`/api/v1/children/${child.id}/links`).set(auth);
  assert.equal(links.status, 200);
  assert.ok(links.body.links.some((l: { other: { label: string } }) => l.other.label === 'Y987 ABC'));
  const read = await t.request().get(`/api/v1/intelligence/records/${created.body.id}`).set(auth);
  assert.equal(read.status, 200);
  assert.equal(read.body.links.length, 1);
  const put = await t
    .request()
    .put(`/api/v1/intelligence/records/${created.body.id}`)
    .set(auth)
    .send({ plate: 'Y987ABC', colour: 'Silver', ...base, version: read.body.version });
  assert.equal(put.status, 200);
  assert.equal(put.body.attributes.colour, 'Silver');
  const stale = await t
    .request()
    .put(`/api/v1/intelligence/records/${created.body.id}`)
    .set(auth)
    .send({ plate: 'Y987ABC', ...base, version: read.body.version });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.title, 'Edit conflict');
  const search = await t.request().get('/api/v1/intelligence/records').query({ q: 'Y987 ABC' }).set(auth);
  assert.equal(search.body.records[0].id, created.body.id);
  const analystToken = await t.apiToken('analyst');
  assert.equal(
    (
      await t
        .request()
        .get('/api/v1/intelligence/records')
        .query({ kind: 'vehicle' })
        .set({ Authorization: `Bearer ${analystToken}` })
    ).status,
    403,
  );
  const doc = await t.request().get('/api/v1/openapi.json');
  assert.ok(doc.body.paths['/api/v1/intelligence/records'].post.summary.includes('never a duplicate'));
});

test('a location with the same postcode and address is already recorded; the same postcode with another address is not', async () => {
  const loc = { locationKind: 'takeaway', name: 'Chip Inn', address: '9 Sample Parade', postcode: 'ws13 6aa', ...provenance };
  assert.equal((await practitioner.post('/intelligence/records/new/location', loc)).status, 303);
  const again = await practitioner.post('/intelligence/records/new/location', {
    ...loc,
    name: 'Chip Inn takeaway',
    address: '9  sample parade',
    postcode: 'WS136AA',
  });
  assert.equal(again.status, 409);
  assert.match(again.text, /This location is already recorded/);
  assert.equal((await practitioner.post('/intelligence/records/new/location', { ...loc, address: '11 Sample Parade' })).status, 303);
});

test('from a record page: link it to a child; the list by kind shows it', async () => {
  const add = await practitioner.post('/intelligence/records/new/online-account', { platform: 'instagram', handle: 'night.runner', ...provenance });
  const id = idFrom(add.headers.location!);
  const find = await practitioner.agent.get(`/intelligence/links/new/record/${id}`);
  assert.equal(find.status, 200);
  await practitioner.post(`/intelligence/links/new/record/${id}/search`, { q: child.last_name });
  const results = await practitioner.agent.get(`/intelligence/links/new/record/${id}`);
  assert.match(results.text, new RegExp(`/intelligence/links/new/record/${id}/child/${child.id}`));
  const linked = await practitioner.post(`/intelligence/links/new/record/${id}/child/${child.id}`, {
    relation: 'uses',
    source: 'Phone download',
    reliability: 'reliable',
    ...parts('firstSeenOn', '2026-01-02'),
    ...parts('lastSeenOn', '2026-01-01'),
  });
  assert.equal(linked.status, 400);
  assert.match(linked.text, /Date last known must be the same as or after the date first known/);
  const ok = await practitioner.post(`/intelligence/links/new/record/${id}/child/${child.id}`, {
    relation: 'uses',
    source: 'Phone download',
    reliability: 'reliable',
  });
  assert.equal(ok.headers.location, `/intelligence/records/${id}?linked=1`);
  const list = await practitioner.agent.get('/intelligence/kinds/online-account');
  assert.match(list.text, /Instagram @night.runner/);
  assert.equal((await practitioner.agent.get('/intelligence/kinds/spaceship')).status, 404);
});
