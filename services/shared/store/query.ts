/** Query helpers: one page at a time (keyset cursors bound to the query), or everything under a key. */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { BadUserInputError } from '../errors.ts';
import type { Store } from './client.ts';
import { type AttributeMap, fromAttributes, type Item, toAttributes } from './codec.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type IndexName, TABLE } from './table.ts';

export interface KeyQuery {
  index?: IndexName;
  partition: string;
  /** `begins_with` on the sort key. */
  prefix?: string;
  /** Inclusive bounds on the sort key. */
  between?: [string, string];
  /** Sort key `<=` this value. */
  atMost?: string;
  descending?: boolean;
  filter?: { expression: string; names?: Record<string, string>; values?: Item };
}

export function queryInput(store: Store, query: KeyQuery): QueryCommandInput {
  const keyNames = query.index ? TABLE.indexes[query.index] : TABLE;
  const names: Record<string, string> = { '#pk': keyNames.partitionKey, ...query.filter?.names };
  const values: Item = { ':pk': query.partition, ...query.filter?.values };
  let condition = '#pk = :pk';
  if (query.prefix !== undefined || query.between || query.atMost !== undefined) {
    names['#sk'] = keyNames.sortKey;
  }
  if (query.prefix !== undefined) {
    condition += ' AND begins_with(#sk, :prefix)';
    values[':prefix'] = query.prefix;
  } else if (query.between) {
    condition += ' AND #sk BETWEEN :from AND :to';
    values[':from'] = query.between[0];
    values[':to'] = query.between[1];
  } else if (query.atMost !== undefined) {
    condition += ' AND #sk <= :atMost';
    values[':atMost'] = query.atMost;
  }
  return {
    TableName: store.tableName,
    ...(query.index ? { IndexName: query.index } : {}),
    KeyConditionExpression: condition,
    ...(query.filter ? { FilterExpression: query.filter.expression } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: toAttributes(values),
    ScanIndexForward: !query.descending,
  };
}

/** Every item under the key (follows LastEvaluatedKey). */
export async function queryAll<T = Item>(store: Store, query: KeyQuery): Promise<T[]> {
  const items: T[] = [];
  let startKey: AttributeMap | undefined;
  do {
    const page = await store.db.send(
      new QueryCommand({ ...queryInput(store, query), ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    for (const item of page.Items ?? []) items.push(fromAttributes<T>(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export interface Page<T> {
  items: T[];
  /** The cursor of each item: the key to resume after it. */
  cursors: string[];
  /** Present when more items may follow. */
  next?: string;
}

/** What a cursor is bound to: the index, the partition and the kind of item (the sort-key prefix). */
export function cursorList(query: KeyQuery): string {
  return ['query', query.index ?? 'table', query.partition, query.prefix ?? ''].join('|');
}

function keyNamesOf(query: KeyQuery): { names: string[]; partitionKey: string; sortKey: string } {
  const names: string[] = [TABLE.partitionKey, TABLE.sortKey];
  const index = query.index ? TABLE.indexes[query.index] : TABLE;
  if (query.index) names.push(index.partitionKey, index.sortKey);
  return { names, partitionKey: index.partitionKey, sortKey: index.sortKey };
}

/** Exactly the key attributes of the queried table or index, every one a string of a key's length. */
function keySchemaOf(query: KeyQuery) {
  const { names, partitionKey } = keyNamesOf(query);
  const value = z.string().min(1).max(1024);
  return z
    .strictObject(Object.fromEntries(names.map((name) => [name, value])))
    .refine((key) => key[partitionKey] === query.partition);
}

function cursorOf(item: Item, query: KeyQuery): string {
  return encodeCursor(
    cursorList(query),
    Object.fromEntries(keyNamesOf(query).names.map((n) => [n, item[n]])),
  );
}

/**
 * Where a page starts: after the cursor's key, which is checked to be a key of this list before it
 * reaches DynamoDB (which answers a malformed or out-of-range ExclusiveStartKey with a server error).
 * A key outside the query's sort-key range (the filter changed since) is a position all the same: the
 * page starts at the range's beginning, or is empty when the key lies past its end.
 */
function startOf(query: KeyQuery, after: string): { key?: AttributeMap; empty?: true } {
  const key = decodeCursor(after, cursorList(query), keySchemaOf(query)) as Record<string, string>;
  const sort = key[keyNamesOf(query).sortKey] as string;
  if (query.prefix !== undefined && !sort.startsWith(query.prefix)) {
    throw new BadUserInputError([{ field: 'after', message: 'is not a cursor this list returned' }]);
  }
  const [low, high] = query.between ?? [undefined, query.atMost];
  const belowRange = low !== undefined && sort < low;
  const aboveRange = high !== undefined && sort > high;
  if (query.descending ? aboveRange : belowRange) return {};
  if (query.descending ? belowRange : aboveRange) return { empty: true };
  return { key: toAttributes(key) };
}

/**
 * Up to `limit` items after the cursor. Reads one item more than asked, so `next` is present exactly
 * when more items follow. With a filter, DynamoDB may return fewer than asked per request, so this
 * keeps reading until the page is full or the key range ends.
 */
export async function queryPage<T = Item>(
  store: Store,
  query: KeyQuery,
  limit: number,
  after?: string | null,
): Promise<Page<T>> {
  const items: T[] = [];
  const cursors: string[] = [];
  const start = after != null ? startOf(query, after) : {};
  if (start.empty) return { items, cursors };
  let startKey: AttributeMap | undefined = start.key;
  do {
    const page = await store.db.send(
      new QueryCommand({
        ...queryInput(store, query),
        Limit: limit + 1 - items.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const raw of page.Items ?? []) {
      const item = fromAttributes(raw);
      items.push(item as T);
      cursors.push(cursorOf(item, query));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length <= limit);
  if (items.length <= limit) return { items, cursors };
  return { items: items.slice(0, limit), cursors: cursors.slice(0, limit), next: cursors[limit - 1] };
}
