/** Identifiers: time-ordered (sortable as strings) and unique without coordination. */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32, as in ULIDs

function encodeTime(ms: number, length = 10): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < length; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function randomPart(length = 16): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % 32];
  return out;
}

/** A ULID-shaped id: 10 characters of milliseconds, 16 random characters. */
export function newId(at: Date = new Date()): string {
  return encodeTime(at.getTime()) + randomPart();
}
