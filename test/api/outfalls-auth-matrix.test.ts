/**
 * Who may do what to outfalls, as a matrix of role × operation (issue 8 §8): officers of the responsible
 * unit or the township register and update; enforcement officers record samples and tracing; the
 * supervisor does everything; staff read the register; anyone reads the disclosed view. A refused
 * mutation changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../services/shared/auth/principal.ts';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/api.ts';

type Outcome = 'ALLOWED' | 'UNAUTHENTICATED' | 'FORBIDDEN';
const A: Outcome = 'ALLOWED';
const U: Outcome = 'UNAUTHENTICATED';
const F: Outcome = 'FORBIDDEN';

/** The outfalls acted on are irrigation returns of 区农业农村局 (responsible) in 解州 (township). */
const CALLERS: Record<string, { roles: Role[]; unit?: string } | null> = {
  'no token': null,
  SUPERVISOR: { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' },
  'UNIT_OFFICER (responsible unit)': { roles: ['UNIT_OFFICER'], unit: 'yanhu-agri' },
  'UNIT_OFFICER (township)': { roles: ['UNIT_OFFICER'], unit: 'xiezhou' },
  'UNIT_OFFICER (other unit)': { roles: ['UNIT_OFFICER'], unit: 'yanhu-natres' },
  ENFORCEMENT_OFFICER: { roles: ['ENFORCEMENT_OFFICER'], unit: 'yanhu-eeb' },
  POLICE_OFFICER: { roles: ['POLICE_OFFICER'], unit: 'yanhu-police' },
  INTEGRATOR: { roles: ['INTEGRATOR'] },
};

const OPERATIONS = [
  'publicOutfalls',
  'outfall',
  'outfalls',
  'outfallStats',
  'registerOutfall',
  'updateOutfall',
  'setOutfallDisclosure',
  'recordOutfallSample',
  'traceOutfall',
  'planOutfallRemediation',
  'recordOutfallGate',
  'importOutfalls',
] as const;
type Operation = (typeof OPERATIONS)[number];

// biome-ignore format: the matrix reads as a table
const MATRIX: Record<keyof typeof CALLERS, Outcome[]> = {
  //                                 public outfall list stats register update disclose sample trace plan gate import
  'no token':                        [A,    U,      U,   U,    U,       U,     U,       U,     U,    U,   U,   U],
  SUPERVISOR:                        [A,    A,      A,   A,    A,       A,     A,       A,     A,    A,   A,   A],
  'UNIT_OFFICER (responsible unit)': [A,    A,      A,   A,    A,       A,     A,       F,     F,    A,   A,   A],
  'UNIT_OFFICER (township)':         [A,    A,      A,   A,    A,       A,     A,       F,     F,    A,   A,   A],
  'UNIT_OFFICER (other unit)':       [A,    A,      A,   A,    F,       F,     F,       F,     F,    F,   F,   F],
  ENFORCEMENT_OFFICER:               [A,    A,      A,   A,    F,       F,     F,       A,     A,    F,   A,   F],
  POLICE_OFFICER:                    [A,    A,      A,   A,    F,       F,     F,       F,     F,    F,   F,   F],
  INTEGRATOR:                        [A,    F,      F,   F,    F,       F,     F,       F,     F,    F,   F,   F],
};

let sequence = 0;
const outfallInput = (code: string) => ({
  code,
  name: `示例退水口 ${code}（虚构）`,
  waterBody: '姚暹渠',
  townshipUnitId: 'xiezhou',
  location: { longitude: 111.0, latitude: 35.0 },
  category: 'IRRIGATION_RETURN',
  responsibleUnitId: 'yanhu-agri',
});

interface Ids {
  identified: string;
  monitored: string;
  traced: string;
}

function specs(
  ids: Ids,
): Record<Operation, { query: string; variables: () => Record<string, unknown>; mutation: boolean }> {
  const m = (name: string, type: string, input: () => Record<string, unknown>, select = '__typename') => ({
    query: `mutation($input: ${type}!) { ${name}(input: $input) { ${select} } }`,
    variables: () => ({ input: input() }),
    mutation: true,
  });
  return {
    publicOutfalls: {
      query: '{ publicOutfalls { edges { node { code } } } }',
      variables: () => ({}),
      mutation: false,
    },
    outfall: {
      query: 'query($id: ID!) { outfall(id: $id) { id } }',
      variables: () => ({ id: ids.identified }),
      mutation: false,
    },
    outfalls: { query: '{ outfalls { edges { node { id } } } }', variables: () => ({}), mutation: false },
    outfallStats: { query: '{ outfallStats { all { total } } }', variables: () => ({}), mutation: false },
    registerOutfall: m(
      'registerOutfall',
      'RegisterOutfallInput',
      () => outfallInput(`AUTH-${++sequence}`),
      'id',
    ),
    updateOutfall: m(
      'updateOutfall',
      'UpdateOutfallInput',
      () => ({ outfallId: ids.identified, name: `改名 ${++sequence}` }),
      'id',
    ),
    setOutfallDisclosure: m(
      'setOutfallDisclosure',
      'SetOutfallDisclosureInput',
      () => ({ outfallId: ids.identified, disclosed: sequence++ % 2 === 0 }),
      'id',
    ),
    recordOutfallSample: m(
      'recordOutfallSample',
      'RecordOutfallSampleInput',
      () => ({
        outfallId: ids.monitored,
        sampledAt: '2020-04-09T10:00:00+08:00',
        sampledBy: '采样员',
        lab: '示例检测站',
        values: [{ parameter: 'COD', value: 30, unit: 'mg/L' }],
      }),
      'sample { id }',
    ),
    traceOutfall: m(
      'traceOutfall',
      'TraceOutfallInput',
      () => ({
        outfallId: ids.monitored,
        sources: [{ description: '渠', ownerless: false, discharger: { name: '示例灌区' } }],
      }),
      'id',
    ),
    planOutfallRemediation: m(
      'planOutfallRemediation',
      'PlanOutfallRemediationInput',
      () => ({
        outfallId: ids.traced,
        measure: 'ABOLISH_SEAL',
        dueAt: '2020-04-25T00:00:00+08:00',
        description: '封堵',
      }),
      'id',
    ),
    recordOutfallGate: m(
      'recordOutfallGate',
      'RecordOutfallGateInput',
      () => ({ outfallId: ids.identified, open: false }),
      'id',
    ),
    importOutfalls: {
      query: 'mutation($d: String!) { importOutfalls(document: $d, format: CSV, dryRun: true) { rowCount } }',
      variables: () => ({
        d: `code,name,waterBody,township,longitude,latitude,category,responsibleUnit\nIMP-${++sequence},示例（虚构）,姚暹渠,xiezhou,111,35,IRRIGATION_RETURN,yanhu-agri\n`,
      }),
      mutation: true,
    },
  };
}

const CELLS = Object.entries(MATRIX).flatMap(([caller, outcomes]) =>
  OPERATIONS.map((operation, i) => ({ caller, operation, expected: outcomes[i] as Outcome })),
);

function outcomeOf(response: GraphqlResponse<Record<string, unknown>>, field: string): Outcome | string {
  if (!response.errors?.length && response.data?.[field]) return 'ALLOWED';
  return String(response.errors?.[0]?.extensions?.code);
}

describe('Outfall authorization matrix (role × operation)', () => {
  let api: TestApi;
  let spec: ReturnType<typeof specs>;
  const tokens = new Map<string, string | undefined>();

  beforeAll(async () => {
    api = await createTestApi({ label: 'outfall-auth' });
    const supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
    const register = async (code: string) => {
      const response = await api.gql<{ registerOutfall: { id: string } }>(
        'mutation($i: RegisterOutfallInput!) { registerOutfall(input: $i) { id } }',
        { i: outfallInput(code) },
        supervisor,
      );
      return response.data?.registerOutfall.id as string;
    };
    const ids: Ids = {
      identified: await register('AUTH-I'),
      monitored: await register('AUTH-M'),
      traced: await register('AUTH-T'),
    };
    spec = specs(ids);
    for (const id of [ids.monitored, ids.traced]) {
      await api.gql(
        spec.recordOutfallSample.query,
        { input: { ...(spec.recordOutfallSample.variables().input as object), outfallId: id } },
        supervisor,
      );
    }
    await api.gql(
      spec.traceOutfall.query,
      { input: { ...(spec.traceOutfall.variables().input as object), outfallId: ids.traced } },
      supervisor,
    );
    for (const [name, caller] of Object.entries(CALLERS)) {
      tokens.set(name, caller ? await api.token(caller.roles, caller.unit) : undefined);
    }
  });

  it('covers every caller and every operation', () => {
    expect(CELLS).toHaveLength(Object.keys(CALLERS).length * OPERATIONS.length);
    for (const outcomes of Object.values(MATRIX)) expect(outcomes).toHaveLength(OPERATIONS.length);
  });

  it.each(CELLS)('$caller › $operation → $expected', async ({ caller, operation, expected }) => {
    const { query, variables, mutation } = spec[operation];
    const before = mutation && expected !== 'ALLOWED' ? await snapshot(api.store) : undefined;

    const response = await api.gql<Record<string, unknown>>(query, variables(), tokens.get(caller));

    expect(outcomeOf(response, operation), JSON.stringify(response.errors)).toBe(expected);
    for (const error of response.errors ?? []) expect(error.extensions?.code).toBeDefined();
    if (before) expect(await snapshot(api.store), 'a refused mutation changes nothing').toEqual(before);
  });
});
