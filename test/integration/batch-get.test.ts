import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchGetItems, getMany, keyString } from '../../services/shared/store/batch.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { toAttributes } from '../../services/shared/store/codec.ts';
import { keys } from '../../services/shared/store/keys.ts';
import { createTestStore } from '../support/store.ts';

describe('batchGetItems', () => {
  let store: Store;

  beforeAll(async () => {
    store = await createTestStore('batch-get');
    for (let i = 0; i < 230; i++) {
      await store.db.send(
        new PutItemCommand({
          TableName: store.tableName,
          Item: toAttributes({ ...keys.case(`c${i}`), n: i }),
        }),
      );
    }
  });

  it('reads more than 100 keys in chunks, ignoring duplicates and leaving out keys with no item', async () => {
    const wanted = [
      ...Array.from({ length: 230 }, (_, i) => keys.case(`c${i}`)),
      keys.case('c5'),
      keys.case('missing'),
    ];
    const before = store.stats.byCommand.BatchGetItemCommand ?? 0;

    const found = await batchGetItems(store, wanted);

    expect(found.size).toBe(230);
    expect(found.get(keyString(keys.case('c229')))?.n).toBe(229);
    expect(found.has(keyString(keys.case('missing')))).toBe(false);
    expect((store.stats.byCommand.BatchGetItemCommand ?? 0) - before).toBe(3);
  });

  it('maps ids to what `read` makes of their items, leaving out ids with no item and ids that have no key', async () => {
    const keyOf = (id: string) => (id.startsWith('bad') ? null : keys.case(id));

    const found = await getMany(store, ['c7', 'c7', 'missing', 'bad-id', 'c120'], keyOf, (item) => item.n);

    expect([...found]).toEqual([
      ['c7', 7],
      ['c120', 120],
    ]);
  });
});
