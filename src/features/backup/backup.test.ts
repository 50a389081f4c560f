import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { testApp, TEST_PASSWORD } from '../../test-support/app.ts';
import { startServer } from '../../../e2e/support/server.ts';
import { openDb } from '../../db/client.ts';
import { backup, controlPaths, holdDataDir, inspect, restore, BackupRefused, type Manifest } from './backup.ts';

// The embedded database's backups (issue 17 item 5). A server backs up with its own tools (docs/operations.md).
const skip = process.env.DATABASE_URL ? 'the embedded database only (DATABASE_URL is set)' : false;
const root = path.resolve(import.meta.dirname, '..', '..', '..');
const t = skip ? undefined : await testApp();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mace-backup-test-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));

/** A data directory holding the demo database (the test template), as a server that has run would leave it. */
async function demoDataDir(name: string): Promise<string> {
  const dataDir = path.join(work, name);
  const db = await openDb({ dataDir, loadDataDir: await t!.db.dump!() });
  await db.close();
  return dataDir;
}

/** `npm run backup` / `npm run restore` as a user runs them. */
function cli(dataDir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, ['src/features/backup/cli.ts', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/** One request on a connection of its own (no kept-alive connection the server may close as it is reused). */
function send(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? 'GET', headers: o.headers, agent: false }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const manifestOf = (file: string) => JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as Manifest;

async function inspectDir(dataDir: string) {
  const db = await openDb({ dataDir });
  try {
    return await inspect(db);
  } finally {
    await db.close();
  }
}

test(
  'npm run backup copies the database while the server serves; restore refuses while it runs, then over a database without --force; with --force the rows and audit chain come back',
  { skip },
  async () => {
    const dataDir = await demoDataDir('served');
    const server = await startServer(undefined, { DATA_DIR: dataDir });
    let stopped = false;
    try {
      // A sign-in before the copy: its session and audit entry must be in it.
      const page = await send(`${server.baseUrl}/sign-in`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const signIn = await send(`${server.baseUrl}/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: (page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ') },
        body: new URLSearchParams({ _csrf: csrf, email: 'practitioner@staffordshire.example.org', password: TEST_PASSWORD }).toString(),
      });
      assert.equal(signIn.status, 303, 'signed in');

      // The server keeps answering while the copy is taken (requests wait for it, none fails).
      const file = path.join(work, 'served.tar.gz');
      const running = cli(dataDir, 'backup', '--out', file);
      let done = false;
      void running.then(() => (done = true));
      const statuses: number[] = [];
      while (!done) statuses.push((await send(`${server.baseUrl}/sign-in`)).status);
      const b = await running;
      assert.equal(b.code, 0, b.err);
      assert.match(b.out, /asking it for a copy/);
      assert.ok(statuses.length > 0 && statuses.every((s) => s === 200), `every request answered: ${statuses.join(',')}`);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'readable by its owner only');
      const m = manifestOf(file);
      assert.equal(m.taken, 'server');
      assert.ok(m.tables.children! > 0 && m.tables.sessions! > 0);
      assert.ok(m.audit.sealedEntries > 0 && m.audit.unsealedEntries === 0, 'the server sealed the audit before the copy');

      const live = await cli(dataDir, 'restore', file, '--force');
      assert.equal(live.code, 1);
      assert.match(live.err, /Restore refused: MACE is running on .* stop it first/);

      await server.stop();
      stopped = true;
      const noForce = await cli(dataDir, 'restore', file);
      assert.equal(noForce.code, 1);
      assert.match(noForce.err, /already holds a database: pass --force to replace it/);

      // Something written after the backup, which the restore takes away.
      const db = await openDb({ dataDir });
      await db.query(`INSERT INTO audit_events (partnership_id, action, outcome) VALUES ('staffordshire', 'test.after-backup', 'allowed')`);
      await db.close();

      const forced = await cli(dataDir, 'restore', file, '--force');
      assert.equal(forced.code, 0, forced.err);
      assert.match(forced.out, /kept in .*before-restore/);
      const restored = await inspectDir(dataDir);
      assert.deepEqual(restored.tables, m.tables, 'every table has the rows the backup held');
      assert.deepEqual(restored.migrations, m.migrations);
      assert.equal(restored.audit.ok, true, restored.audit.problem);
      assert.deepEqual(restored.audit.head, m.audit.head);
      const kept = fs.readdirSync(work).filter((f) => f.startsWith('served.before-restore-'));
      assert.equal(kept.length, 1, 'the replaced database is kept beside it');
    } finally {
      if (!stopped) await server.stop();
    }
  },
);

test('with no server running, a backup opens the directory itself; a restore into an empty directory needs no --force', { skip }, async () => {
  const dataDir = await demoDataDir('offline');
  const r = await backup({ dataDir, file: path.join(work, 'offline.tar.gz') });
  assert.equal(r.manifest.taken, 'offline');
  assert.equal(r.manifest.audit.unsealedEntries, 0);
  const into = path.join(work, 'fresh', 'db');
  const back = await restore({ dataDir: into, file: r.file });
  assert.equal(back.replacedKeptAt, undefined);
  assert.deepEqual((await inspectDir(into)).tables, r.manifest.tables);
});

test('a backup file that does not match its manifest is refused, and nothing is replaced', { skip }, async () => {
  const dataDir = path.join(work, 'offline');
  const file = path.join(work, 'damaged.tar.gz');
  const bytes = fs.readFileSync(path.join(work, 'offline.tar.gz'));
  bytes[bytes.length >> 1] ^= 0xff;
  fs.writeFileSync(file, bytes);
  fs.copyFileSync(path.join(work, 'offline.tar.gz.json'), `${file}.json`);
  await assert.rejects(restore({ dataDir, file, force: true }), (e: Error) => e instanceof BackupRefused && /does not match its manifest/.test(e.message));
  assert.equal(fs.readdirSync(work).filter((f) => f.startsWith('offline.before-restore-')).length, 0);
});

test('a backup whose audit chain was tampered with is refused', { skip }, async () => {
  const dataDir = await demoDataDir('tampered');
  const db = await openDb({ dataDir });
  const { sealAudit } = await import('../../platform/audit-chain.ts');
  await sealAudit(db);
  await db.execAsOwner(
    `ALTER TABLE audit_events DISABLE TRIGGER USER; UPDATE audit_events SET action = 'tampered' WHERE id = (SELECT min(id) FROM audit_events)`,
  );
  const file = path.join(work, 'tampered.tar.gz');
  fs.writeFileSync(file, Buffer.from(await (await db.dump!('gzip')).arrayBuffer()));
  await db.close();
  await assert.rejects(
    restore({ dataDir: path.join(work, 'tampered-into'), file }),
    (e: Error) => e instanceof BackupRefused && /audit chain does not verify \(entries .* changed since they were sealed\)/.test(e.message),
  );
  assert.equal(fs.existsSync(path.join(work, 'tampered-into', 'PG_VERSION')), false);
  // And npm run backup will not write such a copy.
  await assert.rejects(backup({ dataDir, file: path.join(work, 'tampered-again.tar.gz') }), /audit chain does not verify/);
});

test('one process holds a data directory at a time; the socket of a process that died is taken over', { skip }, async () => {
  const dataDir = path.join(work, 'held');
  const first = await holdDataDir(dataDir, 'backup');
  await assert.rejects(holdDataDir(dataDir, 'server'), (e: Error) => e instanceof BackupRefused && /a backup \(process \d+\) is using/.test(e.message));
  await first.release();
  // A process killed outright leaves its socket file behind; nothing answers on it.
  assert.equal(fs.existsSync(controlPaths(dataDir).dir), false, 'released: the control directory is gone');
  fs.mkdirSync(controlPaths(dataDir).dir, { mode: 0o700 });
  fs.writeFileSync(controlPaths(dataDir).socket, '');
  const again = await holdDataDir(dataDir, 'server');
  await again.release();
});
