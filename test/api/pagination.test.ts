/**
 * Specification of pagination: cursors are keyset positions that stay correct while the list changes
 * between pages, every cursor the server did not hand out for that very list is BAD_USER_INPUT (never
 * an INTERNAL_SERVER_ERROR from DynamoDB), and only connections that page backward advertise
 * `last`/`before`.
 */
import { type GraphQLNamedType, isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../graphql/schema.ts';
import { importPlan } from '../../services/plan/import.ts';
import { systemActor } from '../../services/shared/auth/principal.ts';
import { encodeCursor } from '../../services/shared/store/cursor.ts';
import { indexKeys, keys } from '../../services/shared/store/keys.ts';
import { cursorList, queryPage } from '../../services/shared/store/query.ts';
import { generatePlan } from '../integration/plan-fixtures.ts';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/api.ts';
import { escalate, subscribe, sweepUntilQuiet } from '../support/entities.ts';

interface Connection {
  edges: { cursor: string; node: Record<string, unknown> }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PAGE = 'edges { cursor node { __typename } } pageInfo { hasNextPage endCursor }';

const OVERDUE = `
  query Overdue($after: String) {
    plan(id: "yanhu-2020") {
      tasks(filter: { status: OVERDUE }, first: 2, after: $after) {
        totalCount
        edges { cursor node { number } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

function codes(response: GraphqlResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

describe('Cursors under concurrent changes', () => {
  let api: TestApi;
  let supervisor: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'pagination-concurrent', now: '2020-05-01T09:00:00+08:00' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
  });

  it('skips no overdue task when a task on page 1 is completed before page 2 is read', async () => {
    type Page = { plan: { tasks: Connection & { totalCount: number } } };
    const first = (await api.gql<Page>(OVERDUE, {}, supervisor)).data!.plan.tasks;
    const completed = await api.gql(
      'mutation($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { status } }',
      { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp' } },
      supervisor,
    );

    const second = (await api.gql<Page>(OVERDUE, { after: first.pageInfo.endCursor }, supervisor)).data!.plan
      .tasks;

    expect(first.edges.map((e) => e.node.number)).toEqual(['6', 'A1']);
    expect(first.totalCount).toBe(3);
    expect(completed.errors).toBeUndefined();
    expect(second.edges.map((e) => e.node.number)).toEqual(['A7']);
    expect(second.totalCount).toBe(2);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('skips no unread notification when one on page 1 is marked read before page 2 is read', async () => {
    for (let i = 0; i < 3; i++) await escalate(api, ['yanhu-gov']);
    const UNREAD = `query($after: String) {
      notifications(unitId: "yanhu-gov", unreadOnly: true, first: 1, after: $after) {
        edges { cursor node { id eventId } } pageInfo { hasNextPage endCursor }
      } }`;
    type Page = { notifications: Connection };
    const all = (await api.gql<Page>(UNREAD.replace('first: 1', 'first: 10'), {}, supervisor)).data!;
    const page1 = (await api.gql<Page>(UNREAD, {}, supervisor)).data!.notifications;
    await api.gql(
      'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids, unitId: "yanhu-gov") }',
      { ids: [page1.edges[0]?.node.id] },
      supervisor,
    );

    const page2 = (await api.gql<Page>(UNREAD, { after: page1.pageInfo.endCursor }, supervisor)).data!
      .notifications;

    const newestFirst = all.notifications.edges.map((e) => e.node.eventId);
    expect(newestFirst).toHaveLength(3);
    expect(page1.edges.map((e) => e.node.eventId)).toEqual([newestFirst[0]]);
    expect(page2.edges.map((e) => e.node.eventId)).toEqual([newestFirst[1]]);
    expect(page2.pageInfo.hasNextPage).toBe(true);
  });
});

/** Every connection of the schema: how to read one page of it, and a list of the same kind elsewhere. */
interface ConnectionCase {
  query: string;
  variables?: Record<string, unknown>;
  /** The variables of another list of the same connection (another partition), when there is one. */
  elsewhere?: Record<string, unknown>;
  path: string[];
  cursorArg?: 'after' | 'before';
}

const CONNECTIONS: Record<string, ConnectionCase> = {
  'Plan.tasks (after)': {
    query: `query($after: String, $plan: ID! = "yanhu-2020") { plan(id: $plan) { tasks(first: 1, after: $after) { ${PAGE} } } }`,
    elsewhere: { plan: 'other-2020' },
    path: ['plan', 'tasks'],
  },
  'Plan.tasks (before)': {
    query: `query($before: String, $plan: ID! = "yanhu-2020") { plan(id: $plan) { tasks(last: 1, before: $before) { edges { cursor node { __typename } } pageInfo { hasNextPage: hasPreviousPage endCursor: startCursor } } } }`,
    elsewhere: { plan: 'other-2020' },
    path: ['plan', 'tasks'],
    cursorArg: 'before',
  },
  'Task.progressReports': {
    query: `query($after: String, $task: ID! = "yanhu-2020:1") { task(id: $task) { progressReports(first: 1, after: $after) { ${PAGE} } } }`,
    elsewhere: { task: 'yanhu-2020:2' },
    path: ['task', 'progressReports'],
  },
  'Task.history': {
    query: `query($after: String, $task: ID! = "yanhu-2020:1") { task(id: $task) { history(first: 1, after: $after) { ${PAGE} } } }`,
    elsewhere: { task: 'yanhu-2020:2' },
    path: ['task', 'history'],
  },
  'WebhookSubscription.history (via node)': {
    query: `query($after: String, $id: ID!) { node(id: $id) { ... on WebhookSubscription { history(first: 1, after: $after) { ${PAGE} } } } }`,
    path: ['node', 'history'],
  },
  notifications: {
    query: `query($after: String, $unit: ID = "yanhu-gov") { notifications(unitId: $unit, first: 1, after: $after) { ${PAGE} } }`,
    elsewhere: { unit: 'yanhu-gov-office' },
    path: ['notifications'],
  },
  'notifications (unread)': {
    query: `query($after: String, $unit: ID = "yanhu-gov") { notifications(unitId: $unit, unreadOnly: true, first: 1, after: $after) { ${PAGE} } }`,
    elsewhere: { unit: 'yanhu-gov-office' },
    path: ['notifications'],
  },
  accountabilityInterviews: {
    query: `query($after: String, $status: InterviewStatus = PROPOSED) { accountabilityInterviews(status: $status, first: 1, after: $after) { ${PAGE} } }`,
    elsewhere: { status: 'APPROVED' },
    path: ['accountabilityInterviews'],
  },
  events: {
    query: `query($after: String, $filter: EventFilter) { events(filter: $filter, first: 1, after: $after) { ${PAGE} } }`,
    elsewhere: { filter: { entityId: 'yanhu-2020:6' } },
    path: ['events'],
  },
  'events (by entity)': {
    query: `query($after: String, $filter: EventFilter = { entityId: "yanhu-2020:6" }) { events(filter: $filter, first: 1, after: $after) { ${PAGE} } }`,
    elsewhere: { filter: { entityId: 'yanhu-2020:1' } },
    path: ['events'],
  },
  webhookDeliveries: {
    query: `query($after: String, $id: ID!) { webhookDeliveries(subscriptionId: $id, first: 1, after: $after) { ${PAGE} } }`,
    path: ['webhookDeliveries'],
  },
};

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** A cursor the server handed out, with one character changed. */
function flip(cursor: string, at: number): string {
  const char = cursor[at] === 'A' ? 'B' : 'A';
  return cursor.slice(0, at) + char + cursor.slice(at + 1);
}

describe('Cursors the server did not hand out for the list', () => {
  let api: TestApi;
  let supervisor: string;
  let subscription: { id: string; subscriptionId: string };
  let otherSubscription: { id: string; subscriptionId: string };
  const valid = new Map<string, string>();

  /** One page of a connection, the raw response. */
  function page(name: string, cursor?: string | null, variables: Record<string, unknown> = {}) {
    const spec = CONNECTIONS[name] as ConnectionCase;
    const ids = {
      id: name.startsWith('WebhookSubscription') ? subscription.id : subscription.subscriptionId,
    };
    return api.gql<Record<string, unknown>>(
      spec.query,
      { ...ids, ...spec.variables, ...variables, [spec.cursorArg ?? 'after']: cursor },
      supervisor,
    );
  }

  function connectionOf(name: string, response: GraphqlResponse<Record<string, unknown>>): Connection {
    let value: unknown = response.data;
    for (const key of (CONNECTIONS[name] as ConnectionCase).path)
      value = (value as Record<string, unknown>)[key];
    return value as Connection;
  }

  async function cursorOf(name: string, variables: Record<string, unknown> = {}): Promise<string> {
    const response = await page(name, null, variables);
    const cursor = connectionOf(name, response)?.pageInfo.endCursor;
    if (!cursor) throw new Error(`${name}: no cursor (${JSON.stringify(response)})`);
    return cursor;
  }

  beforeAll(async () => {
    api = await createTestApi({ label: 'pagination-cursors', now: '2020-05-31T09:00:00+08:00' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
    const integrator = await api.token('INTEGRATOR');
    await importPlan(
      { store: api.store, clock: api.clock },
      { actor: systemActor('test'), correlationId: 'other-plan' },
      generatePlan({ id: 'other-2020', tasks: 3, units: 5 }),
    );
    await sweepUntilQuiet(api);
    subscription = await subscribe(api, integrator, 'https://police.example.gov.cn/a');
    otherSubscription = await subscribe(api, supervisor, 'https://police.example.gov.cn/b');
    const report = 'mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }';
    for (const [taskId, percent] of [
      ['yanhu-2020:1', 10],
      ['yanhu-2020:1', 20],
      ['yanhu-2020:2', 5],
    ] as const) {
      await api.gql(report, { input: { taskId, percentComplete: percent } }, supervisor);
      api.clock.advance(1000);
    }
    for (let i = 0; i < 2; i++) await escalate(api, ['yanhu-gov', 'yanhu-gov-office']);
    for (const name of Object.keys(CONNECTIONS)) valid.set(name, await cursorOf(name));
  });

  it('hands out a cursor that resumes each list', async () => {
    for (const name of Object.keys(CONNECTIONS)) {
      const response = await page(name, valid.get(name));
      expect(response.errors, `${name}: ${JSON.stringify(response.errors)}`).toBeUndefined();
    }
  });

  it.each(Object.keys(CONNECTIONS))(
    'refuses every tampered, truncated or foreign cursor on %s',
    async (name) => {
      const spec = CONNECTIONS[name] as ConnectionCase;
      const cursor = valid.get(name) as string;
      // Plan.tasks read forward and backward is one list: its cursors are each other's.
      const foreign = [...valid].filter(([other]) => other.split(' (')[0] !== name.split(' (')[0]);
      const corpus: [variant: string, cursor: string, variables?: Record<string, unknown>][] = [
        ['garbage', 'not-a-cursor'],
        ['empty', ''],
        ['not base64url', '{"o":1}'],
        ['an offset cursor', base64url('{"o":1}')],
        ['JSON null', base64url('null')],
        ['a JSON array of nothing', base64url('[]')],
        ['truncated', cursor.slice(0, Math.floor(cursor.length / 2))],
        ['one character short', cursor.slice(0, -1)],
        ['a character changed at the end', flip(cursor, cursor.length - 2)],
        ['a character changed in the middle', flip(cursor, Math.floor(cursor.length / 2))],
        ['huge (100 kB)', 'A'.repeat(100_000)],
        [
          'huge and well-formed (3 kB of JSON)',
          base64url(JSON.stringify([{ PK: 'x'.repeat(3000) }, 'seal'])),
        ],
        ...foreign.map(([other, c]) => [`of ${other}`, c] as [string, string]),
      ];
      if (spec.elsewhere) corpus.push(['of this connection, used on another list', cursor, spec.elsewhere]);
      if (name === 'webhookDeliveries') {
        corpus.push(['of another subscription', cursor, { id: otherSubscription.subscriptionId }]);
      }

      const answers = await Promise.all(
        corpus.map(async ([variant, bad, variables]) => {
          const response = await page(name, bad, variables);
          return [variant, codes(response), response.errors?.[0]?.extensions?.field];
        }),
      );

      expect(corpus.length).toBeGreaterThanOrEqual(20);
      expect(answers).toEqual(
        corpus.map(([variant]) => [variant, ['BAD_USER_INPUT'], spec.cursorArg ?? 'after']),
      );
    },
  );

  it('checks the key inside a well-sealed cursor before it reaches DynamoDB', async () => {
    const query = {
      index: 'GSI1' as const,
      partition: indexKeys.eventLog.partition(),
      between: ['0000', '9999'] as [string, string],
    };
    const list = cursorList(query);
    const good = { PK: 'EVENT#1', SK: '#EVENT', GSI1PK: 'EVENTLOG', GSI1SK: '2020-05-31T00:00:00.000Z#1' };
    const forged = {
      'a missing attribute': { PK: 'EVENT#1', SK: '#EVENT', GSI1PK: 'EVENTLOG' },
      'an attribute of another index': { ...good, GSI2PK: 'EVENTENTITY#x' },
      'a number for a string': { ...good, GSI1SK: 20200531 },
      'a map for a string': { ...good, PK: { S: 'EVENT#1' } },
      'an empty string': { ...good, SK: '' },
      'another partition': { ...good, GSI1PK: keys.notification.partition('yanhu-gov') },
      'a key over 1024 characters': { ...good, PK: `EVENT#${'1'.repeat(1100)}` },
      'an array': [good],
    };

    const answers = await Promise.all(
      Object.entries(forged).map(async ([variant, key]) => {
        try {
          await queryPage(api.store, query, 1, encodeCursor(list, key));
          return [variant, 'accepted'];
        } catch (error) {
          return [variant, (error as { code?: string }).code ?? String(error)];
        }
      }),
    );

    expect(answers).toEqual(Object.keys(forged).map((variant) => [variant, 'BAD_USER_INPUT']));
    const accepted = await queryPage(api.store, query, 1, encodeCursor(list, good));
    expect(accepted.items.length).toBeLessThanOrEqual(1);
  });

  it('starts at the range when a cursor lies outside the filter it is used with, instead of failing', async () => {
    const EVENTS = `query($after: String, $filter: EventFilter) {
      events(filter: $filter, first: 10, after: $after) { edges { cursor node { eventId occurredAt } } } }`;
    type Events = { events: { edges: { cursor: string; node: { eventId: string; occurredAt: string } }[] } };
    const all = (await api.gql<Events>(EVENTS, {}, supervisor)).data!.events.edges;
    const late = { from: all.at(-1)?.node.occurredAt };

    const fromEarlyCursor = await api.gql<Events>(
      EVENTS,
      { filter: late, after: all[0]?.cursor },
      supervisor,
    );
    const fromStart = await api.gql<Events>(EVENTS, { filter: late }, supervisor);

    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(fromEarlyCursor.errors).toBeUndefined();
    expect(fromEarlyCursor.data?.events.edges.map((e) => e.node.eventId)).toEqual([all.at(-1)?.node.eventId]);
    expect(fromEarlyCursor.data).toEqual(fromStart.data);
  });
});

describe('Connection arguments', () => {
  it('advertise last/before only on the connection that pages backward (Plan.tasks)', () => {
    const types = Object.values(schema.getTypeMap()) as GraphQLNamedType[];
    const connections = types.filter(isObjectType).flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => /Connection!?$/.test(String(field.type)))
        .map((field) => ({
          name: `${type.name}.${field.name}`,
          args: field.args.map((a) => a.name).filter((a) => ['first', 'after', 'last', 'before'].includes(a)),
        })),
    );

    expect(connections.length).toBeGreaterThanOrEqual(7);
    for (const { name, args } of connections) {
      expect([name, args.sort()]).toEqual([
        name,
        name === 'Plan.tasks' ? ['after', 'before', 'first', 'last'] : ['after', 'first'],
      ]);
    }
  });
});
