/**
 * Rule-target handlers by name: the rule list (`services/events/rules.ts`) names them, the CDK stack's
 * bus-target function and the local bus run them. A context with a bus handler adds it here (one line).
 */
import { proposeCaseFromExceedance } from '../cases/outfall-exceedance.ts';
import { recordEvent } from '../events/event-log.ts';
import type { TargetName } from '../events/rules.ts';
import { feedPolice } from '../handoffs/police-feed.ts';
import { openReportLimit } from '../handoffs/proposals.ts';
import { deliverToInboxes } from '../notifications/delivery.ts';
import { markOutfallLate } from '../outfalls/late.ts';
import type { TargetHandler } from '../shared/events/target.ts';
import { webhookDispatch } from '../webhooks/dispatch.ts';

export const targets: Record<TargetName, TargetHandler> = {
  eventLog: recordEvent,
  notifications: deliverToInboxes,
  webhookDispatch,
  outfallLate: markOutfallLate,
  outfallExceedanceCases: proposeCaseFromExceedance,
  handoffProposals: openReportLimit,
  policeFeed: feedPolice,
};
