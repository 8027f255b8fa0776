/**
 * The caller × operation matrix shared by the cases and hand-off authorization tests: one test per cell,
 * each preparing what the operation acts on, calling it as that caller, and reading the outcome; a
 * refused mutation must change nothing, and every error carries a code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../services/shared/auth/principal.ts';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type GraphqlResponse, type TestApi } from './api.ts';

export type Outcome = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'HIDDEN';

export type Callers = Record<string, { roles: Role[]; unit?: string } | null>;

export interface OperationSpec<Tokens> {
  query: string;
  mutation: boolean;
  /** The field the outcome is read from, and (for reads) where a hidden answer shows as null. */
  field: string;
  nullPath?: (data: Record<string, unknown>) => unknown;
  /** Creates what the operation acts on (as one of the `tokens`) and returns its variables. */
  prepare: (api: TestApi, tokens: Tokens) => Promise<Record<string, unknown>>;
}

export interface AuthMatrix<Tokens, Operation extends string> {
  title: string;
  /** Test API label and clock. */
  label: string;
  now: string;
  callers: Callers;
  operations: readonly Operation[];
  matrix: Record<string, Outcome[]>;
  specs: Record<Operation, OperationSpec<Tokens>>;
  /** The tokens `prepare` acts with. */
  tokens: (api: TestApi) => Promise<Tokens>;
}

function outcomeOf<T>(
  response: GraphqlResponse<Record<string, unknown>>,
  spec: OperationSpec<T>,
): Outcome | string {
  const code = response.errors?.[0]?.extensions?.code;
  if (code === 'NOT_FOUND') return 'HIDDEN';
  if (code) return String(code);
  const data = response.data ?? {};
  const value = spec.nullPath ? spec.nullPath(data) : data[spec.field];
  return value === null || value === undefined ? 'HIDDEN' : 'ALLOWED';
}

/**
 * Declares the matrix's describe block; `more` adds tests of its own inside it, with the same API and tokens
 * (read them when the tests run, after `beforeAll`).
 */
export function describeAuthMatrix<Tokens, Operation extends string>(
  m: AuthMatrix<Tokens, Operation>,
  more?: (context: { api: () => TestApi; tokens: () => Tokens }) => void,
): void {
  const cells = Object.entries(m.matrix).flatMap(([caller, outcomes]) =>
    m.operations.map((operation, i) => ({ caller, operation, expected: outcomes[i] as Outcome })),
  );

  describe(m.title, () => {
    let api: TestApi;
    let tokens: Tokens;
    const callerTokens = new Map<string, string | undefined>();

    beforeAll(async () => {
      api = await createTestApi({ label: m.label, now: m.now });
      tokens = await m.tokens(api);
      for (const [name, caller] of Object.entries(m.callers)) {
        callerTokens.set(name, caller ? await api.token(caller.roles, caller.unit) : undefined);
      }
    });

    it('covers every caller and every operation', () => {
      expect(cells).toHaveLength(Object.keys(m.callers).length * m.operations.length);
      for (const outcomes of Object.values(m.matrix)) expect(outcomes).toHaveLength(m.operations.length);
    });

    it.each(cells)('$caller › $operation → $expected', async ({ caller, operation, expected }) => {
      const spec = m.specs[operation];
      const variables = await spec.prepare(api, tokens);
      const before = spec.mutation && expected !== 'ALLOWED' ? await snapshot(api.store) : undefined;

      const response = await api.gql<Record<string, unknown>>(
        spec.query,
        variables,
        callerTokens.get(caller),
      );

      expect(outcomeOf(response, spec), JSON.stringify(response.errors ?? response.data)).toBe(expected);
      for (const error of response.errors ?? []) expect(error.extensions?.code).toBeDefined();
      if (before) expect(await snapshot(api.store), 'a refused mutation changes nothing').toEqual(before);
    });

    more?.({ api: () => api, tokens: () => tokens });
  });
}
