/** The outfall register's pure rules: annex mapping, lifecycle, flood season, village rule, limits, counters. */
import { describe, expect, it } from 'vitest';
import { annexItemOf, isGateControlled } from '../../services/outfalls/annex.ts';
import { OUTFALL_CATEGORIES } from '../../services/outfalls/categories.ts';
import { floodSeasonEnd, inFloodSeason } from '../../services/outfalls/flood-season.ts';
import { nextState, OUTFALL_STATES } from '../../services/outfalls/lifecycle.ts';
import {
  applicableLimits,
  DEFAULT_CATEGORY_LIMITS,
  DEFAULT_LIMITS,
  exceedances,
  unitMismatches,
} from '../../services/outfalls/limits.ts';
import { codeProblem } from '../../services/outfalls/registration.ts';
import { OutfallSettings } from '../../services/outfalls/settings.ts';
import { type Contribution, isLate, statsChange, sumCounts } from '../../services/outfalls/stats.ts';
import { villageDecision } from '../../services/outfalls/village.ts';
import { TransitionRefusedError } from '../../services/shared/commands/transitions.ts';

describe('Annex item of an outfall', () => {
  it.each([
    ['INDUSTRIAL', true, 'A1'],
    ['URBAN_WWTP', true, 'A1'],
    ['PARK_WWTP', true, 'A1'],
    ['INDUSTRIAL_RAIN', true, 'A1'],
    ['SCATTERED_RURAL_DOMESTIC', false, 'A2'],
    ['SCATTERED_RURAL_DOMESTIC', true, 'A2'],
    ['INDUSTRIAL_RAIN', false, 'A3'],
    ['WWTP_INFLOW_OVERFLOW', false, 'A3'],
    ['WWTP_INFLOW_OVERFLOW', true, 'A3'],
    ['SCATTERED_URBAN_DOMESTIC', false, 'A5'],
    ['URBAN_RAIN', false, 'A6'],
    ['IRRIGATION_RETURN', false, 'A7'],
    ['SHARED', false, 'A8'],
    ['SHARED', true, 'A8'],
    ['INDUSTRIAL', false, 'A9'],
    ['HITECH_MIXED', false, 'A9'],
    ['AGRICULTURAL', false, 'A9'],
    ['OTHER', false, 'A9'],
  ] as const)('%s (permit: %s) is governed by %s', (category, permitted, item) => {
    expect(annexItemOf(category, permitted)).toBe(item);
  });

  it('governs every category, with or without a permit, by one of A1–A9', () => {
    for (const category of OUTFALL_CATEGORIES)
      for (const permitted of [true, false]) expect(annexItemOf(category, permitted)).toMatch(/^A[1-9]$/);
  });

  it('puts gates on the unpermitted rain, overflow and irrigation outlets only (A3, A7)', () => {
    expect(
      ['A1', 'A2', 'A3', 'A5', 'A6', 'A7', 'A8', 'A9'].filter((i) => isGateControlled(i as never)),
    ).toEqual(['A3', 'A7']);
  });
});

describe('Outfall lifecycle', () => {
  it('runs 查测溯治 from IDENTIFIED to an end state', () => {
    expect(nextState('IDENTIFIED', 'MONITOR')).toBe('MONITORED');
    expect(nextState('MONITORED', 'TRACE')).toBe('TRACED');
    expect(nextState('TRACED', 'PLAN')).toBe('REMEDIATION_PLANNED');
    expect(nextState('REMEDIATION_PLANNED', 'PLAN')).toBe('REMEDIATION_PLANNED');
    expect(nextState('REMEDIATION_PLANNED', 'REMEDIATE')).toBe('REMEDIATED');
    expect(nextState('REMEDIATED', 'SEAL')).toBe('SEALED');
  });

  it.each([
    ['IDENTIFIED', 'TRACE', 'OUTFALL_NOT_MONITORED'],
    ['MONITORED', 'PLAN', 'OUTFALL_NOT_TRACED'],
    ['TRACED', 'REMEDIATE', 'OUTFALL_NOT_PLANNED'],
    ['REMEDIATION_PLANNED', 'RETAIN', 'OUTFALL_NOT_REMEDIATED'],
    ['REMEDIATED', 'TRACE', 'OUTFALL_STAGE_PASSED'],
    ['SEALED', 'PLAN', 'OUTFALL_CLOSED'],
    ['RETAINED', 'SEAL', 'OUTFALL_CLOSED'],
  ] as const)('refuses %s › %s with %s', (state, action, reason) => {
    const refusal = (() => {
      try {
        nextState(state, action, 'o-1');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(TransitionRefusedError);
    expect((refusal as TransitionRefusedError).reason).toBe(reason);
    expect((refusal as TransitionRefusedError).code).toBe('CONFLICT');
  });

  it('knows eight states', () => expect(OUTFALL_STATES).toHaveLength(8));
});

describe('Flood season', () => {
  const season = { start: '06-01', end: '09-30' };
  it('includes its first and last local days and nothing else', () => {
    expect(inFloodSeason(new Date('2020-06-01T00:00:00+08:00'), season, '+08:00')).toBe(true);
    expect(inFloodSeason(new Date('2020-05-31T23:59:59+08:00'), season, '+08:00')).toBe(false);
    expect(inFloodSeason(new Date('2020-09-30T23:59:59+08:00'), season, '+08:00')).toBe(true);
    expect(inFloodSeason(new Date('2020-09-30T16:00:00Z'), season, '+08:00')).toBe(false); // 10-01 in Beijing
  });

  it('ends at 24:00 of its last day', () => {
    expect(floodSeasonEnd(new Date('2020-07-15T10:00:00+08:00'), season, '+08:00')?.toISOString()).toBe(
      '2020-09-30T15:59:59.999Z',
    );
    expect(floodSeasonEnd(new Date('2020-03-01T10:00:00+08:00'), season, '+08:00')).toBeNull();
  });

  it('may wrap the new year', () => {
    const winter = { start: '11-15', end: '02-15' };
    expect(inFloodSeason(new Date('2020-12-20T10:00:00+08:00'), winter, '+08:00')).toBe(true);
    expect(floodSeasonEnd(new Date('2020-12-20T10:00:00+08:00'), winter, '+08:00')?.toISOString()).toBe(
      '2021-02-15T15:59:59.999Z',
    );
    expect(inFloodSeason(new Date('2021-03-01T10:00:00+08:00'), winter, '+08:00')).toBe(false);
  });
});

describe('One scattered rural outfall per village', () => {
  const holder = { outfallId: 'o-1', code: 'XZ-001' };
  it('gives the first the village’s place and refuses the second, naming the first', () => {
    expect(villageDecision('SCATTERED_RURAL_DOMESTIC', undefined, false)).toEqual({ claim: true });
    expect(villageDecision('SCATTERED_RURAL_DOMESTIC', holder, false)).toEqual({
      claim: false,
      refusedBy: holder,
    });
  });
  it('lets a supervisor’s exception stand beside it, and other kinds are not counted', () => {
    expect(villageDecision('SCATTERED_RURAL_DOMESTIC', holder, true)).toEqual({ claim: false });
    expect(villageDecision('URBAN_RAIN', holder, false)).toEqual({ claim: false });
  });
});

describe('Discharge limits', () => {
  const settings = { defaults: DEFAULT_LIMITS, byCategory: DEFAULT_CATEGORY_LIMITS };
  it('takes the outfall’s own limit over its category’s over the district’s', () => {
    expect(applicableLimits('INDUSTRIAL', settings).COD?.max).toBe(100);
    expect(applicableLimits('URBAN_WWTP', settings).COD?.max).toBe(50);
    expect(applicableLimits('URBAN_WWTP', settings, { COD: { max: 40, unit: 'mg/L' } }).COD?.max).toBe(40);
  });

  it('reports each exceedance with its multiple C/S', () => {
    const limits = applicableLimits('INDUSTRIAL', settings);
    const found = exceedances(
      [
        { parameter: 'COD', value: 250, unit: 'mg/L' },
        { parameter: 'NH3_N', value: 10, unit: 'mg/L' },
        { parameter: 'CD', value: 0.35, unit: 'mg/L' },
        { parameter: 'PH', value: 4.5, unit: 'pH' },
        { parameter: 'XYZ', value: 1e6, unit: 'mg/L' },
      ],
      limits,
    );
    expect(found).toEqual([
      { parameter: 'COD', value: 250, unit: 'mg/L', limit: 100, multiple: 2.5, bound: 'MAX' },
      {
        parameter: 'CD',
        value: 0.35,
        unit: 'mg/L',
        limit: 0.1,
        multiple: expect.closeTo(3.5, 10),
        bound: 'MAX',
      },
      { parameter: 'PH', value: 4.5, unit: 'pH', limit: 6, multiple: 0.75, bound: 'MIN' },
    ]);
  });

  it('does not count a value exactly at its limit', () => {
    expect(exceedances([{ parameter: 'COD', value: 100, unit: 'mg/L' }], DEFAULT_LIMITS)).toEqual([]);
  });

  it('finds values given in another unit than their limit’s', () => {
    expect(
      unitMismatches(
        [
          { parameter: 'COD', value: 1, unit: 'g/L' },
          { parameter: 'TP', value: 1, unit: 'mg/L' },
        ],
        DEFAULT_LIMITS,
      ),
    ).toEqual([0]);
  });
});

describe('Outfall codes', () => {
  const settings = OutfallSettings.parse({});
  it('follows the district’s format and never holds ":" or "#"', () => {
    expect(codeProblem('SSH-001', settings)).toBeUndefined();
    expect(codeProblem('ssh-001', settings)).toMatch(/format/);
    expect(codeProblem('SSH#001', settings)).toMatch(/#/);
    const lax = OutfallSettings.parse({ codePattern: '^.+$' });
    expect(codeProblem('A:1', lax)).toMatch(/":"/);
  });

  it('refuses a settings code format that is not an anchored regular expression', () => {
    expect(OutfallSettings.safeParse({ codePattern: '[A-Z' }).success).toBe(false);
    expect(OutfallSettings.safeParse({ codePattern: 'A+' }).success).toBe(false);
  });
});

describe('Register counters', () => {
  const base: Contribution = {
    waterBody: '涑水河',
    townshipUnitId: 'xiezhou',
    category: 'IRRIGATION_RETURN',
    annexItem: 'A7',
    state: 'IDENTIFIED',
    late: false,
    disclosed: false,
  };

  it('adds a new outfall to one item per dimension', () => {
    expect(Object.fromEntries(statsChange(null, base))).toEqual({
      'WATER_BODY#涑水河': { total: 1, IDENTIFIED: 1 },
      'TOWNSHIP#xiezhou': { total: 1, IDENTIFIED: 1 },
      'CATEGORY#IRRIGATION_RETURN': { total: 1, IDENTIFIED: 1 },
      'ANNEX#A7': { total: 1, IDENTIFIED: 1 },
    });
  });

  it('moves a state change and drops what does not change', () => {
    const delta = statsChange(base, { ...base, state: 'MONITORED' });
    expect(delta.get('ANNEX#A7')).toEqual({ IDENTIFIED: -1, MONITORED: 1 });
  });

  it('takes back the late count when a late outfall ends', () => {
    const delta = statsChange(
      { ...base, state: 'REMEDIATED', late: true },
      { ...base, state: 'SEALED', late: false },
    );
    expect(delta.get('ANNEX#A7')).toEqual({ REMEDIATED: -1, SEALED: 1, late: -1 });
  });

  it('moves an outfall between townships and annex items', () => {
    const delta = statsChange(base, {
      ...base,
      townshipUnitId: undefined,
      category: 'OTHER',
      annexItem: 'A9',
    });
    expect(delta.get('TOWNSHIP#xiezhou')).toEqual({ total: -1, IDENTIFIED: -1 });
    expect(delta.get('TOWNSHIP#NONE')).toEqual({ total: 1, IDENTIFIED: 1 });
    expect(delta.get('ANNEX#A9')).toEqual({ total: 1, IDENTIFIED: 1 });
    expect(delta.has('WATER_BODY#涑水河')).toBe(false);
  });

  it('counts late only past the deadline and before an end state', () => {
    const now = new Date('2020-05-01T00:00:00+08:00');
    expect(isLate('TRACED', '2020-04-30T15:59:59.000Z', now)).toBe(true);
    expect(isLate('SEALED', '2020-04-30T15:59:59.000Z', now)).toBe(false);
    expect(isLate('TRACED', '2020-05-31T15:59:59.000Z', now)).toBe(false);
  });

  it('sums items into totals', () => {
    expect(
      sumCounts([
        { total: 2, SEALED: 1 },
        { total: 1, SEALED: 1, late: 1 },
      ]),
    ).toEqual({ total: 3, SEALED: 2, late: 1 });
  });
});
