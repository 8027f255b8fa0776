/**
 * The Lambda adapters are thin, but they are what runs in AWS: invoke them as Lambda would, with the
 * environment the CDK stack sets, against DynamoDB Local (and a local JWKS endpoint for the API).
 */

import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys, signDevToken } from '../../services/local/dev-issuer.ts';
import { importPlan } from '../../services/plan/import.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { systemActor } from '../../services/shared/auth/principal.ts';
import { systemClock } from '../../services/shared/clock.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { getItem } from '../../services/shared/store/items.ts';
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

const context = { awsRequestId: 'req-1' } as Context;

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

    await handler(event);
    await handler(event); // delivered twice: recorded once

    const logged = await getItem<{ eventId: string; detailType: string }>(store, {
      PK: 'EVENT#EVT-LAMBDA-1',
      SK: '#EVENT',
    });
    expect(logged).toMatchObject({ eventId: 'EVT-LAMBDA-1', detailType: 'PlanImported' });
  });
});

describe('The sweeper Lambda adapter', () => {
  it('sweeps the table named in its environment and reports what it did', async () => {
    const { handler } = await import('../../services/lambda/sweeper.ts');

    const report = await handler();

    // The real clock is long past 2020: every Yanhu milestone's ladder has something due.
    expect(report.read).toBeGreaterThan(0);
    expect(report.failed).toBe(0);
    expect(report.fired).toBeGreaterThan(0);
  });
});
