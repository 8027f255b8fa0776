/**
 * The milestone deadline: a milestone's due instant and the plan's escalation ladder (reminder, overdue,
 * escalation, proposed 约谈), run by the kernel's ladder runner. The milestone item itself carries the
 * deadline (its `dueAt`, `firedSteps`, `skippedSteps` and timer).
 */
import { proposeInterview } from '../accountability/interviews.ts';
import type { LadderStepFired } from '../events/catalog/deadlines.ts';
import { deadlines as events } from '../events/catalog/index.ts';
import { expandGroups } from '../shared/auth/acting-units.ts';
import { DAY_MS } from '../shared/clock.ts';
import { defineDeadlineKind, memoized } from '../shared/deadlines/kinds.ts';
import { type LadderStep, ladderTimer } from '../shared/deadlines/ladder.ts';
import { ladderTimerHandler } from '../shared/deadlines/runner.ts';
import type { TimerAttributes } from '../shared/deadlines/timer.ts';
import { newId } from '../shared/ids.ts';
import { strip } from '../shared/store/items.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { listUnits } from '../units/repository.ts';
import type { EscalationStep, Milestone, Plan, Task, Unit } from './model.ts';
import { getPlan, getTask } from './repository.ts';
import { chasedUnitIds, unitsInRole } from './roles.ts';

export const MILESTONE_DEADLINE = 'MilestoneLadder';

type Recipient = EscalationStep['notify'][number];

/** The plan's ladder in the kernel's terms: step ids are the events' detail-types. */
export function milestoneLadder(plan: Pick<Plan, 'ladder'>): LadderStep<Recipient>[] {
  return plan.ladder.map((step) => ({
    id: step.detailType,
    offsetMs: step.offsetDays * DAY_MS,
    notify: step.notify,
  }));
}

/** The timer of a milestone due at `dueAt` whose ladder is at step `index` (null: nothing left to fire). */
export function milestoneTimer(
  plan: Pick<Plan, 'ladder'>,
  dueAt: string,
  index: number,
): TimerAttributes | null {
  return ladderTimer(MILESTONE_DEADLINE, milestoneLadder(plan), dueAt, index);
}

interface MilestoneContext {
  plan: Plan;
  task: Task;
  milestone: Milestone;
  units: Unit[];
}

export const milestoneDeadline = defineDeadlineKind({
  name: MILESTONE_DEADLINE,
  description:
    'A plan milestone: reminder before, overdue at, escalation and a proposed 约谈 after its due instant.',
  fire: ladderTimerHandler<MilestoneContext>({
    kind: MILESTONE_DEADLINE,
    async load(item, deps) {
      const milestone = strip<Milestone>(item);
      const [plan, found, units] = await Promise.all([
        memoized(deps, `plan:${milestone.planId}`, () => getPlan(deps.store, milestone.planId)),
        getTask(deps.store, milestone.taskId),
        memoized(deps, 'units', () => listUnits(deps.store)),
      ]);
      return plan && found ? { plan, task: found.task, milestone, units } : null;
    },
    ladder: ({ plan }) => milestoneLadder(plan),
    dueAt: (item) => String(item.dueAt),
    stillOpen: { expression: 'attribute_not_exists(completedAt)' },
    onStep: (work, step, { plan, task, milestone, units }) =>
      emitStep(
        work,
        step as LadderStep<Recipient>,
        stepData(step as LadderStep<Recipient>, plan, task, milestone, units),
      ),
  }),
});

function emitStep(work: UnitOfWork, step: LadderStep<Recipient>, data: LadderStepFired): void {
  work.audit({
    entityType: 'Task',
    entityId: data.taskId,
    action: 'ESCALATION',
    summary: `${step.id}: milestone ${data.milestoneTitle} (due ${data.dueAt})`,
    changes: { step: step.id, milestoneId: data.milestoneId },
  });
  switch (step.id as EscalationStep['detailType']) {
    case 'MilestoneDueSoon':
      work.emit(events.MilestoneDueSoon, data);
      return;
    case 'MilestoneOverdue':
      work.emit(events.MilestoneOverdue, data);
      return;
    case 'MilestoneEscalated':
      work.emit(events.MilestoneEscalated, data);
      return;
    case 'AccountabilityInterviewProposed': {
      const interviewId = newId(work.context.now);
      proposeInterview(work, {
        id: interviewId,
        planId: data.planId,
        taskId: data.taskId,
        taskNumber: data.taskNumber,
        taskTitle: data.taskTitle,
        milestoneId: data.milestoneId,
        milestoneTitle: data.milestoneTitle,
        dueAt: data.dueAt,
        unitIds: data.responsibleUnitIds,
        proposedAt: work.context.now.toISOString(),
      });
      work.emit(events.AccountabilityInterviewProposed, { ...data, interviewId });
    }
  }
}

/** Who hears about a step: the units in the step's `notify` list, groups expanded to their members. */
export function stepData(
  step: LadderStep<Recipient>,
  plan: Plan,
  task: Task,
  milestone: Milestone,
  units: readonly Unit[],
): LadderStepFired {
  const named: string[] = [];
  for (const target of step.notify) {
    if (target === 'SUPERVISOR') named.push(plan.supervisorUnitId);
    else if (target === 'GOVERNMENT') named.push(plan.governmentUnitId);
    else named.push(...unitsInRole(task, target, milestone));
  }
  const recipients = expandGroups(named, units);
  return {
    planId: plan.id,
    taskId: task.id,
    taskNumber: task.number,
    taskTitle: task.title,
    milestoneId: milestone.id,
    milestoneTitle: milestone.title,
    dueAt: milestone.dueAt,
    offsetDays: Math.round(step.offsetMs / DAY_MS),
    recipientUnitIds: recipients.length ? recipients : [plan.supervisorUnitId],
    responsibleUnitIds: chasedUnitIds(task, milestone),
  };
}
