/** Reading single items, and separating storage plumbing from the domain shape. */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Store } from './client.ts';
import { fromAttributes, type Item, toAttributes } from './codec.ts';
import type { Key } from './keys.ts';

/** Attributes that are storage plumbing, not part of any domain shape. */
const PLUMBING = [
  'PK',
  'SK',
  'GSI1PK',
  'GSI1SK',
  'GSI2PK',
  'GSI2SK',
  'itemType',
  'timerShard',
  'timerAt',
  'timerKind',
  'timerStep',
  'expiresAt',
];

export function strip<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const name of PLUMBING) delete copy[name];
  return copy as T;
}

/** A strongly consistent read of one item, without its plumbing. */
export async function getItem<T>(store: Store, key: Key): Promise<T | undefined> {
  const { Item: found } = await store.db.send(
    new GetItemCommand({ TableName: store.tableName, Key: toAttributes(key), ConsistentRead: true }),
  );
  return found ? strip<T>(fromAttributes(found)) : undefined;
}
