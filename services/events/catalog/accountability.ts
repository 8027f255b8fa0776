/** Events of accountability interviews (约谈) (source `clearwater.accountability`). */
import * as z from 'zod';
import { defineEvent } from '../../shared/events/envelope.ts';

const source = 'clearwater.accountability';

const Decision = z.object({
  interviewId: z.string(),
  planId: z.string(),
  taskId: z.string(),
  milestoneId: z.string(),
  unitIds: z.array(z.string()),
  reason: z.string(),
  decidedBy: z.string(),
});

export const AccountabilityInterviewApproved = defineEvent({
  source,
  detailType: 'AccountabilityInterviewApproved',
  version: 1,
  description: 'The supervisor approved a proposed accountability interview (约谈) of the responsible units.',
  data: Decision,
  entity: (d) => ({ type: 'AccountabilityInterview', id: d.interviewId }),
});

export const AccountabilityInterviewDismissed = defineEvent({
  source,
  detailType: 'AccountabilityInterviewDismissed',
  version: 1,
  description: 'The supervisor dismissed a proposed accountability interview, with the reason recorded.',
  data: Decision,
  entity: (d) => ({ type: 'AccountabilityInterview', id: d.interviewId }),
});
