import type { Db } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { verifyPassword } from '../../platform/passwords.ts';
import {
  isThrottled,
  recordFailure,
  clearFailures,
  isSecondFactorThrottled,
  recordSecondFactorFailure,
  clearSecondFactorFailures,
} from '../../platform/throttle.ts';
import { createSession, endSession, markSecondFactorDone, type SessionUser } from '../../platform/sessions.ts';
import { audit } from '../../platform/audit.ts';
import { findUserByEmail, findUser, enableTotp, setPendingTotp, useTotpStep } from './repository.ts';
import { totpStep, acceptTotpStep, newTotpSecret } from './totp.ts';

type SignInResult =
  | { ok: true; secret: string; next: 'home' | 'two-factor' | 'set-up-two-factor' }
  | { ok: false; reason: 'invalid' | 'throttled' }
  | { ok: false; reason: 'use-provider'; label: string };

export function authService(db: Db, partnerships: Map<string, PartnershipConfig>) {
  return {
    /** Password sign-in. The same answer whether the account is missing, disabled or the password wrong. */
    async signIn(email: string, password: string, ip: string, kind: 'web' | 'api'): Promise<SignInResult> {
      if (await isThrottled(db, email, ip)) {
        await audit(db, { ip }, { action: 'auth.sign-in', outcome: 'denied', details: { reason: 'throttled' } });
        return { ok: false, reason: 'throttled' };
      }
      const user = await findUserByEmail(db, email);
      const passwordOk = await verifyPassword(user?.password_hash, password);
      if (!user || !passwordOk || user.disabled_at) {
        await db.tx(async (q) => {
          await recordFailure(q, email, ip);
          await audit(q, user ? { ip, userId: user.id, partnershipId: user.partnership_id } : { ip }, {
            action: 'auth.sign-in',
            outcome: 'failed',
            details: { reason: user?.disabled_at ? 'disabled' : 'invalid' },
          });
        });
        return { ok: false, reason: 'invalid' };
      }
      // Issue 16 item 4: a partnership that signs its users in through its provider can turn passwords off.
      const signIn = partnerships.get(user.partnership_id)?.signIn;
      if (signIn && !signIn.passwords) {
        await audit(
          db,
          { ip, userId: user.id, partnershipId: user.partnership_id },
          { action: 'auth.sign-in', outcome: 'denied', details: { reason: 'passwords-off' } },
        );
        return { ok: false, reason: 'use-provider', label: signIn.oidc.label };
      }
      const required = partnerships.get(user.partnership_id)?.requireSecondFactor ?? false;
      const needsSecondFactor = !!user.totp_secret || required;
      if (kind === 'api' && needsSecondFactor) {
        // The API has no second-factor step: accounts that need one use the browser.
        await audit(
          db,
          { ip, userId: user.id, partnershipId: user.partnership_id },
          { action: 'auth.token', outcome: 'denied', details: { reason: 'second-factor' } },
        );
        return { ok: false, reason: 'invalid' };
      }
      const secret = await db.tx(async (q) => {
        await clearFailures(q, email, ip);
        const s = await createSession(q, { partnershipId: user.partnership_id, userId: user.id }, kind, !needsSecondFactor);
        await audit(
          q,
          { ip, userId: user.id, partnershipId: user.partnership_id, roles: user.roles, agencyId: user.agency_id },
          {
            action: kind === 'api' ? 'auth.token' : 'auth.sign-in',
          },
        );
        return s;
      });
      return { ok: true, secret, next: user.totp_secret ? 'two-factor' : required ? 'set-up-two-factor' : 'home' };
    },

    async verifySecondFactor(user: SessionUser, code: string, ip: string): Promise<'ok' | 'invalid' | 'used' | 'throttled'> {
      if (await isSecondFactorThrottled(db, user.userId, ip)) return 'throttled';
      const row = await findUser(db, user.partnershipId, user.userId);
      const step = row?.totp_secret ? totpStep(row.totp_secret, code) : null;
      const lastUsed = row?.totp_last_step == null ? null : Number(row.totp_last_step);
      // A code is good once: the step is claimed in the same transaction that completes the sign-in.
      const done =
        step !== null &&
        acceptTotpStep(step, lastUsed) &&
        (await db.tx(async (q) => {
          if (!(await useTotpStep(q, user.partnershipId, user.userId, step))) return false;
          await markSecondFactorDone(q, user);
          await clearSecondFactorFailures(q, user.userId, ip);
          await audit(q, { ip, userId: user.userId, partnershipId: user.partnershipId }, { action: 'auth.second-factor' });
          return true;
        }));
      if (!done) {
        await db.tx(async (q) => {
          await recordSecondFactorFailure(q, user.userId, ip);
          await audit(
            q,
            { ip, userId: user.userId, partnershipId: user.partnershipId },
            { action: 'auth.second-factor', outcome: 'failed', details: step === null ? undefined : { reason: 'code already used' } },
          );
        });
        return step === null ? 'invalid' : 'used';
      }
      return 'ok';
    },

    async startTotpSetup(user: SessionUser): Promise<string> {
      const row = await findUser(db, user.partnershipId, user.userId);
      const secret = row?.totp_pending_secret ?? newTotpSecret();
      if (!row?.totp_pending_secret) await setPendingTotp(db, user.partnershipId, user.userId, secret);
      return secret;
    },

    async finishTotpSetup(user: SessionUser, code: string, ip: string): Promise<boolean> {
      const row = await findUser(db, user.partnershipId, user.userId);
      const step = row?.totp_pending_secret ? totpStep(row.totp_pending_secret, code) : null;
      if (step === null) return false;
      await db.tx(async (q) => {
        // The code that turns them on is used: it cannot also complete a sign-in.
        await enableTotp(q, user.partnershipId, user.userId, row!.totp_pending_secret!, step);
        await markSecondFactorDone(q, user);
        await audit(
          q,
          { ip, userId: user.userId, partnershipId: user.partnershipId, roles: user.roles, agencyId: user.agencyId },
          {
            action: 'user.two-factor-enabled',
            subjectType: 'user',
            subjectId: user.userId,
          },
        );
      });
      return true;
    },

    async signOut(user: SessionUser, ip: string): Promise<void> {
      await db.tx(async (q) => {
        await endSession(q, user);
        await audit(
          q,
          { ip, userId: user.userId, partnershipId: user.partnershipId, roles: user.roles, agencyId: user.agencyId },
          {
            action: 'auth.sign-out',
          },
        );
      });
    },
  };
}
