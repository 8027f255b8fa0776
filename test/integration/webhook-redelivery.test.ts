/**
 * What happens to deliveries that do not arrive, against DynamoDB Local: they are listed (and in the
 * local dead letters), redelivered once however often it is asked, and a subscription that keeps
 * failing is disabled (its events SKIPPED, not sent) until its owner enables it again.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import type { DueTimerItem } from '../../services/shared/deadlines/timer.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { keys } from '../../services/shared/store/keys.ts';
import { queryAll } from '../../services/shared/store/query.ts';
import { ATTEMPT_LEASE_MS, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../services/webhooks/backoff.ts';
import { createWebhookSubscription } from '../../services/webhooks/commands.ts';
import { retryWebhookDelivery } from '../../services/webhooks/deliver.ts';
import { webhookDispatch } from '../../services/webhooks/dispatch.ts';
import { MAX_REDELIVERIES_PER_CALL } from '../../services/webhooks/model.ts';
import { listDeliveries, listFailedDeliveries } from '../../services/webhooks/queries.ts';
import {
  enableWebhookSubscription,
  redeliverFailedDeliveries,
  redeliverWebhookDelivery,
} from '../../services/webhooks/redelivery.ts';
import {
  claimAttempt,
  getDelivery,
  getSubscription,
  recordAttempt,
  recordSkippedDelivery,
  webhookDeadLetters,
} from '../../services/webhooks/repository.ts';
import { answeringSender, fakeDns } from '../support/dns.ts';
import { busEvent } from '../support/events.ts';
import { committedEvents } from '../support/outbox.ts';
import { createTestStore } from '../support/store.ts';

const caller = (actor: Actor) => ({ actor, correlationId: 'test' });
const police = caller({ kind: 'USER', id: 'police-1', unitId: 'yanhu-police', roles: ['INTEGRATOR'] });
const sms = caller({ kind: 'USER', id: 'sms-1', roles: ['INTEGRATOR'] });
const supervisor = caller({ kind: 'USER', id: 'sup-1', unitId: 'yanhu-gov-office', roles: ['SUPERVISOR'] });

// Each test runs a delivery through its whole retry schedule: minutes, not seconds, on a loaded machine.
describe('Undelivered webhooks', { timeout: 120_000 }, () => {
  let store: Store;
  let clock: FixedClock;
  /** The status every endpoint answers, changed by the tests. */
  let answer: number;
  let sender: ReturnType<typeof answeringSender>;
  let settings: Record<string, unknown>;
  const deps = () => ({ store, clock, resolveHost: fakeDns(), sendHttp: sender, settings });

  beforeEach(async () => {
    store = await createTestStore('webhook-redelivery');
    clock = new FixedClock(new Date('2020-04-30T16:00:00.000Z'));
    answer = 503;
    sender = answeringSender(() => answer);
    settings = {};
  });

  async function subscribe(who = police, path = 'in') {
    const { subscription } = await createWebhookSubscription(deps(), who, {
      url: `https://platform.example.gov.cn/${path}`,
      eventPattern: '{"source":["clearwater.deadlines"]}',
    });
    return subscription;
  }

  async function dispatch(): Promise<string> {
    const event = busEvent(clock, 'clearwater.deadlines', 'MilestoneOverdue', { taskId: 'yanhu-2020:6' });
    await webhookDispatch(event, deps());
    clock.advance(1);
    return event.detail.metadata.eventId;
  }

  /** What the sweeper does for webhook timers due now. */
  async function sweepDeliveries(): Promise<number> {
    const due = await queryAll<DueTimerItem>(store, {
      index: 'Timers',
      partition: 'TIMER',
      atMost: clock.now().toISOString(),
    });
    let fired = 0;
    for (const item of due.filter((i) => i.timerKind === 'WebhookDelivery')) {
      fired += await retryWebhookDelivery(item, deps());
    }
    return fired;
  }

  /** Runs every retry of the schedule: a delivery to a failing endpoint ends FAILED. */
  async function runRetries(): Promise<void> {
    for (const delay of RETRY_DELAYS_MS) {
      clock.advance(delay);
      await sweepDeliveries();
    }
  }

  async function failedDelivery(who = police) {
    const subscription = await subscribe(who);
    const eventId = await dispatch();
    await runRetries();
    return { subscription, eventId };
  }

  it(`lists a delivery that FAILED after ${MAX_ATTEMPTS} attempts, to its owner and the supervisor, and as a dead letter`, async () => {
    const subscription = await subscribe(police);
    const other = await subscribe(sms);
    const eventId = await dispatch();
    await runRetries();

    const delivery = await getDelivery(store, subscription.id, eventId);
    expect(delivery).toMatchObject({
      status: 'FAILED',
      attemptCount: MAX_ATTEMPTS,
      failedAt: expect.any(String),
    });
    const refs = (page: { items: { subscriptionId: string }[] }) => page.items.map((d) => d.subscriptionId);
    const ids = (page: { items: { eventId: string }[] }) => page.items.map((d) => d.eventId);
    expect(refs(await listFailedDeliveries(store, police.actor, 10))).toEqual([subscription.id]);
    expect(refs(await listFailedDeliveries(store, sms.actor, 10))).toEqual([other.id]);
    expect(refs(await listFailedDeliveries(store, supervisor.actor, 10)).sort()).toEqual(
      [subscription.id, other.id].sort(),
    );
    expect(ids(await listDeliveries(store, police.actor, subscription.id, 10, null, 'FAILED'))).toEqual([
      eventId,
    ]);
    expect(ids(await listDeliveries(store, police.actor, subscription.id, 10, null, 'DELIVERED'))).toEqual(
      [],
    );
    expect(await webhookDeadLetters(store)).toContainEqual({
      subscriptionId: subscription.id,
      eventId,
      detailType: 'MilestoneOverdue',
      status: 'FAILED',
      failedAt: delivery?.failedAt,
      attempts: MAX_ATTEMPTS,
      failureReason: undefined,
      lastAttempt: {
        at: delivery?.attempts.at(-1)?.at,
        statusCode: 503,
        errorCategory: 'HTTP_STATUS',
        error: undefined,
      },
    });
  });

  it('pages the failed deliveries with keyset cursors that ignore deliveries redelivered meanwhile', async () => {
    const subscription = await subscribe();
    const eventIds = [await dispatch(), await dispatch(), await dispatch()];
    await runRetries();

    const page1 = await listFailedDeliveries(store, police.actor, 1);
    await redeliverWebhookDelivery(deps(), police, {
      subscriptionId: subscription.id,
      eventId: eventIds[2] as string,
    });
    const page2 = await listFailedDeliveries(store, police.actor, 2, page1.next);

    expect(page1.items.map((d) => d.eventId)).toEqual([eventIds[2]]);
    expect(page2.items.map((d) => d.eventId)).toEqual([eventIds[1], eventIds[0]]);
    expect(page2.next).toBeUndefined();
  });

  it('redelivers a FAILED delivery once: a new sequence of attempts on the same record, audited', async () => {
    const { subscription, eventId } = await failedDelivery();
    const ref = { subscriptionId: subscription.id, eventId };
    clock.advance(3_600_000);

    const first = await redeliverWebhookDelivery(deps(), police, ref);
    const again = await redeliverWebhookDelivery(deps(), police, ref);

    expect(first).toMatchObject({
      started: true,
      delivery: { status: 'PENDING', nextAttemptAt: clock.now().toISOString(), sequenceStart: MAX_ATTEMPTS },
    });
    expect(again).toMatchObject({ started: false, delivery: { status: 'PENDING' } });
    expect((await listFailedDeliveries(store, police.actor, 10)).items).toEqual([]);
    expect(sender.sent).toHaveLength(MAX_ATTEMPTS);

    answer = 200;
    expect(await sweepDeliveries()).toBe(1);

    const delivery = await getDelivery(store, subscription.id, eventId);
    expect(delivery).toMatchObject({
      status: 'DELIVERED',
      attemptCount: MAX_ATTEMPTS + 1,
      redeliveries: [{ at: clock.now().toISOString(), by: 'police-1', afterAttempt: MAX_ATTEMPTS }],
    });
    expect(delivery?.attempts.at(-1)).toMatchObject({ number: MAX_ATTEMPTS + 1, statusCode: 200 });
    expect(delivery?.failedAt).toBeUndefined();
    const audit = await queryAll(store, {
      partition: keys.audit.partition('WebhookDelivery', `${subscription.id}:${eventId}`),
    });
    expect(audit.map((a) => [a.action, (a.actor as Actor).id])).toEqual([['REDELIVER', 'police-1']]);
    // Delivered: asking again changes nothing.
    expect(await redeliverWebhookDelivery(deps(), police, ref)).toMatchObject({ started: false });
  });

  it('starts one sequence when two redeliveries of the same delivery race', async () => {
    const { subscription, eventId } = await failedDelivery();
    const ref = { subscriptionId: subscription.id, eventId };

    const results = await Promise.all(
      Array.from({ length: 4 }, () => redeliverWebhookDelivery(deps(), police, ref)),
    );

    expect(results.filter((r) => r.started)).toHaveLength(1);
    expect((await getDelivery(store, subscription.id, eventId))?.redeliveries).toHaveLength(1);
    const due = await sweepDeliveries();
    expect(due).toBe(1);
  });

  it('keeps a worker that outlived its lease out of the sequence a redelivery started', async () => {
    const subscription = await subscribe();
    const eventId = await dispatch();
    const ref = { subscriptionId: subscription.id, eventId };
    for (const delay of RETRY_DELAYS_MS.slice(0, -1)) {
      clock.advance(delay);
      await sweepDeliveries();
    }
    clock.advance(RETRY_DELAYS_MS.at(-1) as number);
    // A worker claims the last attempt, then stalls past its lease; the sweeper gives the delivery up.
    const pending = await getDelivery(store, subscription.id, eventId);
    const stalled = await claimAttempt(
      store,
      ref,
      { attemptCount: MAX_ATTEMPTS - 1, timerAt: pending?.nextAttemptAt },
      new Date(clock.now().getTime() + ATTEMPT_LEASE_MS),
    );
    clock.advance(ATTEMPT_LEASE_MS);
    expect(await sweepDeliveries()).toBe(0);
    expect((await getDelivery(store, subscription.id, eventId))?.status).toBe('FAILED');
    await redeliverWebhookDelivery(deps(), police, ref);

    const late = await recordAttempt(
      store,
      ref,
      { number: MAX_ATTEMPTS, at: clock.now().toISOString(), statusCode: 503, durationMs: 1 },
      { status: 'FAILED' },
      stalled?.sequenceStart,
    );

    expect(late).toBe(false);
    expect(await getDelivery(store, subscription.id, eventId)).toMatchObject({
      status: 'PENDING',
      attemptCount: MAX_ATTEMPTS,
      sequenceStart: MAX_ATTEMPTS,
      attempts: expect.any(Array),
    });
    expect(await sweepDeliveries()).toBe(1);
  });

  it('retries a redelivery on the schedule from its start, and ends it FAILED after 7 more attempts', async () => {
    const { subscription, eventId } = await failedDelivery();
    await redeliverWebhookDelivery(deps(), police, { subscriptionId: subscription.id, eventId });
    await sweepDeliveries();
    const afterFirst = await getDelivery(store, subscription.id, eventId);
    expect(Date.parse(afterFirst?.nextAttemptAt as string) - clock.now().getTime()).toBe(RETRY_DELAYS_MS[0]);

    await runRetries();

    const delivery = await getDelivery(store, subscription.id, eventId);
    expect(delivery).toMatchObject({ status: 'FAILED', attemptCount: 2 * MAX_ATTEMPTS });
    expect(sender.sent).toHaveLength(2 * MAX_ATTEMPTS);
  });

  it('is NOT_FOUND to another integrator, and redelivers nothing', async () => {
    const { subscription, eventId } = await failedDelivery();
    await expect(
      redeliverWebhookDelivery(deps(), sms, { subscriptionId: subscription.id, eventId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(redeliverFailedDeliveries(deps(), sms, subscription.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await getDelivery(store, subscription.id, eventId))?.status).toBe('FAILED');
  });

  it(`redelivers every failed delivery of a subscription, ${MAX_REDELIVERIES_PER_CALL} a call, oldest first`, async () => {
    const subscription = await subscribe();
    const eventIds: string[] = [];
    for (let i = 0; i <= MAX_REDELIVERIES_PER_CALL; i++) {
      const eventId = `01E9000000000000000000${String(i).padStart(4, '0')}`;
      eventIds.push(eventId);
      clock.advance(1000);
      await recordSkippedDelivery(
        store,
        {
          subscriptionId: subscription.id,
          eventId,
          source: 'clearwater.deadlines',
          detailType: 'MilestoneOverdue',
          body: '{}',
          createdAt: clock.now().toISOString(),
          ownerId: 'police-1',
        },
        'the subscription is disabled',
      );
    }

    const first = await redeliverFailedDeliveries(deps(), police, subscription.id);
    const second = await redeliverFailedDeliveries(deps(), police, subscription.id);
    const third = await redeliverFailedDeliveries(deps(), police, subscription.id);

    expect([first.redelivered, first.remaining]).toEqual([MAX_REDELIVERIES_PER_CALL, true]);
    expect([second.redelivered, second.remaining]).toEqual([1, false]);
    expect([third.redelivered, third.remaining]).toEqual([0, false]);
    expect((await getDelivery(store, subscription.id, eventIds.at(-1) as string))?.status).toBe('PENDING');
    expect(await sweepDeliveries()).toBe(MAX_REDELIVERIES_PER_CALL + 1);
  });

  describe('a subscription that keeps failing', () => {
    it('is disabled after the set number of FAILED deliveries in a row, telling its owner’s unit', async () => {
      settings = { webhooks: { disableAfterFailedDeliveries: 2 } };
      const subscription = await subscribe();
      const eventIds = [await dispatch(), await dispatch(), await dispatch()];
      // The three reach their last attempt in the same sweep: two end FAILED and disable the
      // subscription; the third, whichever it is, is not attempted any more.
      await runRetries();

      const disabled = await getSubscription(store, subscription.id);
      expect(disabled).toMatchObject({
        status: 'DISABLED',
        disabledReason: 'FAILED_DELIVERIES',
        consecutiveFailedDeliveries: 2,
        version: 2,
      });
      const [event, ...more] = await committedEvents(store, 'WebhookSubscriptionDisabled');
      expect(more).toEqual([]);
      expect(event?.source).toBe('clearwater.webhooks');
      expect(event?.detail.data).toEqual({
        subscriptionId: subscription.id,
        url: subscription.url,
        ownerId: 'police-1',
        reason: 'FAILED_DELIVERIES',
        consecutiveFailedDeliveries: 2,
        failingSince: '2020-04-30T16:00:00.000Z',
        recipientUnitIds: ['yanhu-police'],
      });
      const audit = await queryAll(store, {
        partition: keys.audit.partition('WebhookSubscription', subscription.id),
      });
      expect(audit.map((a) => a.action)).toEqual(['CREATE', 'DISABLE']);
      const deliveries = await Promise.all(eventIds.map((id) => getDelivery(store, subscription.id, id)));
      const skipped = deliveries.filter((d) => d?.status === 'SKIPPED');
      expect(deliveries.map((d) => d?.status).sort()).toEqual(['FAILED', 'FAILED', 'SKIPPED']);
      expect(skipped[0]).toMatchObject({
        attemptCount: MAX_ATTEMPTS - 1,
        failureReason: 'the subscription is disabled',
      });
      expect(sender.sent).toHaveLength(3 * MAX_ATTEMPTS - 1);
      // Listed with the failed ones.
      expect((await listFailedDeliveries(store, police.actor, 10)).items.map((d) => d.status).sort()).toEqual(
        ['FAILED', 'FAILED', 'SKIPPED'],
      );
    });

    it('records new events as SKIPPED without sending them, and refuses redelivery until enabled', async () => {
      settings = { webhooks: { disableAfterFailedDeliveries: 1 } };
      const { subscription, eventId } = await failedDelivery();
      const sent = sender.sent.length;

      const skipped = await dispatch();

      expect(sender.sent).toHaveLength(sent);
      expect(await getDelivery(store, subscription.id, skipped)).toMatchObject({
        status: 'SKIPPED',
        attempts: [],
        failureReason: 'the subscription is disabled',
      });
      await expect(
        redeliverWebhookDelivery(deps(), police, { subscriptionId: subscription.id, eventId }),
      ).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'SUBSCRIPTION_DISABLED' } });
      await expect(redeliverFailedDeliveries(deps(), police, subscription.id)).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('is disabled when no attempt has had a 2xx for the set time, telling the supervisor when the owner has no unit', async () => {
      settings = { webhooks: { disableAfterFailingHours: 1 } };
      const subscription = await subscribe(sms);
      await dispatch();

      // Attempts at 0 s, 30 s, 2.5 min, 12.5 min, then 72.5 min: past the hour.
      for (const delay of RETRY_DELAYS_MS.slice(0, 3)) {
        clock.advance(delay);
        await sweepDeliveries();
        expect((await getSubscription(store, subscription.id))?.status).toBe('ACTIVE');
      }
      clock.advance(RETRY_DELAYS_MS[3] as number);
      await sweepDeliveries();

      expect(await getSubscription(store, subscription.id)).toMatchObject({
        status: 'DISABLED',
        disabledReason: 'FAILING_TOO_LONG',
        failingSince: '2020-04-30T16:00:00.000Z',
      });
      const [event] = await committedEvents(store, 'WebhookSubscriptionDisabled');
      expect(event?.detail.data).toMatchObject({
        reason: 'FAILING_TOO_LONG',
        recipientUnitIds: ['yanhu-gov-office'],
      });
    });

    it('starts counting afresh after any 2xx', async () => {
      settings = { webhooks: { disableAfterFailedDeliveries: 2 } };
      const { subscription } = await failedDelivery();
      expect(await getSubscription(store, subscription.id)).toMatchObject({
        consecutiveFailedDeliveries: 1,
        failingSince: '2020-04-30T16:00:00.000Z',
      });

      answer = 204;
      await dispatch();

      const healthy = await getSubscription(store, subscription.id);
      expect(healthy).toMatchObject({ status: 'ACTIVE', consecutiveFailedDeliveries: 0 });
      expect(healthy?.failingSince).toBeUndefined();
    });
  });

  describe('enabling', () => {
    async function disabledSubscription() {
      settings = { webhooks: { disableAfterFailedDeliveries: 1 } };
      const failed = await failedDelivery();
      const skipped = await dispatch();
      return { ...failed, skipped };
    }

    it('switches a disabled subscription on again, audited, with an event; events are sent again', async () => {
      const { subscription } = await disabledSubscription();
      answer = 200;

      const result = await enableWebhookSubscription(deps(), police, subscription.id);

      expect(result).toMatchObject({
        enabled: true,
        redelivered: 0,
        subscription: { status: 'ACTIVE', consecutiveFailedDeliveries: 0, version: 3 },
      });
      expect(result.subscription.failingSince).toBeUndefined();
      const [event] = await committedEvents(store, 'WebhookSubscriptionEnabled');
      expect(event?.detail.data).toMatchObject({ subscriptionId: subscription.id, ownerId: 'police-1' });
      expect(event?.detail.metadata.actor.id).toBe('police-1');
      const audit = await queryAll(store, {
        partition: keys.audit.partition('WebhookSubscription', subscription.id),
      });
      expect(audit.map((a) => a.action)).toEqual(['CREATE', 'DISABLE', 'ENABLE']);
      const next = await dispatch();
      expect((await getDelivery(store, subscription.id, next))?.status).toBe('DELIVERED');
    });

    it('with redeliver, also sends again what failed and what was skipped while disabled', async () => {
      const { subscription, eventId, skipped } = await disabledSubscription();

      const result = await enableWebhookSubscription(deps(), supervisor, subscription.id, {
        redeliver: true,
      });

      expect(result).toMatchObject({ enabled: true, redelivered: 2, remaining: false });
      answer = 200;
      expect(await sweepDeliveries()).toBe(2);
      for (const id of [eventId, skipped]) {
        expect((await getDelivery(store, subscription.id, id))?.status).toBe('DELIVERED');
      }
    });

    it('changes nothing on an active subscription, and is NOT_FOUND to another integrator', async () => {
      const { subscription } = await disabledSubscription();
      await expect(enableWebhookSubscription(deps(), sms, subscription.id)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await enableWebhookSubscription(deps(), police, subscription.id);

      const again = await enableWebhookSubscription(deps(), police, subscription.id);

      expect(again).toMatchObject({ enabled: false, subscription: { status: 'ACTIVE', version: 3 } });
      expect(await committedEvents(store, 'WebhookSubscriptionEnabled')).toHaveLength(1);
    });
  });
});
