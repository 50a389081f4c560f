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

test('src/start.ts is package.json’s start script', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  assert.equal(pkg.scripts.start, 'node src/start.ts');
});
