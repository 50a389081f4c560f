import fs from 'node:fs';
import { z } from 'zod';
import { holidayCalendarFromGovUk, type HolidayCalendar } from './domain/calendar/working-days.ts';
import shippedBankHolidays from '../config/bank-holidays.json' with { type: 'json' };
import { defaultThresholds } from './domain/linkage/model.ts';

/** When reminders go: hours before a meeting's deadline, days before an action or a review is due. */
export type ReminderSettings = { deadlineHours: number; actionDays: number; reviewDays: number };
export const DEFAULT_REMINDERS: ReminderSettings = { deadlineHours: 24, actionDays: 3, reviewDays: 7 };

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9][0-9]{0,4}MB$/, 'a size like 96MB')
    .default('96MB'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_REPLICA_URL: z.string().url().optional(),
  DATABASE_REPLICA_MAX_LAG_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  DB_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('mace_app'),
  DEMO_PASSWORD: z.string().min(8).optional(),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_WARNING_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('MACE <no-reply@mace.example.org>'),
  PUBLIC_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'an http or https address')
    .optional(),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  TRUST_PROXY: z.string().optional(),
  JOBS_ENABLED: z.enum(['true', 'false']).optional(),
  JOBS_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(24 * 3600)
    .default(300),
  BANK_HOLIDAYS_FILE: z.string().min(1).optional(),
  REMINDER_DEADLINE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(DEFAULT_REMINDERS.deadlineHours),
  REMINDER_ACTION_DAYS: z.coerce.number().int().min(0).max(60).default(DEFAULT_REMINDERS.actionDays),
  REMINDER_REVIEW_DAYS: z.coerce.number().int().min(0).max(60).default(DEFAULT_REMINDERS.reviewDays),
  TRACKER_MODE: z.enum(['off', 'in-process', 'http']).optional(),
  TRACKER_URL: z
    .string()
    .url()
    .regex(/^https?:\/\//, 'an http or https address')
    .optional(),
  TRACKER_TOKENS_FILE: z.string().min(1).optional(),
  TRACKER_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  TRACKER_PARTNERSHIP: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'a partnership id')
    .optional(),
  TRACKER_KEY: z.string().min(32, 'at least 32 characters').optional(),
  TRACKER_STRONG_THRESHOLD: z.coerce.number().gt(0).max(1).default(defaultThresholds.strong),
  TRACKER_POSSIBLE_THRESHOLD: z.coerce.number().gt(0).max(1).default(defaultThresholds.possible),
});

/** Issue 14: the fixed encoding key of development and tests (never for live data: production requires TRACKER_KEY). */
const DEVELOPMENT_TRACKER_KEY = 'mace-development-tracker-key-not-for-live-data-0001';

/** The national tracker's app side (features/tracker). */
export type TrackerSettings = {
  /** off; in-process (this process, its tables in this database); http (its own process at `url`). */
  mode: 'off' | 'in-process' | 'http';
  url?: string;
  /** http: partnership id → its bearer token (TRACKER_TOKENS_FILE). */
  tokens: Record<string, string>;
  /** http: the token of the one partnership this deployment speaks for (TRACKER_TOKEN), and its id. */
  token?: string;
  partnership?: string;
  /** The key the partnerships share: encodings and sealed disclosures (the tracker never holds it). */
  key: string;
  /** in-process: the match probabilities of a strong and a possible match. */
  thresholds: { strong: number; possible: number };
};

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** The embedded database's shared_buffers (PostgreSQL's own setting on a server). */
  pgliteSharedBuffers: string;
  databaseUrl?: string;
  /**
   * Issue 17: a streaming replica of DATABASE_URL that reports, dashboards, networks and searches read from
   * (`db.readTx`), and how far behind the primary it may fall before it is not used.
   */
  databaseReplica?: { url: string; maxLagSeconds: number };
  /** Issue 17: how many processes `npm start` runs (node:cluster workers; 1 on the embedded database). */
  webConcurrency: number;
  dbAppRole: string;
  demoPassword?: string;
  sessionIdleMinutes: number;
  sessionWarningMinutes: number;
  secureCookies: boolean;
  smtpUrl?: string;
  mailFrom: string;
  /** Where users reach the service: the start of every link in an email. */
  publicUrl: string;
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  trustProxy?: string;
  /**
   * Issue 17 item 6: /metrics is never public. `token`: the bearer token it asks for (METRICS_TOKEN); `port`: a port
   * of its own (METRICS_PORT, on `host`, 127.0.0.1 by default), and then the app's port does not serve it. Neither: 404.
   */
  metrics: { token?: string; port?: number; host: string };
  /** The reminders and maintenance (features/jobs): whether the server runs them on an interval (off under NODE_ENV=test unless JOBS_ENABLED=true). */
  jobs: { enabled: boolean; intervalSeconds: number; reminders: ReminderSettings };
  /**
   * The bank holidays every working-day count uses: a newer GOV.UK-shaped file (BANK_HOLIDAYS_FILE) read once here, the
   * shipped config/bank-holidays.json otherwise. A value: createServices passes it to the services that need it.
   */
  bankHolidays: HolidayCalendar;
  tracker: TrackerSettings;
  /** Issue 16: each partnership's OpenID Connect provider, by partnership id (OIDC_<PARTNERSHIP>_ISSUER, _CLIENT_ID, _CLIENT_SECRET). */
  oidc: Record<string, OidcProviderSettings>;
};

export type OidcProviderSettings = { issuer: string; clientId: string; clientSecret: string };

/** Parses the environment once. Throws a readable error naming each bad variable. */
export function loadConfig(given: NodeJS.ProcessEnv = process.env): Config {
  // Issue 16 item 10: a variable set to the empty string (`DATABASE_URL=` in a .env file or a compose file) is unset.
  const env = unsetEmpty(given);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) {
    throw invalid(['DATABASE_REPLICA_URL: needs DATABASE_URL (a replica of a PostgreSQL server; the embedded database has none)']);
  }
  // A live service that sends email must say where users reach it, or every link in every email points at localhost.
  if (e.NODE_ENV === 'production' && e.SMTP_URL && !e.PUBLIC_URL) {
    throw new Error(
      'Invalid configuration:\n  PUBLIC_URL: required when NODE_ENV is production and SMTP_URL is set (the start of every link in an email, like https://mace.example.org)',
    );
  }
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT === e.PORT)
    throw invalid(['METRICS_PORT: must differ from PORT (the metrics port is apart from the app’s)']);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    pgliteSharedBuffers: e.PGLITE_SHARED_BUFFERS,
    databaseUrl: e.DATABASE_URL,
    databaseReplica: e.DATABASE_REPLICA_URL ? { url: e.DATABASE_REPLICA_URL, maxLagSeconds: e.DATABASE_REPLICA_MAX_LAG_SECONDS } : undefined,
    webConcurrency: e.WEB_CONCURRENCY,
    dbAppRole: e.DB_APP_ROLE,
    demoPassword: e.DEMO_PASSWORD,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionWarningMinutes: Math.min(e.SESSION_WARNING_MINUTES, e.SESSION_IDLE_MINUTES),
    secureCookies: e.SECURE_COOKIES ? e.SECURE_COOKIES === 'true' : e.NODE_ENV === 'production',
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
    jobs: {
      enabled: e.JOBS_ENABLED ? e.JOBS_ENABLED === 'true' : e.NODE_ENV !== 'test',
      intervalSeconds: e.JOBS_INTERVAL_SECONDS,
      reminders: { deadlineHours: e.REMINDER_DEADLINE_HOURS, actionDays: e.REMINDER_ACTION_DAYS, reviewDays: e.REMINDER_REVIEW_DAYS },
    },
    bankHolidays: e.BANK_HOLIDAYS_FILE ? loadBankHolidays(e.BANK_HOLIDAYS_FILE) : holidayCalendarFromGovUk(shippedBankHolidays),
    tracker: trackerSettings(e),
    oidc: oidcSettings(env, e.NODE_ENV),
  };
}

/** The environment without its empty variables: every variable, so each default and optional applies as if it were not set. */
export function unsetEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as NodeJS.ProcessEnv;
}

const invalid = (lines: string[]) => new Error(`Invalid configuration:\n${lines.map((l) => `  ${l}`).join('\n')}`);

/** Issue 14: the tracker's settings; in-process by default in development and tests (so the demo shows it), off in production. */
function trackerSettings(e: z.infer<typeof schema>): TrackerSettings {
  const mode = e.TRACKER_MODE ?? (e.NODE_ENV === 'production' ? 'off' : 'in-process');
  const problems: string[] = [];
  if (e.TRACKER_POSSIBLE_THRESHOLD > e.TRACKER_STRONG_THRESHOLD) problems.push('TRACKER_POSSIBLE_THRESHOLD: must not be above TRACKER_STRONG_THRESHOLD');
  if (mode !== 'off' && e.NODE_ENV === 'production' && !e.TRACKER_KEY)
    problems.push('TRACKER_KEY: required in production when the tracker is on (the key the partnerships share, 32+ characters)');
  let tokens: Record<string, string> = {};
  if (mode === 'http') {
    if (!e.TRACKER_URL) problems.push('TRACKER_URL: required when TRACKER_MODE is http (the tracker’s address, like http://127.0.0.1:4100)');
    if (!e.TRACKER_TOKENS_FILE && !e.TRACKER_TOKEN) problems.push('TRACKER_TOKEN or TRACKER_TOKENS_FILE: required when TRACKER_MODE is http');
    if (e.TRACKER_TOKENS_FILE) {
      try {
        const parsed = z.record(z.string().regex(/^[a-z0-9-]+$/), z.string().min(16)).safeParse(JSON.parse(fs.readFileSync(e.TRACKER_TOKENS_FILE, 'utf8')));
        if (parsed.success) tokens = parsed.data;
        else problems.push('TRACKER_TOKENS_FILE: a JSON object of partnership id → bearer token (16+ characters)');
      } catch (_err) {
        problems.push('TRACKER_TOKENS_FILE: cannot be read as JSON');
      }
    }
  }
  if (problems.length) throw invalid(problems);
  return {
    mode,
    url: e.TRACKER_URL,
    tokens,
    token: e.TRACKER_TOKEN,
    partnership: e.TRACKER_PARTNERSHIP,
    key: e.TRACKER_KEY ?? DEVELOPMENT_TRACKER_KEY,
    thresholds: { strong: e.TRACKER_STRONG_THRESHOLD, possible: e.TRACKER_POSSIBLE_THRESHOLD },
  };
}

/**
 * Issue 16: OIDC_<PARTNERSHIP>_ISSUER, OIDC_<PARTNERSHIP>_CLIENT_ID and OIDC_<PARTNERSHIP>_CLIENT_SECRET (the partnership's
 * id upper-cased, hyphens as underscores) turn on sign-in through that partnership's provider. All three or none; an
 * empty variable counts as unset; an http:// issuer only when NODE_ENV is not production (tests and the local demo).
 */
function oidcSettings(env: NodeJS.ProcessEnv, nodeEnv: string): Record<string, OidcProviderSettings> {
  const found: Record<string, Partial<OidcProviderSettings>> = {};
  const field = { ISSUER: 'issuer', CLIENT_ID: 'clientId', CLIENT_SECRET: 'clientSecret' } as const;
  for (const [k, v] of Object.entries(env)) {
    const m = /^OIDC_([A-Z0-9_]+?)_(ISSUER|CLIENT_ID|CLIENT_SECRET)$/.exec(k);
    if (!m || !v) continue;
    const partnership = m[1]!.toLowerCase().replace(/_/g, '-');
    (found[partnership] ??= {})[field[m[2] as keyof typeof field]] = v;
  }
  const problems: string[] = [];
  const out: Record<string, OidcProviderSettings> = {};
  for (const [p, o] of Object.entries(found)) {
    const name = `OIDC_${p.toUpperCase().replace(/-/g, '_')}`;
    const missing = (['issuer', 'clientId', 'clientSecret'] as const).filter((f) => !o[f]);
    if (missing.length) {
      problems.push(
        `${name}_*: ${missing.map((f) => ({ issuer: 'ISSUER', clientId: 'CLIENT_ID', clientSecret: 'CLIENT_SECRET' })[f]).join(' and ')} missing (all three or none)`,
      );
      continue;
    }
    let url: URL;
    try {
      url = new URL(o.issuer!);
    } catch (_err) {
      problems.push(`${name}_ISSUER: not a URL`);
      continue;
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && nodeEnv !== 'production'))
      problems.push(`${name}_ISSUER: must be an https:// address${nodeEnv === 'production' ? ' in production' : ''}`);
    else out[p] = o as OidcProviderSettings;
  }
  if (problems.length) throw invalid(problems);
  return out;
}

/** Reads a bank holidays file (the GOV.UK JSON, england-and-wales); a bad file stops the start with the reason. */
export function loadBankHolidays(file: string): HolidayCalendar {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`BANK_HOLIDAYS_FILE ${file} could not be read as JSON: ${(err as Error).message}`);
  }
  try {
    return holidayCalendarFromGovUk(json);
  } catch (err) {
    throw new Error(`BANK_HOLIDAYS_FILE ${file}: ${(err as Error).message}`);
  }
}
