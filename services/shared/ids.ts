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

/** The instant a `newId` was made (its time part), or undefined for a string that is not such an id. */
export function timeOfId(id: string): Date | undefined {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) return undefined;
  let ms = 0;
  for (const char of id.slice(0, 10)) ms = ms * 32 + ALPHABET.indexOf(char);
  return ms <= 8.64e15 ? new Date(ms) : undefined;
}
