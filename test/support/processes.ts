/**
 * Spawned-process harness: run the local tools (`npm start`, the runtime's main, the CLIs) as real child
 * processes, wait for them, inspect their process trees, and make sure none outlives the test file —
 * `killAllSpawned()` in an `afterAll` kills every process spawned here and all their descendants.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr so far (the last 64 KB). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const spawned = new Set<ChildProcess>();

export function spawnTracked(
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Spawned {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: undefined, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      spawned.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, pid: child.pid as number, output: () => output, exited };
}

/** `node --import tsx <script> …args`: one process, so a signal sent to it reaches the script itself. */
export function spawnTsx(
  script: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Spawned {
  return spawnTracked(process.execPath, ['--import', 'tsx', script, ...args], { env });
}

/** Runs a command to its end; resolves with its exit code and output. */
export async function run(
  command: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnTracked(command, args, { env });
  let stdout = '';
  let stderr = '';
  proc.child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  proc.child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const { code } = await proc.exited;
  return { code, stdout, stderr };
}

/** Every process below `pid` (children, grandchildren, …), read from `ps`. */
export function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const visit = (parent: number) => {
    for (const [child, ppid] of table) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/** The command line of a process, or undefined when it is gone. */
export function commandOf(pid: number): string | undefined {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return commandOf(pid) !== undefined && !commandOf(pid)?.includes('<defunct>');
  } catch {
    return false;
  }
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Waits until `GET <url>/health` answers, failing early (with its output) if the process exits. */
export async function waitForHealth(url: string, proc: Spawned, timeoutMs = 60_000): Promise<void> {
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  await waitFor(
    `${url}/health`,
    async () => {
      if (exited) throw new Error(`The process exited before it was ready:\n${proc.output()}`);
      return fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      );
    },
    timeoutMs,
  );
}

export function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SIGKILLs every process spawned through this module that is still running, and all its descendants. */
export async function killAllSpawned(): Promise<void> {
  const victims = [...spawned].flatMap((child) => (child.pid ? [child.pid, ...descendants(child.pid)] : []));
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.all(
    [...spawned].map(
      (child) =>
        new Promise((resolve) =>
          child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve),
        ),
    ),
  );
}
