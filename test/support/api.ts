/** API-test harness: the real yoga server over a fresh DynamoDB Local table, with dev-issuer tokens. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ServerOptions } from '../../graphql/yoga.ts';
import { devVerifier, signDevToken } from '../../services/local/dev-issuer.ts';
import { importPlan } from '../../services/plan/import.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { type Role, systemActor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { fakeDns } from './dns.ts';
import { createTestStore } from './store.ts';

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestApi {
  store: Store;
  clock: FixedClock;
  token(roles: Role | Role[], unit?: string): Promise<string>;
  /** The server's own fetch (in process), for clients that bring their own transport (Apollo's HttpLink). */
  fetch: typeof fetch;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphqlResponse<T>>;
  /** A raw HTTP request to the GraphQL endpoint; `search` is its query string, e.g. `?query=…`. */
  request(init: RequestInit, search?: string): Promise<Response>;
}

export const YANHU_PLAN = yanhu;

export async function createTestApi(
  options: { label?: string; now?: string; loadYanhu?: boolean } & Pick<
    ServerOptions,
    'settings' | 'time' | 'resolveHost'
  > = {},
): Promise<TestApi> {
  const store = await createTestStore(options.label ?? 'api');
  const clock = new FixedClock(new Date(options.now ?? '2020-04-10T09:00:00+08:00'));
  const keysDir = mkdtempSync(join(tmpdir(), 'clearwater-keys-'));
  const yoga = createServer({
    store,
    clock,
    verifier: await devVerifier(keysDir),
    log: () => {},
    settings: options.settings,
    time: options.time,
    // Webhook URLs are checked with DNS: names resolve to a public address here, never on the internet.
    resolveHost: options.resolveHost ?? fakeDns(),
  });
  if (options.loadYanhu !== false) {
    await importPlan({ store, clock }, { actor: systemActor('test'), correlationId: 'test-setup' }, yanhu);
  }
  return {
    store,
    clock,
    token: (roles, unit) => signDevToken(keysDir, { roles: Array.isArray(roles) ? roles : [roles], unit }),
    fetch: async (input, init) =>
      yoga.fetch(input instanceof Request ? input.url : String(input), init ?? {}),
    gql: graphqlClient((init) => yoga.fetch('http://clearwater.test/graphql', init)),
    request: async (init, search = '') => yoga.fetch(`http://clearwater.test/graphql${search}`, init),
  };
}

type Send = (init: RequestInit) => Promise<Response> | Response;

/** A GraphQL client over any transport: in-process yoga or HTTP to a running runtime. */
export function graphqlClient(send: Send): TestApi['gql'] {
  return async (query, variables, token) => {
    const response = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphqlResponse, 'status'>;
    return { status: response.status, ...body } as GraphqlResponse<never>;
  };
}
