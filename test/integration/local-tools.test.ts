/**
 * The local tools as a developer and a process manager run them, as real processes: `npm start` (with
 * `--persist` and no folder; stopped by SIGTERM or SIGINT sent to the npm process), `npm run plan:import`
 * finding the running server, and the command lines of `npm run token` and `npm run plan:import`.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../services/local/dynamodb-local.ts';
import {
  commandOf,
  descendants,
  isAlive,
  killAllSpawned,
  portIsOpen,
  run,
  type Spawned,
  spawnTracked,
  waitFor,
  waitForHealth,
} from '../support/processes.ts';
import { generatePlan } from './plan-fixtures.ts';

afterAll(async () => {
  await killAllSpawned();
});

interface Started {
  npm: Spawned;
  home: string;
  port: number;
  node: number;
  java: number;
}

/** `npm start -- …args` in a fresh CLEARWATER_HOME on a free port, once it answers. */
async function npmStart(args: string[]): Promise<Started> {
  const home = mkdtempSync(join(tmpdir(), 'clearwater-tools-'));
  const port = await freePort();
  const npm = spawnTracked('npm', ['start', '--', ...args], {
    env: { PORT: String(port), CLEARWATER_HOME: home, CLEARWATER_CLOCK: '2020-03-31T10:00:00+08:00' },
  });
  await waitForHealth(`http://127.0.0.1:${port}`, npm);
  const tree = descendants(npm.pid);
  const node = tree.find((pid) => commandOf(pid)?.includes('services/local/main.ts'));
  const java = tree.find((pid) => commandOf(pid)?.includes('DynamoDBLocal'));
  expect(node).toBeDefined();
  expect(java).toBeDefined();
  return { npm, home, port, node: node as number, java: java as number };
}

/** Sends `signal` to the npm process only, as a process manager does, and expects everything gone within 5 s. */
async function expectStopsOn(started: Started, signal: NodeJS.Signals): Promise<void> {
  started.npm.child.kill(signal);
  await waitFor(
    `npm start to stop on ${signal}`,
    async () =>
      !isAlive(started.npm.pid) &&
      !isAlive(started.node) &&
      !isAlive(started.java) &&
      !(await portIsOpen(started.port)),
    5000,
  );
  expect(started.npm.output()).toContain(`${signal}: stopping Clearwater`);
}

describe('npm start', () => {
  it('with --persist and no folder keeps its data in .clearwater/data, and stops on SIGINT to npm', async () => {
    const started = await npmStart(['--persist']);

    expect(existsSync(join(started.home, 'data', 'shared-local-instance.db'))).toBe(true);
    expect(existsSync(join(started.home, 'data', `local-bus-clearwater.jsonl`))).toBe(true);

    await expectStopsOn(started, 'SIGINT');
  }, 90_000);

  it('writes its URL where plan:import finds it, whatever the port, and removes it when stopped', async () => {
    const started = await npmStart([]);
    const serverFile = join(started.home, 'server.json');
    expect(JSON.parse(readFileSync(serverFile, 'utf8'))).toEqual({
      url: `http://localhost:${started.port}`,
      pid: started.node,
    });
    const planFile = join(started.home, 'plan.json');
    writeFileSync(planFile, JSON.stringify(generatePlan({ id: 'tools-plan', tasks: 2 })));

    // No --url and no PORT: the server runs on a port that is not 4000.
    const imported = await run('npm', ['run', '-s', 'plan:import', '--', planFile], {
      CLEARWATER_HOME: started.home,
      PORT: undefined,
    });

    expect(imported.stderr).toBe('');
    expect([imported.code, JSON.parse(imported.stdout)]).toEqual([
      0,
      expect.objectContaining({ planId: 'tools-plan' }),
    ]);

    await expectStopsOn(started, 'SIGTERM');
    expect(existsSync(serverFile)).toBe(false);
  }, 90_000);

  it('stops by itself, Java included, when npm is killed outright (SIGKILL) and cannot forward anything', async () => {
    const started = await npmStart([]);

    started.npm.child.kill('SIGKILL');

    await waitFor(
      'the orphaned server to stop',
      async () => !isAlive(started.node) && !isAlive(started.java) && !(await portIsOpen(started.port)),
      8000,
    );
    expect(existsSync(join(started.home, 'server.json'))).toBe(false);
  }, 90_000);
});

// Each case is a short process of its own: they run side by side.
describe.concurrent('The command lines of npm run token and npm run plan:import', () => {
  for (const [script, usage] of [
    ['token', 'Usage: npm run token -- --role <ROLE>'],
    ['plan:import', 'Usage: npm run plan:import -- <plan.json>'],
  ] as const) {
    it(`${script} --help prints the usage and exits 0`, async ({ expect }) => {
      const help = await run('npm', ['run', '-s', script, '--', '--help']);

      expect(help.code).toBe(0);
      expect(help.stdout.startsWith(usage)).toBe(true);
      expect(help.stderr).toBe('');
    });

    it(`${script} answers an unknown option with one line and exit code 2`, async ({ expect }) => {
      const wrong = await run('npm', ['run', '-s', script, '--', '--frobnicate']);

      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toBe(`${script}: unknown option --frobnicate (see --help)\n`);
      expect(wrong.stdout).toBe('');
    });
  }

  it('token names a missing option value in one line, exit code 2', async ({ expect }) => {
    const wrong = await run('npm', ['run', '-s', 'token', '--', '--role']);

    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toEqual([
      "token: Option '--role <value>' argument missing (see --help)",
    ]);
  });
});
