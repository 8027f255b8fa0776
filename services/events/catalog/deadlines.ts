/** Events of the deadline ladder (source `clearwater.deadlines`), emitted by the sweeper. */
import * as z from 'zod';
import { defineEvent } from '../envelope.ts';

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

export const MilestoneDueSoon = defineEvent({
  source,
  detailType: 'MilestoneDueSoon',
  version: 1,
  description:
    'A milestone is due within the reminder period (default 7 days): reminder to LEAD and RESPONSIBLE units.',
  data: LadderStepFired,
  entity,
});

export const MilestoneOverdue = defineEvent({
  source,
  detailType: 'MilestoneOverdue',
  version: 1,
  description:
    'A milestone passed its due instant without being completed: LEAD units and the supervisor are told.',
  data: LadderStepFired,
  entity,
});

export const MilestoneEscalated = defineEvent({
  source,
  detailType: 'MilestoneEscalated',
  version: 1,
  description:
    'A milestone is still open 7 days (default) after its due instant: escalated to the district government.',
  data: LadderStepFired,
  entity,
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
});
