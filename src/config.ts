import { z } from 'zod';

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
  };
}
