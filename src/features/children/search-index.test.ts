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
