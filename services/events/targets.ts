/** Rule-target handlers by name: the rule list names them, the CDK stack and the local bus run them. */
import { deliverToInboxes } from '../notifications/inbox.ts';
import { webhookDispatch } from '../webhooks/dispatch.ts';
import { recordEvent } from './event-log.ts';
import type { TargetName } from './rules.ts';
import type { TargetHandler } from './target.ts';

export const targets: Record<TargetName, TargetHandler> = {
  eventLog: recordEvent,
  notifications: deliverToInboxes,
  webhookDispatch,
};
