/**
 * The SHA-256 an evidence item is recorded with: the client's hash of its file, or the hash of the
 * content it sent inline (base64, capped), or both — and then they must agree.
 */
import { createHash } from 'node:crypto';
import { BadUserInputError } from '../shared/errors.ts';
import { LIMITS } from './inputs.ts';

export interface PresentedContent {
  sha256?: string;
  contentBase64?: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The hash of what the client presented (and the content's size when it sent the content). */
export function presentedHash(
  content: PresentedContent,
  root: string,
): { sha256: string; sizeBytes?: number } {
  if (content.contentBase64 === undefined) return { sha256: content.sha256 as string };
  const bytes = Buffer.from(content.contentBase64, 'base64');
  if (bytes.length > LIMITS.evidenceContentBytes) {
    throw new BadUserInputError([
      { field: `${root}.contentBase64`, message: 'is over the 512 KiB cap: send the sha256 instead' },
    ]);
  }
  const sha256 = sha256Hex(bytes);
  if (content.sha256 !== undefined && content.sha256 !== sha256) {
    throw new BadUserInputError([
      { field: `${root}.sha256`, message: 'does not match the SHA-256 of contentBase64' },
    ]);
  }
  return { sha256, sizeBytes: bytes.length };
}
