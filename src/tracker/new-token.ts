import crypto from 'node:crypto';
import { tokenHash } from './http.ts';

// Prints a new bearer token for a partnership (give it to the partnership, keep it secret) and the line for the
// tracker's tokens file (TRACKER_TOKENS_FILE keeps only the token's sha256).
const partnership = process.argv[2] ?? 'partnership-id';
const token = crypto.randomBytes(32).toString('base64url');
console.log(`token (for ${partnership}'s MACE only): ${token}`);
console.log(`tokens file entry: ${JSON.stringify({ [partnership]: tokenHash(token) })}`);
