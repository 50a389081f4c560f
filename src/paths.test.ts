import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from './test-support/app.ts';
import type { RouteSpec } from './platform/http.ts';
import { paths } from './paths.ts';

const t = await testApp();
const routes = t.app.locals.routes as RouteSpec[];
// Static files are served by express.static, not declared routes: the paths that point at them.
const staticPrefixes = ['/assets/'];

type Builder = (...args: unknown[]) => string;
// Builders whose arguments are not opaque identifiers: the values they are called with in the app.
const sampleArgs: Record<string, unknown[]> = {
  'paths.intelligence.newHistory': ['arg0-0000', 'significant-events'],
  'paths.intelligence.history': ['arg0-0000', 'trafficking', 'arg2-0000'],
};
// Helpers that build part of a URL (a query string), not a path of their own.
const notPaths = new Set(['paths.network.query']);

/** Every builder in paths, by its dotted name (paths.children.show …). */
function builders(o: object, prefix = 'paths'): [string, Builder][] {
  return Object.entries(o).flatMap(([k, v]): [string, Builder][] =>
    typeof v === 'function' ? [[`${prefix}.${k}`, v as Builder]] : v && typeof v === 'object' ? builders(v, `${prefix}.${k}`) : [],
  );
}

/** An Express path pattern (`/children/:id/rfm/:part`) as a regular expression over a built path. */
const patternOf = (p: string) => new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === ':' ? c : `\\${c}`)).replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`);
const patterns = routes.map((r) => ({ route: `${r.method.toUpperCase()} ${r.path}`, re: patternOf(r.path) }));

test('every paths builder points at a registered route', () => {
  const all = builders(paths);
  assert.ok(all.length > 50, `expected every builder to be enumerated, got ${all.length}`);
  const unmatched: string[] = [];
  for (const [name, build] of all) {
    if (notPaths.has(name)) continue;
    // Identifiers are opaque segments; builders with a query take an empty object.
    const args = sampleArgs[name] ?? Array.from({ length: Math.max(build.length, 1) }, (_, i) => `arg${i}-0000`);
    let built: string;
    try {
      built = build(...args);
    } catch {
      built = build({});
    }
    if (typeof built !== 'string' || built.includes('[object Object]')) built = build({});
    const pathOnly = built.split(/[?#]/)[0]!;
    if (staticPrefixes.some((s) => pathOnly.startsWith(s))) continue;
    if (!patterns.some((p) => p.re.test(pathOnly))) unmatched.push(`${name} → ${pathOnly}`);
  }
  assert.deepEqual(unmatched, [], 'builders whose path no route serves');
});

test('the check itself refuses a path no route serves', () => {
  assert.ok(!patterns.some((p) => p.re.test('/no-such-page/arg0-0000')));
  assert.ok(patterns.some((p) => p.re.test(paths.children.show('arg0-0000'))));
});
