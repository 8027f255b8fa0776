/** Mutations on tasks: progress reports and milestone completion, reopening and rescheduling. */
import type { Task } from '../../services/plan/model.ts';
import { BadUserInputError } from '../../services/shared/errors.ts';
import { builder } from '../builder.ts';
import { type Context, callerOf, depsOf } from '../context.ts';
import { domainId } from '../ids.ts';
import { withoutNulls } from '../inputs.ts';
import { lazy } from '../lazy.ts';
import { TaskRef } from './task.ts';

// Loaded on a mutation's first call (graphql/commands.ts): cold starts do not parse the commands.
const { completeMilestone, nameTaskMembers, reopenMilestone, reportProgress, rescheduleMilestone } = lazy(
  () => import('../commands.ts'),
);

const IndicatorValueInput = builder.inputType('IndicatorValueInput', {
  fields: (t) => ({
    indicatorId: t.string({
      required: true,
      description: 'The id within the task (`Indicator.indicatorId`), or the indicator’s `id`.',
    }),
    value: t.float({ required: true }),
  }),
});

const expectedVersion = { description: 'The task version you read; a stale one gives CONFLICT.' };

const ReportProgressInput = builder.inputType('ReportProgressInput', {
  fields: (t) => ({
    taskId: t.id({ required: true, description: 'Global (`Task:yanhu-2020:1`) or plain (`yanhu-2020:1`).' }),
    percentComplete: t.float({ required: true, description: '0–100.' }),
    indicatorValues: t.field({ type: [IndicatorValueInput] }),
    note: t.string({ description: 'At most 2000 characters.' }),
    expectedVersion: t.int(expectedVersion),
  }),
});

const CompleteMilestoneInput = builder.inputType('CompleteMilestoneInput', {
  fields: (t) => ({
    milestoneId: t.id({ required: true, description: 'Global or plain (`Milestone.milestoneId`).' }),
    note: t.string(),
    expectedVersion: t.int(expectedVersion),
  }),
});

const ReopenMilestoneInput = builder.inputType('ReopenMilestoneInput', {
  fields: (t) => ({
    milestoneId: t.id({ required: true, description: 'Global or plain (`Milestone.milestoneId`).' }),
    reason: t.string({ required: true }),
    expectedVersion: t.int(expectedVersion),
  }),
});

const RescheduleMilestoneInput = builder.inputType('RescheduleMilestoneInput', {
  fields: (t) => ({
    milestoneId: t.id({ required: true, description: 'Global or plain (`Milestone.milestoneId`).' }),
    dueAt: t.field({ type: 'DateTime', required: true }),
    reason: t.string({ required: true }),
    expectedVersion: t.int(expectedVersion),
  }),
});

/** Milestone ids are accepted global (`Milestone:yanhu-2020:6:hitech-wwtp`) or plain. */
function milestoneInput<T extends { milestoneId: string | number }>(input: T) {
  return withoutNulls({
    ...input,
    milestoneId: domainId(input.milestoneId, 'Milestone', 'input.milestoneId'),
  });
}

/**
 * An indicator of the task: its id within the task (`combined-sewer-rebuild`), or the id an `Indicator`
 * answers (`Indicator:<taskId>:<indicatorId>`, or without the type), which must be of this task.
 */
function indicatorOf(taskId: string, value: string, field: string): string {
  const id = domainId(value, 'Indicator', field);
  const at = id.lastIndexOf(':');
  if (at === -1) return id;
  if (id.slice(0, at) !== taskId) {
    throw new BadUserInputError([{ field, message: `is an indicator of another task than ${taskId}` }]);
  }
  return id.slice(at + 1);
}

/**
 * Runs a command and answers the task as that command left it (its version is the one this change
 * produced, not whatever a later writer made of it); cached plan reads are cleared so the milestones and
 * statuses resolved under it are read fresh.
 */
async function run(ctx: Context, command: () => Promise<Task>): Promise<Task> {
  const task = await command();
  ctx.loaders.planTasks.clear(task.planId);
  return task;
}

const NameTaskMembersInput = builder.inputType('NameTaskMembersInput', {
  fields: (t) => ({
    taskId: t.id({ required: true }),
    groupId: t.id({
      required: true,
      description: 'The group assigned as 「相关乡镇办」, e.g. yanhu-townships.',
    }),
    memberIds: t.idList({ required: true, description: 'Its members this task concerns (at most 200).' }),
    reason: t.string({ required: true, description: 'At most 2000 characters.' }),
    expectedVersion: t.int(expectedVersion),
  }),
});

builder.mutationFields((t) => ({
  nameTaskMembers: t.withAuth({ supervisor: true }).field({
    type: TaskRef,
    description:
      'Names which members of a group assigned as 「相关乡镇办」 the task concerns (supervisor): only they report on, ' +
      'complete and are chased about it.',
    args: { input: t.arg({ type: NameTaskMembersInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      run(ctx, () =>
        nameTaskMembers(depsOf(ctx), callerOf(ctx), {
          ...withoutNulls(input),
          taskId: String(input.taskId),
          groupId: String(input.groupId),
          memberIds: input.memberIds.map(String),
        }),
      ),
  }),
  reportProgress: t.withAuth({ $any: { supervisor: true, unitOfficer: true } }).field({
    type: TaskRef,
    description: 'Reports progress on a task. Unit officers may report only on tasks assigned to their unit.',
    args: { input: t.arg({ type: ReportProgressInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const taskId = domainId(input.taskId, 'Task', 'input.taskId');
      const indicatorValues = input.indicatorValues?.map((v, i) => ({
        ...v,
        indicatorId: indicatorOf(taskId, v.indicatorId, `input.indicatorValues.${i}.indicatorId`),
      }));
      return run(ctx, () =>
        reportProgress(depsOf(ctx), callerOf(ctx), withoutNulls({ ...input, taskId, indicatorValues })),
      );
    },
  }),
  completeMilestone: t.withAuth({ $any: { supervisor: true, unitOfficer: true } }).field({
    type: TaskRef,
    description:
      'Completes a milestone (LEAD or RESPONSIBLE unit, or the supervisor) and cancels its deadline timer.',
    args: { input: t.arg({ type: CompleteMilestoneInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      run(ctx, () => completeMilestone(depsOf(ctx), callerOf(ctx), milestoneInput(input))),
  }),
  reopenMilestone: t.withAuth({ supervisor: true }).field({
    type: TaskRef,
    description: 'Reopens a completed milestone (supervisor) and re-arms its deadline timer.',
    args: { input: t.arg({ type: ReopenMilestoneInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      run(ctx, () => reopenMilestone(depsOf(ctx), callerOf(ctx), milestoneInput(input))),
  }),
  rescheduleMilestone: t.withAuth({ supervisor: true }).field({
    type: TaskRef,
    description:
      'Moves a milestone deadline (supervisor); its escalation ladder restarts from the new instant.',
    args: { input: t.arg({ type: RescheduleMilestoneInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      run(ctx, () => rescheduleMilestone(depsOf(ctx), callerOf(ctx), milestoneInput(input))),
  }),
}));
