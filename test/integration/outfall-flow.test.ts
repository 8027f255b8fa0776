/**
 * Outfalls through the whole local runtime, over HTTP: mutations write outbox rows, the stream poller
 * publishes them, the local bus runs the rule list (event log, inboxes, the late marker), and the sweeper
 * fires the outfalls' annex deadlines and gate checks as the clock moves through the 2020 campaign.
 * One timeline, so the steps run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepReport } from '../../services/shared/deadlines/sweeper.ts';
import type { BusEvent } from '../../services/shared/events/envelope.ts';
import type { GraphqlResponse } from '../support/api.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

function ok<T>(response: GraphqlResponse<T>): T {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

const REGISTER = 'mutation($i: RegisterOutfallInput!) { registerOutfall(input: $i) { id version } }';
const STATS = `{
  outfallStats { all { total late } }
  a7: task(id: "yanhu-2020:A7") { outfallProgress { total late ended } }
  outfalls(first: 50) { edges { node { code late state } } }
}`;

interface Stats {
  outfallStats: { all: { total: number; late: number } };
  a7: { outfallProgress: { total: number; late: number; ended: number } };
  outfalls: { edges: { node: { code: string; late: boolean; state: string } }[] };
}

describe('Outfalls through the local runtime', () => {
  let env: TestRuntime;
  let supervisor: string;
  let enforcement: string;
  let irrigationId: string;
  let overflowId: string;

  const events = async (detailType: string) =>
    (await env.local<{ events: BusEvent[] }>('GET', '/_local/archive')).body.events.filter(
      (e) => e['detail-type'] === detailType,
    );
  const setClock = (now: string) =>
    env.local<{ sweep: SweepReport }>('POST', '/_local/clock', { now }).then((r) => r.body.sweep);
  const inbox = async (unitId: string) =>
    ok(
      await env.gql<{ notifications: { edges: { node: { detailType: string; title: string } }[] } }>(
        'query($u: ID) { notifications(unitId: $u, first: 100) { edges { node { detailType title } } } }',
        { u: unitId },
        supervisor,
      ),
    ).notifications.edges.map((e) => e.node);
  const mutate = (name: string, inputType: string, input: Record<string, unknown>, token = supervisor) =>
    env.gql(`mutation($i: ${inputType}!) { ${name}(input: $i) { __typename } }`, { i: input }, token);

  beforeAll(async () => {
    env = await startTestRuntime({ label: 'outfall-flow', clockStart: '2020-04-10T09:00:00+08:00' });
    [supervisor, enforcement] = await Promise.all([
      env.token('SUPERVISOR', 'yanhu-gov-office'),
      env.token('ENFORCEMENT_OFFICER', 'yanhu-eeb'),
    ]);
    const base = {
      waterBody: '涑水河',
      townshipUnitId: 'xiezhou',
      location: { longitude: 110.89, latitude: 34.92 },
    };
    irrigationId = ok(
      await env.gql<{ registerOutfall: { id: string } }>(
        REGISTER,
        {
          i: {
            ...base,
            code: 'FLOW-A7-1',
            name: '示例退水口（虚构）',
            category: 'IRRIGATION_RETURN',
            responsibleUnitId: 'yanhu-agri',
            dischargers: [{ name: '示例灌区管理站', creditCode: '12140802MB0000001X' }],
          },
        },
        supervisor,
      ),
    ).registerOutfall.id;
    overflowId = ok(
      await env.gql<{ registerOutfall: { id: string } }>(
        REGISTER,
        {
          i: {
            ...base,
            code: 'FLOW-A3-1',
            name: '示例溢流口（虚构）',
            category: 'WWTP_INFLOW_OVERFLOW',
            responsibleUnitId: 'yanhu-housing',
          },
        },
        supervisor,
      ),
    ).registerOutfall.id;
  });

  afterAll(async () => {
    await env?.runtime.stop();
  });

  it('publishes OutfallRegistered for each registration', async () => {
    await env.runtime.settle();

    expect((await events('OutfallRegistered')).map((e) => e.detail.data)).toEqual([
      expect.objectContaining({
        outfallCode: 'FLOW-A7-1',
        annexItem: 'A7',
        dueAt: '2020-04-30T15:59:59.000Z',
      }),
      expect.objectContaining({
        outfallCode: 'FLOW-A3-1',
        annexItem: 'A3',
        dueAt: '2020-05-31T15:59:59.000Z',
      }),
    ]);
  });

  it('publishes OutfallExceedanceDetected in the shape the enforcement context reads, and tells the units', async () => {
    ok(
      await mutate(
        'recordOutfallSample',
        'RecordOutfallSampleInput',
        {
          outfallId: irrigationId,
          sampledAt: '2020-04-10T08:00:00+08:00',
          sampledBy: '示例采样员',
          lab: '示例检测站',
          values: [
            { parameter: 'COD', value: 320, unit: 'mg/L' },
            { parameter: 'CD', value: 0.4, unit: 'mg/L' },
            { parameter: 'TP', value: 0.1, unit: 'mg/L' },
          ],
        },
        enforcement,
      ),
    );
    await env.runtime.settle();

    const [detected] = await events('OutfallExceedanceDetected');
    expect(detected?.source).toBe('clearwater.outfalls');
    expect(detected?.detail.metadata.entity).toEqual({
      type: 'Outfall',
      id: irrigationId.replace('Outfall:', ''),
    });
    expect(detected?.detail.data).toEqual({
      outfallId: irrigationId.replace('Outfall:', ''),
      outfallCode: 'FLOW-A7-1',
      outfallName: '示例退水口（虚构）',
      waterBody: '涑水河',
      townshipUnitId: 'xiezhou',
      sampleId: expect.stringMatching(/^[0-9A-Z]{26}$/),
      sampledAt: '2020-04-10T00:00:00.000Z',
      dischargers: [{ name: '示例灌区管理站', creditCode: '12140802MB0000001X' }],
      exceedances: [
        { parameter: 'COD', value: 320, unit: 'mg/L', limit: 100, multiple: 3.2, bound: 'MAX' },
        {
          parameter: 'CD',
          value: 0.4,
          unit: 'mg/L',
          limit: 0.1,
          multiple: expect.closeTo(4, 9),
          bound: 'MAX',
        },
      ],
      recipientUnitIds: ['yanhu-agri', 'xiezhou'],
    });
    expect((await inbox('xiezhou')).map((n) => n.detailType)).toEqual(['OutfallExceedanceDetected']);
  });

  it('reports a gate opened outside the flood season at once, and again when the scheduled check finds it open', async () => {
    ok(await mutate('recordOutfallGate', 'RecordOutfallGateInput', { outfallId: overflowId, open: true }));
    await env.runtime.settle();
    const recorded = (await events('OutfallGateViolation')).map((e) => e.detail.data);

    const sweep = await setClock('2020-04-11T10:00:00+08:00');

    expect(recorded).toEqual([expect.objectContaining({ outfallCode: 'FLOW-A3-1', foundBy: 'RECORD' })]);
    expect(sweep.failed).toBe(0);
    expect(
      (await events('OutfallGateViolation')).map((e) => (e.detail.data as { foundBy: string }).foundBy),
    ).toEqual(['RECORD', 'SCHEDULED_CHECK']);
    expect(
      (await inbox('yanhu-housing')).filter((n) => n.detailType === 'OutfallGateViolation'),
    ).toHaveLength(2);
  });

  it('closes the gate check when the gate is recorded closed: no further violation', async () => {
    ok(await mutate('recordOutfallGate', 'RecordOutfallGateInput', { outfallId: overflowId, open: false }));
    ok(
      await mutate('recordOutfallGate', 'RecordOutfallGateInput', {
        outfallId: overflowId,
        open: true,
        observedAt: '2020-04-11T10:00:00+08:00',
      }),
    );
    ok(await mutate('recordOutfallGate', 'RecordOutfallGateInput', { outfallId: overflowId, open: false }));

    await setClock('2020-04-20T10:00:00+08:00');

    expect(
      (await events('OutfallGateViolation')).map((e) => (e.detail.data as { foundBy: string }).foundBy),
    ).toEqual(['RECORD', 'SCHEDULED_CHECK', 'RECORD']);
  });

  it('reminds the annex item’s units before the deadline, narrowing 各乡镇办 to the outfall’s township', async () => {
    await setClock('2020-04-28T00:00:00+08:00');
    const dueSoon = (await events('DeadlineDueSoon')).map(
      (e) => e.detail.data as { owner: { id: string }; recipientUnitIds: string[] },
    );

    expect(dueSoon.map((d) => [d.owner.id, [...d.recipientUnitIds].sort()])).toEqual([
      [irrigationId.replace('Outfall:', ''), ['yanhu-agri']],
    ]);

    await setClock('2020-05-25T00:00:00+08:00');
    const overflow = (await events('DeadlineDueSoon'))
      .map((e) => e.detail.data as { owner: { id: string }; recipientUnitIds: string[] })
      .find((d) => d.owner.id === overflowId.replace('Outfall:', ''));
    expect([...(overflow?.recipientUnitIds ?? [])].sort()).toEqual(['xiezhou', 'yanhu-eeb', 'yanhu-housing']);
  });

  it('counts the irrigation return late once its deadline passed (marked by the DeadlineOverdue handler)', async () => {
    const stats = ok(await env.gql<Stats>(STATS, {}, supervisor));

    expect(stats.outfallStats.all).toEqual({ total: 2, late: 1 });
    expect(stats.a7.outfallProgress).toEqual({ total: 1, late: 1, ended: 0 });
    expect(stats.outfalls.edges.map((e) => e.node)).toEqual([
      { code: 'FLOW-A3-1', late: false, state: 'IDENTIFIED' },
      { code: 'FLOW-A7-1', late: true, state: 'MONITORED' },
    ]);
  });

  it('ends the late outfall LATE and takes it off the late count', async () => {
    ok(
      await mutate(
        'traceOutfall',
        'TraceOutfallInput',
        {
          outfallId: irrigationId,
          sources: [{ description: '退水渠', discharger: { name: '示例灌区管理站' } }],
        },
        enforcement,
      ),
    );
    for (const [name, type, input] of [
      [
        'planOutfallRemediation',
        'PlanOutfallRemediationInput',
        { measure: 'ABOLISH_SEAL', dueAt: '2020-06-01T00:00:00+08:00', description: '封堵' },
      ],
      ['completeOutfallRemediation', 'CompleteOutfallRemediationInput', { note: '已封堵' }],
      ['sealOutfall', 'SealOutfallInput', { note: '验收' }],
    ] as const) {
      ok(await mutate(name, type, { outfallId: irrigationId, ...input }));
    }
    await env.runtime.settle();

    const sealed = (await events('OutfallSealed')).map((e) => e.detail.data);
    const stats = ok(await env.gql<Stats>(STATS, {}, supervisor));

    expect(sealed).toEqual([
      expect.objectContaining({ state: 'SEALED', deadlineOutcome: 'LATE', annexItem: 'A7' }),
    ]);
    expect(stats.a7.outfallProgress).toEqual({ total: 1, late: 0, ended: 1 });
    expect(stats.outfallStats.all.late).toBe(0);
  });

  it('dead-letters nothing', async () => {
    const deadLetters = await env.local<{ bus: unknown[]; publisher: unknown[] }>(
      'GET',
      '/_local/dead-letters',
    );

    expect(deadLetters.body).toEqual({ bus: [], publisher: [], webhooks: [] });
  });
});
