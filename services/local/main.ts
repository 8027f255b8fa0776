/**
 * `npm start`: the whole system locally. Options (flags or environment):
 *   PORT=4000                     HTTP port
 *   CLEARWATER_CLOCK=<ISO>        start the clock at this instant (then it runs in real time)
 *   --persist [dir] | CLEARWATER_DATA_DIR=<dir>   keep data across restarts (default: in memory)
 *   CLEARWATER_SETTINGS=<json> | CLEARWATER_SETTINGS_FILE=<file>   operator settings (e.g. calendar years)
 */
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { SettingsError } from '../shared/settings.ts';
import { LocalSetupError } from './dynamodb-local.ts';
import { DEFAULT_DATA_DIR, KEYS_DIR } from './paths.ts';
import { type LocalRuntime, startLocalRuntime } from './runtime.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function fail(message: string): never {
  console.error(`\nclearwater: ${message}\n`);
  process.exit(1);
}

function options() {
  const { values } = parseArgs({
    options: { persist: { type: 'string' }, port: { type: 'string' }, clock: { type: 'string' } },
    allowPositionals: false,
    strict: false,
  });
  const port = Number(values.port ?? process.env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`PORT must be a port number, not ${values.port ?? process.env.PORT}`);
  const clockText = (values.clock as string | undefined) ?? process.env.CLEARWATER_CLOCK;
  const clockStart = clockText ? new Date(clockText) : new Date();
  if (Number.isNaN(clockStart.getTime()))
    fail(`CLEARWATER_CLOCK must be an ISO 8601 instant, e.g. 2020-05-01T00:00:00+08:00; got ${clockText}`);
  const persist =
    values.persist === undefined
      ? process.env.CLEARWATER_DATA_DIR
      : (values.persist as string) || DEFAULT_DATA_DIR;
  return { port, clockStart, dataDir: persist || undefined };
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
  const { port, clockStart, dataDir } = options();
  await assertPortFree(port);
  console.log(`Starting Clearwater (clock ${clockStart.toISOString()}, data ${dataDir ?? 'in memory'})…`);
  let runtime: LocalRuntime;
  try {
    runtime = await startLocalRuntime({
      port,
      clockStart,
      dataDir,
      keysDir: KEYS_DIR,
      seedOutfalls: true,
      log: (message, context) => console.log(`  ${message}${context ? ` ${JSON.stringify(context)}` : ''}`),
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
  console.log(`
Clearwater is running.
  GraphQL (GraphiQL in a browser):  ${runtime.url}/graphql
  Clock:                            ${runtime.clock.now().toISOString()}  (POST ${runtime.url}/_local/clock {"now": "..."} to move it)
  Get a token:                      npm run token -- --role SUPERVISOR --unit yanhu-gov-office
  Try:  curl -s ${runtime.url}/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
          -d '{"query":"{ plan(id: \\"yanhu-2020\\") { title tasks(first: 5) { edges { node { number title status } } } } }"}'
Press Ctrl+C to stop.`);

  let stopping = false;
  void runtime.dynamoExited.then((code) => {
    if (!stopping)
      fail(`DynamoDB Local stopped unexpectedly (exit code ${code}). Clearwater cannot run without it.`);
  });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Clearwater…`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
