import module from 'node:module';

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
  { logEntries },
  { metricsServer },
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
]);

// config (the environment, parsed once; a newer bank holidays file read with it) → assets → database → migrate
// and sync the partnerships' configuration → the demo seed on a first embedded start → the services → listen;
// then the mail sender and the jobs runner when configured, and a clean stop. Each step's time goes in the
// "listening" line, from the process's start (issue 17 item 7: ready within 5 s on an existing database).
// performance.now() counts from the process's start: `boot` is node's own start, `imports` this code's modules.
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
buildAssetsApart();
phase('config');
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sharedBuffers: config.pgliteSharedBuffers });
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

const csrf = { secret: await sharedSecret(db, 'csrf_secret') };
const services = createServices(db, config, partnerships);
const app = createApp({ config, partnerships, csrf, services });
const log = services.log;
// The start-up line is written whatever LOG_LEVEL says (but silent): the tests and benchmarks wait for it.
const announce = config.logLevel === 'silent' ? log : log.child({}, { level: 'info' });
phase('services');
const server = app.listen(config.port, config.host, () => {
  phase('listen');
  const where = db.kind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server';
  announce.info(
    { event: 'listening', port: config.port, database: db.kind, migrationsApplied: applied.length, startMs: Math.round(performance.now()), phases },
    `MACE listening on http://localhost:${config.port} (${where}; ${applied.length} migration(s) applied)`,
  );
});

// Issue 17 item 6: /metrics on a port of its own when METRICS_PORT is set (the app's port then does not serve it).
const metricsHttp = config.metrics.port ? metricsServer(services.metrics, config.metrics.token) : undefined;
metricsHttp?.listen(config.metrics.port, config.metrics.host, () =>
  announce.info(
    { event: 'metrics-listening', port: config.metrics.port, host: config.metrics.host },
    `metrics on http://${config.metrics.host}:${config.metrics.port}/metrics`,
  ),
);

// The outbox is sent only when a mail server is configured; otherwise admins read it at /admin/outbox.
const stopMail = config.smtpUrl ? mailSender(db, { smtpUrl: config.smtpUrl, from: config.mailFrom, log: logEntries(log) }).start() : undefined;
// Reminders (deadlines, actions, reviews): one runner per database at a time (advisory lock), each reminder once.
const stopJobs = config.jobs.enabled
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

const stop = async () => {
  server.close();
  metricsHttp?.close();
  await stopMail?.().catch(() => undefined);
  await stopJobs?.().catch(() => undefined);
  await db.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
