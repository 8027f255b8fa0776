/** Reads and item mapping of the plan context (plans, units, tasks, milestones, progress, audit). */
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Store } from '../shared/store/client.ts';
import { type AttributeMap, fromAttributes, type Item, toAttributes } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { type Key, keys, parseTaskId } from '../shared/store/keys.ts';
import { type Page, queryAll, queryPage } from '../shared/store/query.ts';
import type { Milestone, Plan, ProgressReport, Task, Unit } from './model.ts';

export interface PlanTasks {
  tasks: Task[];
  milestonesByTask: Map<string, Milestone[]>;
}

export async function getPlan(store: Store, planId: string): Promise<Plan | undefined> {
  return getItem<Plan>(store, keys.plan(planId));
}

export async function listPlans(store: Store): Promise<Plan[]> {
  const items = await queryAll(store, { index: 'GSI1', partition: keys.planList() });
  return items.map((item) => strip<Plan>(item));
}

/** Every task of a plan with its milestones: one query (paged by DynamoDB at 1 MB), in document order. */
export async function listPlanTasks(store: Store, planId: string): Promise<PlanTasks> {
  const items = await queryAll(store, { partition: keys.plan(planId).PK, prefix: keys.taskPrefix() });
  return groupTasks(items);
}

/** One task and its milestones: one query over the task's key range. */
export async function getTask(
  store: Store,
  id: string,
): Promise<{ task: Task; milestones: Milestone[] } | undefined> {
  const ref = parseTaskId(id);
  if (!ref) return undefined;
  const { PK, SK } = keys.task(ref.planId, ref.number);
  const items = await queryAll(store, { partition: PK, between: [SK, `${SK}#~`] });
  const { tasks, milestonesByTask } = groupTasks(items);
  const task = tasks[0];
  return task ? { task, milestones: milestonesByTask.get(task.id) ?? [] } : undefined;
}

function groupTasks(items: Item[]): PlanTasks {
  const tasks: Task[] = [];
  const milestonesByTask = new Map<string, Milestone[]>();
  for (const item of items) {
    if (item.itemType === 'Task') tasks.push(strip<Task>(item));
    if (item.itemType === 'Milestone') {
      const milestone = strip<Milestone>(item);
      const list = milestonesByTask.get(milestone.taskId) ?? [];
      list.push(milestone);
      milestonesByTask.set(milestone.taskId, list);
    }
  }
  tasks.sort((a, b) => a.ordinal - b.ordinal);
  for (const list of milestonesByTask.values()) list.sort((a, b) => a.ordinal - b.ordinal);
  return { tasks, milestonesByTask };
}

export async function listUnits(store: Store): Promise<Unit[]> {
  const items = await queryAll(store, { index: 'GSI1', partition: keys.unitList() });
  return items.map((item) => strip<Unit>(item));
}

/** Units by id in as few requests as BatchGetItem allows (100 keys each); missing ids are absent. */
export async function getUnits(store: Store, ids: readonly string[]): Promise<Map<string, Unit>> {
  const found = new Map<string, Unit>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let requested: AttributeMap[] = unique.slice(i, i + 100).map((id) => toAttributes(keys.unit(id)));
    for (let attempt = 0; requested.length > 0; attempt++) {
      const result = await store.db.send(
        new BatchGetItemCommand({ RequestItems: { [store.tableName]: { Keys: requested } } }),
      );
      for (const item of result.Responses?.[store.tableName] ?? []) {
        const unit = strip<Unit>(fromAttributes(item));
        found.set(unit.id, unit);
      }
      requested = result.UnprocessedKeys?.[store.tableName]?.Keys ?? [];
      if (requested.length > 0) await backoff(attempt);
    }
  }
  return found;
}

export async function listProgressReports(
  store: Store,
  taskId: string,
  first: number,
  after?: string | null,
): Promise<Page<ProgressReport>> {
  const page = await queryPage(
    store,
    { partition: keys.progressPartition(taskId), descending: true },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<ProgressReport>(item)) };
}

export interface AuditEntry {
  auditId: string;
  at: string;
  actor: { id: string; name?: string; unitId?: string; kind: string };
  correlationId: string;
  entityType: string;
  entityId: string;
  action: string;
  summary: string;
  changes?: string;
}

export async function listAudit(
  store: Store,
  entityType: string,
  entityId: string,
  first: number,
  after?: string | null,
): Promise<Page<AuditEntry>> {
  const page = await queryPage(
    store,
    { partition: keys.auditPartition(entityType, entityId), descending: true },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<AuditEntry>(item)) };
}

async function backoff(attempt: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
}

// ---- Item builders: the stored form of each entity ----

export function unitItem(unit: Unit): Item & Key {
  return { ...keys.unit(unit.id), itemType: 'Unit', GSI1PK: keys.unitList(), GSI1SK: unit.id, ...unit };
}

export function planItem(plan: Plan): Item & Key {
  return {
    ...keys.plan(plan.id),
    itemType: 'Plan',
    GSI1PK: keys.planList(),
    GSI1SK: `${plan.year}#${plan.id}`,
    ...plan,
  };
}

export function taskItem(task: Task): Item & Key {
  return { ...keys.task(task.planId, task.number), itemType: 'Task', ...task };
}

export function milestoneItem(milestone: Milestone, timer: Item | null): Item & Key {
  return {
    ...keys.milestone(milestone.planId, milestone.taskNumber, milestone.key),
    itemType: 'Milestone',
    ...milestone,
    ...(timer ?? {}),
  };
}
