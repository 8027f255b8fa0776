/**
 * The 2020 Yanhu campaign replayed end to end through the local runtime, over HTTP: mutations and
 * sweeps write outbox rows, the stream poller publishes them, the local bus runs the rule list, and
 * what reaches the event history, the unit inboxes and the accountability interviews is read back
 * through GraphQL. The scenario is one timeline, so its steps run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepReport } from '../../services/shared/deadlines/sweeper.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import type { GraphqlResponse } from '../support/api.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const APRIL_FIRST = '2020-04-01T00:00:00+08:00';
const MAY_FIRST = '2020-05-01T00:00:00+08:00';
const MAY_EIGHTH = '2020-05-08T00:00:00+08:00';
const MAY_THIRTY_FIRST = '2020-05-31T00:00:00+08:00';
const JUNE_FIRST = '2020-06-01T00:00:00+08:00';

interface EventNode {
  eventId: string;
  detailType: string;
  entityId: string;
  data: { taskNumber?: string; interviewId?: string };
}

interface EventsPage {
  events: {
    edges: { cursor: string; node: EventNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const EVENTS = `
  query Events($filter: EventFilter, $first: Int, $after: String) {
    events(filter: $filter, first: $first, after: $after) {
      edges { cursor node { eventId detailType entityId data } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

interface NotificationNode {
  id: string;
  detailType: string;
  taskId: string;
  read: boolean;
}

interface InboxPage {
  notifications: { unreadCount: number; edges: { node: NotificationNode }[] };
}

const INBOX = `
  query Inbox($unitId: ID, $unreadOnly: Boolean) {
    notifications(unitId: $unitId, unreadOnly: $unreadOnly, first: 100) {
      unreadCount
      edges { node { id detailType taskId read } }
    }
  }`;

const OVERDUE_TASKS = `
  query {
    plan(id: "yanhu-2020") { tasks(filter: { status: OVERDUE }, first: 100) { edges { node { number } } } }
  }`;

interface InterviewNode {
  id: string;
  interviewId: string;
  status: string;
  taskNumber: string;
}

const INTERVIEWS = `
  query Interviews($status: InterviewStatus) {
    accountabilityInterviews(status: $status, first: 50) { edges { node { id interviewId status taskNumber } } }
  }`;

const DECIDE = `
  mutation Decide($input: DecideAccountabilityInterviewInput!) {
    decideAccountabilityInterview(input: $input) { id status decidedBy reason }
  }`;

function codes(response: GraphqlResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

/** The data of a response that must have succeeded. */
function ok<T>(response: GraphqlResponse<T>): T {
  expect(response.errors).toBeUndefined();
  return response.data as T;
}

const numbers = (nodes: { taskNumber?: string }[]) => nodes.map((n) => n.taskNumber).sort();
const taskNumberOf = (taskId: string) => taskId.split(':')[1];

describe('The Yanhu 2020 campaign through the local runtime', () => {
  let env: TestRuntime;
  let supervisor: string;
  let housingOfficer: string;
  let agricultureOfficer: string;

  /** Every event in the history, walked page by page. */
  async function history(filter: Record<string, unknown> = {}, pageSize = 200): Promise<EventNode[]> {
    const nodes: EventNode[] = [];
    let after: string | null = null;
    for (;;) {
      const page: EventsPage = ok(
        await env.gql<EventsPage>(EVENTS, { filter, first: pageSize, after }, supervisor),
      );
      nodes.push(...page.events.edges.map((e) => e.node));
      if (!page.events.pageInfo.hasNextPage) return nodes;
      after = page.events.pageInfo.endCursor;
    }
  }

  async function inbox(token: string, variables: { unitId?: string; unreadOnly?: boolean } = {}) {
    return ok(await env.gql<InboxPage>(INBOX, variables, token)).notifications;
  }

  async function setClock(now: string) {
    return env.local<{ now: string; sweep: SweepReport; delivered: Record<string, number> }>(
      'POST',
      '/_local/clock',
      { now },
    );
  }

  async function archive() {
    return (await env.local<{ count: number; events: BusEvent[] }>('GET', '/_local/archive')).body;
  }

  beforeAll(async () => {
    env = await startTestRuntime({ label: 'event-flow', clockStart: APRIL_FIRST });
    [supervisor, housingOfficer, agricultureOfficer] = await Promise.all([
      env.token('SUPERVISOR', 'yanhu-gov-office'),
      env.token('UNIT_OFFICER', 'yanhu-housing'),
      env.token('UNIT_OFFICER', 'yanhu-agri'),
    ]);
  });

  afterAll(async () => {
    await env?.runtime.stop();
  });

  it('publishes a mutation’s event to the bus: reported progress reaches the archive', async () => {
    const reported = await env.gql<{ reportProgress: { version: number } }>(
      `mutation {
        reportProgress(input: { taskId: "yanhu-2020:6", percentComplete: 40, note: "主体完工" }) { version }
      }`,
      {},
      housingOfficer,
    );
    ok(reported);

    await env.runtime.settle();

    const progress = (await archive()).events.filter((e) => e['detail-type'] === 'TaskProgressReported');
    expect(progress.map((e) => e.detail.data)).toEqual([
      expect.objectContaining({ taskId: 'yanhu-2020:6', percentComplete: 40, unitId: 'yanhu-housing' }),
    ]);
  });

  it('lets a lead unit complete a milestone ahead of its deadline', async () => {
    const completed = await env.gql<{ completeMilestone: { milestones: { key: string; status: string }[] } }>(
      `mutation {
        completeMilestone(input: { milestoneId: "yanhu-2020:A2:rural-outlets" }) { milestones { key status } }
      }`,
      {},
      agricultureOfficer,
    );

    expect(ok(completed).completeMilestone.milestones).toEqual([
      { key: 'rural-outlets', status: 'COMPLETED' },
    ]);
  });

  it('answers a clock move on 1 May after the deliveries settled, with the sweep report', async () => {
    await env.runtime.settle(); // the completion above is still on its way: count only what the move causes
    const moved = await setClock(MAY_FIRST);

    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.now)).toBeGreaterThanOrEqual(Date.parse(MAY_FIRST));
    expect(moved.body.sweep).toMatchObject({ read: 3, fired: 3, failed: 0 });
    expect(moved.body.delivered).toMatchObject({ 'event-log': 3, 'deadline-notifications': 3 });
    // No waiting: the history is complete when the clock move answers.
    expect(numbers((await history({ detailType: 'MilestoneOverdue' })).map((e) => e.data))).toEqual([
      '6',
      'A1',
      'A7',
    ]);
  });

  it('shows tasks 6, A1 and A7 as overdue', async () => {
    const page = ok(
      await env.gql<{ plan: { tasks: { edges: { node: { number: string } }[] } } }>(
        OVERDUE_TASKS,
        {},
        supervisor,
      ),
    );

    expect(page.plan.tasks.edges.map((e) => e.node.number).sort()).toEqual(['6', 'A1', 'A7']);
  });

  it('puts the three overdue notices in the supervising office’s inbox, unread', async () => {
    const office = await inbox(supervisor);

    expect(office.unreadCount).toBe(3);
    expect(office.edges.map((e) => e.node.detailType)).toEqual(Array(3).fill('MilestoneOverdue'));
    expect(office.edges.map((e) => taskNumberOf(e.node.taskId)).sort()).toEqual(['6', 'A1', 'A7']);
  });

  it('tells task 6’s lead unit that its milestone is overdue', async () => {
    const housing = await inbox(housingOfficer);

    expect(housing.edges.map((e) => [e.node.detailType, e.node.taskId])).toEqual([
      ['MilestoneOverdue', 'yanhu-2020:6'],
    ]);
  });

  it('marks the whole inbox read', async () => {
    const marked = await env.gql<{ markNotificationsRead: number }>(
      'mutation { markNotificationsRead(all: true) }',
      {},
      supervisor,
    );

    expect(ok(marked).markNotificationsRead).toBe(3);
    const office = await inbox(supervisor);
    expect(office.unreadCount).toBe(0);
    expect(office.edges.every((e) => e.node.read)).toBe(true);
    expect((await inbox(supervisor, { unreadOnly: true })).edges).toEqual([]);
  });

  it('forbids a unit officer to read another unit’s inbox', async () => {
    const response = await env.gql(INBOX, { unitId: 'yanhu-gov-office' }, housingOfficer);

    expect(codes(response)).toEqual(['FORBIDDEN']);
  });

  it('escalates the still-open milestones to the district government on 8 May', async () => {
    const moved = await setClock(MAY_EIGHTH);

    expect(moved.body.sweep).toMatchObject({ fired: 3, failed: 0 });
    const government = await inbox(supervisor, { unitId: 'yanhu-gov' });
    expect(government.edges.map((e) => e.node.detailType)).toEqual(Array(3).fill('MilestoneEscalated'));
    expect(government.edges.map((e) => taskNumberOf(e.node.taskId)).sort()).toEqual(['6', 'A1', 'A7']);
  });

  it('proposes accountability interviews for the three milestones on 31 May', async () => {
    await setClock(MAY_THIRTY_FIRST);

    const proposed = ok(
      await env.gql<{ accountabilityInterviews: { edges: { node: InterviewNode }[] } }>(
        INTERVIEWS,
        { status: 'PROPOSED' },
        supervisor,
      ),
    ).accountabilityInterviews.edges.map((e) => e.node);

    expect(proposed.map((i) => i.status)).toEqual(['PROPOSED', 'PROPOSED', 'PROPOSED']);
    expect(proposed.map((i) => i.taskNumber).sort()).toEqual(['6', 'A1', 'A7']);
  });

  it('approves an interview once and records the decision in the history; a second decision conflicts', async () => {
    const [interview] = ok(
      await env.gql<{ accountabilityInterviews: { edges: { node: InterviewNode }[] } }>(
        INTERVIEWS,
        {},
        supervisor,
      ),
    ).accountabilityInterviews.edges.map((e) => e.node);
    const input = {
      interviewId: interview?.id,
      decision: 'APPROVE',
      reason: '逾期30日未完成，约谈主要负责人',
    };

    const approved = await env.gql<{ decideAccountabilityInterview: { status: string } }>(
      DECIDE,
      { input },
      supervisor,
    );
    const again = await env.gql(DECIDE, { input: { ...input, decision: 'DISMISS' } }, supervisor);
    await env.runtime.settle();

    expect(interview?.id).toBe(`AccountabilityInterview:${interview?.interviewId}`);
    expect(ok(approved).decideAccountabilityInterview.status).toBe('APPROVED');
    expect(codes(again)).toEqual(['CONFLICT']);
    const decisions = await history({ source: 'clearwater.accountability' });
    expect(decisions.map((e) => [e.detailType, e.data.interviewId])).toEqual([
      ['AccountabilityInterviewApproved', interview?.interviewId],
    ]);
  });

  it('raises no overdue notice for the milestone completed ahead of its deadline', async () => {
    const moved = await setClock(JUNE_FIRST);

    expect(moved.body.sweep.failed).toBe(0);
    const overdue = await history({ detailType: 'MilestoneOverdue' });
    expect(numbers(overdue.map((e) => e.data))).toEqual(['6', 'A1', 'A3', 'A5', 'A6', 'A7']);
  });

  it('pages through the history without gaps or repeats', async () => {
    const whole = await history({}, 200);

    const walked = await history({}, 3);

    expect(whole.length).toBeGreaterThan(3 * 3);
    expect(walked.map((e) => e.eventId)).toEqual(whole.map((e) => e.eventId));
    expect(new Set(walked.map((e) => e.eventId)).size).toBe(walked.length);
  });

  it('pages through a filtered history without gaps', async () => {
    const filter = { detailType: 'MilestoneOverdue' };
    const whole = await history(filter, 200);

    const walked = await history(filter, 2);

    expect(whole).toHaveLength(6);
    expect(walked.map((e) => e.eventId)).toEqual(whole.map((e) => e.eventId));
  });

  it('holds every event in the bus archive and dead-letters nothing', async () => {
    const logged = await history();

    const archived = await archive();
    const deadLetters = await env.local<{ bus: unknown[]; publisher: unknown[] }>(
      'GET',
      '/_local/dead-letters',
    );

    expect(archived.count).toBe(logged.length);
    expect(archived.events.map((e) => e.detail.metadata.eventId).sort()).toEqual(
      logged.map((e) => e.eventId).sort(),
    );
    expect(deadLetters.body).toEqual({ bus: [], publisher: [], webhooks: [] });
  });

  it('replays a range of the archive without changing what consumers hold', async () => {
    const before = {
      history: (await history()).length,
      office: await inbox(supervisor),
      government: await inbox(supervisor, { unitId: 'yanhu-gov' }),
      interviews: ok(await env.gql(INTERVIEWS, { status: 'PROPOSED' }, supervisor)),
    };
    const deliveredBefore = env.runtime.bus.delivered['deadline-notifications'] ?? 0;

    const replay = await env.local<{ replayed: number }>('POST', '/_local/replay', {
      from: MAY_FIRST,
      to: '2020-05-30T23:59:59+08:00',
    });

    // In the range: the 3 overdue notices of 1 May and the 3 escalations of 8 May.
    expect(replay.body.replayed).toBe(6);
    expect(env.runtime.bus.delivered['deadline-notifications']).toBe(deliveredBefore + 6);
    expect((await history()).length).toBe(before.history);
    expect(await inbox(supervisor)).toEqual(before.office);
    expect(await inbox(supervisor, { unitId: 'yanhu-gov' })).toEqual(before.government);
    expect(ok(await env.gql(INTERVIEWS, { status: 'PROPOSED' }, supervisor))).toEqual(before.interviews);
  });
});
