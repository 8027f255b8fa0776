/**
 * Webhook delivery against DynamoDB Local and a real HTTP endpoint on 127.0.0.1: dispatch, signing,
 * idempotency on the event id, claimed attempts, retries on the backoff schedule, giving up.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import type { DueTimerItem } from '../../services/shared/deadlines/timer.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { queryAll } from '../../services/shared/store/query.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../services/webhooks/backoff.ts';
import { createWebhookSubscription, deleteWebhookSubscription } from '../../services/webhooks/commands.ts';
import { retryWebhookDelivery } from '../../services/webhooks/deliver.ts';
import { webhookDispatch } from '../../services/webhooks/dispatch.ts';
import { getDelivery, listDeliveries } from '../../services/webhooks/repository.ts';
import { busEvent } from '../support/events.ts';
import { createTestStore } from '../support/store.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real endpoint: records every request and answers with `respond()`'s status. */
async function startReceiver(respond: () => number = () => 200) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = respond();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/clearwater`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Statuses to answer in turn, then 200. */
const inTurn =
  (...statuses: number[]) =>
  () =>
    statuses.shift() ?? 200;

const overdue = (clock: FixedClock) =>
  busEvent(clock, 'clearwater.deadlines', 'MilestoneOverdue', { taskId: 'yanhu-2020:6', unitIds: ['hbj'] });

const supervisorActor: Actor = { kind: 'USER', id: 'sup-1', name: 'District office', roles: ['SUPERVISOR'] };
const supervisor = { actor: supervisorActor, correlationId: 'test' };

describe('webhook delivery', () => {
  let store: Store;
  let clock: FixedClock;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  const deps = () => ({ store, clock, fetch, allowInsecureLocalhost: true });

  beforeEach(async () => {
    store = await createTestStore('webhooks');
    clock = new FixedClock(new Date('2020-04-30T16:00:00.000Z'));
  });

  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  async function subscribe(respond?: () => number, pattern: object = { source: ['clearwater.deadlines'] }) {
    receiver = await startReceiver(respond);
    return createWebhookSubscription({ store, clock, allowInsecureLocalhost: true }, supervisor, {
      url: receiver.url,
      eventPattern: JSON.stringify(pattern),
    });
  }

  /** What the deadline sweeper does: read the due timers, hand each WebhookDelivery to its handler. */
  async function dueDeliveries(): Promise<DueTimerItem[]> {
    const due = await queryAll<DueTimerItem>(store, {
      index: 'Timers',
      partition: 'TIMER',
      atMost: clock.now().toISOString(),
    });
    return due.filter((item) => item.timerKind === 'WebhookDelivery');
  }

  async function timersLeft(): Promise<unknown[]> {
    return queryAll(store, { index: 'Timers', partition: 'TIMER' });
  }

  it('POSTs a matching event once: the event JSON, signed with the subscription secret', async () => {
    const { subscription, secret } = await subscribe();
    const event = overdue(clock);

    await webhookDispatch(event, deps());

    expect(receiver?.received).toHaveLength(1);
    const [request] = receiver?.received ?? [];
    expect(request?.body).toBe(JSON.stringify(event));
    expect(JSON.parse(request?.body ?? '')).toEqual(event);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toBe('Clearwater-Webhooks/1');
    expect(request?.headers['x-clearwater-event-id']).toBe(event.detail.metadata.eventId);
    const mac = createHmac('sha256', secret)
      .update(request?.body ?? '')
      .digest('hex');
    expect(request?.headers['x-clearwater-signature']).toBe(`sha256=${mac}`);

    const delivery = await getDelivery(store, subscription.id, event.detail.metadata.eventId);
    expect(delivery).toMatchObject({
      status: 'DELIVERED',
      source: 'clearwater.deadlines',
      detailType: 'MilestoneOverdue',
      body: request?.body,
      attemptCount: 1,
      attempts: [{ number: 1, at: clock.now().toISOString(), statusCode: 200 }],
      deliveredAt: clock.now().toISOString(),
    });
    expect(delivery?.nextAttemptAt).toBeUndefined();
    expect(await timersLeft()).toEqual([]);
  });

  it('sends nothing and records nothing for an event the pattern does not match', async () => {
    const { subscription } = await subscribe(undefined, {
      source: ['clearwater.deadlines'],
      'detail-type': ['MilestoneEscalated'],
    });

    await webhookDispatch(overdue(clock), deps());
    await webhookDispatch(
      busEvent(clock, 'clearwater.plan', 'PlanImported', { planId: 'yanhu-2020' }),
      deps(),
    );

    expect(receiver?.received).toEqual([]);
    expect((await listDeliveries(store, subscription.id, 10)).items).toEqual([]);
  });

  it('delivers an event dispatched more than once (at-least-once bus) exactly once', async () => {
    const { subscription } = await subscribe();
    const event = overdue(clock);

    await Promise.all([webhookDispatch(event, deps()), webhookDispatch(event, deps())]);
    await webhookDispatch(structuredClone(event), deps());

    expect(receiver?.received).toHaveLength(1);
    const page = await listDeliveries(store, subscription.id, 10);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ status: 'DELIVERED', attemptCount: 1 });
  });

  it('retries an endpoint that fails twice on the backoff schedule until it is delivered', async () => {
    const { subscription } = await subscribe(inTurn(500, 500));
    const event = overdue(clock);
    const eventId = event.detail.metadata.eventId;
    const start = clock.now().getTime();

    await webhookDispatch(event, deps());
    expect(await getDelivery(store, subscription.id, eventId)).toMatchObject({
      status: 'PENDING',
      attempts: [{ number: 1, statusCode: 500 }],
      nextAttemptAt: new Date(start + 30_000).toISOString(),
    });
    clock.advance(29_000);
    expect(await dueDeliveries()).toEqual([]);

    clock.advance(1_000);
    const [firstRetry] = await dueDeliveries();
    expect(await retryWebhookDelivery(firstRetry as DueTimerItem, deps())).toBe(1);
    expect(await getDelivery(store, subscription.id, eventId)).toMatchObject({
      status: 'PENDING',
      attemptCount: 2,
      nextAttemptAt: new Date(clock.now().getTime() + 120_000).toISOString(),
    });

    clock.advance(120_000);
    const [secondRetry] = await dueDeliveries();
    expect(await retryWebhookDelivery(secondRetry as DueTimerItem, deps())).toBe(1);

    expect(receiver?.received).toHaveLength(3);
    const delivery = await getDelivery(store, subscription.id, eventId);
    expect(delivery?.status).toBe('DELIVERED');
    expect(delivery?.deliveredAt).toBe(clock.now().toISOString());
    expect(delivery?.attempts.map((a) => [a.number, a.statusCode, Date.parse(a.at) - start])).toEqual([
      [1, 500, 0],
      [2, 500, 30_000],
      [3, 200, 150_000],
    ]);
    expect(await timersLeft()).toEqual([]);
    // Every attempt sent the same signed bytes.
    expect(new Set(receiver?.received.map((r) => r.headers['x-clearwater-signature'])).size).toBe(1);
  });

  it('makes one attempt when two sweeps pick up the same due delivery at once', async () => {
    const { subscription } = await subscribe(inTurn(500));
    const event = overdue(clock);
    await webhookDispatch(event, deps());
    clock.advance(30_000);
    const [due] = await dueDeliveries();

    const fired = await Promise.all([
      retryWebhookDelivery(due as DueTimerItem, deps()),
      retryWebhookDelivery(structuredClone(due) as DueTimerItem, deps()),
    ]);

    expect(fired.sort()).toEqual([0, 1]);
    expect(receiver?.received).toHaveLength(2);
    const delivery = await getDelivery(store, subscription.id, event.detail.metadata.eventId);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attemptCount: 2 });
    expect(delivery?.attempts).toHaveLength(2);
    // The loser's stale read cannot claim a later attempt either.
    expect(await retryWebhookDelivery(due as DueTimerItem, deps())).toBe(0);
  });

  it(`gives up as FAILED after ${MAX_ATTEMPTS} attempts at an endpoint that always fails`, async () => {
    const { subscription } = await subscribe(() => 503);
    const event = overdue(clock);
    const start = clock.now().getTime();
    await webhookDispatch(event, deps());

    for (const delay of RETRY_DELAYS_MS) {
      clock.advance(delay);
      const due = await dueDeliveries();
      expect(due).toHaveLength(1);
      expect(await retryWebhookDelivery(due[0] as DueTimerItem, deps())).toBe(1);
    }

    expect(receiver?.received).toHaveLength(MAX_ATTEMPTS);
    const delivery = await getDelivery(store, subscription.id, event.detail.metadata.eventId);
    expect(delivery?.status).toBe('FAILED');
    expect(delivery?.attemptCount).toBe(MAX_ATTEMPTS);
    expect(delivery?.attempts.map((a) => a.statusCode)).toEqual(Array(MAX_ATTEMPTS).fill(503));
    const offsets = delivery?.attempts.map((a) => Date.parse(a.at) - start);
    expect(offsets).toEqual([0, 30_000, 150_000, 750_000, 4_350_000, 25_950_000, 112_350_000]);
    expect(delivery?.deliveredAt).toBeUndefined();
    expect(await timersLeft()).toEqual([]);
    clock.advance(RETRY_DELAYS_MS.at(-1) as number);
    expect(await dueDeliveries()).toEqual([]);
  });

  it('records a refused connection as an error without a status code, and retries it', async () => {
    const { subscription } = await subscribe();
    await receiver?.close(); // nothing listens on the subscription's port any more
    receiver = undefined;
    const event = overdue(clock);

    await webhookDispatch(event, deps());

    const delivery = await getDelivery(store, subscription.id, event.detail.metadata.eventId);
    expect(delivery?.status).toBe('PENDING');
    expect(delivery?.attempts[0]?.statusCode).toBeUndefined();
    expect(delivery?.attempts[0]?.error).toMatch(/ECONNREFUSED/);
    expect(delivery?.attempts[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('gives up a pending delivery without sending once its subscription is deleted', async () => {
    const { subscription } = await subscribe(inTurn(500));
    const event = overdue(clock);
    await webhookDispatch(event, deps());
    await deleteWebhookSubscription({ store, clock }, supervisor, subscription.id);
    clock.advance(30_000);
    const [due] = await dueDeliveries();

    expect(await retryWebhookDelivery(due as DueTimerItem, deps())).toBe(0);

    expect(receiver?.received).toHaveLength(1);
    const delivery = await getDelivery(store, subscription.id, event.detail.metadata.eventId);
    expect(delivery).toMatchObject({ status: 'FAILED', failureReason: 'the subscription was deleted' });
    expect(await timersLeft()).toEqual([]);
  });

  it('does not call a localhost URL from a runtime that does not allow it', async () => {
    const { subscription } = await subscribe();
    const event = overdue(clock);

    await webhookDispatch(event, { ...deps(), allowInsecureLocalhost: false });

    expect(receiver?.received).toEqual([]);
    const delivery = await getDelivery(store, subscription.id, event.detail.metadata.eventId);
    expect(delivery?.attempts[0]?.error).toBe('not sent: the URL must use https');
  });
});
