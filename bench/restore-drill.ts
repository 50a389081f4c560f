/**
 * The restore drill (issue 17 item 5): on a PostgreSQL server, a county-scale database is generated (bench/generate.ts:
 * fictional children, their aliases, addresses, agencies, timeline, and audit entries), its audit sealed, then dumped
 * with pg_dump and restored with pg_restore into a fresh database, each timed. The copy must hold what the source held:
 * every table's rows, the migrations, and an audit chain that verifies to the same head. Prints the figures (seconds,
 * and each step as a ratio to the dump of the same run) and exits 1 when a check fails. `.ci/run` runs it.
 *
 *   npm run drill:restore -- --children 3000
 *
 * Options: --children N (3000), --audit-per-child K (20 more audit entries a child: a county's trail of reads),
 * --partnership ID (staffordshire), --url URL (the server, as its owner; DRILL_DATABASE_URL, or
 * postgres://postgres@127.0.0.1:5432), --jobs J (pg_restore's parallel jobs, 2), --keep (keep the databases and the dump).
 * Needs pg_dump, pg_restore and createdb of the server's major version or newer on PATH.
 *
 * --embedded: the embedded database instead (no server needed; not in CI: a few minutes at 10,000 children). A county is
 * generated into a data directory, the real server started on it, and `npm run backup`'s copy taken from it while a
 * client asks /health/live every 50 ms (the longest answer: how long requests waited for the copy, beside the median
 * before it); then the server is stopped and the copy restored over the directory with --force, timed and checked.
 *
 * --pitr: docs/operations.md's point-in-time recovery, step by step, on a throwaway cluster of its own (initdb, pg_ctl and
 * pg_basebackup on PATH; run as root, the server runs as postgres): WAL archived as the docs set it, the county
 * generated and sealed, a base backup taken and verified, more work, then a mistaken bulk change; the cluster is lost
 * (stopped immediately) and recovered from the base backup and the archive to just before the mistake. The copy must
 * hold the work before the target and none of the mistake, every table's rows as at the target, and an audit chain that
 * verifies. Not in CI (a cluster of its own; a few minutes).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDb } from '../src/db/client.ts';
import { generate } from './generate.ts';
import { sealAudit } from '../src/platform/audit-chain.ts';
import { backup, differences, inspect, restore, type Inspection } from '../src/features/backup/backup.ts';
import { startServer } from '../e2e/support/server.ts';
import { freePort } from './pg-server.ts';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    children: { type: 'string', default: '3000' },
    'audit-per-child': { type: 'string', default: '20' },
    partnership: { type: 'string', default: 'staffordshire' },
    url: { type: 'string', default: process.env.DRILL_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432' },
    jobs: { type: 'string', default: '2' },
    keep: { type: 'boolean', default: false },
    embedded: { type: 'boolean', default: false },
    pitr: { type: 'boolean', default: false },
  },
});
const N = Number.parseInt(args.children, 10);
const AUDIT_PER_CHILD = Number.parseInt(args['audit-per-child'], 10);
const base = new URL(args.url);
const urlOf = (db: string) => Object.assign(new URL(base.href), { pathname: `/${db}` }).href;
const log = (s: string) => console.log(s);
const secs = (ms: number) => (ms / 1000).toFixed(1);

/** A county's audit trail of reads: K entries a child, spread back in time. */
const AUDIT_READS = `INSERT INTO audit_events (partnership_id, actor_user_id, actor_roles, actor_agency_id, action, outcome, subject_type, subject_id, child_id, ip, details, at)
   SELECT c.partnership_id, c.created_by, 'practitioner', c.lead_professional_agency_id, 'child.view', 'allowed', 'child', c.id::text, c.id,
          '127.0.0.1', jsonb_build_object('tab', 'summary', 'n', k), now() - make_interval(mins => k * 37)
     FROM children c CROSS JOIN generate_series(1, $1) AS k`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

process.exitCode = (args.pitr ? await pitrDrill() : args.embedded ? await embeddedDrill() : await serverDrill()) ? 0 : 1;

async function serverDrill(): Promise<boolean> {
  const source = `mace_drill_${process.pid}`;
  const copy = `${source}_restored`;
  const dumpFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mace-drill-')), `${source}.dump`);
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  await admin.connect();

  async function inspectDb(name: string): Promise<Inspection> {
    const db = await openDb({ databaseUrl: urlOf(name) });
    try {
      return await inspect(db);
    } finally {
      await db.close();
    }
  }

  let failed = false;
  try {
    const [{ rows: version }] = [await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)];
    log(`Restore drill on PostgreSQL ${version[0]!.v} at ${base.host}: ${N} children (${args.partnership}), ${AUDIT_PER_CHILD} audit entries a child more`);
    await admin.query(`DROP DATABASE IF EXISTS ${copy}`);
    await admin.query(`DROP DATABASE IF EXISTS ${source}`);
    await admin.query(`CREATE DATABASE ${source}`);

    // 1. The county: generated as the bench does, then a county's audit trail of reads, then sealed as the job runner would.
    const [, generateMs] = await timed(async () => {
      await generate({ children: N, partnership: args.partnership, databaseUrl: urlOf(source), analyze: false });
      const db = await openDb({ databaseUrl: urlOf(source) });
      try {
        await db.query(AUDIT_READS, [AUDIT_PER_CHILD]);
        await sealAudit(db);
      } finally {
        await db.close();
      }
    });
    const before = await inspectDb(source);
    const rows = Object.values(before.tables).reduce((a, b) => a + b, 0);
    log(
      `  generated ${before.tables.children} children, ${rows} rows in ${Object.keys(before.tables).length} tables, ${before.tables.audit_events} audit entries in ${secs(generateMs)} s`,
    );

    // 2. The dump (custom format, as docs/operations.md gives it) and the restore into a fresh database.
    const [, dumpMs] = await timed(() => run('pg_dump', ['--format=custom', '--file', dumpFile, urlOf(source)]));
    const bytes = fs.statSync(dumpFile).size;
    const [, restoreMs] = await timed(async () => {
      await admin.query(`CREATE DATABASE ${copy}`);
      await run('pg_restore', ['--exit-on-error', `--jobs=${args.jobs}`, '--dbname', urlOf(copy), dumpFile]);
    });

    // 3. The copy holds what the source held, and its audit chain verifies to the same head.
    const [after, verifyMs] = await timed(() => inspectDb(copy));
    const problems = differences(before, after);
    if (!after.audit.ok) problems.push(`the copy's audit chain does not verify: ${after.audit.problem}`);
    if (after.audit.head.hash !== before.audit.head.hash) problems.push(`audit chain head ${after.audit.head.hash}, the source ${before.audit.head.hash}`);
    if (after.audit.sealedEntries !== before.tables.audit_events)
      problems.push(`${after.audit.sealedEntries} audit entries sealed of ${before.tables.audit_events}`);

    const ratio = (ms: number) => (ms / dumpMs).toFixed(2);
    log('');
    log(`  step                       seconds   × the dump`);
    log(`  pg_dump (${(bytes / 1e6).toFixed(1)} MB)`.padEnd(29) + secs(dumpMs).padStart(7) + '1.00'.padStart(13));
    log(`  pg_restore (--jobs=${args.jobs})`.padEnd(29) + secs(restoreMs).padStart(7) + ratio(restoreMs).padStart(13));
    log(`  check (rows, audit chain)`.padEnd(29) + secs(verifyMs).padStart(7) + ratio(verifyMs).padStart(13));
    log(`  recovery (restore + check)`.padEnd(29) + secs(restoreMs + verifyMs).padStart(7) + ratio(restoreMs + verifyMs).padStart(13));
    log('');
    log(
      `  ${Object.keys(after.tables).length} tables with equal rows; migrations to ${after.migrations.latest}; audit chain verified: ${after.audit.sealedEntries} entries in ${after.audit.seals} seals, head ${after.audit.head.hash.slice(0, 16)}…`,
    );
    console.log(
      JSON.stringify({
        drill: 'restore',
        children: before.tables.children,
        rows,
        auditEntries: before.tables.audit_events,
        dumpBytes: bytes,
        seconds: { generate: +secs(generateMs), dump: +secs(dumpMs), restore: +secs(restoreMs), check: +secs(verifyMs) },
        ok: problems.length === 0,
      }),
    );
    if (problems.length) {
      failed = true;
      console.error(`Restore drill FAILED:\n  ${problems.join('\n  ')}`);
    } else log('Restore drill passed.');
  } finally {
    if (!args.keep) {
      await admin.query(`DROP DATABASE IF EXISTS ${copy}`).catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS ${source}`).catch(() => undefined);
      fs.rmSync(path.dirname(dumpFile), { recursive: true, force: true });
    } else log(`Kept: databases ${source} and ${copy}, the dump ${dumpFile}`);
    await admin.end();
  }
  return !failed;
}

async function embeddedDrill(): Promise<boolean> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mace-drill-embedded-'));
  const dataDir = path.join(work, 'db');
  const file = path.join(work, 'backup.tar.gz');
  try {
    log(`Restore drill on the embedded database: ${N} children (${args.partnership}), ${AUDIT_PER_CHILD} audit entries a child more`);
    const [, generateMs] = await timed(async () => {
      await generate({ children: N, partnership: args.partnership, dataDir });
      const db = await openDb({ dataDir });
      try {
        await db.query(AUDIT_READS, [AUDIT_PER_CHILD]);
        await db.query('CHECKPOINT');
      } finally {
        await db.close();
      }
    });
    log(`  generated in ${secs(generateMs)} s; starting the server on it`);
    const server = await startServer(undefined, { DATA_DIR: dataDir, JOBS_ENABLED: 'false' });
    let result: Awaited<ReturnType<typeof backup>>;
    const during: number[] = [];
    const baseline: number[] = [];
    try {
      // Each request on a connection of its own: a kept-alive one may be closed by the server as it is reused after a wait.
      const ask = () =>
        new Promise<number>((resolve, reject) => {
          const t0 = performance.now();
          http
            .get(`${server.baseUrl}/health/live`, { agent: false }, (res) => {
              res.resume();
              res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`status ${res.statusCode}`))));
            })
            .on('error', reject);
        });
      for (let i = 0; i < 40; i++) baseline.push(await ask());
      let done = false;
      const asking = (async () => {
        while (!done) {
          during.push(await ask());
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      try {
        result = await backup({ dataDir, file });
      } finally {
        done = true;
        await asking;
      }
    } finally {
      await server.stop();
    }
    const m = result.manifest;
    const [restored, restoreMs] = await timed(() => restore({ dataDir, file, force: true }));
    const problems = differences(m, restored.inspection);
    if (!restored.inspection.audit.ok) problems.push(`the copy's audit chain does not verify: ${restored.inspection.audit.problem}`);
    if (restored.inspection.audit.head.hash !== m.audit.head.hash) problems.push('the audit chain head differs from the manifest');
    const median = [...baseline].sort((a, b) => a - b)[baseline.length >> 1]!;
    const longest = Math.max(...during);
    const copyMs = result.ms.copy;
    const ratio = (ms: number) => (ms / copyMs).toFixed(2);
    log('');
    log(`  step                                   seconds   × the copy`);
    log(`  copy from the running server (${(m.bytes / 1e6).toFixed(1)} MB)`.padEnd(41) + secs(copyMs).padStart(7) + '1.00'.padStart(13));
    log(`  check of the copy (opened in memory)`.padEnd(41) + secs(result.ms.verify).padStart(7) + ratio(result.ms.verify).padStart(13));
    log(`  restore --force (unpack, check, rename)`.padEnd(41) + secs(restoreMs).padStart(7) + ratio(restoreMs).padStart(13));
    log('');
    log(
      `  requests during the copy: ${during.length}, the longest ${secs(longest)} s (${(longest / median).toFixed(0)}× the median before it, ${median.toFixed(1)} ms): they wait, none fails`,
    );
    log(`  ${m.tables.children} children, ${Object.values(m.tables).reduce((a, b) => a + b, 0)} rows, ${m.audit.sealedEntries} audit entries sealed`);
    console.log(
      JSON.stringify({
        drill: 'restore-embedded',
        children: m.tables.children,
        auditEntries: m.tables.audit_events,
        backupBytes: m.bytes,
        seconds: {
          generate: +secs(generateMs),
          copy: +secs(copyMs),
          check: +secs(result.ms.verify),
          restore: +secs(restoreMs),
          longestRequest: +secs(longest),
        },
        ok: problems.length === 0,
      }),
    );
    if (problems.length) {
      console.error(`Restore drill FAILED:\n  ${problems.join('\n  ')}`);
      return false;
    }
    log('Restore drill passed.');
    return true;
  } finally {
    if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
    else log(`Kept: ${work}`);
  }
}

async function pitrDrill(): Promise<boolean> {
  const root = process.getuid?.() === 0;
  const pgUid = root ? Number((await run('id', ['-u', 'postgres'])).stdout.trim()) : undefined;
  const pgGid = root ? Number((await run('id', ['-g', 'postgres'])).stdout.trim()) : undefined;
  // The server's programs (initdb, pg_ctl, pg_basebackup, pg_verifybackup): beside initdb on PATH, or Debian's newest.
  const onPath = (await run('sh', ['-c', 'command -v initdb || true'])).stdout.trim();
  const bin = onPath
    ? path.dirname(fs.realpathSync(onPath))
    : (fs
        .readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(a) - Number(b))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
        .pop() ?? '');
  const program = (cmd: string) => (fs.existsSync(path.join(bin, cmd)) ? path.join(bin, cmd) : cmd);
  /** A program as the account that owns the cluster (postgres, when this runs as root). */
  const asOwner = (cmd: string, a: string[]) => (root ? run('runuser', ['-u', 'postgres', '--', program(cmd), ...a]) : run(program(cmd), a));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mace-pitr-'));
  fs.chmodSync(work, 0o700);
  if (root) fs.chownSync(work, pgUid!, pgGid!);
  const [primaryDir, baseDir, restoredDir, walDir] = ['primary', 'base', 'restored', 'wal'].map((d) => path.join(work, d)) as [string, string, string, string];
  await asOwner('mkdir', ['-m', '0700', walDir]);
  const [p1, p2] = [await freePort(), await freePort()];
  const url = (port: number, db = 'mace') => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const conf = (dir: string, lines: string[]) => asOwner('sh', ['-c', `cat >> ${dir}/postgresql.conf <<'EOF'\n${lines.join('\n')}\nEOF`]);
  let running: string[] = [];
  const stop = async (dir: string, mode = 'fast') => {
    await asOwner('pg_ctl', ['-D', dir, '-m', mode, '-w', 'stop']);
    running = running.filter((d) => d !== dir);
  };
  try {
    log(`Point-in-time recovery drill on a cluster of its own in ${work}: ${N} children (${args.partnership})`);
    await asOwner('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    // docs/operations.md's settings (archive_timeout shorter: the drill does not wait a minute).
    await conf(primaryDir, [
      `port = ${p1}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${work}'`,
      'wal_level = replica',
      'archive_mode = on',
      `archive_command = 'test ! -f ${walDir}/%f && cp %p ${walDir}/%f'`,
      'archive_timeout = 10',
    ]);
    await asOwner('pg_ctl', ['-D', primaryDir, '-l', path.join(work, 'primary.log'), '-w', 'start']);
    running.push(primaryDir);
    const admin = new pg.Client({ connectionString: url(p1, 'postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE mace');
    await admin.end();

    // The county, its audit trail of reads, sealed.
    await generate({ children: N, partnership: args.partnership, databaseUrl: url(p1) });
    const db = await openDb({ databaseUrl: url(p1) });
    let target: string;
    let baseMs: number;
    let expected: Inspection;
    try {
      await db.query(AUDIT_READS, [AUDIT_PER_CHILD]);
      await sealAudit(db);
      // The base backup, as the docs take it, and checked.
      [, baseMs] = await timed(() =>
        asOwner('pg_basebackup', ['-h', '127.0.0.1', '-p', String(p1), '-U', 'postgres', '-D', baseDir, '-Fp', '-Xstream', '--checkpoint=fast']),
      );
      await asOwner('pg_verifybackup', [baseDir]);
      // Work after the base backup (kept by the recovery), then the target time, then a mistaken bulk change (undone by it).
      await db.query(`INSERT INTO audit_events (partnership_id, action, outcome) SELECT '', 'drill.before-target', 'allowed' FROM generate_series(1, 1000)`);
      await db.query(`UPDATE children SET lead_professional_name = 'Priya Fairweather-Jones' WHERE id IN (SELECT id FROM children ORDER BY id LIMIT 100)`);
      await sealAudit(db);
      expected = await inspect(db);
      await new Promise((r) => setTimeout(r, 1100));
      [{ t: target }] = (await db.query<{ t: string }>(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS t`)) as [
        { t: string },
      ];
      await new Promise((r) => setTimeout(r, 1100));
      await db.query(`UPDATE children SET lead_professional_name = 'Mistaken Bulk Change'`);
      await db.query(`INSERT INTO audit_events (partnership_id, action, outcome) SELECT '', 'drill.after-target', 'allowed' FROM generate_series(1, 10)`);
      // Everything up to here archived, as archive_timeout would see to.
      const [{ w }] = (await db.query<{ w: string }>(`SELECT pg_walfile_name(pg_switch_wal()) AS w`)) as [{ w: string }];
      for (let i = 0; i < 600; i++) {
        const [a] = await db.query<{ last: string | null }>(`SELECT last_archived_wal AS last FROM pg_stat_archiver`);
        if (a?.last && a.last >= w) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await db.close();
    }
    const walBytes = fs.readdirSync(walDir).reduce((n, f) => n + fs.statSync(path.join(walDir, f)).size, 0);
    // The cluster is lost.
    await stop(primaryDir, 'immediate');

    // Recovery, as the docs give it: the base backup in place, the restore command and target, recovery.signal, start.
    const [, recoveryMs] = await timed(async () => {
      await asOwner('cp', ['-a', baseDir, restoredDir]);
      await conf(restoredDir, [
        `port = ${p2}`,
        'archive_mode = off',
        `restore_command = 'cp ${walDir}/%f %p'`,
        `recovery_target_time = '${target}'`,
        `recovery_target_action = 'promote'`,
      ]);
      await asOwner('touch', [path.join(restoredDir, 'recovery.signal')]);
      await asOwner('pg_ctl', ['-D', restoredDir, '-l', path.join(work, 'restored.log'), '-w', '-t', '600', 'start']);
      running.push(restoredDir);
      const c = new pg.Client({ connectionString: url(p2, 'postgres') });
      await c.connect();
      for (let i = 0; i < 6000; i++) {
        const [r] = (await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')).rows;
        if (!r!.r) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      await c.end();
    });
    const [after, checkMs] = await timed(async () => {
      const r = await openDb({ databaseUrl: url(p2) });
      try {
        const seen = await inspect(r);
        const [m] = await r.query<{ mistaken: number; kept: number }>(
          `SELECT count(*) FILTER (WHERE lead_professional_name = 'Mistaken Bulk Change')::int AS mistaken,
                  count(*) FILTER (WHERE lead_professional_name = 'Priya Fairweather-Jones')::int AS kept FROM children`,
        );
        return { seen, ...m! };
      } finally {
        await r.close();
      }
    });
    const problems = differences(expected, after.seen);
    if (!after.seen.audit.ok) problems.push(`the audit chain does not verify: ${after.seen.audit.problem}`);
    if (after.seen.audit.head.hash !== expected.audit.head.hash) problems.push('the audit chain head differs from the one at the target');
    if (after.mistaken !== 0) problems.push(`${after.mistaken} children still carry the mistaken change`);
    if (after.kept !== 100) problems.push(`${after.kept} of the 100 changes made before the target kept`);
    const log2 = fs.readFileSync(path.join(work, 'restored.log'), 'utf8');
    if (!/recovery stopping before commit/.test(log2)) problems.push('the recovery did not stop at the target (restored.log)');
    log('');
    log(`  step                                            seconds   × the base backup`);
    log(`  pg_basebackup (-Xstream)`.padEnd(48) + secs(baseMs).padStart(7) + '1.00'.padStart(13));
    log(`  recovery to the target (copy, replay, promote)`.padEnd(48) + secs(recoveryMs).padStart(7) + (recoveryMs / baseMs).toFixed(2).padStart(13));
    log(`  check (rows, audit chain)`.padEnd(48) + secs(checkMs).padStart(7) + (checkMs / baseMs).toFixed(2).padStart(13));
    log('');
    log(
      `  ${(walBytes / 1e6).toFixed(0)} MB of WAL archived; recovered to ${target}: the 100 changes before it kept, the bulk change after it undone; ${Object.keys(after.seen.tables).length} tables with the rows they had then; audit chain verified (${after.seen.audit.sealedEntries} entries)`,
    );
    console.log(
      JSON.stringify({
        drill: 'pitr',
        children: after.seen.tables.children,
        walBytes,
        seconds: { baseBackup: +secs(baseMs), recovery: +secs(recoveryMs), check: +secs(checkMs) },
        ok: problems.length === 0,
      }),
    );
    if (problems.length) {
      console.error(`Point-in-time recovery drill FAILED:\n  ${problems.join('\n  ')}`);
      return false;
    }
    log('Point-in-time recovery drill passed.');
    return true;
  } finally {
    for (const d of running) await stop(d, 'immediate').catch(() => undefined);
    if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
    else log(`Kept: ${work}`);
  }
}
