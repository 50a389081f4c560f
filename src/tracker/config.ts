import fs from 'node:fs';
import { z } from 'zod';
import { defaultThresholds } from '../domain/linkage/model.ts';
import { idPattern } from './core.ts';
import type { TokenHashes } from './http.ts';

const schema = z
  .object({
    TRACKER_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
    TRACKER_HOST: z.string().default('127.0.0.1'),
    TRACKER_DATA_DIR: z.string().default('./data/tracker'),
    TRACKER_DATABASE_URL: z.string().url().optional(),
    TRACKER_TOKENS_FILE: z.string({ error: 'required: a JSON file of partnership id → sha256 (hex) of its token' }).min(1),
    TRACKER_STRONG_THRESHOLD: z.coerce.number().gt(0).max(1).default(defaultThresholds.strong),
    TRACKER_POSSIBLE_THRESHOLD: z.coerce.number().gt(0).max(1).default(defaultThresholds.possible),
    TRACKER_ENGINE: z.enum(['linkage', 'exact']).default('linkage'),
    TRACKER_LOG: z.enum(['silent', 'info']).default('info'),
  })
  .refine((e) => e.TRACKER_POSSIBLE_THRESHOLD <= e.TRACKER_STRONG_THRESHOLD, {
    message: 'must not be above TRACKER_STRONG_THRESHOLD',
    path: ['TRACKER_POSSIBLE_THRESHOLD'],
  });

type TrackerConfig = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  tokens: TokenHashes;
  thresholds: { strong: number; possible: number };
  engine: 'linkage' | 'exact';
  log: 'silent' | 'info';
};

const tokensSchema = z.record(z.string().regex(idPattern, 'a partnership id'), z.string().regex(/^[0-9a-f]{64}$/, 'the sha256 of the token, 64 hex digits'));

/** Parses the tracker's environment and reads its tokens file; throws naming each bad variable. */
export function loadTrackerConfig(env: NodeJS.ProcessEnv = process.env): TrackerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid tracker configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const e = parsed.data;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(e.TRACKER_TOKENS_FILE, 'utf8'));
  } catch (_err) {
    throw new Error('Invalid tracker configuration:\n  TRACKER_TOKENS_FILE: cannot be read as JSON');
  }
  const tokens = tokensSchema.safeParse(raw);
  if (!tokens.success || !Object.keys(tokens.data).length) {
    const lines = tokens.success ? ['  no partnerships'] : tokens.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid tracker configuration: TRACKER_TOKENS_FILE\n${lines.join('\n')}`);
  }
  return {
    port: e.TRACKER_PORT,
    host: e.TRACKER_HOST,
    dataDir: e.TRACKER_DATA_DIR,
    databaseUrl: e.TRACKER_DATABASE_URL,
    tokens: new Map(Object.entries(tokens.data).map(([p, h]) => [p, h.toLowerCase()])),
    thresholds: { strong: e.TRACKER_STRONG_THRESHOLD, possible: e.TRACKER_POSSIBLE_THRESHOLD },
    engine: e.TRACKER_ENGINE,
    log: e.TRACKER_LOG,
  };
}
