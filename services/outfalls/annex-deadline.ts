/**
 * An outfall's deadline: the due instant of its annex item's milestone in the plan (e.g. A7 by
 * 2020-04-30T23:59:59+08:00), opened as a standard deadline (reminder, overdue, escalation) whose
 * recipients are the annex task's chased units — a group such as 各乡镇办 narrowed to the outfall's own
 * township — with the outfall's responsible unit; the plan's supervisor is told at the due instant and
 * escalations go to the supervisor and the government. Closed MET or LATE when the outfall ends.
 */
import { openStandardDeadline } from '../deadlines/standard.ts';
import type { Milestone, Plan, Task } from '../plan/model.ts';
import { getPlan, listPlanTasks } from '../plan/repository.ts';
import { chasedUnitIds } from '../plan/roles.ts';
import { expandGroups, type UnitMembership } from '../shared/auth/acting-units.ts';
import { DAY_MS } from '../shared/clock.ts';
import { ConflictError } from '../shared/errors.ts';
import type { Store } from '../shared/store/client.ts';
import { taskId } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import type { DistrictTime } from '../shared/time/zone.ts';
import type { Unit } from '../units/model.ts';
import { listUnits } from '../units/repository.ts';
import type { AnnexItem } from './annex.ts';
import type { Outfall, OutfallDeadlineRef } from './model.ts';
import type { OutfallSettings } from './settings.ts';

/** What deadlines need from the plan: read once per command (or once per import). */
export interface AnnexContext {
  plan: Plan;
  tasks: Map<string, { task: Task; milestone: Milestone }>;
  units: Unit[];
}

export async function loadAnnexContext(store: Store, settings: OutfallSettings): Promise<AnnexContext> {
  const [plan, planTasks, units] = await Promise.all([
    getPlan(store, settings.planId),
    listPlanTasks(store, settings.planId),
    listUnits(store),
  ]);
  if (!plan) {
    throw new ConflictError(
      `Plan ${settings.planId} is not loaded: outfalls take their deadlines from its annex`,
      {
        reason: 'OUTFALL_PLAN_MISSING',
      },
    );
  }
  const tasks = new Map<string, { task: Task; milestone: Milestone }>();
  for (const task of planTasks.tasks) {
    const milestone = planTasks.milestonesByTask.get(task.id)?.[0];
    if (milestone) tasks.set(task.number, { task, milestone });
  }
  return { plan, tasks, units };
}

export function annexTask(context: AnnexContext, item: AnnexItem): { task: Task; milestone: Milestone } {
  const found = context.tasks.get(item);
  if (!found) {
    throw new ConflictError(`Plan ${context.plan.id} has no annex item ${item}`, {
      reason: 'OUTFALL_ANNEX_UNKNOWN',
    });
  }
  return found;
}

/** Unit ids with each group narrowed to the outfall's township (or all its members when it has none). */
export function narrowToTownship(
  unitIds: readonly string[],
  townshipUnitId: string | undefined,
  units: readonly UnitMembership[],
): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Set<string>();
  for (const id of unitIds) {
    const unit = byId.get(id);
    if (unit?.kind !== 'GROUP') out.add(id);
    else if (!townshipUnitId) for (const member of expandGroups([id], units)) out.add(member);
    else if (unit.memberIds?.includes(townshipUnitId)) out.add(townshipUnitId);
  }
  return [...out];
}

export function deadlineName(item: AnnexItem): string {
  return `annex-${item}`;
}

export interface DeadlineRecipients {
  chased: string[];
  remind: string[];
  overdue: string[];
  escalate: string[];
}

export function deadlineRecipients(
  context: AnnexContext,
  task: Task,
  outfall: Pick<Outfall, 'townshipUnitId' | 'responsibleUnitId'>,
): DeadlineRecipients {
  const chased = narrowToTownship(chasedUnitIds(task), outfall.townshipUnitId, context.units);
  const remind = [...new Set([...chased, outfall.responsibleUnitId])];
  return {
    chased,
    remind,
    overdue: [...new Set([...remind, context.plan.supervisorUnitId])],
    escalate: [...new Set([context.plan.supervisorUnitId, context.plan.governmentUnitId])],
  };
}

/** Opens the outfall's annex deadline in the unit of work. */
export function openAnnexDeadline(
  work: UnitOfWork,
  outfall: Pick<Outfall, 'id' | 'code' | 'name' | 'annexItem' | 'townshipUnitId' | 'responsibleUnitId'>,
  context: AnnexContext,
  settings: OutfallSettings,
  time: DistrictTime,
): OutfallDeadlineRef {
  const { task, milestone } = annexTask(context, outfall.annexItem);
  const recipients = deadlineRecipients(context, task, outfall);
  const record = openStandardDeadline(
    work,
    {
      owner: { type: 'Outfall', id: outfall.id, title: `排污口${outfall.code}「${outfall.name}」` },
      name: deadlineName(outfall.annexItem),
      title: `${task.number} ${milestone.title}`,
      startedAt: work.context.now,
      dueAt: new Date(milestone.dueAt),
      responsibleUnitIds: recipients.chased,
      ladder: {
        remind: recipients.remind,
        overdue: recipients.overdue,
        escalate: recipients.escalate,
        remindBeforeMs: settings.remindBeforeDays * DAY_MS,
        escalateAfterMs: settings.escalateAfterDays * DAY_MS,
      },
    },
    time,
  );
  return { name: record.name, taskId: taskId(context.plan.id, task.number), dueAt: record.dueAt };
}
