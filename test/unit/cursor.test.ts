/** Keyset cursors: sealed to their list, positions rather than offsets, both directions in memory. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  decodeCursor,
  encodeCursor,
  keysetPage,
  MAX_CURSOR_LENGTH,
} from '../../services/shared/store/cursor.ts';

interface Row {
  ordinal: number;
  id: string;
}

const rows = (...ordinals: number[]): Row[] => ordinals.map((ordinal) => ({ ordinal, id: `p:${ordinal}` }));
const list = {
  name: 'rows|p',
  keyOf: (row: Row) => [row.ordinal, row.id] as const,
  key: z.tuple([z.number().int(), z.string()]).readonly(),
};
const ordinals = (page: ReturnType<typeof keysetPage<Row, readonly [number, string]>>) =>
  page.edges.map((e) => e.node.ordinal);

function refusal(run: () => unknown): unknown {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return [(error as { code?: string }).code, (error as { details?: { field?: string } }).details?.field];
  }
}

describe('decodeCursor', () => {
  const Key = z.tuple([z.number(), z.string()]);

  it('gives back the key it sealed, for the list it sealed it to', () => {
    expect(decodeCursor(encodeCursor('a', [3, 'x']), 'a', Key)).toEqual([3, 'x']);
  });

  it.each([
    ['another list', encodeCursor('b', [3, 'x'])],
    ['a key of another shape', encodeCursor('a', { o: 3 })],
    ['an edited key', Buffer.from('[[4,"x"],"AAAAAAAAAAAAAAAA"]').toString('base64url')],
    ['no seal', Buffer.from('[[3,"x"]]').toString('base64url')],
    ['not base64url', '[[3,"x"],"a"]'],
    ['too long', 'A'.repeat(MAX_CURSOR_LENGTH + 1)],
    ['empty', ''],
  ])('refuses %s with BAD_USER_INPUT on the argument', (_name, cursor) => {
    expect(refusal(() => decodeCursor(cursor, 'a', Key, 'before'))).toEqual(['BAD_USER_INPUT', 'before']);
  });
});

describe('keysetPage', () => {
  it('pages forward from the start, then after the last item shown', () => {
    const first = keysetPage(rows(1, 2, 3, 4, 5), list, { first: 2 });
    const second = keysetPage(rows(1, 2, 3, 4, 5), list, { first: 2, after: first.pageInfo.endCursor });

    expect(ordinals(first)).toEqual([1, 2]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(ordinals(second)).toEqual([3, 4]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it('resumes after the position of an item that has since left the list', () => {
    const first = keysetPage(rows(1, 2, 3, 4, 5), list, { first: 2 });

    const second = keysetPage(rows(1, 3, 4, 5), list, { first: 2, after: first.pageInfo.endCursor });

    expect(ordinals(second)).toEqual([3, 4]);
  });

  it('shows an item that joined the list after the cursor, and not one that joined before it', () => {
    const first = keysetPage(rows(2, 4, 6), list, { first: 2 });

    const second = keysetPage(rows(1, 2, 3, 4, 5, 6), list, { first: 5, after: first.pageInfo.endCursor });

    expect(ordinals(second)).toEqual([5, 6]);
    expect(second.totalCount).toBe(6);
  });

  it('pages backward from the end, then before the first item shown', () => {
    const last = keysetPage(rows(1, 2, 3, 4, 5), list, { last: 2 });
    const before = keysetPage(rows(1, 2, 3, 4, 5), list, { last: 2, before: last.pageInfo.startCursor });

    expect(ordinals(last)).toEqual([4, 5]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(ordinals(before)).toEqual([2, 3]);
  });

  it('shows what lies between after and before', () => {
    const all = keysetPage(rows(1, 2, 3, 4, 5), list, {});
    const [, second, , fourth] = all.edges.map((e) => e.cursor);

    expect(ordinals(keysetPage(rows(1, 2, 3, 4, 5), list, { after: second, before: fourth }))).toEqual([3]);
  });

  it('refuses first and last together, and a cursor of another list', () => {
    const foreign = encodeCursor('rows|q', [1, 'q:1']);

    expect(refusal(() => keysetPage(rows(1), list, { first: 1, last: 1 }))).toEqual([
      'BAD_USER_INPUT',
      'last',
    ]);
    expect(refusal(() => keysetPage(rows(1), list, { after: foreign }))).toEqual(['BAD_USER_INPUT', 'after']);
  });
});
