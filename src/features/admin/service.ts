import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit, auditForUser, type AuditRow } from '../../platform/audit.ts';
import { endUserSessions } from '../../platform/sessions.ts';
import { hashPassword, generatePassword } from '../../platform/passwords.ts';
import type { UserRow } from '../auth/repository.ts';
import { adminRepository } from './repository.ts';

type NewUser = { email: string; displayName: string; agencyId: string; roles: string[] };

/** Partnership admins manage the users of their own partnership only. */
export function adminService(db: Db) {
  const repo = adminRepository();
  return {
    list: (partnershipId: string) => repo.list(db, partnershipId),

    async get(actor: Actor, id: string): Promise<UserRow | undefined> {
      return repo.find(db, actor.partnershipId, id);
    },

    /** A user's audit trail, the read itself audited as audit.read. */
    async auditTrail(actor: Actor, id: string): Promise<AuditRow[]> {
      return db.tx(async (q) => {
        const entries = await auditForUser(q, actor.partnershipId, id);
        // Issue 16 item 6: the trail names the children the user saw; each child's own trail finds this read of it.
        const shown = [...new Set(entries.map((e) => e.child_id).filter((c): c is string => !!c))];
        await audit(q, actor, { action: 'audit.read', subjectType: 'user', subjectId: id, childrenShown: shown.length ? shown : undefined });
        return entries;
      });
    },

    async emailTaken(email: string): Promise<boolean> {
      return repo.emailTaken(db, email);
    },

    /** Creates the account with a one-off password for the admin to pass on. */
    async create(actor: Actor, u: NewUser): Promise<{ user: UserRow; password: string }> {
      const password = generatePassword();
      const passwordHash = await hashPassword(password);
      return db.tx(async (q) => {
        const user = await repo.insert(q, actor.partnershipId, u, passwordHash);
        await audit(q, actor, { action: 'user.create', subjectType: 'user', subjectId: user.id, details: { roles: u.roles } });
        return { user, password };
      });
    },

    /** Disabling ends the user's sessions and tokens at once. */
    async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<boolean> {
      return db.tx(async (q) => {
        if (!(await repo.setDisabled(q, actor.partnershipId, id, disabled))) return false;
        if (disabled) await endUserSessions(q, actor.partnershipId, id);
        await audit(q, actor, { action: disabled ? 'user.disable' : 'user.enable', subjectType: 'user', subjectId: id });
        return true;
      });
    },

    async resetPassword(actor: Actor, id: string): Promise<string | undefined> {
      const password = generatePassword();
      const passwordHash = await hashPassword(password);
      return db.tx(async (q) => {
        if (!(await repo.setPasswordHash(q, actor.partnershipId, id, passwordHash))) return undefined;
        await endUserSessions(q, actor.partnershipId, id);
        await audit(q, actor, { action: 'user.reset-password', subjectType: 'user', subjectId: id });
        return password;
      });
    },

    async resetTwoFactor(actor: Actor, id: string): Promise<boolean> {
      return db.tx(async (q) => {
        if (!(await repo.clearTwoFactor(q, actor.partnershipId, id))) return false;
        await endUserSessions(q, actor.partnershipId, id);
        await audit(q, actor, { action: 'user.reset-two-factor', subjectType: 'user', subjectId: id });
        return true;
      });
    },
  };
}
