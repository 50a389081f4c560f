import type { Queryable } from '../../db/client.ts';

export type UserRow = {
  id: string;
  partnership_id: string;
  email: string;
  display_name: string;
  agency_id: string;
  roles: string[];
  password_hash: string | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: string | null;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
};

export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  const [row] = await q.query<UserRow>(`SELECT * FROM users WHERE lower(email) = lower($1)`, [email.trim()]);
  return row;
}

export async function findUser(q: Queryable, partnershipId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await q.query<UserRow>(`SELECT * FROM users WHERE partnership_id = $1 AND id = $2`, [partnershipId, id]);
  return row;
}

export async function setPendingTotp(q: Queryable, partnershipId: string, id: string, secret: string | null) {
  await q.query(`UPDATE users SET totp_pending_secret = $3, updated_at = now() WHERE partnership_id = $1 AND id = $2`, [partnershipId, id, secret]);
}

export async function enableTotp(q: Queryable, partnershipId: string, id: string, secret: string, step: number) {
  await q.query(
    `UPDATE users SET totp_secret = $3, totp_pending_secret = NULL, totp_last_step = $4, updated_at = now(), version = version + 1
      WHERE partnership_id = $1 AND id = $2`,
    [partnershipId, id, secret, step],
  );
}

/**
 * Records that a code of `step` was used, only if no code of that step or a later one was (one statement, so two
 * sign-ins racing with the same code cannot both succeed). False when the code was used already.
 */
export async function useTotpStep(q: Queryable, partnershipId: string, id: string, step: number): Promise<boolean> {
  const rows = await q.query(
    `UPDATE users SET totp_last_step = $3 WHERE partnership_id = $1 AND id = $2 AND (totp_last_step IS NULL OR totp_last_step < $3) RETURNING id`,
    [partnershipId, id, step],
  );
  return rows.length === 1;
}
