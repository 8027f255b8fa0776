/** The local runtime's console telemetry: the line formats, the level threshold, the counts. */
import { describe, expect, it } from 'vitest';
import { consoleTelemetry, telemetryFromEnv } from '../../services/local/telemetry.ts';
import { METRIC } from '../../services/shared/telemetry.ts';

function collecting(options: Parameters<typeof consoleTelemetry>[0] = {}) {
  const lines: string[] = [];
  return { lines, telemetry: consoleTelemetry({ ...options, write: (line) => lines.push(line) }) };
}

describe('consoleTelemetry', () => {
  it('writes one JSON object a line in the shape Powertools writes in Lambda', () => {
    const { lines, telemetry } = collecting({ format: 'json' });

    telemetry.log('warn', 'Target failed', { correlation_id: 'c-1', error: new Error('boom') });

    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'WARN',
      message: 'Target failed',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      correlation_id: 'c-1',
      error: { name: 'Error', message: 'boom', stack: expect.stringContaining('boom') },
    });
  });

  it('writes a readable line with every field by default, leaving out the undefined ones', () => {
    const { lines, telemetry } = collecting();

    telemetry.log('info', 'Handled event', { correlation_id: 'c-1', eventId: 'E1', rule: undefined, n: 2 });

    expect(lines).toEqual([
      expect.stringMatching(/ INFO {2}Handled event {2}correlation_id=c-1 {2}eventId=E1 {2}n=2$/),
    ]);
  });

  it('drops lines below its level', () => {
    const { lines, telemetry } = collecting({ level: 'warn' });

    telemetry.log('info', 'quiet');
    telemetry.log('debug', 'quieter');
    telemetry.log('error', 'loud');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('loud');
  });

  it('adds up counts by metric and dimensions', () => {
    const { telemetry } = collecting();

    telemetry.count(METRIC.eventsPublished, 3);
    telemetry.count(METRIC.eventsPublished);
    telemetry.count(METRIC.webhookDeliveries, 1, { outcome: 'DELIVERED' });
    telemetry.count(METRIC.webhookDeliveries, 1, { outcome: 'PENDING' });
    telemetry.count(METRIC.webhookDeliveries, 1, { outcome: 'DELIVERED' });

    expect(telemetry.counts).toEqual({
      EventsPublished: 4,
      'WebhookDeliveries{outcome=DELIVERED}': 2,
      'WebhookDeliveries{outcome=PENDING}': 1,
    });
  });

  it('reads LOG_LEVEL and LOG_FORMAT, and refuses values it does not know', () => {
    expect(() => telemetryFromEnv({ LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'json' })).not.toThrow();
    expect(() => telemetryFromEnv({ LOG_LEVEL: 'verbose' })).toThrow(
      /LOG_LEVEL must be one of debug, info, warn, error/,
    );
    expect(() => telemetryFromEnv({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
  });
});
