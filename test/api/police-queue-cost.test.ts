/**
 * A police unit's queue costs the same number of DynamoDB round trips whatever the number of hand-offs:
 * one Query for the page, one BatchGetItem for the cases, one for the unit names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_QUERY, seedQueue } from '../bench/handoffs.ts';
import { createTestApi, type TestApi } from '../support/api.ts';

describe('Police queue cost', () => {
  let api: TestApi;
  let token: string;

  async function cost(unit: string) {
    const before = { ...api.store.stats.byCommand };
    const response = await api.gql<{ policeQueue: { edges: unknown[] } }>(QUEUE_QUERY, { unit }, token);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const byCommand = Object.fromEntries(
      Object.entries(api.store.stats.byCommand)
        .map(([name, n]) => [name, n - (before[name] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    );
    return { byCommand, edges: response.data?.policeQueue.edges ?? [] };
  }

  beforeAll(async () => {
    api = await createTestApi({ label: 'police-queue', now: '2020-09-01T09:00:00+08:00' });
    token = await api.token('SUPERVISOR', 'yanhu-gov-office');
    await seedQueue(api.store, 'city-police', 20);
    await seedQueue(api.store, 'yanhu-police', 400);
  }, 120_000);

  it('reads a queue of 400 hand-offs in as many round trips as one of 20, and at most 3', async () => {
    const small = await cost('city-police');
    const large = await cost('yanhu-police');

    expect(small.edges).toHaveLength(20);
    expect(large.edges).toHaveLength(50);
    expect(large.byCommand).toEqual(small.byCommand);
    expect(large.byCommand).toEqual({ QueryCommand: 1, BatchGetItemCommand: 2 });
  });
});
