/** Events of the plan context (source `clearwater.plan`). */
import * as z from 'zod';
import { defineEvent } from '../../shared/events/envelope.ts';

const source = 'clearwater.plan';
const Instant = z.iso.datetime({ offset: true });

const TaskRef = {
  planId: z.string(),
  taskId: z.string(),
  taskNumber: z.string(),
};

const MilestoneRef = {
  ...TaskRef,
  milestoneId: z.string(),
  milestoneTitle: z.string(),
  dueAt: Instant,
};

export const PlanImported = defineEvent({
  source,
  detailType: 'PlanImported',
  version: 1,
  description:
    'A plan document was imported: its tasks and milestones are now tracked and their deadline timers armed.',
  data: z.object({
    planId: z.string(),
    title: z.string(),
    documentNumber: z.string(),
    taskCount: z.number().int(),
    milestoneCount: z.number().int(),
  }),
  entity: (d) => ({ type: 'Plan', id: d.planId }),
});

export const TaskProgressReported = defineEvent({
  source,
  detailType: 'TaskProgressReported',
  version: 1,
  description: 'A unit (or the supervisor) reported progress on a task.',
  data: z.object({
    ...TaskRef,
    reportId: z.string(),
    percentComplete: z.number().min(0).max(100),
    previousPercentComplete: z.number().min(0).max(100),
    indicatorValues: z.record(z.string(), z.number()),
    note: z.string().optional(),
    unitId: z.string().optional(),
    taskVersion: z.number().int(),
  }),
  entity: (d) => ({ type: 'Task', id: d.taskId }),
});

export const MilestoneCompleted = defineEvent({
  source,
  detailType: 'MilestoneCompleted',
  version: 1,
  description: 'A milestone was completed; its deadline timer is cancelled.',
  data: z.object({
    ...MilestoneRef,
    completedAt: Instant,
    /** Completed after its due instant. */
    late: z.boolean(),
    taskVersion: z.number().int(),
  }),
  entity: (d) => ({ type: 'Task', id: d.taskId }),
});

export const MilestoneReopened = defineEvent({
  source,
  detailType: 'MilestoneReopened',
  version: 1,
  description: 'A completed milestone was reopened by the supervisor; its deadline timer is re-armed.',
  data: z.object({ ...MilestoneRef, reason: z.string(), taskVersion: z.number().int() }),
  entity: (d) => ({ type: 'Task', id: d.taskId }),
});

export const MilestoneRescheduled = defineEvent({
  source,
  detailType: 'MilestoneRescheduled',
  version: 1,
  description:
    'The supervisor changed a milestone deadline; its escalation ladder restarts from the new instant.',
  data: z.object({
    ...MilestoneRef,
    previousDueAt: Instant,
    reason: z.string(),
    taskVersion: z.number().int(),
  }),
  entity: (d) => ({ type: 'Task', id: d.taskId }),
});

export const TaskMembersNamed = defineEvent({
  source,
  detailType: 'TaskMembersNamed',
  version: 1,
  description:
    'The supervisor named which members of a group (「相关乡镇办」) a task is assigned to; only they are chased.',
  data: z.object({
    ...TaskRef,
    groupId: z.string(),
    role: z.string(),
    memberIds: z.array(z.string()),
    previousMemberIds: z.array(z.string()),
    reason: z.string(),
    taskVersion: z.number().int(),
  }),
  entity: (d) => ({ type: 'Task', id: d.taskId }),
});
