/**
 * Storage of the webhooks context. Subscriptions are written by commands (through a UnitOfWork, with
 * audit); deliveries are the dispatcher's own records, written with single conditional requests so that
 * each event is queued once per subscription and each attempt is claimed by one worker.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { TIMER_ATTRIBUTES, type TimerAttributes, timerAttributes } from '../shared/deadlines/timer.ts';
import type { Store } from '../shared/store/client.ts';
import { fromAttributes, type Item, toAttributes } from '../shared/store/codec.ts';
import { getItem, strip } from '../shared/store/items.ts';
import { indexKeys, type Key, keys } from '../shared/store/keys.ts';
import { type Page, queryAll, queryPage } from '../shared/store/query.ts';
import type { AttemptOutcome } from './backoff.ts';
import type {
  DeliveryAttempt,
  WebhookDelivery,
  WebhookSubscription,
  WebhookSubscriptionRecord,
} from './model.ts';

export const DELIVERY_TIMER_KIND = 'WebhookDelivery';
const REMOVE_TIMER = `REMOVE ${TIMER_ATTRIBUTES.join(', ')}`;

// ---- Subscriptions ----

export function subscriptionItem(subscription: WebhookSubscriptionRecord): Item & Key {
  return {
    ...keys.webhookSubscription(subscription.id),
    itemType: 'WebhookSubscription',
    GSI1PK: indexKeys.webhookList.partition(),
    GSI1SK: indexKeys.webhookList.sort(subscription.createdAt, subscription.id),
    ...subscription,
  };
}

/** The stored subscription, secret included: for the dispatcher and commands, never for clients. */
export async function getSubscription(
  store: Store,
  id: string,
): Promise<WebhookSubscriptionRecord | undefined> {
  return getItem<WebhookSubscriptionRecord>(store, keys.webhookSubscription(id));
}

/** Every subscription, oldest first; there are few (one or two per integrator). */
export async function listSubscriptions(store: Store): Promise<WebhookSubscriptionRecord[]> {
  const items = await queryAll(store, {
    index: indexKeys.webhookList.index,
    partition: indexKeys.webhookList.partition(),
  });
  return items.map((item) => strip<WebhookSubscriptionRecord>(item));
}

export function withoutSecret({
  secret: _secret,
  ...subscription
}: WebhookSubscriptionRecord): WebhookSubscription {
  return subscription;
}

// ---- Deliveries ----

export type NewDelivery = Omit<WebhookDelivery, 'status' | 'attempts' | 'attemptCount' | 'nextAttemptAt'>;

function deliveryTimer(at: Date, attemptCount: number): TimerAttributes {
  return timerAttributes(DELIVERY_TIMER_KIND, at, attemptCount);
}

/** Queues a delivery; false when this event was already queued for this subscription. */
export async function queueDelivery(
  store: Store,
  delivery: NewDelivery,
  firstAttemptAt: Date,
): Promise<boolean> {
  const item = {
    ...keys.webhookDelivery(delivery.subscriptionId, delivery.eventId),
    itemType: 'WebhookDelivery',
    ...delivery,
    status: 'PENDING',
    attempts: [],
    attemptCount: 0,
    ...deliveryTimer(firstAttemptAt, 0),
  };
  try {
    await store.db.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: toAttributes(item),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export interface Claim {
  /** The attempt count the worker read; the claim succeeds only if nobody has claimed since. */
  attemptCount: number;
  /** The timer instant the worker read (sweeper path), so a stale read cannot claim. */
  timerAt?: string;
}

/**
 * Claims the next attempt of a pending delivery: bumps `attemptCount` and moves its timer out by the
 * lease, so a worker that dies mid-attempt is retried when the lease ends. Undefined when another
 * worker claimed first or the delivery is no longer pending.
 */
export async function claimAttempt(
  store: Store,
  key: Key,
  claim: Claim,
  leaseUntil: Date,
): Promise<WebhookDelivery | undefined> {
  const next = claim.attemptCount + 1;
  const item = await conditionalUpdate(store, key, {
    expression: 'SET attemptCount = :next, timerAt = :lease, timerStep = :next',
    condition: `attemptCount = :n AND #status = :pending${claim.timerAt ? ' AND timerAt = :read' : ''}`,
    values: {
      ':n': claim.attemptCount,
      ':next': next,
      ':lease': leaseUntil.toISOString(),
      ':pending': 'PENDING',
      ...(claim.timerAt ? { ':read': claim.timerAt } : {}),
    },
  });
  return item && deliveryFromItem(item);
}

/**
 * Appends the attempt and applies its outcome, if this worker still holds the claim (a worker whose
 * lease ran out loses its result: the next worker makes its own attempt). False when the claim was lost.
 */
export async function recordAttempt(
  store: Store,
  key: Key,
  attempt: DeliveryAttempt,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const values: Item = { ':attempt': [attempt], ':claimed': attempt.number, ':pending': 'PENDING' };
  let expression = 'SET attempts = list_append(attempts, :attempt)';
  if (outcome.status === 'PENDING') {
    expression += ', timerAt = :nextAt';
    values[':nextAt'] = outcome.nextAttemptAt.toISOString();
  } else {
    expression += `, #status = :status${outcome.status === 'DELIVERED' ? ', deliveredAt = :at' : ''} ${REMOVE_TIMER}`;
    values[':status'] = outcome.status;
    if (outcome.status === 'DELIVERED') values[':at'] = attempt.at;
  }
  const item = await conditionalUpdate(store, key, {
    expression,
    condition: '#status = :pending AND attemptCount = :claimed',
    values,
  });
  return item !== undefined;
}

/** Ends a pending delivery without another attempt (its subscription is gone, or attempts ran out). */
export async function giveUpDelivery(store: Store, key: Key, claim: Claim, reason: string): Promise<boolean> {
  const item = await conditionalUpdate(store, key, {
    expression: `SET #status = :failed, failureReason = :reason ${REMOVE_TIMER}`,
    condition: `attemptCount = :n AND #status = :pending${claim.timerAt ? ' AND timerAt = :read' : ''}`,
    values: {
      ':failed': 'FAILED',
      ':reason': reason,
      ':n': claim.attemptCount,
      ':pending': 'PENDING',
      ...(claim.timerAt ? { ':read': claim.timerAt } : {}),
    },
  });
  return item !== undefined;
}

export async function getDelivery(
  store: Store,
  subscriptionId: string,
  eventId: string,
): Promise<WebhookDelivery | undefined> {
  const { Item: found } = await store.db.send(
    new GetItemCommand({
      TableName: store.tableName,
      Key: toAttributes(keys.webhookDelivery(subscriptionId, eventId)),
      ConsistentRead: true,
    }),
  );
  return found ? deliveryFromItem(fromAttributes(found)) : undefined;
}

/** Deliveries of one subscription, newest event first (event ids are time-ordered). */
export async function listDeliveries(
  store: Store,
  subscriptionId: string,
  first: number,
  after?: string | null,
): Promise<Page<WebhookDelivery>> {
  const query = {
    partition: keys.webhookDelivery.partition(subscriptionId),
    prefix: keys.webhookDelivery.sortPrefix(),
    descending: true,
  };
  const page = await queryPage(store, query, first, after);
  return { ...page, items: page.items.map(deliveryFromItem) };
}

/** The domain shape of a delivery item; a pending delivery's timer is when its next attempt is due. */
export function deliveryFromItem(item: Item): WebhookDelivery {
  const delivery = strip<WebhookDelivery>(item);
  const timerAt = item.timerAt;
  return delivery.status === 'PENDING' && typeof timerAt === 'string'
    ? { ...delivery, nextAttemptAt: timerAt }
    : delivery;
}

async function conditionalUpdate(
  store: Store,
  key: Key,
  update: { expression: string; condition: string; values: Item },
): Promise<Item | undefined> {
  try {
    const { Attributes } = await store.db.send(
      new UpdateItemCommand({
        TableName: store.tableName,
        Key: toAttributes(key),
        UpdateExpression: update.expression,
        ConditionExpression: update.condition,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: toAttributes(update.values),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? fromAttributes(Attributes) : undefined;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
