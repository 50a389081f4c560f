import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import { endUserSessions } from '../../platform/sessions.ts';
import { hashPassword, generatePassword } from '../../platform/passwords.ts';
import type { UserRow } from '../auth/repository.ts';
import { findUser } from '../auth/repository.ts';

export type NewUser = { email: string; displayName: string; agencyId: string; roles: string[] };

/** Partnership admins manage the users of their own partnership only. */
export function adminService(db: Db) {
  return {
    list: (partnershipId: string) =>
      db.query<UserRow>(`SELECT * FROM users WHERE partnership_id = $1 ORDER BY disabled_at IS NOT NULL, display_name`, [partnershipId]),

    async get(actor: Actor, id: string): Promise<UserRow | undefined> {
      return findUser(db, actor.partnershipId, id);
    },

    async emailTaken(email: string): Promise<boolean> {
      const rows = await db.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email]);
      return rows.length > 0;
    },

    /** Creates the account with a one-off password for the admin to pass on. */
    async create(actor: Actor, u: NewUser): Promise<{ user: UserRow; password: string }> {
      const password = generatePassword();
      const passwordHash = await hashPassword(password);
      return db.tx(async (q) => {
        const [user] = await q.query<UserRow>(
          `INSERT INTO users (partnership_id, email, display_name, agency_id, roles, password_hash) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [actor.partnershipId, u.email, u.displayName, u.agencyId, u.roles, passwordHash],
        );
        await audit(q, actor, { action: 'user.create', subjectType: 'user', subjectId: user!.id, details: { roles: u.roles } });
        return { user: user!, password };
      });
    },

    /** Disabling ends the user's sessions and tokens at once. */
    async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<boolean> {
      return db.tx(async (q) => {
        const rows = await q.query(
          `UPDATE users SET disabled_at = ${disabled ? 'now()' : 'NULL'}, updated_at = now(), version = version + 1
            WHERE partnership_id = $1 AND id = $2 RETURNING id`,
          [actor.partnershipId, id],
        );
        if (!rows.length) return false;
        if (disabled) await endUserSessions(q, actor.partnershipId, id);
        await audit(q, actor, { action: disabled ? 'user.disable' : 'user.enable', subjectType: 'user', subjectId: id });
        return true;
      });
    },

    async resetPassword(actor: Actor, id: string): Promise<string | undefined> {
      const password = generatePassword();
      const passwordHash = await hashPassword(password);
      return db.tx(async (q) => {
        const rows = await q.query(
          `UPDATE users SET password_hash = $3, updated_at = now(), version = version + 1 WHERE partnership_id = $1 AND id = $2 RETURNING id`,
          [actor.partnershipId, id, passwordHash],
        );
        if (!rows.length) return undefined;
        await endUserSessions(q, actor.partnershipId, id);
        await audit(q, actor, { action: 'user.reset-password', subjectType: 'user', subjectId: id });
        return password;
      });
    },

    async resetTwoFactor(actor: Actor, id: string): Promise<boolean> {
      return db.tx(async (q) => {
        const rows = await q.query(
          `UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, updated_at = now(), version = version + 1
            WHERE partnership_id = $1 AND id = $2 RETURNING id`,
          [actor.partnershipId, id],
        );
        if (!rows.length) return false;
        await endUserSessions(q, actor.partnershipId, id);
        await audit(q, actor, { action: 'user.reset-two-factor', subjectType: 'user', subjectId: id });
        return true;
      });
    },
  };
}
