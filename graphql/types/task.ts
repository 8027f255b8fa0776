/** Tasks of a plan: milestones, assignments, indicators, progress and audit history. */

import { indicatorMet } from '../../services/plan/indicators.ts';
import {
  ASSIGNMENT_ROLES,
  ASSIGNMENT_SCOPES,
  type Assignment,
  type Indicator,
  type LatestProgress,
  MILESTONE_STATUSES,
  type Milestone,
  type ProgressReport,
  TASK_STATUSES,
  type Task,
} from '../../services/plan/model.ts';
import { getProgressReport, listProgressReports } from '../../services/plan/repository.ts';
import { milestoneStatus, nextDue, taskStatus } from '../../services/plan/status.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { parseMilestoneId, parseTaskId, taskId } from '../../services/shared/store/keys.ts';
import { builder } from '../builder.ts';
import { type Context, loadUnits } from '../context.ts';
import { idParts } from '../ids.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { ActorSummaryRef, HasHistoryRef } from './history.ts';
import { UnitRef } from './unit.ts';

export const AssignmentRoleEnum = builder.enumType('AssignmentRole', { values: ASSIGNMENT_ROLES });
const AssignmentScopeEnum = builder.enumType('AssignmentScope', { values: ASSIGNMENT_SCOPES });
export const TaskStatusEnum = builder.enumType('TaskStatus', { values: TASK_STATUSES });
export const MilestoneStatusEnum = builder.enumType('MilestoneStatus', { values: MILESTONE_STATUSES });

const MilestoneDutyRef = builder.objectRef<NonNullable<Milestone['duty']>>('MilestoneDuty').implement({
  fields: (t) => ({
    unit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (d, _a, ctx) => ctx.loaders.unit.load(d.unitId),
    }),
    reportsTo: t.field({
      type: UnitRef,
      nullable: true,
      description: 'The unit its results go to.',
      resolve: (d, _a, ctx) => (d.reportsToUnitId ? ctx.loaders.unit.load(d.reportsToUnitId) : null),
    }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

export const MilestoneRef = builder.objectRef<Milestone>('Milestone');

builder.node(MilestoneRef, {
  id: { resolve: (m) => m.id, parse: (id) => idParts(id, 'Milestone', 3).join(':') },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => findMilestone(ctx, id))),
  fields: (t) => ({
    milestoneId: t.exposeID('id', {
      description: 'The milestone’s own id, `<planId>:<number>:<key>`, e.g. `yanhu-2020:6:hitech-wwtp`.',
    }),
    key: t.exposeString('key', { description: 'The id within its task, e.g. `annual` or `q3`.' }),
    title: t.exposeString('title'),
    dueAt: t.field({ type: 'DateTime', resolve: (m) => m.dueAt }),
    implicit: t.exposeBoolean('implicit', {
      description: 'True when the document states no deadline and the end of the plan year applies.',
    }),
    recurrence: t.exposeString('recurrence', { nullable: true }),
    status: t.field({
      type: MilestoneStatusEnum,
      resolve: (m, _args, ctx) => milestoneStatus(m, ctx.clock.now()),
    }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (m) => m.completedAt ?? null }),
    duty: t.field({
      type: MilestoneDutyRef,
      nullable: true,
      description: 'When the milestone is one unit’s duty rather than the task’s LEAD/RESPONSIBLE units’.',
      resolve: (m) => m.duty ?? null,
    }),
    escalations: t.stringList({
      description: 'Ladder steps already fired for this milestone (detail-types).',
      resolve: (m) =>
        Object.entries(m.firedSteps ?? {})
          .sort(([, a], [, b]) => a.localeCompare(b))
          .map(([detailType]) => detailType),
    }),
  }),
});

const AssignmentRef = builder.objectRef<Assignment>('Assignment').implement({
  fields: (t) => ({
    role: t.field({ type: AssignmentRoleEnum, resolve: (a) => a.role }),
    unit: t.field({
      type: UnitRef,
      resolve: async (a, _args, ctx) =>
        (await ctx.loaders.unit.load(a.unitId)) ?? { id: a.unitId, name: a.unitId, kind: 'AGENCY' as const },
    }),
    note: t.exposeString('note', { nullable: true }),
    scope: t.field({
      type: AssignmentScopeEnum,
      description: 'NAMED_MEMBERS: only the members of the group named for this task (「相关乡镇办」).',
      resolve: (a) => a.scope ?? 'WHOLE',
    }),
    namedMembers: t.field({
      type: [UnitRef],
      description: 'For NAMED_MEMBERS: the members the supervisor named (none until named).',
      resolve: (a, _args, ctx) => loadUnits(ctx, a.memberIds ?? []),
    }),
  }),
});

const IndicatorRef = builder.objectRef<{ indicator: Indicator; task: Task }>('Indicator');

builder.node(IndicatorRef, {
  description: 'A target of a task, e.g. ≥ 40 % of combined sewers rebuilt.',
  id: {
    description: '`Indicator:<taskId>:<indicatorId>`: an indicator id is unique only within its task.',
    resolve: ({ indicator, task }) => `${task.id}:${indicator.id}`,
    parse: (id) => idParts(id, 'Indicator', 3).join(':'),
  },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => findIndicator(ctx, id))),
  fields: (t) => ({
    indicatorId: t.string({
      description: 'The id within its task, as `reportProgress` takes it, e.g. `combined-sewer-rebuild`.',
      resolve: ({ indicator }) => indicator.id,
    }),
    name: t.string({ resolve: ({ indicator }) => indicator.name }),
    unit: t.string({ resolve: ({ indicator }) => indicator.unit }),
    min: t.float({ nullable: true, resolve: ({ indicator }) => indicator.min ?? null }),
    max: t.float({ nullable: true, resolve: ({ indicator }) => indicator.max ?? null }),
    currentValue: t.float({
      nullable: true,
      resolve: ({ indicator, task }) => task.indicatorValues[indicator.id] ?? null,
    }),
    met: t.boolean({
      nullable: true,
      description: 'Whether the latest reported value is within the target; null before any report.',
      resolve: ({ indicator, task }) => indicatorMet(indicator, task.indicatorValues[indicator.id]),
    }),
  }),
});

const IndicatorValueRef = builder
  .objectRef<{ indicatorId: string; value: number }>('IndicatorValue')
  .implement({
    fields: (t) => ({ indicatorId: t.exposeString('indicatorId'), value: t.exposeFloat('value') }),
  });

const LatestProgressRef = builder.objectRef<LatestProgress>('LatestProgress').implement({
  fields: (t) => ({
    reportId: t.exposeID('reportId'),
    at: t.field({ type: 'DateTime', resolve: (p) => p.at }),
    percentComplete: t.exposeFloat('percentComplete'),
    note: t.exposeString('note', { nullable: true }),
    reportedBy: t.exposeString('actorName', { nullable: true }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (p, _args, ctx) => (p.unitId ? ctx.loaders.unit.load(p.unitId) : null),
    }),
  }),
});

const ProgressReportRef = builder.objectRef<ProgressReport>('ProgressReport');

builder.node(ProgressReportRef, {
  id: {
    description: '`ProgressReport:<taskId>:<reportId>`.',
    resolve: (r) => `${r.taskId}:${r.id}`,
    parse: (id) => idParts(id, 'ProgressReport', 3),
  },
  loadMany: (ids, { store }) =>
    Promise.all(
      ids.map(async ([planId, number, reportId]) => {
        const found = await getProgressReport(
          store,
          taskId(planId as string, number as string),
          reportId as string,
        );
        return found ?? null;
      }),
    ),
  fields: (t) => ({
    reportId: t.exposeID('id', { description: 'The report’s own id (as `Task.latestProgress.reportId`).' }),
    at: t.field({ type: 'DateTime', resolve: (r) => r.at }),
    percentComplete: t.exposeFloat('percentComplete'),
    indicatorValues: t.field({
      type: [IndicatorValueRef],
      resolve: (r) =>
        Object.entries(r.indicatorValues ?? {}).map(([indicatorId, value]) => ({ indicatorId, value })),
    }),
    note: t.exposeString('note', { nullable: true }),
    actor: t.field({ type: ActorSummaryRef, resolve: (r) => r.actor }),
    taskVersion: t.exposeInt('taskVersion'),
  }),
});

export const TaskRef = builder.objectRef<Task>('Task');

const ProgressReportConnectionRef = builder.connectionObject(
  { type: ProgressReportRef, name: 'TaskProgressReportsConnection' },
  { name: 'TaskProgressReportsConnectionEdge' },
);

builder.node(TaskRef, {
  interfaces: [HasHistoryRef],
  id: { resolve: (task) => task.id, parse: (id) => idParts(id, 'Task', 2).join(':') },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => findTask(ctx, id))),
  fields: (t) => ({
    taskId: t.exposeID('id', { description: 'The task’s own id, `<planId>:<number>`, e.g. `yanhu-2020:6`.' }),
    number: t.exposeString('number'),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    category: t.exposeString('category'),
    section: t.exposeString('section', { nullable: true }),
    parentNumber: t.exposeString('parentNumber', { nullable: true }),
    status: t.field({
      type: TaskStatusEnum,
      resolve: async (task, _args, ctx) =>
        taskStatus(task, await ctx.loaders.milestonesOf(task), ctx.clock.now()),
    }),
    percentComplete: t.exposeFloat('percentComplete'),
    nextDueAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: async (task, _args, ctx) => nextDue(await ctx.loaders.milestonesOf(task)) ?? null,
    }),
    milestones: t.field({
      type: [MilestoneRef],
      resolve: (task, _args, ctx) => ctx.loaders.milestonesOf(task),
    }),
    assignments: t.field({ type: [AssignmentRef], resolve: (task) => task.assignments }),
    indicators: t.field({
      type: [IndicatorRef],
      resolve: (task) => task.indicators.map((indicator) => ({ indicator, task })),
    }),
    latestProgress: t.field({
      type: LatestProgressRef,
      nullable: true,
      resolve: (task) => task.latestProgress ?? null,
    }),
    progressReports: t.field({
      type: ProgressReportConnectionRef,
      description: 'Newest first. Page size: default 50, at most 100.',
      args: forwardPageArgs,
      resolve: async (task, args, ctx) => {
        const page = await listProgressReports(
          ctx.store,
          task.id,
          pageSize(args.first, 'first', 100),
          args.after,
        );
        return keyPage(page);
      },
    }),
    version: t.exposeInt('version', {
      description: 'Pass as `expectedVersion` to mutations to detect conflicts.',
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (task) => task.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (task) => task.updatedAt }),
  }),
});

/** A task by its domain id, or null. */
export async function findTask(ctx: Context, id: string): Promise<Task | null> {
  const parsed = parseTaskId(id);
  if (!parsed) return null;
  const { tasks } = await ctx.loaders.planTasks.load(parsed.planId);
  return tasks.find((task) => task.id === id) ?? null;
}

async function findMilestone(ctx: Context, id: string): Promise<Milestone | null> {
  const parsed = parseMilestoneId(id);
  if (!parsed) return null;
  const { milestonesByTask } = await ctx.loaders.planTasks.load(parsed.planId);
  const milestones = milestonesByTask.get(taskId(parsed.planId, parsed.number)) ?? [];
  return milestones.find((m) => m.id === id) ?? null;
}

async function findIndicator(ctx: Context, id: string): Promise<{ indicator: Indicator; task: Task } | null> {
  const at = id.lastIndexOf(':');
  const task = await findTask(ctx, id.slice(0, at));
  const indicator = task?.indicators.find((i) => i.id === id.slice(at + 1));
  return task && indicator ? { indicator, task } : null;
}
