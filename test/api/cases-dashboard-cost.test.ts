/**
 * The open-cases dashboard of a bureau costs the same number of DynamoDB round trips whatever the number
 * of cases: one Query for the page, one GetItem for the counts, one BatchGetItem for the unit names.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CASES_QUERY, seedCases } from '../bench/case-fixtures.ts';
import { createTestApi, type TestApi } from '../support/api.ts';

describe('Cases dashboard cost', () => {
  let api: TestApi;
  let token: string;

  async function cost(bureau: string) {
    const before = { ...api.store.stats.byCommand };
    const response = await api.gql<{ cases: { openCount: number; edges: unknown[] } }>(
      DASHBOARD_CASES_QUERY,
      { bureau },
      token,
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const byCommand = Object.fromEntries(
      Object.entries(api.store.stats.byCommand)
        .map(([name, n]) => [name, n - (before[name] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    );
    return { byCommand, data: response.data! };
  }

  beforeAll(async () => {
    api = await createTestApi({ label: 'cases-dashboard', now: '2020-09-01T09:00:00+08:00' });
    token = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
    await seedCases(api.store, 'city-eeb', 20);
    await seedCases(api.store, 'yanhu-eeb', 1_500);
  }, 120_000);

  it('reads 1,500 cases’ dashboard in as many round trips as 20 cases’, and at most 3', async () => {
    const small = await cost('city-eeb');
    const large = await cost('yanhu-eeb');

    expect(small.data.cases.openCount).toBe(20);
    expect(large.data.cases.openCount).toBe(1_500);
    expect(large.data.cases.edges).toHaveLength(50);
    expect(large.byCommand).toEqual(small.byCommand);
    expect(large.byCommand).toEqual({ QueryCommand: 1, GetItemCommand: 1, BatchGetItemCommand: 1 });
  });
});
