import type { Queryable } from '../db/client.ts';
import { randomToken } from './tokens.ts';

/** A secret kept in the database so every app process shares it; made on first use. */
export async function sharedSecret(q: Queryable, key: string): Promise<string> {
  await q.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, randomToken(48)]);
  const [row] = await q.query<{ value: string }>(`SELECT value FROM settings WHERE key = $1`, [key]);
  return row!.value;
}
