/**
 * Webhooks: integrators subscribe HTTPS endpoints to events, read the record of each delivery and the
 * failed ones, redeliver them, and enable a subscription that was disabled for failing.
 */

import { HOUR_MS, MINUTE_MS } from '../../services/shared/clock.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { ATTEMPT_ERROR_CATEGORIES } from '../../services/webhooks/attempt-errors.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../services/webhooks/backoff.ts';
import {
  DELIVERY_STATUSES,
  type DeliveryAttempt,
  DISABLE_REASONS,
  MAX_REDELIVERIES_PER_CALL,
  type Redelivery,
  SUBSCRIPTION_STATUSES,
  type WebhookDelivery,
  type WebhookSubscription,
} from '../../services/webhooks/model.ts';
import {
  findVisibleDelivery,
  findVisibleSubscription,
  listDeliveries,
  listFailedDeliveries,
  listWebhookSubscriptions,
} from '../../services/webhooks/queries.ts';
import type {
  BulkRedeliveryResult,
  EnableResult,
  RedeliveryResult,
} from '../../services/webhooks/redelivery.ts';
import { builder } from '../builder.ts';
import { type Context, callerOf, depsOf } from '../context.ts';
import { domainId, encodeGlobalId, idParts } from '../ids.ts';
import { lazy } from '../lazy.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { HasHistoryRef } from './history.ts';

// Loaded on a mutation's first call (graphql/commands.ts): the address policy and DNS checks stay out of a cold start.
const {
  createWebhookSubscription,
  deleteWebhookSubscription,
  enableWebhookSubscription,
  redeliverFailedDeliveries,
  redeliverWebhookDelivery,
} = lazy(() => import('../commands.ts'));

const webhookRoles = { $any: { supervisor: true, integrator: true } };

const WebhookSubscriptionRef = builder.objectRef<WebhookSubscription>('WebhookSubscription');

const SubscriptionStatusEnum = builder.enumType('WebhookSubscriptionStatus', {
  description: 'DISABLED: events are recorded as SKIPPED deliveries and not sent, until it is enabled.',
  values: SUBSCRIPTION_STATUSES,
});
const DisableReasonEnum = builder.enumType('WebhookDisableReason', {
  description:
    'FAILED_DELIVERIES: too many deliveries in a row FAILED. FAILING_TOO_LONG: no 2xx answer for too long.',
  values: DISABLE_REASONS,
});

builder.node(WebhookSubscriptionRef, {
  description: 'An endpoint that receives every event matching its pattern, signed with its secret.',
  interfaces: [HasHistoryRef],
  id: { resolve: (s) => s.id, parse: (id) => idParts(id, 'WebhookSubscription', 1)[0] as string },
  // An integrator sees only its own subscriptions; a supervisor, all.
  loadMany: (ids, ctx) =>
    Promise.all(
      ids.map(async (id) =>
        ctx.actor ? ((await findVisibleSubscription(ctx.store, ctx.actor, id)) ?? null) : null,
      ),
    ),
  fields: (t) => ({
    subscriptionId: t.exposeID('id', { description: 'The subscription’s own id.' }),
    url: t.exposeString('url'),
    eventPattern: t.exposeString('eventPattern', { description: 'The EventBridge event pattern, as JSON.' }),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (s) => s.createdAt }),
    createdBy: t.exposeString('createdBy', { description: 'The id of the user who subscribed.' }),
    status: t.field({ type: SubscriptionStatusEnum, resolve: (s) => s.status }),
    disabledAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.disabledAt ?? null }),
    disabledReason: t.field({
      type: DisableReasonEnum,
      nullable: true,
      resolve: (s) => s.disabledReason ?? null,
    }),
    consecutiveFailedDeliveries: t.exposeInt('consecutiveFailedDeliveries', {
      description: 'Deliveries in a row that FAILED; any 2xx answer resets it.',
    }),
    failingSince: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Since when no attempt has been answered with a 2xx; null while the endpoint answers.',
      resolve: (s) => s.failingSince ?? null,
    }),
  }),
});

const CreatePayloadRef = builder
  .objectRef<{ subscription: WebhookSubscription; secret: string }>('CreateWebhookSubscriptionPayload')
  .implement({
    fields: (t) => ({
      subscription: t.field({ type: WebhookSubscriptionRef, resolve: (p) => p.subscription }),
      secret: t.exposeString('secret', {
        description:
          'Shown once. Each delivery carries `x-clearwater-signature: sha256=<hex HMAC-SHA256 of the raw ' +
          'body keyed with this secret>`.',
      }),
    }),
  });

const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description:
    'PENDING: attempts are running. DELIVERED: a 2xx answer. FAILED: every attempt failed. SKIPPED: not sent, ' +
    'the subscription being disabled. FAILED and SKIPPED deliveries can be redelivered.',
  values: DELIVERY_STATUSES,
});

const AttemptErrorCategoryEnum = builder.enumType('WebhookAttemptErrorCategory', {
  description:
    'Why an attempt failed. HTTP_STATUS: the endpoint answered, not with a 2xx (see `statusCode`). ' +
    'ADDRESS_NOT_ALLOWED: the host is or resolves to a non-public address. URL_NOT_ALLOWED: the URL is ' +
    'refused by this runtime (e.g. http). The others are failures without an answer.',
  values: ATTEMPT_ERROR_CATEGORIES,
});

const RedeliveryRef = builder.objectRef<Redelivery>('WebhookRedelivery').implement({
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (r) => r.at }),
    by: t.exposeString('by', { description: 'The id of the user who redelivered.' }),
    afterAttempt: t.exposeInt('afterAttempt', { description: 'Attempts made before this sequence.' }),
  }),
});

const DeliveryAttemptRef = builder.objectRef<DeliveryAttempt>('WebhookDeliveryAttempt').implement({
  fields: (t) => ({
    number: t.exposeInt('number'),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
    statusCode: t.exposeInt('statusCode', { nullable: true }),
    errorCategory: t.field({
      type: AttemptErrorCategoryEnum,
      nullable: true,
      description: 'Null when the attempt was delivered.',
      resolve: (a) => a.errorCategory ?? null,
    }),
    error: t.exposeString('error', {
      nullable: true,
      description:
        'Why the attempt got no HTTP response, in our words (never the connection’s raw error): timeout, ' +
        'refused, TLS, DNS, or a URL refused at send time.',
    }),
    durationMs: t.exposeInt('durationMs'),
  }),
});

const WebhookDeliveryRef = builder.objectRef<WebhookDelivery>('WebhookDelivery');

builder.node(WebhookDeliveryRef, {
  description: `One event sent to one subscription: up to ${MAX_ATTEMPTS} attempts until a 2xx response.`,
  id: {
    description: '`WebhookDelivery:<subscriptionId>:<eventId>`.',
    resolve: (d) => `${d.subscriptionId}:${d.eventId}`,
    parse: (id) => idParts(id, 'WebhookDelivery', 2),
  },
  // Visible with its subscription.
  loadMany: (ids, ctx) =>
    Promise.all(
      ids.map(async ([subscriptionId, eventId]) =>
        ctx.actor
          ? ((await findVisibleDelivery(ctx.store, ctx.actor, subscriptionId as string, eventId as string)) ??
            null)
          : null,
      ),
    ),
  fields: (t) => ({
    subscriptionId: t.exposeID('subscriptionId'),
    eventId: t.exposeID('eventId'),
    source: t.exposeString('source'),
    detailType: t.exposeString('detailType'),
    status: t.field({ type: DeliveryStatusEnum, resolve: (d) => d.status }),
    attemptCount: t.exposeInt('attemptCount'),
    attempts: t.field({ type: [DeliveryAttemptRef], resolve: (d) => d.attempts }),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
    deliveredAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.deliveredAt ?? null }),
    failedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it became FAILED or SKIPPED.',
      resolve: (d) => d.failedAt ?? null,
    }),
    failureReason: t.exposeString('failureReason', {
      nullable: true,
      description: 'Why it ended without using its attempts (subscription deleted or disabled).',
    }),
    redeliveries: t.field({
      type: [RedeliveryRef],
      description: 'Each new attempt sequence started on this delivery, oldest first.',
      resolve: (d) => d.redeliveries ?? [],
    }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'While PENDING: when the next attempt is due.',
      resolve: (d) => d.nextAttemptAt ?? null,
    }),
  }),
});

const WebhookDeliveryConnectionRef = builder.connectionObject(
  { type: WebhookDeliveryRef, name: 'WebhookDeliveryConnection' },
  { name: 'WebhookDeliveryEdge' },
);

const CreateWebhookSubscriptionInput = builder.inputType('CreateWebhookSubscriptionInput', {
  fields: (t) => ({
    url: t.string({
      required: true,
      description:
        'An https URL without credentials, at most 2048 characters, whose host is (or resolves to) a public ' +
        'address — or one in the operator’s allowed ranges.',
    }),
    eventPattern: t.string({
      required: true,
      description:
        'An EventBridge event pattern as a JSON string, e.g. `{"source":["clearwater.deadlines"]}`.',
    }),
    description: t.string({ description: 'At most 500 characters.' }),
  }),
});

const duration = (ms: number) =>
  ms < MINUTE_MS ? `${ms / 1000} s` : ms < HOUR_MS ? `${ms / MINUTE_MS} min` : `${ms / HOUR_MS} h`;
const retries = RETRY_DELAYS_MS.map(duration).join(', ');

builder.queryFields((t) => ({
  webhookSubscriptions: t.withAuth(webhookRoles).field({
    type: [WebhookSubscriptionRef],
    description: 'Oldest first. An integrator sees the subscriptions it created; a supervisor sees all.',
    resolve: (_root, _args, ctx) => listWebhookSubscriptions(ctx.store, ctx.actor),
  }),
  webhookDeliveries: t.withAuth(webhookRoles).field({
    type: WebhookDeliveryConnectionRef,
    description: `Newest event first, of one status or all. Page size: default 50, at most 100. Retries after ${retries}.`,
    args: {
      subscriptionId: t.arg.id({ required: true, description: 'Global or plain (`subscriptionId`).' }),
      status: t.arg({ type: DeliveryStatusEnum, description: 'Only deliveries in this status.' }),
      ...forwardPageArgs,
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first, 'first', 100);
      const subscriptionId = domainId(args.subscriptionId, 'WebhookSubscription', 'subscriptionId');
      const status = args.status ?? undefined;
      return keyPage(await listDeliveries(ctx.store, ctx.actor, subscriptionId, first, args.after, status));
    },
  }),
  failedWebhookDeliveries: t.withAuth(webhookRoles).field({
    type: WebhookDeliveryConnectionRef,
    description:
      'FAILED and SKIPPED deliveries of every subscription the caller manages (an integrator: those it ' +
      'created; a supervisor: all), most recent failure first; a redelivered one leaves the list. ' +
      'Page size: default 50, at most 100.',
    args: { ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first, 'first', 100);
      return keyPage(await listFailedDeliveries(ctx.store, ctx.actor, first, args.after));
    },
  }),
}));

const RedeliverPayloadRef = builder.objectRef<RedeliveryResult>('RedeliverWebhookDeliveryPayload').implement({
  fields: (t) => ({
    delivery: t.field({ type: WebhookDeliveryRef, resolve: (p) => p.delivery }),
    started: t.exposeBoolean('started', {
      description:
        'True when this call started a new attempt sequence; false when the delivery was not FAILED or ' +
        'SKIPPED (already redelivered, or delivered): nothing changed.',
    }),
  }),
});

const BulkRedeliverPayloadRef = builder
  .objectRef<BulkRedeliveryResult>('RedeliverFailedWebhookDeliveriesPayload')
  .implement({
    fields: (t) => ({
      subscription: t.field({ type: WebhookSubscriptionRef, resolve: (p) => p.subscription }),
      redelivered: t.exposeInt('redelivered', { description: 'New attempt sequences started by this call.' }),
      remaining: t.exposeBoolean('remaining', {
        description: `More failed deliveries are left than one call starts (${MAX_REDELIVERIES_PER_CALL}): call again.`,
      }),
    }),
  });

const EnablePayloadRef = builder.objectRef<EnableResult>('EnableWebhookSubscriptionPayload').implement({
  fields: (t) => ({
    subscription: t.field({ type: WebhookSubscriptionRef, resolve: (p) => p.subscription }),
    enabled: t.exposeBoolean('enabled', {
      description: 'False when it was not disabled: nothing changed and no event was published.',
    }),
    redelivered: t.exposeInt('redelivered'),
    remaining: t.exposeBoolean('remaining'),
  }),
});

const redeliveryNote =
  'A redelivery is a new sequence of attempts (the usual retry schedule) on the same delivery record; its ' +
  'first attempt is made by the next deadline sweep (within a minute). A disabled subscription must be ' +
  'enabled first (CONFLICT, `reason` SUBSCRIPTION_DISABLED).';

builder.mutationFields((t) => ({
  redeliverWebhookDelivery: t.withAuth(webhookRoles).field({
    type: RedeliverPayloadRef,
    description: `Sends a FAILED or SKIPPED delivery again; idempotent. ${redeliveryNote} \`id\`: the delivery's global id.`,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const [subscriptionId, eventId] = idParts(domainId(id, 'WebhookDelivery'), 'WebhookDelivery', 2);
      return redeliverWebhookDelivery(webhookDeps(ctx), callerOf(ctx), {
        subscriptionId: subscriptionId as string,
        eventId: eventId as string,
      });
    },
  }),
  redeliverFailedWebhookDeliveries: t.withAuth(webhookRoles).field({
    type: BulkRedeliverPayloadRef,
    description: `Sends every FAILED and SKIPPED delivery of a subscription again, oldest first, up to ${MAX_REDELIVERIES_PER_CALL} a call. ${redeliveryNote}`,
    args: { subscriptionId: t.arg.id({ required: true, description: 'Global or plain.' }) },
    resolve: (_root, args, ctx) =>
      redeliverFailedDeliveries(
        webhookDeps(ctx),
        callerOf(ctx),
        domainId(args.subscriptionId, 'WebhookSubscription', 'subscriptionId'),
      ),
  }),
  enableWebhookSubscription: t.withAuth(webhookRoles).field({
    type: EnablePayloadRef,
    description:
      'Enables a subscription that was disabled for failing (its owner or a supervisor); events are sent ' +
      'again from now on. `redeliver: true` also redelivers its FAILED and SKIPPED deliveries (as ' +
      '`redeliverFailedWebhookDeliveries`). Enabling an active subscription changes nothing.',
    args: { id: t.arg.id({ required: true, description: 'Global or plain.' }), redeliver: t.arg.boolean() },
    resolve: (_root, args, ctx) =>
      enableWebhookSubscription(webhookDeps(ctx), callerOf(ctx), domainId(args.id, 'WebhookSubscription'), {
        redeliver: args.redeliver ?? false,
      }),
  }),
  createWebhookSubscription: t.withAuth(webhookRoles).field({
    type: CreatePayloadRef,
    description:
      'Subscribes an endpoint to the events its pattern matches. The secret is returned only here.',
    args: { input: t.arg({ type: CreateWebhookSubscriptionInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createWebhookSubscription(webhookDeps(ctx), callerOf(ctx), {
        url: input.url,
        eventPattern: input.eventPattern,
        description: input.description ?? undefined,
      }),
  }),
  deleteWebhookSubscription: t.withAuth(webhookRoles).field({
    type: 'ID',
    description:
      'Deletes a subscription and returns its global id. Its delivery records are kept. `id`: global or plain.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) =>
      encodeGlobalId(
        'WebhookSubscription',
        await deleteWebhookSubscription(webhookDeps(ctx), callerOf(ctx), domainId(id, 'WebhookSubscription')),
      ),
  }),
}));

function webhookDeps(ctx: Context) {
  return { ...depsOf(ctx), allowInsecureLocalhost: ctx.allowInsecureLocalhost, resolveHost: ctx.resolveHost };
}
