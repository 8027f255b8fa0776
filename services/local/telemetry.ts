/**
 * Telemetry in the local runtime: the fields the Lambda functions log (correlation_id, eventId,
 * detailType, rule, target, timerKind…), printed to the console as one JSON object a line (the shape
 * Powertools writes in Lambda) or as a readable line; counts kept in memory (`GET /_local/metrics`).
 */
import type { LogFields, LogLevel, Telemetry } from '../shared/telemetry.ts';

export type LogFormat = 'json' | 'pretty';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface LocalTelemetry extends Telemetry {
  /** Totals by metric and dimensions, e.g. `WebhookDeliveries{outcome=DELIVERED}`. */
  readonly counts: Record<string, number>;
}

export interface ConsoleTelemetryOptions {
  /** @default 'info' */
  level?: LogLevel;
  /** @default 'pretty' */
  format?: LogFormat;
  /** @default a line to stdout */
  write?: (line: string) => void;
}

export function consoleTelemetry(options: ConsoleTelemetryOptions = {}): LocalTelemetry {
  const threshold = LEVELS.indexOf(options.level ?? 'info');
  const format = options.format === 'json' ? jsonLine : prettyLine;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const counts: Record<string, number> = {};
  return {
    counts,
    log: (level, message, fields = {}) => {
      if (LEVELS.indexOf(level) >= threshold) write(format(level, message, fields));
    },
    count: (metric, n = 1, dimensions) => {
      const key = dimensions
        ? `${metric}{${Object.entries(dimensions)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}}`
        : metric;
      counts[key] = (counts[key] ?? 0) + n;
    },
  };
}

/** From `LOG_LEVEL` (which Powertools reads too) and `LOG_FORMAT`, checked. */
export function telemetryFromEnv(env: NodeJS.ProcessEnv = process.env): LocalTelemetry {
  const level = (env.LOG_LEVEL ?? 'info').toLowerCase();
  const format = env.LOG_FORMAT ?? 'pretty';
  if (!LEVELS.includes(level as LogLevel)) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(', ')}`);
  if (format !== 'json' && format !== 'pretty') throw new Error('LOG_FORMAT must be json or pretty');
  return consoleTelemetry({ level: level as LogLevel, format });
}

function jsonLine(level: LogLevel, message: string, fields: LogFields): string {
  return JSON.stringify(
    { level: level.toUpperCase(), message, timestamp: new Date().toISOString(), ...fields },
    (_key, value) =>
      value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value,
  );
}

function prettyLine(level: LogLevel, message: string, fields: LogFields): string {
  const time = new Date().toISOString().slice(11, 23);
  const rest = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : printable(value)}`);
  return [`${time} ${level.toUpperCase().padEnd(5)} ${message}`, ...rest].join('  ');
}

function printable(value: unknown): string {
  if (value instanceof Error) return value.stack ?? String(value);
  return JSON.stringify(value) ?? String(value);
}
