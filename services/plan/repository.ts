/** Reads and item mapping of the plan context (plans, tasks, milestones, progress reports). */
import type { TimerAttributes } from '../shared/deadlines/timer.ts';
import { timeOfId } from '../shared/ids.ts';
import type { Store } from '../shared/store/client.ts';
import type { Item } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { indexKeys, type Key, keys, parseTaskId } from '../shared/store/keys.ts';
import { type Page, queryAll, queryPage } from '../shared/store/query.ts';
import type { Milestone, Plan, ProgressReport, Task } from './model.ts';

export interface PlanTasks {
  tasks: Task[];
  milestonesByTask: Map<string, Milestone[]>;
}

export async function getPlan(store: Store, planId: string): Promise<Plan | undefined> {
  return getItem<Plan>(store, keys.plan(planId));
}

export async function listPlans(store: Store): Promise<Plan[]> {
  const items = await queryAll(store, {
    index: indexKeys.planList.index,
    partition: indexKeys.planList.partition(),
  });
  return items.map((item) => strip<Plan>(item));
}

/** Every task of a plan with its milestones: one query (paged by DynamoDB at 1 MB), in document order. */
export async function listPlanTasks(store: Store, planId: string): Promise<PlanTasks> {
  const items = await queryAll(store, {
    partition: keys.task.partition(planId),
    prefix: keys.task.sortPrefix(),
  });
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

export async function listProgressReports(
  store: Store,
  taskId: string,
  first: number,
  after?: string | null,
): Promise<Page<ProgressReport>> {
  const page = await queryPage(
    store,
    { partition: keys.progressReport.partition(taskId), descending: true },
    first,
    after,
  );
  return { ...page, items: page.items.map((item) => strip<ProgressReport>(item)) };
}

/** One progress report. Its id is made at the instant of the report, which is half of its sort key. */
export async function getProgressReport(
  store: Store,
  taskId: string,
  reportId: string,
): Promise<ProgressReport | undefined> {
  const at = timeOfId(reportId);
  return at && getItem<ProgressReport>(store, keys.progressReport(taskId, at.toISOString(), reportId));
}

// ---- Item builders: the stored form of each entity ----

export function planItem(plan: Plan): Item & Key {
  return {
    ...keys.plan(plan.id),
    itemType: 'Plan',
    GSI1PK: indexKeys.planList.partition(),
    GSI1SK: indexKeys.planList.sort(String(plan.year), plan.id),
    ...plan,
  };
}

export function taskItem(task: Task): Item & Key {
  return { ...keys.task(task.planId, task.number), itemType: 'Task', ...task };
}

export function milestoneItem(milestone: Milestone, timer: TimerAttributes | null): Item & Key {
  return {
    ...keys.milestone(milestone.planId, milestone.taskNumber, milestone.key),
    itemType: 'Milestone',
    ...milestone,
    ...(timer ?? {}),
  };
}
