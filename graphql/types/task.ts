/** Tasks of a plan: milestones, assignments, indicators, progress and audit history. */
import {
  ASSIGNMENT_ROLES,
  type Assignment,
  type Indicator,
  type LatestProgress,
  MILESTONE_STATUSES,
  type Milestone,
  type ProgressReport,
  TASK_STATUSES,
  type Task,
} from '../../services/plan/model.ts';
import { type AuditEntry, listAudit, listProgressReports } from '../../services/plan/repository.ts';
import { milestoneStatus, nextDue, taskStatus } from '../../services/plan/status.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { forwardOnly, keyPage } from '../pagination.ts';
import { UnitRef } from './unit.ts';

export const AssignmentRoleEnum = builder.enumType('AssignmentRole', { values: ASSIGNMENT_ROLES });
export const TaskStatusEnum = builder.enumType('TaskStatus', { values: TASK_STATUSES });
export const MilestoneStatusEnum = builder.enumType('MilestoneStatus', { values: MILESTONE_STATUSES });

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
      resolve: ({ indicator, task }) => {
        const value = task.indicatorValues[indicator.id];
        if (value === undefined) return null;
        return (
          (indicator.min === undefined || value >= indicator.min) &&
          (indicator.max === undefined || value <= indicator.max)
        );
      },
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

const ActorRef = builder.objectRef<{ id: string; name?: string; unitId?: string }>('ActorSummary').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name', { nullable: true }),
    unitId: t.exposeString('unitId', { nullable: true }),
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
    actor: t.field({ type: ActorRef, resolve: (r) => r.actor }),
    taskVersion: t.exposeInt('taskVersion'),
  }),
});

export const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
  description: 'One change to an entity: who, when, what, and the request it belonged to.',
  fields: (t) => ({
    id: t.exposeID('auditId'),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
    action: t.exposeString('action'),
    summary: t.exposeString('summary'),
    changes: t.field({
      type: 'JSON',
      nullable: true,
      resolve: (a) => (a.changes ? JSON.parse(a.changes) : null),
    }),
    actor: t.field({ type: ActorRef, resolve: (a) => a.actor }),
    correlationId: t.exposeString('correlationId'),
  }),
});

export const TaskRef = builder.objectRef<Task>('Task').implement({
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
    history: t.connection({
      type: AuditEntryRef,
      description: 'The audit trail of this task, newest first.',
      resolve: async (task, args, ctx) => {
        forwardOnly(args);
        const page = await listAudit(
          ctx.store,
          'Task',
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
