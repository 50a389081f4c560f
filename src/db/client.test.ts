import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDb, prepared, inTurn, type Db } from './client.ts';

// The embedded database always; the server too when DATABASE_URL is set (CI runs both).
const dbs: [string, () => Promise<Db>][] = [['embedded', () => openDb({})]];
if (process.env.DATABASE_URL) dbs.push(['server', () => openDb({ databaseUrl: process.env.DATABASE_URL })]);

for (const [kind, open] of dbs) {
  test(`${kind}: a prepared statement gives the same rows as the same text unprepared, each time, with arrays, dates and nulls`, async () => {
    const db = await open();
    try {
      const text = `SELECT x, $2::date AS on_date, $3::text AS nothing, cardinality($1::uuid[]) AS n FROM unnest($1::uuid[]) AS x ORDER BY x`;
      const ids = ['0b8e0a37-7c1b-4b55-9b1f-1f0f0c7e3a01', '0b8e0a37-7c1b-4b55-9b1f-1f0f0c7e3a02'];
      const plain = await db.query(text, [ids, '2026-03-14', null]);
      const p = prepared(`client_test_${kind}`, text);
      for (let i = 0; i < 7; i++) assert.deepEqual(await db.query(p, [ids, '2026-03-14', null]), plain, `run ${i + 1}`);
      assert.equal((plain[0] as { on_date: unknown }).on_date, '2026-03-14', 'a date stays text');
      assert.deepEqual(await db.query(p, [[ids[1]], '2026-03-15', 'x']), [{ x: ids[1], on_date: '2026-03-15', nothing: 'x', n: 1 }]);
    } finally {
      await db.close();
    }
  });

  test(`${kind}: a prepared statement in a transaction commits or rolls back with it; an error leaves the database usable`, async () => {
    const db = await open();
    const table = `client_test_${kind}_${process.pid}`;
    try {
      await db.query(`CREATE TABLE ${table} (n int PRIMARY KEY)`);
      const insert = prepared(`client_test_insert_${kind}`, `INSERT INTO ${table} (n) VALUES ($1) RETURNING n`);
      assert.deepEqual(await db.tx((q) => q.query(insert, [1])), [{ n: 1 }]);
      await assert.rejects(
        db.tx(async (q) => {
          await q.query(insert, [2]);
          await q.query(insert, [1]); // a duplicate: the whole transaction is undone
        }),
        (err: { code?: string }) => err.code === '23505',
      );
      assert.deepEqual(await db.query(`SELECT n FROM ${table} ORDER BY n`), [{ n: 1 }]);
      await assert.rejects(db.query(prepared(`client_test_bad_${kind}`, 'SELECT nonsense FROM nowhere'), []));
      assert.deepEqual(await db.query(insert, [3]), [{ n: 3 }], 'still usable after an error');
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.close();
    }
  });
}

test('one name, one text: a second text under a name already used is refused', async () => {
  const db = await openDb({});
  try {
    await db.query(prepared('client_test_once', 'SELECT 1 AS one'), []);
    await assert.rejects(db.query(prepared('client_test_once', 'SELECT 2 AS two'), []), /two texts/);
  } finally {
    await db.close();
  }
});

test('inTurn: each step starts after the one before has finished, and the results come in order', async () => {
  const log: string[] = [];
  const step = (name: string, ms: number) => async () => {
    log.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, ms));
    log.push(`end ${name}`);
    return name;
  };
  assert.deepEqual(await inTurn(step('a', 20), step('b', 1)), ['a', 'b']);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b']);
});
