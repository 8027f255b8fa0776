/** The fictional register `npm start` loads: a dozen outfalls on both rivers, several kinds and states, marked fictional. */
import { beforeAll, describe, expect, it } from 'vitest';
import { listOutfalls, readStats } from '../../services/outfalls/repository.ts';
import { SEED, seedOutfalls } from '../../services/outfalls/seed.ts';
import { importPlan } from '../../services/plan/import.ts';
import yanhu from '../../services/plan/plans/yanhu-2020.json' with { type: 'json' };
import { systemActor } from '../../services/shared/auth/principal.ts';
import { FixedClock } from '../../services/shared/clock.ts';
import type { Store } from '../../services/shared/store/client.ts';
import { createTestStore } from '../support/store.ts';

describe('Fictional outfall register of the local runtime', () => {
  let store: Store;
  let added: number;

  beforeAll(async () => {
    store = await createTestStore('outfall-seed');
    const deps = { store, clock: new FixedClock(new Date('2020-04-10T09:00:00+08:00')) };
    await importPlan(deps, { actor: systemActor('test'), correlationId: 'setup' }, yanhu);
    added = await seedOutfalls(deps);
  });

  it('registers a dozen outfalls on 涑水河 and 姚暹渠, every one named fictional', async () => {
    const { items } = await listOutfalls(store, 'yanhu', {}, 100);

    expect(added).toBe(12);
    expect(items).toHaveLength(SEED.length);
    expect(new Set(items.map((o) => o.waterBody))).toEqual(new Set(['涑水河', '姚暹渠']));
    for (const o of items) {
      expect(o.name).toContain('虚构');
      expect(o.notes).toContain('虚构');
    }
  });

  it('spreads them over kinds, annex items and states', async () => {
    const { items } = await listOutfalls(store, 'yanhu', {}, 100);

    expect(new Set(items.map((o) => o.category)).size).toBeGreaterThanOrEqual(9);
    expect(new Set(items.map((o) => o.annexItem))).toEqual(
      new Set(['A1', 'A2', 'A3', 'A5', 'A6', 'A7', 'A8', 'A9']),
    );
    expect(new Set(items.map((o) => o.state))).toEqual(
      new Set([
        'IDENTIFIED',
        'MONITORED',
        'REMEDIATION_PLANNED',
        'REMEDIATED',
        'RETAINED',
        'SEALED',
        'MERGED',
      ]),
    );
    const all = (await readStats(store, 'yanhu')).filter((s) => s.dimension === 'CATEGORY');
    expect(all.reduce((n, s) => n + (s.total ?? 0), 0)).toBe(12);
  });

  it('is loaded once: a restart with persisted data adds nothing', async () => {
    expect(await seedOutfalls({ store, clock: new FixedClock(new Date('2020-04-11T09:00:00+08:00')) })).toBe(
      0,
    );
  });
});
