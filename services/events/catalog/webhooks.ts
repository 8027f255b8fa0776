/** Events of the webhook subscriptions (source `clearwater.webhooks`): a failing endpoint switched off and on. */
import * as z from 'zod';
import { defineEvent } from '../../shared/events/envelope.ts';

const source = 'clearwater.webhooks';

const Subscription = {
  subscriptionId: z.string(),
  url: z.string(),
  /** The actor id of the subscription's creator. */
  ownerId: z.string(),
};

const entity = (d: { subscriptionId: string }) => ({ type: 'WebhookSubscription', id: d.subscriptionId });

export const WebhookSubscriptionDisabled = defineEvent({
  source,
  detailType: 'WebhookSubscriptionDisabled',
  version: 1,
  description:
    'A subscription whose endpoint kept failing was disabled: its events are recorded as SKIPPED, not sent, ' +
    'until its owner or a supervisor enables it. The owner’s unit (or the supervisor) is told.',
  data: z.object({
    ...Subscription,
    reason: z.enum(['FAILED_DELIVERIES', 'FAILING_TOO_LONG']),
    consecutiveFailedDeliveries: z.number().int().nonnegative(),
    /** Since when no attempt was answered with a 2xx. */
    failingSince: z.string().optional(),
    /** The owner's unit, or the supervisor's when the owner has none. */
    recipientUnitIds: z.array(z.string()).min(1),
  }),
  entity,
  notice: (d) => ({
    recipientUnitIds: d.recipientUnitIds,
    severity: 'WARNING',
    title:
      d.reason === 'FAILED_DELIVERIES'
        ? `Webhook 订阅已停用：连续 ${d.consecutiveFailedDeliveries} 次推送失败（${d.url}）`
        : `Webhook 订阅已停用：接收端长时间无响应（${d.url}）`,
    subject: { type: 'WebhookSubscription', id: d.subscriptionId, title: d.url },
  }),
});

export const WebhookSubscriptionEnabled = defineEvent({
  source,
  detailType: 'WebhookSubscriptionEnabled',
  version: 1,
  description:
    'A disabled subscription was enabled again by its owner or a supervisor; events are sent again from now on.',
  data: z.object({
    ...Subscription,
    /** When it had been disabled. */
    disabledAt: z.string().optional(),
  }),
  entity,
});
