import crypto from 'node:crypto';
import http from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats, QueryObserver } from '../db/client.ts';

/**
 * What the metrics read from the database when scraped (features/platform gathers it): the mail outbox, the tracker's
 * queue and each job's last success. Counts and ages only.
 */
export type Signals = {
  mail: { pending: number; failed: number; oldestPendingSeconds: number };
  tracker: { queued: number; failed: number; oldestQueuedSeconds: number };
  jobs: { name: string; lastSuccess: Date }[];
};

export type Metrics = ReturnType<typeof createMetrics>;

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Issue 17 item 6: the process's metrics in Prometheus's format, a registry of its own (two apps in one process
 * keep theirs apart). Labels are bounded: a route's declared pattern (never a URL), a method, a status, a prepared
 * statement's name, a job's name. `pool` reads the database's connections; `signals` what the database holds.
 */
export function createMetrics(o: { pool?: () => PoolStats; signals?: () => Promise<Signals>; defaults?: boolean } = {}) {
  const registry = new Registry();
  if (o.defaults !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: 'mace_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status (499: the client went before the answer ended)',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'mace_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer ending, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const querySeconds = new Histogram({
    name: 'mace_db_query_duration_seconds',
    help: 'Time of a database query as the app waits for it (a connection, then the answer), by prepared statement (adhoc: any other)',
    labelNames: ['statement'] as const,
    buckets: DB_BUCKETS,
    registers,
  });
  const queryErrors = new Counter({ name: 'mace_db_query_errors_total', help: 'Database queries that failed', registers });
  const pool = (name: string, help: string, read: (s: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        if (o.pool) this.set(read(o.pool()));
      },
    });
  pool('mace_db_pool_connections', 'Database connections open (the embedded database: 1)', (s) => s.total);
  pool('mace_db_pool_idle_connections', 'Database connections open and idle', (s) => s.idle);
  pool('mace_db_pool_waiting_queries', 'Queries waiting for a database connection', (s) => s.waiting);

  const jobRuns = new Counter({
    name: 'mace_job_runs_total',
    help: 'Job runs by this process, by job and outcome (succeeded, failed)',
    labelNames: ['job', 'outcome'] as const,
    registers,
  });
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers });
  const g = {
    up: gauge('mace_signals_up', '1 when the database answered the last scrape’s questions (the queues and jobs below), 0 when not'),
    mailPending: gauge('mace_mail_outbox_pending', 'Email queued and not yet sent (still being tried)'),
    mailFailed: gauge('mace_mail_outbox_failed', 'Email given up on after its last attempt'),
    mailOldest: gauge('mace_mail_outbox_oldest_pending_seconds', 'Age of the oldest email queued and not yet sent (0: none)'),
    trackerQueued: gauge('mace_tracker_outbox_queued', 'Encodings and withdrawals queued for the national tracker'),
    trackerFailed: gauge('mace_tracker_outbox_failed', 'Queued for the tracker and refused by it (kept, not retried)'),
    trackerOldest: gauge('mace_tracker_outbox_oldest_queued_seconds', 'Age of the oldest entry queued for the tracker (0: none)'),
    jobLastSuccess: gauge('mace_job_last_success_timestamp_seconds', 'When each job last succeeded (any process), Unix time', ['job']),
  };

  const statementTimers = new Map<string, Histogram.Internal<'statement'>>();
  const observeQuery: QueryObserver = (statement, seconds, failed) => {
    let h = statementTimers.get(statement);
    if (!h) statementTimers.set(statement, (h = querySeconds.labels(statement)));
    h.observe(seconds);
    if (failed) queryErrors.inc();
  };

  async function refreshSignals() {
    if (!o.signals) return;
    try {
      const s = await o.signals();
      g.mailPending.set(s.mail.pending);
      g.mailFailed.set(s.mail.failed);
      g.mailOldest.set(s.mail.oldestPendingSeconds);
      g.trackerQueued.set(s.tracker.queued);
      g.trackerFailed.set(s.tracker.failed);
      g.trackerOldest.set(s.tracker.oldestQueuedSeconds);
      for (const j of s.jobs) g.jobLastSuccess.set({ job: j.name }, Math.floor(j.lastSuccess.getTime() / 1000));
      g.up.set(1);
    } catch {
      g.up.set(0);
    }
  }

  return {
    registry,
    contentType: registry.contentType,
    observeRequest(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status: String(status) });
      requestSeconds.observe({ method, route }, seconds);
    },
    observeQuery,
    jobRun(job: string, outcome: string) {
      jobRuns.inc({ job, outcome });
    },
    /** The exposition text: the database's signals read first, then every metric. */
    async render(): Promise<string> {
      await refreshSignals();
      return registry.metrics();
    },
  };
}

/** Whether an Authorization header carries the metrics token (compared in constant time, as digests). */
export function metricsAuthorised(header: string | undefined, token: string): boolean {
  const m = /^Bearer (\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const digest = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(m[1]!), digest(token));
}

/**
 * METRICS_PORT: /metrics on a port of its own (a plain node:http server: nothing of the app, no session, no page),
 * asking for the token too when METRICS_TOKEN is set. Anything else there is 404.
 */
export function metricsServer(metrics: Metrics, token: string | undefined): http.Server {
  return http.createServer((req, res) => {
    const url = req.url?.split('?')[0];
    if (req.method !== 'GET' || url !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    if (token && !metricsAuthorised(req.headers.authorization, token)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' }).end('Unauthorised\n');
      return;
    }
    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics unavailable\n'),
    );
  });
}
