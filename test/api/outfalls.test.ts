/**
 * Specification of the outfall register over the real yoga server and DynamoDB Local with the Yanhu plan:
 * registration and its rules, the 查测溯治 lifecycle with its refusals, the counters, history, and the
 * public disclosed view.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../graphql/yoga.ts';
import { devVerifier } from '../../services/local/dev-issuer.ts';
import { snapshot } from '../integration/plan-fixtures.ts';
import { createTestApi, type GraphqlResponse, type TestApi } from '../support/api.ts';

const OUTFALL_FIELDS = `
  id code name waterBody state annexItem dueAt late version disclosed gateControlled
  township { id } responsibleUnit { id } dischargers { name creditCode }
  deadlines { name state dueAt } nextActions
  remediation { measure } signboard archiveRef responsiblePerson { name }`;

const REGISTER = `mutation($input: RegisterOutfallInput!) { registerOutfall(input: $input) { ${OUTFALL_FIELDS} } }`;
const OUTFALL = `query($id: ID!) { outfall(id: $id) { ${OUTFALL_FIELDS} history(first: 20) { edges { node { action summary } } } } }`;

interface OutfallView {
  id: string;
  code: string;
  state: string;
  annexItem: string;
  dueAt: string;
  late: boolean;
  version: number;
  disclosed: boolean;
  gateControlled: boolean;
  dischargers: { name: string; creditCode: string | null }[];
  deadlines: { name: string; state: string; dueAt: string }[];
  nextActions: string[];
  remediation: { measure: string } | null;
  history?: { edges: { node: { action: string; summary: string } }[] };
}

function ok<T>(response: GraphqlResponse<T>): T {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

function refusal(response: GraphqlResponse<unknown>) {
  expect(response.errors, 'expected a refusal').toBeDefined();
  return response.errors?.[0]?.extensions as {
    code: string;
    reason?: string;
    problems?: { field: string }[];
  };
}

const irrigation = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `示例退水口 ${code}（虚构）`,
  waterBody: '涑水河',
  townshipUnitId: 'xiezhou',
  location: { longitude: 110.89, latitude: 34.92 },
  category: 'IRRIGATION_RETURN',
  responsibleUnitId: 'yanhu-agri',
  notes: '内部备注：示例',
  ...extra,
});

describe('Outfall register', () => {
  let api: TestApi;
  let supervisor: string;
  let agri: string;
  let enforcement: string;

  const register = async (input: Record<string, unknown>, token = supervisor) =>
    api.gql<{ registerOutfall: OutfallView }>(REGISTER, { input }, token);
  const registered = async (input: Record<string, unknown>, token = supervisor) =>
    ok(await register(input, token)).registerOutfall;
  const run = <T>(mutation: string, input: Record<string, unknown>, token = supervisor) =>
    api.gql<Record<string, T>>(
      `mutation($input: ${mutation[0]?.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${OUTFALL_FIELDS} } }`,
      { input },
      token,
    );

  beforeAll(async () => {
    api = await createTestApi({ label: 'outfalls-api' });
    supervisor = await api.token('SUPERVISOR', 'yanhu-gov-office');
    agri = await api.token('UNIT_OFFICER', 'yanhu-agri');
    enforcement = await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb');
  });

  describe('registration', () => {
    it('derives the annex item and its deadline: an irrigation return is A7, due 30 April 2020', async () => {
      const outfall = await registered(irrigation('SSH-TS-001'), agri);

      expect(outfall).toMatchObject({
        code: 'SSH-TS-001',
        state: 'IDENTIFIED',
        annexItem: 'A7',
        dueAt: '2020-04-30T15:59:59.000Z',
        late: false,
        version: 1,
        gateControlled: true,
        deadlines: [{ name: 'annex-A7', state: 'OPEN', dueAt: '2020-04-30T15:59:59.000Z' }],
        nextActions: ['MONITOR'],
      });
      expect(outfall.id).toMatch(/^Outfall:[0-9A-Z]{26}$/);
    });

    it('refuses a code already in the district with CONFLICT, and writes nothing', async () => {
      const before = await snapshot(api.store);

      const response = await register(irrigation('SSH-TS-001', { name: '另一个' }));

      expect(refusal(response)).toMatchObject({ code: 'CONFLICT', reason: 'OUTFALL_CODE_TAKEN' });
      expect(await snapshot(api.store)).toEqual(before);
    });

    it('names every bad field at once', async () => {
      const response = await register(
        irrigation('BAD#CODE', {
          waterBody: '黄河',
          location: { longitude: 200, latitude: 34 },
          townshipUnitId: 'yanhu-eeb',
        }),
      );

      const extensions = refusal(response);
      expect(extensions.code).toBe('BAD_USER_INPUT');
      const fields = (extensions.problems ?? []).map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['input.location.longitude']));
    });

    it('checks the code format, the water body and the township against the district', async () => {
      const response = await register(
        irrigation('BAD#CODE', { waterBody: '黄河', townshipUnitId: 'yanhu-eeb' }),
      );

      const fields = (refusal(response).problems ?? []).map((p) => p.field).sort();
      expect(fields).toEqual(['input.code', 'input.townshipUnitId', 'input.waterBody']);
    });

    it('allows one scattered rural outfall per village, names it when refusing a second, and takes the supervisor’s exception', async () => {
      const rural = (code: string, extra: Record<string, unknown> = {}) => ({
        ...irrigation(code),
        category: 'SCATTERED_RURAL_DOMESTIC',
        village: '示例村',
        ...extra,
      });
      const first = await registered(rural('XZ-RURAL-1'));
      expect(first.annexItem).toBe('A2');

      const second = await register(rural('XZ-RURAL-2'), agri);
      const withReasonByOfficer = await register(
        rural('XZ-RURAL-2', { villageExceptionReason: '地形分隔' }),
        agri,
      );
      const excepted = await register(
        rural('XZ-RURAL-2', { villageExceptionReason: '两个自然村被河道分隔' }),
      );

      expect(refusal(second)).toMatchObject({ code: 'CONFLICT', reason: 'OUTFALL_VILLAGE_TAKEN' });
      expect(second.errors?.[0]?.message).toContain('XZ-RURAL-1');
      expect(refusal(withReasonByOfficer).code).toBe('FORBIDDEN');
      expect(ok(excepted).registerOutfall.annexItem).toBe('A2');
    });
  });

  describe('the 查测溯治 lifecycle', () => {
    let id: string;
    const sample = (values: { parameter: string; value: number; unit: string }[]) =>
      api.gql<{
        recordOutfallSample: {
          outfall: OutfallView;
          sample: { exceedances: { parameter: string; multiple: number }[] };
        };
      }>(
        `mutation($input: RecordOutfallSampleInput!) {
          recordOutfallSample(input: $input) { outfall { state version } sample { exceedances { parameter multiple } } }
        }`,
        {
          input: {
            outfallId: id,
            sampledAt: '2020-04-09T10:00:00+08:00',
            sampledBy: '张三',
            lab: '示例检测站',
            values,
          },
        },
        enforcement,
      );

    beforeAll(async () => {
      id = (await registered(irrigation('SSH-TS-100', { dischargers: [{ name: '示例农场' }] }))).id;
    });

    it('refuses tracing before a sample: OUTFALL_NOT_MONITORED', async () => {
      const response = await run(
        'traceOutfall',
        { outfallId: id, sources: [{ description: '1号管', ownerless: true }] },
        enforcement,
      );

      expect(refusal(response)).toMatchObject({ code: 'CONFLICT', reason: 'OUTFALL_NOT_MONITORED' });
    });

    it('makes the outfall MONITORED with its first sample and compares it with the limits', async () => {
      const recorded = ok(
        await sample([
          { parameter: 'COD', value: 320, unit: 'mg/L' },
          { parameter: 'NH3_N', value: 3, unit: 'mg/L' },
        ]),
      ).recordOutfallSample;

      expect(recorded.outfall.state).toBe('MONITORED');
      expect(recorded.sample.exceedances).toEqual([{ parameter: 'COD', multiple: 3.2 }]);
    });

    it('refuses a value in another unit than its limit’s', async () => {
      const response = await sample([{ parameter: 'COD', value: 0.3, unit: 'g/L' }]);

      expect(refusal(response)).toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('refuses tracing while a source is unidentified: OUTFALL_SOURCES_UNIDENTIFIED', async () => {
      const response = await run(
        'traceOutfall',
        { outfallId: id, sources: [{ description: '1号管' }] },
        enforcement,
      );

      expect(refusal(response)).toMatchObject({ code: 'CONFLICT', reason: 'OUTFALL_SOURCES_UNIDENTIFIED' });
    });

    it('forbids a unit officer to trace: enforcement officers do', async () => {
      const response = await run(
        'traceOutfall',
        { outfallId: id, sources: [{ description: '1号管', ownerless: true }] },
        agri,
      );

      expect(refusal(response).code).toBe('FORBIDDEN');
    });

    it('traces every source, the ownerless inlet included', async () => {
      const traced = ok(
        await run<OutfallView>(
          'traceOutfall',
          {
            outfallId: id,
            sources: [
              { description: '1号支渠', discharger: { name: '示例农场', creditCode: '91140802MA0K000001' } },
              { description: '2号暗管', ownerless: true },
            ],
          },
          enforcement,
        ),
      ).traceOutfall as OutfallView;

      expect(traced.state).toBe('TRACED');
      expect(traced.dischargers).toEqual([{ name: '示例农场', creditCode: '91140802MA0K000001' }]);
    });

    it('refuses a plan that leaves the ownerless inlet open', async () => {
      const response = await run(
        'planOutfallRemediation',
        { outfallId: id, measure: 'GATE_CONTROL', dueAt: '2020-04-25T00:00:00+08:00', description: '设闸' },
        agri,
      );

      expect(refusal(response)).toMatchObject({
        code: 'CONFLICT',
        reason: 'OUTFALL_OWNERLESS_INLETS_UNSEALED',
      });
    });

    it('plans gate control, and refuses to close it before the gate is recorded', async () => {
      const planned = ok(
        await run<OutfallView>(
          'planOutfallRemediation',
          {
            outfallId: id,
            measure: 'GATE_CONTROL',
            dueAt: '2020-04-25T00:00:00+08:00',
            description: '设闸，封堵暗管',
            sealOwnerlessInlets: true,
          },
          agri,
        ),
      ).planOutfallRemediation as OutfallView;
      const early = await run('completeOutfallRemediation', { outfallId: id, note: '完成' }, agri);

      expect(planned.state).toBe('REMEDIATION_PLANNED');
      expect(refusal(early)).toMatchObject({ code: 'CONFLICT', reason: 'OUTFALL_GATE_NOT_RECORDED' });
    });

    it('records the gate closed, completes the remediation, and keeps it only with signboard, archive and person', async () => {
      ok(await run('recordOutfallGate', { outfallId: id, open: false }, agri));
      const remediated = ok(
        await run<OutfallView>('completeOutfallRemediation', { outfallId: id, note: '闸门建成' }, agri),
      ).completeOutfallRemediation as OutfallView;
      const incomplete = await run('retainOutfall', { outfallId: id, signboard: 'BP-001' }, agri);
      const sealInstead = await run('sealOutfall', { outfallId: id, note: '封堵' }, agri);
      const retained = ok(
        await run<OutfallView>(
          'retainOutfall',
          {
            outfallId: id,
            signboard: 'BP-001',
            archiveRef: 'DA-2020-001',
            responsiblePerson: { name: '李四', title: '站长' },
          },
          agri,
        ),
      ).retainOutfall as OutfallView;

      expect(remediated.state).toBe('REMEDIATED');
      expect(refusal(incomplete)).toMatchObject({ code: 'CONFLICT', reason: 'OUTFALL_RETENTION_INCOMPLETE' });
      expect(refusal(sealInstead)).toMatchObject({ code: 'CONFLICT', reason: 'OUTFALL_PLAN_MISMATCH' });
      expect(retained).toMatchObject({ state: 'RETAINED', signboard: 'BP-001', archiveRef: 'DA-2020-001' });
      expect(retained.deadlines.find((d) => d.name === 'annex-A7')?.state).toBe('MET');
      expect(retained.nextActions).toEqual([]);
    });

    it('refuses anything after an end state: OUTFALL_CLOSED', async () => {
      const response = await run(
        'planOutfallRemediation',
        { outfallId: id, measure: 'ABOLISH_SEAL', dueAt: '2020-05-01T00:00:00+08:00', description: 'x' },
        agri,
      );

      expect(refusal(response)).toMatchObject({ code: 'CONFLICT', reason: 'OUTFALL_CLOSED' });
    });

    it('audits every step (the test clock stands still, so entries of one instant come in any order)', async () => {
      const outfall = ok(await api.gql<{ outfall: OutfallView }>(OUTFALL, { id }, supervisor)).outfall;

      expect(outfall.history?.edges.map((e) => e.node.action).sort()).toEqual([
        'GATE',
        'PLAN',
        'REGISTER',
        'REMEDIATE',
        'RETAIN',
        'SAMPLE',
        'TRACE',
      ]);
    });
  });

  describe('ends and corrections', () => {
    const advance = async (code: string, extra: Record<string, unknown> = {}, category = 'OTHER') => {
      const { id } = await registered({ ...irrigation(code), category, village: '示例二村', ...extra });
      await api.gql(
        'mutation($i: RecordOutfallSampleInput!) { recordOutfallSample(input: $i) { sample { id } } }',
        {
          i: {
            outfallId: id,
            sampledAt: '2020-04-09T10:00:00+08:00',
            sampledBy: '王五',
            lab: '示例检测站',
            values: [{ parameter: 'COD', value: 20, unit: 'mg/L' }],
          },
        },
        enforcement,
      );
      ok(
        await run(
          'traceOutfall',
          { outfallId: id, sources: [{ description: '总管', discharger: { name: '示例单位' } }] },
          enforcement,
        ),
      );
      return id;
    };

    it('seals a rural outfall and frees its village for another', async () => {
      const id = await advance('XZ-RURAL-9', { village: '示例三村' }, 'SCATTERED_RURAL_DOMESTIC');
      ok(
        await run('planOutfallRemediation', {
          outfallId: id,
          measure: 'ABOLISH_SEAL',
          dueAt: '2020-05-20T00:00:00+08:00',
          description: '接入村污水站后封堵',
        }),
      );
      ok(await run('completeOutfallRemediation', { outfallId: id, note: '已接入' }));
      const sealed = ok(await run<OutfallView>('sealOutfall', { outfallId: id, note: '已封堵' }))
        .sealOutfall as OutfallView;

      const next = await register({
        ...irrigation('XZ-RURAL-10'),
        category: 'SCATTERED_RURAL_DOMESTIC',
        village: '示例三村',
      });

      expect(sealed.state).toBe('SEALED');
      expect(ok(next).registerOutfall.annexItem).toBe('A2');
    });

    it('merges an outfall into another, which must still be there', async () => {
      const target = (
        await registered({
          ...irrigation('SSH-TS-200'),
          category: 'URBAN_WWTP',
          permit: { number: 'PW-1', holder: '示例污水厂' },
        })
      ).id;
      const id = await advance('SSH-TS-201');
      const missing = await run('planOutfallRemediation', {
        outfallId: id,
        measure: 'MERGE_CONNECT',
        dueAt: '2020-06-20T00:00:00+08:00',
        description: '并入',
      });
      ok(
        await run('planOutfallRemediation', {
          outfallId: id,
          measure: 'MERGE_CONNECT',
          dueAt: '2020-06-20T00:00:00+08:00',
          description: '并入污水厂排口',
          mergeInto: { outfallId: target },
        }),
      );
      ok(await run('completeOutfallRemediation', { outfallId: id, note: '管网接通' }));
      const merged = ok(await run<OutfallView>('mergeOutfall', { outfallId: id }))
        .mergeOutfall as OutfallView;

      expect(refusal(missing).code).toBe('BAD_USER_INPUT');
      expect(merged.state).toBe('MERGED');
    });

    it('changes only the fields a correction gives: dischargers and disclosure stay', async () => {
      const { id } = await registered(
        irrigation('SSH-TS-400', { disclosed: true, dischargers: [{ name: '示例农场' }] }),
      );

      const updated = ok(
        await api.gql<{ updateOutfall: OutfallView }>(
          `mutation($input: UpdateOutfallInput!) { updateOutfall(input: $input) { ${OUTFALL_FIELDS} } }`,
          { input: { outfallId: id, name: '更正后的名称（虚构）' } },
          agri,
        ),
      ).updateOutfall;

      expect(updated).toMatchObject({
        disclosed: true,
        dischargers: [{ name: '示例农场', creditCode: null }],
        version: 2,
      });
      ok(await run('setOutfallDisclosure', { outfallId: id, disclosed: false }));
    });

    it('moves an outfall to its new annex item and deadline when its category changes', async () => {
      const { id, version } = await registered({ ...irrigation('SSH-TS-300'), category: 'URBAN_RAIN' });

      const updated = ok(
        await api.gql<{ updateOutfall: OutfallView }>(
          `mutation($input: UpdateOutfallInput!) { updateOutfall(input: $input) { ${OUTFALL_FIELDS} } }`,
          { input: { outfallId: id, category: 'SHARED', expectedVersion: version } },
          supervisor,
        ),
      ).updateOutfall;
      const stale = await api.gql(
        'mutation($input: UpdateOutfallInput!) { updateOutfall(input: $input) { id } }',
        { input: { outfallId: id, name: '改名', expectedVersion: version } },
        supervisor,
      );

      expect(updated.annexItem).toBe('A8');
      expect(updated.dueAt).toBe('2020-06-30T15:59:59.000Z');
      expect(updated.deadlines.map((d) => [d.name, d.state])).toEqual([
        ['annex-A6', 'CANCELLED'],
        ['annex-A8', 'OPEN'],
      ]);
      expect(refusal(stale).code).toBe('CONFLICT');
    });
  });

  describe('counters and disclosure', () => {
    it('keeps outfallStats and the annex progress in step with every change', async () => {
      const stats = ok(
        await api.gql<{
          outfallStats: {
            all: { total: number; byState: { state: string; count: number }[] };
            groups: { value: string; counts: { total: number } }[];
          };
          a7: { outfallProgress: { total: number; ended: number } };
          t10: { outfallProgress: { total: number } };
          t1: { outfallProgress: null };
        }>(
          `{
            outfallStats { all { total byState { state count } } groups(dimension: ANNEX_ITEM_PLACEHOLDER) { value counts { total } } }
            a7: task(id: "yanhu-2020:A7") { outfallProgress { total ended } }
            t10: task(id: "yanhu-2020:10") { outfallProgress { total } }
            t1: task(id: "yanhu-2020:1") { outfallProgress { total } }
          }`.replace('ANNEX_ITEM_PLACEHOLDER', 'ANNEX'),
          {},
          supervisor,
        ),
      );
      const register = ok(
        await api.gql<{ outfalls: { edges: { node: { state: string; annexItem: string } }[] } }>(
          '{ outfalls(first: 500) { edges { node { state annexItem } } } }',
          {},
          supervisor,
        ),
      ).outfalls.edges.map((e) => e.node);

      const counted = (state: string) => stats.outfallStats.all.byState.find((s) => s.state === state)?.count;
      expect(stats.outfallStats.all.total).toBe(register.length);
      for (const state of ['IDENTIFIED', 'TRACED', 'RETAINED', 'SEALED', 'MERGED']) {
        expect(counted(state), state).toBe(register.filter((o) => o.state === state).length);
      }
      expect(stats.a7.outfallProgress).toEqual({
        total: register.filter((o) => o.annexItem === 'A7').length,
        ended: register.filter((o) => o.annexItem === 'A7' && o.state === 'RETAINED').length,
      });
      expect(stats.t10.outfallProgress.total).toBe(register.length);
      expect(stats.t1.outfallProgress).toBeNull();
    });

    it('shows only disclosed outfalls, and only publishable fields, to anyone without a token', async () => {
      const shown = await registered(
        irrigation('SSH-PUB-001', {
          disclosed: true,
          dischargers: [{ name: '张某某' }],
          responsiblePerson: { name: '赵六', phone: '13800000000' },
        }),
      );
      await registered(irrigation('SSH-PUB-002'));

      const response = await api.gql<{ publicOutfalls: { edges: { node: Record<string, unknown> }[] } }>(
        '{ publicOutfalls(first: 50) { edges { node { code name waterBody category state responsibleUnit supervisionPhone longitude latitude } } } }',
      );
      const hidden = await api.gql('{ publicOutfalls { edges { node { notes } } } }');

      expect(ok(response).publicOutfalls.edges.map((e) => e.node)).toEqual([
        {
          code: 'SSH-PUB-001',
          name: expect.any(String),
          waterBody: '涑水河',
          category: 'IRRIGATION_RETURN',
          state: 'IDENTIFIED',
          responsibleUnit: '盐湖区农业农村局',
          supervisionPhone: '12369',
          longitude: 110.89,
          latitude: 34.92,
        },
      ]);
      expect(JSON.stringify(response)).not.toMatch(/张某某|赵六|13800000000|内部备注/);
      expect(refusal(hidden).code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(shown.disclosed).toBe(true);
    });

    it('withdraws an outfall from the public register', async () => {
      const { id } = await registered(irrigation('SSH-PUB-003', { disclosed: true }));

      ok(await run('setOutfallDisclosure', { outfallId: id, disclosed: false }));
      const response = await api.gql<{ publicOutfalls: { edges: { node: { code: string } }[] } }>(
        '{ publicOutfalls(filter: { waterBody: "涑水河" }) { edges { node { code } } } }',
      );

      expect(ok(response).publicOutfalls.edges.map((e) => e.node.code)).toEqual(['SSH-PUB-001']);
    });

    it('exports the same public register as GeoJSON and CSV over plain HTTP, without a token', async () => {
      const yoga = createServer({
        store: api.store,
        clock: api.clock,
        verifier: await devVerifier(mkdtempSync(join(tmpdir(), 'clearwater-keys-'))),
        log: () => {},
      });

      const geo = await yoga.fetch('http://clearwater.test/public/outfalls.geojson');
      const csv = await yoga.fetch('http://clearwater.test/public/outfalls.csv');
      const post = await yoga.fetch('http://clearwater.test/public/outfalls.csv', { method: 'POST' });

      expect(geo.status).toBe(200);
      expect(geo.headers.get('content-type')).toContain('application/geo+json');
      const collection = (await geo.json()) as {
        features: { geometry: unknown; properties: Record<string, unknown> }[];
      };
      expect(collection.features).toEqual([
        {
          type: 'Feature',
          id: 'SSH-PUB-001',
          geometry: { type: 'Point', coordinates: [110.89, 34.92] },
          properties: expect.objectContaining({
            code: 'SSH-PUB-001',
            state: 'IDENTIFIED',
            supervisionPhone: '12369',
          }),
        },
      ]);
      const text = await csv.text();
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(text.split('\r\n')[0]).toBe(
        '\uFEFFcode,name,waterBody,category,categoryLabel,longitude,latitude,state,responsibleUnit,supervisionPhone',
      );
      expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
      expect(`${JSON.stringify(collection)}${text}`).not.toMatch(
        /张某某|赵六|13800000000|内部备注|SSH-PUB-002/,
      );
      expect(post.status).toBe(405);
    });

    it('refuses the register itself to a caller without a token', async () => {
      const response = await api.gql('{ outfalls { edges { node { id } } } }');

      expect(refusal(response).code).toBe('UNAUTHENTICATED');
    });
  });
});
