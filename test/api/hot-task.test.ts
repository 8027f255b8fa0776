/**
 * A hot task (issue 6, item 9): a burst of progress reports without expectedVersion on one task all
 * succeed, none is lost, and the task's version rises by exactly the number of reports. Reports on one
 * task queue behind each other in the process instead of racing into conflicts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';

const REPORT = `mutation ($input: ReportProgressInput!) { reportProgress(input: $input) { version } }`;

describe('A hot task', () => {
  let api: TestApi;
  let officer: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'hot-task' });
    officer = await api.token('UNIT_OFFICER', 'yanhu-housing');
  });

  it('takes 100 concurrent reports without expectedVersion: all succeed, version + 100, every report kept', async () => {
    const before = await api.gql<{ task: { version: number } }>(
      '{ task(id: "yanhu-2020:1") { version } }',
      {},
      officer,
    );
    const start = before.data!.task.version;

    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        api.gql(
          REPORT,
          { input: { taskId: 'yanhu-2020:1', percentComplete: i % 101, note: `report ${i}` } },
          officer,
        ),
      ),
    );

    expect(results.filter((r) => r.errors).map((r) => r.errors?.[0]?.extensions?.code)).toEqual([]);
    const versions = results.map(
      (r) => (r.data as { reportProgress: { version: number } }).reportProgress.version,
    );
    const counts = new Map<number, number>();
    for (const v of versions) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    expect(new Set(versions).size).toBe(100);
    expect(Math.max(...versions)).toBe(start + 100);
    const after = await api.gql<{ task: { version: number; progressReports: { edges: unknown[] } } }>(
      '{ task(id: "yanhu-2020:1") { version progressReports(first: 100) { edges { cursor } } } }',
      {},
      officer,
    );
    expect(after.data!.task.version).toBe(start + 100);
    expect(after.data!.task.progressReports.edges).toHaveLength(100);
    // A generous bound: the 100 reports run one after another; on a loaded 2-core machine that takes a while.
  }, 120_000);
});
