/**
 * Specification of the task API over the real yoga server and DynamoDB Local with the Yanhu 2020 plan:
 * the queries a dashboard reads, the Plan.tasks filters and pagination, and the task mutations with their
 * audit trail, deadline timers and optimistic concurrency.
 */
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../services/shared/store/client.ts';
import { fromAttributes, type Item, toAttributes } from '../../services/shared/store/codec.ts';
import { keys } from '../../services/shared/store/keys.ts';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/api.ts';

const NOW = '2020-04-10T09:00:00+08:00';
const ALL_NUMBERS = [
  ...Array.from({ length: 14 }, (_, i) => String(i + 1)),
  ...Array.from({ length: 10 }, (_, i) => `A${i + 1}`),
];

interface MilestoneView {
  id: string;
  key: string;
  title: string;
  dueAt: string;
  implicit: boolean;
  status: string;
  completedAt: string | null;
  escalations: string[];
}

interface TaskView {
  id: string;
  number: string;
  title: string;
  category: string;
  status: string;
  percentComplete: number;
  version: number;
  nextDueAt: string | null;
  milestones: MilestoneView[];
  assignments: { role: string; unit: { id: string; name: string } }[];
  indicators: { id: string; indicatorId: string; currentValue: number | null; met: boolean | null }[];
  latestProgress: {
    percentComplete: number;
    note: string | null;
    at: string;
    reportedBy: string | null;
    unit: { id: string } | null;
  } | null;
}

const TASK_FIELDS = `
  fragment TaskFields on Task {
    id number title category status percentComplete version nextDueAt
    milestones { id key title dueAt implicit status completedAt escalations }
    assignments { role unit { id name } }
    indicators { id indicatorId currentValue met }
    latestProgress { percentComplete note at reportedBy unit { id } }
  }`;

const TASK = `query Task($id: ID!) { task(id: $id) { ...TaskFields } } ${TASK_FIELDS}`;

const TASKS = `
  query Tasks($filter: TaskFilter, $first: Int, $after: String, $last: Int, $before: String) {
    plan(id: "yanhu-2020") {
      tasks(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
        totalCount
        edges { cursor node { number } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  }`;

interface TasksPage {
  plan: {
    tasks: {
      totalCount: number;
      edges: { cursor: string; node: { number: string } }[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
    };
  } | null;
}

const REPORT = `mutation Report($input: ReportProgressInput!) { reportProgress(input: $input) { ...TaskFields } } ${TASK_FIELDS}`;
const COMPLETE = `mutation Complete($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { ...TaskFields } } ${TASK_FIELDS}`;
const REOPEN = `mutation Reopen($input: ReopenMilestoneInput!) { reopenMilestone(input: $input) { ...TaskFields } } ${TASK_FIELDS}`;
const RESCHEDULE = `mutation Reschedule($input: RescheduleMilestoneInput!) { rescheduleMilestone(input: $input) { ...TaskFields } } ${TASK_FIELDS}`;

const REPORTS = `
  query Reports($id: ID!, $first: Int, $after: String) {
    task(id: $id) {
      progressReports(first: $first, after: $after) {
        edges { node { percentComplete note taskVersion actor { actorId unitId } indicatorValues { indicatorId value } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }`;

interface ReportsPage {
  task: {
    progressReports: {
      edges: {
        node: {
          percentComplete: number;
          note: string | null;
          taskVersion: number;
          actor: { actorId: string; unitId: string | null };
          indicatorValues: { indicatorId: string; value: number }[];
        };
      }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

function codes(response: GraphqlResponse<unknown>): unknown[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

async function tasksWhere(api: TestApi, token: string, filter: Record<string, unknown>): Promise<string[]> {
  const response = await api.gql<TasksPage>(TASKS, { filter, first: 500 }, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data?.plan?.tasks.edges.map((e) => e.node.number) ?? [];
}

async function readTask(api: TestApi, token: string, id: string): Promise<TaskView> {
  const response = await api.gql<{ task: TaskView }>(TASK, { id }, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!.task;
}

/** Every progress report of a task, newest first, walking all pages. */
async function allReports(api: TestApi, token: string, id: string) {
  const reports: ReportsPage['task']['progressReports']['edges'][number]['node'][] = [];
  let after: string | null = null;
  do {
    const response: GraphqlResponse<ReportsPage> = await api.gql<ReportsPage>(
      REPORTS,
      { id, first: 100, after },
      token,
    );
    const page = response.data!.task.progressReports;
    reports.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return reports;
}

/** The milestone item as stored, with its timer attributes (which the domain shape strips). */
async function storedMilestone(store: Store, number: string, key: string): Promise<Item> {
  const { Item: found } = await store.db.send(
    new GetItemCommand({
      TableName: store.tableName,
      Key: toAttributes(keys.milestone('yanhu-2020', number, key)),
      ConsistentRead: true,
    }),
  );
  if (!found) throw new Error(`no milestone ${number}:${key}`);
  return fromAttributes(found);
}

/** What the deadline sweeper leaves behind after firing ladder steps: set here directly to prepare a case. */
async function markStepsFired(
  store: Store,
  number: string,
  key: string,
  fired: Record<string, string>,
  timer: { timerAt: string; timerStep: number },
): Promise<void> {
  await store.db.send(
    new UpdateItemCommand({
      TableName: store.tableName,
      Key: toAttributes(keys.milestone('yanhu-2020', number, key)),
      UpdateExpression: 'SET firedSteps = :fired, timerAt = :at, timerStep = :step',
      ExpressionAttributeValues: toAttributes({
        ':fired': fired,
        ':at': timer.timerAt,
        ':step': timer.timerStep,
      }),
    }),
  );
}

const TIMER_ATTRIBUTES = ['timerShard', 'timerAt', 'timerKind', 'timerStep'];

describe('Task queries', () => {
  let api: TestApi;
  let supervisor: string;

  beforeAll(async () => {
    api = await createTestApi({ label: 'tasks-queries', now: NOW });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
  });

  beforeEach(() => {
    api.clock.set(NOW);
  });

  it('lists the plans', async () => {
    const response = await api.gql('{ plans { id planId title year taskCount } }', {}, supervisor);

    expect(response.data).toEqual({
      plans: [
        {
          id: 'Plan:yanhu-2020',
          planId: 'yanhu-2020',
          title: '盐湖区2020年水污染治理攻坚方案',
          year: 2020,
          taskCount: 24,
        },
      ],
    });
  });

  it('reads a plan with its document metadata, goals, responsible offices and ladder', async () => {
    const response = await api.gql(
      `{ plan(id: "yanhu-2020") {
          id planId title documentNumber issuer issuedOn district year utcOffset goals taskCount version importedAt
          supervisorUnit { id unitId name } governmentUnit { id unitId name }
          ladder { detailType offsetDays }
      } }`,
      {},
      supervisor,
    );

    expect(response.errors).toBeUndefined();
    expect(response.data?.plan).toMatchObject({
      id: 'Plan:yanhu-2020',
      planId: 'yanhu-2020',
      title: '盐湖区2020年水污染治理攻坚方案',
      documentNumber: '运盐政办发〔2020〕16号',
      issuer: '运城市盐湖区人民政府办公室',
      issuedOn: '2020-03-31',
      district: '盐湖区',
      year: 2020,
      utcOffset: '+08:00',
      taskCount: 24,
      version: 1,
      importedAt: '2020-04-10T01:00:00.000Z',
      supervisorUnit: {
        id: 'Unit:yanhu-gov-office',
        unitId: 'yanhu-gov-office',
        name: '盐湖区人民政府办公室',
      },
      governmentUnit: { id: 'Unit:yanhu-gov', unitId: 'yanhu-gov', name: '盐湖区人民政府' },
      ladder: [
        { detailType: 'MilestoneDueSoon', offsetDays: -7 },
        { detailType: 'MilestoneOverdue', offsetDays: 0 },
        { detailType: 'MilestoneEscalated', offsetDays: 7 },
        { detailType: 'AccountabilityInterviewProposed', offsetDays: 30 },
      ],
    });
    expect(response.data?.plan).toHaveProperty('goals', [
      '2020年，全区地表水环境质量实现突破性改善，消灭污染严重水体',
      '姚暹渠省考曾家营断面保持Ⅴ类水质',
      '安全保障城镇饮用水源地',
      '地下水污染趋势得到有效遏制',
    ]);
  });

  it('answers null for a plan or task that does not exist', async () => {
    const response = await api.gql(
      '{ plan(id: "nowhere-2020") { id } task(id: "yanhu-2020:99") { id } }',
      {},
      supervisor,
    );

    expect(response.data).toEqual({ plan: null, task: null });
  });

  it('reads task 6 with its end-of-April milestone and its assignments by unit name', async () => {
    const task = await readTask(api, supervisor, 'yanhu-2020:6');

    expect(task).toMatchObject({
      id: 'Task:yanhu-2020:6',
      number: '6',
      title: '推进工业集聚区集中污水处理设施建设',
      category: 'INDUSTRIAL',
      status: 'NOT_STARTED',
      percentComplete: 0,
      version: 1,
      nextDueAt: '2020-04-30T15:59:59.000Z',
      latestProgress: null,
    });
    expect(task.milestones).toEqual([
      {
        id: 'Milestone:yanhu-2020:6:hitech-wwtp',
        key: 'hitech-wwtp',
        title: '盐湖高新技术产业开发区污水处理厂达标达效',
        dueAt: '2020-04-30T15:59:59.000Z',
        implicit: false,
        status: 'PENDING',
        completedAt: null,
        escalations: [],
      },
    ]);
    expect(task.assignments).toEqual([
      { role: 'LEAD', unit: { id: 'Unit:yanhu-housing', name: '盐湖区住房和城乡建设局' } },
      { role: 'COOPERATING', unit: { id: 'Unit:yanhu-eeb', name: '运城市生态环境局盐湖分局' } },
      { role: 'COOPERATING', unit: { id: 'Unit:yanhu-industry', name: '盐湖区工业和信息化局' } },
      { role: 'COOPERATING', unit: { id: 'Unit:yanhu-hitech', name: '盐湖高新技术产业开发区管委会' } },
    ]);
  });

  it('marks the year-end deadline of a task without a stated one as implicit', async () => {
    const task = await readTask(api, supervisor, 'yanhu-2020:1');

    expect(task.milestones).toMatchObject([
      { key: 'annual', dueAt: '2020-12-31T15:59:59.000Z', implicit: true },
    ]);
    expect(task.indicators).toEqual([
      {
        id: 'Indicator:yanhu-2020:1:combined-sewer-rebuild',
        indicatorId: 'combined-sewer-rebuild',
        currentValue: null,
        met: null,
      },
    ]);
  });

  it('lists the units, and a group with its member townships', async () => {
    const response = await api.gql<{
      units: { id: string; kind: string }[];
      unit: { name: string; kind: string; members: { id: string; name: string }[] };
      township: { groups: { id: string }[] };
    }>(
      `{ units { id kind }
         unit(id: "yanhu-townships") { name kind members { id name } }
         township: unit(id: "xiezhou") { groups { id } } }`,
      {},
      supervisor,
    );

    // 13 agencies and offices, the district's 21 divisions (8 街道, 7 镇, 6 乡) and the group 各乡镇办.
    expect(response.data?.units).toHaveLength(35);
    expect(response.data?.units).toContainEqual({ id: 'Unit:yanhu-police', kind: 'POLICE' });
    expect(response.data?.unit?.name).toBe('各乡镇办');
    expect(response.data?.unit?.kind).toBe('GROUP');
    expect(response.data?.unit?.members).toHaveLength(21);
    expect(response.data?.unit?.members).toEqual(
      expect.arrayContaining([
        { id: 'Unit:xiezhou', name: '解州镇' },
        { id: 'Unit:dongguo', name: '东郭镇' },
        { id: 'Unit:sanluli', name: '三路里镇' },
        { id: 'Unit:zhongcheng', name: '中城街道' },
        { id: 'Unit:shangwang', name: '上王乡' },
      ]),
    );
    expect(response.data?.township).toEqual({ groups: [{ id: 'Unit:yanhu-townships' }] });
  });

  it('tells the caller who they are: `me`', async () => {
    const officer = await api.token('UNIT_OFFICER', 'xiezhou');

    const response = await api.gql('{ me { id userId name roles unit { id name } } }', {}, officer);

    expect(response.data).toEqual({
      me: {
        id: 'User:dev-unit_officer-xiezhou',
        userId: 'dev-unit_officer-xiezhou',
        name: 'dev-unit_officer-xiezhou',
        roles: ['UNIT_OFFICER'],
        unit: { id: 'Unit:xiezhou', name: '解州镇' },
      },
    });
  });

  describe('Plan.tasks filters', () => {
    it('by unit: a township sees the tasks assigned to the whole group 各乡镇办 it belongs to', async () => {
      const officer = await api.token('UNIT_OFFICER', 'xiezhou');

      const numbers = await tasksWhere(api, officer, { unitId: 'xiezhou' });

      // Not 9, 11, 12, A4, A6, A7, A8: those name 「相关乡镇办」, the townships the supervisor names per task.
      expect(numbers).toEqual(['3', '7', '8', '10', '13', '14'].concat(['A2', 'A3', 'A9']));
    });

    it('by unit and role', async () => {
      expect(await tasksWhere(api, supervisor, { unitId: 'xiezhou', role: 'RESPONSIBLE' })).toEqual([
        '7',
        '13',
        '14',
        'A2',
        'A3',
      ]);
      expect(await tasksWhere(api, supervisor, { unitId: 'yanhu-housing', role: 'LEAD' })).toEqual([
        '3',
        '6',
        '8',
        'A3',
        'A8',
      ]);
    });

    it('by role alone: any unit in that role', async () => {
      expect(await tasksWhere(api, supervisor, { role: 'SUPERVISING' })).toEqual(['5']);
    });

    it('by status: on 2020-05-01 (+08:00) exactly tasks 6, A1 and A7 are OVERDUE', async () => {
      api.clock.set('2020-05-01T00:00:00+08:00');

      const overdue = await tasksWhere(api, supervisor, { status: 'OVERDUE' });
      const notStarted = await tasksWhere(api, supervisor, { status: 'NOT_STARTED' });

      expect(overdue).toEqual(['6', 'A1', 'A7']);
      expect(notStarted).toEqual(ALL_NUMBERS.filter((n) => !overdue.includes(n)));
    });

    it('by status: nothing is OVERDUE at the last second of April (+08:00)', async () => {
      api.clock.set('2020-04-30T23:59:59+08:00');

      expect(await tasksWhere(api, supervisor, { status: 'OVERDUE' })).toEqual([]);
    });

    it('by category', async () => {
      expect(await tasksWhere(api, supervisor, { category: 'AGRICULTURE_RURAL' })).toEqual(['7', '8']);
    });

    it('by due range: the tasks with a milestone due in May 2020, both ends inclusive', async () => {
      const may = { dueFrom: '2020-05-01T00:00:00+08:00', dueTo: '2020-05-31T23:59:59+08:00' };
      const lastSecondOfApril = { dueFrom: '2020-04-30T23:59:59+08:00', dueTo: '2020-04-30T23:59:59+08:00' };

      expect(await tasksWhere(api, supervisor, may)).toEqual(['A2', 'A3', 'A5', 'A6']);
      expect(await tasksWhere(api, supervisor, lastSecondOfApril)).toEqual(['6', 'A1', 'A7']);
    });

    it('refuses a due range that ends before it starts', async () => {
      const response = await api.gql(
        TASKS,
        { filter: { dueFrom: '2020-06-01T00:00:00+08:00', dueTo: '2020-05-01T00:00:00+08:00' } },
        supervisor,
      );

      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe('filter.dueTo');
    });

    it('combines filters, and counts what matched', async () => {
      const response = await api.gql<TasksPage>(
        TASKS,
        { filter: { unitId: 'yanhu-housing', category: 'OUTFALL_REMEDIATION' }, first: 2 },
        supervisor,
      );

      expect(response.data?.plan?.tasks.totalCount).toBe(7);
      expect(response.data?.plan?.tasks.edges.map((e) => e.node.number)).toEqual(['A3', 'A4']);
    });
  });

  describe('Plan.tasks pagination', () => {
    it('walks all 24 tasks with first/after, in document order, without gaps or repeats', async () => {
      const seen: string[] = [];
      const hasNext: boolean[] = [];
      let after: string | null = null;

      do {
        const response: GraphqlResponse<TasksPage> = await api.gql<TasksPage>(
          TASKS,
          { first: 5, after },
          supervisor,
        );
        const connection = response.data!.plan!.tasks;
        seen.push(...connection.edges.map((e) => e.node.number));
        hasNext.push(connection.pageInfo.hasNextPage);
        expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor);
        expect(connection.pageInfo.startCursor).toBe(connection.edges[0]?.cursor);
        expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      } while (after);

      expect(seen).toEqual(ALL_NUMBERS);
      expect(hasNext).toEqual([true, true, true, true, false]);
    });

    it('has no next page when the page ends exactly at the last task', async () => {
      const response = await api.gql<TasksPage>(TASKS, { first: 24 }, supervisor);
      const rest = await api.gql<TasksPage>(
        TASKS,
        { first: 5, after: response.data?.plan?.tasks.pageInfo.endCursor },
        supervisor,
      );

      expect(response.data?.plan?.tasks.edges).toHaveLength(24);
      expect(response.data?.plan?.tasks.pageInfo.hasNextPage).toBe(false);
      expect(rest.data?.plan?.tasks.edges).toEqual([]);
    });

    it.each([
      { name: 'first: 0', variables: { first: 0 }, field: 'first' },
      { name: 'first: 501', variables: { first: 501 }, field: 'first' },
      { name: 'a garbage after', variables: { first: 5, after: 'not-a-cursor' }, field: 'after' },
      { name: 'a cursor of another list shape', variables: { after: 'eyJ4IjoxfQ' }, field: 'after' },
      { name: 'first and last together', variables: { first: 2, last: 3 }, field: 'last' },
      { name: 'last: 0', variables: { last: 0 }, field: 'last' },
      { name: 'a garbage before', variables: { last: 2, before: 'not-a-cursor' }, field: 'before' },
    ])('refuses $name with BAD_USER_INPUT on $field', async ({ variables, field }) => {
      const response = await api.gql<TasksPage>(TASKS, variables, supervisor);

      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors?.[0]?.extensions?.field).toBe(field);
      expect(response.data?.plan ?? null).toBeNull();
    });

    it('walks back from the end with last/before, in document order, without gaps or repeats', async () => {
      const pages: string[][] = [];
      let before: string | null = null;

      do {
        const response: GraphqlResponse<TasksPage> = await api.gql<TasksPage>(
          TASKS,
          { last: 10, before },
          supervisor,
        );
        const connection = response.data!.plan!.tasks;
        pages.push(connection.edges.map((e) => e.node.number));
        expect(connection.pageInfo.hasNextPage).toBe(before !== null);
        before = connection.pageInfo.hasPreviousPage ? connection.pageInfo.startCursor : null;
      } while (before);

      expect(pages.map((page) => page.length)).toEqual([10, 10, 4]);
      expect(pages.reverse().flat()).toEqual(ALL_NUMBERS);
    });

    it('serves at most 500 per page and 50 by default', async () => {
      const max = await api.gql<TasksPage>(TASKS, { first: 500 }, supervisor);
      const byDefault = await api.gql<TasksPage>(TASKS, {}, supervisor);

      expect(max.data?.plan?.tasks.edges).toHaveLength(24);
      expect(byDefault.data?.plan?.tasks.edges).toHaveLength(24);
      expect(byDefault.data?.plan?.tasks.totalCount).toBe(24);
    });
  });
});

describe('Task mutations', () => {
  let api: TestApi;
  let supervisor: string;
  let housing: string;

  beforeEach(async () => {
    api = await createTestApi({ label: 'tasks-mutations', now: NOW });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
    housing = await api.token('UNIT_OFFICER', 'yanhu-housing');
  });

  describe('reportProgress', () => {
    it('returns the updated task: progress, version + 1, latest progress and the indicator met', async () => {
      const response = await api.gql<{ reportProgress: TaskView }>(
        REPORT,
        {
          input: {
            taskId: 'yanhu-2020:1',
            percentComplete: 30,
            indicatorValues: [{ indicatorId: 'combined-sewer-rebuild', value: 45 }],
            note: '易涝区域雨污合流管网改造完成45%',
          },
        },
        housing,
      );

      expect(response.errors).toBeUndefined();
      expect(response.data?.reportProgress).toMatchObject({
        id: 'Task:yanhu-2020:1',
        percentComplete: 30,
        version: 2,
        status: 'IN_PROGRESS',
        latestProgress: {
          percentComplete: 30,
          note: '易涝区域雨污合流管网改造完成45%',
          at: '2020-04-10T01:00:00.000Z',
          reportedBy: 'dev-unit_officer-yanhu-housing',
          unit: { id: 'Unit:yanhu-housing' },
        },
        indicators: [
          {
            id: 'Indicator:yanhu-2020:1:combined-sewer-rebuild',
            indicatorId: 'combined-sewer-rebuild',
            currentValue: 45,
            met: true,
          },
        ],
      });
    });

    it('judges an indicator against its target range (task 9: ecological flow 1–3 m³/s)', async () => {
      const report = (value: number) =>
        api.gql<{ reportProgress: TaskView }>(
          REPORT,
          {
            input: {
              taskId: 'yanhu-2020:9',
              percentComplete: 10,
              indicatorValues: [{ indicatorId: 'ecological-flow', value }],
            },
          },
          supervisor,
        );

      const tooMuch = await report(3.5);
      const within = await report(3);
      const tooLittle = await report(0.5);

      expect(tooMuch.data?.reportProgress.indicators).toEqual([
        {
          id: 'Indicator:yanhu-2020:9:ecological-flow',
          indicatorId: 'ecological-flow',
          currentValue: 3.5,
          met: false,
        },
      ]);
      expect(within.data?.reportProgress.indicators).toEqual([
        {
          id: 'Indicator:yanhu-2020:9:ecological-flow',
          indicatorId: 'ecological-flow',
          currentValue: 3,
          met: true,
        },
      ]);
      expect(tooLittle.data?.reportProgress.indicators).toEqual([
        {
          id: 'Indicator:yanhu-2020:9:ecological-flow',
          indicatorId: 'ecological-flow',
          currentValue: 0.5,
          met: false,
        },
      ]);
    });

    it('keeps every report, newest first, in pages', async () => {
      for (const percent of [10, 20, 30]) {
        await api.gql(REPORT, { input: { taskId: 'yanhu-2020:1', percentComplete: percent } }, housing);
        api.clock.advance(60 * 60 * 1000);
      }

      const first = await api.gql<ReportsPage>(REPORTS, { id: 'yanhu-2020:1', first: 2 }, supervisor);
      const firstPage = first.data!.task.progressReports;
      const second = await api.gql<ReportsPage>(
        REPORTS,
        { id: 'yanhu-2020:1', first: 2, after: firstPage.pageInfo.endCursor },
        supervisor,
      );
      const secondPage = second.data!.task.progressReports;

      expect(firstPage.edges.map((e) => [e.node.percentComplete, e.node.taskVersion])).toEqual([
        [30, 4],
        [20, 3],
      ]);
      expect(firstPage.pageInfo.hasNextPage).toBe(true);
      expect(secondPage.edges.map((e) => [e.node.percentComplete, e.node.taskVersion])).toEqual([[10, 2]]);
      expect(secondPage.pageInfo.hasNextPage).toBe(false);
      expect(firstPage.edges[0]?.node.actor).toEqual({
        actorId: 'dev-unit_officer-yanhu-housing',
        unitId: 'yanhu-housing',
      });
    });

    it('records who reported what in the task history', async () => {
      await api.gql(
        REPORT,
        {
          input: {
            taskId: 'yanhu-2020:1',
            percentComplete: 30,
            indicatorValues: [{ indicatorId: 'combined-sewer-rebuild', value: 45 }],
          },
        },
        housing,
      );

      const response = await api.gql<{
        task: { history: { edges: { node: Record<string, unknown> }[] } };
      }>(
        `{ task(id: "yanhu-2020:1") { history(first: 10) { edges { node { at action summary changes correlationId actor { actorId unitId } } } } } }`,
        {},
        supervisor,
      );

      const history = response.data!.task.history.edges.map((e) => e.node);
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({
        at: '2020-04-10T01:00:00.000Z',
        action: 'REPORT_PROGRESS',
        summary: 'Progress 0% → 30%',
        changes: { percentComplete: [0, 30], indicatorValues: { 'combined-sewer-rebuild': 45 } },
        actor: { actorId: 'dev-unit_officer-yanhu-housing', unitId: 'yanhu-housing' },
      });
      expect(history[0]?.correlationId).toEqual(expect.any(String));
    });
  });

  describe('completeMilestone', () => {
    it('completes the milestone, completes the task when it was the last, and cancels the timer', async () => {
      const armed = await storedMilestone(api.store, '6', 'hitech-wwtp');

      const response = await api.gql<{ completeMilestone: TaskView }>(
        COMPLETE,
        { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp', note: '已通水运行' } },
        housing,
      );

      const stored = await storedMilestone(api.store, '6', 'hitech-wwtp');
      expect(response.errors).toBeUndefined();
      expect(response.data?.completeMilestone).toMatchObject({
        status: 'COMPLETED',
        version: 2,
        nextDueAt: null,
      });
      expect(response.data?.completeMilestone.milestones).toMatchObject([
        { status: 'COMPLETED', completedAt: '2020-04-10T01:00:00.000Z' },
      ]);
      expect(armed).toMatchObject({ timerShard: 'TIMER', timerAt: '2020-04-23T15:59:59.000Z' });
      for (const name of TIMER_ATTRIBUTES)
        expect(stored, `stored milestone keeps ${name}`).not.toHaveProperty(name);
      expect(stored.completedBy).toBe('dev-unit_officer-yanhu-housing');
    });

    it('leaves a task with another open milestone IN_PROGRESS', async () => {
      const first = await api.gql<{ completeMilestone: TaskView }>(
        COMPLETE,
        { input: { milestoneId: 'yanhu-2020:8:special-plan' } },
        housing,
      );
      const second = await api.gql<{ completeMilestone: TaskView }>(
        COMPLETE,
        { input: { milestoneId: 'yanhu-2020:8:township-plants' } },
        housing,
      );

      expect(first.data?.completeMilestone).toMatchObject({
        status: 'IN_PROGRESS',
        nextDueAt: '2020-12-31T15:59:59.000Z',
      });
      expect(second.data?.completeMilestone).toMatchObject({ status: 'COMPLETED', version: 3 });
    });

    it('refuses to complete a milestone twice with CONFLICT, and changes nothing', async () => {
      await api.gql(COMPLETE, { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp' } }, housing);
      const before = await readTask(api, supervisor, 'yanhu-2020:6');
      api.clock.advance(60 * 60 * 1000);

      const again = await api.gql(
        COMPLETE,
        { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp' } },
        supervisor,
      );

      expect(codes(again)).toEqual(['CONFLICT']);
      expect(await readTask(api, supervisor, 'yanhu-2020:6')).toEqual(before);
    });
  });

  describe('reopenMilestone', () => {
    it('reopens a completed milestone and re-arms its timer at the first ladder step', async () => {
      await api.gql(COMPLETE, { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp' } }, housing);

      const response = await api.gql<{ reopenMilestone: TaskView }>(
        REOPEN,
        { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp', reason: '验收不合格' } },
        supervisor,
      );

      expect(response.errors).toBeUndefined();
      expect(response.data?.reopenMilestone).toMatchObject({ status: 'NOT_STARTED', version: 3 });
      expect(response.data?.reopenMilestone.milestones).toMatchObject([
        { status: 'PENDING', completedAt: null },
      ]);
      expect(await storedMilestone(api.store, '6', 'hitech-wwtp')).toMatchObject({
        timerShard: 'TIMER',
        timerAt: '2020-04-23T15:59:59.000Z',
        timerKind: 'MilestoneLadder',
        timerStep: 0,
      });
    });

    it('resumes the ladder after the steps that already fired', async () => {
      api.clock.set('2020-04-25T09:00:00+08:00');
      await markStepsFired(
        api.store,
        '6',
        'hitech-wwtp',
        { MilestoneDueSoon: '2020-04-23T16:00:00.000Z' },
        { timerAt: '2020-04-30T15:59:59.000Z', timerStep: 1 },
      );
      await api.gql(COMPLETE, { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp' } }, housing);

      const response = await api.gql<{ reopenMilestone: TaskView }>(
        REOPEN,
        { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp', reason: '验收不合格' } },
        supervisor,
      );

      expect(response.data?.reopenMilestone.milestones).toMatchObject([
        { status: 'DUE_SOON', escalations: ['MilestoneDueSoon'] },
      ]);
      expect(await storedMilestone(api.store, '6', 'hitech-wwtp')).toMatchObject({
        timerAt: '2020-04-30T15:59:59.000Z',
        timerStep: 1,
      });
    });

    it('refuses to reopen a milestone that is not completed with CONFLICT', async () => {
      const response = await api.gql(
        REOPEN,
        { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp', reason: '误操作' } },
        supervisor,
      );

      expect(codes(response)).toEqual(['CONFLICT']);
      expect((await readTask(api, supervisor, 'yanhu-2020:6')).version).toBe(1);
    });
  });

  describe('rescheduleMilestone', () => {
    it('moves the deadline and restarts the ladder from its first step', async () => {
      api.clock.set('2020-05-10T09:00:00+08:00');
      await markStepsFired(
        api.store,
        '6',
        'hitech-wwtp',
        { MilestoneDueSoon: '2020-04-23T16:00:00.000Z', MilestoneOverdue: '2020-04-30T16:00:00.000Z' },
        { timerAt: '2020-05-07T15:59:59.000Z', timerStep: 2 },
      );

      const response = await api.gql<{ rescheduleMilestone: TaskView }>(
        RESCHEDULE,
        {
          input: {
            milestoneId: 'yanhu-2020:6:hitech-wwtp',
            dueAt: '2020-06-30T23:59:59+08:00',
            reason: '管网连接工程延期，经区政府同意',
          },
        },
        supervisor,
      );

      expect(response.errors).toBeUndefined();
      expect(response.data?.rescheduleMilestone).toMatchObject({ status: 'NOT_STARTED', version: 2 });
      expect(response.data?.rescheduleMilestone.milestones).toEqual([
        expect.objectContaining({
          dueAt: '2020-06-30T15:59:59.000Z',
          implicit: false,
          status: 'PENDING',
          escalations: [],
        }),
      ]);
      expect(await storedMilestone(api.store, '6', 'hitech-wwtp')).toMatchObject({
        timerShard: 'TIMER',
        timerAt: '2020-06-23T15:59:59.000Z',
        timerStep: 0,
        firedSteps: {},
      });
    });

    it('turns an implicit year-end deadline into a stated one', async () => {
      const response = await api.gql<{ rescheduleMilestone: TaskView }>(
        RESCHEDULE,
        {
          input: {
            milestoneId: 'yanhu-2020:1:annual',
            dueAt: '2020-10-31T23:59:59+08:00',
            reason: '提前完成',
          },
        },
        supervisor,
      );

      expect(response.data?.rescheduleMilestone.milestones).toMatchObject([
        { dueAt: '2020-10-31T15:59:59.000Z', implicit: false },
      ]);
    });

    it('does not arm a timer for a completed milestone', async () => {
      await api.gql(COMPLETE, { input: { milestoneId: 'yanhu-2020:6:hitech-wwtp' } }, housing);

      await api.gql(
        RESCHEDULE,
        {
          input: {
            milestoneId: 'yanhu-2020:6:hitech-wwtp',
            dueAt: '2020-06-30T23:59:59+08:00',
            reason: '调整',
          },
        },
        supervisor,
      );

      const stored = await storedMilestone(api.store, '6', 'hitech-wwtp');
      expect(stored.dueAt).toBe('2020-06-30T15:59:59.000Z');
      for (const name of TIMER_ATTRIBUTES) expect(stored).not.toHaveProperty(name);
    });
  });

  describe('optimistic concurrency', () => {
    it('refuses a stale expectedVersion with CONFLICT and changes nothing', async () => {
      await api.gql(REPORT, { input: { taskId: 'yanhu-2020:1', percentComplete: 10 } }, housing);
      const before = await readTask(api, supervisor, 'yanhu-2020:1');
      const reportsBefore = await allReports(api, supervisor, 'yanhu-2020:1');

      const stale = await api.gql(
        REPORT,
        { input: { taskId: 'yanhu-2020:1', percentComplete: 50, expectedVersion: 1 } },
        housing,
      );
      const staleCompletion = await api.gql(
        COMPLETE,
        { input: { milestoneId: 'yanhu-2020:1:annual', expectedVersion: 1 } },
        housing,
      );

      expect(codes(stale)).toEqual(['CONFLICT']);
      expect(codes(staleCompletion)).toEqual(['CONFLICT']);
      expect(await readTask(api, supervisor, 'yanhu-2020:1')).toEqual(before);
      expect(await allReports(api, supervisor, 'yanhu-2020:1')).toEqual(reportsBefore);
    });

    it('accepts the current expectedVersion', async () => {
      const response = await api.gql<{ reportProgress: TaskView }>(
        REPORT,
        { input: { taskId: 'yanhu-2020:1', percentComplete: 10, expectedVersion: 1 } },
        housing,
      );

      expect(response.data?.reportProgress.version).toBe(2);
    });

    it('loses no update when 10 reports without expectedVersion race on one task', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          api.gql<{ reportProgress: TaskView }>(
            REPORT,
            { input: { taskId: 'yanhu-2020:2', percentComplete: (i + 1) * 5 } },
            supervisor,
          ),
        ),
      );

      const failures = responses
        .flatMap((r) => r.errors ?? [])
        .map((e) => `${e.extensions?.code}: ${e.message}`);
      expect(failures, 'every concurrent report succeeds').toEqual([]);
      expect((await readTask(api, supervisor, 'yanhu-2020:2')).version).toBe(11);
      expect(await allReports(api, supervisor, 'yanhu-2020:2')).toHaveLength(10);
    });

    it('lets exactly one of 5 racing reports with the same expectedVersion win; the others get CONFLICT', async () => {
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          api.gql<{ reportProgress: TaskView }>(
            REPORT,
            { input: { taskId: 'yanhu-2020:2', percentComplete: (i + 1) * 10, expectedVersion: 1 } },
            supervisor,
          ),
        ),
      );

      const winners = responses.filter((r) => r.data?.reportProgress);
      expect(winners).toHaveLength(1);
      expect(responses.flatMap(codes).sort()).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
      const task = await readTask(api, supervisor, 'yanhu-2020:2');
      expect(task.version).toBe(2);
      expect(task.percentComplete).toBe(winners[0]?.data?.reportProgress.percentComplete);
      expect(await allReports(api, supervisor, 'yanhu-2020:2')).toHaveLength(1);
    });
  });
});
