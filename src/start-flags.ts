/**
 * Node's flags for the server (issue 17 item 7), by the database it runs on: `npm start` (src/start.ts) picks them, and
 * the benches start the server with the same (bench/start-flags.ts). README *Performance* says why each is there.
 *
 * Embedded (PGlite in the process, a team's server, ≤ 500 MB at county scale):
 * - `--max-semi-space-size=4`, `--max-old-space-size=192`: a small young generation, a ceiling for the heap;
 * - `--heap-growing-percent=100`: after a full collection the heap may double before the next (a network page leaves
 *   about 1 MB in the old generation; V8's default made a full collection come every 25 pages and set the p95);
 * - `--liftoff-only`: PGlite's WebAssembly stays on V8's baseline compiler (its optimising compiler took a 640 MB
 *   working area for one very large function of PostgreSQL).
 *
 * On a PostgreSQL server (DATABASE_URL set; the target is ≤ 200 MB a process under the load test) there is no
 * WebAssembly and the heap holds only the requests in flight: a smaller young generation (2 MB semi-spaces), a lower
 * ceiling (128 MB) and V8's own growing factor. Under the load test on the county set the process's peak was about
 * 211 MB against 226–255 MB with the embedded database's flags and 477 MB with node's defaults, for the same CPU per
 * request (docs/scale.md, Load test).
 */
export const START_FLAGS = {
  embedded: ['--max-semi-space-size=4', '--liftoff-only', '--max-old-space-size=192', '--heap-growing-percent=100'],
  server: ['--max-semi-space-size=2', '--max-old-space-size=128'],
} as const;

/**
 * The flags for a server started with this DATABASE_URL (unset or empty: the embedded database), less any flag the
 * operator set in NODE_OPTIONS (for example `NODE_OPTIONS=--max-old-space-size=512` for a partnership whose exports need
 * a larger heap): node reads NODE_OPTIONS first, so a flag given here as well would override the operator's.
 */
export function startFlagsFor(databaseUrl: string | undefined, nodeOptions = ''): string[] {
  const named = new Set(
    nodeOptions
      .split(/\s+/)
      .filter((o) => o.startsWith('--'))
      .map((o) => o.split('=')[0]!.replaceAll('_', '-')),
  );
  return (databaseUrl ? START_FLAGS.server : START_FLAGS.embedded).filter((f) => !named.has(f.split('=')[0]!));
}

/**
 * Environment variables `npm start` gives the server (src/start.ts), by the database, as its flags: the benches' and
 * the browser tests' servers get the same (bench/pg-server.ts, bench/start.ts, e2e/support/server.ts).
 *
 * On a PostgreSQL server, `MALLOC_ARENA_MAX=2`: glibc's malloc gives each thread that allocates its own arena (up to
 * eight a core), and node's threads (libuv's pool, V8's compiler and garbage collector helpers) each kept one, whose
 * freed memory stays resident; two arenas bound that. docs/scale.md ("Where one process's memory goes") has what it
 * changed. glibc reads it when a process starts, so it is set before node starts again; other C libraries ignore it.
 */
export const START_ENV = {
  embedded: {},
  server: { MALLOC_ARENA_MAX: '2' },
} as const satisfies Record<string, Record<string, string>>;

/**
 * The variables to add to the environment `env` of a server started with this DATABASE_URL (unset or empty: the
 * embedded database): those the operator has not set (`MALLOC_ARENA_MAX=4 npm start` is theirs).
 */
export function startEnvFor(databaseUrl: string | undefined, env: NodeJS.ProcessEnv = {}): Record<string, string> {
  const wanted: Record<string, string> = databaseUrl ? START_ENV.server : START_ENV.embedded;
  return Object.fromEntries(Object.entries(wanted).filter(([name]) => env[name] === undefined || env[name] === ''));
}
