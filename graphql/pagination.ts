/** Connection helpers: Clearwater pages forward only (`first`/`after`). */
import { BadUserInputError } from '../services/shared/errors.ts';
import type { Page } from '../services/shared/store/query.ts';

export function forwardOnly(args: { last?: number | null; before?: string | null }): void {
  if (args.last != null || args.before != null) {
    throw new BadUserInputError([
      {
        field: args.last != null ? 'last' : 'before',
        message: 'only forward pagination (first/after) is supported',
      },
    ]);
  }
}

/** A connection from a key-cursor page. */
export function keyPage<T>(page: Page<T>) {
  return {
    edges: page.items.map((node, i) => ({ node, cursor: page.cursors[i] as string })),
    pageInfo: {
      hasNextPage: !!page.next,
      hasPreviousPage: false,
      startCursor: page.cursors[0] ?? null,
      endCursor: page.cursors.at(-1) ?? null,
    },
  };
}
