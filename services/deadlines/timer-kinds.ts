/** Timer handlers by kind: everything with a deadline goes through the one sweeper. */
import { retryWebhookDelivery } from '../webhooks/deliver.ts';
import { fireMilestoneLadder } from './milestone-ladder.ts';
import type { TimerHandler } from './timer.ts';

export const timerHandlers: Record<string, TimerHandler> = {
  MilestoneLadder: fireMilestoneLadder,
  WebhookDelivery: retryWebhookDelivery,
};
