import { startFlagsFor } from '../src/start-flags.ts';

/**
 * The node flags `npm start` gives the server for this database (src/start-flags.ts: the embedded database's, or a
 * PostgreSQL server's when `databaseUrl` is set), so that a benchmark measures the server as it runs.
 */
export function startFlags(databaseUrl?: string): string[] {
  return startFlagsFor(databaseUrl);
}
