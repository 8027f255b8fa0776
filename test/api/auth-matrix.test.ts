/**
 * Specification of authorization (DESIGN.md, security model) as a matrix of role × operation: reads need
 * any authenticated caller; progress needs the supervisor or an officer of an assigned unit; completing a
 * milestone needs the supervisor or a LEAD/RESPONSIBLE unit; reopening, rescheduling and importing are
 * the supervisor's. Also: bad tokens are UNAUTHENTICATED, and a refused mutation changes nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../graphql/yoga.ts';
import { DEV_ISSUER, devVerifier, ensureDevKeys, signDevToken } from '../../services/local/dev-issuer.ts';
import type { Role } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import { generatePlan, snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/api.ts';
import { createTestStore } from '../support/store.ts';

type Outcome = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';
const A: Outcome = 'ALLOWED';
const U: Outcome = 'UNAUTHENTICATED';
const F: Outcome = 'FORBIDDEN';

/**
 * Who calls. The operations act on task 14: LEAD 市公安局盐湖分局, RESPONSIBLE 盐湖高新区管委会,
 * COOPERATING 市生态环境局盐湖分局.
 */
const CALLERS: Record<string, { roles: Role[]; unit?: string } | null> = {
  'no token': null,
  SUPERVISOR: { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' },
  'UNIT_OFFICER (RESPONSIBLE unit)': { roles: ['UNIT_OFFICER'], unit: 'yanhu-hitech' },
  'UNIT_OFFICER (COOPERATING unit)': { roles: ['UNIT_OFFICER'], unit: 'yanhu-eeb' },
  'UNIT_OFFICER (unassigned unit)': { roles: ['UNIT_OFFICER'], unit: 'yanhu-natres' },
  ENFORCEMENT_OFFICER: { roles: ['ENFORCEMENT_OFFICER'], unit: 'yanhu-eeb' },
  'POLICE_OFFICER (LEAD unit)': { roles: ['POLICE_OFFICER'], unit: 'yanhu-police' },
  INTEGRATOR: { roles: ['INTEGRATOR'] },
};

const OPERATIONS = [
  'plans',
  'task',
  'units',
  'me',
  'reportProgress',
  'completeMilestone',
  'reopenMilestone',
  'rescheduleMilestone',
  'importPlan',
] as const;
type Operation = (typeof OPERATIONS)[number];

// biome-ignore format: the matrix reads as a table
const MATRIX: Record<keyof typeof CALLERS, Outcome[]> = {
  //                                 plans task units me  report complete reopen reschedule import
  'no token':                        [U,    U,   U,    U,  U,     U,       U,     U,         U],
  SUPERVISOR:                        [A,    A,   A,    A,  A,     A,       A,     A,         A],
  'UNIT_OFFICER (RESPONSIBLE unit)': [A,    A,   A,    A,  A,     A,       F,     F,         F],
  'UNIT_OFFICER (COOPERATING unit)': [A,    A,   A,    A,  A,     F,       F,     F,         F],
  'UNIT_OFFICER (unassigned unit)':  [A,    A,   A,    A,  F,     F,       F,     F,         F],
  ENFORCEMENT_OFFICER:               [A,    A,   A,    A,  F,     F,       F,     F,         F],
  'POLICE_OFFICER (LEAD unit)':      [A,    A,   A,    A,  F,     F,       F,     F,         F],
  INTEGRATOR:                        [A,    A,   A,    A,  F,     F,       F,     F,         F],
};

const MILESTONE = 'yanhu-2020:14:annual';
let importCount = 0;

interface OperationSpec {
  query: string;
  variables: () => Record<string, unknown>;
  mutation: boolean;
  /** Brings the task into the state the operation needs, acting as the supervisor. */
  prepare?: (api: TestApi, supervisor: string) => Promise<unknown>;
}

const SPECS: Record<Operation, OperationSpec> = {
  plans: { query: '{ plans { id } }', variables: () => ({}), mutation: false },
  task: { query: '{ task(id: "yanhu-2020:14") { id version } }', variables: () => ({}), mutation: false },
  units: { query: '{ units { id } }', variables: () => ({}), mutation: false },
  me: { query: '{ me { id roles } }', variables: () => ({}), mutation: false },
  reportProgress: {
    query: 'mutation($input: ReportProgressInput!) { reportProgress(input: $input) { id version } }',
    variables: () => ({ input: { taskId: 'yanhu-2020:14', percentComplete: 20, note: '联合执法检查' } }),
    mutation: true,
  },
  completeMilestone: {
    query: 'mutation($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { id version } }',
    variables: () => ({ input: { milestoneId: MILESTONE } }),
    mutation: true,
    prepare: (api, supervisor) => reopen(api, supervisor),
  },
  reopenMilestone: {
    query: 'mutation($input: ReopenMilestoneInput!) { reopenMilestone(input: $input) { id version } }',
    variables: () => ({ input: { milestoneId: MILESTONE, reason: '复查不合格' } }),
    mutation: true,
    prepare: (api, supervisor) =>
      api.gql(
        'mutation($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { id } }',
        { input: { milestoneId: MILESTONE } },
        supervisor,
      ),
  },
  rescheduleMilestone: {
    query:
      'mutation($input: RescheduleMilestoneInput!) { rescheduleMilestone(input: $input) { id version } }',
    variables: () => ({
      input: { milestoneId: MILESTONE, dueAt: '2020-11-30T23:59:59+08:00', reason: '调整工作安排' },
    }),
    mutation: true,
    prepare: (api, supervisor) => reopen(api, supervisor),
  },
  importPlan: {
    query: 'mutation($document: JSON!) { importPlan(document: $document) { id } }',
    variables: () => ({ document: generatePlan({ id: `auth-${++importCount}`, tasks: 2, units: 5 }) }),
    mutation: true,
  },
};

function reopen(api: TestApi, supervisor: string) {
  return api.gql(
    'mutation($input: ReopenMilestoneInput!) { reopenMilestone(input: $input) { id } }',
    { input: { milestoneId: MILESTONE, reason: '准备测试' } },
    supervisor,
  );
}

const CELLS = Object.entries(MATRIX).flatMap(([caller, outcomes]) =>
  OPERATIONS.map((operation, i) => ({ caller, operation, expected: outcomes[i] as Outcome })),
);

function outcomeOf(response: GraphqlResponse<Record<string, unknown>>, field: string): Outcome | string {
  if (!response.errors?.length && response.data?.[field]) return 'ALLOWED';
  return String(response.errors?.[0]?.extensions?.code);
}

describe('Authorization matrix (role × operation)', () => {
  let api: TestApi;
  let supervisor: string;
  const tokens = new Map<string, string | undefined>();

  beforeAll(async () => {
    api = await createTestApi({ label: 'auth-matrix' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
    for (const [name, caller] of Object.entries(CALLERS)) {
      tokens.set(name, caller ? await api.token(caller.roles, caller.unit) : undefined);
    }
  });

  it('covers every caller and every operation', () => {
    expect(CELLS).toHaveLength(Object.keys(CALLERS).length * OPERATIONS.length);
    for (const outcomes of Object.values(MATRIX)) expect(outcomes).toHaveLength(OPERATIONS.length);
  });

  it.each(CELLS)('$caller › $operation → $expected', async ({ caller, operation, expected }) => {
    const spec = SPECS[operation];
    await spec.prepare?.(api, supervisor);
    const before = spec.mutation && expected !== 'ALLOWED' ? await snapshot(api.store) : undefined;

    const response = await api.gql<Record<string, unknown>>(spec.query, spec.variables(), tokens.get(caller));

    expect(outcomeOf(response, operation), JSON.stringify(response.errors)).toBe(expected);
    for (const error of response.errors ?? []) expect(error.extensions?.code).toBeDefined();
    if (before) expect(await snapshot(api.store), 'a refused mutation changes nothing').toEqual(before);
  });
});

describe('Bearer tokens', () => {
  const keysDir = mkdtempSync(join(tmpdir(), 'clearwater-auth-keys-'));
  const otherKeysDir = mkdtempSync(join(tmpdir(), 'clearwater-auth-other-keys-'));
  let call: (authorization?: string) => Promise<GraphqlResponse<{ me: { id: string } }>>;

  beforeAll(async () => {
    const store = await createTestStore('auth-tokens');
    const yoga = createServer({
      store,
      clock: new FixedClock(new Date('2020-04-10T09:00:00+08:00')),
      verifier: await devVerifier(keysDir),
      log: () => {},
    });
    call = async (authorization) => {
      const response = await yoga.fetch('http://clearwater.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    };
  });

  it('accepts a token from the configured issuer', async () => {
    const token = await signDevToken(keysDir, { roles: ['SUPERVISOR'], sub: 'office-1' });

    const response = await call(`Bearer ${token}`);

    expect(response.data).toEqual({ me: { id: 'User:office-1' } });
  });

  it.each([
    { name: 'a malformed token', header: async () => 'Bearer not.a.jwt' },
    { name: 'a header that is not a bearer token', header: async () => 'Basic b2ZmaWNlOnNlY3JldA==' },
    {
      name: 'an expired token',
      header: async () =>
        `Bearer ${await signDevToken(keysDir, { roles: ['SUPERVISOR'], expiresIn: '-1h' })}`,
    },
    {
      name: 'a token signed by another issuer key',
      header: async () => `Bearer ${await signDevToken(otherKeysDir, { roles: ['SUPERVISOR'] })}`,
    },
    {
      name: 'a token for another audience',
      header: async () => {
        const { privateJwk, kid } = await ensureDevKeys(keysDir);
        const token = await new SignJWT({ roles: ['SUPERVISOR'] })
          .setProtectedHeader({ alg: 'ES256', kid })
          .setIssuer(DEV_ISSUER)
          .setAudience('another-service')
          .setSubject('office-1')
          .setIssuedAt()
          .setExpirationTime('1h')
          .sign(await importJWK(privateJwk, 'ES256'));
        return `Bearer ${token}`;
      },
    },
  ])('refuses $name with 401 UNAUTHENTICATED', async ({ header }) => {
    const response = await call(await header());

    expect(response.status).toBe(401);
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(response.data ?? null).toBeNull();
  });

  it('treats a request without a token as anonymous: UNAUTHENTICATED for fields that need a caller', async () => {
    const response = await call();

    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});
