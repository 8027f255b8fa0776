/**
 * Connections. Lists read from DynamoDB page forward only (a query resumes after a key), so their
 * fields take `first`/`after` and do not advertise `last`/`before`; lists held in memory (a plan's
 * tasks) page both ways. Every cursor is a keyset cursor bound to its list (store/cursor.ts).
 */
import type { Page } from '../services/shared/store/query.ts';
import { builder } from './builder.ts';

const first = 'How many items, from the start or after `after`.';
const after = 'The cursor of the item to resume after (an `endCursor` or edge cursor this list returned).';

/** The arguments of a forward-only connection field. */
export const forwardPageArgs = builder.args((t) => ({
  first: t.int({ description: first }),
  after: t.string({ description: after }),
}));

/** The arguments of a connection that pages both ways. */
export const pageArgs = builder.args((t) => ({
  first: t.int({ description: first }),
  after: t.string({ description: after }),
  last: t.int({ description: 'How many items, from the end or before `before`.' }),
  before: t.string({
    description: 'The cursor of the item to stop before (a `startCursor` this list returned).',
  }),
}));

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
