/**
 * Outfall register figures for `npm run bench` (DynamoDB Local, the GraphQL server in process):
 *  1. a bulk import of 10,000 rows (CSV);
 *  2. the public map query and outfallStats: DynamoDB requests per query with 100 and with 10,000
 *     outfalls, and p50/p95 latency at 10,000;
 *  3. a sweep with 10,000 outfall deadlines of which 10 are due.
 * Figures, never asserted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../../graphql/yoga.ts';
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import { devVerifier, signDevToken } from '../../services/local/dev-issuer.ts';
import { importOutfalls } from '../../services/outfalls/import.ts';
import { importPlan } from '../../services/plan/import.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { systemActor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import { createStore, type Store } from '../../services/shared/store/client.ts';
import { createTable } from '../../services/shared/store/create-table.ts';
import { ms, quantile } from './measure.ts';

const TOWNSHIPS = ['xiezhou', 'dongguo', 'sanluli', 'anyi', 'zhongcheng', 'longju', 'taocun', 'beixiang'];
const CATEGORIES = ['城镇雨水排口', '城镇生活污水散乱排口', '其他排口', '多个排污单位共用排污口'];
const PUBLIC_QUERY = `{ publicOutfalls(first: 100, filter: { waterBody: "涑水河" }) {
  edges { node { code name waterBody category state longitude latitude responsibleUnit supervisionPhone } }
  pageInfo { hasNextPage endCursor } } }`;
const STATS_QUERY = `{ outfallStats {
  all { total late byState { state count } }
  water: groups(dimension: WATER_BODY) { value counts { total late } }
  townships: groups(dimension: TOWNSHIP) { value counts { total late } }
  categories: groups(dimension: CATEGORY) { value counts { total } }
  annex: groups(dimension: ANNEX) { value counts { total late ended } } } }`;

/** `count` CSV rows, the first `irrigation` of them irrigation returns (A7, due 2020-04-30), the rest due later. */
function register(count: number, irrigation: number, prefix: string): string {
  const lines = ['code,name,waterBody,township,longitude,latitude,category,responsibleUnit,disclosed'];
  for (let i = 0; i < count; i++) {
    const category = i < irrigation ? '农田灌溉退水口' : (CATEGORIES[i % CATEGORIES.length] as string);
    lines.push(
      [
        `${prefix}-${String(i).padStart(5, '0')}`,
        `基准排口${i}（虚构）`,
        i % 2 ? '涑水河' : '姚暹渠',
        TOWNSHIPS[i % TOWNSHIPS.length],
        (110.8 + (i % 100) / 250).toFixed(5),
        (34.9 + Math.floor(i / 100) / 500).toFixed(5),
        category,
        i < irrigation ? 'yanhu-agri' : 'yanhu-housing',
        i % 2 ? '是' : '否',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function freshStore(endpoint: string, name: string, clock: FixedClock): Promise<Store> {
  const store = createStore({ tableName: name, endpoint });
  await createTable(store.db, store.tableName);
  await importPlan({ store, clock }, { actor: systemActor('bench'), correlationId: 'bench' }, yanhu);
  return store;
}

async function queryCost(store: Store, clock: FixedClock, keysDir: string, samples: number) {
  const yoga = createServer({ store, clock, verifier: await devVerifier(keysDir), log: () => {} });
  const token = await signDevToken(keysDir, { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' });
  const measure = async (query: string, authorized: boolean) => {
    const send = async () => {
      const response = await yoga.fetch('http://bench/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorized ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    for (let i = 0; i < 10; i++) await send();
    const before = store.stats.requests;
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await send();
      latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    return {
      requests: (store.stats.requests - before) / samples,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
    };
  };
  return { map: await measure(PUBLIC_QUERY, false), stats: await measure(STATS_QUERY, true) };
}

export async function benchOutfalls(endpoint: string): Promise<void> {
  const keysDir = mkdtempSync(join(tmpdir(), 'clearwater-bench-outfalls-'));
  const clock = new FixedClock(new Date('2020-04-10T09:00:00+08:00'));
  const caller = {
    actor: { kind: 'USER' as const, id: 'bench', roles: ['SUPERVISOR' as const] },
    correlationId: 'bench',
  };

  const small = await freshStore(endpoint, 'bench-outfalls-100', clock);
  await importOutfalls({ store: small, clock }, caller, register(100, 10, 'S'), { format: 'CSV' });
  const smallCost = await queryCost(small, clock, keysDir, 50);

  const store = await freshStore(endpoint, 'bench-outfalls-10000', clock);
  const before = { requests: store.stats.requests, tx: store.stats.byCommand.TransactWriteItemsCommand ?? 0 };
  const start = performance.now();
  const result = await importOutfalls({ store, clock }, caller, register(10_000, 10, 'B'), { format: 'CSV' });
  const importMs = performance.now() - start;
  console.log(
    'Outfall bulk import (10,000 CSV rows: validate all, then write; one transaction per ~24 outfalls)',
  );
  console.log(
    `  ${result.written} outfalls in ${(importMs / 1000).toFixed(1)} s (${(result.written / (importMs / 1000)).toFixed(0)} rows/s), ` +
      `${(store.stats.byCommand.TransactWriteItemsCommand ?? 0) - before.tx} transactions, ${store.stats.requests - before.requests} DynamoDB requests`,
  );

  const cost = await queryCost(store, clock, keysDir, 200);
  console.log(
    'Public map query (publicOutfalls, first 100 on 涑水河, no token) and outfallStats (all groups)',
  );
  console.log(
    `  DynamoDB requests per query, 100 → 10,000 outfalls: map ${smallCost.map.requests} → ${cost.map.requests}, stats ${smallCost.stats.requests} → ${cost.stats.requests}`,
  );
  console.log(
    `  at 10,000 over 200 queries: map p50 ${ms(cost.map.p50)}, p95 ${ms(cost.map.p95)}; stats p50 ${ms(cost.stats.p50)}, p95 ${ms(cost.stats.p95)}`,
  );

  clock.set('2020-04-28T00:00:00+08:00');
  const started = performance.now();
  const report = await sweep({ store, clock }, deadlineKinds);
  console.log(
    'Sweep with 10,000 outfall deadlines, 10 due (A7 reminders; the plan’s own milestone timers also run)',
  );
  console.log(
    `  ${report.read} items read, ${report.fired} steps fired, ${report.requests} DynamoDB requests, ${ms(performance.now() - started)}`,
  );
}
