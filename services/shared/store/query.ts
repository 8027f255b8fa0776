/** Query helpers: one page at a time (cursor = LastEvaluatedKey), or everything under a key. */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
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

const KeyCursor = z.record(z.string(), z.string());

export interface Page<T> {
  items: T[];
  /** The cursor of each item: the key to resume after it. */
  cursors: string[];
  /** Present when more items may follow. */
  next?: string;
}

function cursorOf(item: Item, query: KeyQuery): string {
  const names: string[] = [TABLE.partitionKey, TABLE.sortKey];
  if (query.index) names.push(TABLE.indexes[query.index].partitionKey, TABLE.indexes[query.index].sortKey);
  return encodeCursor(Object.fromEntries(names.map((n) => [n, item[n]])));
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
  let startKey: AttributeMap | undefined = after ? toAttributes(decodeCursor(after, KeyCursor)) : undefined;
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
