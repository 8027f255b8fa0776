/** Webhooks: integrators subscribe HTTPS endpoints to events and read the record of each delivery. */

import { HOUR_MS, MINUTE_MS } from '../../services/shared/clock.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../services/webhooks/backoff.ts';
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  findVisibleDelivery,
  findVisibleSubscription,
  listDeliveries,
  listWebhookSubscriptions,
} from '../../services/webhooks/commands.ts';
import {
  DELIVERY_STATUSES,
  type DeliveryAttempt,
  type WebhookDelivery,
  type WebhookSubscription,
} from '../../services/webhooks/model.ts';
import { builder } from '../builder.ts';
import { type Context, callerOf, depsOf } from '../context.ts';
import { domainId, encodeGlobalId, idParts } from '../ids.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { HasHistoryRef } from './history.ts';

const webhookRoles = { $any: { supervisor: true, integrator: true } };

const WebhookSubscriptionRef = builder.objectRef<WebhookSubscription>('WebhookSubscription');

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

const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', { values: DELIVERY_STATUSES });

const DeliveryAttemptRef = builder.objectRef<DeliveryAttempt>('WebhookDeliveryAttempt').implement({
  fields: (t) => ({
    number: t.exposeInt('number'),
    at: t.field({ type: 'DateTime', resolve: (a) => a.at }),
    statusCode: t.exposeInt('statusCode', { nullable: true }),
    error: t.exposeString('error', {
      nullable: true,
      description:
        'Why the attempt got no HTTP response: network error, timeout, or a URL refused at send time.',
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
      description: 'An https URL without credentials, at most 2048 characters.',
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
    description: `Newest event first. Page size: default 50, at most 100. Retries after ${retries}.`,
    args: {
      subscriptionId: t.arg.id({ required: true, description: 'Global or plain (`subscriptionId`).' }),
      ...forwardPageArgs,
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first, 'first', 100);
      const subscriptionId = domainId(args.subscriptionId, 'WebhookSubscription', 'subscriptionId');
      return keyPage(await listDeliveries(ctx.store, ctx.actor, subscriptionId, first, args.after));
    },
  }),
}));

builder.mutationFields((t) => ({
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
  return { ...depsOf(ctx), allowInsecureLocalhost: ctx.allowInsecureLocalhost };
}
