/**
 * The local runtime's clock endpoint as a developer and an integrator use it: dates without an offset
 * are read in the plan's offset (+08:00), the clock never moves backwards, and a runtime started paused
 * fires nothing until the first `POST /_local/clock`, so a webhook subscribed before it sees the
 * campaign's first overdue events (as does one subscribed later, through `POST /_local/replay`).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SweepReport } from '../../services/shared/deadlines/sweeper.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const overdueOnly = JSON.stringify({ source: ['clearwater.deadlines'], 'detail-type': ['MilestoneOverdue'] });
const taskNumbers = (events: BusEvent[]) =>
  events.map((e) => (e.detail.data as { taskNumber: string }).taskNumber).sort();

const running: TestRuntime[] = [];
const receivers: WebhookReceiver[] = [];

async function runtime(clockStart: string, options: { paused?: boolean; sweepIntervalMs?: number } = {}) {
  const env = await startTestRuntime({
    label: 'local-clock',
    clockStart,
    clockPaused: options.paused,
    sweepIntervalMs: options.sweepIntervalMs,
  });
  running.push(env);
  return env;
}

async function subscribe(env: TestRuntime, eventPattern: string): Promise<WebhookReceiver> {
  const receiver = await startWebhookReceiver();
  receivers.push(receiver);
  const created = await env.gql(
    `mutation ($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret } }`,
    { input: { url: receiver.url, eventPattern } },
    await env.token('SUPERVISOR', 'yanhu-gov-office'),
  );
  expect(created.errors).toBeUndefined();
  return receiver;
}

type ClockAnswer = { now?: string; paused?: boolean; sweep?: SweepReport; error?: string; code?: string };
const setClock = (env: TestRuntime, now: string) => env.local<ClockAnswer>('POST', '/_local/clock', { now });
const getClock = (env: TestRuntime) => env.local<ClockAnswer>('GET', '/_local/clock');

/** The clock runs on in real time once set: the answer is the instant asked for plus the sweep's time. */
function expectAbout(now: string | undefined, expected: string) {
  const drift = Date.parse(now as string) - Date.parse(expected);
  expect([now, drift >= 0 && drift < 30_000]).toEqual([now, true]);
}

afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

afterAll(async () => {
  for (const env of running) await env.runtime.stop();
});

describe('POST /_local/clock', () => {
  it('reads a bare date as midnight in the plan’s offset, +08:00', async () => {
    const env = await runtime('2020-04-01T00:00:00+08:00');

    const moved = await setClock(env, '2020-05-01');

    expect(moved.status).toBe(200);
    expectAbout(moved.body.now, '2020-04-30T16:00:00.000Z');
    // Midnight in Yanhu is the instant the April deadlines have passed: tasks 6, A1 and A7 go overdue.
    expect(moved.body.sweep?.fired).toBe(3);
  });

  it('reads a date-time without offset in +08:00 and one with an offset as written', async () => {
    const env = await runtime('2020-04-01T00:00:00+08:00');

    expectAbout((await setClock(env, '2020-04-02T09:30')).body.now, '2020-04-02T01:30:00.000Z');
    expectAbout((await setClock(env, '2020-04-03T09:30:00')).body.now, '2020-04-03T01:30:00.000Z');
    expectAbout((await setClock(env, '2020-04-04T09:30:00Z')).body.now, '2020-04-04T09:30:00.000Z');
    expectAbout((await setClock(env, '2020-04-05T09:30:00-05:00')).body.now, '2020-04-05T14:30:00.000Z');
  });

  it('refuses to move the clock backwards, with a 409 that says why, and leaves it where it was', async () => {
    const env = await runtime('2020-05-08T00:00:00+08:00');

    const back = await setClock(env, '2020-05-01T00:00:00+08:00');

    expect(back.status).toBe(409);
    expect(back.body.code).toBe('CONFLICT');
    expect(back.body.error).toMatch(/only moves forward/);
    expect(back.body.error).toContain('2020-04-30T16:00:00.000Z');
    const { body } = await getClock(env);
    expect(Date.parse(body.now as string)).toBeGreaterThanOrEqual(Date.parse('2020-05-08T00:00:00+08:00'));
  });

  it('refuses what names no instant with a 400', async () => {
    const env = await runtime('2020-04-01T00:00:00+08:00');

    for (const now of ['2020-02-30', 'tomorrow', '2020-5-1', '2020-05-01 10:00', '', 20200501]) {
      const answer = await env.local<ClockAnswer>('POST', '/_local/clock', { now });
      expect([now, answer.status, answer.body.code]).toEqual([now, 400, 'BAD_USER_INPUT']);
    }
    expect((await getClock(env)).body.now?.startsWith('2020-03-31T16:00')).toBe(true);
  });
});

describe('The campaign’s first overdue events, seen by an integrator', () => {
  it('a runtime started paused fires nothing until the clock is first set, so a subscriber sees them', async () => {
    // The sweeper ticks every 50 ms here: while paused, each tick must leave the deadlines alone.
    const env = await runtime('2020-05-01T00:00:00+08:00', { paused: true, sweepIntervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await env.runtime.settle();

    expect((await getClock(env)).body).toEqual({ now: '2020-04-30T16:00:00.000Z', paused: true });
    const archived = (await env.local<{ events: BusEvent[] }>('GET', '/_local/archive')).body.events;
    expect(archived.map((e) => e['detail-type'])).toEqual(['PlanImported']);

    const receiver = await subscribe(env, overdueOnly);
    const started = await setClock(env, '2020-05-01');

    // (The 50 ms sweeper, running again, may fire the steps before this request's own sweep does.)
    expect(started.status).toBe(200);
    expect(taskNumbers(receiver.events)).toEqual(['6', 'A1', 'A7']);
    expect((await getClock(env)).body.paused).toBe(false);
  });

  it('a subscriber that comes after the first sweep gets them by replaying the archive to its rule', async () => {
    const env = await runtime('2020-05-01T00:00:00+08:00');
    const receiver = await subscribe(env, overdueOnly);
    expect(receiver.events).toEqual([]);

    const replay = await env.local<{ replayed: number }>('POST', '/_local/replay', {
      from: '2020-04-30',
      rules: ['webhook-dispatch'],
    });

    expect(replay.status).toBe(200);
    expect(taskNumbers(receiver.events)).toEqual(['6', 'A1', 'A7']);
  });

  it('reads the replay and archive ranges like the clock, and refuses one that names no instant', async () => {
    const env = await runtime('2020-05-01T00:00:00+08:00');

    // The first ten minutes of 1 May in Yanhu (from 2020-04-30T16:00Z): the plan's import and the
    // three overdue events of the first sweep. Read as UTC, the range would start eight hours later.
    const mayFirst = await env.local<{ replayed: number }>('POST', '/_local/replay', {
      from: '2020-05-01',
      to: '2020-05-01T00:10',
      rules: ['event-log'],
    });
    const archived = await env.local<{ count: number }>(
      'GET',
      '/_local/archive?from=2020-05-01&to=2020-05-01T00:10',
    );
    const bad = await env.local<{ code: string }>('POST', '/_local/replay', { from: '2020-02-30' });
    const badArchive = await env.local<{ code: string }>('GET', '/_local/archive?to=yesterday');

    expect(mayFirst.body.replayed).toBe(4);
    expect(archived.body.count).toBe(4);
    expect([bad.status, bad.body.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect([badArchive.status, badArchive.body.code]).toEqual([400, 'BAD_USER_INPUT']);
  });
});

describe('GET /_local/dead-letters', () => {
  it('lists the webhook deliveries that failed every attempt, read from the table', async () => {
    const env = await runtime('2020-04-30T00:00:00+08:00', { paused: true });
    const receiver = await subscribe(env, overdueOnly);
    await receiver.close(); // nothing listens there any more: every attempt is refused

    // Tasks 6, A1 and A7 go overdue; each following sweep comes after the next retry delay (30 s, 2 min,
    // 10 min, 1 h, 6 h, 24 h) and makes their next attempt: 7 in all, within the 72 h before disabling.
    await setClock(env, '2020-05-01');
    for (const at of ['00:01', '00:04', '00:15', '01:20', '07:30']) await setClock(env, `2020-05-01T${at}`);
    await setClock(env, '2020-05-02T08:00');
    const { body } = await env.local<{ webhooks: Record<string, unknown>[] }>('GET', '/_local/dead-letters');

    const overdue = body.webhooks.filter((letter) => letter.detailType === 'MilestoneOverdue');
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    for (const letter of overdue) {
      expect(letter).toMatchObject({
        status: 'FAILED',
        attempts: 7,
        lastAttempt: { errorCategory: 'CONNECTION_REFUSED', error: 'connection refused (ECONNREFUSED)' },
      });
    }
  });
});
