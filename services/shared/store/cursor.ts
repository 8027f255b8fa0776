/** Opaque pagination cursors: base64url JSON, validated on the way back in. */
import * as z from 'zod';
import { BadUserInputError } from '../errors.ts';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S, field = 'after'): z.output<S> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the same error as a cursor of the wrong shape
  }
  throw new BadUserInputError([{ field, message: 'is not a cursor this list returned' }]);
}

/** Page-size bounds shared by every connection. */
export const PageSize = {
  default: 50,
  max: 500,
};

export function pageSize(first: number | null | undefined, field = 'first', max = PageSize.max): number {
  if (first === null || first === undefined) return Math.min(PageSize.default, max);
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new BadUserInputError([{ field, message: `must be an integer from 1 to ${max}` }]);
  }
  return first;
}

export const OffsetCursor = z.object({ o: z.number().int().nonnegative() });

/** A page out of a list already in memory (plans are bounded: tasks of one plan are read in one query). */
export function pageOf<T>(all: readonly T[], first: number, after?: string | null) {
  const offset = after ? decodeCursor(after, OffsetCursor).o + 1 : 0;
  const slice = all.slice(offset, offset + first);
  return {
    edges: slice.map((node, i) => ({ node, cursor: encodeCursor({ o: offset + i }) })),
    pageInfo: {
      hasNextPage: offset + first < all.length,
      hasPreviousPage: offset > 0,
      startCursor: slice.length ? encodeCursor({ o: offset }) : null,
      endCursor: slice.length ? encodeCursor({ o: offset + slice.length - 1 }) : null,
    },
    totalCount: all.length,
  };
}
