/**
 * What people do to tasks: report progress, complete, reopen or reschedule milestones. Each command
 * validates its input, checks who may do it, and commits the change, its audit entry and its events in
 * one transaction conditioned on the task version (optimistic concurrency).
 */
import * as z from 'zod';
import { firstUnfiredStep, ladderTimer } from '../deadlines/ladder.ts';
import { plan as planEvents } from '../events/catalog/index.ts';
import { type Actor, hasRole } from '../shared/auth/principal.ts';
import type { Clock } from '../shared/clock.ts';
import { BadUserInputError, ConflictError, NotFoundError, StaleVersionError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { Store } from '../shared/store/client.ts';
import { keys, parseMilestoneId } from '../shared/store/keys.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import { parseInput } from '../shared/validation.ts';
import { assertCanCompleteMilestone, assertCanReopenMilestone, assertCanReportProgress } from './access.ts';
import type { Milestone, Plan, Task, Unit } from './model.ts';
import { getPlan, getTask, listUnits } from './repository.ts';

export interface CommandDeps {
  store: Store;
  clock: Clock;
}

export interface CommandContext {
  actor: Actor;
  correlationId: string;
}

const Version = z.number().int().positive();
const Note = z.string().trim().max(2000);

export const ReportProgressInput = z.object({
  taskId: z.string().min(1).max(100),
  percentComplete: z.number().min(0).max(100),
  indicatorValues: z
    .array(z.object({ indicatorId: z.string().min(1), value: z.number().finite() }))
    .max(20)
    .default([]),
  note: Note.optional(),
  expectedVersion: Version.optional(),
});

export const CompleteMilestoneInput = z.object({
  milestoneId: z.string().min(1).max(150),
  note: Note.optional(),
  expectedVersion: Version.optional(),
});

export const ReopenMilestoneInput = z.object({
  milestoneId: z.string().min(1).max(150),
  reason: Note.min(1),
  expectedVersion: Version.optional(),
});

export const RescheduleMilestoneInput = z.object({
  milestoneId: z.string().min(1).max(150),
  dueAt: z.iso.datetime({ offset: true }),
  reason: Note.min(1),
  expectedVersion: Version.optional(),
});

/**
 * Without an expectedVersion the command re-reads and retries when another writer got there first.
 * With N writers racing, one may lose N−1 times: allow generously, with jittered backoff.
 */
const RETRIES_WITHOUT_EXPECTED_VERSION = 12;

export async function reportProgress(deps: CommandDeps, ctx: CommandContext, raw: unknown): Promise<Task> {
  const input = parseInput(ReportProgressInput, raw);
  return withRetry(input.expectedVersion, async () => {
    const { task } = await loadTask(deps.store, input.taskId);
    assertCanReportProgress(ctx.actor, task, await unitsForAccess(deps.store, ctx.actor));
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
    const version = checkVersion(task, input.expectedVersion);
    const now = deps.clock.now();
    const at = now.toISOString();
    const reportId = newId(now);
    const values = Object.fromEntries(input.indicatorValues.map((v) => [v.indicatorId, v.value]));
    const updated: Task = {
      ...task,
      percentComplete: input.percentComplete,
      indicatorValues: { ...task.indicatorValues, ...values },
      latestProgress: {
        reportId,
        at,
        percentComplete: input.percentComplete,
        note: input.note,
        actorName: ctx.actor.name,
        unitId: ctx.actor.unitId,
      },
      version: version + 1,
      updatedAt: at,
    };
    const work = new UnitOfWork({ ...ctx, now });
    bumpTask(work, task, version, {
      percentComplete: updated.percentComplete,
      indicatorValues: updated.indicatorValues,
      latestProgress: updated.latestProgress,
    });
    work.put({
      ...keys.progressReport(task.id, at, reportId),
      itemType: 'ProgressReport',
      id: reportId,
      taskId: task.id,
      at,
      percentComplete: input.percentComplete,
      indicatorValues: values,
      note: input.note,
      actor: { id: ctx.actor.id, name: ctx.actor.name, unitId: ctx.actor.unitId },
      taskVersion: updated.version,
    });
    work.audit({
      entityType: 'Task',
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
      unitId: ctx.actor.unitId,
      taskVersion: updated.version,
    });
    await work.commit(deps.store);
    return updated;
  });
}

export async function completeMilestone(deps: CommandDeps, ctx: CommandContext, raw: unknown): Promise<Task> {
  const input = parseInput(CompleteMilestoneInput, raw);
  return withRetry(input.expectedVersion, async () => {
    const { task, milestone } = await loadMilestone(deps.store, input.milestoneId);
    assertCanCompleteMilestone(ctx.actor, task, await unitsForAccess(deps.store, ctx.actor));
    if (milestone.completedAt) throw new ConflictError(`Milestone ${milestone.id} is already completed`);
    const version = checkVersion(task, input.expectedVersion);
    const now = deps.clock.now();
    const at = now.toISOString();
    const work = new UnitOfWork({ ...ctx, now });
    bumpTask(work, task, version, {});
    work.update(
      keys.milestone(task.planId, task.number, milestone.key),
      {
        expression:
          'SET completedAt = :at, completedBy = :by REMOVE timerShard, timerAt, timerKind, timerStep',
        values: { ':at': at, ':by': ctx.actor.id },
      },
      {
        expression: 'attribute_not_exists(completedAt)',
        onFailed: () => new ConflictError(`Milestone ${milestone.id} is already completed`),
      },
    );
    work.audit({
      entityType: 'Task',
      entityId: task.id,
      action: 'COMPLETE_MILESTONE',
      summary: `Completed milestone ${milestone.key}: ${milestone.title}${input.note ? ` — ${input.note}` : ''}`,
      changes: { milestoneId: milestone.id, completedAt: at },
    });
    work.emit(planEvents.MilestoneCompleted, {
      ...milestoneRef(task, milestone),
      completedAt: at,
      late: now.getTime() > Date.parse(milestone.dueAt),
      taskVersion: version + 1,
    });
    await work.commit(deps.store);
    return { ...task, version: version + 1, updatedAt: at };
  });
}

export async function reopenMilestone(deps: CommandDeps, ctx: CommandContext, raw: unknown): Promise<Task> {
  const input = parseInput(ReopenMilestoneInput, raw);
  return withRetry(input.expectedVersion, async () => {
    const { task, milestone, plan } = await loadMilestone(deps.store, input.milestoneId);
    assertCanReopenMilestone(ctx.actor, task);
    if (!milestone.completedAt) throw new ConflictError(`Milestone ${milestone.id} is not completed`);
    const version = checkVersion(task, input.expectedVersion);
    const now = deps.clock.now();
    const work = new UnitOfWork({ ...ctx, now });
    bumpTask(work, task, version, {});
    const timer = ladderTimer(
      plan.ladder,
      milestone.dueAt,
      firstUnfiredStep(plan.ladder, milestone.firedSteps, milestone.skippedSteps),
    );
    work.update(
      keys.milestone(task.planId, task.number, milestone.key),
      timerUpdate('REMOVE completedAt, completedBy', timer),
      {
        expression: 'attribute_exists(completedAt)',
        onFailed: () => new ConflictError(`Milestone ${milestone.id} is not completed`),
      },
    );
    work.audit({
      entityType: 'Task',
      entityId: task.id,
      action: 'REOPEN_MILESTONE',
      summary: `Reopened milestone ${milestone.key}: ${input.reason}`,
      changes: { milestoneId: milestone.id, completedAt: [milestone.completedAt, null] },
    });
    work.emit(planEvents.MilestoneReopened, {
      ...milestoneRef(task, milestone),
      reason: input.reason,
      taskVersion: version + 1,
    });
    await work.commit(deps.store);
    return { ...task, version: version + 1, updatedAt: now.toISOString() };
  });
}

/** Changes a milestone's deadline (supervisor only) and restarts its ladder from the first step. */
export async function rescheduleMilestone(
  deps: CommandDeps,
  ctx: CommandContext,
  raw: unknown,
): Promise<Task> {
  const input = parseInput(RescheduleMilestoneInput, raw);
  return withRetry(input.expectedVersion, async () => {
    const { task, milestone, plan } = await loadMilestone(deps.store, input.milestoneId);
    assertCanReopenMilestone(ctx.actor, task);
    const version = checkVersion(task, input.expectedVersion);
    const now = deps.clock.now();
    const dueAt = new Date(input.dueAt).toISOString();
    const work = new UnitOfWork({ ...ctx, now });
    bumpTask(work, task, version, {});
    const timer = milestone.completedAt ? null : ladderTimer(plan.ladder, dueAt, 0);
    const update = timerUpdate(
      'SET dueAt = :dueAt, implicit = :false, firedSteps = :none, skippedSteps = :noList',
      timer,
    );
    work.update(keys.milestone(task.planId, task.number, milestone.key), {
      ...update,
      values: { ...update.values, ':dueAt': dueAt, ':false': false, ':none': {}, ':noList': [] },
    });
    work.audit({
      entityType: 'Task',
      entityId: task.id,
      action: 'RESCHEDULE_MILESTONE',
      summary: `Moved milestone ${milestone.key} from ${milestone.dueAt} to ${dueAt}: ${input.reason}`,
      changes: { milestoneId: milestone.id, dueAt: [milestone.dueAt, dueAt] },
    });
    work.emit(planEvents.MilestoneRescheduled, {
      ...milestoneRef(task, { ...milestone, dueAt }),
      previousDueAt: milestone.dueAt,
      reason: input.reason,
      taskVersion: version + 1,
    });
    await work.commit(deps.store);
    return { ...task, version: version + 1, updatedAt: now.toISOString() };
  });
}

// ---- helpers ----

/** Group membership matters only to unit officers: the supervisor may act on any task without it. */
function unitsForAccess(store: Store, actor: Actor): Promise<Unit[]> {
  return hasRole(actor, 'SUPERVISOR') ? Promise.resolve([]) : listUnits(store);
}

async function loadTask(store: Store, taskId: string) {
  const found = await getTask(store, taskId);
  if (!found) throw new NotFoundError('Task', taskId);
  return found;
}

async function loadMilestone(
  store: Store,
  id: string,
): Promise<{ task: Task; milestone: Milestone; plan: Plan }> {
  const ref = parseMilestoneId(id);
  if (!ref) throw new NotFoundError('Milestone', id);
  const [found, plan] = await Promise.all([
    getTask(store, `${ref.planId}:${ref.number}`),
    getPlan(store, ref.planId),
  ]);
  const milestone = found?.milestones.find((m) => m.key === ref.milestoneId);
  if (!found || !milestone || !plan) throw new NotFoundError('Milestone', id);
  return { task: found.task, milestone, plan };
}

function checkVersion(task: Task, expected: number | undefined): number {
  if (expected !== undefined && expected !== task.version) {
    throw new StaleVersionError('Task', task.id, expected, task.version);
  }
  return task.version;
}

/** Every task command bumps the task version, conditioned on the version it read. */
function bumpTask(work: UnitOfWork, task: Task, version: number, set: Record<string, unknown>): void {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':v': version,
    ':next': version + 1,
    ':now': work.context.now.toISOString(),
  };
  const assignments = ['version = :next', 'updatedAt = :now'];
  Object.entries(set).forEach(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
    assignments.push(`#f${i} = :f${i}`);
  });
  work.update(
    keys.task(task.planId, task.number),
    { expression: `SET ${assignments.join(', ')}`, names, values },
    { expression: 'version = :v', onFailed: () => new StaleVersionError('Task', task.id, version) },
  );
}

function timerUpdate(base: string, timer: ReturnType<typeof ladderTimer>) {
  if (!timer) return { expression: `${base} REMOVE timerShard, timerAt, timerKind, timerStep`, values: {} };
  const [verb, rest] = base.startsWith('SET ') ? ['SET', base.slice(4)] : ['', base];
  const set = 'timerShard = :ts, timerAt = :ta, timerKind = :tk, timerStep = :tn';
  const expression = verb ? `SET ${rest}, ${set}` : `SET ${set} ${base}`;
  return {
    expression,
    values: { ':ts': timer.timerShard, ':ta': timer.timerAt, ':tk': timer.timerKind, ':tn': timer.timerStep },
  };
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
 * With an expected version a conflict is the caller's to resolve; without one, the command is
 * re-read and retried so concurrent writers never lose an update.
 */
async function withRetry<T>(expectedVersion: number | undefined, attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const retry = expectedVersion === undefined && error instanceof StaleVersionError;
      if (!retry || i >= RETRIES_WITHOUT_EXPECTED_VERSION) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(i, 5)));
    }
  }
}
