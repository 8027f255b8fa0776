/**
 * The local runtime: DynamoDB Local, the table from the shared definition, the Yanhu 2020 plan, the
 * stream poller feeding the outbox publisher, the local bus running the rule list, the sweeper, and
 * the GraphQL server. `npm start` runs it; end-to-end tests start it on an ephemeral port.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { LOCAL_CORS_ORIGINS } from '../../graphql/cors.ts';
import { createServer as createGraphqlServer } from '../../graphql/yoga.ts';
import { deadlineKinds } from '../app/deadline-kinds.ts';
import { validateSettings } from '../app/settings.ts';
import { targets } from '../app/targets.ts';
import { LocalBus } from '../events/local-bus.ts';
import { observedTarget } from '../events/observed-target.ts';
import { type OutboxStreamRecord, observePublished, publishRecords } from '../events/publisher.ts';
import { rules, TARGETS } from '../events/rules.ts';
import { seedOutfalls } from '../outfalls/seed.ts';
import { importPlan } from '../plan/import.ts';
import yanhu from '../plan/plans/yanhu-2020.json' with { type: 'json' };
import { getPlan } from '../plan/repository.ts';
import { systemActor } from '../shared/auth/principal.ts';
import { observeSweep, type SweepReport, sweep } from '../shared/deadlines/sweeper.ts';
import { loadSettings, type Settings } from '../shared/settings.ts';
import { createStore, type Store } from '../shared/store/client.ts';
import { createTable } from '../shared/store/create-table.ts';
import { logAt, METRIC } from '../shared/telemetry.ts';
import { districtTime } from '../shared/time/zone.ts';
import { FileBusJournal } from './bus-journal.ts';
import { LocalClock } from './clock.ts';
import { devVerifier } from './dev-issuer.ts';
import { type DynamoDbLocal, QUICK_START_JVM_OPTIONS, startDynamoDbLocal } from './dynamodb-local.ts';
import { JsonLinesFile, readJsonLines, writeFileAtomic } from './files.ts';
import { localRoutes } from './local-routes.ts';
import { StreamPoller } from './stream-poller.ts';
import { consoleTelemetry, type LocalTelemetry } from './telemetry.ts';

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
  /** Keep the clock still, and sweep nothing, until it is first set (`POST /_local/clock`). */
  clockPaused?: boolean;
  loadYanhu?: boolean;
  sweepIntervalMs?: number;
  pollIntervalMs?: number;
  busRetryBaseMs?: number;
  /** Browser origins allowed by CORS. @default LOCAL_CORS_ORIGINS (localhost and 127.0.0.1, any port) */
  corsOrigins?: readonly string[];
  /** Longest accepted token lifetime in seconds. @default 12 h */
  tokenMaxLifetimeSeconds?: number;
  /** Where the runtime logs and counts, with the fields the Lambda functions log (by default it only counts). */
  telemetry?: LocalTelemetry;
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
  clock: LocalClock;
  /** The offset in which the local endpoints read dates written without one (the Yanhu plan's). */
  utcOffset: string;
  bus: LocalBus;
  publisherDeadLetters: PublisherDeadLetter[];
  /** What was logged and counted; `GET /_local/metrics` serves the counts. */
  telemetry: LocalTelemetry;
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
  const telemetry = options.telemetry ?? consoleTelemetry({ write: () => {} });
  const log = logAt(telemetry, 'info');
  // Invalid settings stop the start before anything runs.
  const settings = validateSettings(options.settings ?? loadSettings());
  const time = districtTime(settings);
  let dynamo: DynamoDbLocal | undefined;
  const stops: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | undefined;
  // Once, however often it is called: each step releases something (a port, a file descriptor) only once.
  const stop = () => {
    stopped ??= (async () => {
      for (const fn of [...stops].reverse()) await fn().catch(() => {});
    })();
    return stopped;
  };
  try {
    if (!options.endpoint) {
      dynamo = await startDynamoDbLocal({ dataDir: options.dataDir, jvmOptions: QUICK_START_JVM_OPTIONS });
      const running = dynamo;
      stops.push(() => running.stop());
    }
    const endpoint = options.endpoint ?? (dynamo as DynamoDbLocal).endpoint;
    const store = createStore({ tableName: options.tableName ?? 'clearwater', endpoint });
    await createTable(store.db, store.tableName);
    const clock = new LocalClock(options.clockStart ?? new Date(), { paused: options.clockPaused });
    const deps = { store, clock, settings, time, allowInsecureLocalhost: true, telemetry };
    const persisted = options.dataDir ? persistedState(options.dataDir, store.tableName, log) : null;

    const journal = persisted?.busJournal;
    if (persisted) {
      stops.push(async () => {
        persisted.busJournal.close();
        persisted.publisherDeadLetterFile.close();
      });
    }
    // Each target wrapped as the Lambda adapter wraps it: the same log lines and failure counts.
    const handlers = Object.fromEntries(TARGETS.map((name) => [name, observedTarget(name, targets[name])]));
    const bus = new LocalBus({
      rules,
      handlers: handlers as typeof targets,
      deps,
      retryBaseMs: options.busRetryBaseMs,
      journal,
      log,
    });
    const publisherDeadLetters: PublisherDeadLetter[] = persisted?.publisherDeadLetters ?? [];
    const deadLetter = async (record: OutboxStreamRecord, reason: string) => {
      const letter = { record, reason, at: new Date().toISOString() };
      // Before the poller checkpoints past the record: a restart must still list it.
      persisted?.publisherDeadLetterFile.append([letter], { sync: true });
      publisherDeadLetters.push(letter);
    };
    const poller = new StreamPoller({
      db: store.db,
      endpoint,
      tableName: store.tableName,
      intervalMs: options.pollIntervalMs,
      // With persisted data, remember how far the stream was read, so a restart does not publish again.
      // The checkpoint is written when PutEvents has answered: by then the bus journal holds the events
      // and their pending deliveries, so nothing accepted is lost if the process dies before the handlers run.
      checkpoint: persisted?.checkpoint ?? {},
      onCheckpoint: (checkpoint) => persisted?.saveCheckpoint(checkpoint),
      handle: async (records) => {
        const result = await publishRecords(records, {
          bus,
          busName: 'clearwater',
          deadLetters: { deadLetter },
          log,
        });
        observePublished(telemetry, result);
        return result;
      },
      onGiveUp: async (record, attempts) => {
        telemetry.count(METRIC.deadLetters, 1, { stage: 'publisher' });
        await deadLetter(record, `publishing failed ${attempts} times`);
      },
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
    bus.resume();
    poller.start();

    const sweepNow = async () => {
      const report = await sweep(deps, deadlineKinds, log);
      observeSweep(telemetry, report);
      return report;
    };
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
    // A paused clock sweeps nothing: an integrator can subscribe before the first deadline fires.
    const sweepTimer = setInterval(() => {
      if (clock.paused) return;
      sweepNow().catch((error) => log('Sweep failed', { error: String(error) }));
    }, options.sweepIntervalMs ?? 60_000);
    stops.push(async () => clearInterval(sweepTimer));
    // Ready means settled: the plan's import and the first sweep's events have all been delivered.
    if (!clock.paused) await sweepNow();
    await settle();

    const yoga = createGraphqlServer({
      store,
      clock,
      verifier: await devVerifier(options.keysDir, options.tokenMaxLifetimeSeconds),
      // GraphiQL with its scripts, styles and editor workers inlined from the installed package: no CDN.
      graphiql: renderGraphiQL,
      corsOrigins: options.corsOrigins ?? LOCAL_CORS_ORIGINS,
      allowInsecureLocalhost: true,
      settings,
      time,
      telemetry,
      log: (message, error) => telemetry.log('error', message, { error }),
    });
    const utcOffset = yanhu.utcOffset;
    const runtime = {
      store,
      clock,
      utcOffset,
      bus,
      publisherDeadLetters,
      telemetry,
      sweepNow,
      settle,
      setClock,
    } as const;
    const server = createHttpServer((req, res) => {
      if (req.url?.startsWith('/_local/') || req.url === '/health') {
        localRoutes(req, res, runtime).catch((error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: String(error) }));
        });
      } else {
        // As the Lambda adapter does: the caller's correlation id, else one of our own.
        req.headers['x-correlation-id'] ??= randomUUID();
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

/**
 * What a runtime keeps in its data folder besides DynamoDB Local's file: the stream checkpoint, the bus
 * journal (archive, pending deliveries, dead letters) and the publisher's dead letters.
 */
type Log = (message: string, context?: Record<string, unknown>) => void;

function persistedState(dataDir: string, tableName: string, log: Log) {
  mkdirSync(dataDir, { recursive: true });
  const checkpointFile = join(dataDir, `stream-checkpoint-${tableName}.json`);
  const deadLetterPath = join(dataDir, `publisher-dead-letters-${tableName}.jsonl`);
  const publisherDeadLetters = readJsonLines(deadLetterPath) as PublisherDeadLetter[];
  return {
    checkpoint: readCheckpoint(checkpointFile, log),
    saveCheckpoint: (checkpoint: Record<string, string>) =>
      writeFileAtomic(checkpointFile, JSON.stringify(checkpoint)),
    busJournal: new FileBusJournal(join(dataDir, `local-bus-${tableName}.jsonl`)),
    publisherDeadLetters,
    publisherDeadLetterFile: new JsonLinesFile(deadLetterPath, publisherDeadLetters),
  };
}

/** The stream checkpoint; none (read the stream from its start: repeats, never losses) if unreadable. */
function readCheckpoint(file: string, log: Log): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    log('Stream checkpoint unreadable; reading the stream from its start', { file, error: String(error) });
    return {};
  }
}
