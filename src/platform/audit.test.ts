import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../test-support/app.ts';

const t = await testApp();

test('the application’s database role cannot change or remove audit entries', async () => {
  const [row] = await t.db.query<{ id: string }>(`SELECT id FROM audit_events ORDER BY id LIMIT 1`);
  assert.ok(row, 'the demo seed wrote audit entries');
  await assert.rejects(t.db.query(`UPDATE audit_events SET action = 'tampered' WHERE id = $1`, [row!.id]), /permission denied|append-only/);
  await assert.rejects(t.db.query(`DELETE FROM audit_events WHERE id = $1`, [row!.id]), /permission denied|append-only/);
  await assert.rejects(t.db.query(`TRUNCATE audit_events`), /permission denied|append-only/);
});

test('even the owner cannot update or delete an audit entry: a trigger refuses', async () => {
  await assert.rejects(t.db.execAsOwner(`UPDATE audit_events SET action = 'tampered'`), /append-only/);
  await assert.rejects(t.db.execAsOwner(`DELETE FROM audit_events`), /append-only/);
});

test('the application role can still add audit entries', async () => {
  await t.db.query(`INSERT INTO audit_events (partnership_id, action, outcome) VALUES ('staffordshire', 'test.entry', 'allowed')`);
  const rows = await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'test.entry'`);
  assert.equal(rows.length, 1);
});

test('a failed change leaves no audit entry and no half-written record', async () => {
  const before = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`);
  await assert.rejects(
    t.db.tx(async (q) => {
      await q.query(`INSERT INTO audit_events (partnership_id, action, outcome) VALUES ('staffordshire', 'half.written', 'allowed')`);
      await q.query(
        `INSERT INTO children (partnership_id, reference, first_name, last_name, district_id) VALUES ('staffordshire', 'X1', 'A', 'B', 'no-such-district')`,
      );
    }),
  );
  const after = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events`);
  assert.deepEqual(after, before);
});
