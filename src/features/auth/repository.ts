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

/**
 * The account an email signs in as, in whichever partnership holds it: user_emails names the partnership (an email is
 * one account across the deployment: migration 051), then the account is read in that partnership alone.
 */
export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  const [holder] = await q.query<{ partnership_id: string }>(`SELECT partnership_id FROM user_emails WHERE email = lower($1)`, [email.trim()]);
  if (!holder) return undefined;
  return findUserInPartnershipByEmail(q, holder.partnership_id, email);
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

// ---- Sign-in through the partnership's identity provider (issue 16) ------------------------------------------------

export async function findUserInPartnershipByEmail(q: Queryable, partnershipId: string, email: string): Promise<UserRow | undefined> {
  const [row] = await q.query<UserRow>(`SELECT * FROM users WHERE partnership_id = $1 AND email_key = lower($2)`, [partnershipId, email.trim()]);
  return row;
}

export async function findUserByExternalId(q: Queryable, partnershipId: string, externalId: string): Promise<UserRow | undefined> {
  const [row] = await q.query<UserRow>(`SELECT * FROM users WHERE partnership_id = $1 AND external_id = $2`, [partnershipId, externalId]);
  return row;
}

/** Keeps the provider's id on the account at its first sign-in by verified email; false when it has another already. */
export async function linkExternalId(q: Queryable, partnershipId: string, id: string, externalId: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE users SET external_id = $3, updated_at = now() WHERE partnership_id = $1 AND id = $2 AND (external_id IS NULL OR external_id = $3) RETURNING id`,
    [partnershipId, id, externalId],
  );
  return rows.length === 1;
}

/**
 * An account made at its first sign-in, where the partnership maps the provider's roles (no password: it signs in
 * there); undefined when an account (of any partnership) has the email already.
 */
export async function createProviderUser(
  q: Queryable,
  u: { partnershipId: string; email: string; displayName: string; agencyId: string; roles: string[]; externalId: string | null },
): Promise<UserRow | undefined> {
  if (!(await claimEmail(q, u.partnershipId, u.email))) return undefined;
  const [row] = await q.query<UserRow>(
    `INSERT INTO users (partnership_id, email, display_name, agency_id, roles, external_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [u.partnershipId, u.email, u.displayName, u.agencyId, u.roles, u.externalId],
  );
  return row;
}

/**
 * Records that the email is an account of this partnership, in the transaction that makes the account (the account's
 * foreign key requires it); false when an account of any partnership has it already (migration 051).
 */
export async function claimEmail(q: Queryable, partnershipId: string, email: string): Promise<boolean> {
  const rows = await q.query(`INSERT INTO user_emails (email, partnership_id) VALUES (lower($2), $1) ON CONFLICT DO NOTHING RETURNING email`, [
    partnershipId,
    email.trim(),
  ]);
  return rows.length === 1;
}

export async function saveOidcFlow(q: Queryable, partnershipId: string, idHash: string, f: { state: string; nonce: string; codeVerifier: string }) {
  await q.query(`DELETE FROM oidc_flows WHERE created_at < now() - interval '1 day'`);
  await q.query(`INSERT INTO oidc_flows (partnership_id, id_hash, state, nonce, code_verifier) VALUES ($1, $2, $3, $4, $5)`, [
    partnershipId,
    idHash,
    f.state,
    f.nonce,
    f.codeVerifier,
  ]);
}

/** The flow, deleted as it is read (a provider's answer is used once); with its age in seconds. */
export async function takeOidcFlow(q: Queryable, partnershipId: string, idHash: string) {
  const [row] = await q.query<{ state: string; nonce: string; code_verifier: string; age: number }>(
    `DELETE FROM oidc_flows WHERE partnership_id = $1 AND id_hash = $2
     RETURNING state, nonce, code_verifier, extract(epoch FROM now() - created_at)::float8 AS age`,
    [partnershipId, idHash],
  );
  return row;
}
