/**
 * End-to-end harness: the whole local runtime (stream poller, publisher, local bus, sweeper, GraphQL
 * over HTTP) on a fresh table of the run's DynamoDB Local, with dev-issuer tokens. Only explicit
 * sweeps run (`POST /_local/clock` or `sweepNow`), so tests decide when time passes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signDevToken } from '../../services/local/dev-issuer.ts';
import { type LocalRuntime, startLocalRuntime } from '../../services/local/runtime.ts';
import type { LocalTelemetry } from '../../services/local/telemetry.ts';
import { graphqlClient, type TestApi } from './api.ts';
import { dynamoEndpoint } from './store.ts';

export interface TestRuntime extends Pick<TestApi, 'token' | 'gql'> {
  runtime: LocalRuntime;
  /** A call to one of the runtime's `/_local/*` routes. */
  local<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
}

export async function startTestRuntime(options: {
  label: string;
  clockStart: string;
  telemetry?: LocalTelemetry;
  clockPaused?: boolean;
  /** Default: an hour, longer than any test file runs, so only explicit sweeps happen. */
  sweepIntervalMs?: number;
}): Promise<TestRuntime> {
  const keysDir = mkdtempSync(join(tmpdir(), 'clearwater-keys-'));
  const label = options.label.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40);
  const runtime = await startLocalRuntime({
    endpoint: dynamoEndpoint(),
    tableName: `${label}-${randomBytes(4).toString('hex')}`,
    keysDir,
    port: 0,
    clockStart: new Date(options.clockStart),
    clockPaused: options.clockPaused,
    sweepIntervalMs: options.sweepIntervalMs ?? 3_600_000,
    busRetryBaseMs: 5,
    pollIntervalMs: 20,
    telemetry: options.telemetry,
  });
  return {
    runtime,
    token: (roles, unit) => signDevToken(keysDir, { roles: Array.isArray(roles) ? roles : [roles], unit }),
    gql: graphqlClient((init) => fetch(`${runtime.url}/graphql`, init)),
    async local(method, path, body) {
      const response = await fetch(`${runtime.url}${path}`, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as never };
    },
  };
}
