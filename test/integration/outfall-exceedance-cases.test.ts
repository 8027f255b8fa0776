/**
 * The outfall-exceedance handler against DynamoDB Local: an OutfallExceedanceDetected event (parsed with
 * the catalog's schema) proposes one OPEN case naming the outfall, with the sample's exceedances as its
 * first sample and the dischargers matched to enterprise files by credit code; delivered again, it
 * proposes nothing more.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerDischarger } from '../../services/cases/discharger-commands.ts';
import type { EnforcementCase } from '../../services/cases/model.ts';
import { proposeCaseFromExceedance } from '../../services/cases/outfall-exceedance.ts';
import { getCaseAggregate, listOpenCases } from '../../services/cases/repository.ts';
import { systemActor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { CREDIT_CODES } from '../support/cases.ts';
import { busEvent } from '../support/events.ts';
import { committedEvents } from '../support/outbox.ts';
import { createTestStore } from '../support/store.ts';

const exceedance = (over: object = {}) => ({
  outfallId: 'outfall-17',
  outfallCode: 'YH-IND-017',
  outfallName: '解州工业园1号排口',
  waterBody: '姚暹渠',
  townshipUnitId: 'xiezhou',
  sampleId: 'sample-2020-0501-01',
  sampledAt: '2020-05-01T08:30:00+08:00',
  dischargers: [{ name: '运城市盐湖区某电镀有限公司', creditCode: CREDIT_CODES.enterprise }],
  exceedances: [{ parameter: 'Cd', value: 0.05, unit: 'mg/L', limit: 0.01, multiple: 5 }],
  ...over,
});

describe('Cases proposed from outfall exceedances', () => {
  let store: Store;
  const clock = new FixedClock(new Date('2020-05-01T10:00:00+08:00'));
  let fileId: string;
  const deps = () => ({ store, clock, fetch });
  const openCases = async () => (await listOpenCases(store, 'yanhu-eeb', undefined, 100)).items;

  beforeAll(async () => {
    store = await createTestStore('outfall-cases');
    const officer = {
      ...systemActor('test'),
      kind: 'USER' as const,
      roles: ['ENFORCEMENT_OFFICER' as const],
      unitId: 'yanhu-eeb',
    };
    const file = await registerDischarger(
      deps(),
      { actor: officer, correlationId: 'setup' },
      {
        name: '运城市盐湖区某电镀有限公司',
        creditCode: CREDIT_CODES.enterprise,
        address: '解州镇',
        keyDischargeUnit: true,
      },
    );
    fileId = file.id;
  });

  it('proposes an OPEN case naming the outfall, with the sample and the discharger’s file', async () => {
    const event = busEvent(
      clock,
      'clearwater.outfalls',
      'OutfallExceedanceDetected',
      exceedance(),
      'corr-outfall',
    );

    await proposeCaseFromExceedance(event, deps());

    const [proposed] = await openCases();
    expect(proposed).toMatchObject({
      status: 'OPEN',
      handoffStatus: 'NONE',
      bureauUnitId: 'yanhu-eeb',
      source: {
        kind: 'OUTFALL_EXCEEDANCE',
        eventId: event.detail.metadata.eventId,
        sampleId: 'sample-2020-0501-01',
      },
      outfalls: [{ id: 'outfall-17', code: 'YH-IND-017', name: '解州工业园1号排口' }],
      party: { dischargerId: fileId, creditCode: CREDIT_CODES.enterprise },
      townshipUnitId: 'xiezhou',
      violations: [{ kind: 'EXCEEDING_STANDARD' }],
    } satisfies Partial<Record<keyof EnforcementCase, unknown>>);
    expect(proposed?.crimeGrounds.map((g) => g.code)).toEqual(['HEAVY_METAL_EXCEEDANCE']);
    const aggregate = await getCaseAggregate(store, proposed?.id as string);
    expect(aggregate?.samples).toMatchObject([
      {
        outfallId: 'outfall-17',
        sourceEventId: event.detail.metadata.eventId,
        results: [{ parameter: 'Cd', value: 0.05, limit: 0.01 }],
      },
    ]);
    const [opened] = await committedEvents(store, 'CaseOpened');
    expect(opened?.detail.metadata).toMatchObject({
      correlationId: 'corr-outfall',
      actor: { id: 'system:outfall-exceedance-cases' },
    });
  });

  it('proposes one case per event, however often the event is delivered', async () => {
    const event = busEvent(
      clock,
      'clearwater.outfalls',
      'OutfallExceedanceDetected',
      exceedance({ sampleId: 'again' }),
    );
    const before = (await openCases()).length;

    await proposeCaseFromExceedance(event, deps());
    await proposeCaseFromExceedance(event, deps());
    await Promise.all([proposeCaseFromExceedance(event, deps()), proposeCaseFromExceedance(event, deps())]);

    expect((await openCases()).length).toBe(before + 1);
  });

  it('numbers concurrent proposals without a gap or a repeat', async () => {
    const events = Array.from({ length: 5 }, (_, i) =>
      busEvent(
        clock,
        'clearwater.outfalls',
        'OutfallExceedanceDetected',
        exceedance({ sampleId: `burst-${i}` }),
      ),
    );

    await Promise.all(events.map((e) => proposeCaseFromExceedance(e, deps())));

    const numbers = (await openCases()).map((c) => c.number).sort();
    expect(numbers).toEqual(
      Array.from({ length: 7 }, (_, i) => `yanhu-eeb-2020-${String(i + 1).padStart(4, '0')}`),
    );
  });

  it('leaves the party open when several dischargers share the outfall, listing them as candidates', async () => {
    const event = busEvent(
      clock,
      'clearwater.outfalls',
      'OutfallExceedanceDetected',
      exceedance({
        sampleId: 'shared',
        dischargers: [
          { name: '某电镀公司', creditCode: CREDIT_CODES.enterprise },
          { name: '某印染厂', creditCode: CREDIT_CODES.other },
          { name: '无照作坊', creditCode: 'NOT-A-CODE' },
        ],
      }),
    );

    await proposeCaseFromExceedance(event, deps());

    const proposed = (await openCases()).find((c) => c.source.eventId === event.detail.metadata.eventId);
    expect(proposed?.party).toBeUndefined();
    expect(proposed?.candidates).toEqual([
      { dischargerId: fileId, name: '运城市盐湖区某电镀有限公司', creditCode: CREDIT_CODES.enterprise },
      { name: '某印染厂', creditCode: CREDIT_CODES.other },
      { name: '无照作坊' },
    ]);
  });

  it('refuses an event whose data does not match the catalog schema (the bus retries, then dead-letters)', async () => {
    const event = busEvent(clock, 'clearwater.outfalls', 'OutfallExceedanceDetected', { outfallId: 'x' });

    await expect(proposeCaseFromExceedance(event, deps())).rejects.toThrow();
  });
});
