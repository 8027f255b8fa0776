/** Key layout of the webhooks context: a subscription and its deliveries share one partition. */
import type { Key } from '../shared/store/keys.ts';

export const webhookKeys = {
  subscription: (id: string): Key => ({ PK: `WEBHOOK#${id}`, SK: '#SUBSCRIPTION' }),
  /** GSI1 partition that lists every subscription, sorted by `<createdAt>#<id>`. */
  subscriptionList: () => 'WEBHOOKS',
  /** One delivery per (subscription, event): the key itself makes dispatch idempotent on `eventId`. */
  delivery: (subscriptionId: string, eventId: string): Key => ({
    PK: `WEBHOOK#${subscriptionId}`,
    SK: `DELIVERY#${eventId}`,
  }),
  deliveryPrefix: () => 'DELIVERY#',
  partition: (subscriptionId: string) => `WEBHOOK#${subscriptionId}`,
} as const;
