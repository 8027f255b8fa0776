/**
 * Specification of the local stand-in for the `clearwater` EventBridge bus, with hand-built rules and
 * fake rule targets (no DynamoDB): routing by event pattern, asynchronous delivery, retries with
 * backoff, dead letters, the archive and replay, malformed entries, and durability across restarts with
 * a journal file.
 */
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { type BusJournal, LocalBus } from '../../services/events/local-bus.ts';
import type { RetryPolicy, RuleDefinition, TargetName } from '../../services/events/rules.ts';
import { FileBusJournal } from '../../services/local/bus-journal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import type { TargetDeps, TargetHandler } from '../../services/shared/events/target.ts';
import { createStore } from '../../services/shared/store/client.ts';

const RETRY: RetryPolicy = { maximumRetryAttempts: 3, maximumEventAgeSeconds: 3600 };

// The fake targets never touch the store; the client is built but never sends a request.
const deps: TargetDeps = {
  store: createStore({ tableName: 'unused', endpoint: 'http://127.0.0.1:9' }),
  clock: new FixedClock(new Date('2020-05-01T00:00:00+08:00')),
};

function rule(name: string, target: TargetName, pattern: RuleDefinition['pattern'], retry = RETRY) {
  return { name, description: name, target, pattern, retry } satisfies RuleDefinition;
}

/** A fake target that records every call (attempts included) and can be told how to answer. */
function recorder(answer: (call: number) => Promise<void> | void = () => {}) {
  const calls: { eventId: string; at: number }[] = [];
  const handler: TargetHandler = async (event) => {
    calls.push({ eventId: event.detail.metadata.eventId, at: performance.now() });
    await answer(calls.length);
  };
  return { calls, handler };
}

const idle: TargetHandler = async () => {};

function busWith(
  rules: RuleDefinition[],
  handlers: Partial<Record<TargetName, TargetHandler>>,
  retryBaseMs = 1,
  journal?: BusJournal,
): LocalBus {
  return new LocalBus({
    rules,
    handlers: {
      eventLog: idle,
      notifications: idle,
      webhookDispatch: idle,
      outfallLate: idle,
      outfallExceedanceCases: idle,
      handoffProposals: idle,
      policeFeed: idle,
      ...handlers,
    },
    deps,
    retryBaseMs,
    journal,
  });
}

let sequence = 0;
function entry(
  source: string,
  detailType: string,
  time = '2020-05-01T00:00:00+08:00',
): PutEventsRequestEntry {
  sequence += 1;
  const detail = {
    metadata: {
      eventId: `event-${sequence}`,
      occurredAt: new Date(time).toISOString(),
      correlationId: `correlation-${sequence}`,
      actor: { kind: 'SYSTEM', id: 'system:test', roles: [] },
      version: 1,
      entity: { type: 'Task', id: 'yanhu-2020:6' },
    },
    data: {},
  };
  return { Source: source, DetailType: detailType, Detail: JSON.stringify(detail), Time: new Date(time) };
}

const eventIdOf = (e: PutEventsRequestEntry) => JSON.parse(e.Detail as string).metadata.eventId as string;
const archivedIds = (bus: LocalBus) => bus.archive.map((e: BusEvent) => e.detail.metadata.eventId);

describe('LocalBus routing', () => {
  it('delivers an event only to the rules whose pattern matches it', async () => {
    const overdue = recorder();
    const everything = recorder();
    const progress = recorder();
    const bus = busWith(
      [
        rule('overdue', 'notifications', {
          source: ['clearwater.deadlines'],
          'detail-type': ['MilestoneOverdue'],
        }),
        rule('all-clearwater', 'eventLog', { source: [{ prefix: 'clearwater.' }] }),
        rule('progress', 'webhookDispatch', { 'detail-type': ['TaskProgressReported'] }),
      ],
      { notifications: overdue.handler, eventLog: everything.handler, webhookDispatch: progress.handler },
    );
    const isOverdue = entry('clearwater.deadlines', 'MilestoneOverdue');
    const isEscalated = entry('clearwater.deadlines', 'MilestoneEscalated');
    const foreign = entry('other.system', 'MilestoneOverdue');

    await bus.putEvents([isOverdue, isEscalated, foreign]);
    await bus.settled();

    expect(overdue.calls.map((c) => c.eventId)).toEqual([eventIdOf(isOverdue)]);
    expect(everything.calls.map((c) => c.eventId).sort()).toEqual(
      [eventIdOf(isOverdue), eventIdOf(isEscalated)].sort(),
    );
    expect(progress.calls).toEqual([]);
    expect(bus.delivered).toEqual({ overdue: 1, 'all-clearwater': 2 });
  });

  it('answers PutEvents before the targets have run, and settled() waits for them', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const finished: string[] = [];
    const slow: TargetHandler = async (event) => {
      await gate;
      finished.push(event.detail.metadata.eventId);
    };
    const bus = busWith([rule('slow', 'eventLog', { source: ['clearwater.plan'] })], { eventLog: slow });
    const event = entry('clearwater.plan', 'TaskProgressReported');

    const answer = await bus.putEvents([event]);
    let isSettled = false;
    const settling = bus.settled().then(() => {
      isSettled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));

    expect(answer.Entries).toEqual([{ EventId: expect.any(String) }]);
    expect(bus.pending).toBe(1);
    expect(finished).toEqual([]);
    expect(isSettled).toBe(false);

    open();
    await settling;

    expect(finished).toEqual([eventIdOf(event)]);
    expect(bus.pending).toBe(0);
    expect(bus.delivered).toEqual({ slow: 1 });
  });
});

describe('LocalBus retries', () => {
  it('retries a failing target with a growing backoff until it succeeds', async () => {
    const base = 25;
    const flaky = recorder((call) => {
      if (call <= 2) throw new Error(`target unavailable (call ${call})`);
    });
    const bus = busWith(
      [rule('flaky', 'notifications', { source: ['clearwater.deadlines'] })],
      {
        notifications: flaky.handler,
      },
      base,
    );

    await bus.putEvents([entry('clearwater.deadlines', 'MilestoneOverdue')]);
    await bus.settled();

    expect(flaky.calls).toHaveLength(3);
    const [first, second, third] = flaky.calls.map((c) => c.at) as [number, number, number];
    // Timers may fire a hair early by performance.now(); the waits are base, then 2 × base.
    expect(second - first).toBeGreaterThanOrEqual(base * 0.8);
    expect(third - second).toBeGreaterThanOrEqual(2 * base * 0.8);
    expect(bus.delivered).toEqual({ flaky: 1 });
    expect(bus.deadLetters).toEqual([]);
  });

  it('dead-letters an event after maximumRetryAttempts + 1 calls, with the error', async () => {
    const broken = recorder(() => {
      throw new Error('inbox table unavailable');
    });
    const policy: RetryPolicy = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 };
    const bus = busWith([rule('broken', 'notifications', { source: ['clearwater.deadlines'] }, policy)], {
      notifications: broken.handler,
    });
    const event = entry('clearwater.deadlines', 'MilestoneEscalated');

    await bus.putEvents([event]);
    await bus.settled();

    expect(broken.calls).toHaveLength(3);
    expect(bus.deadLetters).toEqual([
      {
        rule: 'broken',
        event: expect.objectContaining({ 'detail-type': 'MilestoneEscalated' }),
        error: 'inbox table unavailable',
        attempts: 3,
        at: expect.any(String),
      },
    ]);
    expect(bus.deadLetters[0]?.event.detail.metadata.eventId).toBe(eventIdOf(event));
    expect(bus.delivered).toEqual({});
  });

  it('keeps delivering to the other rules while one target fails', async () => {
    const healthy = recorder();
    const bus = busWith(
      [
        rule(
          'broken',
          'notifications',
          { source: ['clearwater.deadlines'] },
          {
            maximumRetryAttempts: 0,
            maximumEventAgeSeconds: 3600,
          },
        ),
        rule('healthy', 'eventLog', { source: ['clearwater.deadlines'] }),
      ],
      {
        notifications: async () => {
          throw new Error('down');
        },
        eventLog: healthy.handler,
      },
    );

    await bus.putEvents([entry('clearwater.deadlines', 'MilestoneOverdue')]);
    await bus.settled();

    expect(healthy.calls).toHaveLength(1);
    expect(bus.deadLetters.map((d) => [d.rule, d.attempts])).toEqual([['broken', 1]]);
  });
});

describe('LocalBus delivery listeners', () => {
  it('counts a delivery once and never re-delivers it when a listener throws', async () => {
    const target = recorder();
    const bus = busWith([rule('log', 'eventLog', { source: ['clearwater.plan'] })], {
      eventLog: target.handler,
    });
    const heard: string[] = [];
    bus.onDelivered((event) => {
      heard.push(event.detail.metadata.eventId);
      throw new Error('the dev server log is broken');
    });

    await bus.putEvents([entry('clearwater.plan', 'TaskProgressReported')]);
    await bus.settled();

    // The target succeeded: a listener's failure is not the target's, and must not trigger retries.
    expect(target.calls).toHaveLength(1);
    expect(heard).toHaveLength(1);
    expect(bus.delivered).toEqual({ log: 1 });
    expect(bus.deadLetters).toEqual([]);
  });
});

describe('LocalBus archive and replay', () => {
  const rules = [
    rule('log', 'eventLog', { source: [{ prefix: 'clearwater.' }] }),
    rule('notify', 'notifications', { source: ['clearwater.deadlines'] }),
  ];
  const april = entry('clearwater.deadlines', 'MilestoneDueSoon', '2020-04-23T23:59:59+08:00');
  const may1 = entry('clearwater.deadlines', 'MilestoneOverdue', '2020-05-01T00:00:00+08:00');
  const may8 = entry('clearwater.deadlines', 'MilestoneEscalated', '2020-05-08T00:00:00+08:00');
  const unrouted = entry('other.system', 'Something', '2020-05-01T00:00:00+08:00');

  it('archives every accepted event, whether or not a rule matches it', async () => {
    const bus = busWith(rules, {});

    await bus.putEvents([april, may1, may8, unrouted]);
    await bus.settled();

    expect(archivedIds(bus)).toEqual([april, may1, may8, unrouted].map(eventIdOf));
    expect(bus.archive[1]).toMatchObject({
      version: '0',
      source: 'clearwater.deadlines',
      'detail-type': 'MilestoneOverdue',
      time: '2020-04-30T16:00:00Z',
    });
  });

  it('replays only the archived events inside the range, to every matching rule', async () => {
    const log = recorder();
    const notify = recorder();
    const bus = busWith(rules, { eventLog: log.handler, notifications: notify.handler });
    await bus.putEvents([april, may1, may8, unrouted]);
    await bus.settled();
    log.calls.length = 0;
    notify.calls.length = 0;

    const replayed = bus.replay({
      from: new Date('2020-05-01T00:00:00+08:00'),
      to: new Date('2020-05-07T23:59:59+08:00'),
    });
    await bus.settled();

    // In range: the overdue event and the unrouted one (archived too, but no rule matches it).
    expect(replayed).toBe(2);
    expect(log.calls.map((c) => c.eventId)).toEqual([eventIdOf(may1)]);
    expect(notify.calls.map((c) => c.eventId)).toEqual([eventIdOf(may1)]);
    expect(bus.archive).toHaveLength(4);
  });

  it('replays to the named rules only when rules are given', async () => {
    const log = recorder();
    const notify = recorder();
    const bus = busWith(rules, { eventLog: log.handler, notifications: notify.handler });
    await bus.putEvents([april, may1, may8]);
    await bus.settled();
    log.calls.length = 0;
    notify.calls.length = 0;

    bus.replay({
      from: new Date('2020-04-01T00:00:00+08:00'),
      to: new Date('2020-05-31T00:00:00+08:00'),
      rules: ['notify'],
    });
    await bus.settled();

    expect(notify.calls.map((c) => c.eventId)).toEqual([april, may1, may8].map(eventIdOf));
    expect(log.calls).toEqual([]);
  });
});

describe('LocalBus malformed entries', () => {
  it('answers an ErrorCode for each malformed entry and accepts the rest', async () => {
    const log = recorder();
    const bus = busWith([rule('log', 'eventLog', { source: [{ prefix: 'clearwater.' }] })], {
      eventLog: log.handler,
    });
    const good = entry('clearwater.plan', 'TaskProgressReported');
    const noSource: PutEventsRequestEntry = { ...entry('clearwater.plan', 'X'), Source: undefined };
    const badJson: PutEventsRequestEntry = { ...entry('clearwater.plan', 'X'), Detail: '{"metadata":' };
    const noDetail: PutEventsRequestEntry = { Source: 'clearwater.plan', DetailType: 'X' };

    const answer = await bus.putEvents([noSource, good, badJson, noDetail]);
    await bus.settled();

    expect(answer.Entries).toEqual([
      { ErrorCode: 'MalformedDetail', ErrorMessage: expect.stringContaining('required') },
      { EventId: expect.any(String) },
      { ErrorCode: 'MalformedDetail', ErrorMessage: expect.stringContaining('JSON') },
      { ErrorCode: 'MalformedDetail', ErrorMessage: expect.stringContaining('required') },
    ]);
    expect(archivedIds(bus)).toEqual([eventIdOf(good)]);
    expect(log.calls.map((c) => c.eventId)).toEqual([eventIdOf(good)]);
  });
});

describe('LocalBus with a journal (npm start -- --persist)', () => {
  const rules = [
    rule('log', 'eventLog', { source: [{ prefix: 'clearwater.' }] }),
    rule(
      'notify',
      'notifications',
      { source: ['clearwater.deadlines'] },
      { ...RETRY, maximumRetryAttempts: 1 },
    ),
  ];
  const journalFile = () => join(mkdtempSync(join(tmpdir(), 'clearwater-bus-')), 'local-bus.jsonl');
  /** A target that never finishes: the process "dies" while it runs. */
  const hanging: TargetHandler = () => new Promise<void>(() => {});

  it('has the event and its pending deliveries in the journal when PutEvents answers', async () => {
    const file = journalFile();
    const bus = busWith(rules, { eventLog: hanging, notifications: hanging }, 1, new FileBusJournal(file));
    const event = entry('clearwater.deadlines', 'MilestoneOverdue');

    await bus.putEvents([event]);

    // No handler has finished, yet a new process reading the file knows everything it must still do.
    const restarted = new FileBusJournal(file).load();
    expect(restarted.archive.map((e) => e.detail.metadata.eventId)).toEqual([eventIdOf(event)]);
    expect(restarted.pending.map((p) => p.rule).sort()).toEqual(['log', 'notify']);
    expect(restarted.pending.every((p) => p.eventId === restarted.archive[0]?.id)).toBe(true);
  });

  it('re-delivers after a restart only the deliveries that had not finished', async () => {
    const file = journalFile();
    const first = recorder();
    const before = busWith(
      rules,
      { eventLog: first.handler, notifications: hanging },
      1,
      new FileBusJournal(file),
    );
    const event = entry('clearwater.deadlines', 'MilestoneEscalated');
    await before.putEvents([event]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(first.calls).toHaveLength(1);

    // The process dies with `notify` still running; a new one starts on the same journal.
    const log = recorder();
    const notify = recorder();
    const after = busWith(
      rules,
      { eventLog: log.handler, notifications: notify.handler },
      1,
      new FileBusJournal(file),
    );
    const resumed = after.resume();
    await after.settled();

    expect(resumed).toBe(1);
    expect(notify.calls.map((c) => c.eventId)).toEqual([eventIdOf(event)]);
    expect(log.calls).toEqual([]);
    expect(after.archive.map((e) => e.detail.metadata.eventId)).toEqual([eventIdOf(event)]);

    // Finished now: a third start has nothing left to do.
    const third = busWith(rules, {}, 1, new FileBusJournal(file));
    expect(third.resume()).toBe(0);
  });

  it('keeps the archive and the dead letters across restarts, and replays from the kept archive', async () => {
    const file = journalFile();
    const broken = recorder(() => {
      throw new Error('inbox table unavailable');
    });
    const before = busWith(rules, { notifications: broken.handler }, 1, new FileBusJournal(file));
    const may1 = entry('clearwater.deadlines', 'MilestoneOverdue', '2020-05-01T00:00:00+08:00');
    const may8 = entry('clearwater.plan', 'TaskProgressReported', '2020-05-08T00:00:00+08:00');
    await before.putEvents([may1, may8]);
    await before.settled();
    expect(before.deadLetters).toHaveLength(1);

    const log = recorder();
    const after = busWith(rules, { eventLog: log.handler }, 1, new FileBusJournal(file));
    expect(after.resume()).toBe(0);
    expect(after.archive.map((e) => e.detail.metadata.eventId)).toEqual([may1, may8].map(eventIdOf));
    expect(after.deadLetters).toEqual([
      expect.objectContaining({ rule: 'notify', error: 'inbox table unavailable', attempts: 2 }),
    ]);
    expect(after.deadLetters[0]?.event.detail.metadata.eventId).toBe(eventIdOf(may1));

    const replayed = after.replay({
      from: new Date('2020-05-07T00:00:00Z'),
      to: new Date('2020-05-09T00:00:00Z'),
      rules: ['log'],
    });
    await after.settled();
    expect(replayed).toBe(1);
    expect(log.calls.map((c) => c.eventId)).toEqual([eventIdOf(may8)]);
  });

  it('refuses the PutEvents call, delivering nothing, when the journal cannot record it', async () => {
    const log = recorder();
    const failing: BusJournal = {
      load: () => ({ archive: [], deadLetters: [], pending: [] }),
      accepted: () => {
        throw new Error('ENOSPC: no space left on device');
      },
      finished: () => {},
      deadLettered: () => {},
    };
    const bus = busWith(rules, { eventLog: log.handler }, 1, failing);

    await expect(bus.putEvents([entry('clearwater.plan', 'TaskProgressReported')])).rejects.toThrow(/ENOSPC/);
    await bus.settled();

    // The publisher counts a rejected call as failed entries and retries them: nothing is half accepted.
    expect(bus.archive).toEqual([]);
    expect(log.calls).toEqual([]);
  });

  it('ignores a line torn by a crash in the middle of an append, and compacts the journal', async () => {
    const file = journalFile();
    const done = recorder();
    const bus = busWith(rules, { eventLog: done.handler }, 1, new FileBusJournal(file));
    const event = entry('clearwater.plan', 'TaskProgressReported');
    await bus.putEvents([event]);
    await bus.settled();
    appendFileSync(file, '{"event":{"version":"0","id":"torn');

    const after = busWith(rules, {}, 1, new FileBusJournal(file));

    expect(after.archive.map((e) => e.detail.metadata.eventId)).toEqual([eventIdOf(event)]);
    expect(after.resume()).toBe(0);
    // Compacted: the archived event alone; its finished delivery and the torn line are gone.
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
