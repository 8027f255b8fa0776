import { beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import { indexKeys, keys } from '../../services/shared/store/keys.ts';
import { queryAll } from '../../services/shared/store/query.ts';
import { webhookDispatch } from '../../services/webhooks/dispatch.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { answeringSender, fakeDns } from '../support/dns.ts';
import { busEvent } from '../support/events.ts';

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateWebhookSubscriptionInput!) {
    createWebhookSubscription(input: $input) {
      subscription { id subscriptionId url eventPattern description createdAt createdBy }
      secret
    }
  }
`;
const LIST = /* GraphQL */ `
  query { webhookSubscriptions { id subscriptionId url eventPattern description createdAt createdBy } }
`;
const DELETE = /* GraphQL */ `
  mutation Delete($id: ID!) { deleteWebhookSubscription(id: $id) }
`;
const DELIVERIES = /* GraphQL */ `
  query Deliveries($id: ID!, $first: Int, $after: String) {
    webhookDeliveries(subscriptionId: $id, first: $first, after: $after) {
      edges {
        cursor
        node {
          eventId source detailType status attemptCount createdAt deliveredAt nextAttemptAt
          attempts { number at statusCode error durationMs }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

interface Subscription {
  id: string;
  subscriptionId: string;
  url: string;
  eventPattern: string;
  description: string | null;
  createdAt: string;
  createdBy: string;
}
interface Created {
  createWebhookSubscription: { subscription: Subscription; secret: string };
}

const deadlines = JSON.stringify({ source: ['clearwater.deadlines'] });

describe('webhook subscriptions API', () => {
  let api: TestApi;
  let supervisor: string;
  let police: string;
  let sms: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'webhooks-api', loadYanhu: false });
    supervisor = await api.token('SUPERVISOR', 'yhqzf');
    police = await api.token('INTEGRATOR', 'police-system');
    sms = await api.token('INTEGRATOR', 'sms-gateway');
  });

  const create = (input: Record<string, unknown>, token: string) =>
    api.gql<Created>(CREATE, { input }, token);
  const list = async (token: string) =>
    (await api.gql<{ webhookSubscriptions: Subscription[] }>(LIST, {}, token)).data?.webhookSubscriptions ??
    [];
  const storedSubscriptions = () =>
    queryAll(api.store, { index: 'GSI1', partition: indexKeys.webhookList.partition() });

  it('returns the secret once on creation, and no query exposes it', async () => {
    const created = await create(
      {
        url: 'https://police.example.gov.cn/clearwater',
        eventPattern: deadlines,
        description: '公安案件系统',
      },
      police,
    );

    expect(created.errors).toBeUndefined();
    const { subscription, secret } = created.data?.createWebhookSubscription ?? ({} as never);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(subscription).toEqual({
      id: `WebhookSubscription:${subscription.subscriptionId}`,
      subscriptionId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      url: 'https://police.example.gov.cn/clearwater',
      eventPattern: '{"source":["clearwater.deadlines"]}',
      description: '公安案件系统',
      createdAt: api.clock.now().toISOString(),
      createdBy: 'dev-integrator-police-system',
    });

    const listed = await api.gql(LIST, {}, police);
    expect(listed.data?.webhookSubscriptions).toContainEqual(subscription);
    expect(JSON.stringify(listed)).not.toContain(secret);
    const asked = await api.gql('query { webhookSubscriptions { id secret } }', {}, police);
    expect(asked.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each([
    ['a plain http URL', { url: 'http://police.example.gov.cn/in', eventPattern: deadlines }, 'input.url'],
    [
      'a localhost URL outside the local runtime',
      { url: 'http://localhost:8080/in', eventPattern: deadlines },
      'input.url',
    ],
    ['a URL with credentials', { url: 'https://u:p@example.com/in', eventPattern: deadlines }, 'input.url'],
    [
      'a pattern that is not JSON',
      { url: 'https://example.com/in', eventPattern: "{source: ['x']}" },
      'input.eventPattern',
    ],
    [
      'an invalid pattern',
      { url: 'https://example.com/in', eventPattern: '{"source":"clearwater.plan"}' },
      'input.eventPattern',
    ],
    [
      'a description over 500 characters',
      { url: 'https://example.com/in', eventPattern: deadlines, description: 'x'.repeat(501) },
      'input.description',
    ],
  ])('rejects %s with BAD_USER_INPUT naming the field, writing nothing', async (_case, input, field) => {
    const before = await storedSubscriptions();

    const response = await create(input, supervisor);

    expect(response.data?.createWebhookSubscription).toBeUndefined();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await storedSubscriptions()).toHaveLength(before.length);
  });

  it('lists every problem of an invalid pattern', async () => {
    const eventPattern = JSON.stringify({ source: 'clearwater.plan', detail: { x: [{ nope: 1 }] } });

    const response = await create({ url: 'https://example.com/in', eventPattern }, supervisor);

    const problems = response.errors?.[0]?.extensions?.problems as { field: string; message: string }[];
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^source: values to match must be in an array/),
      'detail.x[0]: unknown operator "nope"',
    ]);
  });

  it('is FORBIDDEN to a unit officer and UNAUTHENTICATED without a token', async () => {
    const officer = await api.token('UNIT_OFFICER', 'hbj');
    const input = { url: 'https://example.com/in', eventPattern: deadlines };
    for (const token of [officer, undefined]) {
      const code = token ? 'FORBIDDEN' : 'UNAUTHENTICATED';
      expect((await create(input, token as string)).errors?.[0]?.extensions?.code).toBe(code);
      expect((await api.gql(LIST, {}, token)).errors?.[0]?.extensions?.code).toBe(code);
      expect((await api.gql(DELETE, { id: 'x' }, token)).errors?.[0]?.extensions?.code).toBe(code);
      expect((await api.gql(DELIVERIES, { id: 'x' }, token)).errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it('keeps an integrator out of another integrator’s subscriptions; the supervisor sees all', async () => {
    const created = await create({ url: 'https://sms.example.com/in', eventPattern: deadlines }, sms);
    const id = created.data?.createWebhookSubscription.subscription.id as string;

    expect((await list(sms)).map((s) => s.id)).toContain(id);
    expect((await list(police)).map((s) => s.id)).not.toContain(id);
    expect((await list(supervisor)).map((s) => s.id)).toContain(id);
    const deleted = await api.gql(DELETE, { id }, police);
    expect(deleted.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const deliveries = await api.gql(DELIVERIES, { id }, police);
    expect(deliveries.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await list(sms)).map((s) => s.id)).toContain(id);
  });

  it('deletes a subscription and audits its creation and deletion', async () => {
    const created = await create({ url: 'https://sms.example.com/other', eventPattern: deadlines }, sms);
    const { id, subscriptionId } = created.data?.createWebhookSubscription.subscription ?? ({} as never);
    api.clock.advance(60_000);

    const deleted = await api.gql<{ deleteWebhookSubscription: string }>(DELETE, { id }, sms);

    expect(id).toBe(`WebhookSubscription:${subscriptionId}`);
    expect(deleted.data?.deleteWebhookSubscription).toBe(id);
    expect((await list(sms)).map((s) => s.id)).not.toContain(id);
    const audit = await queryAll(api.store, {
      partition: keys.audit.partition('WebhookSubscription', subscriptionId),
    });
    expect(audit.map((a) => [a.action, (a.actor as { id: string }).id, a.at])).toEqual([
      ['CREATE', 'dev-integrator-sms-gateway', new Date(api.clock.now().getTime() - 60_000).toISOString()],
      ['DELETE', 'dev-integrator-sms-gateway', api.clock.now().toISOString()],
    ]);
    expect((await api.gql(DELETE, { id }, sms)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('pages through the deliveries of a subscription, newest event first', async () => {
    const created = await create(
      { url: 'https://police.example.gov.cn/paged', eventPattern: deadlines },
      police,
    );
    const { id } = created.data?.createWebhookSubscription.subscription ?? ({} as never);
    // Every endpoint (other tests' subscriptions match too) accepts the first event and fails the second.
    const sendHttp = answeringSender((request) => (request.body.includes('"first"') ? 204 : 500));
    const events: BusEvent[] = [];
    for (const note of ['first', 'second']) {
      const event = overdue(api, note);
      events.push(event);
      await webhookDispatch(event, { store: api.store, clock: api.clock, resolveHost: fakeDns(), sendHttp });
      api.clock.advance(1000);
    }

    const page1 = await api.gql<DeliveriesPage>(DELIVERIES, { id, first: 1 }, police);
    const page2 = await api.gql<DeliveriesPage>(
      DELIVERIES,
      { id, first: 1, after: page1.data?.webhookDeliveries.pageInfo.endCursor },
      police,
    );

    const [newest] = page1.data?.webhookDeliveries.edges ?? [];
    expect(page1.data?.webhookDeliveries.pageInfo.hasNextPage).toBe(true);
    expect(newest?.node).toMatchObject({
      eventId: events[1]?.detail.metadata.eventId,
      source: 'clearwater.deadlines',
      detailType: 'MilestoneOverdue',
      status: 'PENDING',
      attemptCount: 1,
      deliveredAt: null,
      attempts: [{ number: 1, statusCode: 500, error: null }],
    });
    expect(
      Date.parse(newest?.node.nextAttemptAt as string) - Date.parse(newest?.node.createdAt as string),
    ).toBe(30_000);
    expect(page2.data?.webhookDeliveries.edges.map((e) => e.node)).toMatchObject([
      { eventId: events[0]?.detail.metadata.eventId, status: 'DELIVERED', nextAttemptAt: null },
    ]);
    expect(page2.data?.webhookDeliveries.pageInfo.hasNextPage).toBe(false);
  });
});

interface DeliveriesPage {
  webhookDeliveries: {
    edges: {
      cursor: string;
      node: Record<string, unknown> & { createdAt: string; nextAttemptAt: string | null };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

function overdue(api: TestApi, note: string): BusEvent {
  return busEvent(
    api.clock,
    'clearwater.deadlines',
    'MilestoneOverdue',
    { taskId: 'yanhu-2020:6', note },
    note,
  );
}
