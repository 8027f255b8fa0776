/** Development-only endpoints; absent from the Lambda build (nothing in services/lambda imports this). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalBus } from '../events/local-bus.ts';
import type { SweepReport } from '../shared/deadlines/sweeper.ts';
import type { Store } from '../shared/store/client.ts';
import { webhookDeadLetters } from '../webhooks/repository.ts';
import { clockMoveProblem, INSTANT_HELP, type LocalClock, parseLocalInstant } from './clock.ts';

export interface PublisherDeadLetterView {
  reason: string;
  at: string;
}

export interface LocalRoutesRuntime {
  clock: LocalClock;
  /** The table: FAILED and SKIPPED webhook deliveries are read from it. */
  store: Store;
  /** The offset in which dates without one are read (the plan's). */
  utcOffset: string;
  bus: LocalBus;
  publisherDeadLetters: readonly PublisherDeadLetterView[];
  telemetry: { counts: unknown };
  setClock(now: Date): Promise<SweepReport>;
  settle(): Promise<void>;
}

export async function localRoutes(
  req: IncomingMessage,
  res: ServerResponse,
  runtime: LocalRoutesRuntime,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /health')
    return sendJson(res, 200, { ok: true, now: runtime.clock.now().toISOString() });
  if (route === 'GET /_local/clock')
    return sendJson(res, 200, { now: runtime.clock.now().toISOString(), paused: runtime.clock.paused });
  if (route === 'POST /_local/clock') return moveClock(req, res, runtime);
  if (route === 'GET /_local/dead-letters') {
    return sendJson(res, 200, {
      bus: runtime.bus.deadLetters,
      publisher: runtime.publisherDeadLetters,
      webhooks: await webhookDeadLetters(runtime.store),
    });
  }
  if (route === 'GET /_local/metrics') return sendJson(res, 200, { counts: runtime.telemetry.counts });
  if (route === 'GET /_local/archive') {
    const from = instant(url.searchParams.get('from') ?? undefined, new Date(0), runtime.utcOffset);
    const to = instant(url.searchParams.get('to') ?? undefined, END_OF_TIME, runtime.utcOffset);
    if (!from || !to) return badRange(res, runtime.utcOffset);
    const events = runtime.bus.archive.filter((e) => inRange(e.time, from, to));
    return sendJson(res, 200, { count: events.length, events });
  }
  if (route === 'POST /_local/replay') {
    const body = (await readJson(req)) as { from?: unknown; to?: unknown; rules?: string[] };
    const from = instant(body?.from, new Date(0), runtime.utcOffset);
    const to = instant(body?.to, END_OF_TIME, runtime.utcOffset);
    if (!from || !to) return badRange(res, runtime.utcOffset);
    const replayed = runtime.bus.replay({ from, to, rules: body?.rules });
    await runtime.settle();
    return sendJson(res, 200, { replayed });
  }
  sendJson(res, 404, { error: `No local route ${route}` });
}

const END_OF_TIME = new Date('9999-12-31T00:00:00Z');

/** A range bound as the clock reads it; `fallback` when absent, null when it names no instant. */
function instant(value: unknown, fallback: Date, utcOffset: string): Date | null {
  if (value === undefined || value === '') return fallback;
  return typeof value === 'string' ? parseLocalInstant(value, utcOffset) : null;
}

function inRange(time: string, from: Date, to: Date): boolean {
  const t = Date.parse(time);
  return t >= from.getTime() && t <= to.getTime();
}

function badRange(res: ServerResponse, utcOffset: string): void {
  sendJson(res, 400, { error: `from/to must be ${INSTANT_HELP} (${utcOffset})`, code: 'BAD_USER_INPUT' });
}

async function moveClock(req: IncomingMessage, res: ServerResponse, runtime: LocalRoutesRuntime) {
  const body = (await readJson(req)) as { now?: unknown };
  const now = typeof body?.now === 'string' ? parseLocalInstant(body.now, runtime.utcOffset) : null;
  if (!now) {
    return sendJson(res, 400, {
      error: `Send {"now": "…"}: ${INSTANT_HELP} (${runtime.utcOffset})`,
      code: 'BAD_USER_INPUT',
    });
  }
  const problem = clockMoveProblem(runtime.clock.now(), now);
  if (problem) return sendJson(res, 409, { error: problem, code: 'CONFLICT' });
  const before = { ...runtime.bus.delivered };
  const sweep = await runtime.setClock(now);
  const delivered = Object.fromEntries(
    Object.entries(runtime.bus.delivered).map(([rule, n]) => [rule, n - (before[rule] ?? 0)]),
  );
  return sendJson(res, 200, { now: runtime.clock.now().toISOString(), sweep, delivered });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return null;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
