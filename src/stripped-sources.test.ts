import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripSources, strippedName, strippedSourcesHook } from './stripped-sources.ts';

// Issue 17 item 7: npm start strips the sources once so the server's node never loads the type stripper (about 19 MB).
const srcDir = import.meta.dirname;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mace-stripped-'));

test('the sources are stripped once, named by their text; a second start writes nothing; a copy of a source gone is removed', () => {
  const cache = tmp();
  fs.writeFileSync(path.join(cache, 'f'.repeat(40) + '.js'), 'export {};');
  const first = stripSources(srcDir, cache);
  assert.ok(first.written > 100, `wrote ${first.written}`);
  assert.equal(first.kept, 0);
  const second = stripSources(srcDir, cache);
  assert.deepEqual(second, { written: 0, kept: first.written });
  const name = strippedName(fs.readFileSync(path.join(srcDir, 'start-flags.ts')));
  const copy = fs.readFileSync(path.join(cache, name), 'utf8');
  assert.doesNotMatch(copy, /: string\[\]/, 'types stripped');
  assert.match(copy, /export function startFlagsFor\(databaseUrl/);
  assert.equal(fs.readFileSync(path.join(srcDir, 'start-flags.ts'), 'utf8').split('\n').length, copy.split('\n').length, 'lines kept');
  assert.ok(!fs.existsSync(path.join(cache, 'f'.repeat(40) + '.js')), 'a stale copy removed');
  assert.ok(!fs.readdirSync(cache).some((f) => f.includes('.test.')), 'no test is stripped');
});

/** What `START_FLAGS.server` is in a node started with the hook and this cache. */
function loadedWith(cache: string): string {
  return execFileSync(
    process.execPath,
    [
      '--import',
      strippedSourcesHook,
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(path.join(srcDir, 'start-flags.ts'))}); console.log(JSON.stringify(m.START_FLAGS.server));`,
    ],
    { env: { ...process.env, MACE_STRIPPED_DIR: cache, NODE_OPTIONS: '' }, encoding: 'utf8' },
  ).trim();
}

test('the hook loads a source from the copy that matches its text, and as node would when there is none', () => {
  const cache = tmp();
  // A copy planted under the source's name: the hook must serve it (a real copy is the stripped source, as above).
  const name = strippedName(fs.readFileSync(path.join(srcDir, 'start-flags.ts')));
  fs.writeFileSync(path.join(cache, name), `export const START_FLAGS = { server: ['from-the-copy'] };`);
  assert.equal(loadedWith(cache), '["from-the-copy"]');
  // No copy (or one of another text): the source itself.
  const empty = tmp();
  assert.deepEqual(JSON.parse(loadedWith(empty)), ['--max-semi-space-size=2', '--max-old-space-size=128']);
});
