/**
 * CORS (issue 6, item 12): only configured origins are allowed, never with credentials; the local
 * runtime's default allows localhost and 127.0.0.1 on any port and nothing else.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CORS_ORIGINS, parseCorsOrigins } from '../../graphql/cors.ts';
import { type ClearwaterYoga, createServer } from '../../graphql/yoga.ts';
import { devVerifier } from '../../services/local/dev-issuer.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { createTestStore } from '../support/store.ts';

async function server(corsOrigins?: readonly string[]): Promise<ClearwaterYoga> {
  return createServer({
    store: await createTestStore('cors'),
    clock: new FixedClock(new Date('2020-04-10T09:00:00+08:00')),
    verifier: await devVerifier(mkdtempSync(join(tmpdir(), 'clearwater-cors-keys-'))),
    corsOrigins,
    log: () => {},
  });
}

function preflight(yoga: ClearwaterYoga, origin: string) {
  return yoga.fetch('http://clearwater.test/graphql', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

function post(yoga: ClearwaterYoga, origin: string) {
  return yoga.fetch('http://clearwater.test/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

describe('CORS', () => {
  describe('with configured origins', () => {
    let yoga: ClearwaterYoga;
    beforeAll(async () => {
      yoga = await server(parseCorsOrigins('https://dashboard.yanhu.gov.cn, https://field.yanhu.gov.cn'));
    });

    it.each(['https://dashboard.yanhu.gov.cn', 'https://field.yanhu.gov.cn'])(
      'allows %s, without credentials',
      async (origin) => {
        for (const response of [await preflight(yoga, origin), await post(yoga, origin)]) {
          expect(response.headers.get('access-control-allow-origin')).toBe(origin);
          expect(response.headers.get('access-control-allow-credentials')).toBeNull();
        }
        expect((await preflight(yoga, origin)).headers.get('access-control-allow-headers')).toMatch(
          /authorization/,
        );
      },
    );

    it.each([
      'https://evil.example',
      'https://dashboard.yanhu.gov.cn.evil.example',
      'http://dashboard.yanhu.gov.cn',
      'null',
    ])('gives a foreign origin (%s) no access-control-allow-origin', async (origin) => {
      for (const response of [await preflight(yoga, origin), await post(yoga, origin)]) {
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      }
    });
  });

  it('allows no origin at all when none is configured', async () => {
    const yoga = await server();

    expect((await post(yoga, 'http://localhost:3000')).headers.get('access-control-allow-origin')).toBeNull();
  });

  describe('the local default', () => {
    let yoga: ClearwaterYoga;
    beforeAll(async () => {
      yoga = await server(LOCAL_CORS_ORIGINS);
    });

    it.each(['http://localhost:3000', 'http://localhost:5173', 'http://127.0.0.1:8080', 'http://localhost'])(
      'allows %s',
      async (origin) => {
        expect((await post(yoga, origin)).headers.get('access-control-allow-origin')).toBe(origin);
      },
    );

    it.each([
      'http://localhost.evil.example:3000',
      'https://evil.example',
      'http://127.0.0.1:80x',
      'http://192.168.1.5:3000',
    ])('refuses %s', async (origin) => {
      expect((await post(yoga, origin)).headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('refuses a configured origin that is not scheme://host[:port]', () => {
    expect(() => parseCorsOrigins('https://dashboard.yanhu.gov.cn/')).toThrow(/not scheme:\/\/host/);
    expect(() => parseCorsOrigins('*')).toThrow(/not scheme:\/\/host/);
  });
});
