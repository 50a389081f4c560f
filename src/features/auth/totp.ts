import * as OTPAuth from 'otpauth';

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label = 'MACE') {
  return new OTPAuth.TOTP({ issuer: 'MACE', label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** A 6-digit code from an authenticator app, accepted within one 30-second step either side. */
export function checkTotp(secret: string, code: string): boolean {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  return totpFor(secret).validate({ token, window: 1 }) !== null;
}

export function currentTotp(secret: string): string {
  return totpFor(secret).generate();
}

export function totpUri(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/** The key grouped in fours, for typing into an app by hand. */
export const groupedKey = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();
