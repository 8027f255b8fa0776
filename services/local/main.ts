/**
 * `npm start`: the whole system locally. Options: see START_USAGE (`npm start -- --help`).
 *
 * Stopping: SIGINT or SIGTERM (Ctrl+C, or a process manager signalling npm, which forwards it here:
 * the npm script `exec`s node so no shell sits in between) stops the server, the stream poller and
 * DynamoDB Local, and removes `.clearwater/server.json`. If npm itself is killed outright, this process
 * notices it was orphaned and stops the same way; if this process is killed outright, Java dies with it
 * (see dynamodb-local.ts).
 */
import { createServer } from 'node:net';
import { LOCAL_CORS_ORIGINS, parseCorsOrigins } from '../../graphql/cors.ts';
import yanhu from '../plan/plans/yanhu-2020.json' with { type: 'json' };
import { parseLifetime } from '../shared/auth/verify.ts';
import { ENV } from '../shared/config.ts';
import { SettingsError } from '../shared/settings.ts';
import { parseCommandLine } from './cli.ts';
import { LocalSetupError } from './dynamodb-local.ts';
import { DEFAULT_DATA_DIR, KEYS_DIR, SERVER_FILE } from './paths.ts';
import { type LocalRuntime, startLocalRuntime } from './runtime.ts';
import { removeServerFile, writeServerFile } from './server-file.ts';
import { parseStartOptions, START_USAGE } from './start-options.ts';
import { type LocalTelemetry, telemetryFromEnv } from './telemetry.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function fail(message: string): never {
  console.error(`\nclearwater: ${message}\n`);
  process.exit(1);
}

/** CORS origins, token lifetime and log output from the environment (see the README's option table). */
function environmentOptions(): {
  corsOrigins: readonly string[];
  tokenMaxLifetimeSeconds?: number;
  telemetry: LocalTelemetry;
} {
  try {
    const cors = process.env[ENV.corsOrigins];
    const lifetime = process.env[ENV.tokenMaxLifetime];
    return {
      corsOrigins: cors ? parseCorsOrigins(cors) : LOCAL_CORS_ORIGINS,
      tokenMaxLifetimeSeconds: lifetime ? parseLifetime(lifetime) : undefined,
      telemetry: telemetryFromEnv(),
    };
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** Fails fast on a busy port, before DynamoDB Local is started for nothing. */
async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve) => {
    const probe = createServer();
    probe.once('error', () =>
      fail(
        `port ${port} is already in use. Stop what runs there or start with another port: PORT=4001 npm start`,
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const { port, clockStart, clockPaused, dataDir } = parseCommandLine(
    'npm start',
    START_USAGE,
    process.argv.slice(2),
    (argv) =>
      parseStartOptions(argv, process.env, {
        now: new Date(),
        dataDir: DEFAULT_DATA_DIR,
        utcOffset: yanhu.utcOffset,
      }),
  );
  const { corsOrigins, tokenMaxLifetimeSeconds, telemetry } = environmentOptions();
  await assertPortFree(port);
  console.log(
    `Starting Clearwater (clock ${clockStart.toISOString()}${clockPaused ? ', paused' : ''}, data ${dataDir ?? 'in memory'})…`,
  );
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({
      port,
      clockStart,
      clockPaused,
      dataDir,
      keysDir: KEYS_DIR,
      corsOrigins,
      tokenMaxLifetimeSeconds,
      telemetry,
      seedOutfalls: true,
    });
  } catch (error) {
    if (error instanceof LocalSetupError || error instanceof SettingsError) fail(error.message);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      fail(
        `port ${port} is already in use. Stop what runs there or start with another port: PORT=4001 npm start`,
      );
    }
    throw error;
  }
  writeServerFile(SERVER_FILE, runtime.url);
  console.log(`
Clearwater is running.
  GraphQL (GraphiQL in a browser):  ${runtime.url}/graphql
  Clock:                            ${runtime.clock.now().toISOString()}${runtime.clock.paused ? ' (paused: nothing is swept until you set it)' : ''}  (POST ${runtime.url}/_local/clock {"now": "..."} to move it)
  Get a token:                      npm run token -- --role SUPERVISOR --unit yanhu-gov-office
  Try:  curl -s ${runtime.url}/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
          -d '{"query":"{ plan(id: \\"yanhu-2020\\") { title tasks(first: 5) { edges { node { number title status } } } } }"}'
Press Ctrl+C to stop.`);

  let stopping = false;
  void runtime.dynamoExited.then((code) => {
    if (stopping) return;
    removeServerFile(SERVER_FILE);
    fail(`DynamoDB Local stopped unexpectedly (exit code ${code}). Clearwater cannot run without it.`);
  });
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping Clearwater…`);
    // Never hang a process manager: Java is killed by the exit hook if a clean stop takes too long.
    setTimeout(() => process.exit(1), 10_000).unref();
    removeServerFile(SERVER_FILE);
    await runtime.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void shutdown(signal));
  // Killed outright (SIGKILL), npm forwards nothing: being orphaned is the only sign.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent process exited');
  }, 1000).unref();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
