/**
 * Proof of reliability of the event backbone against DynamoDB Local: outbox rows written by units of
 * work travel through the real stream poller and publisher to the bus exactly once despite failing
 * PutEvents calls; poison and undeliverable records do not block the rest; consumers are idempotent;
 * overlapping sweeps fire each ladder step once; completing or rescheduling a milestone cancels or
 * re-arms its ladder; and a sweep reads only what is due.
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadlineKinds } from '../../services/app/deadline-kinds.ts';
import { deadlines, plan as planEvents } from '../../services/events/catalog/index.ts';
import { listEvents, recordEvent } from '../../services/events/event-log.ts';
import { LocalBus } from '../../services/events/local-bus.ts';
import {
  type EventSink,
  type OutboxStreamRecord,
  type PublisherDeps,
  publishRecords,
} from '../../services/events/publisher.ts';
import { StreamPoller } from '../../services/local/stream-poller.ts';
import { deliverToInboxes } from '../../services/notifications/delivery.ts';
import { listNotifications, markRead, unreadCount } from '../../services/notifications/inbox.ts';
import { completeMilestone, rescheduleMilestone } from '../../services/plan/commands.ts';
import { importPlan } from '../../services/plan/import.ts';
import type { PlanDocumentInput } from '../../services/plan/model.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { getTask } from '../../services/plan/repository.ts';
import { type Actor, systemActor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { sweep } from '../../services/shared/deadlines/sweeper.ts';
import { dueTimers } from '../../services/shared/deadlines/timer.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import type { TargetDeps, TargetHandler } from '../../services/shared/events/target.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { toAttributes } from '../../services/shared/store/codec.ts';
import { getItem } from '../../services/shared/store/items.ts';
import { keys } from '../../services/shared/store/keys.ts';
import { UnitOfWork } from '../../services/shared/store/transaction.ts';
import { createTestStore, dynamoEndpoint } from '../support/store.ts';
import { generatePlan, scanAll } from './plan-fixtures.ts';

const supervisor: Actor = {
  kind: 'USER',
  id: 'supervisor-1',
  name: '督查员',
  unitId: 'yanhu-gov-office',
  roles: ['SUPERVISOR'],
};
const setup = { actor: systemActor('reliability-test'), correlationId: 'reliability-test' };

// ---- the publishing pipeline: outbox rows → stream poller → publisher → a bus ----

const idle: TargetHandler = async () => {};

/** A bus with no rules: only its archive matters here. */
function archiveOnlyBus(store: Store): LocalBus {
  return new LocalBus({
    rules: [],
    handlers: {
      eventLog: idle,
      notifications: idle,
      webhookDispatch: idle,
      outfallLate: idle,
      outfallExceedanceCases: idle,
      handoffProposals: idle,
      policeFeed: idle,
    },
    deps: { store, clock: new FixedClock(new Date()) },
  });
}

const archivedIds = (bus: LocalBus) => bus.archive.map((e) => e.detail.metadata.eventId);
const entryEventId = (entry: PutEventsRequestEntry) =>
  JSON.parse(entry.Detail as string).metadata.eventId as string;

/** Commits one unit of work holding `count` TaskProgressReported events; returns their ids. */
async function emitProgress(store: Store, count: number, now = new Date('2020-04-10T09:00:00+08:00')) {
  const work = new UnitOfWork({ actor: supervisor, correlationId: `progress-${now.getTime()}`, now });
  for (let i = 0; i < count; i++) {
    work.emit(planEvents.TaskProgressReported, {
      planId: 'yanhu-2020',
      taskId: 'yanhu-2020:6',
      taskNumber: '6',
      reportId: `report-${i}`,
      percentComplete: i,
      previousPercentComplete: 0,
      indicatorValues: {},
      taskVersion: i + 2,
    });
  }
  const events = await work.commit(store);
  return events.map((e) => e.detail.metadata.eventId);
}

interface Pipeline {
  poller: StreamPoller;
  deadLettered: { record: OutboxStreamRecord; reason: string }[];
  givenUp: { record: OutboxStreamRecord; attempts: number }[];
}

function pipeline(
  store: Store,
  sink: EventSink,
  options: { publisher?: Partial<PublisherDeps>; pollerAttempts?: number } = {},
): Pipeline {
  const deadLettered: Pipeline['deadLettered'] = [];
  const givenUp: Pipeline['givenUp'] = [];
  const poller = new StreamPoller({
    db: store.db,
    endpoint: dynamoEndpoint(),
    tableName: store.tableName,
    maxAttempts: options.pollerAttempts ?? 5,
    handle: (records) =>
      publishRecords(records, {
        bus: sink,
        busName: 'clearwater',
        deadLetters: { deadLetter: async (record, reason) => void deadLettered.push({ record, reason }) },
        backoffMs: 1,
        ...options.publisher,
      }),
    onGiveUp: async (record, attempts) => void givenUp.push({ record, attempts }),
  });
  return { poller, deadLettered, givenUp };
}

/**
 * A PutEvents endpoint in trouble: the first call is rejected outright, and each later call fails
 * every other entry it has not failed before (as EventBridge does under throttling).
 */
class TroubledSink implements EventSink {
  calls = 0;
  failedEntries = 0;
  private readonly failedOnce = new Set<string>();

  constructor(private readonly bus: LocalBus) {}

  async putEvents(entries: PutEventsRequestEntry[]): Promise<{ Entries: PutEventsResultEntry[] }> {
    this.calls++;
    if (this.calls === 1) throw new Error('ServiceUnavailable');
    const results: PutEventsResultEntry[] = [];
    for (const [i, entry] of entries.entries()) {
      const id = entryEventId(entry);
      if (i % 2 === 1 && !this.failedOnce.has(id)) {
        this.failedOnce.add(id);
        this.failedEntries++;
        results.push({ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' });
      } else {
        const { Entries } = await this.bus.putEvents([entry]);
        results.push(Entries[0] as PutEventsResultEntry);
      }
    }
    return { Entries: results };
  }
}

/** A sink that always fails the entries of the named events and passes the rest to the bus. */
class RefusingSink implements EventSink {
  constructor(
    private readonly bus: LocalBus,
    private readonly refused: Set<string>,
  ) {}

  async putEvents(entries: PutEventsRequestEntry[]): Promise<{ Entries: PutEventsResultEntry[] }> {
    const results: PutEventsResultEntry[] = [];
    for (const entry of entries) {
      if (this.refused.has(entryEventId(entry))) {
        results.push({ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' });
      } else {
        results.push((await this.bus.putEvents([entry])).Entries[0] as PutEventsResultEntry);
      }
    }
    return { Entries: results };
  }
}

describe('Publishing the outbox', () => {
  it('delivers every event exactly once although PutEvents rejects a call and fails entries', async () => {
    const store = await createTestStore('reliability-publish');
    const bus = archiveOnlyBus(store);
    const sink = new TroubledSink(bus);
    const { poller, deadLettered } = pipeline(store, sink);
    const emitted: string[] = [];
    for (const count of [7, 9, 1, 8]) emitted.push(...(await emitProgress(store, count)));

    await poller.drain();
    await poller.stop();

    expect(sink.failedEntries).toBeGreaterThan(0);
    expect(sink.calls).toBeGreaterThan(Math.ceil(emitted.length / 10));
    expect(archivedIds(bus).sort()).toEqual([...emitted].sort());
    expect(deadLettered).toEqual([]);
  });

  it('dead-letters a poison outbox record and publishes the good ones around it', async () => {
    const store = await createTestStore('reliability-poison');
    const bus = archiveOnlyBus(store);
    const { poller, deadLettered } = pipeline(store, bus);
    const [before] = await emitProgress(store, 1);
    await store.db.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: toAttributes({
          ...keys.outbox('poison-1'),
          itemType: 'OUTBOX',
          eventId: 'poison-1',
          source: 'clearwater.plan',
          detailType: 'TaskProgressReported',
          detail: '{"metadata": {"eventId": "poison-1"',
          occurredAt: '2020-04-10T01:00:00.000Z',
        }),
      }),
    );
    const [after] = await emitProgress(store, 1);

    await poller.drain();
    await poller.stop();

    expect(archivedIds(bus)).toEqual([before, after]);
    expect(deadLettered).toHaveLength(1);
    expect(deadLettered[0]?.record.dynamodb?.NewImage?.eventId).toEqual({ S: 'poison-1' });
    expect(deadLettered[0]?.reason).toMatch(/unreadable outbox record/);
  });

  it('gives up on a record PutEvents keeps failing after the poller retries, and later records flow', async () => {
    const store = await createTestStore('reliability-give-up');
    const bus = archiveOnlyBus(store);
    const [first] = await emitProgress(store, 1);
    const [doomed] = await emitProgress(store, 1);
    const [second] = await emitProgress(store, 1);
    const sink = new RefusingSink(bus, new Set([doomed as string]));
    const { poller, givenUp, deadLettered } = pipeline(store, sink, {
      publisher: { maxAttempts: 2 },
      pollerAttempts: 3,
    });

    // A pass that only retries the failed record handles nothing new, so drain() alone would stop early.
    for (let pass = 0; pass < 10 && givenUp.length === 0; pass++) await poller.pollOnce();
    const [later] = await emitProgress(store, 1);
    await poller.drain();
    await poller.stop();

    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]?.attempts).toBe(3);
    expect(givenUp[0]?.record.dynamodb?.NewImage?.eventId).toEqual({ S: doomed });
    expect(new Set(archivedIds(bus))).toEqual(new Set([first, second, later]));
    expect(deadLettered).toEqual([]);
  });
});

// ---- idempotent consumers ----

describe('Consumers receiving the same event twice', () => {
  let store: Store;
  let event: BusEvent;
  let deps: TargetDeps;

  beforeAll(async () => {
    store = await createTestStore('reliability-idempotent');
    const now = new Date('2020-05-01T00:00:00+08:00');
    deps = { store, clock: new FixedClock(now) };
    const work = new UnitOfWork({ actor: systemActor('deadline-sweeper'), correlationId: 'ladder:6', now });
    const { source, detailType, detail } = work.emit(deadlines.MilestoneOverdue, {
      planId: 'yanhu-2020',
      taskId: 'yanhu-2020:6',
      taskNumber: '6',
      taskTitle: '高新区污水处理厂建设',
      milestoneId: 'yanhu-2020:6:hitech-wwtp',
      milestoneTitle: '建成投运',
      dueAt: '2020-04-30T15:59:59.000Z',
      offsetDays: 0,
      recipientUnitIds: ['yanhu-housing', 'yanhu-gov-office'],
      responsibleUnitIds: ['yanhu-housing'],
    });
    event = {
      version: '0',
      id: 'eventbridge-id-1',
      source,
      'detail-type': detailType,
      account: '000000000000',
      time: '2020-04-30T16:00:00Z',
      region: 'local',
      resources: [],
      detail,
    };
  });

  it('leaves one notification per unit inbox', async () => {
    await Promise.all([deliverToInboxes(event, deps), deliverToInboxes(event, deps)]);
    await deliverToInboxes(event, deps);

    for (const unitId of ['yanhu-housing', 'yanhu-gov-office']) {
      const inbox = await listNotifications(store, unitId, { unreadOnly: false, first: 10 });
      expect(inbox.items.map((n) => [n.id, n.detailType])).toEqual([
        [event.detail.metadata.eventId, 'MilestoneOverdue'],
      ]);
      expect(await unreadCount(store, unitId)).toBe(1);
    }
  });

  it('keeps a notification read when the event arrives again', async () => {
    await deliverToInboxes(event, deps);
    const readAt = new Date('2020-05-01T09:00:00+08:00');
    expect(await markRead(store, 'yanhu-housing', { ids: [event.detail.metadata.eventId] }, readAt)).toBe(1);

    await deliverToInboxes(event, deps);

    const inbox = await listNotifications(store, 'yanhu-housing', { unreadOnly: false, first: 10 });
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]?.readAt).toBe(readAt.toISOString());
    expect(await unreadCount(store, 'yanhu-housing')).toBe(0);
    expect((await listNotifications(store, 'yanhu-housing', { unreadOnly: true, first: 10 })).items).toEqual(
      [],
    );
  });

  it('logs the event once in the event history', async () => {
    await Promise.all([recordEvent(event, deps), recordEvent(event, deps)]);
    await recordEvent(event, deps);

    const history = await listEvents(store, {}, 10);
    expect(history.items.map((e) => [e.eventId, e.detailType, e.entityId])).toEqual([
      [event.detail.metadata.eventId, 'MilestoneOverdue', 'yanhu-2020:6'],
    ]);
  });
});

// ---- deadlines ----

interface OutboxEvent {
  detailType: string;
  data: { taskNumber: string; milestoneId: string; dueAt: string };
}

/** Every outbox row in the table: the events committed so far. */
async function outbox(store: Store, detailType?: string): Promise<OutboxEvent[]> {
  const rows = (await scanAll(store)).filter((item) => item.itemType === 'OUTBOX');
  return rows
    .map((row) => ({ detailType: row.detailType as string, data: JSON.parse(row.detail as string).data }))
    .filter((e) => !detailType || e.detailType === detailType);
}

const taskNumbers = (events: OutboxEvent[]) => events.map((e) => e.data.taskNumber).sort();

async function yanhuStore(label: string, clock: FixedClock): Promise<Store> {
  const store = await createTestStore(label);
  await importPlan({ store, clock }, setup, yanhu);
  return store;
}

async function sweepAt(store: Store, clock: FixedClock, at: string) {
  clock.set(at);
  return sweep({ store, clock }, deadlineKinds);
}

describe('Concurrent sweeps', () => {
  it('fire each due ladder step once however many overlap', async () => {
    const clock = new FixedClock(new Date('2020-03-31T10:00:00+08:00'));
    const store = await yanhuStore('reliability-sweeps', clock);
    clock.set('2020-05-01T00:00:00+08:00');
    const deps = { store, clock };

    const first = await Promise.all(Array.from({ length: 5 }, () => sweep(deps, deadlineKinds)));

    const overdue = await outbox(store, 'MilestoneOverdue');
    expect(taskNumbers(overdue)).toEqual(['6', 'A1', 'A7']);
    expect(first.reduce((sum, r) => sum + r.fired, 0)).toBe(3);
    expect(first.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    for (const [taskId, key] of [
      ['yanhu-2020:6', 'hitech-wwtp'],
      ['yanhu-2020:A1', 'outfall-registration'],
      ['yanhu-2020:A7', 'irrigation-outlets'],
    ] as const) {
      const milestone = (await getTask(store, taskId))?.milestones.find((m) => m.key === key);
      expect(Object.keys(milestone?.firedSteps ?? {})).toEqual(['MilestoneOverdue']);
    }

    const second = await Promise.all(Array.from({ length: 5 }, () => sweep(deps, deadlineKinds)));

    expect(second.reduce((sum, r) => sum + r.fired, 0)).toBe(0);
    expect(await outbox(store, 'MilestoneOverdue')).toHaveLength(3);
  });
});

describe('Cancelling and re-arming a ladder', () => {
  it('fires nothing for a milestone completed before it was due', async () => {
    const clock = new FixedClock(new Date('2020-03-31T10:00:00+08:00'));
    const store = await yanhuStore('reliability-complete', clock);
    clock.set('2020-04-20T10:00:00+08:00');
    await completeMilestone(
      { store, clock },
      { actor: supervisor, correlationId: 'complete-6' },
      {
        milestoneId: 'yanhu-2020:6:hitech-wwtp',
      },
    );

    await sweepAt(store, clock, '2020-05-01T00:00:00+08:00');
    await sweepAt(store, clock, '2020-05-08T00:00:00+08:00');
    await sweepAt(store, clock, '2020-05-31T00:00:00+08:00');

    const ladderEvents = (await outbox(store)).filter((e) => e.detailType !== 'PlanImported');
    const forTask6 = ladderEvents.filter((e) => e.data.taskNumber === '6').map((e) => e.detailType);
    expect(forTask6).toEqual(['MilestoneCompleted']);
    expect(taskNumbers(ladderEvents.filter((e) => e.detailType === 'MilestoneOverdue'))).toEqual([
      'A1',
      'A7',
    ]);
    const item = await getItem<Record<string, unknown>>(
      store,
      keys.milestone('yanhu-2020', '6', 'hitech-wwtp'),
    );
    expect(item?.firedSteps).toEqual({});
  });

  it('restarts the ladder from the new due instant when a milestone is rescheduled', async () => {
    const clock = new FixedClock(new Date('2020-03-31T10:00:00+08:00'));
    const store = await yanhuStore('reliability-reschedule', clock);
    await sweepAt(store, clock, '2020-05-01T00:00:00+08:00');
    const newDue = '2020-06-30T15:59:59.000Z';
    clock.set('2020-05-02T10:00:00+08:00');
    await rescheduleMilestone(
      { store, clock },
      { actor: supervisor, correlationId: 'reschedule-a7' },
      {
        milestoneId: 'yanhu-2020:A7:irrigation-outlets',
        dueAt: '2020-06-30T23:59:59+08:00',
        reason: '灌溉期顺延',
      },
    );
    const timers = await dueTimers(store, '2020-12-31T00:00:00.000Z');
    expect(timers.find((t) => t.SK === 'TASK#A7#MS#irrigation-outlets')).toMatchObject({
      timerAt: '2020-06-23T15:59:59.000Z',
      timerStep: 0,
      firedSteps: {},
    });
    const forA7 = async () =>
      (await outbox(store))
        .filter((e) => e.data.taskNumber === 'A7' && e.detailType.startsWith('Milestone'))
        .map((e) => [e.detailType, e.data.dueAt])
        .sort();

    const escalation = await sweepAt(store, clock, '2020-05-08T00:00:00+08:00');
    const afterOldEscalation = await forA7();
    await sweepAt(store, clock, '2020-06-24T00:00:00+08:00');
    const afterNewReminder = await forA7();
    await sweepAt(store, clock, '2020-07-01T00:00:00+08:00');

    expect(escalation.fired).toBe(2); // 6 and A1 escalate; A7 no longer does
    expect(afterOldEscalation).toEqual([
      ['MilestoneOverdue', '2020-04-30T15:59:59.000Z'],
      ['MilestoneRescheduled', newDue],
    ]);
    expect(afterNewReminder).toContainEqual(['MilestoneDueSoon', newDue]);
    expect(await forA7()).toContainEqual(['MilestoneOverdue', newDue]);
    const milestone = (await getTask(store, 'yanhu-2020:A7'))?.milestones[0];
    expect(Object.keys(milestone?.firedSteps ?? {}).sort()).toEqual(['MilestoneDueSoon', 'MilestoneOverdue']);
  });
});

// ---- sweep cost ----

/** A plan of `tasks` × `perTask` milestones, all due at the end of 2020, except `due` of them due in April. */
function plentifulPlan(tasks: number, perTask: number, due: number): PlanDocumentInput {
  const base = generatePlan({ id: 'plentiful-2020', tasks });
  return {
    ...base,
    tasks: base.tasks.map((task, i) => ({
      ...task,
      milestones: Array.from({ length: perTask }, (_, j) => ({
        id: `m${j}`,
        title: `第${j + 1}阶段`,
        due: i < due && j === 0 ? '2020-04' : '2020-12',
      })),
    })),
  };
}

describe('Sweep cost', () => {
  // 2,000 milestones: 10,000 passes too, but importing them into DynamoDB Local takes ~45 s here.
  const TASKS = 400;
  const PER_TASK = 5;

  it('reads only the 10 due milestones among 2,000', { timeout: 120_000 }, async () => {
    const clock = new FixedClock(new Date('2020-03-31T10:00:00+08:00'));
    const store = await createTestStore('reliability-cost');
    await importPlan({ store, clock }, setup, plentifulPlan(TASKS, PER_TASK, 10));

    const report = await sweepAt(store, clock, '2020-05-01T00:00:00+08:00');

    expect(report.read).toBe(10);
    expect(report.fired).toBe(10);
    expect(await outbox(store, 'MilestoneOverdue')).toHaveLength(10);
  });
});
