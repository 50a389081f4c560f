import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startFlagsFor, START_FLAGS } from './start-flags.ts';

test('issue 17 item 7: npm start gives node the embedded database’s flags without DATABASE_URL (or with it empty), a server’s with it', () => {
  assert.deepEqual(startFlagsFor(undefined), [...START_FLAGS.embedded]);
  assert.deepEqual(startFlagsFor(''), [...START_FLAGS.embedded]);
  assert.deepEqual(startFlagsFor('postgres://app@db.example.org/mace'), [...START_FLAGS.server]);
  assert.ok(START_FLAGS.embedded.includes('--liftoff-only'), 'PGlite’s WebAssembly on the baseline compiler');
  assert.ok(!START_FLAGS.server.some((f) => f.startsWith('--heap-growing-percent')), 'a server keeps V8’s own growing factor');
});

test('issue 17 item 7: a flag the operator sets in NODE_OPTIONS is theirs: npm start leaves its own of that name out', () => {
  const server = startFlagsFor('postgres://app@db.example.org/mace', '--max-old-space-size=512 --enable-source-maps');
  assert.ok(!server.some((f) => f.startsWith('--max-old-space-size')), 'the operator’s heap ceiling is not overridden');
  assert.ok(server.includes('--max-semi-space-size=2'), 'the other flags stay');
  assert.deepEqual(
    startFlagsFor(undefined, '--max_semi_space_size=8'),
    START_FLAGS.embedded.filter((f) => !f.startsWith('--max-semi-space-size')),
  );
  assert.deepEqual(startFlagsFor(undefined, ''), [...START_FLAGS.embedded]);
});

test('src/start.ts is package.json’s start script', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  assert.equal(pkg.scripts.start, 'node src/start.ts');
});
