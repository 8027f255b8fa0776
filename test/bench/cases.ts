/**
 * `npm run bench`, cases part: the open-cases dashboard of one bureau with 10,000 cases (DynamoDB
 * requests per query, against a bureau with 100; p50/p95 latency), and a sweep over 10,000 open
 * re-inspection and 12369 deadlines of which 10 are due (items read against due). Figures, not asserts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../../graphql/yoga.ts';
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import { devVerifier, signDevToken } from '../../services/local/dev-issuer.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import { createStore } from '../../services/shared/store/client.ts';
import { createTable } from '../../services/shared/store/create-table.ts';
import { DASHBOARD_CASES_QUERY, seedCases, seedDeadlines } from './case-fixtures.ts';
import { inProcessQuery, ms, reportQueryCost } from './measure.ts';

export async function benchCases(endpoint: string): Promise<void> {
  const store = createStore({ tableName: 'bench-cases', endpoint });
  await createTable(store.db, store.tableName);
  const clock = new FixedClock(new Date('2020-09-01T09:00:00+08:00'));
  const keysDir = mkdtempSync(join(tmpdir(), 'clearwater-bench-cases-'));
  const yoga = createServer({ store, clock, verifier: await devVerifier(keysDir), log: () => {} });
  const token = await signDevToken(keysDir, { roles: ['ENFORCEMENT_OFFICER'], unit: 'yanhu-eeb' });
  const query = (bureau: string) => inProcessQuery(yoga, token, DASHBOARD_CASES_QUERY)({ bureau });

  const seedStart = performance.now();
  await seedCases(store, 'yanhu-eeb', 10_000);
  await seedCases(store, 'city-eeb', 100);
  console.log(`Cases dashboard (open cases of one bureau, 50 a page, with counts by status and unit names)`);
  console.log(`  seeded 10,100 cases in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  for (const [bureau, label] of [
    ['city-eeb', '100 cases'],
    ['yanhu-eeb', '10,000 cases'],
  ] as const) {
    await reportQueryCost(store, label, () => query(bureau));
  }

  const deadlineStore = createStore({ tableName: 'bench-case-deadlines', endpoint });
  await createTable(deadlineStore.db, deadlineStore.tableName);
  const seeded = performance.now();
  await seedDeadlines(deadlineStore, 10_000, 10, clock.now());
  const seedMs = performance.now() - seeded;
  const start = performance.now();
  const report = await sweep({ store: deadlineStore, clock }, deadlineKinds);
  console.log('Sweep cost (10,000 open re-inspection and 12369 closure deadlines, 10 due)');
  console.log(`  seeded in ${(seedMs / 1000).toFixed(1)} s`);
  console.log(
    `  sweep: ${report.read} items read, ${report.fired} steps fired, ${report.requests} DynamoDB requests, ${ms(performance.now() - start)}`,
  );
}
