import type { Queryable } from '../../db/client.ts';
import type { UserRow } from '../auth/repository.ts';

/** The partnership admin's SQL: the accounts of one partnership (sign-in's own reads are in auth/repository.ts). */
export function adminRepository() {
  return {
    list: (q: Queryable, partnershipId: string) =>
      q.query<UserRow>(`SELECT * FROM users WHERE partnership_id = $1 ORDER BY disabled_at IS NOT NULL, display_name`, [partnershipId]),

    async find(q: Queryable, partnershipId: string, id: string): Promise<UserRow | undefined> {
      const [row] = await q.query<UserRow>(`SELECT * FROM users WHERE partnership_id = $1 AND id = $2`, [partnershipId, id]);
      return row;
    },

    async emailTaken(q: Queryable, email: string): Promise<boolean> {
      const rows = await q.query(`SELECT 1 FROM user_emails WHERE email = lower($1)`, [email.trim()]);
      return rows.length > 0;
    },

    async insert(
      q: Queryable,
      partnershipId: string,
      u: { email: string; displayName: string; agencyId: string; roles: string[] },
      passwordHash: string,
    ): Promise<UserRow> {
      // An email is one account across the deployment (migration 051): taken meanwhile, the insert below fails.
      await q.query(`INSERT INTO user_emails (email, partnership_id) VALUES (lower($2), $1) ON CONFLICT DO NOTHING`, [partnershipId, u.email]);
      const [user] = await q.query<UserRow>(
        `INSERT INTO users (partnership_id, email, display_name, agency_id, roles, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [partnershipId, u.email, u.displayName, u.agencyId, u.roles, passwordHash],
      );
      return user!;
    },

    /** False when there is no such user in the partnership. */
    async setDisabled(q: Queryable, partnershipId: string, id: string, disabled: boolean): Promise<boolean> {
      const rows = await q.query(
        `UPDATE users SET disabled_at = ${disabled ? 'now()' : 'NULL'}, updated_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 RETURNING id`,
        [partnershipId, id],
      );
      return rows.length > 0;
    },

    async setPasswordHash(q: Queryable, partnershipId: string, id: string, passwordHash: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE users SET password_hash = $3, updated_at = now(), version = version + 1 WHERE partnership_id = $1 AND id = $2 RETURNING id`,
        [partnershipId, id, passwordHash],
      );
      return rows.length > 0;
    },

    async clearTwoFactor(q: Queryable, partnershipId: string, id: string): Promise<boolean> {
      const rows = await q.query(
        `UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, updated_at = now(), version = version + 1
          WHERE partnership_id = $1 AND id = $2 RETURNING id`,
        [partnershipId, id],
      );
      return rows.length > 0;
    },
  };
}
