/**
 * Specification of global ids: every entity answers `id` as `<Type>:<domain id>` and can be fetched
 * back with `node(id:)`/`nodes(ids:)`, which apply the access rules of the type's own root fields
 * (null for what the caller may not see or what does not exist; BAD_USER_INPUT for an id that is not
 * one); every argument that names an entity takes the global id or the plain domain id.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/api.ts';
import { escalate, subscribe, sweepUntilQuiet } from '../support/entities.ts';

const NODE = 'query($id: ID!) { node(id: $id) { __typename id } }';
const NODES = 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }';

function codes(response: GraphqlResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

/** The data of a response that must have succeeded. */
function ok<T>(response: GraphqlResponse<T>): T {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

describe('Global ids and node lookups', () => {
  let api: TestApi;
  let supervisor: string;
  let housing: string;
  let police: string;
  let sms: string;
  /** One global id of every node type, with the domain id it names. */
  const ids: Record<string, { id: string; domainId: string }> = {};

  beforeAll(async () => {
    api = await createTestApi({ label: 'global-ids', now: '2020-05-31T09:00:00+08:00' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
    housing = await api.token('UNIT_OFFICER', 'yanhu-housing');
    police = await api.token('INTEGRATOR', 'police-system');
    sms = await api.token('INTEGRATOR', 'sms-gateway');
    await sweepUntilQuiet(api);
    const subscription = await subscribe(api, police, 'https://police.example.gov.cn/in');
    ok(
      await api.gql(
        'mutation($input: ReportProgressInput!) { reportProgress(input: $input) { version } }',
        { input: { taskId: 'yanhu-2020:1', percentComplete: 45 } },
        housing,
      ),
    );
    const event = await escalate(api, ['yanhu-gov-office', 'yanhu-housing']);
    const eventId = event.detail.metadata.eventId;

    const read = ok(
      await api.gql<{
        task: {
          id: string;
          taskId: string;
          milestones: { id: string; milestoneId: string }[];
          indicators: { id: string; indicatorId: string }[];
          progressReports: { edges: { node: { id: string; reportId: string } }[] };
          plan: never;
        };
        plan: { id: string; planId: string };
        unit: { id: string; unitId: string };
        accountabilityInterviews: { edges: { node: { id: string; interviewId: string } }[] };
        events: { edges: { node: { id: string; eventId: string } }[] };
        notifications: { edges: { node: { id: string; eventId: string } }[] };
        webhookDeliveries: { edges: { node: { id: string; subscriptionId: string; eventId: string } }[] };
      }>(
        `query($subscription: ID!) {
          task(id: "yanhu-2020:1") {
            id taskId milestones { id milestoneId } indicators { id indicatorId }
            progressReports(first: 1) { edges { node { id reportId } } }
          }
          plan(id: "yanhu-2020") { id planId }
          unit(id: "yanhu-housing") { id unitId }
          accountabilityInterviews(first: 1) { edges { node { id interviewId } } }
          events(first: 1) { edges { node { id eventId } } }
          notifications(first: 1) { edges { node { id eventId } } }
          webhookDeliveries(subscriptionId: $subscription, first: 1) { edges { node { id subscriptionId eventId } } }
        }`,
        { subscription: subscription.subscriptionId },
        supervisor,
      ),
    );
    const first = <T>(list: { edges: { node: T }[] }) => list.edges[0]?.node as T;
    const report = first(read.task.progressReports);
    const interview = first(read.accountabilityInterviews);
    const delivery = first(read.webhookDeliveries);
    const entries: [string, { id: string } | undefined, string][] = [
      ['Plan', read.plan, read.plan.planId],
      ['Task', read.task, read.task.taskId],
      ['Milestone', read.task.milestones[0], read.task.milestones[0]?.milestoneId as string],
      ['Indicator', read.task.indicators[0], `yanhu-2020:1:${read.task.indicators[0]?.indicatorId}`],
      ['ProgressReport', report, `yanhu-2020:1:${report.reportId}`],
      ['Unit', read.unit, read.unit.unitId],
      ['AccountabilityInterview', interview, interview.interviewId],
      ['Event', first(read.events), first(read.events).eventId],
      ['Notification', first(read.notifications), `yanhu-gov-office:${eventId}`],
      ['WebhookSubscription', subscription, subscription.subscriptionId],
      ['WebhookDelivery', delivery, `${delivery.subscriptionId}:${eventId}`],
    ];
    for (const [type, entity, domainId] of entries) ids[type] = { id: entity?.id as string, domainId };
  });

  it('answers `<Type>:<domain id>` for every entity type', () => {
    expect(Object.keys(ids)).toHaveLength(11);
    for (const [type, { id, domainId }] of Object.entries(ids)) {
      expect([type, id]).toEqual([type, `${type}:${domainId}`]);
    }
  });

  it('loads every entity back with node(id:), as the supervisor', async () => {
    for (const [type, { id }] of Object.entries(ids)) {
      const response = await api.gql<{ node: { __typename: string; id: string } }>(NODE, { id }, supervisor);
      expect([type, ok(response).node]).toEqual([type, { __typename: type, id }]);
    }
  });

  it('loads several with nodes(ids:), in order, null where nothing exists', async () => {
    const asked = [
      ids.Task?.id,
      'Task:yanhu-2020:99',
      ids.Unit?.id,
      'Notification:yanhu-gov:01E9ZZZZZZZZZZZZZZZZZZZZZZ',
    ];

    const response = await api.gql<{ nodes: ({ id: string } | null)[] }>(NODES, { ids: asked }, supervisor);

    expect(ok(response).nodes.map((n) => n?.id ?? null)).toEqual([ids.Task?.id, null, ids.Unit?.id, null]);
  });

  // Who may see what, as each type's root fields decide (README, "Who may do what"). The notification
  // is the government office's, the subscription and its delivery the police system's.
  const VISIBLE: Record<string, Record<string, boolean>> = {
    housing: {
      Plan: true,
      Task: true,
      Milestone: true,
      Indicator: true,
      ProgressReport: true,
      Unit: true,
      AccountabilityInterview: false,
      Event: false,
      Notification: false,
      WebhookSubscription: false,
      WebhookDelivery: false,
    },
    police: {
      Plan: true,
      Task: true,
      Milestone: true,
      Indicator: true,
      ProgressReport: true,
      Unit: true,
      AccountabilityInterview: false,
      Event: true,
      Notification: false,
      WebhookSubscription: true,
      WebhookDelivery: true,
    },
    sms: {
      Plan: true,
      Task: true,
      Milestone: true,
      Indicator: true,
      ProgressReport: true,
      Unit: true,
      AccountabilityInterview: false,
      Event: true,
      Notification: false,
      WebhookSubscription: false,
      WebhookDelivery: false,
    },
  };

  it.each(Object.keys(VISIBLE))(
    'shows %s only what its root fields would, and null for the rest',
    async (caller) => {
      const tokens: Record<string, string> = { housing, police, sms };
      const token = tokens[caller] as string;
      const types = Object.keys(ids);

      const response = await api.gql<{ nodes: ({ id: string } | null)[] }>(
        NODES,
        { ids: types.map((type) => ids[type]?.id) },
        token,
      );

      const seen = Object.fromEntries(types.map((type, i) => [type, ok(response).nodes[i] !== null]));
      expect(seen).toEqual(VISIBLE[caller]);
    },
  );

  it('shows a unit officer their own unit’s notification of the event, not the office’s', async () => {
    const own = ids.Notification?.id.replace('yanhu-gov-office', 'yanhu-housing') as string;

    const response = await api.gql<{ nodes: ({ id: string } | null)[] }>(
      NODES,
      { ids: [own, ids.Notification?.id] },
      housing,
    );

    expect(ok(response).nodes.map((n) => n?.id ?? null)).toEqual([own, null]);
  });

  it('answers node lookups only to signed-in callers', async () => {
    const response = await api.gql(NODE, { id: ids.Plan?.id });

    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it.each([
    { name: 'a plain domain id', id: 'yanhu-2020:6' },
    { name: 'an empty id', id: '' },
    { name: 'a type with no id', id: 'Task:' },
    { name: 'an unknown type', id: 'Sewer:yanhu-001' },
    { name: 'a type that is not a node', id: 'AuditEntry:01E9ZZZZZZZZZZZZZZZZZZZZZZ' },
    { name: 'the query root', id: 'Query:x' },
    { name: 'a task id with too few parts', id: 'Task:yanhu-2020' },
    { name: 'a milestone id with a key separator', id: 'Milestone:yanhu-2020:6:a#b' },
    { name: 'a 100 kB id', id: `Task:${'9'.repeat(100_000)}` },
  ])('refuses $name with BAD_USER_INPUT, echoing nothing unbounded', async ({ id }) => {
    const one = await api.gql(NODE, { id }, supervisor);
    const many = await api.gql(NODES, { ids: [ids.Plan?.id, id] }, supervisor);

    expect(codes(one)).toEqual(['BAD_USER_INPUT']);
    expect(codes(many)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(one).length).toBeLessThan(2000);
  });

  it('refuses more than 100 ids at once', async () => {
    const response = await api.gql(NODES, { ids: Array(101).fill(ids.Plan?.id) }, supervisor);

    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe('ids');
  });

  it('never gives two objects of different types the same id', async () => {
    const response = await api.gql(
      `{ plans { id supervisorUnit { id } tasks(first: 500) { edges { node {
          id milestones { id } indicators { id } assignments { unit { id } }
          progressReports { edges { node { id } } } history { edges { node { id } } } } } } }
         me { id } notifications { edges { node { id unit { id } } } } accountabilityInterviews { edges { node { id } } }
         events { edges { node { id } } } }`,
      {},
      supervisor,
    );
    const typeOf = new Map<string, string>();
    const walk = (value: unknown): void => {
      if (!value || typeof value !== 'object') return;
      const object = value as Record<string, unknown>;
      if (typeof object.id === 'string') {
        const type = object.id.slice(0, object.id.indexOf(':'));
        expect(typeOf.get(object.id) ?? type, object.id).toBe(type);
        typeOf.set(object.id, type);
      }
      for (const child of Object.values(object)) walk(child);
    };

    walk(ok(response));

    expect(new Set(typeOf.values())).toEqual(
      new Set([
        'Plan',
        'Unit',
        'Task',
        'Milestone',
        'Indicator',
        'ProgressReport',
        'AuditEntry',
        'User',
        'Notification',
        'AccountabilityInterview',
        'Event',
      ]),
    );
  });
});

describe('Arguments that name an entity', () => {
  let api: TestApi;
  let supervisor: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'id-arguments', now: '2020-05-31T09:00:00+08:00' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
  });

  it.each([
    {
      name: 'plan(id:)',
      query: '{ plan(id: $ID) { planId } }',
      global: 'Plan:yanhu-2020',
      plain: 'yanhu-2020',
    },
    {
      name: 'task(id:)',
      query: '{ task(id: $ID) { taskId } }',
      global: 'Task:yanhu-2020:A7',
      plain: 'yanhu-2020:A7',
    },
    { name: 'unit(id:)', query: '{ unit(id: $ID) { unitId } }', global: 'Unit:xiezhou', plain: 'xiezhou' },
    {
      name: 'Plan.tasks(filter.unitId)',
      query: '{ plan(id: "yanhu-2020") { tasks(filter: { unitId: $ID }) { totalCount } } }',
      global: 'Unit:xiezhou',
      plain: 'xiezhou',
    },
    {
      name: 'notifications(unitId)',
      query: '{ notifications(unitId: $ID) { unreadCount } }',
      global: 'Unit:yanhu-gov',
      plain: 'yanhu-gov',
    },
    {
      name: 'events(filter.entityId)',
      query: '{ events(filter: { entityId: $ID }) { edges { node { eventId } } } }',
      global: 'Task:yanhu-2020:6',
      plain: 'yanhu-2020:6',
    },
  ])('$name takes the global id or the plain one, alike', async ({ query, global, plain }) => {
    await escalate(api, ['yanhu-gov']);
    const ask = (id: string) => api.gql(query.replace('$ID', JSON.stringify(id)), {}, supervisor);

    const byGlobal = await ask(global);
    const byPlain = await ask(plain);

    expect(byGlobal.errors).toBeUndefined();
    expect(byGlobal.data).toEqual(byPlain.data);
    expect(JSON.stringify(byGlobal.data)).not.toMatch(/null|"totalCount":0|\[\]/);
  });

  it.each([
    { name: 'task(id:)', query: '{ task(id: "Plan:yanhu-2020") { id } }', field: 'id' },
    { name: 'unit(id:)', query: '{ unit(id: "Task:yanhu-2020:6") { id } }', field: 'id' },
    {
      name: 'Plan.tasks(filter.unitId)',
      query: '{ plan(id: "yanhu-2020") { tasks(filter: { unitId: "Plan:yanhu-2020" }) { totalCount } } }',
      field: 'filter.unitId',
    },
    {
      name: 'reportProgress(input.taskId)',
      query:
        'mutation { reportProgress(input: { taskId: "Milestone:yanhu-2020:1:annual", percentComplete: 5 }) { id } }',
      field: 'input.taskId',
    },
    {
      name: 'reportProgress(input.indicatorValues.indicatorId) of another task',
      query:
        'mutation { reportProgress(input: { taskId: "yanhu-2020:9", percentComplete: 5, indicatorValues: [{ indicatorId: "Indicator:yanhu-2020:1:combined-sewer-rebuild", value: 1 }] }) { id } }',
      field: 'input.indicatorValues.0.indicatorId',
    },
    {
      name: 'completeMilestone(input.milestoneId)',
      query: 'mutation { completeMilestone(input: { milestoneId: "Task:yanhu-2020:1" }) { id } }',
      field: 'input.milestoneId',
    },
    {
      name: 'decideAccountabilityInterview(input.interviewId)',
      query:
        'mutation { decideAccountabilityInterview(input: { interviewId: "Event:01E9", decision: APPROVE, reason: "x" }) { id } }',
      field: 'input.interviewId',
    },
    {
      name: 'webhookDeliveries(subscriptionId)',
      query: '{ webhookDeliveries(subscriptionId: "Unit:xiezhou") { edges { cursor } } }',
      field: 'subscriptionId',
    },
    {
      name: 'deleteWebhookSubscription(id)',
      query: 'mutation { deleteWebhookSubscription(id: "Plan:x") }',
      field: 'id',
    },
    {
      name: 'notifications(unitId)',
      query: '{ notifications(unitId: "Plan:yanhu-2020") { unreadCount } }',
      field: 'unitId',
    },
    {
      name: 'markNotificationsRead(ids)',
      query: 'mutation { markNotificationsRead(ids: ["Event:01E9"], unitId: "yanhu-gov") }',
      field: 'ids.0',
    },
    {
      name: 'markNotificationsRead(ids) of another unit',
      query: 'mutation { markNotificationsRead(ids: ["Notification:xiezhou:01E9"], unitId: "yanhu-gov") }',
      field: 'ids.0',
    },
  ])(
    '$name refuses an id of the wrong type with BAD_USER_INPUT naming the field',
    async ({ query, field }) => {
      const response = await api.gql(query, {}, supervisor);

      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe(field);
    },
  );

  it('reports progress, completes a milestone and marks a notification read by global ids', async () => {
    const event = await escalate(api, ['yanhu-gov']);
    const reported = await api.gql<{
      reportProgress: { id: string; indicators: { currentValue: number }[] };
    }>(
      `mutation { reportProgress(input: { taskId: "Task:yanhu-2020:1", percentComplete: 40,
          indicatorValues: [{ indicatorId: "Indicator:yanhu-2020:1:combined-sewer-rebuild", value: 41 }] }) {
        id indicators { currentValue } } }`,
      {},
      supervisor,
    );
    const completed = await api.gql<{ completeMilestone: { status: string } }>(
      'mutation { completeMilestone(input: { milestoneId: "Milestone:yanhu-2020:6:hitech-wwtp" }) { status } }',
      {},
      supervisor,
    );
    const marked = await api.gql<{ markNotificationsRead: number }>(
      'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids, unitId: "Unit:yanhu-gov") }',
      { ids: [`Notification:yanhu-gov:${event.detail.metadata.eventId}`] },
      supervisor,
    );

    expect(ok(reported).reportProgress).toEqual({
      id: 'Task:yanhu-2020:1',
      indicators: [{ currentValue: 41 }],
    });
    expect(ok(completed).completeMilestone.status).toBe('COMPLETED');
    expect(ok(marked).markNotificationsRead).toBe(1);
  });
});
