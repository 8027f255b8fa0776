/**
 * Keyset pagination cursors. A cursor names the sort key of the last item a page showed, and the
 * list it came from: `[key, seal]`, JSON in base64url, where the seal is a short digest of the list's
 * identity (e.g. index + partition) and the key. A cursor of another list, a truncated or edited one,
 * or one too long to be ours is refused with BAD_USER_INPUT before anything reads the store. The
 * digest has no secret: a caller who forges a well-formed cursor only moves within its own list, and
 * the key is still checked against the list's key schema.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { BadUserInputError } from '../errors.ts';

/** Far longer than any cursor a list returns (keys are at most a few hundred characters). */
export const MAX_CURSOR_LENGTH = 2048;

function seal(list: string, keyJson: string): string {
  return createHash('sha256').update(list).update('\n').update(keyJson).digest('base64url').slice(0, 16);
}

export function encodeCursor(list: string, key: unknown): string {
  const keyJson = JSON.stringify(key);
  return Buffer.from(`[${keyJson},"${seal(list, keyJson)}"]`, 'utf8').toString('base64url');
}

const Sealed = z.tuple([z.unknown(), z.string()]);

/** The key of a cursor this list returned, checked against its schema; BAD_USER_INPUT otherwise. */
export function decodeCursor<S extends z.ZodType>(
  cursor: string,
  list: string,
  schema: S,
  field = 'after',
): z.output<S> {
  const refuse = () => new BadUserInputError([{ field, message: 'is not a cursor this list returned' }]);
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  let sealed: z.output<typeof Sealed>;
  try {
    const parsed = Sealed.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!parsed.success) throw refuse();
    sealed = parsed.data;
  } catch {
    throw refuse();
  }
  const [key, digest] = sealed;
  if (digest !== seal(list, JSON.stringify(key))) throw refuse();
  const checked = schema.safeParse(key);
  if (!checked.success) throw refuse();
  return checked.data;
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

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

type SortKey = readonly (string | number)[];

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * A page of a list held in memory and sorted by a stable, unique key (a plan's tasks: ordinal and id).
 * `after` and `before` are positions, not offsets: the page starts after the named key whatever the
 * list holds now, so items that join or leave the list (a task completed, a filter that now matches
 * more) never shift what the next page shows. Pages forward (`first`) or backward (`last`).
 */
export function keysetPage<T, K extends SortKey>(
  sorted: readonly T[],
  list: { name: string; keyOf: (item: T) => K; key: z.ZodType<K> },
  args: PageArgs,
  max = PageSize.max,
) {
  if (args.first != null && args.last != null) {
    throw new BadUserInputError([{ field: 'last', message: 'give first or last, not both' }]);
  }
  const after = args.after != null ? decodeCursor(args.after, list.name, list.key, 'after') : undefined;
  const before = args.before != null ? decodeCursor(args.before, list.name, list.key, 'before') : undefined;
  const keys = sorted.map(list.keyOf);
  const from = after ? firstIndex(keys, (k) => compareKeys(k, after) > 0) : 0;
  const to = before ? firstIndex(keys, (k) => compareKeys(k, before) >= 0) : keys.length;
  let start = from;
  let end = Math.max(from, to);
  if (args.last != null) start = Math.max(from, end - pageSize(args.last, 'last', max));
  else end = Math.min(end, from + pageSize(args.first, 'first', max));
  const cursor = (i: number) => encodeCursor(list.name, keys[i]);
  const edges = sorted.slice(start, end).map((node, i) => ({ node, cursor: cursor(start + i) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: end < sorted.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: sorted.length,
  };
}

function firstIndex<K>(keys: readonly K[], test: (key: K) => boolean): number {
  const found = keys.findIndex(test);
  return found === -1 ? keys.length : found;
}
