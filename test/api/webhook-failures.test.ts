/**
 * The integrator's view of webhooks that do not arrive, over GraphQL: URLs that lead inside are refused,
 * failed deliveries are listed with the category of each attempt, redelivered (once), and a subscription
 * disabled for failing is enabled again by its owner.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import { indexKeys } from '../../services/shared/store/keys.ts';
import { queryAll } from '../../services/shared/store/query.ts';
import { RETRY_DELAYS_MS } from '../../services/webhooks/backoff.ts';
import { webhookDispatch } from '../../services/webhooks/dispatch.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { answeringSender, fakeDns } from '../support/dns.ts';
import { busEvent } from '../support/events.ts';

const settings = { webhooks: { disableAfterFailedDeliveries: 3 } };
const dns = fakeDns({
  'intranet.example.gov.cn': ['10.0.0.7'],
  'mixed.example.gov.cn': ['93.184.215.14', 'fd00::7'],
});

const CREATE = `mutation ($input: CreateWebhookSubscriptionInput!) {
  createWebhookSubscription(input: $input) { subscription { id subscriptionId status } }
}`;
const DELIVERY =
  'id eventId status attemptCount failedAt redeliveries { by afterAttempt } attempts { number statusCode errorCategory error }';
const FAILED = `query ($after: String) {
  failedWebhookDeliveries(first: 1, after: $after) { edges { node { ${DELIVERY} } } pageInfo { hasNextPage endCursor } }
}`;
const BY_STATUS = `query ($id: ID!, $status: WebhookDeliveryStatus) {
  webhookDeliveries(subscriptionId: $id, status: $status) { edges { node { eventId status } } }
}`;
const REDELIVER = `mutation ($id: ID!) { redeliverWebhookDelivery(id: $id) { started delivery { ${DELIVERY} nextAttemptAt } } }`;
const REDELIVER_ALL = `mutation ($id: ID!) {
  redeliverFailedWebhookDeliveries(subscriptionId: $id) { redelivered remaining subscription { id } }
}`;
const ENABLE = `mutation ($id: ID!, $redeliver: Boolean) {
  enableWebhookSubscription(id: $id, redeliver: $redeliver) {
    enabled redelivered subscription { status disabledAt disabledReason consecutiveFailedDeliveries failingSince }
  }
}`;
const SUBSCRIPTIONS = `query { webhookSubscriptions {
  id status disabledAt disabledReason consecutiveFailedDeliveries failingSince
} }`;

interface Delivery {
  id: string;
  eventId: string;
  status: string;
  attempts: {
    number: number;
    statusCode: number | null;
    errorCategory: string | null;
    error: string | null;
  }[];
}

// Each test runs a delivery through its whole retry schedule: minutes, not seconds, on a loaded machine.
describe('Webhooks that do not arrive, over the API', { timeout: 120_000 }, () => {
  let api: TestApi;
  let police: string;
  let sms: string;
  let officer: string;
  let subscriptionId: string;
  let id: string;
  const sender = answeringSender(() => 500);
  const outbound = () => ({
    store: api.store,
    clock: api.clock,
    settings,
    resolveHost: dns,
    sendHttp: sender,
  });

  beforeAll(async () => {
    api = await createTestApi({ label: 'webhook-failures', loadYanhu: false, settings, resolveHost: dns });
    police = await api.token('INTEGRATOR', 'yanhu-police');
    sms = await api.token('INTEGRATOR', 'sms-gateway');
    officer = await api.token('UNIT_OFFICER', 'hbj');
    const created = await api.gql<{
      createWebhookSubscription: { subscription: { id: string; subscriptionId: string } };
    }>(
      CREATE,
      {
        input: {
          url: 'https://police.example.gov.cn/in',
          eventPattern: '{"source":["clearwater.deadlines"]}',
        },
      },
      police,
    );
    ({ id, subscriptionId } = created.data?.createWebhookSubscription.subscription ?? ({} as never));
  });

  /** An event sent to a failing endpoint until its attempts run out. */
  async function failedEvent(): Promise<string> {
    const event = busEvent(api.clock, 'clearwater.deadlines', 'MilestoneOverdue', { taskId: 'yanhu-2020:6' });
    await webhookDispatch(event, outbound());
    for (const delay of RETRY_DELAYS_MS) {
      api.clock.advance(delay);
      await sweep(outbound(), deadlineKinds);
    }
    return event.detail.metadata.eventId;
  }

  it.each([
    ['https://intranet.example.gov.cn/in', 'resolves to a non-public address (private)'],
    ['https://mixed.example.gov.cn/in', 'resolves to a non-public address (uniqueLocal)'],
    ['https://169.254.169.254/latest/meta-data', 'is a non-public address (linkLocal)'],
    ['https://[::ffff:10.0.0.1]/', 'is a non-public address (ipv4Mapped(private))'],
    ['https://user@police.example.gov.cn/in', 'must not contain credentials'],
  ])('refuses to subscribe %s: %s', async (url, message) => {
    const before = await queryAll(api.store, { index: 'GSI1', partition: indexKeys.webhookList.partition() });

    const response = await api.gql(
      CREATE,
      { input: { url, eventPattern: '{"source":["clearwater.plan"]}' } },
      police,
    );

    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'input.url', message }],
    });
    const after = await queryAll(api.store, { index: 'GSI1', partition: indexKeys.webhookList.partition() });
    expect(after).toHaveLength(before.length);
  });

  it('lists failed deliveries with each attempt’s category, to their owner only, and redelivers one once', async () => {
    const older = await failedEvent();
    const newer = await failedEvent();

    const page1 = await api.gql<{
      failedWebhookDeliveries: {
        edges: { node: Delivery }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    }>(FAILED, {}, police);
    const list = page1.data?.failedWebhookDeliveries;
    const page2 = await api.gql<typeof page1.data>(FAILED, { after: list?.pageInfo.endCursor }, police);
    const mine = await api.gql<{ webhookDeliveries: { edges: { node: Delivery }[] } }>(
      BY_STATUS,
      { id, status: 'FAILED' },
      police,
    );

    expect(list?.edges.map((e) => e.node.eventId)).toEqual([newer]);
    expect(list?.pageInfo.hasNextPage).toBe(true);
    expect(page2.data?.failedWebhookDeliveries.edges.map((e) => e.node.eventId)).toEqual([older]);
    expect(list?.edges[0]?.node).toMatchObject({
      id: `WebhookDelivery:${subscriptionId}:${newer}`,
      status: 'FAILED',
      attemptCount: 7,
      failedAt: expect.any(String),
    });
    expect(list?.edges[0]?.node.attempts.at(-1)).toEqual({
      number: 7,
      statusCode: 500,
      errorCategory: 'HTTP_STATUS',
      error: null,
    });
    expect(mine.data?.webhookDeliveries.edges.map((e) => e.node.eventId)).toEqual([newer, older]);
    const theirs = await api.gql<typeof page1.data>(FAILED, {}, sms);
    expect(theirs.data?.failedWebhookDeliveries.edges).toEqual([]);

    const deliveryId = `WebhookDelivery:${subscriptionId}:${older}`;
    const forbidden = await api.gql(REDELIVER, { id: deliveryId }, officer);
    const hidden = await api.gql(REDELIVER, { id: deliveryId }, sms);
    const anonymous = await api.gql(REDELIVER, { id: deliveryId });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const redelivered = await api.gql<{
      redeliverWebhookDelivery: { started: boolean; delivery: Record<string, unknown> };
    }>(REDELIVER, { id: deliveryId }, police);
    const again = await api.gql<typeof redelivered.data>(REDELIVER, { id: deliveryId }, police);
    expect(redelivered.data?.redeliverWebhookDelivery).toMatchObject({
      started: true,
      delivery: {
        status: 'PENDING',
        failedAt: null,
        nextAttemptAt: api.clock.now().toISOString(),
        redeliveries: [{ by: 'dev-integrator-yanhu-police', afterAttempt: 7 }],
      },
    });
    expect(again.data?.redeliverWebhookDelivery.started).toBe(false);

    // The rest of the subscription's failed deliveries: the newer one only.
    const all = await api.gql<{
      redeliverFailedWebhookDeliveries: { redelivered: number; remaining: boolean };
    }>(REDELIVER_ALL, { id }, police);
    expect(all.data?.redeliverFailedWebhookDeliveries).toMatchObject({ redelivered: 1, remaining: false });
    const left = await api.gql<typeof page1.data>(FAILED, {}, police);
    expect(left.data?.failedWebhookDeliveries.edges).toEqual([]);
  });

  it('shows a subscription disabled for failing, and lets its owner enable it again', async () => {
    // The two redelivered sequences fail too: 4 FAILED in a row, and 3 disable it.
    for (const delay of [0, ...RETRY_DELAYS_MS]) {
      api.clock.advance(delay);
      await sweep(outbound(), deadlineKinds);
    }
    const listed = await api.gql<{ webhookSubscriptions: Record<string, unknown>[] }>(
      SUBSCRIPTIONS,
      {},
      police,
    );
    expect(listed.data?.webhookSubscriptions).toEqual([
      {
        id,
        status: 'DISABLED',
        disabledAt: expect.any(String),
        disabledReason: 'FAILED_DELIVERIES',
        consecutiveFailedDeliveries: 4,
        failingSince: expect.any(String),
      },
    ]);
    const refused = await api.gql(REDELIVER_ALL, { id }, police);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'SUBSCRIPTION_DISABLED',
    });
    expect((await api.gql(ENABLE, { id }, sms)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const enabled = await api.gql<{ enableWebhookSubscription: Record<string, unknown> }>(
      ENABLE,
      { id, redeliver: true },
      police,
    );

    expect(enabled.errors).toBeUndefined();
    expect(enabled.data?.enableWebhookSubscription).toEqual({
      enabled: true,
      redelivered: expect.any(Number),
      subscription: {
        status: 'ACTIVE',
        disabledAt: null,
        disabledReason: null,
        consecutiveFailedDeliveries: 0,
        failingSince: null,
      },
    });
    expect(enabled.data?.enableWebhookSubscription.redelivered).toBeGreaterThanOrEqual(1);
  });
});
