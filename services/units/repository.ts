/** Reads and item mapping of units. */
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Store } from '../shared/store/client.ts';
import { type AttributeMap, fromAttributes, type Item, toAttributes } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { indexKeys, type Key, keys } from '../shared/store/keys.ts';
import { queryAll } from '../shared/store/query.ts';
import type { Unit } from './model.ts';

export async function getUnit(store: Store, id: string): Promise<Unit | undefined> {
  return getItem<Unit>(store, keys.unit(id));
}

export async function listUnits(store: Store): Promise<Unit[]> {
  const items = await queryAll(store, {
    index: indexKeys.unitList.index,
    partition: indexKeys.unitList.partition(),
  });
  return items.map((item) => strip<Unit>(item));
}

/** Units by id in as few requests as BatchGetItem allows (100 keys each); missing ids are absent. */
export async function getUnits(store: Store, ids: readonly string[]): Promise<Map<string, Unit>> {
  const found = new Map<string, Unit>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let requested: AttributeMap[] = unique.slice(i, i + 100).map((id) => toAttributes(keys.unit(id)));
    for (let attempt = 0; requested.length > 0; attempt++) {
      const result = await store.db.send(
        new BatchGetItemCommand({ RequestItems: { [store.tableName]: { Keys: requested } } }),
      );
      for (const item of result.Responses?.[store.tableName] ?? []) {
        const unit = strip<Unit>(fromAttributes(item));
        found.set(unit.id, unit);
      }
      requested = result.UnprocessedKeys?.[store.tableName]?.Keys ?? [];
      if (requested.length > 0) await backoff(attempt);
    }
  }
  return found;
}

async function backoff(attempt: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
}

export function unitItem(unit: Unit): Item & Key {
  return {
    ...keys.unit(unit.id),
    itemType: 'Unit',
    GSI1PK: indexKeys.unitList.partition(),
    GSI1SK: indexKeys.unitList.sort(unit.id),
    ...unit,
  };
}
