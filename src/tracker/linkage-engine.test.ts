import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../db/client.ts';
import { createEncoder, type ChildIdentity } from '../domain/linkage/encode.ts';
import { createTrackerCore, type TrackerCore } from './core.ts';
import { TrackerError } from './errors.ts';
import { linkageEngine } from './linkage-engine.ts';
import * as store from './store.ts';
import { trackerTestDb } from './test-db.ts';

// The tracker with the product's engine: encodings made by the partnerships under their shared key.
const encoder = createEncoder('the partnerships share this key; the tracker never sees it');
const encode = (c: ChildIdentity) => encoder.encode(c);
let db: Db;
let core: TrackerCore;
before(async () => {
  db = await trackerTestDb();
  core = await createTrackerCore({ db, engine: linkageEngine(), thresholds: { strong: 0.99, possible: 0.5 } });
  // A background of other children in three partnerships.
  const firsts = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Leo', 'Zara', 'Kai'];
  const lasts = ['Patel', 'Brown', 'Nowak', 'Okafor', 'Hughes', 'Begum', 'Reid', 'Murray'];
  for (let i = 0; i < 60; i++) {
    await core.submit(
      ['north', 'south', 'east'][i % 3]!,
      `bg-${i}`,
      encode({
        firstName: firsts[i % 10],
        lastName: lasts[i % 8],
        dateOfBirth: `20${String(5 + (i % 9)).padStart(2, '0')}-0${1 + (i % 9)}-${10 + (i % 18)}`,
        gender: i % 2 ? 'female' : 'male',
        postcodes: [`LS${1 + (i % 20)} ${i % 9}AB`],
      }),
    );
  }
});
after(() => db.close());

test('the same child in two partnerships, spelt differently and moved, raises an alert explained by the fields that agreed', async () => {
  await core.submit(
    'north',
    'n-jordan',
    encode({ firstName: 'Jordan', lastName: 'Whitfield', dateOfBirth: '2010-03-14', gender: 'male', postcodes: ['B15 2TT'] }),
  );
  const r = await core.submit(
    'south',
    's-jordan',
    encode({ firstName: 'Jordon', lastName: 'Whitfield', dateOfBirth: '2010-03-14', gender: 'male', postcodes: ['M1 1AE', 'B15 2TT'] }),
  );
  assert.equal(r.raised, 1);
  const alert = (await core.alerts('north')).find((a) => a.ref === 'n-jordan')!;
  assert.equal(alert.otherPartnership, 'south');
  const fields = alert.fields.map((f) => f.field);
  for (const f of ['first_name', 'last_name', 'date_of_birth', 'postcode']) assert.ok(fields.includes(f), f);
  assert.ok(alert.fields.every((f) => f.weight > 0 || f.field === 'name_order' || f.field === 'gender'));
  // the same gender agreed, but adds nothing beside agreeing first names (it follows the name)
  assert.equal(alert.fields.find((f) => f.field === 'gender')?.weight, 0);
});

test('twins (same surname and date of birth, different first names) raise nothing', async () => {
  await core.submit(
    'north',
    'n-twin',
    encode({ firstName: 'Aisha', lastName: 'Okonkwo', dateOfBirth: '2011-07-02', gender: 'female', postcodes: ['LS6 3AA'] }),
  );
  const r = await core.submit(
    'east',
    'e-twin',
    encode({ firstName: 'Amara', lastName: 'Okonkwo', dateOfBirth: '2011-07-02', gender: 'female', postcodes: ['LS6 3AA'] }),
  );
  assert.equal(r.raised, 0);
});

test('a full re-match stores the model and finds the same candidates; an encoding of the wrong shape is refused', async () => {
  const summary = await core.rematch('tracker');
  assert.equal(summary.records, 64);
  assert.equal(summary.raised, 0, 'nothing new');
  assert.ok(await store.getModel(db));
  assert.equal((await core.alerts('south')).filter((a) => a.ref === 's-jordan').length, 1);
  await assert.rejects(core.submit('north', 'n-x', { v: 1, first: 'Jordan' }), (e) => e instanceof TrackerError && e.code === 'invalid');
});
