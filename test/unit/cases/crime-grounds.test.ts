/**
 * The serious-pollution grounds (法释〔2023〕7号 art. 1) evaluated on a case's facts and samples, with
 * the thresholds of the settings: each ground met and not met at its threshold, and the multiple rule.
 */
import { describe, expect, it } from 'vitest';
import {
  CRIME_GROUND_CODES,
  type CrimeFacts,
  crimeGroundsMet,
  involvesToxicSubstances,
} from '../../../services/cases/crime-grounds.ts';
import { parameterSymbol } from '../../../services/cases/parameters.ts';
import { CasesSettings, type CrimeGroundSettings } from '../../../services/cases/settings.ts';

const DEFAULTS = CasesSettings.parse({}).crimeGrounds;
const PLUS_ONE: CrimeGroundSettings = { ...DEFAULTS, multipleRule: 'C_AT_LEAST_K_PLUS_ONE_TIMES_S' };

const facts = (over: Partial<CrimeFacts> = {}): CrimeFacts => ({
  caseId: 'case-1',
  actOn: '2020-05-01',
  samples: [],
  violations: [],
  facts: {},
  ...over,
});
const sample = (parameter: string, value: number, limit: number, id = 's1') => ({
  id,
  results: [{ parameter, value, limit, unit: 'mg/L' }],
});
const codes = (f: CrimeFacts, settings = DEFAULTS) => crimeGroundsMet(f, settings).map((g) => g.code);

describe('Serious-pollution grounds', () => {
  it('meets no ground on an ordinary exceedance', () => {
    expect(
      codes(facts({ samples: [sample('COD', 120, 50)], violations: [{ kind: 'EXCEEDING_STANDARD' }] })),
    ).toEqual([]);
  });

  describe('heavy metals', () => {
    it('meets the ground for Cd at 5 times the standard, saying which sample and by how much', () => {
      const [ground] = crimeGroundsMet(facts({ samples: [sample('Cd', 0.05, 0.01, 'sample-7')] }), DEFAULTS);

      expect(ground).toMatchObject({ code: 'HEAVY_METAL_EXCEEDANCE', sampleIds: ['sample-7'] });
      expect(ground?.basis[0]).toContain('Cd 0.05 mg/L against the standard 0.01 mg/L: 5 times');
      expect(ground?.title).toContain('三倍以上');
    });

    it.each(['Pb', 'Hg', 'Cd', 'Cr', 'As', 'Tl', 'Sb'])(
      'holds %s to 3 times the standard (C ≥ 3·S by default)',
      (metal) => {
        expect(codes(facts({ samples: [sample(metal, 0.15, 0.05)] }))).toEqual(['HEAVY_METAL_EXCEEDANCE']);
        expect(codes(facts({ samples: [sample(metal, 0.1499, 0.05)] }))).toEqual([]);
      },
    );

    it.each(['Ni', 'Cu', 'Zn', 'Ag', 'V', 'Mn', 'Co'])('holds %s to 10 times the standard', (metal) => {
      expect(codes(facts({ samples: [sample(metal, 5, 0.5)] }))).toEqual(['HEAVY_METAL_EXCEEDANCE']);
      expect(codes(facts({ samples: [sample(metal, 4.99, 0.5)] }))).toEqual([]);
    });

    it('reads "exceeding by k times" as C ≥ (k+1)·S when the operator chooses so', () => {
      expect(codes(facts({ samples: [sample('Cd', 0.3, 0.1)] }), PLUS_ONE)).toEqual([]);
      expect(codes(facts({ samples: [sample('Cd', 0.4, 0.1)] }), PLUS_ONE)).toEqual([
        'HEAVY_METAL_EXCEEDANCE',
      ]);
      expect(codes(facts({ samples: [sample('Zn', 10, 1)] }), PLUS_ONE)).toEqual([]);
      expect(codes(facts({ samples: [sample('Zn', 11, 1)] }), PLUS_ONE)).toEqual(['HEAVY_METAL_EXCEEDANCE']);
    });

    it('takes the groups and multiples from the settings', () => {
      const stricter = { ...DEFAULTS, heavyMetals: [{ parameters: ['Cd'], multiple: 2 }] };
      expect(codes(facts({ samples: [sample('Cd', 0.2, 0.1)] }), stricter)).toEqual([
        'HEAVY_METAL_EXCEEDANCE',
      ]);
      expect(codes(facts({ samples: [sample('Pb', 1, 0.1)] }), stricter)).toEqual([]);
    });

    it('reads parameter names as samples write them', () => {
      expect(['总镉', '镉', 'cadmium', 'Total Cadmium', 'Cd'].map(parameterSymbol)).toEqual([
        'Cd',
        'Cd',
        'Cd',
        'Cd',
        'Cd',
      ]);
      expect(parameterSymbol('六价铬')).toBe('Cr');
      expect(parameterSymbol('CO')).toBe('CO');
      expect(codes(facts({ samples: [sample('总铅', 0.3, 0.1)] }))).toEqual(['HEAVY_METAL_EXCEEDANCE']);
    });

    it('lists every sample that meets it, once', () => {
      const [ground] = crimeGroundsMet(
        facts({
          samples: [sample('Cd', 0.5, 0.1, 'a'), sample('Pb', 0.5, 0.1, 'b'), sample('Cd', 0.1, 0.1, 'c')],
        }),
        DEFAULTS,
      );
      expect(ground?.sampleIds).toEqual(['a', 'b']);
      expect(ground?.basis).toHaveLength(2);
    });
  });

  it('meets the hazardous-waste ground at 3 t', () => {
    expect(codes(facts({ facts: { hazardousWasteTonnes: 3 } }))).toEqual(['HAZARDOUS_WASTE_QUANTITY']);
    expect(codes(facts({ facts: { hazardousWasteTonnes: 2.999 } }))).toEqual([]);
  });

  it('meets the gains-or-losses ground at 300,000 yuan, either of them', () => {
    expect(codes(facts({ facts: { illegalGainsFen: 30_000_000 } }))).toEqual(['GAINS_OR_LOSSES']);
    expect(codes(facts({ facts: { propertyLossFen: 30_000_000 } }))).toEqual(['GAINS_OR_LOSSES']);
    expect(codes(facts({ facts: { illegalGainsFen: 29_999_999, propertyLossFen: 29_999_999 } }))).toEqual([]);
  });

  it('meets the intake ground at 12 hours', () => {
    expect(codes(facts({ facts: { intakeInterruptedHours: 12 } }))).toEqual([
      'DRINKING_WATER_INTAKE_INTERRUPTED',
    ]);
    expect(codes(facts({ facts: { intakeInterruptedHours: 11.5 } }))).toEqual([]);
  });

  it('meets the protected-area ground only for toxic substances', () => {
    expect(codes(facts({ facts: { inProtectedArea: true } }))).toEqual([]);
    expect(codes(facts({ facts: { inProtectedArea: true, toxicSubstances: true } }))).toEqual([
      'PROTECTED_AREA_TOXIC_DISCHARGE',
    ]);
  });

  it('meets the concealment ground for toxic substances through a hidden pipe, seepage or injection', () => {
    const hidden = [{ kind: 'EVADING_SUPERVISION' as const, method: 'HIDDEN_PIPE' as const }];
    expect(codes(facts({ violations: hidden }))).toEqual([]);
    expect(codes(facts({ violations: hidden, facts: { toxicSubstances: true } }))).toEqual([
      'CONCEALED_TOXIC_DISCHARGE',
    ]);
    const notRunning = [{ kind: 'EVADING_SUPERVISION' as const, method: 'FACILITY_NOT_RUNNING' as const }];
    expect(codes(facts({ violations: notRunning, facts: { toxicSubstances: true } }))).toEqual([]);
  });

  it('counts a heavy metal over its limit as a toxic substance', () => {
    expect(involvesToxicSubstances(facts({ samples: [sample('Cd', 0.011, 0.01)] }), DEFAULTS)).toBe(true);
    expect(involvesToxicSubstances(facts({ samples: [sample('Cd', 0.01, 0.01)] }), DEFAULTS)).toBe(false);
    expect(
      codes(
        facts({
          samples: [sample('Cd', 0.02, 0.01)],
          violations: [{ kind: 'EVADING_SUPERVISION', method: 'SEEPAGE_WELL' }],
        }),
      ),
    ).toEqual(['CONCEALED_TOXIC_DISCHARGE']);
  });

  it('meets the data-tampering ground only for a key discharge unit', () => {
    const tampering = [{ kind: 'MONITORING_DATA_TAMPERING' as const }];
    expect(
      codes(facts({ violations: tampering, discharger: { keyDischargeUnit: false, penalties: [] } })),
    ).toEqual([]);
    expect(
      codes(facts({ violations: tampering, discharger: { keyDischargeUnit: true, penalties: [] } })),
    ).toEqual(['KEY_UNIT_DATA_TAMPERING']);
  });

  describe('repeated toxic discharge', () => {
    const toxic = { toxicSubstances: true };
    const penalty = (decidedOn: string, over = {}) => ({ decidedOn, toxic: true, caseId: 'older', ...over });

    it('is met by two penalties for toxic discharges within two years before the act', () => {
      const discharger = {
        keyDischargeUnit: false,
        penalties: [penalty('2018-05-01'), penalty('2019-11-30')],
      };
      expect(codes(facts({ facts: toxic, discharger }))).toEqual(['REPEATED_TOXIC_DISCHARGE']);
    });

    it('is not met when one of them is older than two years, not for toxic discharges, or this case’s own', () => {
      for (const penalties of [
        [penalty('2018-04-30'), penalty('2019-11-30')],
        [penalty('2018-05-01', { toxic: false }), penalty('2019-11-30')],
        [penalty('2019-05-01'), penalty('2020-05-01', { caseId: 'case-1' })],
        [penalty('2019-05-01'), penalty('2020-05-02')],
      ]) {
        expect(codes(facts({ facts: toxic, discharger: { keyDischargeUnit: false, penalties } }))).toEqual(
          [],
        );
      }
    });

    it('is not met when this act is not a toxic discharge', () => {
      const discharger = {
        keyDischargeUnit: false,
        penalties: [penalty('2019-01-01'), penalty('2019-02-01')],
      };
      expect(codes(facts({ discharger }))).toEqual([]);
    });

    it('takes the count and the years from the settings', () => {
      const settings = { ...DEFAULTS, priorPenalties: { count: 1, withinYears: 3 } };
      const discharger = { keyDischargeUnit: false, penalties: [penalty('2017-06-01')] };
      expect(codes(facts({ facts: toxic, discharger }), settings)).toEqual(['REPEATED_TOXIC_DISCHARGE']);
    });
  });

  it('lists every ground met, in the order of the interpretation', () => {
    const all = crimeGroundsMet(
      facts({
        samples: [sample('Cd', 1, 0.01)],
        violations: [
          { kind: 'EVADING_SUPERVISION', method: 'INJECTION' },
          { kind: 'MONITORING_DATA_TAMPERING' },
        ],
        facts: {
          inProtectedArea: true,
          hazardousWasteTonnes: 5,
          illegalGainsFen: 50_000_000,
          intakeInterruptedHours: 24,
        },
        discharger: {
          keyDischargeUnit: true,
          penalties: [
            { decidedOn: '2019-01-01', toxic: true },
            { decidedOn: '2019-06-01', toxic: true },
          ],
        },
      }),
      DEFAULTS,
    );

    expect(all.map((g) => g.code)).toEqual([...CRIME_GROUND_CODES]);
  });
});
