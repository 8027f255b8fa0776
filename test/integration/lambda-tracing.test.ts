/**
 * The workers' X-Ray tracing, as it runs in Lambda: the environment Lambda sets for an actively traced
 * function (execution environment, trace header, daemon address), a UDP socket standing in for the X-Ray
 * daemon, and the sweeper adapter against DynamoDB Local. Outside Lambda the tracer disables itself, so
 * no other test sees this.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, dynamoEndpoint } from '../support/store.ts';

const TRACE_ID = '1-5759e988-bd862e3fe1be46a994272793';
let daemon: Socket;
const segments: Record<string, unknown>[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  const store = await createTestStore('tracing');
  daemon = createSocket('udp4');
  // Each datagram is a header line and one JSON (sub)segment.
  daemon.on('message', (message) => segments.push(JSON.parse(message.toString().split('\n')[1] ?? '{}')));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    CLEARWATER_TABLE: store.tableName,
    CLEARWATER_DYNAMODB_ENDPOINT: dynamoEndpoint(),
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'local',
    POWERTOOLS_SERVICE_NAME: 'clearwater',
    POWERTOOLS_METRICS_NAMESPACE: 'Clearwater',
    // What Lambda sets for an actively traced function started on demand.
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: '/var/task',
    _HANDLER: 'index.handler',
    _X_AMZN_TRACE_ID: `Root=${TRACE_ID};Parent=53995c3f42cd8ad8;Sampled=1`,
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
  });
});

afterAll(async () => {
  process.env = saved;
  await new Promise<void>((resolve) => daemon.close(() => resolve()));
});

describe('The sweeper, traced in Lambda', () => {
  it('sends a handler subsegment, annotated, and one subsegment per DynamoDB call, in the invocation’s trace', async () => {
    const { handler } = await import('../../services/lambda/sweeper.ts');

    const report = await handler({}, {
      awsRequestId: 'req-trace-1',
      functionName: 'clearwater-sweeper',
    } as Context);
    await expect
      .poll(() => segments.some((s) => s.name === '## index.handler'), { timeout: 5_000 })
      .toBe(true);

    const invocation = segments.find((s) => s.name === '## index.handler');
    expect(invocation).toMatchObject({
      trace_id: TRACE_ID,
      annotations: { ColdStart: true, Service: 'clearwater' },
    });
    const dynamo = segments.filter((s) => s.name === 'DynamoDB');
    expect(dynamo.length).toBeGreaterThanOrEqual(report.requests);
    expect(dynamo[0]).toMatchObject({
      trace_id: TRACE_ID,
      parent_id: invocation?.id,
      aws: { operation: 'Query', index_name: 'Timers', table_name: process.env.CLEARWATER_TABLE },
    });
  });
});
