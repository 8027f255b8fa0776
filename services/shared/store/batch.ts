/** Reading many items by key: BatchGetItem in chunks of 100, unprocessed keys retried with backoff. */
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Store } from './client.ts';
import { type AttributeMap, fromAttributes, type Item, toAttributes } from './codec.ts';
import type { Key } from './keys.ts';

/** The items found under `keys`, keyed by `PK + '|' + SK` (missing keys are absent). Eventually consistent. */
export async function batchGetItems(store: Store, keys: readonly Key[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [keyString(k), k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let requested: AttributeMap[] = unique.slice(i, i + 100).map((k) => toAttributes({ PK: k.PK, SK: k.SK }));
    for (let attempt = 0; requested.length > 0; attempt++) {
      const result = await store.db.send(
        new BatchGetItemCommand({ RequestItems: { [store.tableName]: { Keys: requested } } }),
      );
      for (const raw of result.Responses?.[store.tableName] ?? []) {
        const item = fromAttributes(raw);
        found.set(keyString(item as Key), item);
      }
      requested = result.UnprocessedKeys?.[store.tableName]?.Keys ?? [];
      if (requested.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
    }
  }
  return found;
}

/**
 * Entities by id in as few BatchGetItem calls as `batchGetItems` needs, as a map from id (ids without an item,
 * and ids `keyOf` cannot key, are absent): the loaders' and the repositories' "many by id".
 */
export async function getMany<T>(
  store: Store,
  ids: readonly string[],
  keyOf: (id: string) => Key | null | undefined,
  read: (item: Item) => T,
): Promise<Map<string, T>> {
  const keyed = ids.flatMap((id) => {
    const key = keyOf(id);
    return key ? [[id, key] as const] : [];
  });
  const found = await batchGetItems(
    store,
    keyed.map(([, key]) => key),
  );
  return new Map(
    keyed.flatMap(([id, key]) => {
      const item = found.get(keyString(key));
      return item ? [[id, read(item)] as const] : [];
    }),
  );
}

export function keyString(key: Key): string {
  return `${key.PK}|${key.SK}`;
}
