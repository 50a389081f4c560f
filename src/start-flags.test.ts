import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { startEnvFor, startFlagsFor, START_ENV, START_FLAGS } from './start-flags.ts';

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

test('issue 17 item 7: on a server npm start gives the server MALLOC_ARENA_MAX=2 (glibc’s arenas), none on the embedded database; the operator’s own value is theirs', () => {
  assert.deepEqual(startEnvFor('postgres://app@db.example.org/mace'), { MALLOC_ARENA_MAX: '2' });
  assert.deepEqual(startEnvFor('postgres://app@db.example.org/mace', { MALLOC_ARENA_MAX: '' }), { MALLOC_ARENA_MAX: '2' });
  assert.deepEqual(startEnvFor('postgres://app@db.example.org/mace', { MALLOC_ARENA_MAX: '4' }), {});
  assert.deepEqual(startEnvFor(undefined), {});
  assert.deepEqual(startEnvFor(''), {});
  assert.deepEqual(START_ENV.embedded, {});
});

/** The environment the server process runs with after `node src/start.ts` started node again (Linux: /proc). */
async function serverEnvironment(env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  // A "database" that accepts connections and never answers: the server waits on it, alive, while we read.
  const silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  const root = path.join(import.meta.dirname, '..');
  const child = spawn(process.execPath, ['src/start.ts'], {
    cwd: root,
    env: { ...env, DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none`, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  try {
    const t0 = Date.now();
    for (;;) {
      assert.ok(child.exitCode === null, 'the server is still running');
      assert.ok(Date.now() - t0 < 30_000, 'the server started within 30 s');
      // Before it starts again /proc shows the environment start.ts was given; after, the one it gave the server.
      const environ = fs.readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      if (environ.some((v) => v.startsWith('MACE_STRIPPED_DIR=')))
        return new Map(environ.map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] as [string, string]));
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGKILL');
    silent.close();
  }
}

const execve = process.platform === 'linux' && typeof process.execve === 'function';

test('issue 17 item 7: npm start on a server starts node again with MALLOC_ARENA_MAX=2, or the operator’s own', { skip: !execve && 'Linux only' }, async () => {
  const { MALLOC_ARENA_MAX: _, MACE_STRIPPED_SOURCES: __, ...env } = process.env;
  assert.equal((await serverEnvironment(env)).get('MALLOC_ARENA_MAX'), '2');
  assert.equal((await serverEnvironment({ ...env, MALLOC_ARENA_MAX: '4' })).get('MALLOC_ARENA_MAX'), '4');
});
