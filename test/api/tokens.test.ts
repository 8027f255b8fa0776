/**
 * Bearer tokens (issue 6, item 10): a token must expire (`exp`) within the maximum lifetime measured from
 * `iat`, and carry a known role; a missing and an invalid token get the very same answer
 * (UNAUTHENTICATED, HTTP 401, one message), whichever check failed; `npm run token` mints tokens the
 * server accepts and refuses to mint one it would not.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importJWK, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../graphql/yoga.ts';
import {
  DEV_AUDIENCE,
  DEV_ISSUER,
  devVerifier,
  ensureDevKeys,
  signDevToken,
} from '../../services/local/dev-issuer.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { createTestStore } from '../support/store.ts';

const run = promisify(execFile);
const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

describe('Bearer tokens', () => {
  const keysDir = mkdtempSync(join(tmpdir(), 'clearwater-tokens-keys-'));
  let ask: (authorization?: string, query?: string) => Promise<Answer>;

  /** A token signed by the dev issuer's key with exactly these claims (no defaults added). */
  async function signed(claims: JWTPayload): Promise<string> {
    const { privateJwk, kid } = await ensureDevKeys(keysDir);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .sign(await importJWK(privateJwk, 'ES256'));
  }
  const base = (lifetime = HOUR): JWTPayload => ({
    iss: DEV_ISSUER,
    aud: DEV_AUDIENCE,
    sub: 'office-1',
    roles: ['SUPERVISOR'],
    iat: now(),
    exp: now() + lifetime,
  });

  beforeAll(async () => {
    const store = await createTestStore('tokens');
    const yoga = createServer({
      store,
      clock: new FixedClock(new Date('2020-04-10T09:00:00+08:00')),
      verifier: await devVerifier(keysDir),
      log: () => {},
    });
    ask = async (authorization, query = '{ plans { id } }') => {
      const response = await yoga.fetch('http://clearwater.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query }),
      });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    };
  });

  it('accepts a token with a known role that expires within the maximum lifetime', async () => {
    const answer = await ask(`Bearer ${await signed(base(12 * HOUR))}`, '{ me { id roles } }');

    expect(answer.body).toEqual({ data: { me: { id: 'User:office-1', roles: ['SUPERVISOR'] } } });
  });

  const refused: { name: string; header: () => Promise<string | undefined> }[] = [
    { name: 'no token at all', header: async () => undefined },
    {
      name: 'a token without `exp` (it would never expire)',
      header: async () => `Bearer ${await signed({ ...base(), exp: undefined })}`,
    },
    {
      name: 'a token without `iat`',
      header: async () => `Bearer ${await signed({ ...base(), iat: undefined })}`,
    },
    {
      name: 'a token living longer than 12 h',
      header: async () => `Bearer ${await signed(base(12 * HOUR + 60))}`,
    },
    {
      name: 'a token issued long ago with a far expiry',
      header: async () =>
        `Bearer ${await signed({ ...base(), iat: now() - 30 * 24 * HOUR, exp: now() + HOUR })}`,
    },
    { name: 'a token with no role', header: async () => `Bearer ${await signed({ ...base(), roles: [] })}` },
    {
      name: 'a token with only unknown roles',
      header: async () => `Bearer ${await signed({ ...base(), roles: ['ADMIN'] })}`,
    },
    {
      name: 'a token without a subject',
      header: async () => `Bearer ${await signed({ ...base(), sub: undefined })}`,
    },
    {
      name: 'an expired token',
      header: async () =>
        `Bearer ${await signDevToken(keysDir, { roles: ['SUPERVISOR'], expiresIn: '-1h' })}`,
    },
    { name: 'a malformed token', header: async () => 'Bearer not.a.jwt' },
    { name: 'a header that is not a bearer token', header: async () => 'Basic b2ZmaWNlOnNlY3JldA==' },
    {
      name: 'a token signed by another key',
      header: async () =>
        `Bearer ${await signDevToken(mkdtempSync(join(tmpdir(), 'clearwater-other-')), { roles: ['SUPERVISOR'] })}`,
    },
  ];

  it.each(refused)('answers $name exactly as it answers a missing token', async ({ header }) => {
    const missing = await ask(undefined);

    const answer = await ask(await header());

    expect(answer).toEqual(missing);
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['UNAUTHENTICATED', 'Authentication required: send a valid bearer token'],
    ]);
    expect(answer.body.data).toBeNull();
  });

  it('reads the maximum lifetime from its setting', async () => {
    const strict = createServer({
      store: await createTestStore('tokens-strict'),
      clock: new FixedClock(new Date()),
      verifier: await devVerifier(keysDir, HOUR),
      log: () => {},
    });
    const me = async (token: string) => {
      const response = await strict.fetch('http://clearwater.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      return response.status;
    };

    expect(await me(await signed(base(HOUR)))).toBe(200);
    expect(await me(await signed(base(2 * HOUR)))).toBe(401);
  });
});

describe('npm run token', () => {
  const home = mkdtempSync(join(tmpdir(), 'clearwater-token-cli-'));
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'services/local/token-cli.ts', ...args], {
      env: { ...process.env, CLEARWATER_HOME: home },
    });

  it('prints a token the server accepts', { timeout: 60_000 }, async () => {
    const { stdout } = await cli('--role', 'UNIT_OFFICER', '--unit', 'yanhu-housing', '--expires', '2h');
    const token = stdout.trim().split('\n').at(-1) as string;

    const actor = await (await devVerifier(join(home, 'keys'))).verify(token);

    expect(actor).toMatchObject({ roles: ['UNIT_OFFICER'], unitId: 'yanhu-housing' });
  });

  it('refuses to print a token that lives longer than the server accepts', { timeout: 60_000 }, async () => {
    const failure = await cli('--role', 'SUPERVISOR', '--expires', '30d').catch((error) => error);

    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/--expires 30d is longer than the server accepts \(12 h/);
  });
});
