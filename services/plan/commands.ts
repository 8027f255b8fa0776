/**
 * What people do to tasks: report progress, complete, reopen or reschedule milestones. Each command
 * parses its input, loads the task, authorizes, and commits the change, its audit entry and its events
 * in one transaction conditioned on the task version (optimistic concurrency). Commands on one task
 * are queued within the process, and retried after a conflict when the caller sent no expectedVersion.
 */
import * as z from 'zod';
import { plan as planEvents } from '../events/catalog/index.ts';
import { authorize } from '../shared/auth/policy.ts';
import {
  bumpVersion,
  type Caller,
  type CommandDeps,
  checkVersion,
  parse,
  retryOnConflict,
  unitOfWork,
} from '../shared/commands/kit.ts';
import { serialized } from '../shared/commands/serialize.ts';
import { guard, TransitionRefusedError } from '../shared/commands/transitions.ts';
import { firstOpenStep } from '../shared/deadlines/ladder.ts';
import { applyTimer, TIMER_ATTRIBUTES } from '../shared/deadlines/timer.ts';
import { BadUserInputError, NotFoundError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { keys, parseMilestoneId } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import { getUnit } from '../units/repository.ts';
import { canCompleteMilestone, canReportProgress, canSteerMilestones, taskAccess } from './access.ts';
import { milestoneLadder, milestoneTimer } from './milestone-deadline.ts';
import type { Milestone, Plan, Task } from './model.ts';
import { getPlan, getTask } from './repository.ts';

const Version = z.number().int().positive();
const Note = z.string().trim().max(2000);
const Id = z.string().min(1).max(150);

export const ReportProgressInput = z.object({
  taskId: Id,
  percentComplete: z.number().min(0).max(100),
  indicatorValues: z
    .array(z.object({ indicatorId: z.string().min(1).max(63), value: z.number().finite() }))
    .max(20)
    .default([]),
  note: Note.optional(),
  expectedVersion: Version.optional(),
});

export const CompleteMilestoneInput = z.object({
  milestoneId: Id,
  note: Note.optional(),
  expectedVersion: Version.optional(),
});

export const ReopenMilestoneInput = z.object({
  milestoneId: Id,
  reason: Note.min(1),
  expectedVersion: Version.optional(),
});

export const RescheduleMilestoneInput = z.object({
  milestoneId: Id,
  dueAt: z.iso.datetime({ offset: true }),
  reason: Note.min(1),
  expectedVersion: Version.optional(),
});

export const NameTaskMembersInput = z.object({
  taskId: Id,
  /** The group assigned as 「相关乡镇办」 on the task. */
  groupId: z.string().min(1).max(63),
  /** The members of that group this task concerns (may be none, to withdraw them all). */
  memberIds: z.array(z.string().min(1).max(63)).max(200),
  reason: Note.min(1),
  expectedVersion: Version.optional(),
});

const TASK = 'Task';

export async function reportProgress(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Task> {
  const input = parse(ReportProgressInput, raw);
  return onTask(input.taskId, input.expectedVersion, async () => {
    const { task } = await loadTask(deps, input.taskId);
    authorize(caller.actor, canReportProgress, await taskAccess(deps.store, caller.actor, task));
    const known = new Set(task.indicators.map((i) => i.id));
    input.indicatorValues.forEach((v, i) => {
      if (!known.has(v.indicatorId)) {
        throw new BadUserInputError([
          {
            field: `input.indicatorValues.${i}.indicatorId`,
            message: `task ${task.id} has no indicator ${v.indicatorId}`,
          },
        ]);
      }
    });
    checkVersion(TASK, task, input.expectedVersion);
    const work = unitOfWork(deps, caller);
    const at = work.context.now.toISOString();
    const reportId = newId(work.context.now);
    const values = Object.fromEntries(input.indicatorValues.map((v) => [v.indicatorId, v.value]));
    const latestProgress = {
      reportId,
      at,
      percentComplete: input.percentComplete,
      note: input.note,
      actorName: caller.actor.name,
      unitId: caller.actor.unitId,
    };
    const change = new Update().setAll({
      percentComplete: input.percentComplete,
      indicatorValues: { ...task.indicatorValues, ...values },
      latestProgress,
    });
    work.update(
      keys.task(task.planId, task.number),
      change,
      bumpVersion(change, TASK, task, work.context.now),
    );
    work.put({
      ...keys.progressReport(task.id, at, reportId),
      itemType: 'ProgressReport',
      id: reportId,
      taskId: task.id,
      at,
      percentComplete: input.percentComplete,
      indicatorValues: values,
      note: input.note,
      actor: { id: caller.actor.id, name: caller.actor.name, unitId: caller.actor.unitId },
      taskVersion: task.version + 1,
    });
    work.audit({
      entityType: TASK,
      entityId: task.id,
      action: 'REPORT_PROGRESS',
      summary: `Progress ${task.percentComplete}% → ${input.percentComplete}%`,
      changes: { percentComplete: [task.percentComplete, input.percentComplete], indicatorValues: values },
    });
    work.emit(planEvents.TaskProgressReported, {
      planId: task.planId,
      taskId: task.id,
      taskNumber: task.number,
      reportId,
      percentComplete: input.percentComplete,
      previousPercentComplete: task.percentComplete,
      indicatorValues: values,
      note: input.note,
      unitId: caller.actor.unitId,
      taskVersion: task.version + 1,
    });
    await work.commit(deps.store);
    return {
      ...task,
      percentComplete: input.percentComplete,
      indicatorValues: { ...task.indicatorValues, ...values },
      latestProgress,
      version: task.version + 1,
      updatedAt: at,
    };
  });
}

export async function completeMilestone(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Task> {
  const input = parse(CompleteMilestoneInput, raw);
  return onMilestone(deps, input.milestoneId, input.expectedVersion, async ({ task, milestone }) => {
    authorize(caller.actor, canCompleteMilestone, {
      ...(await taskAccess(deps.store, caller.actor, task)),
      milestone,
    });
    guard(!milestone.completedAt, 'MILESTONE_COMPLETED', `Milestone ${milestone.id} is already completed`);
    checkVersion(TASK, task, input.expectedVersion);
    const work = unitOfWork(deps, caller);
    const at = work.context.now.toISOString();
    changeMilestone(
      work,
      task,
      milestone,
      new Update().setAll({ completedAt: at, completedBy: caller.actor.id }).remove(...TIMER_ATTRIBUTES),
      {
        expression: 'attribute_not_exists(completedAt)',
        reason: 'MILESTONE_COMPLETED',
        message: `Milestone ${milestone.id} is already completed`,
      },
    );
    work.audit({
      entityType: TASK,
      entityId: task.id,
      action: 'COMPLETE_MILESTONE',
      summary: `Completed milestone ${milestone.key}: ${milestone.title}${input.note ? ` — ${input.note}` : ''}`,
      changes: { milestoneId: milestone.id, completedAt: at },
    });
    work.emit(planEvents.MilestoneCompleted, {
      ...milestoneRef(task, milestone),
      completedAt: at,
      late: work.context.now.getTime() > Date.parse(milestone.dueAt),
      taskVersion: task.version + 1,
    });
    await work.commit(deps.store);
    return { ...task, version: task.version + 1, updatedAt: at };
  });
}

export async function reopenMilestone(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Task> {
  const input = parse(ReopenMilestoneInput, raw);
  return onMilestone(deps, input.milestoneId, input.expectedVersion, async ({ task, milestone, plan }) => {
    authorize(caller.actor, canSteerMilestones, { task });
    guard(!!milestone.completedAt, 'MILESTONE_NOT_COMPLETED', `Milestone ${milestone.id} is not completed`);
    checkVersion(TASK, task, input.expectedVersion);
    const work = unitOfWork(deps, caller);
    // The ladder resumes at its first step that has not happened; a fully fired ladder stays quiet.
    const timer = milestoneTimer(plan, milestone.dueAt, firstOpenStep(milestoneLadder(plan), milestone));
    changeMilestone(
      work,
      task,
      milestone,
      applyTimer(new Update().remove('completedAt', 'completedBy'), timer),
      {
        expression: 'attribute_exists(completedAt)',
        reason: 'MILESTONE_NOT_COMPLETED',
        message: `Milestone ${milestone.id} is not completed`,
      },
    );
    work.audit({
      entityType: TASK,
      entityId: task.id,
      action: 'REOPEN_MILESTONE',
      summary: `Reopened milestone ${milestone.key}: ${input.reason}`,
      changes: { milestoneId: milestone.id, completedAt: [milestone.completedAt, null] },
    });
    work.emit(planEvents.MilestoneReopened, {
      ...milestoneRef(task, milestone),
      reason: input.reason,
      taskVersion: task.version + 1,
    });
    await work.commit(deps.store);
    return { ...task, version: task.version + 1, updatedAt: work.context.now.toISOString() };
  });
}

/** Changes a milestone's deadline (supervisor only) and restarts its ladder from the first step. */
export async function rescheduleMilestone(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Task> {
  const input = parse(RescheduleMilestoneInput, raw);
  return onMilestone(deps, input.milestoneId, input.expectedVersion, async ({ task, milestone, plan }) => {
    authorize(caller.actor, canSteerMilestones, { task });
    checkVersion(TASK, task, input.expectedVersion);
    const work = unitOfWork(deps, caller);
    const dueAt = new Date(input.dueAt).toISOString();
    const timer = milestone.completedAt ? null : milestoneTimer(plan, dueAt, 0);
    const change = applyTimer(
      new Update().setAll({ dueAt, implicit: false, firedSteps: {}, skippedSteps: [] }),
      timer,
    );
    changeMilestone(work, task, milestone, change);
    work.audit({
      entityType: TASK,
      entityId: task.id,
      action: 'RESCHEDULE_MILESTONE',
      summary: `Moved milestone ${milestone.key} from ${milestone.dueAt} to ${dueAt}: ${input.reason}`,
      changes: { milestoneId: milestone.id, dueAt: [milestone.dueAt, dueAt] },
    });
    work.emit(planEvents.MilestoneRescheduled, {
      ...milestoneRef(task, { ...milestone, dueAt }),
      previousDueAt: milestone.dueAt,
      reason: input.reason,
      taskVersion: task.version + 1,
    });
    await work.commit(deps.store);
    return { ...task, version: task.version + 1, updatedAt: work.context.now.toISOString() };
  });
}

// ---- helpers ----

/** Queued behind other commands on the task in this process; retried after a conflict without expectedVersion. */
function onTask<T>(taskId: string, expectedVersion: number | undefined, run: () => Promise<T>): Promise<T> {
  return serialized(`task:${taskId}`, () => retryOnConflict(expectedVersion, run));
}

interface MilestoneScope {
  task: Task;
  milestone: Milestone;
  plan: Plan;
}

function onMilestone<T>(
  deps: CommandDeps,
  id: string,
  expectedVersion: number | undefined,
  run: (scope: MilestoneScope) => Promise<T>,
): Promise<T> {
  const ref = parseMilestoneId(id);
  if (!ref) throw new NotFoundError('Milestone', id);
  return onTask(`${ref.planId}:${ref.number}`, expectedVersion, async () => {
    const [found, plan] = await Promise.all([
      getTask(deps.store, `${ref.planId}:${ref.number}`),
      getPlan(deps.store, ref.planId),
    ]);
    const milestone = found?.milestones.find((m) => m.key === ref.milestoneId);
    if (!found || !milestone || !plan) throw new NotFoundError('Milestone', id);
    return run({ task: found.task, milestone, plan });
  });
}

async function loadTask(deps: CommandDeps, taskId: string) {
  const found = await getTask(deps.store, taskId);
  if (!found) throw new NotFoundError(TASK, taskId);
  return found;
}

/** A milestone change bumps its task's version, conditioned on the version read. */
function changeMilestone(
  work: UnitOfWork,
  task: Task,
  milestone: Milestone,
  change: Update,
  precondition?: { expression: string; reason: string; message: string },
): void {
  const bump = new Update();
  work.update(keys.task(task.planId, task.number), bump, bumpVersion(bump, TASK, task, work.context.now));
  work.update(
    keys.milestone(task.planId, task.number, milestone.key),
    change,
    precondition && {
      expression: precondition.expression,
      onFailed: () => new TransitionRefusedError(precondition.reason, precondition.message),
    },
  );
}

function milestoneRef(task: Task, milestone: Milestone) {
  return {
    planId: task.planId,
    taskId: task.id,
    taskNumber: task.number,
    milestoneId: milestone.id,
    milestoneTitle: milestone.title,
    dueAt: milestone.dueAt,
  };
}

/**
 * Names the members of a group assigned as 「相关乡镇办」 that a task concerns (supervisor only): they,
 * and no other member, report on it, complete it and are chased by its ladder.
 */
export async function nameTaskMembers(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Task> {
  const input = parse(NameTaskMembersInput, raw);
  return onTask(input.taskId, input.expectedVersion, async () => {
    const { task } = await loadTask(deps, input.taskId);
    authorize(caller.actor, canSteerMilestones, { task });
    const index = task.assignments.findIndex(
      (a) => a.unitId === input.groupId && a.scope === 'NAMED_MEMBERS',
    );
    if (index < 0) {
      throw new BadUserInputError([
        {
          field: 'input.groupId',
          message: `task ${task.id} has no 「相关」 assignment of ${input.groupId} to name members of`,
        },
      ]);
    }
    const group = await getUnit(deps.store, input.groupId);
    const members = new Set(group?.memberIds ?? []);
    const problems = input.memberIds
      .map((id, i) => ({ id, i }))
      .filter(({ id }) => !members.has(id))
      .map(({ id, i }) => ({
        field: `input.memberIds.${i}`,
        message: `${id} is not a member of ${input.groupId}`,
      }));
    if (problems.length) throw new BadUserInputError(problems);
    checkVersion(TASK, task, input.expectedVersion);
    const assignment = task.assignments[index] as Task['assignments'][number];
    const memberIds = [...new Set(input.memberIds)];
    const assignments = task.assignments.map((a, i) => (i === index ? { ...a, memberIds } : a));
    const work = unitOfWork(deps, caller);
    const change = new Update().set('assignments', assignments);
    work.update(
      keys.task(task.planId, task.number),
      change,
      bumpVersion(change, TASK, task, work.context.now),
    );
    work.audit({
      entityType: TASK,
      entityId: task.id,
      action: 'NAME_MEMBERS',
      summary: `Named ${memberIds.length ? memberIds.join(', ') : 'no units'} of ${input.groupId} for this task: ${input.reason}`,
      changes: { groupId: input.groupId, memberIds: [assignment.memberIds ?? [], memberIds] },
    });
    work.emit(planEvents.TaskMembersNamed, {
      planId: task.planId,
      taskId: task.id,
      taskNumber: task.number,
      groupId: input.groupId,
      role: assignment.role,
      memberIds,
      previousMemberIds: assignment.memberIds ?? [],
      reason: input.reason,
      taskVersion: task.version + 1,
    });
    await work.commit(deps.store);
    return { ...task, assignments, version: task.version + 1, updatedAt: work.context.now.toISOString() };
  });
}
