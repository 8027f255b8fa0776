/** Plans: the documents being carried out, their tasks (filterable, paginated) and the plan import. */

import * as z from 'zod';
import { filterTasks } from '../../services/plan/filter.ts';
import type { Plan, Task } from '../../services/plan/model.ts';
import { listPlans } from '../../services/plan/repository.ts';
import { keysetPage } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { callerOf, depsOf, orNull } from '../context.ts';
import { domainId, idParts } from '../ids.ts';
import { lazy } from '../lazy.ts';
import { pageArgs } from '../pagination.ts';
import { AssignmentRoleEnum, findTask, TaskRef, TaskStatusEnum } from './task.ts';
import { UnitRef } from './unit.ts';

// Loaded on the mutation's first call (graphql/commands.ts): cold starts do not parse the plan import.
const { importPlan } = lazy(() => import('../commands.ts'));

const LadderStepRef = builder
  .objectRef<{ detailType: string; offsetDays: number; notify: string[] }>('LadderStep')
  .implement({
    description:
      'One step of the plan’s escalation ladder: which event fires how many days from the due instant.',
    fields: (t) => ({
      detailType: t.exposeString('detailType'),
      offsetDays: t.exposeInt('offsetDays'),
      notify: t.exposeStringList('notify'),
    }),
  });

const TaskFilter = builder.inputType('TaskFilter', {
  fields: (t) => ({
    unitId: t.id({ description: 'Tasks assigned to this unit, directly or through a group it belongs to.' }),
    role: t.field({ type: AssignmentRoleEnum, description: 'With `unitId`: only in this role.' }),
    status: t.field({ type: TaskStatusEnum }),
    category: t.string(),
    dueFrom: t.field({ type: 'DateTime', description: 'Has a milestone due at or after this instant.' }),
    dueTo: t.field({ type: 'DateTime', description: 'Has a milestone due at or before this instant.' }),
  }),
});

export const PlanRef = builder.objectRef<Plan>('Plan');

const TaskConnectionRef = builder.connectionObject(
  {
    type: TaskRef,
    name: 'TaskConnection',
    fields: (tc) => ({
      totalCount: tc.int({
        description: 'How many tasks match the filter (all pages).',
        resolve: (c) => (c as unknown as { totalCount: number }).totalCount,
      }),
    }),
  },
  { name: 'TaskEdge' },
);

/** A plan's tasks in document order; cursors name a task's position (ordinal, id), not an offset. */
const taskList = (planId: string) => ({
  name: `Plan.tasks|${planId}`,
  keyOf: (task: Task) => [task.ordinal, task.id] as const,
  key: z.tuple([z.number().int().nonnegative(), z.string().min(1).max(200)]).readonly(),
});

builder.node(PlanRef, {
  id: { resolve: (p) => p.id, parse: (id) => idParts(id, 'Plan', 1)[0] as string },
  loadMany: (ids, ctx) => ctx.loaders.plan.loadMany(ids).then(orNull),
  fields: (t) => ({
    planId: t.exposeID('id', { description: 'The plan’s own id, e.g. `yanhu-2020`.' }),
    title: t.exposeString('title'),
    documentNumber: t.exposeString('documentNumber'),
    issuer: t.exposeString('issuer'),
    issuedOn: t.exposeString('issuedOn', { description: 'Date of issue (YYYY-MM-DD).' }),
    district: t.exposeString('district'),
    year: t.exposeInt('year'),
    utcOffset: t.exposeString('utcOffset', {
      description: 'Offset in which "end of month" deadlines are read.',
    }),
    goals: t.exposeStringList('goals'),
    safeguards: t.exposeStringList('safeguards'),
    supervisorUnit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (p, _a, ctx) => ctx.loaders.unit.load(p.supervisorUnitId),
    }),
    governmentUnit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (p, _a, ctx) => ctx.loaders.unit.load(p.governmentUnitId),
    }),
    ladder: t.field({ type: [LadderStepRef], resolve: (p) => p.ladder }),
    taskCount: t.exposeInt('taskCount'),
    importedAt: t.field({ type: 'DateTime', resolve: (p) => p.importedAt }),
    version: t.exposeInt('version'),
    tasks: t.field({
      type: TaskConnectionRef,
      description:
        'In document order, forward (`first`/`after`) or backward (`last`/`before`). Page size: default 50, ' +
        'at most 500. A cursor is a position in the plan: the next page starts after that task whatever ' +
        'the filter matches now, so tasks that change status between pages are neither skipped nor repeated.',
      args: { filter: t.arg({ type: TaskFilter }), ...pageArgs },
      resolve: async (plan, args, ctx) => {
        const { tasks, milestonesByTask } = await ctx.loaders.planTasks.load(plan.id);
        const unitId = args.filter?.unitId;
        const filter = args.filter && {
          ...args.filter,
          unitId: unitId == null ? unitId : domainId(unitId, 'Unit', 'filter.unitId'),
        };
        const units = filter?.unitId ? await ctx.loaders.allUnits() : [];
        const found = filterTasks(tasks, milestonesByTask, filter, units, ctx.clock.now());
        return keysetPage(found, taskList(plan.id), args);
      },
    }),
  }),
});

builder.queryFields((t) => ({
  plans: t.field({
    type: [PlanRef],
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => listPlans(ctx.store),
  }),
  plan: t.field({
    type: PlanRef,
    nullable: true,
    authScopes: { authenticated: true },
    args: {
      id: t.arg.id({ required: true, description: 'Global (`Plan:yanhu-2020`) or plain (`yanhu-2020`).' }),
    },
    resolve: (_root, { id }, ctx) => ctx.loaders.plan.load(domainId(id, 'Plan')),
  }),
  task: t.field({
    type: TaskRef,
    nullable: true,
    authScopes: { authenticated: true },
    args: {
      id: t.arg.id({
        required: true,
        description: 'Global (`Task:yanhu-2020:A7`) or plain (`<planId>:<number>`, e.g. `yanhu-2020:A7`).',
      }),
    },
    resolve: (_root, { id }, ctx) => findTask(ctx, domainId(id, 'Task')),
  }),
}));

builder.mutationField('importPlan', (t) =>
  t.withAuth({ supervisor: true }).field({
    type: PlanRef,
    description:
      'Imports a plan document (the format of services/plan/plans/yanhu-2020.json). An invalid document is ' +
      'rejected with BAD_USER_INPUT naming every bad field (including a unit id already used under another ' +
      'name), and nothing is written. With `dryRun` the document is checked against the stored state and ' +
      'nothing is written either way.',
    args: {
      document: t.arg({ type: 'JSON', required: true }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, { document, dryRun }, ctx) =>
      importPlan(depsOf(ctx), callerOf(ctx), document, { dryRun: dryRun ?? false }),
  }),
);
