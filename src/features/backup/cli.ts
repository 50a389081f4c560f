// `npm run backup [-- --out FILE]` and `npm run restore -- FILE [--force]` for the embedded database (issue 17 item 5).
// On a PostgreSQL server (DATABASE_URL), backups are the server's own: docs/operations.md. `npm run verify` inspects
// either (after a point-in-time recovery, say): each table's rows, the migrations, and the audit chain (exit 1 if broken).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { openDb } from '../../db/client.ts';
import { backup, holderOf, holdDataDir, inspect, restore, BackupRefused } from './backup.ts';

const [command, ...rest] = process.argv.slice(2);
const log = (s: string) => console.log(s);
/** A path as typed would be: relative when under the working directory. */
const shown = (f: string) => (path.relative(process.cwd(), f).startsWith('..') ? f : path.relative(process.cwd(), f));

async function main(): Promise<number> {
  const config = loadConfig();
  if (command !== 'backup' && command !== 'restore' && command !== 'verify') {
    console.error('usage: npm run backup [-- --out FILE] | npm run restore -- FILE [--force] | npm run verify');
    return 2;
  }
  if (command === 'verify') return verify(config);
  if (config.databaseUrl) {
    console.error(
      `DATABASE_URL is set: on a PostgreSQL server, ${command === 'backup' ? 'back up' : 'restore'} with the server's own tools ` +
        '(base backups with WAL archiving, or pg_dump and pg_restore): see docs/operations.md.',
    );
    return 2;
  }
  if (command === 'backup') {
    const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
    const r = await backup({ dataDir: config.dataDir, file: values.out, log });
    const m = r.manifest;
    const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
    log(`Backup written: ${shown(r.file)} (${(m.bytes / 1e6).toFixed(1)} MB, sha256 ${m.sha256.slice(0, 16)}…) and its manifest ${path.basename(r.file)}.json`);
    log(
      `  ${Object.keys(m.tables).length} tables, ${rows} rows, ${m.tables.children ?? 0} children; migrations to ${m.migrations.latest}; ` +
        `audit chain verified: ${m.audit.sealedEntries} entries sealed, head ${m.audit.head.hash.slice(0, 16)}… at entry ${m.audit.head.uptoId}`,
    );
    log(
      `  copy ${(r.ms.copy / 1000).toFixed(1)} s (${m.taken === 'server' ? `from the running server; its requests waited ${((r.ms.requestsHeld ?? 0) / 1000).toFixed(1)} s` : 'from the directory'}), check ${(r.ms.verify / 1000).toFixed(1)} s`,
    );
    return 0;
  }
  const { values, positionals } = parseArgs({ args: rest, options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) {
    console.error('usage: npm run restore -- FILE [--force]');
    return 2;
  }
  const r = await restore({ dataDir: config.dataDir, file: positionals[0]!, force: values.force, log });
  const rows = Object.values(r.inspection.tables).reduce((a, b) => a + b, 0);
  log(`Restored ${positionals[0]} into ${config.dataDir} in ${(r.ms / 1000).toFixed(1)} s.`);
  log(
    `  ${Object.keys(r.inspection.tables).length} tables, ${rows} rows, ${r.inspection.tables.children ?? 0} children; migrations to ${r.inspection.migrations.latest} ` +
      `(the server applies any newer ones at start); audit chain verified (${r.inspection.audit.sealedEntries} entries sealed).`,
  );
  if (r.replacedKeptAt) log(`  The database it replaced is kept in ${r.replacedKeptAt} (delete it once you are sure).`);
  return 0;
}

/** Inspects the configured database: the server's (as DATABASE_URL's user), or the embedded one when no process holds it. */
async function verify(config: ReturnType<typeof loadConfig>): Promise<number> {
  let release = async () => {};
  if (!config.databaseUrl) {
    const h = await holderOf(config.dataDir);
    if (h)
      throw new BackupRefused(
        `${h.role === 'server' ? 'MACE is running on' : `a ${h.role} is using`} ${config.dataDir} (process ${h.pid}): stop it, or run npm run backup, which checks its copy`,
      );
    release = (await holdDataDir(config.dataDir, 'backup')).release;
  }
  try {
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const seen = await inspect(db);
      const rows = Object.values(seen.tables).reduce((a, b) => a + b, 0);
      log(
        `${Object.keys(seen.tables).length} tables, ${rows} rows, ${seen.tables.children ?? 0} children; ${seen.migrations.count} migrations to ${seen.migrations.latest}`,
      );
      if (!seen.audit.ok) {
        console.error(`The audit chain does not verify: ${seen.audit.problem}`);
        return 1;
      }
      log(
        `Audit chain verified: ${seen.audit.sealedEntries} entries in ${seen.audit.seals} seals, head ${seen.audit.head.hash} at entry ${seen.audit.head.uptoId}; ${seen.audit.unsealedEntries} written since the last seal`,
      );
      return 0;
    } finally {
      await db.close();
    }
  } finally {
    await release();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof BackupRefused) {
    console.error(`${command === 'restore' ? 'Restore' : command === 'verify' ? 'Verify' : 'Backup'} refused: ${err.message}`);
    process.exitCode = 1;
  } else if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS_')) {
    // An option mistyped: say what is accepted, no stack trace.
    console.error(`${(err as Error).message}. Usage: npm run backup [-- --out FILE] | npm run restore -- FILE [--force] | npm run verify`);
    process.exitCode = 2;
  } else throw err;
}
