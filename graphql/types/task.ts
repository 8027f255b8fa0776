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
import { listProgressReports } from '../../services/plan/repository.ts';
import { milestoneStatus, nextDue, taskStatus } from '../../services/plan/status.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { loadUnits } from '../context.ts';
import { forwardOnly, keyPage } from '../pagination.ts';
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

export const MilestoneRef = builder.objectRef<Milestone>('Milestone').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
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

const IndicatorRef = builder.objectRef<{ indicator: Indicator; task: Task }>('Indicator').implement({
  fields: (t) => ({
    id: t.string({ resolve: ({ indicator }) => indicator.id }),
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

const ProgressReportRef = builder.objectRef<ProgressReport>('ProgressReport').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
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

export const TaskRef = builder.objectRef<Task>('Task').implement({
  interfaces: [HasHistoryRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: '`<planId>:<number>`, e.g. `yanhu-2020:6`.' }),
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
    progressReports: t.connection({
      type: ProgressReportRef,
      description: 'Newest first.',
      resolve: async (task, args, ctx) => {
        forwardOnly(args);
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
