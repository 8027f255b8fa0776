/**
 * The persisted local runtime survives being killed. A real `main.ts --persist <dir>` process is
 * SIGKILLed several times while ~300 `reportProgress` mutations run against it, and restarted each time
 * on the same folder. At the end every committed change (a stored progress report) has its event in the
 * `events` history and reached the webhook subscriber at least once, and no event exists for a change
 * that was not committed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../services/local/dev-issuer.ts';
import { freePort } from '../../services/local/dynamodb-local.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { graphqlClient } from '../support/api.ts';
import {
  commandOf,
  descendants,
  isAlive,
  killAllSpawned,
  type Spawned,
  spawnTsx,
  waitFor,
  waitForHealth,
} from '../support/processes.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const MUTATIONS = 300;
const CONCURRENCY = 8;
/** Kill the runtime when this many mutations have answered (or failed). */
const KILL_AFTER = [60, 140, 220];
const TASK_IDS = yanhu.tasks.map((t) => `${yanhu.id}:${t.number}`);

const REPORT = /* GraphQL */ `
  mutation Report($input: ReportProgressInput!) {
    reportProgress(input: $input) { id latestProgress { reportId } }
  }
`;
const REPORTS = /* GraphQL */ `
  query Reports($id: ID!, $after: String) {
    task(id: $id) {
      progressReports(first: 100, after: $after) {
        edges { node { id: reportId } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;
const EVENTS = /* GraphQL */ `
  query Events($after: String) {
    events(filter: { detailType: "TaskProgressReported" }, first: 200, after: $after) {
      edges { node { eventId data } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

interface Page<N> {
  edges: { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('The persisted local runtime killed mid-stream', () => {
  const home = mkdtempSync(join(tmpdir(), 'clearwater-crash-'));
  const dataDir = join(home, 'data');
  let receiver: WebhookReceiver;
  let port: number;
  let url: string;
  let runtime: Spawned;

  async function start(): Promise<void> {
    runtime = spawnTsx('services/local/main.ts', ['--persist', dataDir], {
      PORT: String(port),
      CLEARWATER_HOME: home,
      // A quiet instant: no deadline fires, so the only events are the ones this test causes.
      CLEARWATER_CLOCK: '2020-03-31T10:00:00+08:00',
    });
    await waitForHealth(url, runtime);
  }

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    await start();
  });

  afterAll(async () => {
    await killAllSpawned();
    await receiver?.close();
  });

  it('delivers the event of every committed change at least once, and none of an uncommitted one', async () => {
    const supervisor = await signDevToken(join(home, 'keys'), {
      roles: ['SUPERVISOR'],
      unit: 'yanhu-gov-office',
    });
    const gql = graphqlClient((init) => fetch(`${url}/graphql`, init));
    const subscribed = await gql(
      `mutation ($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }`,
      {
        input: {
          url: receiver.url,
          eventPattern: JSON.stringify({ 'detail-type': ['TaskProgressReported'] }),
        },
      },
      supervisor,
    );
    expect(subscribed.errors).toBeUndefined();

    // ---- ~300 mutations from 8 concurrent clients; the runtime is SIGKILLed 3 times under them ----
    let up: Promise<void> = Promise.resolve();
    const answered: string[] = [];
    let failedInFlight = 0;
    let finished = 0;
    const javaKilled: number[] = [];
    const kills = [...KILL_AFTER];

    const crashAndRestart = async () => {
      const java = descendants(runtime.pid).filter((pid) => commandOf(pid)?.includes('DynamoDBLocal'));
      expect(java).toHaveLength(1);
      runtime.child.kill('SIGKILL');
      await runtime.exited;
      // Java must die with its parent, or it would hold the data folder the next start opens.
      await waitFor('DynamoDB Local to die with the runtime', () => !isAlive(java[0] as number), 5000);
      javaKilled.push(java[0] as number);
      await start();
    };

    let next = 0;
    const client = async () => {
      while (next < MUTATIONS) {
        const i = next++;
        await up;
        try {
          const answer = await gql<{ reportProgress: { latestProgress: { reportId: string } } }>(
            REPORT,
            { input: { taskId: TASK_IDS[i % TASK_IDS.length], percentComplete: i % 101 } },
            supervisor,
          );
          if (answer.data?.reportProgress) answered.push(answer.data.reportProgress.latestProgress.reportId);
        } catch {
          failedInFlight++; // the connection died with the runtime: committed or not, nobody knows
        }
        finished++;
        if (kills.length > 0 && finished >= (kills[0] as number)) {
          kills.shift();
          up = crashAndRestart();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    await up;

    // Let the last restart's sweeper retry deliveries whose attempt died with a process (their lease
    // of one minute has run out by then), and wait for everything to settle.
    const clock = (await (await fetch(`${url}/_local/clock`)).json()) as { now: string };
    const later = new Date(Date.parse(clock.now) + 10 * 60_000).toISOString();
    const moved = await fetch(`${url}/_local/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: later }),
    });
    expect(moved.status).toBe(200);

    // ---- what was committed, what was recorded, what was delivered ----
    const stored = new Set<string>();
    for (const taskId of TASK_IDS) {
      let after: string | null = null;
      do {
        const page: { data?: { task: { progressReports: Page<{ id: string }> } } | null } = await gql(
          REPORTS,
          { id: taskId, after },
          supervisor,
        );
        const reports = page.data?.task.progressReports as Page<{ id: string }>;
        for (const edge of reports.edges) stored.add(edge.node.id);
        after = reports.pageInfo.hasNextPage ? reports.pageInfo.endCursor : null;
      } while (after);
    }
    const logged: { eventId: string; reportId: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { data?: { events: Page<{ eventId: string; data: { reportId: string } }> } | null } =
        await gql(EVENTS, { after: cursor }, supervisor);
      const events = page.data?.events as Page<{ eventId: string; data: { reportId: string } }>;
      logged.push(...events.edges.map((e) => ({ eventId: e.node.eventId, reportId: e.node.data.reportId })));
      cursor = events.pageInfo.hasNextPage ? events.pageInfo.endCursor : null;
    } while (cursor);
    const deadLetters = (await (await fetch(`${url}/_local/dead-letters`)).json()) as {
      bus: unknown[];
      publisher: unknown[];
    };
    // The runtime really died mid-stream, 3 times, with requests in flight.
    expect(javaKilled).toHaveLength(KILL_AFTER.length);
    expect(failedInFlight).toBeGreaterThan(0);
    // Most mutations committed (those in flight at a kill may or may not have): the proof is not vacuous.
    expect(stored.size).toBeGreaterThan(MUTATIONS * 0.8);
    for (const reportId of answered) expect(stored).toContain(reportId);

    // One event per committed change, none for anything else.
    const loggedReports = logged.map((e) => e.reportId);
    expect(new Set(logged.map((e) => e.eventId)).size).toBe(logged.length);
    expect([...stored].filter((id) => !loggedReports.includes(id))).toEqual([]);
    expect(loggedReports.filter((id) => !stored.has(id))).toEqual([]);
    expect(logged).toHaveLength(stored.size);

    // Every committed change reached the subscriber at least once; nothing uncommitted did.
    const delivered = new Set(receiver.events.map((e) => (e.detail.data as { reportId: string }).reportId));
    expect([...stored].filter((id) => !delivered.has(id))).toEqual([]);
    expect([...delivered].filter((id) => !stored.has(id))).toEqual([]);
    expect(deadLetters).toEqual({ bus: [], publisher: [], webhooks: [] });
  }, 180_000);

  it('keeps the bus archive across the restarts', async () => {
    const archive = (await (await fetch(`${url}/_local/archive`)).json()) as {
      events: { 'detail-type': string; detail: { data: { reportId?: string } } }[];
    };
    const reports = new Set(
      archive.events
        .filter((e) => e['detail-type'] === 'TaskProgressReported')
        .map((e) => e.detail.data.reportId),
    );
    expect(archive.events.some((e) => e['detail-type'] === 'PlanImported')).toBe(true);
    expect(reports.size).toBeGreaterThan(MUTATIONS * 0.8);
  });
});
