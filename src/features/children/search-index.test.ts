import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';

// Issue 17 item 3 (docs/scale.md, migration 070): the search's trigram branch walks an index led by partnership_id, so
// a partnership's search reads its own children only, however many partnerships the database holds.
const t = await testApp();

test('the trigram index on children is led by partnership_id (btree_gist), so the walk stays within the partnership', async () => {
  const [ix] = await t.db.query<{ def: string }>(
    `SELECT pg_get_indexdef(i.oid) AS def FROM pg_class i JOIN pg_namespace n ON n.oid = i.relnamespace
      WHERE i.relname = 'children_search_trgm' AND n.nspname = current_schema()`,
  );
  assert.match(ix!.def, /USING gist \(partnership_id, search_text gist_trgm_ops\)/);
});

test("the search's trigram condition is answered by that index with partnership_id in its index condition", async () => {
  // The demo's few children would be read whole; without sequential scans the planner shows which index it takes.
  const plan = await t.db.tx(async (q) => {
    await q.query('SET LOCAL enable_seqscan = off');
    const rows = await q.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (COSTS OFF) SELECT c.id FROM children c WHERE c.partnership_id = 'staffordshire' AND 'jordan ashdwn' <% c.search_text`,
    );
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
  assert.match(plan, /children_search_trgm/);
  assert.match(plan, /Index Cond: \(\(partnership_id = 'staffordshire'::text\) AND \(search_text %> 'jordan ashdwn'::text\)\)/);
});

// Migration 073: the key branch's GIN index is led by partnership_id too (btree_gin), so the children of other
// partnerships sharing a key with the words typed are not read.
test('the GIN index on search_keys is led by partnership_id (btree_gin)', async () => {
  const [ix] = await t.db.query<{ def: string }>(
    `SELECT pg_get_indexdef(i.oid) AS def FROM pg_class i JOIN pg_namespace n ON n.oid = i.relnamespace
      WHERE i.relname = 'children_search_keys' AND n.nspname = current_schema()`,
  );
  assert.match(ix!.def, /USING gin \(partnership_id, search_keys\)/);
});

test("the search's key condition is answered by that index with partnership_id in its index condition", async () => {
  // The demo's few children would be read whole: in a transaction rolled back after, each partnership is given 3,000
  // children with names of their own (as the owner, triggers off) and the table's statistics, so the planner sees
  // what a partnership's search sees; the GIN index is then what answers the key condition, within the partnership.
  class Plan extends Error {}
  const plan = await t.db
    .tx(async (q) => {
      await q.query('SET LOCAL ROLE NONE');
      await q.query('SET LOCAL session_replication_role = replica');
      await q.query(
        `INSERT INTO children (partnership_id, reference, first_name, last_name, district_id, search_text, created_by)
         SELECT p.id, 'IX' || p.id || g, 'Given' || g, 'Family' || (g % 700), (SELECT min(d.id) FROM districts d WHERE d.partnership_id = p.id),
                lower('Given' || g || ' Family' || (g % 700)), (SELECT u.id FROM users u WHERE u.partnership_id = p.id LIMIT 1)
           FROM partnerships p CROSS JOIN generate_series(1, 3000) g`,
      );
      // Rebuilt, so the GIN index's own statistics count the rows added (not a pending list to scan whole), as after VACUUM.
      await q.query('REINDEX INDEX children_search_keys');
      await q.query('ANALYZE children');
      const rows = await q.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (COSTS OFF) SELECT c.id FROM children c WHERE c.partnership_id = 'staffordshire' AND c.search_keys && name_search_keys('jordan ashdwn')`,
      );
      // Thrown, so that the transaction rolls back.
      throw new Plan(rows.map((r) => r['QUERY PLAN']).join('\n'));
    })
    .catch((e: unknown) => {
      if (e instanceof Plan) return e.message;
      throw e;
    });
  assert.match(plan, /Bitmap Index Scan on children_search_keys/);
  assert.match(plan, /Index Cond: \(\(partnership_id = 'staffordshire'::text\) AND \(search_keys && /);
});
