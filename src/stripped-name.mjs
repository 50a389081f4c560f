// The name of a source's stripped copy (src/stripped-sources.ts writes it, src/stripped-sources-hook.mjs reads it):
// a hash of node's version and the source's text, so a changed source or another node never meets an old copy.
// Plain JavaScript: the hook imports it, and must not load node's type stripper.
import crypto from 'node:crypto';

/** @param {Buffer | string} source @returns {string} */
export function strippedName(source) {
  return crypto.createHash('sha256').update(process.version).update('\0').update(source).digest('hex').slice(0, 40) + '.js';
}
