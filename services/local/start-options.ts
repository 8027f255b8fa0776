/** What `npm start` was asked for, from its flags and environment (pure: the caller passes both). */
import { parseArgs } from 'node:util';
import { UsageError } from './cli.ts';
import { INSTANT_HELP, parseLocalInstant } from './clock.ts';

export interface StartOptions {
  port: number;
  clockStart: Date;
  /** The clock stands still at `clockStart`, and nothing is swept, until the first `POST /_local/clock`. */
  clockPaused: boolean;
  /** Persist data here; in memory when absent. */
  dataDir?: string;
}

export const START_USAGE = `
Usage: npm start -- [--persist [dir]] [--port <n>] [--clock <instant>] [--paused]

  --persist [dir]    keep data across restarts, in dir (default .clearwater/data); or CLEARWATER_DATA_DIR=<dir>
  --port <n>         HTTP port (default 4000); or PORT=<n>
  --clock <instant>  start the clock at this instant, then run in real time; or CLEARWATER_CLOCK=<instant>.
                     A date or date-time without offset is read in the plan's offset (+08:00).
  --paused           keep the clock still and sweep nothing until the first POST /_local/clock,
                     so webhook subscriptions can be created before the first deadline fires
  --help             this text
`;

export function parseStartOptions(
  argv: string[],
  env: Record<string, string | undefined>,
  defaults: { now: Date; dataDir: string; utcOffset: string },
): StartOptions {
  const { values } = parseArgs({
    // `--persist` takes an optional folder: alone (or before another flag) it means the default folder.
    args: argv.map((arg, i) =>
      arg === '--persist' && (argv[i + 1] === undefined || argv[i + 1]?.startsWith('-')) ? '--persist=' : arg,
    ),
    options: {
      persist: { type: 'string' },
      port: { type: 'string' },
      clock: { type: 'string' },
      paused: { type: 'boolean' },
    },
    allowPositionals: false,
    strict: true,
  });
  const portText = values.port ?? env.PORT ?? '4000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new UsageError(`PORT must be a port number, not ${portText}`);
  const clockText = values.clock ?? env.CLEARWATER_CLOCK;
  const clockStart = clockText ? parseLocalInstant(clockText, defaults.utcOffset) : defaults.now;
  if (!clockStart) throw new UsageError(`CLEARWATER_CLOCK must be ${INSTANT_HELP}; got ${clockText}`);
  const dataDir =
    values.persist === undefined ? env.CLEARWATER_DATA_DIR || undefined : values.persist || defaults.dataDir;
  return { port, clockStart, clockPaused: values.paused === true, ...(dataDir ? { dataDir } : {}) };
}
