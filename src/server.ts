import cluster from 'node:cluster';
import module from 'node:module';
import type { Db } from './db/client.ts';
import type { Logger } from './platform/log.ts';
import type { Held } from './features/backup/backup.ts';

// Issue 17 item 7 (ready within 5 s): node keeps what it compiled of each module, TypeScript's types stripped, in its
// compile cache (the temporary directory, or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off): a start
// after the first compiles nothing again, about 40% less time in the imports. It must be on before they load, so the
// modules are imported here, after it.
try {
  module.enableCompileCache?.();
} catch {
  /* no cache: a slower start, nothing else */
}
const booted = performance.now();
const [
  { loadConfig },
  { loadPartnerships },
  { openDb },
  { migrate },
  { syncPartnerships },
  { seedDemo },
  { sharedSecret },
  { buildAssetsApart },
  { createApp },
  { createServices },
  { mailSender },
  { startJobRunner },
  { mailContext },
  { createLogger, logEntries },
  { metricsServer },
  { BackupRefused, holdDataDir, serverBackup },
] = await Promise.all([
  import('./config.ts'),
  import('./partnerships/index.ts'),
  import('./db/client.ts'),
  import('./db/migrate.ts'),
  import('./db/sync.ts'),
  import('./db/demo-seed.ts'),
  import('./platform/secrets.ts'),
  import('./assets/build.ts'),
  import('./app.ts'),
  import('./services.ts'),
  import('./features/mail/sender.ts'),
  import('./features/jobs/runner.ts'),
  import('./platform/mail.ts'),
  import('./platform/log.ts'),
  import('./platform/metrics.ts'),
  import('./features/backup/backup.ts'),
]);

// config (the environment, parsed once; a newer bank holidays file read with it) → assets → database → migrate
// and sync the partnerships' configuration → the demo seed on a first embedded start → the services → listen;
// then the mail sender and the jobs runner when configured, and a clean stop. Each step's time goes in the
// "listening" line, from the process's start (issue 17 item 7: ready within 5 s on an existing database).
// performance.now() counts from the process's start: `boot` is node's own start, `imports` this code's modules.
// Issue 17 item 1: with WEB_CONCURRENCY=N (N > 1, a PostgreSQL server) this process does everything up to the demo seed
// once, then runs N worker processes (node:cluster) that share the port; each opens its own pool and serves; the first
// (index 0, started again under the same index if it dies) also sends the mail and runs the jobs. Nothing else lives in
// one process: sessions, sign-in throttling, the CSRF secret, uploads waiting for import, the outbox and the tracker's
// queue are rows of the database, and the jobs take advisory locks, so several hosts may run this at once too.
const phases: Record<string, number> = { boot: Math.round(booted) };
let last = booted;
const phase = (name: string) => {
  const now = performance.now();
  phases[name] = Math.round(now - last);
  last = now;
};
phase('imports');
const config = loadConfig();
const partnerships = loadPartnerships();
const openConfigured = () =>
  openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sharedBuffers: config.pgliteSharedBuffers, replica: config.databaseReplica });
/** The start-up lines are written whatever LOG_LEVEL says (but silent): the tests and benchmarks wait for them. */
const announcer = (log: Logger) => (config.logLevel === 'silent' ? log : log.child({}, { level: 'info' }));
const where = (db: Db) => (db.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server');

/** Builds the app on an open database (as the app role) and listens; index 0 also sends the mail and runs the jobs. */
async function serve(index: number, db: Db, applied: string[] | undefined, held?: Held): Promise<void> {
  held?.serveBackups(serverBackup(db, config.dataDir));
  const csrf = { secret: await sharedSecret(db, 'csrf_secret') };
  const services = createServices(db, config, partnerships);
  const app = createApp({ config, partnerships, csrf, services });
  const log = services.log;
  const announce = announcer(log);
  phase('services');
  const server = app.listen(config.port, config.host, () => {
    phase('listen');
    if (cluster.isWorker) return; // the primary process says when all its workers listen
    announce.info(
      {
        event: 'listening',
        port: config.port,
        database: db.kind,
        migrationsApplied: applied?.length ?? 0,
        startMs: Math.round(performance.now()),
        phases,
      },
      `MACE listening on http://localhost:${config.port} (${where(db)}; ${applied?.length ?? 0} migration(s) applied)`,
    );
  });

  // Issue 17 item 6: /metrics on a port of its own when METRICS_PORT is set (the app's port then does not serve it). Each
  // worker of a cluster keeps its own counters, so worker i serves them on METRICS_PORT + i (scrape each).
  const metricsPort = config.metrics.port ? config.metrics.port + index : undefined;
  const metricsHttp = metricsPort ? metricsServer(services.metrics, config.metrics.token) : undefined;
  metricsHttp?.listen(metricsPort, config.metrics.host, () =>
    announce.info(
      { event: 'metrics-listening', port: metricsPort, host: config.metrics.host },
      `metrics on http://${config.metrics.host}:${metricsPort}/metrics`,
    ),
  );

  // One process of a cluster sends the mail and runs the jobs (each also safe if several hosts run them: the outbox is
  // claimed row by row, and a run of the jobs holds an advisory lock).
  const leader = index === 0;
  // The outbox is sent only when a mail server is configured; otherwise admins read it at /admin/outbox.
  const stopMail = leader && config.smtpUrl ? mailSender(db, { smtpUrl: config.smtpUrl, from: config.mailFrom, log: logEntries(log) }).start() : undefined;
  // Reminders (deadlines, actions, reviews): one runner per database at a time (advisory lock), each reminder once.
  const stopJobs =
    leader && config.jobs.enabled
      ? startJobRunner(db, partnerships, {
          intervalSeconds: config.jobs.intervalSeconds,
          reminders: config.jobs.reminders,
          links: mailContext(config.publicUrl),
          calendar: config.bankHolidays,
          tracker: services.tracker,
          retention: services.retention,
          log: logEntries(log),
          onRun: (job, outcome) => services.metrics.jobRun(job, outcome),
        })
      : undefined;

  // review_due (migration 071): computed for every partnership soon after start, not at the first view of the reviews
  // page (a database migrated to 071, a bench set, or changed rules or bank holidays); a failure leaves it to that view.
  if (leader)
    void services.reviews
      .settle(partnerships.values())
      .catch((err: unknown) => log.error({ event: 'review-due.settle', err }, 'review_due not brought up to date at start'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    metricsHttp?.close();
    await stopMail?.().catch(() => undefined);
    await stopJobs?.().catch(() => undefined);
    await db.close().catch(() => undefined);
    await held?.release().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A worker whose primary process has gone stops too.
  cluster.worker?.on('disconnect', stop);
}

/** Runs `count` workers, starting each again (under its index) if it dies; stops them all on SIGTERM or SIGINT. */
function supervise(count: number, applied: string[], log: Logger): void {
  const announce = announcer(log);
  let stopping = false;
  let listening = 0;
  const fork = (index: number) => {
    const startedAt = Date.now();
    const worker = cluster.fork({ MACE_WORKER_INDEX: String(index) });
    worker.once('listening', () => {
      if (++listening !== count) return;
      phase('workers');
      announce.info(
        {
          event: 'listening',
          port: config.port,
          database: 'postgres',
          processes: count,
          migrationsApplied: applied.length,
          startMs: Math.round(performance.now()),
          phases,
        },
        `MACE listening on http://localhost:${config.port} (PostgreSQL server; ${count} processes; ${applied.length} migration(s) applied)`,
      );
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      // A worker stopped cleanly (a SIGTERM sent to the whole process group) is not replaced; when none is left, all stop.
      if (code === 0 && !signal) {
        if (!Object.values(cluster.workers ?? {}).some((w) => w && !w.isDead())) process.exit(0);
        return;
      }
      log.error({ event: 'worker.exit', index, code, signal }, 'a worker process died: starting another');
      // One that died soon after starting waits longer, so a failing start does not spin.
      setTimeout(() => fork(index), Date.now() - startedAt < 10_000 ? 5_000 : 1_000);
    });
  };
  for (let i = 0; i < count; i++) fork(i);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => !!w);
    let left = workers.length;
    if (!left) process.exit(0);
    for (const w of workers) {
      w.once('exit', () => --left === 0 && process.exit(0));
      w.process.kill('SIGTERM');
    }
    setTimeout(() => {
      for (const w of workers) w.process.kill('SIGKILL');
      process.exit(0);
    }, 10_000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (cluster.isWorker) {
  const db = await openConfigured();
  await db.useAppRole(config.dbAppRole);
  await serve(Number(process.env.MACE_WORKER_INDEX ?? '0'), db, undefined);
} else {
  const processes = config.webConcurrency > 1 && !config.databaseUrl ? 1 : config.webConcurrency;
  // Once, before any worker: the stylesheet (written by one process), the migrations, the configuration, the demo seed.
  buildAssetsApart();
  phase('config');
  // The embedded database serves one process: this one holds its directory (a second server, a backup or a restore is
  // told), and answers `npm run backup` on the directory's control socket (features/backup).
  const held = config.databaseUrl
    ? undefined
    : await holdDataDir(config.dataDir, 'server').catch((err: Error) => {
        if (!(err instanceof BackupRefused)) throw err;
        console.error(`Cannot start: ${err.message}. The embedded database serves one process at a time.`);
        process.exit(1);
      });
  const db = await openConfigured();
  phase('database');
  const applied = await migrate(db, config.dbAppRole);
  await db.useAppRole(config.dbAppRole);
  phase('migrate');
  await syncPartnerships(db, partnerships);
  phase('sync');

  // Demo data on a first start of an empty embedded database only; never on a server unless asked.
  const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')) as [{ n: number }];
  if (db.kind === 'pglite' && n === 0) {
    const demo = await seedDemo(db, partnerships, config.bankHolidays, config.demoPassword);
    // Shown to the person starting the demo on their own machine (not a log line): how to sign in.
    console.log('\nDemo data loaded (fictional). Sign in as {role}@{partnership}.example.org, for example practitioner@staffordshire.example.org');
    console.log('Roles: practitioner, coordinator, administrator, chair, responder, analyst, admin. Partnerships: staffordshire, rotherham, llr.');
    console.log(
      demo.generated
        ? `Demo password (generated, shown once; set DEMO_PASSWORD to choose one): ${demo.password}\n`
        : 'Demo password: the value of DEMO_PASSWORD\n',
    );
    phase('demo');
  }

  if (processes === 1) {
    if (config.webConcurrency > 1)
      announcer(createLogger(config.logLevel)).warn(
        { event: 'web-concurrency-ignored', webConcurrency: config.webConcurrency },
        `WEB_CONCURRENCY=${config.webConcurrency} ignored: the embedded database belongs to one process (set DATABASE_URL to run several). Running one.`,
      );
    await serve(0, db, applied, held);
  } else {
    await sharedSecret(db, 'csrf_secret'); // made once here rather than raced for by the workers (either would be safe)
    await db.close();
    supervise(processes, applied, createLogger(config.logLevel));
  }
}
