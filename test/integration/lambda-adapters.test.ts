/**
 * The Lambda adapters are thin, but they are what runs in AWS: invoke them as Lambda would, with the
 * environment the CDK stack sets, against DynamoDB Local (and a local JWKS endpoint for the API), and read
 * what they write to stdout as CloudWatch would: Powertools' JSON log lines and EMF metric documents.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys, signDevToken } from '../../services/local/dev-issuer.ts';
import { importPlan } from '../../services/plan/import.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { systemActor } from '../../services/shared/auth/principal.ts';
import { systemClock } from '../../services/shared/clock.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { getItem } from '../../services/shared/store/items.ts';
import { createWebhookSubscription } from '../../services/webhooks/commands.ts';
import { buildBundle } from '../support/bundles.ts';
import { captureOutput, emfMetrics, type LogLine, logLines } from '../support/output.ts';
import { createTestStore, dynamoEndpoint } from '../support/store.ts';

let store: Store;
let jwks: Server;
let keysDir: string;

beforeAll(async () => {
  store = await createTestStore('lambda');
  keysDir = mkdtempSync(join(tmpdir(), 'clearwater-lambda-keys-'));
  const { publicJwk } = await ensureDevKeys(keysDir);
  jwks = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    CLEARWATER_TABLE: store.tableName,
    CLEARWATER_DYNAMODB_ENDPOINT: dynamoEndpoint(),
    CLEARWATER_JWT_ISSUER: DEV_ISSUER,
    CLEARWATER_JWT_AUDIENCE: DEV_AUDIENCE,
    CLEARWATER_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
    CLEARWATER_TARGET: 'eventLog',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'local',
    // As the CDK construct sets them.
    POWERTOOLS_SERVICE_NAME: 'clearwater',
    POWERTOOLS_METRICS_NAMESPACE: 'Clearwater',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    // As Lambda sets it for an instance started on demand (Powertools' cold-start detection reads it).
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  });
  await importPlan(
    { store, clock: systemClock },
    { actor: systemActor('test'), correlationId: 'setup' },
    yanhu,
  );
});

afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

function httpEvent(body: unknown, headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'ANY /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: {
      domainName: 'api.example.test',
      http: {
        method: 'POST',
        path: '/graphql',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
    } as APIGatewayProxyEventV2['requestContext'],
    body: Buffer.from(JSON.stringify(body)).toString('base64'),
    isBase64Encoded: true,
  } as APIGatewayProxyEventV2;
}

function lambdaContext(functionName: string, awsRequestId = 'req-1'): Context {
  return {
    awsRequestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:cn-north-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
  } as Context;
}
const context = lambdaContext('clearwater-graphql');

describe('The GraphQL Lambda adapter', () => {
  it('answers an API Gateway HTTP API event with the token verified against the issuer’s JWKS', async () => {
    const { handler } = await import('../../services/lambda/graphql.ts');
    const token = await signDevToken(keysDir, { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' });

    const response = await handler(
      httpEvent(
        { query: '{ me { id roles } task(id: "yanhu-2020:6") { number title } }' },
        {
          authorization: `Bearer ${token}`,
        },
      ),
      context,
    );

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body as string);
    expect(body.data.me.roles).toEqual(['SUPERVISOR']);
    expect(body.data.task.number).toBe('6');
  });

  it('rejects a token signed by another key with UNAUTHENTICATED', async () => {
    const { handler } = await import('../../services/lambda/graphql.ts');
    const stranger = await signDevToken(mkdtempSync(join(tmpdir(), 'clearwater-other-')), {
      roles: ['SUPERVISOR'],
    });

    const response = await handler(
      httpEvent({ query: '{ me { id } }' }, { authorization: `Bearer ${stranger}` }),
      context,
    );

    expect(JSON.parse(response.body as string).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('logs the operation as JSON with the caller’s correlation id, and counts it in the Clearwater namespace', async () => {
    const { handler } = await import('../../services/lambda/graphql.ts');
    const token = await signDevToken(keysDir, { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' });

    const { lines } = await captureOutput(() =>
      handler(
        httpEvent(
          { query: 'query Dashboard { me { id } }', operationName: 'Dashboard' },
          { authorization: `Bearer ${token}`, 'x-correlation-id': 'corr-dashboard-1' },
        ),
        lambdaContext('clearwater-graphql', 'req-graphql-1'),
      ),
    );

    expect(logLines(lines, 'GraphQL operation')).toEqual([
      expect.objectContaining({
        level: 'INFO',
        service: 'clearwater',
        correlation_id: 'corr-dashboard-1',
        function_request_id: 'req-graphql-1',
        operationName: 'Dashboard',
      }),
    ]);
    expect(emfMetrics(lines)).toContainEqual({
      namespace: 'Clearwater',
      name: 'GraphqlRequests',
      value: 1,
      dimensions: { service: 'clearwater' },
    });
  });

  it('takes the Lambda request id as correlation id when the caller sends none, and counts errors by code', async () => {
    const { handler } = await import('../../services/lambda/graphql.ts');

    const { lines } = await captureOutput(() =>
      handler(
        httpEvent({ query: '{ me { id } }' }, { authorization: 'Bearer not-a-token' }),
        lambdaContext('clearwater-graphql', 'req-graphql-2'),
      ),
    );

    expect(logLines(lines, 'GraphQL operation')).toEqual([
      expect.objectContaining({ correlation_id: 'req-graphql-2', errorCodes: ['UNAUTHENTICATED'] }),
    ]);
    expect(emfMetrics(lines)).toContainEqual({
      namespace: 'Clearwater',
      name: 'GraphqlErrors',
      value: 1,
      dimensions: { service: 'clearwater', code: 'UNAUTHENTICATED' },
    });
  });
});

describe('The bus-target Lambda adapter', () => {
  it('runs the handler named by CLEARWATER_TARGET on the event EventBridge delivers', async () => {
    const { handler } = await import('../../services/lambda/bus-target.ts');
    const event: BusEvent = {
      version: '0',
      id: 'eb-1',
      source: 'clearwater.plan',
      'detail-type': 'PlanImported',
      account: '123456789012',
      time: '2020-03-31T00:00:00Z',
      region: 'cn-north-1',
      resources: [],
      detail: {
        metadata: {
          eventId: 'EVT-LAMBDA-1',
          occurredAt: '2020-03-31T00:00:00.000Z',
          correlationId: 'c-1',
          actor: systemActor('test'),
          version: 1,
          entity: { type: 'Plan', id: 'yanhu-2020' },
        },
        data: { planId: 'yanhu-2020', title: 't', documentNumber: 'n', taskCount: 24, milestoneCount: 27 },
      },
    };

    const targetContext = lambdaContext('clearwater-target-eventLog');
    const { lines } = await captureOutput(async () => {
      await handler(event, targetContext);
      await handler(event, targetContext); // delivered twice: recorded once
    });

    const logged = await getItem<{ eventId: string; detailType: string }>(store, {
      PK: 'EVENT#EVT-LAMBDA-1',
      SK: '#EVENT',
    });
    expect(logged).toMatchObject({ eventId: 'EVT-LAMBDA-1', detailType: 'PlanImported' });
    // The event's own correlation id, not the invocation's.
    expect(logLines(lines, 'Handled event')).toEqual([
      expect.objectContaining({
        correlation_id: 'c-1',
        eventId: 'EVT-LAMBDA-1',
        detailType: 'PlanImported',
        target: 'eventLog',
      }),
      expect.objectContaining({ correlation_id: 'c-1', eventId: 'EVT-LAMBDA-1' }),
    ]);
  });

  it('counts a target that throws as a TargetFailures, logged with the event’s correlation id', async () => {
    const { handler } = await import('../../services/lambda/bus-target.ts');
    // No metadata: the event-log handler cannot record it.
    const broken = { ...planImported('EVT-BROKEN'), detail: {} } as unknown as BusEvent;

    const failure = await captureOutput(() =>
      handler(broken, lambdaContext('clearwater-target-eventLog')),
    ).catch((error: Error & { lines: LogLine[] }) => error);

    expect(failure).toBeInstanceOf(Error);
    const { lines } = failure as Error & { lines: LogLine[] };
    expect(emfMetrics(lines)).toContainEqual({
      namespace: 'Clearwater',
      name: 'TargetFailures',
      value: 1,
      dimensions: { service: 'clearwater', target: 'eventLog' },
    });
    expect(logLines(lines, 'Invocation failed')).toEqual([
      expect.objectContaining({ level: 'ERROR', correlation_id: 'eb-EVT-BROKEN', target: 'eventLog' }),
    ]);
  });

  it('counts webhook delivery attempts by outcome', async () => {
    await createWebhookSubscription(
      // Accepted as the local runtime accepts it; the deployed bus target refuses to send to loopback.
      { store, clock: systemClock, allowInsecureLocalhost: true },
      {
        actor: { kind: 'USER', id: 'sup', name: 'Supervisor', roles: ['SUPERVISOR'] },
        correlationId: 'setup',
      },
      // Never sent from a deployed function: the attempt fails and the delivery waits for its next attempt.
      { url: 'https://127.0.0.1:9/hooks', eventPattern: '{"detail-type":["PlanImported"]}' },
    );
    vi.resetModules();
    process.env.CLEARWATER_TARGET = 'webhookDispatch';
    try {
      const { handler } = await import('../../services/lambda/bus-target.ts');

      const { lines } = await captureOutput(() =>
        handler(planImported('EVT-WEBHOOK-1'), lambdaContext('clearwater-target-webhookDispatch')),
      );

      expect(emfMetrics(lines)).toContainEqual({
        namespace: 'Clearwater',
        name: 'WebhookDeliveries',
        value: 1,
        dimensions: { service: 'clearwater', outcome: 'PENDING' },
      });
      // A fresh module instance: its first invocation is a cold start.
      expect(emfMetrics(lines)).toContainEqual({
        namespace: 'Clearwater',
        name: 'ColdStart',
        value: 1,
        dimensions: { service: 'clearwater', function_name: 'clearwater-target-webhookDispatch' },
      });
      expect(logLines(lines, 'Webhook delivery attempt')).toEqual([
        expect.objectContaining({
          correlation_id: 'c-EVT-WEBHOOK-1',
          eventId: 'EVT-WEBHOOK-1',
          outcome: 'PENDING',
        }),
      ]);
    } finally {
      process.env.CLEARWATER_TARGET = 'eventLog';
      vi.resetModules();
    }
  });
});

function planImported(eventId: string): BusEvent {
  return {
    version: '0',
    id: `eb-${eventId}`,
    source: 'clearwater.plan',
    'detail-type': 'PlanImported',
    account: '123456789012',
    time: '2020-03-31T00:00:00Z',
    region: 'cn-north-1',
    resources: [],
    detail: {
      metadata: {
        eventId,
        occurredAt: '2020-03-31T00:00:00.000Z',
        correlationId: `c-${eventId}`,
        actor: systemActor('test'),
        version: 1,
        entity: { type: 'Plan', id: 'yanhu-2020' },
      },
      data: { planId: 'yanhu-2020', title: 't', documentNumber: 'n', taskCount: 24, milestoneCount: 27 },
    },
  };
}

describe('The sweeper Lambda adapter', () => {
  it('sweeps the table named in its environment and reports what it did', async () => {
    const { handler } = await import('../../services/lambda/sweeper.ts');

    const { result: report, lines } = await captureOutput(() =>
      handler({}, lambdaContext('clearwater-sweeper', 'req-sweep-1')),
    );

    // The real clock is long past 2020: every Yanhu milestone's ladder has something due.
    expect(report.read).toBeGreaterThan(0);
    expect(report.failed).toBe(0);
    expect(report.fired).toBeGreaterThan(0);
    const counted = Object.fromEntries(
      emfMetrics(lines)
        .filter((m) => m.namespace === 'Clearwater' && Object.keys(m.dimensions).join() === 'service')
        .map((m) => [m.name, m.value]),
    );
    expect(counted).toMatchObject({
      SweepItemsRead: report.read,
      DeadlineStepsFired: report.fired,
      SweepFailures: 0,
    });
    expect(logLines(lines, 'Sweep finished')).toEqual([
      expect.objectContaining({ correlation_id: 'req-sweep-1', read: report.read, fired: report.fired }),
    ]);
  });
});

describe('The GraphQL bundle, as deployed', () => {
  it('answers a query and mutations in a plain Node process, the mutations’ commands loaded from their chunk on first use', async () => {
    // Built as the CDK construct builds it (split, yoga's fetch ponyfill swapped for Node's own fetch API).
    const bundle = await buildBundle('graphql', mkdtempSync(join(tmpdir(), 'clearwater-bundle-')));
    // reportProgress runs services/plan/commands.ts, which a cold start does not load.
    expect(bundle.inputs).not.toContain('services/plan/commands.ts');
    expect(bundle.allInputs).toContain('services/plan/commands.ts');
    const token = await signDevToken(keysDir, { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' });
    const call = (body: unknown, correlationId: string) =>
      httpEvent(body, { authorization: `Bearer ${token}`, 'x-correlation-id': correlationId });
    const events = [
      call({ query: '{ task(id: "yanhu-2020:6") { number version } }' }, 'corr-bundle-1'),
      call(
        {
          query:
            'mutation { reportProgress(input: { taskId: "yanhu-2020:6", percentComplete: 35 }) { percentComplete version } }',
        },
        'corr-bundle-2',
      ),
      // A domain error thrown in the chunk keeps its code: the chunks share the entry's error classes.
      call(
        {
          query:
            'mutation { reportProgress(input: { taskId: "yanhu-2020:6", percentComplete: 40, expectedVersion: 999 }) { version } }',
        },
        'corr-bundle-3',
      ),
    ];
    const invoke = `
      const { handler } = await import(process.argv[1]);
      for (const event of JSON.parse(process.argv[2])) {
        const result = await handler(event, JSON.parse(process.argv[3]));
        process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');
      }`;

    // Not execFileSync: this process serves the JWKS the bundle fetches.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        invoke,
        pathToFileURL(bundle.file).href,
        JSON.stringify(events),
        JSON.stringify(lambdaContext('clearwater-graphql', 'req-bundle-1')),
      ],
      { env: process.env },
    );

    const lines = stdout.split('\n');
    const results = lines
      .filter((line) => line.startsWith('RESULT '))
      .map((line) => JSON.parse(line.slice('RESULT '.length)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const [query, mutation, refused] = results.map((r) => JSON.parse(r.body));
    expect(query.data.task.number).toBe('6');
    expect(mutation).toEqual({
      data: { reportProgress: { percentComplete: 35, version: query.data.task.version + 1 } },
    });
    expect(refused.errors[0].extensions.code).toBe('CONFLICT');
    const logged = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
    expect(logLines(logged, 'GraphQL operation')).toEqual([
      expect.objectContaining({ correlation_id: 'corr-bundle-1', function_request_id: 'req-bundle-1' }),
      expect.objectContaining({ correlation_id: 'corr-bundle-2' }),
      expect.objectContaining({ correlation_id: 'corr-bundle-3', errorCodes: ['CONFLICT'] }),
    ]);
  });
});
