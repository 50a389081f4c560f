import path from 'node:path';
import { startFlagsFor } from '../src/start-flags.ts';
import { stripSources, strippedSourcesDir, strippedSourcesHook } from '../src/stripped-sources.ts';

/**
 * The node flags `npm start` gives the server for this database (src/start-flags.ts: the embedded database's, or a
 * PostgreSQL server's when `databaseUrl` is set), so that a benchmark measures the server as it runs.
 */
export function startFlags(databaseUrl?: string): string[] {
  return [...startFlagsFor(databaseUrl), ...strippedSourceFlags()];
}

/**
 * As `npm start` (src/start.ts): the sources stripped once and loaded through the hook, so the server never loads the
 * type stripper. Sets MACE_STRIPPED_DIR in this process's environment, which the servers it spawns inherit.
 */
function strippedSourceFlags(): string[] {
  stripSources(path.join(import.meta.dirname, '..', 'src'), strippedSourcesDir);
  process.env.MACE_STRIPPED_DIR = strippedSourcesDir;
  return ['--import', strippedSourcesHook];
}
