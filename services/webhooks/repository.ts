/**
 * Storage of the webhooks context. Subscriptions are written by commands (through a UnitOfWork, with
 * audit); deliveries are the dispatcher's own records, written with single conditional requests so that
 * each event is queued once per subscription and each attempt is claimed by one worker. A FAILED or
 * SKIPPED delivery carries index entries (per subscription, and for all) until it is redelivered: the
 * lists of failed deliveries and the local dead letters read them.
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
import type { UpdateExpression } from '../shared/store/update.ts';
import type { AttemptOutcome } from './backoff.ts';
import type {
  DeliveryAttempt,
  DeliveryStatus,
  WebhookDelivery,
  WebhookSubscription,
  WebhookSubscriptionRecord,
} from './model.ts';

export const DELIVERY_TIMER_KIND = 'WebhookDelivery';
const REMOVE_TIMER = `REMOVE ${TIMER_ATTRIBUTES.join(', ')}`;
const UNDELIVERED_INDEX = ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const;

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
  const found = await getItem<WebhookSubscriptionRecord>(store, keys.webhookSubscription(id));
  return found && withDefaults(found);
}

/** Subscriptions stored before they had a status are ACTIVE, with no failures counted. */
function withDefaults(record: WebhookSubscriptionRecord): WebhookSubscriptionRecord {
  return {
    ...record,
    status: record.status ?? 'ACTIVE',
    consecutiveFailedDeliveries: record.consecutiveFailedDeliveries ?? 0,
  };
}

/** Every subscription, oldest first; there are few (one or two per integrator). */
export async function listSubscriptions(store: Store): Promise<WebhookSubscriptionRecord[]> {
  const items = await queryAll(store, {
    index: indexKeys.webhookList.index,
    partition: indexKeys.webhookList.partition(),
  });
  return items.map((item) => withDefaults(strip<WebhookSubscriptionRecord>(item)));
}

export function withoutSecret({
  secret: _secret,
  ...subscription
}: WebhookSubscriptionRecord): WebhookSubscription {
  return subscription;
}

// ---- Deliveries ----

/** A delivery's identity: one per (subscription, event). */
export interface DeliveryRef {
  subscriptionId: string;
  eventId: string;
}

export type NewDelivery = Omit<
  WebhookDelivery,
  'status' | 'attempts' | 'attemptCount' | 'nextAttemptAt' | 'failedAt' | 'sequenceStart' | 'redeliveries'
>;

function deliveryTimer(at: Date, attemptCount: number): TimerAttributes {
  return timerAttributes(DELIVERY_TIMER_KIND, at, attemptCount);
}

/** The index entries of a FAILED or SKIPPED delivery (removed when it is redelivered). */
function undeliveredIndex(ref: DeliveryRef, failedAt: string) {
  return {
    GSI1PK: indexKeys.undeliveredWebhooks.partition(ref.subscriptionId),
    GSI1SK: indexKeys.undeliveredWebhooks.sort(failedAt, ref.eventId),
    GSI2PK: indexKeys.allUndeliveredWebhooks.partition(),
    GSI2SK: indexKeys.allUndeliveredWebhooks.sort(failedAt, ref.subscriptionId, ref.eventId),
  };
}

/** Queues a delivery; false when this event was already queued for this subscription. */
export async function queueDelivery(
  store: Store,
  delivery: NewDelivery,
  firstAttemptAt: Date,
): Promise<boolean> {
  return putNew(store, {
    ...keys.webhookDelivery(delivery.subscriptionId, delivery.eventId),
    itemType: 'WebhookDelivery',
    ...delivery,
    status: 'PENDING',
    attempts: [],
    attemptCount: 0,
    ...deliveryTimer(firstAttemptAt, 0),
  });
}

/** Records an event for a disabled subscription as SKIPPED (nothing is sent); false when already recorded. */
export async function recordSkippedDelivery(
  store: Store,
  delivery: NewDelivery,
  reason: string,
): Promise<boolean> {
  return putNew(store, {
    ...keys.webhookDelivery(delivery.subscriptionId, delivery.eventId),
    itemType: 'WebhookDelivery',
    ...delivery,
    status: 'SKIPPED',
    attempts: [],
    attemptCount: 0,
    failedAt: delivery.createdAt,
    failureReason: reason,
    ...undeliveredIndex(delivery, delivery.createdAt),
  });
}

async function putNew(store: Store, item: Item): Promise<boolean> {
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
  ref: DeliveryRef,
  claim: Claim,
  leaseUntil: Date,
): Promise<WebhookDelivery | undefined> {
  const next = claim.attemptCount + 1;
  const item = await conditionalUpdate(store, ref, {
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
  ref: DeliveryRef,
  attempt: DeliveryAttempt,
  outcome: AttemptOutcome,
  sequenceStart = 0,
): Promise<boolean> {
  const values: Item = {
    ':attempt': [attempt],
    ':claimed': attempt.number,
    ':pending': 'PENDING',
    ':sequence': sequenceStart,
  };
  let expression = 'SET attempts = list_append(attempts, :attempt)';
  if (outcome.status === 'PENDING') {
    expression += ', timerAt = :nextAt';
    values[':nextAt'] = outcome.nextAttemptAt.toISOString();
  } else if (outcome.status === 'DELIVERED') {
    expression += `, #status = :status, deliveredAt = :at ${REMOVE_TIMER}`;
    values[':status'] = 'DELIVERED';
    values[':at'] = attempt.at;
  } else {
    const index = undeliveredIndex(ref, attempt.at);
    expression += `, #status = :status, failedAt = :at, ${setAll(index, values)} ${REMOVE_TIMER}`;
    values[':status'] = 'FAILED';
    values[':at'] = attempt.at;
  }
  const item = await conditionalUpdate(store, ref, {
    expression,
    // Same sequence too: a worker that outlived its lease while the delivery ended and was redelivered
    // (same attempt count, new sequence) must not record into the new sequence.
    condition: `#status = :pending AND attemptCount = :claimed AND ${sameSequence(sequenceStart)}`,
    values,
  });
  return item !== undefined;
}

/** The first sequence has no `sequenceStart` stored (deliveries never redelivered). */
function sameSequence(sequenceStart: number): string {
  return sequenceStart === 0
    ? '(attribute_not_exists(sequenceStart) OR sequenceStart = :sequence)'
    : 'sequenceStart = :sequence';
}

/**
 * Ends a pending delivery without another attempt: FAILED when its subscription is gone or its attempts
 * ran out, SKIPPED when its subscription was disabled meanwhile.
 */
export async function giveUpDelivery(
  store: Store,
  ref: DeliveryRef,
  claim: Claim,
  end: { status: Extract<DeliveryStatus, 'FAILED' | 'SKIPPED'>; reason: string; at: Date },
): Promise<boolean> {
  const at = end.at.toISOString();
  const values: Item = {
    ':end': end.status,
    ':reason': end.reason,
    ':at': at,
    ':n': claim.attemptCount,
    ':pending': 'PENDING',
    ...(claim.timerAt ? { ':read': claim.timerAt } : {}),
  };
  const index = setAll(undeliveredIndex(ref, at), values);
  const item = await conditionalUpdate(store, ref, {
    expression: `SET #status = :end, failureReason = :reason, failedAt = :at, ${index} ${REMOVE_TIMER}`,
    condition: `attemptCount = :n AND #status = :pending${claim.timerAt ? ' AND timerAt = :read' : ''}`,
    values,
  });
  return item !== undefined;
}

/** `a = :a, b = :b` for the fields, their values added to `values`. */
function setAll(fields: Record<string, string>, values: Item): string {
  return Object.entries(fields)
    .map(([name, value]) => {
      values[`:${name}`] = value;
      return `${name} = :${name}`;
    })
    .join(', ');
}

/**
 * The write that starts a new attempt sequence on a FAILED or SKIPPED delivery: PENDING again, its
 * timer due now (the sweeper makes the first attempt), off the failed lists. Conditioned on the state
 * read, so of two concurrent redeliveries one starts a sequence and the other changes nothing.
 */
export function redeliveryWrite(
  delivery: WebhookDelivery,
  at: Date,
  actorId: string,
): { key: Key; update: UpdateExpression; condition: { expression: string; values: Item } } {
  const n = delivery.attemptCount;
  const timer = deliveryTimer(at, n);
  return {
    key: keys.webhookDelivery(delivery.subscriptionId, delivery.eventId),
    update: {
      expression:
        'SET #status = :pending, sequenceStart = :n, redeliveries = list_append(if_not_exists(redeliveries, :none), :redelivery), ' +
        `timerShard = :shard, timerAt = :timerAt, timerKind = :kind, timerStep = :n REMOVE failedAt, failureReason, ${UNDELIVERED_INDEX.join(', ')}`,
      names: { '#status': 'status' },
      values: {
        ':pending': 'PENDING',
        ':n': n,
        ':none': [],
        ':redelivery': [{ at: at.toISOString(), by: actorId, afterAttempt: n }],
        ':shard': timer.timerShard,
        ':timerAt': timer.timerAt,
        ':kind': timer.timerKind,
      },
    },
    condition: {
      expression: '#status IN (:failed, :skipped) AND attemptCount = :n',
      values: { ':failed': 'FAILED', ':skipped': 'SKIPPED' },
    },
  };
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

/** Deliveries of one subscription, newest event first (event ids are time-ordered), of one status or all. */
export async function listDeliveries(
  store: Store,
  subscriptionId: string,
  first: number,
  after?: string | null,
  status?: DeliveryStatus,
): Promise<Page<WebhookDelivery>> {
  const query = {
    partition: keys.webhookDelivery.partition(subscriptionId),
    prefix: keys.webhookDelivery.sortPrefix(),
    descending: true,
    ...(status
      ? {
          filter: {
            expression: '#status = :status',
            names: { '#status': 'status' },
            values: { ':status': status },
          },
        }
      : {}),
  };
  const page = await queryPage(store, query, first, after);
  return { ...page, items: page.items.map(deliveryFromItem) };
}

/**
 * FAILED and SKIPPED deliveries, by when they became so: of one subscription, or of all (those of
 * subscriptions created by `ownerId` when given). Newest first unless `oldestFirst`.
 */
export async function listUndelivered(
  store: Store,
  scope: { subscriptionId: string } | { ownerId?: string },
  page: { first: number; after?: string | null; oldestFirst?: boolean },
): Promise<Page<WebhookDelivery>> {
  const query =
    'subscriptionId' in scope
      ? {
          index: indexKeys.undeliveredWebhooks.index,
          partition: indexKeys.undeliveredWebhooks.partition(scope.subscriptionId),
        }
      : {
          index: indexKeys.allUndeliveredWebhooks.index,
          partition: indexKeys.allUndeliveredWebhooks.partition(),
          ...(scope.ownerId
            ? { filter: { expression: 'ownerId = :owner', values: { ':owner': scope.ownerId } } }
            : {}),
        };
  const found = await queryPage(store, { ...query, descending: !page.oldestFirst }, page.first, page.after);
  return { ...found, items: found.items.map(deliveryFromItem) };
}

/** The domain shape of a delivery item; a pending delivery's timer is when its next attempt is due. */
export function deliveryFromItem(item: Item): WebhookDelivery {
  const delivery = strip<WebhookDelivery>(item);
  const timerAt = item.timerAt;
  return delivery.status === 'PENDING' && typeof timerAt === 'string'
    ? { ...delivery, nextAttemptAt: timerAt }
    : delivery;
}

// ---- Subscription health ----

/** An attempt was answered with a 2xx: the failure count and time restart (no write when already clear). */
export async function recordEndpointAnswered(store: Store, subscriptionId: string): Promise<void> {
  await conditionalUpdate(store, keys.webhookSubscription(subscriptionId), {
    expression: 'SET consecutiveFailedDeliveries = :zero REMOVE failingSince',
    condition:
      'attribute_exists(PK) AND (attribute_exists(failingSince) OR consecutiveFailedDeliveries > :zero)',
    values: { ':zero': 0 },
  });
}

/**
 * An attempt failed: the endpoint has been failing since the first such attempt, and a delivery that
 * has FAILED counts one more in a row. The subscription as it is now; undefined when it was deleted.
 */
export async function recordEndpointFailed(
  store: Store,
  subscriptionId: string,
  at: Date,
  deliveryFailed: boolean,
): Promise<WebhookSubscriptionRecord | undefined> {
  const item = await conditionalUpdate(store, keys.webhookSubscription(subscriptionId), {
    expression: `SET failingSince = if_not_exists(failingSince, :at)${deliveryFailed ? ' ADD consecutiveFailedDeliveries :one' : ''}`,
    condition: 'attribute_exists(PK)',
    values: { ':at': at.toISOString(), ...(deliveryFailed ? { ':one': 1 } : {}) },
  });
  return item && withDefaults(strip<WebhookSubscriptionRecord>(item));
}

async function conditionalUpdate(
  store: Store,
  key: Key | DeliveryRef,
  update: { expression: string; condition: string; values: Item },
): Promise<Item | undefined> {
  const itemKey = 'PK' in key ? key : keys.webhookDelivery(key.subscriptionId, key.eventId);
  const usesStatus = `${update.expression} ${update.condition}`.includes('#status');
  try {
    const { Attributes } = await store.db.send(
      new UpdateItemCommand({
        TableName: store.tableName,
        Key: toAttributes(itemKey),
        UpdateExpression: update.expression,
        ConditionExpression: update.condition,
        ...(usesStatus ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
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

/** A FAILED or SKIPPED delivery as the local runtime's dead-letter list shows it (no body, no secret). */
export interface WebhookDeadLetter {
  subscriptionId: string;
  eventId: string;
  detailType: string;
  status: DeliveryStatus;
  failedAt?: string;
  attempts: number;
  failureReason?: string;
  lastAttempt?: Pick<DeliveryAttempt, 'at' | 'statusCode' | 'errorCategory' | 'error'>;
}

/** The most recent FAILED and SKIPPED deliveries of every subscription, newest first (at most `limit`). */
export async function webhookDeadLetters(store: Store, limit = 500): Promise<WebhookDeadLetter[]> {
  const page = await listUndelivered(store, {}, { first: limit });
  return page.items.map((d) => {
    const last = d.attempts.at(-1);
    return {
      subscriptionId: d.subscriptionId,
      eventId: d.eventId,
      detailType: d.detailType,
      status: d.status,
      failedAt: d.failedAt,
      attempts: d.attemptCount,
      failureReason: d.failureReason,
      lastAttempt: last && {
        at: last.at,
        statusCode: last.statusCode,
        errorCategory: last.errorCategory,
        error: last.error,
      },
    };
  });
}
