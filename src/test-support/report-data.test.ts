// The report bench's generator (bench/report-data.ts, used by the county and national sets): the children it adds are
// named as bench/generate.ts names its own (not all "Bench Child<n>", which made nearly every child a candidate of a
// search: docs/scale.md), deterministically by partnership, with the search columns the app would compute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../db/client.ts';
import { testApp } from './app.ts';
import { generateReportData, reportChildNames } from '../../bench/report-data.ts';

test('the report children are given invented names, the same each build, different in each partnership', () => {
  const a = reportChildNames('rotherham', 500);
  assert.deepEqual(reportChildNames('rotherham', 500), a);
  assert.notDeepEqual(reportChildNames('llr', 500), a);
  assert.deepEqual(reportChildNames('rotherham', 20), a.slice(0, 20));
  for (const n of a) {
    assert.match(n.first, /^[A-Z][a-z]+$/);
    assert.match(n.last, /^[A-Z][a-z]+$/);
    assert.notEqual(n.first, 'Bench');
  }
  // Diverse, as a real partnership's: hardly a full name twice, many surnames.
  assert.ok(new Set(a.map((n) => `${n.first} ${n.last}`)).size > 490);
  assert.ok(new Set(a.map((n) => n.last)).size > 300);
});

test('generateReportData adds the children under those names, with search_text and search_keys as the app computes them', async () => {
  const t = await testApp();
  // The generator loads as the owner (triggers off): each transaction here runs as the connection's own role.
  const owner: Db = { ...t.db, tx: (fn) => t.db.tx(async (q) => (await q.query('SET LOCAL ROLE NONE'), fn(q))) };
  const p = t.partnerships.get('rotherham')!;
  const [{ n: have }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM children WHERE partnership_id = 'rotherham'`)) as [{ n: number }];
  const r = await generateReportData(owner, p, { children: have + 30, events: 0, scale: 0.002, analyze: false });
  assert.equal(r.children, have + 30);
  const rows = await t.db.query<{ first_name: string; last_name: string; text_ok: boolean; keys_ok: boolean }>(
    `SELECT c.first_name, c.last_name,
            c.search_text = lower(c.first_name || ' ' || c.last_name || coalesce(' ' || (
              SELECT string_agg(a.alias, ' ') FROM child_aliases a WHERE a.partnership_id = c.partnership_id AND a.child_id = c.id), '')) AS text_ok,
            c.search_keys = name_search_keys(c.search_text) AS keys_ok
       FROM children c WHERE c.partnership_id = 'rotherham' AND c.reference LIKE 'RB%' ORDER BY c.reference`,
  );
  assert.deepEqual(
    rows.map((x) => ({ first: x.first_name, last: x.last_name })),
    reportChildNames('rotherham', 30),
  );
  assert.ok(rows.every((x) => x.text_ok && x.keys_ok));
});
