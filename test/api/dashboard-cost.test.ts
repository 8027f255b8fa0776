/**
 * The supervision dashboard reads a whole plan in one query. Its cost in DynamoDB round trips must not
 * grow with the number of tasks: one GetItem for the plan, one Query for its tasks and milestones, one
 * BatchGetItem for the units they name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../services/plan/import.ts';
import { systemActor } from '../../services/shared/auth/principal.ts';
import { DASHBOARD_QUERY as DASHBOARD } from '../bench/fixtures.ts';
import { generatePlan } from '../integration/plan-fixtures.ts';
import { createTestApi, type TestApi } from '../support/api.ts';

interface Dashboard {
  plan: {
    tasks: {
      totalCount: number;
      edges: {
        node: { milestones: unknown[]; assignments: { unit: { name: string } }[]; latestProgress: unknown };
      }[];
    };
  };
}

interface Cost {
  requests: number;
  byCommand: Record<string, number>;
}

/** Runs the dashboard query and returns the DynamoDB requests it caused. */
async function dashboardCost(
  api: TestApi,
  token: string,
  planId: string,
): Promise<Cost & { data: Dashboard }> {
  const before = { requests: api.store.stats.requests, byCommand: { ...api.store.stats.byCommand } };
  const response = await api.gql<Dashboard>(DASHBOARD, { id: planId }, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const byCommand = Object.fromEntries(
    Object.entries(api.store.stats.byCommand)
      .map(([name, count]) => [name, count - (before.byCommand[name] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );
  return { requests: api.store.stats.requests - before.requests, byCommand, data: response.data! };
}

async function reportOn(api: TestApi, token: string, taskIds: string[]): Promise<void> {
  for (const taskId of taskIds) {
    const response = await api.gql(
      'mutation($input: ReportProgressInput!) { reportProgress(input: $input) { id } }',
      { input: { taskId, percentComplete: 25, note: '按计划推进' } },
      token,
    );
    expect(response.errors).toBeUndefined();
  }
}

describe('Dashboard cost', () => {
  let yanhu: { api: TestApi; token: string };
  let large: { api: TestApi; token: string };

  beforeAll(async () => {
    const yanhuApi = await createTestApi({ label: 'dashboard-yanhu' });
    yanhu = { api: yanhuApi, token: await yanhuApi.token('SUPERVISOR', 'yanhu-gov-office') };
    await reportOn(yanhu.api, yanhu.token, ['yanhu-2020:1', 'yanhu-2020:6', 'yanhu-2020:A7']);

    const largeApi = await createTestApi({ label: 'dashboard-500', loadYanhu: false });
    await importPlan(
      { store: largeApi.store, clock: largeApi.clock },
      { actor: systemActor('dashboard-test'), correlationId: 'dashboard-test' },
      generatePlan({ id: 'large-2020', tasks: 500, units: 20 }),
    );
    large = { api: largeApi, token: await largeApi.token('SUPERVISOR', 'large-2020-unit-1') };
    await reportOn(large.api, large.token, ['large-2020:1', 'large-2020:250', 'large-2020:500']);
  }, 120_000);

  it('reads the whole Yanhu plan (24 tasks) in a constant number of round trips', async () => {
    const cost = await dashboardCost(yanhu.api, yanhu.token, 'yanhu-2020');

    expect(cost.data.plan.tasks.totalCount).toBe(24);
    expect(cost.data.plan.tasks.edges[5]?.node.assignments[0]?.unit.name).toBe('盐湖区住房和城乡建设局');
    expect(cost.byCommand, JSON.stringify(cost.byCommand)).toEqual({
      GetItemCommand: 1,
      QueryCommand: 1,
      BatchGetItemCommand: 1,
    });
  });

  it('costs the same for a plan of 500 tasks as for the 24 of Yanhu, and at most 4 round trips', async () => {
    const small = await dashboardCost(yanhu.api, yanhu.token, 'yanhu-2020');

    const big = await dashboardCost(large.api, large.token, 'large-2020');

    const message = `Yanhu (24 tasks): ${JSON.stringify(small.byCommand)}; generated (500 tasks): ${JSON.stringify(big.byCommand)}`;
    expect(big.data.plan.tasks.edges).toHaveLength(500);
    expect(big.data.plan.tasks.edges.every((e) => e.node.milestones.length >= 1)).toBe(true);
    expect(big.data.plan.tasks.edges.filter((e) => e.node.latestProgress)).toHaveLength(3);
    expect(big.requests, message).toBe(small.requests);
    expect(big.requests, message).toBeLessThanOrEqual(4);
  });
});
