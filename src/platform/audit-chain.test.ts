import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../test-support/app.ts';
import { audit } from './audit.ts';
import { sealAudit, verifyAuditChain } from './audit-chain.ts';

const t = await testApp();
const owner = (sql: string) => t.db.execAsOwner(sql);
/** As the owner, the append-only triggers set aside for one statement: what someone with the database's files or owner could do. */
const tamper = (table: 'audit_events' | 'audit_seals', sql: string) =>
  owner(`ALTER TABLE ${table} DISABLE TRIGGER USER; ${sql}; ALTER TABLE ${table} ENABLE TRIGGER USER;`);
const someEntry = async () =>
  (await t.db.query<{ id: string; action: string }>(`SELECT id::text AS id, action FROM audit_events ORDER BY id LIMIT 1 OFFSET 3`))[0]!;

test('sealing covers every audit entry written so far, and the chain verifies', async () => {
  const sealed = await sealAudit(t.db);
  assert.ok(sealed.seals >= 1 && sealed.entries > 0, 'the demo seed wrote entries');
  const v = await verifyAuditChain(t.db);
  assert.equal(v.ok, true, v.problem);
  assert.equal(v.unsealedEntries, 0);
  assert.equal(v.sealedEntries, sealed.entries);
  assert.deepEqual(v.head, sealed.head);
  assert.equal((await sealAudit(t.db)).seals, 0, 'nothing new: no seal');
});

test('entries written after a seal are unsealed until the next seal, which follows the last one', async () => {
  await audit(t.db, { partnershipId: 'staffordshire' }, { action: 'test.after-seal' });
  await audit(t.db, { partnershipId: 'staffordshire' }, { action: 'test.after-seal', details: { n: 1.5, note: 'ü' } });
  const before = await verifyAuditChain(t.db);
  assert.equal(before.ok, true, before.problem);
  assert.equal(before.unsealedEntries, 2);
  const sealed = await sealAudit(t.db);
  assert.equal(sealed.entries, 2);
  const v = await verifyAuditChain(t.db);
  assert.equal(v.ok, true, v.problem);
  assert.equal(v.unsealedEntries, 0);
  assert.equal(v.seals, before.seals + 1);
});

test('a seal holds at most entriesPerSeal entries: a long backlog is sealed in several', async () => {
  for (let i = 0; i < 7; i++) await audit(t.db, { partnershipId: 'staffordshire' }, { action: 'test.backlog' });
  const sealed = await sealAudit(t.db, { entriesPerSeal: 3 });
  assert.equal(sealed.seals, 3);
  assert.equal(sealed.entries, 7);
  assert.equal((await verifyAuditChain(t.db)).ok, true);
});

test('seals follow the ids as numbers, not as text: a backlog across 99 → 100 and 999 → 1000 is sealed in order', async () => {
  // Entries up to id 1,200 at least, in seals of 97: several seals end and start on each side of a power of ten.
  await owner(
    `INSERT INTO audit_events (partnership_id, action, outcome) SELECT 'staffordshire', 'test.numbers', 'allowed' FROM generate_series(1, greatest(0, 1200 - (SELECT max(id) FROM audit_events)))`,
  );
  const sealed = await sealAudit(t.db, { entriesPerSeal: 97 });
  assert.ok(sealed.seals >= 10);
  const v = await verifyAuditChain(t.db);
  assert.equal(v.ok, true, v.problem);
  assert.equal(v.unsealedEntries, 0);
  const seals = await t.db.query<{ from_id: string; upto_id: string }>(
    `SELECT from_id::text AS from_id, upto_id::text AS upto_id FROM audit_seals ORDER BY id`,
  );
  for (let i = 1; i < seals.length; i++) assert.equal(seals[i]!.from_id, seals[i - 1]!.upto_id, 'each seal starts where the one before ended');
});

test('a changed audit entry breaks the chain, naming the sealed range; put back, the chain verifies again', async () => {
  const e = await someEntry();
  await tamper('audit_events', `UPDATE audit_events SET action = 'tampered' WHERE id = ${e.id}`);
  const v = await verifyAuditChain(t.db);
  assert.equal(v.ok, false);
  assert.match(v.problem!, /changed since they were sealed/);
  await tamper('audit_events', `UPDATE audit_events SET action = '${e.action}' WHERE id = ${e.id}`);
  assert.equal((await verifyAuditChain(t.db)).ok, true);
});

test('a removed audit entry breaks the chain', async () => {
  const e = await someEntry();
  await owner(`CREATE TABLE kept_entry AS SELECT * FROM audit_events WHERE id = ${e.id}`);
  await tamper('audit_events', `DELETE FROM audit_events WHERE id = ${e.id}`);
  const v = await verifyAuditChain(t.db);
  assert.equal(v.ok, false);
  assert.match(v.problem!, /removed/);
  await owner(`INSERT INTO audit_events SELECT * FROM kept_entry; DROP TABLE kept_entry`);
  assert.equal((await verifyAuditChain(t.db)).ok, true);
});

test('an entry added inside a sealed range (an id a rolled-back insert left unused) breaks the chain', async () => {
  await assert.rejects(
    t.db.tx(async (q) => {
      await audit(q, {}, { action: 'test.rolled-back' });
      throw new Error('roll back');
    }),
  );
  await audit(t.db, {}, { action: 'test.after-gap' });
  await sealAudit(t.db);
  const [gap] = await t.db.query<{ id: string }>(
    `SELECT (id - 1)::text AS id FROM audit_events a WHERE action = 'test.after-gap' AND NOT EXISTS (SELECT 1 FROM audit_events b WHERE b.id = a.id - 1)`,
  );
  assert.ok(gap, 'the rolled-back insert left an unused id');
  await owner(`INSERT INTO audit_events (partnership_id, id, action, outcome) VALUES ('', ${gap!.id}, 'test.forged', 'allowed')`);
  const v = await verifyAuditChain(t.db);
  assert.equal(v.ok, false);
  assert.match(v.problem!, /added/);
  await tamper('audit_events', `DELETE FROM audit_events WHERE id = ${gap!.id}`);
  assert.equal((await verifyAuditChain(t.db)).ok, true);
});

test('a removed seal breaks the chain', async () => {
  const [s] = await t.db.query<{ id: string }>(`SELECT id::text AS id FROM audit_seals ORDER BY from_id LIMIT 1 OFFSET 1`);
  await owner(`CREATE TABLE kept_seal AS SELECT * FROM audit_seals WHERE id = ${s!.id}`);
  await tamper('audit_seals', `DELETE FROM audit_seals WHERE id = ${s!.id}`);
  const v = await verifyAuditChain(t.db);
  assert.equal(v.ok, false);
  assert.match(v.problem!, /a seal is missing/);
  await owner(`INSERT INTO audit_seals SELECT * FROM kept_seal; DROP TABLE kept_seal`);
  assert.equal((await verifyAuditChain(t.db)).ok, true);
});

test('the application role cannot change or remove a seal', async () => {
  await assert.rejects(t.db.query(`UPDATE audit_seals SET hash = repeat('0', 64)`), /permission denied|append-only/);
  await assert.rejects(t.db.query(`DELETE FROM audit_seals`), /permission denied|append-only/);
  await assert.rejects(owner(`DELETE FROM audit_seals`), /append-only/);
});

test('two sealers at once: one chain, no entry sealed twice', async () => {
  for (let i = 0; i < 5; i++) await audit(t.db, {}, { action: 'test.concurrent' });
  await Promise.all([sealAudit(t.db, { entriesPerSeal: 2 }), sealAudit(t.db, { entriesPerSeal: 2 })]);
  const v = await verifyAuditChain(t.db);
  assert.equal(v.ok, true, v.problem);
  assert.equal(v.unsealedEntries, 0);
  const [n] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`);
  assert.equal(v.sealedEntries, n!.n);
});

test(
  'on a server, a transaction still writing an entry holds the seal back (busy), never sealing past it',
  { skip: t.db.kind !== 'postgres' && 'one connection on the embedded database' },
  async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const hasInserted = new Promise<void>((r) => (inserted = r));
    const writer = t.db.tx(async (q) => {
      await audit(q, {}, { action: 'test.long-transaction' });
      inserted();
      await held;
    });
    await hasInserted;
    const r = await sealAudit(t.db, { lockTimeoutMs: 100 });
    assert.equal(r.skipped, 'busy');
    release();
    await writer;
    await sealAudit(t.db);
    const v = await verifyAuditChain(t.db);
    assert.equal(v.ok, true, v.problem);
    assert.equal(v.unsealedEntries, 0);
  },
);
