/**
 * Specification of the ids a client cache normalizes by: Apollo Client's InMemoryCache, talking to the
 * real server over its HttpLink, keeps one object per `__typename` + `id`. One event notifies several
 * units, and two plans can give their tasks indicators with the same id: each of those objects needs an
 * id of its own, or the cache shows one unit's read state in another's inbox and one plan's indicator
 * value in another plan. The queries select only fields that existed before global ids, so this test
 * also ran (and failed) against the old ids.
 */
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../services/plan/import.ts';
import { systemActor } from '../../services/shared/auth/principal.ts';
import { createTestApi, type TestApi, YANHU_PLAN } from '../support/api.ts';
import { escalate } from '../support/entities.ts';

const INBOX = gql`
  query Inbox($unitId: ID) {
    notifications(unitId: $unitId, first: 10) {
      edges { node { id title read unit { id name } } }
    }
  }
`;

const MARK_READ = gql`
  mutation MarkRead($ids: [ID!], $unitId: ID) { markNotificationsRead(ids: $ids, unitId: $unitId) }
`;

const INDICATORS = gql`
  query Indicators($taskId: ID!) {
    task(id: $taskId) { id number indicators { id name currentValue met } }
  }
`;

const REPORT = gql`
  mutation Report($input: ReportProgressInput!) {
    reportProgress(input: $input) { id version indicators { id currentValue } }
  }
`;

interface InboxData {
  notifications: {
    edges: { node: { id: string; title: string; read: boolean; unit: { id: string; name: string } } }[];
  };
}

interface IndicatorsData {
  task: { id: string; number: string; indicators: { id: string; currentValue: number | null }[] };
}

/** A dashboard's client: one Apollo cache over the server's own fetch, as the supervisor. */
function dashboard(api: TestApi, token: string) {
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: new HttpLink({
      uri: 'http://clearwater.test/graphql',
      fetch: api.fetch,
      headers: { authorization: `Bearer ${token}` },
    }),
  });
}

describe('Apollo Client’s normalized cache over Clearwater ids', () => {
  let api: TestApi;
  let supervisor: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'apollo-cache', now: '2020-05-08T00:00:00+08:00' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
  });

  it('keeps each unit’s notification of one event apart: its own unit, its own read state', async () => {
    await escalate(api, ['yanhu-gov', 'yanhu-gov-office']);
    const client = dashboard(api, supervisor);
    const government = await client.query<InboxData>({ query: INBOX, variables: { unitId: 'yanhu-gov' } });
    const office = await client.query<InboxData>({ query: INBOX, variables: { unitId: 'yanhu-gov-office' } });
    const [ofGovernment] = government.data?.notifications.edges ?? [];
    const [ofOffice] = office.data?.notifications.edges ?? [];

    // The government office reads its copy; the dashboard refetches that inbox only.
    await client.mutate({
      mutation: MARK_READ,
      variables: { ids: [ofOffice?.node.id], unitId: 'yanhu-gov-office' },
    });
    await client.query<InboxData>({
      query: INBOX,
      variables: { unitId: 'yanhu-gov-office' },
      fetchPolicy: 'network-only',
    });
    const cachedGovernment = client.readQuery<InboxData>({
      query: INBOX,
      variables: { unitId: 'yanhu-gov' },
    });
    const cachedOffice = client.readQuery<InboxData>({
      query: INBOX,
      variables: { unitId: 'yanhu-gov-office' },
    });

    expect(cachedGovernment?.notifications.edges.map((e) => [e.node.unit.name, e.node.read])).toEqual([
      ['盐湖区人民政府', false],
    ]);
    expect(cachedOffice?.notifications.edges.map((e) => [e.node.unit.name, e.node.read])).toEqual([
      ['盐湖区人民政府办公室', true],
    ]);
    expect(ofGovernment?.node.id).not.toBe(ofOffice?.node.id);
    const notifications = Object.keys(client.extract() as object).filter((key) =>
      key.startsWith('Notification:'),
    );
    expect(notifications).toHaveLength(2);
  });

  it('keeps two plans’ indicators with the same id apart: each its own current value', async () => {
    await importPlan(
      { store: api.store, clock: api.clock },
      { actor: systemActor('test'), correlationId: 'second-plan' },
      { ...YANHU_PLAN, id: 'yanhu-2021', year: 2021 },
    );
    const client = dashboard(api, supervisor);
    const report = (taskId: string, value: number) =>
      client.mutate({
        mutation: REPORT,
        variables: {
          input: {
            taskId,
            percentComplete: value,
            indicatorValues: [{ indicatorId: 'combined-sewer-rebuild', value }],
          },
        },
      });

    await report('yanhu-2020:1', 45);
    await report('yanhu-2021:1', 12);
    await client.query<IndicatorsData>({ query: INDICATORS, variables: { taskId: 'yanhu-2020:1' } });
    await client.query<IndicatorsData>({ query: INDICATORS, variables: { taskId: 'yanhu-2021:1' } });
    const cached = (taskId: string) =>
      client
        .readQuery<IndicatorsData>({ query: INDICATORS, variables: { taskId } })
        ?.task.indicators.map((i) => i.currentValue);

    expect(cached('yanhu-2020:1')).toEqual([45]);
    expect(cached('yanhu-2021:1')).toEqual([12]);
    const indicators = Object.keys(client.extract() as object).filter((key) => key.startsWith('Indicator:'));
    expect(indicators).toHaveLength(2);
  });
});
