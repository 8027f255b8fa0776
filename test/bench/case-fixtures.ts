/** Seeding for the cases bench and cost test: many cases, or many open deadlines, written directly in batches. */
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import type { EnforcementCase } from '../../services/cases/model.ts';
import { caseItem, countAttribute } from '../../services/cases/repository.ts';
import { OPEN_CASE_STATUSES } from '../../services/cases/status.ts';
import { openStandardDeadline } from '../../services/deadlines/standard.ts';
import { systemActor } from '../../services/shared/auth/principal.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { type Item, toAttributes } from '../../services/shared/store/codec.ts';
import { keys } from '../../services/shared/store/keys.ts';
import { UnitOfWork } from '../../services/shared/store/transaction.ts';
import { packageCalendar } from '../../services/shared/time/calendar.ts';

export const DASHBOARD_CASES_QUERY = `query Dashboard($bureau: ID!) {
  cases(bureauUnitId: $bureau, first: 50) {
    openCount
    counts { status count }
    edges { node { id number title status handoffStatus reinspectionDueAt discoveredAt
      party { name creditCode } bureau { name } township { name } crimeGrounds { code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export async function batchWrite(store: Store, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: toAttributes(item) } }));
    while (requests.length > 0) {
      const result = await store.db.send(
        new BatchWriteItemCommand({ RequestItems: { [store.tableName]: requests } }),
      );
      requests = (result.UnprocessedItems?.[store.tableName] ?? []) as typeof requests;
    }
  }
}

/** `count` open cases of a bureau in every open status, and the bureau's counts item to match. */
export async function seedCases(store: Store, bureauUnitId: string, count: number): Promise<void> {
  const counts: Record<string, number> = {};
  const items = Array.from({ length: count }, (_, i) => {
    const status = OPEN_CASE_STATUSES[i % OPEN_CASE_STATUSES.length] as EnforcementCase['status'];
    counts[countAttribute(status)] = (counts[countAttribute(status)] ?? 0) + 1;
    const at = new Date(Date.UTC(2020, 4, 1) + i * 60_000).toISOString();
    const record: EnforcementCase = {
      id: `case-${bureauUnitId}-${String(i).padStart(6, '0')}`,
      number: `${bureauUnitId}-2020-${String(i + 1).padStart(5, '0')}`,
      bureauUnitId,
      title: `案件${i + 1}`,
      status,
      handoffStatus: 'NONE',
      source: { kind: 'PATROL' },
      party: { name: `企业${i % 500}` },
      candidates: [],
      outfalls: [],
      townshipUnitId: 'xiezhou',
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
      version: 1,
    };
    return caseItem(record);
  });
  await batchWrite(store, [...items, { ...keys.caseStats(bureauUnitId), itemType: 'CaseStats', ...counts }]);
}

/**
 * `count` open deadlines — re-inspections of cases and closures of 12369 reports, alternately — due in
 * mid-2026 except the first `due`, whose reminder and due instant have passed at `now`.
 */
export async function seedDeadlines(store: Store, count: number, due: number, now: Date): Promise<void> {
  const time = { timeZone: '+08:00', calendar: packageCalendar };
  const batch = (start: number) => {
    const work = new UnitOfWork({ actor: systemActor('bench'), correlationId: 'bench', now });
    for (let i = start; i < Math.min(count, start + 100); i++) {
      const complaint = i % 2 === 1;
      openStandardDeadline(
        work,
        {
          owner: complaint ? { type: 'Complaint', id: `complaint-${i}` } : { type: 'Case', id: `case-${i}` },
          name: complaint ? 'closure-1' : 'reinspection-1-1',
          title: complaint ? '办结12369举报并答复举报人' : '复查整改情况',
          startedAt: i < due ? new Date(now.getTime() - 40 * 86_400_000) : new Date('2026-06-01T00:00:00Z'),
          period: { amount: 30, unit: 'DAYS' },
          ladder: { remind: ['yanhu-eeb'], overdue: ['yanhu-eeb'], escalate: ['yanhu-gov-office'] },
          responsibleUnitIds: ['yanhu-eeb'],
        },
        time,
      );
    }
    return work.commit(store);
  };
  // Transactions of 100 deadlines, 8 at a time.
  const starts = Array.from({ length: Math.ceil(count / 100) }, (_, i) => i * 100);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < starts.length) await batch(starts[next++] as number);
    }),
  );
}
