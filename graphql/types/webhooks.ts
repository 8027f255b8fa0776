/** Webhooks: integrators subscribe HTTPS endpoints to events and read the record of each delivery. */

import { HOUR_MS, MINUTE_MS } from '../../services/shared/clock.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../services/webhooks/backoff.ts';
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
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
import { forwardOnly, keyPage } from '../pagination.ts';
import { HasHistoryRef } from './history.ts';

const webhookRoles = { $any: { supervisor: true, integrator: true } };

const WebhookSubscriptionRef = builder.objectRef<WebhookSubscription>('WebhookSubscription').implement({
  description: 'An endpoint that receives every event matching its pattern, signed with its secret.',
  interfaces: [HasHistoryRef],
  fields: (t) => ({
    id: t.exposeID('id'),
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

const WebhookDeliveryRef = builder.objectRef<WebhookDelivery>('WebhookDelivery').implement({
  description: `One event sent to one subscription: up to ${MAX_ATTEMPTS} attempts until a 2xx response.`,
  fields: (t) => ({
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
  webhookDeliveries: t.withAuth(webhookRoles).connection(
    {
      type: WebhookDeliveryRef,
      description: `Newest event first. Page size: default 50, at most 100. Retries after ${retries}.`,
      args: { subscriptionId: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        forwardOnly(args);
        const first = pageSize(args.first, 'first', 100);
        return keyPage(
          await listDeliveries(ctx.store, ctx.actor, String(args.subscriptionId), first, args.after),
        );
      },
    },
    { name: 'WebhookDeliveryConnection' },
    { name: 'WebhookDeliveryEdge' },
  ),
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
    description: 'Deletes a subscription and returns its id. Its delivery records are kept.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => deleteWebhookSubscription(webhookDeps(ctx), callerOf(ctx), String(id)),
  }),
}));

function webhookDeps(ctx: Context) {
  return { ...depsOf(ctx), allowInsecureLocalhost: ctx.allowInsecureLocalhost };
}
