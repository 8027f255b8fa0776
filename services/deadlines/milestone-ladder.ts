/**
 * Fires the escalation ladder of a milestone when the sweeper finds its timer due. Each step is its
 * own transaction conditioned on the timer it read, so a step fires once however many sweeps overlap;
 * completing or rescheduling the milestone in between makes the condition fail and nothing fires.
 */
import { proposeInterview } from '../accountability/interviews.ts';
import type { LadderStepFired } from '../events/catalog/deadlines.ts';
import { deadlines as events } from '../events/catalog/index.ts';
import type { LadderStep, Milestone, Plan, Task, Unit } from '../plan/model.ts';
import { getPlan, getTask, listUnits } from '../plan/repository.ts';
import { systemActor } from '../shared/auth/principal.ts';
import { ConflictError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { strip } from '../shared/store/items.ts';
import { keys } from '../shared/store/keys.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import { decideStep, ladderTimer, stepInstant } from './ladder.ts';
import { memoized, type TimerHandler } from './timer.ts';

const actor = systemActor('deadline-sweeper');

export const fireMilestoneLadder: TimerHandler = async (item, deps) => {
  const milestone = strip<Milestone>(item);
  const [plan, found, units] = await Promise.all([
    memoized(deps, `plan:${milestone.planId}`, () => getPlan(deps.store, milestone.planId)),
    getTask(deps.store, milestone.taskId),
    memoized(deps, 'units', () => listUnits(deps.store)),
  ]);
  if (!plan || !found) return 0;
  const now = deps.clock.now();
  let step = item.timerStep;
  let timerAt = item.timerAt;
  let fired = 0;
  for (let ladderStep = plan.ladder[step]; ladderStep; ladderStep = plan.ladder[step]) {
    if (stepInstant(ladderStep, milestone.dueAt).getTime() > now.getTime()) break;
    const decision = decideStep(ladderStep, milestone.dueAt, now);
    const next = ladderTimer(plan.ladder, milestone.dueAt, step + 1);
    const work = new UnitOfWork({
      actor,
      correlationId: `ladder:${milestone.id}:${ladderStep.detailType}`,
      now,
    });
    work.update(
      keys.milestone(milestone.planId, milestone.taskNumber, milestone.key),
      stepUpdate(ladderStep, decision, next, now),
      {
        expression:
          'timerStep = :step AND timerAt = :at AND dueAt = :due AND attribute_not_exists(completedAt)',
        values: { ':step': step, ':at': timerAt, ':due': milestone.dueAt },
        onFailed: () => new ConflictError('timer already handled'),
      },
    );
    if (decision === 'FIRE')
      emitStep(work, ladderStep, stepData(ladderStep, plan, found.task, milestone, units), now);
    try {
      await work.commit(deps.store);
    } catch (error) {
      if (error instanceof ConflictError) return fired; // another sweep fired it, or the milestone changed
      throw error;
    }
    if (decision === 'FIRE') fired++;
    if (!next) break;
    step += 1;
    timerAt = next.timerAt;
  }
  return fired;
};

function stepUpdate(
  step: LadderStep,
  decision: 'FIRE' | 'SKIP',
  next: ReturnType<typeof ladderTimer>,
  now: Date,
) {
  const record =
    decision === 'FIRE'
      ? 'firedSteps.#dt = :now'
      : 'skippedSteps = list_append(if_not_exists(skippedSteps, :noList), :dtList)';
  const values: Record<string, unknown> =
    decision === 'FIRE' ? { ':now': now.toISOString() } : { ':noList': [], ':dtList': [step.detailType] };
  const names: Record<string, string> = decision === 'FIRE' ? { '#dt': step.detailType } : {};
  if (!next) {
    return { expression: `SET ${record} REMOVE timerShard, timerAt, timerKind, timerStep`, names, values };
  }
  return {
    expression: `SET ${record}, timerAt = :nextAt, timerStep = :nextStep`,
    names,
    values: { ...values, ':nextAt': next.timerAt, ':nextStep': next.timerStep },
  };
}

function emitStep(work: UnitOfWork, step: LadderStep, data: LadderStepFired, now: Date): void {
  const summary = `${step.detailType}: milestone ${data.milestoneTitle} (due ${data.dueAt})`;
  work.audit({
    entityType: 'Task',
    entityId: data.taskId,
    action: 'ESCALATION',
    summary,
    changes: { step: step.detailType },
  });
  switch (step.detailType) {
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
      const interviewId = newId(now);
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
        proposedAt: now.toISOString(),
      });
      work.emit(events.AccountabilityInterviewProposed, { ...data, interviewId });
    }
  }
}

/** Units of the task in a role; a task with no LEAD is led by its RESPONSIBLE units. */
function unitsInRole(task: Task, role: Task['assignments'][number]['role']): string[] {
  const inRole = task.assignments.filter((a) => a.role === role).map((a) => a.unitId);
  if (inRole.length === 0 && role === 'LEAD') return unitsInRole(task, 'RESPONSIBLE');
  return inRole;
}

/** Who hears about a step: the units in the step's `notify` list, groups expanded to their members. */
export function stepData(
  step: LadderStep,
  plan: Plan,
  task: Task,
  milestone: Milestone,
  units: Unit[],
): LadderStepFired {
  const byId = new Map(units.map((u) => [u.id, u]));
  const recipients = new Set<string>();
  const add = (unitId: string) => {
    const unit = byId.get(unitId);
    const members = unit?.kind === 'GROUP' && unit.memberIds?.length ? unit.memberIds : [unitId];
    for (const member of members) recipients.add(member);
  };
  for (const target of step.notify) {
    if (target === 'SUPERVISOR') add(plan.supervisorUnitId);
    else if (target === 'GOVERNMENT') add(plan.governmentUnitId);
    else for (const unitId of unitsInRole(task, target)) add(unitId);
  }
  if (recipients.size === 0) add(plan.supervisorUnitId);
  return {
    planId: plan.id,
    taskId: task.id,
    taskNumber: task.number,
    taskTitle: task.title,
    milestoneId: milestone.id,
    milestoneTitle: milestone.title,
    dueAt: milestone.dueAt,
    offsetDays: step.offsetDays,
    recipientUnitIds: [...recipients],
    responsibleUnitIds: task.assignments
      .filter((a) => a.role === 'LEAD' || a.role === 'RESPONSIBLE')
      .map((a) => a.unitId),
  };
}
