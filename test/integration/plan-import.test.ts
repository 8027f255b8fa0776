/**
 * Specification of the plan import against DynamoDB Local: what importing the Yanhu 2020 plan writes,
 * that a second import and an invalid document write nothing, and that a large plan spans transactions.
 */
import { type AttributeValue, QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../services/plan/import.ts';
import type { PlanDocumentInput } from '../../services/plan/model.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { listPlanTasks } from '../../services/plan/repository.ts';
import { systemActor } from '../../services/shared/auth/principal.ts';
import { DAY_MS, FixedClock } from '../../services/shared/clock.ts';
import { BadUserInputError, DomainError } from '../../services/shared/errors.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { fromAttributes, type Item, toAttributes } from '../../services/shared/store/codec.ts';
import { listUnits } from '../../services/units/repository.ts';
import { createTestStore } from '../support/store.ts';
import { generatePlan, scanAll, snapshot } from './plan-fixtures.ts';

const IMPORTED_AT = '2020-03-31T10:00:00+08:00';
const context = { actor: systemActor('plan-import-test'), correlationId: 'plan-import-test' };

async function importInto(store: Store, document: unknown, clock = new FixedClock(new Date(IMPORTED_AT))) {
  return importPlan({ store, clock }, context, document);
}

/** The rejection of a promise as a domain error code, or 'OK'. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

async function timerIndex(store: Store, planId?: string): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await store.db.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: 'Timers',
        KeyConditionExpression: 'timerShard = :shard',
        ExpressionAttributeValues: toAttributes({ ':shard': 'TIMER' }),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const raw of page.Items ?? []) items.push(fromAttributes(raw));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return planId ? items.filter((item) => item.planId === planId) : items;
}

const byType = (items: Item[], type: string) => items.filter((item) => item.itemType === type);

describe('Importing the Yanhu 2020 plan', () => {
  let store: Store;
  let items: Item[];

  beforeAll(async () => {
    store = await createTestStore('plan-import-yanhu');
    await importInto(store, yanhu);
    items = await scanAll(store);
  });

  it('writes the plan header with the document metadata and 24 tasks', () => {
    const [plan] = byType(items, 'Plan');

    expect(byType(items, 'Plan')).toHaveLength(1);
    expect(plan).toMatchObject({
      PK: 'PLAN#yanhu-2020',
      SK: '#PLAN',
      id: 'yanhu-2020',
      documentNumber: '运盐政办发〔2020〕16号',
      taskCount: 24,
      version: 1,
      importedAt: '2020-03-31T02:00:00.000Z',
      importedBy: 'system:plan-import-test',
    });
  });

  it('writes the 24 tasks at version 1 with nothing reported yet', () => {
    const tasks = byType(items, 'Task').sort((a, b) => Number(a.ordinal) - Number(b.ordinal));

    expect(tasks.map((t) => t.number)).toEqual([
      ...Array.from({ length: 14 }, (_, i) => String(i + 1)),
      ...Array.from({ length: 10 }, (_, i) => `A${i + 1}`),
    ]);
    for (const task of tasks) {
      expect(task).toMatchObject({
        planId: 'yanhu-2020',
        version: 1,
        percentComplete: 0,
        indicatorValues: {},
      });
    }
  });

  it('writes every milestone with its due instant, task 6 due at the end of April 2020 (+08:00)', () => {
    const milestones = byType(items, 'Milestone');
    const task6 = milestones.find((m) => m.id === 'yanhu-2020:6:hitech-wwtp');
    const task1 = milestones.find((m) => m.id === 'yanhu-2020:1:annual');

    expect(milestones).toHaveLength(27);
    expect(task6).toMatchObject({ dueAt: '2020-04-30T15:59:59.000Z', implicit: false, firedSteps: {} });
    expect(task1).toMatchObject({ dueAt: '2020-12-31T15:59:59.000Z', implicit: true });
  });

  it('arms every milestone on the sparse Timers index at due − 7 days (the default ladder’s first step)', async () => {
    const milestones = byType(items, 'Milestone');
    const timers = await timerIndex(store);

    for (const m of milestones) {
      expect(m, `timer of ${m.id}`).toMatchObject({
        timerShard: 'TIMER',
        timerAt: new Date(Date.parse(String(m.dueAt)) - 7 * DAY_MS).toISOString(),
        timerKind: 'MilestoneLadder',
        timerStep: 0,
      });
    }
    expect(timers.map((t) => t.id).sort()).toEqual(milestones.map((m) => m.id).sort());
    expect(timers[0]?.timerAt).toBe('2020-04-23T15:59:59.000Z');
  });

  it('writes the 35 units, with the township group 各乡镇办 and its 21 members, marked to be confirmed', () => {
    const units = byType(items, 'Unit');
    const group = units.find((u) => u.id === 'yanhu-townships');

    expect(units).toHaveLength(35);
    expect(group).toMatchObject({ kind: 'GROUP', name: '各乡镇办', unconfirmed: true });
    expect(group?.memberIds).toHaveLength(21);
    expect(group?.memberIds).toEqual(
      expect.arrayContaining(['xiezhou', 'dongguo', 'sanluli', 'anyi', 'xizhang']),
    );
    expect(units.filter((u) => u.kind === 'TOWNSHIP').every((u) => u.unconfirmed === true)).toBe(true);
  });

  it('records one audit entry for the import', () => {
    const audit = byType(items, 'AUDIT');

    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      PK: 'AUDIT#Plan#yanhu-2020',
      action: 'IMPORT',
      entityType: 'Plan',
      entityId: 'yanhu-2020',
      correlationId: 'plan-import-test',
    });
  });

  it('writes exactly one outbox row: PlanImported with the task and milestone counts', () => {
    const outbox = byType(items, 'OUTBOX');

    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ source: 'clearwater.plan', detailType: 'PlanImported' });
    expect(JSON.parse(String(outbox[0]?.detail)).data).toEqual({
      planId: 'yanhu-2020',
      title: '盐湖区2020年水污染治理攻坚方案',
      documentNumber: '运盐政办发〔2020〕16号',
      taskCount: 24,
      milestoneCount: 27,
    });
  });

  it('writes nothing else', () => {
    expect(items).toHaveLength(1 + 24 + 27 + 35 + 1 + 1);
  });

  it('refuses a second import of the same plan with CONFLICT and changes nothing', async () => {
    const before = await snapshot(store);

    const code = await codeOf(
      importInto(store, yanhu, new FixedClock(new Date('2020-04-02T10:00:00+08:00'))),
    );

    expect(code).toBe('CONFLICT');
    expect(await snapshot(store)).toEqual(before);
  });
});

describe('Importing an invalid plan document', () => {
  let store: Store;

  beforeAll(async () => {
    store = await createTestStore('plan-import-invalid');
  });

  function defective(change: (doc: PlanDocumentInput & Record<string, unknown>) => void): unknown {
    const doc = structuredClone(yanhu) as unknown as PlanDocumentInput & Record<string, unknown>;
    change(doc);
    return doc;
  }

  const defects: { name: string; field: string; change: (doc: PlanDocumentInput) => void }[] = [
    {
      name: 'an assignment to an unknown unit',
      field: 'document.tasks.0.assignments.0.unitId',
      change: (doc) => {
        doc.tasks[0]!.assignments[0]!.unitId = 'no-such-unit';
      },
    },
    {
      name: 'a month that does not exist (2020-13)',
      field: 'document.tasks.1.milestones.0.due',
      change: (doc) => {
        doc.tasks[1]!.milestones[0]!.due = '2020-13';
      },
    },
    {
      name: 'a duplicate task number',
      field: 'document.tasks.3.number',
      change: (doc) => {
        doc.tasks[3]!.number = doc.tasks[2]!.number;
      },
    },
    {
      name: 'a task without a title',
      field: 'document.tasks.4.title',
      change: (doc) => {
        delete (doc.tasks[4] as Partial<(typeof doc.tasks)[number]>).title;
      },
    },
  ];

  it.each(defects)('rejects $name with BAD_USER_INPUT naming $field, and writes nothing', async (defect) => {
    const before = await scanAll(store);

    const error = await importInto(store, defective(defect.change)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BadUserInputError);
    const problems = (error as BadUserInputError).problems.map((p) => p.field);
    expect(problems).toEqual([defect.field]);
    expect((error as BadUserInputError).code).toBe('BAD_USER_INPUT');
    expect(await scanAll(store)).toHaveLength(before.length);
  });

  it('names every bad field when a document has several defects at once, and writes nothing', async () => {
    const document = defective((doc) => {
      for (const defect of defects) defect.change(doc);
    });

    const error = await importInto(store, document).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BadUserInputError);
    const problems = (error as BadUserInputError).problems.map((p) => p.field);
    expect(problems.sort()).toEqual(defects.map((d) => d.field).sort());
    expect(await scanAll(store)).toHaveLength(0);
  });
});

describe('Importing a plan larger than one transaction', () => {
  it('imports 150 tasks, their milestones and units across several transactions, completely', async () => {
    const store = await createTestStore('plan-import-large');
    const document = generatePlan({ id: 'large-2020', tasks: 150, units: 20 });
    const transactionsBefore = store.stats.byCommand.TransactWriteItemsCommand ?? 0;

    const plan = await importInto(store, document);

    const transactions = (store.stats.byCommand.TransactWriteItemsCommand ?? 0) - transactionsBefore;
    const { tasks, milestonesByTask } = await listPlanTasks(store, 'large-2020');
    const milestones = [...milestonesByTask.values()].flat();
    const items = await scanAll(store);
    // 21 units + 150 tasks + 225 milestones cannot fit in fewer than 4 transactions of at most 100 items.
    expect(transactions).toBeGreaterThanOrEqual(4);
    expect(plan.taskCount).toBe(150);
    expect(tasks.map((t) => t.number)).toEqual(Array.from({ length: 150 }, (_, i) => String(i + 1)));
    expect(milestones).toHaveLength(225);
    expect(await listUnits(store)).toHaveLength(21);
    expect(await timerIndex(store, 'large-2020')).toHaveLength(225);
    expect(byType(items, 'Plan')).toHaveLength(1);
    expect(byType(items, 'OUTBOX').map((o) => o.detailType)).toEqual(['PlanImported']);
    expect(items).toHaveLength(1 + 150 + 225 + 21 + 1 + 1);
  });
});
