/**
 * Every kind of deadline the sweeper knows, by the `timerKind` its items carry. A context with
 * deadlines adds its kind here (one line); the Lambda sweeper and the local runtime both read this.
 */

import { standardDeadline } from '../deadlines/standard.ts';
import { handoffDeadline } from '../handoffs/deadline.ts';
import { gateCheckDeadline } from '../outfalls/gate.ts';
import { milestoneDeadline } from '../plan/milestone-deadline.ts';
import { deadlineKindRegistry } from '../shared/deadlines/kinds.ts';
import { webhookRetryDeadline } from '../webhooks/deliver.ts';

export const deadlineKinds = deadlineKindRegistry([
  milestoneDeadline,
  standardDeadline,
  webhookRetryDeadline,
  gateCheckDeadline,
  handoffDeadline,
]);

export type DeadlineKindName = keyof typeof deadlineKinds;
