/**
 * Entities of every kind for API tests, made the way production makes them: the real deadline sweeper
 * (ladder steps, accountability interviews) and the real bus handlers (unit inboxes, the event log,
 * webhook deliveries) fed with catalog-valid events.
 */
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import { MilestoneEscalated } from '../../services/events/catalog/deadlines.ts';
import { recordEvent } from '../../services/events/event-log.ts';
import { deliverToInboxes } from '../../services/notifications/delivery.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import { webhookDispatch } from '../../services/webhooks/dispatch.ts';
import type { TestApi } from './api.ts';
import { answeringSender, fakeDns } from './dns.ts';
import { busEvent } from './events.ts';

/** Endpoints that always fail (without any network): deliveries stay PENDING with one attempt recorded. */
const failing = { resolveHost: fakeDns(), sendHttp: answeringSender(() => 500) };

/** Sweeps until no ladder step is left to fire at the harness clock. */
export async function sweepUntilQuiet(api: TestApi): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const report = await sweep({ store: api.store, clock: api.clock, ...failing }, deadlineKinds);
    if (report.fired === 0) return;
  }
}

/** The escalation of task 6's milestone to the given units, as the sweeper emits it. */
export function escalation(api: TestApi, recipientUnitIds: string[]): BusEvent {
  const data = MilestoneEscalated.data.parse({
    planId: 'yanhu-2020',
    taskId: 'yanhu-2020:6',
    taskNumber: '6',
    taskTitle: '推进工业集聚区集中污水处理设施建设',
    milestoneId: 'yanhu-2020:6:hitech-wwtp',
    milestoneTitle: '盐湖高新技术产业开发区污水处理厂达标达效',
    dueAt: '2020-04-30T15:59:59.000Z',
    offsetDays: 7,
    recipientUnitIds,
    responsibleUnitIds: ['yanhu-housing'],
  });
  return busEvent(api.clock, MilestoneEscalated.source, MilestoneEscalated.detailType, data);
}

/** Publishes an escalation to the inboxes, the event log and the webhooks; the clock moves 1 s on. */
export async function escalate(api: TestApi, recipientUnitIds: string[]): Promise<BusEvent> {
  const event = escalation(api, recipientUnitIds);
  const deps = { store: api.store, clock: api.clock, ...failing };
  await deliverToInboxes(event, deps);
  await recordEvent(event, deps);
  await webhookDispatch(event, deps);
  api.clock.advance(1000);
  return event;
}

const SUBSCRIBE = `
  mutation Subscribe($input: CreateWebhookSubscriptionInput!) {
    createWebhookSubscription(input: $input) { subscription { id subscriptionId } }
  }`;

/** A subscription to the deadline events, by the token's holder. */
export async function subscribe(
  api: TestApi,
  token: string,
  url: string,
): Promise<{ id: string; subscriptionId: string }> {
  const response = await api.gql<{
    createWebhookSubscription: { subscription: { id: string; subscriptionId: string } };
  }>(SUBSCRIBE, { input: { url, eventPattern: '{"source":["clearwater.deadlines"]}' } }, token);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return response.data.createWebhookSubscription.subscription;
}
