import fs from 'node:fs';
import { z } from 'zod';
import { holidayCalendarFromGovUk, type HolidayCalendar } from './domain/calendar/working-days.ts';

/** When reminders go: hours before a meeting's deadline, days before an action or a review is due. */
export type ReminderSettings = { deadlineHours: number; actionDays: number; reviewDays: number };
export const DEFAULT_REMINDERS: ReminderSettings = { deadlineHours: 24, actionDays: 3, reviewDays: 7 };

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  PGLITE_SHARED_BUFFERS: z.string().regex(/^[1-9][0-9]{0,4}MB$/, 'a size like 96MB').default('96MB'),
  DATABASE_URL: z.string().url().optional(),
  DB_APP_ROLE: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('mace_app'),
  DEMO_PASSWORD: z.string().min(8).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_WARNING_MINUTES: z.coerce.number().int().min(1).max(60).default(5),
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('MACE <no-reply@mace.example.org>'),
  PUBLIC_URL: z.string().url().regex(/^https?:\/\//, 'an http or https address').optional(),
  LOG_LEVEL: z.enum(['silent', 'error', 'info']).default('info'),
  TRUST_PROXY: z.string().optional(),
  JOBS_ENABLED: z.enum(['true', 'false']).optional(),
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(24 * 3600).default(300),
  BANK_HOLIDAYS_FILE: z.string().min(1).optional(),
  REMINDER_DEADLINE_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(DEFAULT_REMINDERS.deadlineHours),
  REMINDER_ACTION_DAYS: z.coerce.number().int().min(0).max(60).default(DEFAULT_REMINDERS.actionDays),
  REMINDER_REVIEW_DAYS: z.coerce.number().int().min(0).max(60).default(DEFAULT_REMINDERS.reviewDays),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** The embedded database's shared_buffers (PostgreSQL's own setting on a server). */
  pgliteSharedBuffers: string;
  databaseUrl?: string;
  dbAppRole: string;
  demoPassword?: string;
  sessionIdleMinutes: number;
  sessionWarningMinutes: number;
  secureCookies: boolean;
  smtpUrl?: string;
  mailFrom: string;
  /** Where users reach the service: the start of every link in an email. */
  publicUrl: string;
  logLevel: 'silent' | 'error' | 'info';
  trustProxy?: string;
  /** The reminders and maintenance (features/jobs): whether the server runs them on an interval (off under NODE_ENV=test unless JOBS_ENABLED=true). */
  jobs: { enabled: boolean; intervalSeconds: number; reminders: ReminderSettings };
  /** A newer GOV.UK-shaped bank holidays file (BANK_HOLIDAYS_FILE), read once here; the shipped config/bank-holidays.json otherwise. */
  bankHolidays?: HolidayCalendar;
};

/** Parses the environment once. Throws a readable error naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // A live service that sends email must say where users reach it, or every link in every email points at localhost.
  if (e.NODE_ENV === 'production' && e.SMTP_URL && !e.PUBLIC_URL) {
    throw new Error('Invalid configuration:\n  PUBLIC_URL: required when NODE_ENV is production and SMTP_URL is set (the start of every link in an email, like https://mace.example.org)');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    pgliteSharedBuffers: e.PGLITE_SHARED_BUFFERS,
    databaseUrl: e.DATABASE_URL,
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
    jobs: {
      enabled: e.JOBS_ENABLED ? e.JOBS_ENABLED === 'true' : e.NODE_ENV !== 'test',
      intervalSeconds: e.JOBS_INTERVAL_SECONDS,
      reminders: { deadlineHours: e.REMINDER_DEADLINE_HOURS, actionDays: e.REMINDER_ACTION_DAYS, reviewDays: e.REMINDER_REVIEW_DAYS },
    },
    bankHolidays: e.BANK_HOLIDAYS_FILE ? loadBankHolidays(e.BANK_HOLIDAYS_FILE) : undefined,
  };
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
