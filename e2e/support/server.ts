import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stripSources, strippedSourcesDir, strippedSourcesHook } from '../../src/stripped-sources.ts';
import { startEnvFor } from '../../src/start-flags.ts';

export const DEMO_PASSWORD = 'e2e-demo-password-1';
const root = path.resolve(import.meta.dirname, '..', '..');

/** output: everything the server printed; errors: its stderr only (LOG_LEVEL=error, so only problems). */
export type RunningServer = { baseUrl: string; output: () => string; errors: () => string; exited: () => boolean; stop: () => Promise<void> };

/** A port nothing is listening on now (the server binds it a moment later). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real server (`src/server.ts`) as a child process in its own process group, on a free port,
 * with a fresh embedded database (so the demo data loads with DEMO_PASSWORD), and waits for /health (180 s, or
 * E2E_START_TIMEOUT_MS on a busy machine). `extraEnv.DATABASE_URL`: a PostgreSQL server's database instead.
 */
export async function startServer(
  timeoutMs = Number(process.env.E2E_START_TIMEOUT_MS) || 180_000,
  extraEnv: Record<string, string> = {},
): Promise<RunningServer> {
  // A test that must know the address before the app starts (an identity provider's redirect) names the port.
  const port = extraEnv.PORT ? Number(extraEnv.PORT) : await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mace-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: path.join(dataDir, 'db'),
    DEMO_PASSWORD,
    LOG_LEVEL: 'error',
    NODE_ENV: 'development',
    ...extraEnv,
  };
  // The embedded database, so the demo seed loads, unless the test names a server (issue 17: several processes on one).
  if (!extraEnv.DATABASE_URL) delete env.DATABASE_URL;
  if (!extraEnv.DATABASE_REPLICA_URL) delete env.DATABASE_REPLICA_URL;
  // As npm start gives it by the database (src/start-flags.ts: MALLOC_ARENA_MAX on a server).
  Object.assign(env, startEnvFor(env.DATABASE_URL || undefined, env));
  delete env.NODE_TEST_CONTEXT; // the server is not a test file
  delete env.SECURE_COOKIES; // plain http on localhost

  let out = '';
  let err = '';
  // As `npm start` runs it: from the stripped sources (src/stripped-sources.ts), so every browser test runs them.
  stripSources(path.join(root, 'src'), strippedSourcesDir);
  env.MACE_STRIPPED_DIR = strippedSourcesDir;
  const child: ChildProcess = spawn(process.execPath, ['--import', strippedSourcesHook, 'src/server.ts'], {
    cwd: root,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
    err += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  // If this test process ends without calling stop() (a crash, a CI timeout), take the server with it.
  const onExit = () => {
    killGroup('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const stop = async () => {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!hasExited) {
      killGroup('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') {
        killGroup('SIGKILL');
        await exited;
      }
    }
    killGroup('SIGKILL'); // anything the server itself started
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) {
      await stop();
      throw new Error(`the server exited before it was ready:\n${out}`);
    }
    try {
      // Only this server's own "listening" line counts: another process may answer on the same port.
      const mine = new RegExp(`listening on http://[^\\s:]+:${port}\\b`).test(out);
      const res = mine ? await fetch(`${baseUrl}/health`) : undefined;
      if (res?.ok) return { baseUrl, output: () => out, errors: () => err, exited: () => hasExited, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the server did not answer /health within ${timeoutMs / 1000}s:\n${out}`);
}
