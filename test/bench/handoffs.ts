/**
 * `npm run bench`, hand-off part: a sweep over 10,000 open hand-off limits of which 10 are due (items
 * read against due), and a police unit's queue with 10,000 hand-offs against one with 100 (DynamoDB
 * requests per query, p50/p95). Figures, not asserts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../../graphql/yoga.ts';
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import type { EnforcementCase } from '../../services/cases/model.ts';
import { caseItem } from '../../services/cases/repository.ts';
import { openLimit } from '../../services/handoffs/deadline.ts';
import type { Handoff } from '../../services/handoffs/model.ts';
import { handoffIndexes } from '../../services/handoffs/repository.ts';
import { devVerifier, signDevToken } from '../../services/local/dev-issuer.ts';
import { systemActor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { createStore } from '../../services/shared/store/client.ts';
import { createTable } from '../../services/shared/store/create-table.ts';
import { keys } from '../../services/shared/store/keys.ts';
import { UnitOfWork } from '../../services/shared/store/transaction.ts';
import { packageCalendar } from '../../services/shared/time/calendar.ts';
import { batchWrite } from './case-fixtures.ts';
import { inProcessQuery, ms, reportQueryCost } from './measure.ts';

export const QUEUE_QUERY = `query Queue($unit: ID!) {
  policeQueue(policeUnitId: $unit, first: 50) {
    edges { node { id caseNumber status documents { kind sha256 } openLimits { name side dueAt }
      case { number title status } policeUnit { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** `count` transferred hand-offs of a police unit, each with its case (written directly in batches). */
export async function seedQueue(store: Store, policeUnitId: string, count: number): Promise<void> {
  const items = Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.UTC(2020, 4, 1) + i * 60_000).toISOString();
    const caseId = `case-${policeUnitId}-${String(i).padStart(6, '0')}`;
    const c = {
      id: caseId,
      number: `yanhu-eeb-2020-${String(i + 1).padStart(5, '0')}`,
      bureauUnitId: 'yanhu-eeb',
      title: `案件${i + 1}`,
      status: 'INVESTIGATING',
      handoffStatus: 'HANDED_OFF',
      policeUnitIds: [policeUnitId],
      source: { kind: 'PATROL' },
      candidates: [],
      outfalls: [],
      discoveredAt: at,
      discoveredOn: at.slice(0, 10),
      violations: [],
      facts: {},
      crimeGrounds: [],
      penaltyCycles: [],
      openedAt: at,
      openedBy: 'bench',
      createdAt: at,
      updatedAt: at,
      version: 2,
    } as EnforcementCase;
    const h: Handoff = {
      id: `${caseId}:h`,
      caseId,
      caseNumber: c.number,
      bureauUnitId: 'yanhu-eeb',
      policeUnitId,
      status: 'RECEIVED',
      grounds: [],
      proposedAt: at,
      transferredAt: at,
      documents: [{ kind: 'TRANSFER_LETTER', title: '移送书', fileRef: 'f', sha256: 'a'.repeat(64) }],
      steps: [],
      openLimits: [{ name: 'decision', side: 'POLICE', dueAt: '2026-06-01T15:59:59.999Z' }],
      version: 4,
    };
    return [
      caseItem(c),
      { ...keys.handoffProposal(caseId, 'h'), itemType: 'HandoffProposal', ...handoffIndexes(h), ...h },
    ];
  }).flat();
  // Eight writers at a time, each its own run of 25-item batches.
  const part = Math.ceil(items.length / 8 / 25) * 25;
  await Promise.all(
    Array.from({ length: 8 }, (_, i) => batchWrite(store, items.slice(i * part, (i + 1) * part))),
  );
}

/** `count` open hand-off limits, 100 to a transaction; the first `due` started 40 days before `now`. */
async function seedLimits(store: Store, count: number, due: number, now: Date): Promise<void> {
  const time = { timeZone: '+08:00', calendar: packageCalendar };
  const starts = Array.from({ length: Math.ceil(count / 100) }, (_, i) => i * 100);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < starts.length) {
        const start = starts[next++] as number;
        const work = new UnitOfWork({ actor: systemActor('bench'), correlationId: 'bench', now });
        for (let i = start; i < Math.min(count, start + 100); i++) {
          const ref = {
            caseId: `case-${i}`,
            caseNumber: `N-${i}`,
            bureauUnitId: 'yanhu-eeb',
            policeUnitId: 'yanhu-police',
            handoffId: `case-${i}:h`,
          };
          openLimit(
            work,
            {
              owner: { type: 'Handoff', id: ref.handoffId },
              limit: 'decision',
              name: 'decision',
              startedAt:
                i < due ? new Date(now.getTime() - 40 * 86_400_000) : new Date('2026-06-01T00:00:00Z'),
              period: { amount: 3, unit: 'DAYS' },
              ref,
              supervisorUnitId: 'yanhu-gov-office',
              policeUnitIds: ['yanhu-police'],
            },
            time,
          );
        }
        await work.commit(store);
      }
    }),
  );
}

export async function benchHandoffs(endpoint: string): Promise<void> {
  const clock = new FixedClock(new Date('2020-09-01T09:00:00+08:00'));
  const limits = createStore({ tableName: 'bench-handoff-limits', endpoint });
  await createTable(limits.db, limits.tableName);
  const seeded = performance.now();
  await seedLimits(limits, 10_000, 10, clock.now());
  const seedMs = performance.now() - seeded;
  const start = performance.now();
  const report = await sweep({ store: limits, clock }, deadlineKinds);
  console.log('Sweep cost (10,000 open hand-off limits, 10 due)');
  console.log(`  seeded in ${(seedMs / 1000).toFixed(1)} s`);
  console.log(
    `  sweep: ${report.read} items read, ${report.fired} steps fired, ${report.requests} DynamoDB requests, ${ms(performance.now() - start)}`,
  );

  const store = createStore({ tableName: 'bench-police-queue', endpoint });
  await createTable(store.db, store.tableName);
  const keysDir = mkdtempSync(join(tmpdir(), 'clearwater-bench-handoffs-'));
  const yoga = createServer({ store, clock, verifier: await devVerifier(keysDir), log: () => {} });
  const token = await signDevToken(keysDir, { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' });
  const query = (unit: string) => inProcessQuery(yoga, token, QUEUE_QUERY)({ unit });
  const seedStart = performance.now();
  await seedQueue(store, 'yanhu-police', 10_000);
  await seedQueue(store, 'city-police', 100);
  console.log('Police queue (hand-offs under way, 50 a page, with each case, package and open limits)');
  console.log(
    `  seeded 10,100 cases and hand-offs in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  for (const [unit, label] of [
    ['city-police', '100 hand-offs'],
    ['yanhu-police', '10,000 hand-offs'],
  ] as const) {
    await reportQueryCost(store, label, () => query(unit));
  }
}
