/**
 * The local runtime: DynamoDB Local, the table from the shared definition, the Yanhu 2020 plan, the
 * stream poller feeding the outbox publisher, the local bus running the rule list, the sweeper, and
 * the GraphQL server. `npm start` runs it; end-to-end tests start it on an ephemeral port.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createServer as createGraphqlServer } from '../../graphql/yoga.ts';
import { deadlineKinds } from '../app/deadline-kinds.ts';
import { targets } from '../app/targets.ts';
import { LocalBus } from '../events/local-bus.ts';
import { type OutboxStreamRecord, publishRecords } from '../events/publisher.ts';
import { rules } from '../events/rules.ts';
import { seedOutfalls } from '../outfalls/seed.ts';
import { importPlan } from '../plan/import.ts';
import yanhu from '../plan/plans/yanhu-2020.json' with { type: 'json' };
import { getPlan } from '../plan/repository.ts';
import { systemActor } from '../shared/auth/principal.ts';
import { OffsetClock } from '../shared/clock.ts';
import { type SweepReport, sweep } from '../shared/deadlines/sweeper.ts';
import { loadSettings, type Settings } from '../shared/settings.ts';
import { createStore, type Store } from '../shared/store/client.ts';
import { createTable } from '../shared/store/create-table.ts';
import { districtTime } from '../shared/time/zone.ts';
import { devVerifier } from './dev-issuer.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { StreamPoller } from './stream-poller.ts';

export interface RuntimeOptions {
  /** Use this DynamoDB Local instead of starting one (tests share one per run). */
  endpoint?: string;
  /** Persist DynamoDB Local's data in this folder (in memory when absent). */
  dataDir?: string;
  tableName?: string;
  /** Folder of the development issuer's key. */
  keysDir: string;
  /** HTTP port; 0 picks a free one. */
  port?: number;
  clockStart?: Date;
  loadYanhu?: boolean;
  sweepIntervalMs?: number;
  pollIntervalMs?: number;
  busRetryBaseMs?: number;
  fetch?: typeof fetch;
  log?: (message: string, context?: Record<string, unknown>) => void;
  /** Operator settings; default: read from CLEARWATER_SETTINGS / CLEARWATER_SETTINGS_FILE. */
  settings?: Settings;
  /** Load the fictional outfall register after the plan (`npm start`; tests leave it out). */
  seedOutfalls?: boolean;
}

export interface PublisherDeadLetter {
  reason: string;
  record: OutboxStreamRecord;
  at: string;
}

export interface LocalRuntime {
  url: string;
  store: Store;
  clock: OffsetClock;
  bus: LocalBus;
  publisherDeadLetters: PublisherDeadLetter[];
  sweepNow(): Promise<SweepReport>;
  /** Waits until the stream is read to its end and every bus delivery (with retries) has finished. */
  settle(): Promise<void>;
  /** Moves the clock, sweeps, and waits for the resulting deliveries. */
  setClock(now: Date): Promise<SweepReport>;
  /** Resolves if the DynamoDB Local this runtime started exits on its own. */
  dynamoExited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: RuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  // Invalid settings stop the start before anything runs.
  const settings = options.settings ?? loadSettings();
  const time = districtTime(settings);
  let dynamo: DynamoDbLocal | undefined;
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => {});
  };
  try {
    if (!options.endpoint) {
      dynamo = await startDynamoDbLocal({ dataDir: options.dataDir });
      const running = dynamo;
      stops.push(() => running.stop());
    }
    const endpoint = options.endpoint ?? (dynamo as DynamoDbLocal).endpoint;
    const store = createStore({ tableName: options.tableName ?? 'clearwater', endpoint });
    await createTable(store.db, store.tableName);
    const clock = new OffsetClock(options.clockStart ?? new Date());
    const fetchImpl = options.fetch ?? fetch;
    const deps = { store, clock, settings, time, fetch: fetchImpl, allowInsecureLocalhost: true };

    const bus = new LocalBus({ rules, handlers: targets, deps, retryBaseMs: options.busRetryBaseMs, log });
    const publisherDeadLetters: PublisherDeadLetter[] = [];
    const deadLetter = async (record: OutboxStreamRecord, reason: string) => {
      publisherDeadLetters.push({ record, reason, at: new Date().toISOString() });
    };
    // With persisted data, remember how far the stream was read, so a restart does not publish again.
    const checkpointFile = options.dataDir
      ? join(options.dataDir, `stream-checkpoint-${store.tableName}.json`)
      : null;
    const poller = new StreamPoller({
      db: store.db,
      endpoint,
      tableName: store.tableName,
      intervalMs: options.pollIntervalMs,
      checkpoint:
        checkpointFile && existsSync(checkpointFile) ? JSON.parse(readFileSync(checkpointFile, 'utf8')) : {},
      onCheckpoint: (checkpoint) =>
        checkpointFile && writeFileSync(checkpointFile, JSON.stringify(checkpoint)),
      handle: (records) =>
        publishRecords(records, { bus, busName: 'clearwater', deadLetters: { deadLetter }, log }),
      onGiveUp: (record, attempts) => deadLetter(record, `publishing failed ${attempts} times`),
      log,
    });
    stops.push(() => poller.stop());

    if (options.loadYanhu !== false && !(await getPlan(store, yanhu.id))) {
      await importPlan(
        { store, clock },
        { actor: systemActor('local-runtime'), correlationId: 'local-start' },
        yanhu,
      );
      log('Loaded the Yanhu 2020 plan', { planId: yanhu.id });
    }
    if (options.seedOutfalls) {
      const added = await seedOutfalls({ store, clock, settings, time });
      if (added) log('Loaded the fictional outfall register', { outfalls: added });
    }
    poller.start();

    const sweepNow = () => sweep(deps, deadlineKinds, log);
    const settle = async () => {
      for (;;) {
        await poller.drain();
        if (bus.pending > 0) {
          await bus.settled();
          continue;
        }
        if ((await poller.pollOnce()) === 0 && bus.pending === 0) return;
      }
    };
    const setClock = async (now: Date) => {
      clock.set(now);
      const report = await sweepNow();
      await settle();
      return report;
    };
    const sweepTimer = setInterval(() => {
      sweepNow().catch((error) => log('Sweep failed', { error: String(error) }));
    }, options.sweepIntervalMs ?? 60_000);
    stops.push(async () => clearInterval(sweepTimer));
    // Ready means settled: the plan's import and the first sweep's events have all been delivered.
    await sweepNow();
    await settle();

    const yoga = createGraphqlServer({
      store,
      clock,
      verifier: await devVerifier(options.keysDir),
      graphiql: true,
      allowInsecureLocalhost: true,
      settings,
      time,
      log: (message, error) => log(message, { error: String(error) }),
    });
    const runtime = { store, clock, bus, publisherDeadLetters, sweepNow, settle, setClock } as const;
    const server = createHttpServer((req, res) => {
      if (req.url?.startsWith('/_local/') || req.url === '/health') {
        localRoutes(req, res, runtime).catch((error) => sendJson(res, 500, { error: String(error) }));
      } else {
        void yoga(req, res);
      }
    });
    await listen(server, options.port ?? 4000);
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const { port } = server.address() as AddressInfo;
    const dynamoExited = dynamo ? dynamo.exited : new Promise<number | null>(() => {});
    return { ...runtime, url: `http://localhost:${port}`, dynamoExited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

type RuntimeCore = Pick<LocalRuntime, 'clock' | 'bus' | 'publisherDeadLetters' | 'setClock' | 'settle'>;

/** Development-only endpoints; absent from the Lambda build (nothing in services/lambda imports this). */
async function localRoutes(req: IncomingMessage, res: ServerResponse, runtime: RuntimeCore): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /health')
    return sendJson(res, 200, { ok: true, now: runtime.clock.now().toISOString() });
  if (route === 'GET /_local/clock') return sendJson(res, 200, { now: runtime.clock.now().toISOString() });
  if (route === 'POST /_local/clock') {
    const body = (await readJson(req)) as { now?: unknown };
    const now = typeof body?.now === 'string' ? new Date(body.now) : null;
    if (!now || Number.isNaN(now.getTime())) {
      return sendJson(res, 400, { error: 'Send {"now": "<ISO 8601 instant>"}', code: 'BAD_USER_INPUT' });
    }
    const before = { ...runtime.bus.delivered };
    const sweep = await runtime.setClock(now);
    const delivered = Object.fromEntries(
      Object.entries(runtime.bus.delivered).map(([rule, n]) => [rule, n - (before[rule] ?? 0)]),
    );
    return sendJson(res, 200, { now: runtime.clock.now().toISOString(), sweep, delivered });
  }
  if (route === 'GET /_local/dead-letters') {
    return sendJson(res, 200, { bus: runtime.bus.deadLetters, publisher: runtime.publisherDeadLetters });
  }
  if (route === 'GET /_local/archive') {
    const from = Date.parse(url.searchParams.get('from') ?? '') || -Infinity;
    const to = Date.parse(url.searchParams.get('to') ?? '') || Infinity;
    const events = runtime.bus.archive.filter((e) => Date.parse(e.time) >= from && Date.parse(e.time) <= to);
    return sendJson(res, 200, { count: events.length, events });
  }
  if (route === 'POST /_local/replay') {
    const body = (await readJson(req)) as { from?: string; to?: string; rules?: string[] };
    const from = new Date(body?.from ?? 0);
    const to = new Date(body?.to ?? '9999-12-31T00:00:00Z');
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      return sendJson(res, 400, { error: 'from/to must be ISO 8601 instants', code: 'BAD_USER_INPUT' });
    }
    const replayed = runtime.bus.replay({ from, to, rules: body?.rules });
    await runtime.settle();
    return sendJson(res, 200, { replayed });
  }
  sendJson(res, 404, { error: `No local route ${route}` });
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
