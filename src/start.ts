/**
 * `npm start` (issue 17 item 7): node's flags and environment (MALLOC_ARENA_MAX on a server) are chosen by the database
 * the server will use (src/start-flags.ts), then node starts again with them in this same process (process.execve),
 * running src/server.ts. Where process.execve is missing (Windows), the server runs as a child process with the flags
 * and environment, and this one waits for it and passes on signals.
 * Before that it strips the TypeScript sources once into node_modules/.cache (src/stripped-sources.ts), so that the
 * server's node never loads the type stripper (about 19 MB); when it cannot, the server starts as before.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startEnvFor, startFlagsFor } from './start-flags.ts';
import { stripSources, strippedSourcesDir, strippedSourcesHook } from './stripped-sources.ts';

// As config.ts reads it: a variable set to the empty string is unset.
const flags = startFlagsFor(process.env.DATABASE_URL || undefined, process.env.NODE_OPTIONS);
// And its environment (MALLOC_ARENA_MAX on a server): read by the C library as the new node starts.
Object.assign(process.env, startEnvFor(process.env.DATABASE_URL || undefined, process.env));
const server = path.join(import.meta.dirname, 'server.ts');
const stripped: string[] = [];
if (process.env.MACE_STRIPPED_SOURCES !== 'off') {
  try {
    stripSources(import.meta.dirname, strippedSourcesDir);
    process.env.MACE_STRIPPED_DIR = strippedSourcesDir;
    stripped.push('--import', strippedSourcesHook);
  } catch (err) {
    console.error(`Starting without stripped sources (${(err as Error).message}): about 19 MB more memory.`);
  }
}
const args = [...flags, ...stripped, ...process.execArgv.filter((a) => !flags.includes(a)), server, ...process.argv.slice(2)];

if (typeof process.execve === 'function') {
  process.execve(process.execPath, [process.execPath, ...args], process.env);
} else {
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
