/**
 * Specification of the local tools' pure parts: how `npm start` reads its flags and environment, how the
 * local clock reads instants and refuses to go back, how a command-line problem becomes one line, and
 * how `plan:import` finds the running server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UsageError, usageProblem } from '../../services/local/cli.ts';
import { clockMoveProblem, LocalClock, parseLocalInstant } from '../../services/local/clock.ts';
import { removeServerFile, runningServerUrl, writeServerFile } from '../../services/local/server-file.ts';
import { parseStartOptions } from '../../services/local/start-options.ts';

const YANHU = '+08:00';

describe('parseLocalInstant', () => {
  it.each([
    ['2020-05-08', '2020-05-07T16:00:00.000Z'],
    ['2020-05-08T09:30', '2020-05-08T01:30:00.000Z'],
    ['2020-05-08T09:30:15', '2020-05-08T01:30:15.000Z'],
    ['2020-05-08T09:30:15.250', '2020-05-08T01:30:15.250Z'],
    ['2020-05-08T00:00:00+08:00', '2020-05-07T16:00:00.000Z'],
    ['2020-05-08T00:00:00Z', '2020-05-08T00:00:00.000Z'],
    ['2020-05-08T00:00:00-05:00', '2020-05-08T05:00:00.000Z'],
    [' 2020-12-31 ', '2020-12-30T16:00:00.000Z'],
    ['2020-02-29', '2020-02-28T16:00:00.000Z'],
  ])('reads %j as %s (offset-less input at +08:00)', (text, instant) => {
    expect(parseLocalInstant(text, YANHU)?.toISOString()).toBe(instant);
  });

  it.each([
    '2020-02-30',
    '2019-02-29',
    '2020-13-01',
    '2020-05-08T25:00',
    '2020-5-8',
    '2020-05-08 10:00',
    'tomorrow',
    '',
    '1588291200000',
  ])('names no instant in %j', (text) => {
    expect(parseLocalInstant(text, YANHU)).toBeNull();
  });
});

describe('The local clock', () => {
  it('moves forward or stays, never backwards', () => {
    const now = new Date('2020-05-08T00:00:00+08:00');

    expect(clockMoveProblem(now, new Date('2020-05-09T00:00:00+08:00'))).toBeNull();
    expect(clockMoveProblem(now, now)).toBeNull();
    expect(clockMoveProblem(now, new Date('2020-05-07T23:59:59+08:00'))).toMatch(
      /^The clock only moves forward: it is 2020-05-07T16:00:00.000Z and 2020-05-07T15:59:59.000Z is earlier/,
    );
  });

  it('started paused stands still until it is set, then runs in real time', async () => {
    const start = new Date('2020-05-01T00:00:00+08:00');
    const clock = new LocalClock(start, { paused: true });
    await new Promise((resolve) => setTimeout(resolve, 30));

    expect([clock.paused, clock.now().toISOString()]).toEqual([true, start.toISOString()]);

    clock.set(start);
    await new Promise((resolve) => setTimeout(resolve, 30));

    expect(clock.paused).toBe(false);
    expect(clock.now().getTime()).toBeGreaterThan(start.getTime());
  });
});

describe('npm start options', () => {
  const defaults = {
    now: new Date('2026-01-01T00:00:00Z'),
    dataDir: '/home/dev/.clearwater/data',
    utcOffset: YANHU,
  };
  const parse = (argv: string[], env: Record<string, string> = {}) => parseStartOptions(argv, env, defaults);

  it('keeps data in memory, on port 4000, at the current instant, by default', () => {
    expect(parse([])).toEqual({ port: 4000, clockStart: defaults.now, clockPaused: false });
  });

  it('reads --persist without a folder as the default folder, alone or before another flag', () => {
    expect(parse(['--persist']).dataDir).toBe(defaults.dataDir);
    expect(parse(['--persist', '--port', '4001'])).toMatchObject({ dataDir: defaults.dataDir, port: 4001 });
    expect(parse(['--persist', 'tmp/data']).dataDir).toBe('tmp/data');
    expect(parse(['--persist=tmp/data']).dataDir).toBe('tmp/data');
    expect(parse([], { CLEARWATER_DATA_DIR: '/srv/clearwater' }).dataDir).toBe('/srv/clearwater');
  });

  it('reads CLEARWATER_CLOCK and --clock like POST /_local/clock, and --paused', () => {
    expect(parse([], { CLEARWATER_CLOCK: '2020-05-01' }).clockStart.toISOString()).toBe(
      '2020-04-30T16:00:00.000Z',
    );
    expect(parse(['--clock', '2020-05-01T00:00:00Z', '--paused'])).toMatchObject({
      clockStart: new Date('2020-05-01T00:00:00Z'),
      clockPaused: true,
    });
  });

  it('refuses a bad port, a bad clock, an unknown flag and a stray argument as usage errors', () => {
    const problem = (argv: string[], env: Record<string, string> = {}) => {
      try {
        parse(argv, env);
        return null;
      } catch (error) {
        return usageProblem(error);
      }
    };

    expect(problem([], { PORT: 'abc' })).toBe('PORT must be a port number, not abc');
    expect(problem(['--port', '70000'])).toBe('PORT must be a port number, not 70000');
    expect(problem(['--clock', '2020-02-30'])).toMatch(/^CLEARWATER_CLOCK must be an ISO 8601 date-time/);
    expect(problem(['--persit'])).toBe('unknown option --persit');
    expect(problem(['data'])).toMatch(/^Unexpected argument 'data'/);
  });
});

describe('usageProblem', () => {
  it('turns command-line errors into one line and leaves other errors alone', () => {
    const parseError = (args: string[]) => {
      try {
        parseArgs({ args, options: { role: { type: 'string' } }, strict: true });
      } catch (error) {
        return error;
      }
    };

    expect(usageProblem(parseError(['--nope']))).toBe('unknown option --nope');
    expect(usageProblem(parseError(['--role']))).toBe("Option '--role <value>' argument missing");
    expect(usageProblem(new UsageError('give the plan file'))).toBe('give the plan file');
    expect(usageProblem(new Error('ECONNREFUSED'))).toBeNull();
  });
});

describe('The running server’s URL file', () => {
  it('names the running server, and nothing once its process is gone or it stopped', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'clearwater-server-')), 'server.json');
    expect(runningServerUrl(file)).toBeUndefined();

    writeServerFile(file, 'http://localhost:4123');
    expect(runningServerUrl(file)).toBe('http://localhost:4123');

    // Left behind by a server that was killed: its pid no longer runs.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(file, JSON.stringify({ url: 'http://localhost:4999', pid: gone }));
    expect(runningServerUrl(file)).toBeUndefined();
    removeServerFile(file);
    expect(existsSync(file)).toBe(true); // not this process's file: left for its owner

    writeServerFile(file, 'http://localhost:4123');
    removeServerFile(file);
    expect(existsSync(file)).toBe(false);
  });
});
