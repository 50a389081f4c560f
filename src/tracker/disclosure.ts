import crypto from 'node:crypto';

/**
 * What one partnership tells the other once both have confirmed an alert: its contact for the child, the child's
 * current risk level and lead agency. It travels through the tracker sealed under a key derived from the key the
 * partnerships share (which the tracker never holds): AES-256-GCM, so the tracker relays it without reading it and
 * any change to it in transit is detected.
 */
export type Disclosure = {
  /** Who to contact about the child in the disclosing partnership (a role, a team, an email, a phone number). */
  contact: { name?: string; role?: string; email?: string; phone?: string };
  riskLevel: string | null;
  leadAgency: string | null;
  /** The disclosing partnership's id (checked on opening against the alert's other partnership). */
  partnership: string;
};

const version = 1;
const info = 'mace-tracker-disclosure-v1';

/** The disclosure key: HKDF-SHA256 of the shared key, for this purpose only (the encodings use keys of their own). */
export function disclosureKey(sharedKey: string | Buffer): Buffer {
  const ikm = typeof sharedKey === 'string' ? Buffer.from(sharedKey, 'utf8') : sharedKey;
  if (ikm.length < 32) throw new Error('the shared key must be at least 32 bytes');
  return Buffer.from(crypto.hkdfSync('sha256', ikm, Buffer.alloc(0), info, 32));
}

/** Seals a disclosure: base64url of version ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag. */
export function sealDisclosure(key: Buffer, d: Disclosure): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(info));
  const body = Buffer.concat([cipher.update(JSON.stringify(d), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([version]), iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Opens a sealed disclosure; throws if it was made under another key or changed on the way. */
export function openDisclosure(key: Buffer, sealed: string): Disclosure {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 1 + 12 + 16 + 2 || raw[0] !== version) throw new Error('not a sealed disclosure');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(1, 13));
  decipher.setAAD(Buffer.from(info));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  const text = Buffer.concat([decipher.update(raw.subarray(13, raw.length - 16)), decipher.final()]).toString('utf8');
  return JSON.parse(text) as Disclosure;
}
