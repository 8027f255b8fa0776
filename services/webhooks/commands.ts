/**
 * What supervisors and integrators change about webhooks: subscribe an endpoint (whose URL must lead to a
 * public address, checked with DNS) and delete a subscription; redelivery and enabling are in
 * `redelivery.ts`, the reads in `queries.ts`. Writes commit with their audit entry in one transaction. An
 * integrator manages only the subscriptions it created; a supervisor manages all of them. The GraphQL
 * resolvers load this module on first use (graphql/commands.ts): the address checks stay out of a cold start.
 */
import { authorize } from '../shared/auth/policy.ts';
import type { Clock } from '../shared/clock.ts';
import type { Caller } from '../shared/commands/kit.ts';
import { BadUserInputError, NotFoundError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import type { HostResolver } from '../shared/outbound.ts';
import type { Settings } from '../shared/settings.ts';
import type { Store } from '../shared/store/client.ts';
import { keys } from '../shared/store/keys.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import { parseInput } from '../shared/validation.ts';
import { canManageWebhooks } from './access.ts';
import { resolveDestination } from './destination.ts';
import {
  createWebhookSubscriptionInput,
  type WebhookSubscription,
  type WebhookSubscriptionRecord,
} from './model.ts';
import { loadVisible } from './queries.ts';
import { subscriptionItem, withoutSecret } from './repository.ts';
import { newWebhookSecret } from './signature.ts';

export interface WebhookCommandDeps {
  store: Store;
  clock: Clock;
  settings?: Settings;
  /** DNS for the URL check; absent = the system resolver. */
  resolveHost?: HostResolver;
  /** Local runtime only: http://localhost and http://127.0.0.1 endpoints (and loopback) are accepted. */
  allowInsecureLocalhost?: boolean;
}

const ENTITY = 'WebhookSubscription';

export interface CreatedWebhookSubscription {
  subscription: WebhookSubscription;
  /** Returned here only: it signs every delivery, and no query exposes it again. */
  secret: string;
}

export async function createWebhookSubscription(
  deps: WebhookCommandDeps,
  ctx: Caller,
  raw: unknown,
): Promise<CreatedWebhookSubscription> {
  authorize(ctx.actor, canManageWebhooks, {});
  const input = parseInput(createWebhookSubscriptionInput(deps), raw);
  // Where the URL leads, now; it is checked again at every send (DNS can change).
  const destination = await resolveDestination(deps, input.url);
  if (!destination.ok) throw new BadUserInputError([{ field: 'input.url', message: destination.problem }]);
  const now = deps.clock.now();
  const record: WebhookSubscriptionRecord = {
    id: newId(now),
    url: input.url,
    eventPattern: input.eventPattern,
    description: input.description || undefined,
    createdAt: now.toISOString(),
    createdBy: ctx.actor.id,
    createdByUnitId: ctx.actor.unitId,
    version: 1,
    status: 'ACTIVE',
    consecutiveFailedDeliveries: 0,
    secret: newWebhookSecret(),
  };
  const work = new UnitOfWork({ ...ctx, now });
  work.put(subscriptionItem(record), { expression: 'attribute_not_exists(PK)' });
  work.audit({
    entityType: ENTITY,
    entityId: record.id,
    action: 'CREATE',
    summary: `Subscribed ${record.url} to ${record.eventPattern}`,
    changes: { url: record.url, eventPattern: record.eventPattern, description: record.description },
  });
  await work.commit(deps.store);
  return { subscription: withoutSecret(record), secret: record.secret };
}

/** Deletes the subscription. Its deliveries stay for the record; pending ones are given up when next due. */
export async function deleteWebhookSubscription(
  deps: WebhookCommandDeps,
  ctx: Caller,
  id: string,
): Promise<string> {
  const subscription = await loadVisible(deps.store, ctx.actor, id);
  const now = deps.clock.now();
  const work = new UnitOfWork({ ...ctx, now });
  work.delete(keys.webhookSubscription(id), {
    expression: 'attribute_exists(PK)',
    onFailed: () => new NotFoundError(ENTITY, id),
  });
  work.audit({
    entityType: ENTITY,
    entityId: id,
    action: 'DELETE',
    summary: `Unsubscribed ${subscription.url}`,
    changes: { url: subscription.url, eventPattern: subscription.eventPattern },
  });
  await work.commit(deps.store);
  return id;
}
