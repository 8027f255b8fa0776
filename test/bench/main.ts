/**
 * `npm run bench`: measures, on the local stack (DynamoDB Local + the local runtime):
 *  1. the dashboard query: DynamoDB requests per query, p50/p95 latency, requests per second;
 *  2. mutation-to-handler latency: reportProgress → TaskProgressReported handled by the event-log rule;
 *  3. a hot task: 100 concurrent progress reports on one task;
 *  4. sweep cost: items read with 10,000 open milestones of which 10 are due;
 *  5. hostile requests (`hostile.ts`): the cost of a refusal, and the dashboard query under attack;
 *  6. the outfall register (test/bench/outfalls.ts);
 *  7. cases (test/bench/cases.ts): the open-cases dashboard with 10,000 cases, and a sweep over 10,000
 *     re-inspection and 12369 deadlines of which 10 are due;
 *  8. hand-offs (test/bench/handoffs.ts): a sweep over 10,000 open hand-off limits of which 10 are due,
 *     and a police unit's queue with 10,000 hand-offs;
 * after each Lambda bundle's size and module-load time (bundles.ts), measured first, on a quiet machine.
 * Figures, not pass/fail: nothing here asserts a speed.
 *
 * `npm run bench -- outfalls cases` runs the named parts only (bundles, api, sweep, outfalls, cases,
 * handoffs). Each of the last four seeds ~10,000 items into a DynamoDB Local of its own: one instance
 * holding every part's tables slowed the later parts several times over (the outfall import took 220 s
 * instead of 51 s) and made DynamoDB Local time out waiting for its locks while the cases were seeded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import { signDevToken } from '../../services/local/dev-issuer.ts';
import { startDynamoDbLocal } from '../../services/local/dynamodb-local.ts';
import { startLocalRuntime } from '../../services/local/runtime.ts';
import { importPlan } from '../../services/plan/import.ts';
import { systemActor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import { createStore } from '../../services/shared/store/client.ts';
import { createTable } from '../../services/shared/store/create-table.ts';
import { benchBundles } from './bundles.ts';
import { benchCases } from './cases.ts';
import { DASHBOARD_QUERY, generatedPlan } from './fixtures.ts';
import { benchHandoffs } from './handoffs.ts';
import { benchHostileRequests } from './hostile.ts';
import { benchHotTask } from './hot-task.ts';
import { ms, quantile } from './measure.ts';
import { benchOutfalls } from './outfalls.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

const PARTS = ['bundles', 'api', 'sweep', 'outfalls', 'cases', 'handoffs'] as const;
type Part = (typeof PARTS)[number];

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((part) => !PARTS.includes(part as Part));
  if (unknown.length) throw new Error(`Unknown bench part ${unknown.join(', ')}; parts: ${PARTS.join(', ')}`);
  const runs = (part: Part) => asked.length === 0 || asked.includes(part);
  if (runs('bundles')) await benchBundles();
  if (runs('api')) await benchApi();
  if (runs('sweep')) await withDynamoDb(benchSweep);
  if (runs('outfalls')) await withDynamoDb(benchOutfalls);
  if (runs('cases')) await withDynamoDb(benchCases);
  if (runs('handoffs')) await withDynamoDb(benchHandoffs);
}

/** A part on a DynamoDB Local of its own, stopped after it. */
async function withDynamoDb(part: (endpoint: string) => Promise<void>): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  try {
    await part(dynamo.endpoint);
  } finally {
    await dynamo.stop();
  }
}

/** The dashboard query, mutation-to-handler latency, a hot task and hostile requests, over HTTP. */
async function benchApi(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  const keysDir = mkdtempSync(join(tmpdir(), 'clearwater-bench-'));
  const runtime = await startLocalRuntime({
    endpoint: dynamo.endpoint,
    tableName: 'bench',
    keysDir,
    port: 0,
    clockStart: new Date('2020-04-10T09:00:00+08:00'),
    sweepIntervalMs: 3_600_000,
    pollIntervalMs: 20,
  });
  try {
    const token = await signDevToken(keysDir, { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' });
    const post = (query: string, variables: Record<string, unknown> = {}) =>
      fetch(`${runtime.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      }).then(async (r) => {
        const body = (await r.json()) as { errors?: unknown[]; data?: Record<string, never> };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data;
      });

    // 1. Dashboard query
    for (let i = 0; i < 20; i++) await post(DASHBOARD_QUERY, { id: 'yanhu-2020' });
    const samples = 200;
    const before = runtime.store.stats.requests;
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++)
      latencies.push((await timed(() => post(DASHBOARD_QUERY, { id: 'yanhu-2020' })))[1]);
    const perQuery = (runtime.store.stats.requests - before) / samples;
    latencies.sort((a, b) => a - b);
    const concurrency = 8;
    const total = 400;
    let sent = 0;
    const [, elapsed] = await timed(() =>
      Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (sent++ < total) await post(DASHBOARD_QUERY, { id: 'yanhu-2020' });
        }),
      ),
    );
    console.log(
      'Dashboard query (plan yanhu-2020, 24 tasks with milestones, assignments + unit names, latest progress)',
    );
    console.log(`  DynamoDB requests per query: ${perQuery}`);
    console.log(
      `  latency over ${samples} sequential queries: p50 ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))}`,
    );
    console.log(
      `  throughput: ${(total / (elapsed / 1000)).toFixed(0)} queries/s (${total} queries, ${concurrency} concurrent clients)`,
    );

    // 2. Mutation to handler
    const handled = new Map<string, number>();
    runtime.bus.onDelivered((event, rule) => {
      if (rule === 'event-log' && event['detail-type'] === 'TaskProgressReported') {
        handled.set((event.detail.data as { reportId: string }).reportId, performance.now());
      }
    });
    const delays: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = performance.now();
      const data = await post(
        'mutation ($i: ReportProgressInput!) { reportProgress(input: $i) { latestProgress { reportId } } }',
        { i: { taskId: 'yanhu-2020:6', percentComplete: i } },
      );
      const { reportProgress } = data as unknown as {
        reportProgress: { latestProgress: { reportId: string } };
      };
      const reportId = reportProgress.latestProgress.reportId;
      while (!handled.has(reportId)) await new Promise((r) => setTimeout(r, 2));
      delays.push((handled.get(reportId) as number) - start);
    }
    delays.sort((a, b) => a - b);
    console.log(
      'Mutation to handler (reportProgress → outbox → stream poller (20 ms poll) → PutEvents → local bus → event-log handler)',
    );
    console.log(`  30 samples: p50 ${ms(quantile(delays, 0.5))}, p95 ${ms(quantile(delays, 0.95))}`);

    await benchHotTask(post, console.log);
    // 4. Hostile requests
    await benchHostileRequests(`${runtime.url}/graphql`, token);
  } finally {
    await runtime.stop();
    await dynamo.stop();
  }
}

/** Items a sweep reads with 10,000 open milestones of which 10 are due. */
async function benchSweep(endpoint: string): Promise<void> {
  const store = createStore({ tableName: 'bench-sweep', endpoint });
  await createTable(store.db, store.tableName);
  const clock = new FixedClock(new Date('2030-01-01T00:00:00Z'));
  const [, importMs] = await timed(() =>
    importPlan(
      { store, clock },
      { actor: systemActor('bench'), correlationId: 'bench' },
      generatedPlan(2000, 5, 10),
    ),
  );
  const [report, sweepMs] = await timed(() => sweep({ store, clock }, deadlineKinds));
  console.log('Sweep cost (2,000 tasks, 10,000 open milestones, 10 due)');
  console.log(`  import: ${(importMs / 1000).toFixed(1)} s`);
  console.log(
    `  sweep: ${report.read} items read, ${report.fired} steps fired, ${report.requests} DynamoDB requests, ${ms(sweepMs)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
