/**
 * The local runtime says what the Lambda functions say: the same log fields (correlation_id, eventId,
 * detailType, target, timer kind) and the same counts, here printed as JSON lines and served at
 * `GET /_local/metrics`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleTelemetry } from '../../services/local/telemetry.ts';
import type { LogLine } from '../support/output.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

const lines: LogLine[] = [];
const telemetry = consoleTelemetry({ format: 'json', write: (line) => lines.push(JSON.parse(line)) });
let env: TestRuntime;

beforeAll(async () => {
  // 1 May 2020: the first sweep finds tasks 6, A1 and A7 overdue.
  env = await startTestRuntime({
    label: 'local-telemetry',
    clockStart: '2020-05-01T00:00:00+08:00',
    telemetry,
  });
});

afterAll(async () => {
  await env?.runtime.stop();
});

const withMessage = (message: string) => lines.filter((line) => line.message === message);

describe('The local runtime’s telemetry', () => {
  it('follows a caller’s correlation id from the GraphQL operation to every target that handles its event', async () => {
    const token = await env.token('UNIT_OFFICER', 'yanhu-housing');
    const response = await fetch(`${env.runtime.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-correlation-id': 'corr-local-1',
      },
      body: JSON.stringify({
        operationName: 'Report',
        query:
          'mutation Report { reportProgress(input: { taskId: "yanhu-2020:6", percentComplete: 40 }) { version } }',
      }),
    });
    expect(response.status).toBe(200);
    await env.runtime.settle();

    expect(withMessage('GraphQL operation')).toContainEqual(
      expect.objectContaining({ level: 'INFO', correlation_id: 'corr-local-1', operationName: 'Report' }),
    );
    const handled = withMessage('Handled event').filter((line) => line.correlation_id === 'corr-local-1');
    expect(handled.length).toBeGreaterThan(0);
    for (const line of handled) {
      expect(line).toMatchObject({
        detailType: 'TaskProgressReported',
        source: 'clearwater.plan',
        eventId: expect.any(String),
        target: expect.any(String),
      });
    }
    expect(handled.map((line) => line.target)).toContain('eventLog');
  });

  it('logs each sweep with its report', () => {
    expect(withMessage('Sweep finished')[0]).toMatchObject({
      read: expect.any(Number),
      fired: expect.any(Number),
    });
  });

  it('counts what the Lambda functions count, served at /_local/metrics', async () => {
    const { status, body } = await env.local<{ counts: Record<string, number> }>('GET', '/_local/metrics');

    expect(status).toBe(200);
    expect(body.counts).toEqual(env.runtime.telemetry.counts);
    expect(body.counts).toMatchObject({
      EventsPublished: expect.any(Number),
      SweepItemsRead: expect.any(Number),
      DeadlineStepsFired: expect.any(Number),
      GraphqlRequests: 1,
    });
    // The plan's import and the first sweep's overdue notices at least, and the reported progress.
    expect(body.counts.EventsPublished).toBeGreaterThanOrEqual(5);
    expect(body.counts.DeadlineStepsFired).toBeGreaterThanOrEqual(3);
  });
});
