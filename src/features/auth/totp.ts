import * as OTPAuth from 'otpauth';

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = 'MACE') {
  return new OTPAuth.TOTP({ issuer: 'MACE', label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

const PERIOD_MS = 30_000;

/**
 * The 30-second step a 6-digit code from an authenticator app belongs to, looked for within one step either side of
 * `now`, or null when it matches none. A code is then accepted only for a step later than the last one used
 * (acceptTotpStep): RFC 6238 §5.2, one use per code.
 */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret).validate({ token, window: 1, timestamp: now });
  return delta === null ? null : Math.floor(now / PERIOD_MS) + delta;
}

/** Whether a code's step may be used: never one used already, nor one older than it (RFC 6238 §5.2). */
export const acceptTotpStep = (step: number, lastUsed: number | null) => lastUsed === null || step > lastUsed;

/** The code an app shows at `at` (now by default). */
export function currentTotp(secret: string, at = Date.now()): string {
  return totpFor(secret).generate({ timestamp: at });
}

export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/** The key grouped in fours, for typing into an app by hand. */
export const groupedKey = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();
