import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../db/client.ts';
import { trackerTestDb } from './test-db.ts';
import { createTrackerCore, type TrackerCore } from './core.ts';
import { exactEngine } from './exact-engine.ts';
import { disclosureKey, openDisclosure, sealDisclosure } from './disclosure.ts';
import { TrackerError } from './errors.ts';
import * as store from './store.ts';

// Three partnerships on one tracker (PGlite). The placeholder engine: the share of tokens that agree.
const thresholds = { strong: 0.9, possible: 0.6 };
const key = disclosureKey('a key the partnerships share, not the tracker: 0123456789abcdef');
const enc = (fields: Record<string, string>) => ({ fields });
const jordan = enc({ first: 'f1', last: 'l1', dob: 'd1', postcode: 'p1' });
const seal = (partnership: string) =>
  sealDisclosure(key, {
    partnership,
    contact: { role: 'Exploitation coordinator', email: `coordinator@${partnership}.example.org` },
    riskLevel: 'significant',
    leadAgency: 'Children’s social care',
  });

let db: Db;
let core: TrackerCore;
before(async () => {
  db = await trackerTestDb();
  core = await createTrackerCore({ db, engine: exactEngine(), thresholds });
});
after(() => db.close());

const isCode = (code: string) => (e: unknown) => e instanceof TrackerError && e.code === code;

test('a child held by two partnerships raises one alert on each side; each side sees its own child only, and a third partnership sees nothing', async () => {
  const r1 = await core.submit('north', 'n-1', jordan);
  assert.equal(r1.raised, 0);
  const r2 = await core.submit('south', 's-7', { fields: { ...jordan.fields, postcode: 'p2' } });
  assert.equal(r2.raised, 1);
  await core.submit('east', 'e-3', enc({ first: 'f9', last: 'l9', dob: 'd9', postcode: 'p9' }));

  const [north] = await core.alerts('north');
  const [south] = await core.alerts('south');
  assert.ok(north && south);
  assert.deepEqual(await core.alerts('east'), []);
  assert.equal(north.ref, 'n-1');
  assert.equal(north.otherPartnership, 'south');
  assert.equal(south.ref, 's-7');
  assert.equal(south.otherPartnership, 'north');
  assert.notEqual(north.id, south.id);
  assert.equal(north.level, 'possible');
  assert.equal(north.probability, 0.75);
  assert.deepEqual(
    north.fields.map((f) => f.field),
    ['dob', 'first', 'last'],
  );
  assert.equal(north.state, 'raised');
  assert.equal(north.mutual, false);
  assert.ok(!JSON.stringify(north).includes('s-7'), "north never sees south's reference");
  assert.ok(!JSON.stringify(south).includes('n-1'), "south never sees north's reference");

  // Another partnership's alert is not found, to read or to act on.
  await assert.rejects(core.alert('north', south.id), isCode('not-found'));
  await assert.rejects(core.alert('east', north.id), isCode('not-found'));
  await assert.rejects(core.confirm('east', north.id, seal('east')), isCode('not-found'));
  await assert.rejects(core.reject('north', south.id, 'not ours'), isCode('not-found'));
  await assert.rejects(core.disclosure('east', north.id), isCode('not-found'));
  await assert.rejects(core.alert('north', 'not-a-uuid'), isCode('not-found'));
  await assert.rejects(core.alert('north', '00000000-0000-4000-8000-000000000000'), isCode('not-found'));
});

test('the same encoding again changes nothing and raises nothing twice', async () => {
  const again = await core.submit('north', 'n-1', { fields: { postcode: 'p1', dob: 'd1', last: 'l1', first: 'f1' } });
  assert.equal(again.changed, false);
  assert.equal(again.raised, 0);
  assert.equal((await core.alerts('north')).length, 1);
});

test('disclosure only once both sides confirm, only to the two sides; confirming twice is harmless', async () => {
  const [north] = await core.alerts('north');
  const [south] = await core.alerts('south');
  await assert.rejects(core.disclosure('north', north!.id), isCode('conflict'), 'nothing before either confirms');

  const c1 = await core.confirm('north', north!.id, seal('north'));
  assert.equal(c1.state, 'confirmed');
  assert.equal(c1.mutual, false);
  await assert.rejects(core.disclosure('north', north!.id), isCode('conflict'), 'nothing while only one side has confirmed');
  await assert.rejects(core.disclosure('south', south!.id), isCode('conflict'));
  const c2 = await core.confirm('north', north!.id, seal('north'));
  assert.equal(c2.state, 'confirmed');
  assert.equal(c2.confirmedAt, c1.confirmedAt, 'confirming twice keeps the first confirmation');

  const c3 = await core.confirm('south', south!.id, seal('south'));
  assert.equal(c3.mutual, true);
  assert.equal((await core.alert('north', north!.id)).mutual, true);

  const toNorth = await core.disclosure('north', north!.id);
  assert.equal(toNorth.otherPartnership, 'south');
  const opened = openDisclosure(key, toNorth.disclosure);
  assert.equal(opened.partnership, 'south');
  assert.equal(opened.contact.email, 'coordinator@south.example.org');
  assert.equal(opened.riskLevel, 'significant');
  assert.equal(openDisclosure(key, (await core.disclosure('south', south!.id)).disclosure).partnership, 'north');
  await assert.rejects(core.disclosure('east', north!.id), isCode('not-found'));
  await assert.rejects(core.reject('north', north!.id, 'changed my mind'), isCode('conflict'), 'a mutual match can no longer be rejected');
  // The tracker cannot read what it relays.
  assert.throws(() => openDisclosure(disclosureKey('the tracker does not hold the shared key 0123456789'), toNorth.disclosure));

  const trail = await store.auditOf(db, { alertId: north!.id });
  assert.deepEqual(
    trail.map((e) => e.action),
    ['alert.raised', 'alert.confirmed', 'alert.confirmed', 'alert.mutual', 'alert.read', 'disclosure.released'],
  );
});

test('a rejected candidate is remembered: not raised again for the same encodings, raised again once either changes', async () => {
  await core.submit('east', 'e-5', enc({ first: 'f2', last: 'l2', dob: 'd2', postcode: 'p2' }));
  await core.submit('south', 's-8', enc({ first: 'f2', last: 'l2', dob: 'd2', postcode: 'p3' }));
  const east = (await core.alerts('east')).find((a) => a.ref === 'e-5')!;
  const south = (await core.alerts('south')).find((a) => a.ref === 's-8')!;
  assert.ok(east && south);
  await assert.rejects(core.reject('east', east.id, '  '), isCode('invalid'), 'a reason is required');
  const rejected = await core.reject('east', east.id, 'Different child: checked with the school');
  assert.equal(rejected.state, 'rejected');
  assert.equal(rejected.reason, 'Different child: checked with the school');
  assert.equal((await core.reject('east', east.id, 'again')).state, 'rejected', 'rejecting twice is harmless');
  await assert.rejects(core.confirm('east', east.id, seal('east')), isCode('conflict'));
  assert.equal((await core.alerts('east')).filter((a) => a.ref === 'e-5').length, 0);
  await assert.rejects(core.alert('south', south.id), isCode('not-found'), "the other side's alert is withdrawn");

  // A full re-match does not raise it again, nor does resubmitting the same encoding.
  await core.rematch('east');
  await core.submit('south', 's-8', enc({ first: 'f2', last: 'l2', dob: 'd2', postcode: 'p3' }));
  assert.equal((await core.alerts('south')).filter((a) => a.ref === 's-8').length, 0);

  // South's record changes (a new postcode): a new candidate, new alerts.
  const changed = await core.submit('south', 's-8', enc({ first: 'f2', last: 'l2', dob: 'd2', postcode: 'p4' }));
  assert.equal(changed.changed, true);
  assert.equal(changed.raised, 1);
  const fresh = (await core.alerts('east')).find((a) => a.ref === 'e-5')!;
  assert.ok(fresh);
  assert.notEqual(fresh.id, east.id);
});

test('withdrawing a record (closed or erased) withdraws its open alerts on both sides: then they are not found', async () => {
  await core.submit('north', 'n-2', enc({ first: 'f3', last: 'l3', dob: 'd3', postcode: 'p5' }));
  await core.submit('east', 'e-6', enc({ first: 'f3', last: 'l3', dob: 'd3', postcode: 'p5' }));
  const north = (await core.alerts('north')).find((a) => a.ref === 'n-2')!;
  const east = (await core.alerts('east')).find((a) => a.ref === 'e-6')!;
  assert.equal(north.level, 'strong');
  const w = await core.withdraw('east', 'e-6');
  assert.deepEqual(w, { ref: 'e-6', withdrawn: true, alertsWithdrawn: 2 });
  await assert.rejects(core.alert('north', north.id), isCode('not-found'));
  await assert.rejects(core.confirm('east', east.id, seal('east')), isCode('not-found'));
  assert.equal((await core.withdraw('east', 'e-6')).withdrawn, false, 'withdrawing twice is harmless');
  assert.equal(core.size, 6);
});

test('withdrawing a record both sides had confirmed withdraws the pair and drops both sealed disclosures (a closed or erased record leaves nothing to relay)', async () => {
  await core.submit('north', 'n-9', enc({ first: 'f8', last: 'l8', dob: 'd8', postcode: 'p8' }));
  await core.submit('south', 's-9', enc({ first: 'f8', last: 'l8', dob: 'd8', postcode: 'p8' }));
  const north = (await core.alerts('north')).find((a) => a.ref === 'n-9')!;
  const south = (await core.alerts('south')).find((a) => a.ref === 's-9')!;
  await core.confirm('north', north.id, seal('north'));
  assert.equal((await core.confirm('south', south.id, seal('south'))).mutual, true);
  const held = async () =>
    (
      await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tracker_alerts WHERE id = ANY($1::uuid[]) AND disclosure IS NOT NULL`, [
        [north.id, south.id],
      ])
    )[0]!.n;
  assert.equal(await held(), 2);
  assert.equal((await core.withdraw('south', 's-9')).alertsWithdrawn, 2);
  assert.equal(await held(), 0);
  await assert.rejects(core.disclosure('north', north.id), isCode('not-found'));
  assert.ok(!(await core.alerts('north')).some((a) => a.id === north.id));
  await core.withdraw('north', 'n-9'); // as it was: the tests after count the records held
});

test('a changed encoding that no longer matches withdraws the open alert; a mutual one stays', async () => {
  await core.submit('north', 'n-3', enc({ first: 'f4', last: 'l4', dob: 'd4', postcode: 'p6' }));
  await core.submit('east', 'e-7', enc({ first: 'f4', last: 'l4', dob: 'd4', postcode: 'p7' }));
  const north = (await core.alerts('north')).find((a) => a.ref === 'n-3')!;
  const r = await core.submit('east', 'e-7', enc({ first: 'f8', last: 'l8', dob: 'd4', postcode: 'p7' }));
  assert.equal(r.withdrawn, 1);
  await assert.rejects(core.alert('north', north.id), isCode('not-found'));
  // The mutual match of the first test survives a change of encoding.
  await core.submit('south', 's-7', enc({ first: 'zz', last: 'zz', dob: 'zz', postcode: 'zz' }));
  assert.equal((await core.alerts('south')).filter((a) => a.ref === 's-7' && a.mutual).length, 1);
});

test('bad input is refused with the field named', async () => {
  await assert.rejects(core.submit('north', 'Jordan Smith', jordan), isCode('invalid'), 'a reference is an opaque id, never a name');
  await assert.rejects(
    core.submit('north', 'n-9', { nonsense: true }),
    (e) => e instanceof TrackerError && e.code === 'invalid' && Boolean(e.errors?.encoding),
  );
  await assert.rejects(core.submit('north', 'n-9', null), isCode('invalid'));
  const [north] = await core.alerts('north');
  await assert.rejects(core.confirm('north', north!.id, 'not base64!'), isCode('invalid'));
});

test('a restarted tracker rebuilds its index from the store and keeps the fitted model', async () => {
  const summary = await core.rematch('tracker');
  assert.equal(summary.records, 8);
  assert.deepEqual(await store.getModel(db), { kind: 'exact', records: 8 });
  const restarted = await createTrackerCore({ db, engine: exactEngine(), thresholds });
  assert.equal(restarted.size, 8);
  const r = await restarted.submit('north', 'n-4', enc({ first: 'f2', last: 'l2', dob: 'd2', postcode: 'p4' }));
  assert.equal(r.raised, 2, "against east's e-5 and south's s-8, both loaded from the store");
});

test('the audit trail cannot be changed or removed by the role the tracker acts as', async () => {
  await assert.rejects(db.query("UPDATE tracker_audit SET action = 'x'"), /permission denied/);
  await assert.rejects(db.query('DELETE FROM tracker_audit'), /permission denied/);
});

test('a full re-match raises what was not yet matched, many at once, each audited to both sides', async () => {
  for (let i = 0; i < 5; i++) {
    for (const p of ['north', 'south', 'east'])
      await store.upsertEncoding(db, p, `bulk-${p}-${i}`, enc({ first: `b${i}`, last: `b${i}`, dob: `b${i}` }), `fp-${p}-${i}`);
  }
  const restarted = await createTrackerCore({ db, engine: exactEngine(), thresholds });
  const summary = await restarted.rematch('tracker');
  assert.equal(summary.raised, 15, 'three pairs for each of five children');
  const mine = (await restarted.alerts('east')).filter((a) => a.ref.startsWith('bulk-'));
  assert.equal(mine.length, 10);
  assert.deepEqual(new Set(mine.map((a) => a.otherPartnership)), new Set(['north', 'south']));
  const trail = await store.auditOf(db, { alertId: mine[0]!.id });
  assert.deepEqual(
    trail.map((e) => [e.action, e.partnership, e.otherPartnership]),
    [['alert.raised', 'east', mine[0]!.otherPartnership]],
  );
});
