/** Events of the deadline ladder (source `clearwater.deadlines`), emitted by the sweeper. */
import * as z from 'zod';
import { defineEvent, type Notice, type Severity } from '../../shared/events/envelope.ts';

const source = 'clearwater.deadlines';

const LadderStepFired = z.object({
  planId: z.string(),
  taskId: z.string(),
  taskNumber: z.string(),
  taskTitle: z.string(),
  milestoneId: z.string(),
  milestoneTitle: z.string(),
  dueAt: z.iso.datetime({ offset: true }),
  /** Days from the due instant to the step (negative: before). */
  offsetDays: z.number().int(),
  /** Units to notify, resolved from the task's assignments and the plan's supervisor/government units. */
  recipientUnitIds: z.array(z.string()).min(1),
  /** LEAD and RESPONSIBLE units of the task: who is being chased. */
  responsibleUnitIds: z.array(z.string()),
});
export type LadderStepFired = z.infer<typeof LadderStepFired>;

const entity = (d: LadderStepFired) => ({ type: 'Task', id: d.taskId });

/** The notice of a milestone ladder step: the milestone is the subject, its task a link. */
const milestoneNotice =
  (severity: Severity, title: (d: LadderStepFired) => string) =>
  (d: LadderStepFired): Notice => ({
    recipientUnitIds: d.recipientUnitIds,
    severity,
    title: title(d),
    subject: { type: 'Milestone', id: d.milestoneId, title: d.milestoneTitle },
    dueAt: d.dueAt,
    links: { taskId: d.taskId, milestoneId: d.milestoneId },
  });

export const MilestoneDueSoon = defineEvent({
  source,
  detailType: 'MilestoneDueSoon',
  version: 1,
  description:
    'A milestone is due within the reminder period (default 7 days): reminder to LEAD and RESPONSIBLE units.',
  data: LadderStepFired,
  entity,
  notice: milestoneNotice('INFO', (d) => `任务${d.taskNumber}「${d.milestoneTitle}」即将到期`),
});

export const MilestoneOverdue = defineEvent({
  source,
  detailType: 'MilestoneOverdue',
  version: 1,
  description:
    'A milestone passed its due instant without being completed: LEAD units and the supervisor are told.',
  data: LadderStepFired,
  entity,
  notice: milestoneNotice('WARNING', (d) => `任务${d.taskNumber}「${d.milestoneTitle}」已逾期`),
});

export const MilestoneEscalated = defineEvent({
  source,
  detailType: 'MilestoneEscalated',
  version: 1,
  description:
    'A milestone is still open 7 days (default) after its due instant: escalated to the district government.',
  data: LadderStepFired,
  entity,
  notice: milestoneNotice(
    'CRITICAL',
    (d) => `任务${d.taskNumber}「${d.milestoneTitle}」逾期未完成，已上报区政府`,
  ),
});

export const AccountabilityInterviewProposed = defineEvent({
  source,
  detailType: 'AccountabilityInterviewProposed',
  version: 1,
  description:
    'A milestone is still open 30 days (default) after its due instant: an accountability interview (约谈) of the ' +
    'responsible units is proposed for the supervisor to approve or dismiss.',
  data: LadderStepFired.extend({ interviewId: z.string() }),
  entity,
  notice: (d) => ({
    ...milestoneNotice('CRITICAL', (x) => `任务${x.taskNumber}「${x.milestoneTitle}」逾期30日，建议约谈`)(d),
    links: { taskId: d.taskId, milestoneId: d.milestoneId, interviewId: d.interviewId },
  }),
});

/** A step of any other entity's deadline (an outfall's annex deadline, a re-inspection, a complaint). */
const DeadlineStepFired = z.object({
  owner: z.object({ type: z.string(), id: z.string(), title: z.string().optional() }),
  deadline: z.object({
    name: z.string(),
    title: z.string(),
    startedAt: z.iso.datetime({ offset: true }),
    dueAt: z.iso.datetime({ offset: true }),
    period: z
      .object({ amount: z.number().int(), unit: z.enum(['HOURS', 'DAYS', 'WORKING_DAYS']) })
      .optional(),
  }),
  /** The ladder step, and its distance from the due instant in hours (negative: before). */
  step: z.string(),
  offsetHours: z.number(),
  recipientUnitIds: z.array(z.string()).min(1),
  /** Who is held to the deadline. */
  responsibleUnitIds: z.array(z.string()),
});
export type DeadlineStepFired = z.infer<typeof DeadlineStepFired>;

const ownerEntity = (d: DeadlineStepFired) => ({ type: d.owner.type, id: d.owner.id });
const deadlineNotice =
  (severity: Severity, title: (d: DeadlineStepFired) => string) =>
  (d: DeadlineStepFired): Notice => ({
    recipientUnitIds: d.recipientUnitIds,
    severity,
    title: title(d),
    subject: { type: d.owner.type, id: d.owner.id, title: d.owner.title },
    dueAt: d.deadline.dueAt,
  });
const named = (d: DeadlineStepFired) => `${d.owner.title ?? d.owner.id}「${d.deadline.title}」`;

export const DeadlineDueSoon = defineEvent({
  source,
  detailType: 'DeadlineDueSoon',
  version: 1,
  description:
    'A deadline of an outfall, case, complaint or other entity is near: reminder to the units held to it.',
  data: DeadlineStepFired,
  entity: ownerEntity,
  notice: deadlineNotice('INFO', (d) => `${named(d)}即将到期`),
});

export const DeadlineOverdue = defineEvent({
  source,
  detailType: 'DeadlineOverdue',
  version: 1,
  description:
    'A deadline of an outfall, case, complaint or other entity passed without the step it waits for.',
  data: DeadlineStepFired,
  entity: ownerEntity,
  notice: deadlineNotice('WARNING', (d) => `${named(d)}已逾期`),
});

export const DeadlineEscalated = defineEvent({
  source,
  detailType: 'DeadlineEscalated',
  version: 1,
  description: 'A deadline is still not met some time after it passed: escalated to the supervisor.',
  data: DeadlineStepFired,
  entity: ownerEntity,
  notice: deadlineNotice('CRITICAL', (d) => `${named(d)}逾期未办，已上报`),
});
