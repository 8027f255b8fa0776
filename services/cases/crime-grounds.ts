/**
 * The serious-pollution grounds of 法释〔2023〕7号 art. 1 (DOMAIN.md §3), as data: each ground has its
 * code, its statutory wording and a test over the case's facts and samples, with thresholds from the
 * settings. A ground met is a reason to *suspect* a crime and propose a hand-off — never a finding of
 * guilt, which is for the police, the procuratorate and the courts. Pure.
 *
 * "Toxic substances" (有毒物质) are, for grounds that require them, the officers' own finding on the case,
 * or any sample result of a listed heavy metal above its limit (the interpretation counts 含重金属的污染物
 * among toxic substances).
 */
import { atLeast, atLeastTimes } from './decimal.ts';
import { parameterSymbol } from './parameters.ts';
import type { CrimeGroundSettings } from './settings.ts';
import { CONCEALED_METHODS, type EvasionMethod, type ViolationKind } from './violations.ts';

export const CRIME_GROUND_CODES = [
  'PROTECTED_AREA_TOXIC_DISCHARGE',
  'HAZARDOUS_WASTE_QUANTITY',
  'HEAVY_METAL_EXCEEDANCE',
  'CONCEALED_TOXIC_DISCHARGE',
  'KEY_UNIT_DATA_TAMPERING',
  'REPEATED_TOXIC_DISCHARGE',
  'GAINS_OR_LOSSES',
  'DRINKING_WATER_INTAKE_INTERRUPTED',
] as const;
export type CrimeGroundCode = (typeof CRIME_GROUND_CODES)[number];

export interface SampleResult {
  parameter: string;
  value: number;
  /** The applicable emission standard's limit, in the same unit. */
  limit: number;
  unit: string;
}

/** What the grounds read about a case. */
export interface CrimeFacts {
  caseId: string;
  /** Local date of the act under investigation: the two-year look-back ends here. */
  actOn: string;
  samples: readonly { id: string; results: readonly SampleResult[] }[];
  violations: readonly { kind: ViolationKind; method?: EvasionMethod }[];
  facts: {
    toxicSubstances?: boolean;
    /** Discharged, dumped or disposed of in a drinking-water source protection area or like key area. */
    inProtectedArea?: boolean;
    hazardousWasteTonnes?: number;
    illegalGainsFen?: number;
    propertyLossFen?: number;
    intakeInterruptedHours?: number;
  };
  discharger?: {
    keyDischargeUnit: boolean;
    /** Administrative penalties on the enterprise file. */
    penalties: readonly { decidedOn: string; toxic: boolean; caseId?: string }[];
  };
}

export interface CrimeGround {
  code: CrimeGroundCode;
  /** The ground in the interpretation's words. */
  title: string;
  /** Why it is met on this case, one line per finding. */
  basis: string[];
  /** The samples the basis rests on, if any. */
  sampleIds: string[];
}

interface Finding {
  basis: string;
  sampleId?: string;
}

interface GroundDefinition {
  code: CrimeGroundCode;
  title: string;
  test(facts: CrimeFacts, settings: CrimeGroundSettings): Finding[];
}

/** The heavy-metal exceedances of a case: each sample result at or over the threshold multiple. */
export function heavyMetalFindings(facts: CrimeFacts, settings: CrimeGroundSettings): Finding[] {
  const findings: Finding[] = [];
  const extra = settings.multipleRule === 'C_AT_LEAST_K_PLUS_ONE_TIMES_S' ? 1 : 0;
  for (const sample of facts.samples) {
    for (const result of sample.results) {
      const symbol = parameterSymbol(result.parameter);
      const group = settings.heavyMetals.find((g) => g.parameters.includes(symbol));
      if (!group || result.limit <= 0) continue;
      const factor = group.multiple + extra;
      if (!atLeastTimes(result.value, factor, result.limit)) continue;
      findings.push({
        sampleId: sample.id,
        basis:
          `${symbol} ${result.value} ${result.unit} against the standard ${result.limit} ${result.unit}: ` +
          `${formatMultiple(result.value / result.limit)} times the standard (threshold: ${factor} times)`,
      });
    }
  }
  return findings;
}

function formatMultiple(multiple: number): string {
  return String(Math.round(multiple * 100) / 100);
}

/** Toxic substances as the grounds read them (see the module comment). */
export function involvesToxicSubstances(facts: CrimeFacts, settings: CrimeGroundSettings): boolean {
  if (facts.facts.toxicSubstances) return true;
  const metals = new Set(settings.heavyMetals.flatMap((g) => g.parameters));
  return facts.samples.some((s) =>
    s.results.some((r) => metals.has(parameterSymbol(r.parameter)) && r.limit > 0 && r.value > r.limit),
  );
}

/** `date` minus whole years, as a comparable string (29 February stays comparable without a real date). */
function yearsBefore(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${date.slice(4)}`;
}

const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { maximumFractionDigits: 2 });

export const CRIME_GROUNDS: readonly GroundDefinition[] = [
  {
    code: 'PROTECTED_AREA_TOXIC_DISCHARGE',
    title:
      '在饮用水水源保护区、自然保护地核心保护区等依法确定的重点保护区域排放、倾倒、处置含有放射性的废物、含传染病病原体的废物或者有毒物质',
    test: (f, s) =>
      f.facts.inProtectedArea && involvesToxicSubstances(f, s)
        ? [
            {
              basis:
                'Toxic substances discharged in a drinking-water source protection area (or like key area)',
            },
          ]
        : [],
  },
  {
    code: 'HAZARDOUS_WASTE_QUANTITY',
    title: '非法排放、倾倒、处置危险废物三吨以上',
    test: (f, s) =>
      f.facts.hazardousWasteTonnes !== undefined &&
      atLeast(f.facts.hazardousWasteTonnes, s.hazardousWasteTonnes)
        ? [
            {
              basis: `${f.facts.hazardousWasteTonnes} t of hazardous waste (threshold: ${s.hazardousWasteTonnes} t)`,
            },
          ]
        : [],
  },
  {
    code: 'HEAVY_METAL_EXCEEDANCE',
    title:
      '排放、倾倒、处置含铅、汞、镉、铬、砷、铊、锑的污染物超过污染物排放标准三倍以上，或者含镍、铜、锌、银、钒、锰、钴的污染物超过十倍以上',
    test: heavyMetalFindings,
  },
  {
    code: 'CONCEALED_TOXIC_DISCHARGE',
    title:
      '通过暗管、渗井、渗坑、裂隙、溶洞、灌注等逃避监管的方式排放、倾倒、处置有放射性的废物、含传染病病原体的废物、有毒物质',
    test: (f, s) => {
      if (!involvesToxicSubstances(f, s)) return [];
      const methods = f.violations
        .filter((v) => v.kind === 'EVADING_SUPERVISION' && v.method && CONCEALED_METHODS.includes(v.method))
        .map((v) => v.method as EvasionMethod);
      return [...new Set(methods)].map((method) => ({
        basis: `Toxic substances discharged through ${method}`,
      }));
    },
  },
  {
    code: 'KEY_UNIT_DATA_TAMPERING',
    title:
      '重点排污单位、实行排污许可重点管理的单位篡改、伪造自动监测数据或者干扰自动监测设施，排放化学需氧量、氨氮等污染物',
    test: (f) =>
      f.discharger?.keyDischargeUnit && f.violations.some((v) => v.kind === 'MONITORING_DATA_TAMPERING')
        ? [{ basis: 'A key discharge unit tampered with automatic monitoring data or equipment' }]
        : [],
  },
  {
    code: 'REPEATED_TOXIC_DISCHARGE',
    title:
      '二年内曾因违反国家规定，超标排放、非法排放、倾倒、处置含有毒害性物质的污染物受过二次以上行政处罚，又实施此类行为',
    test: (f, s) => {
      if (!f.discharger || !involvesToxicSubstances(f, s)) return [];
      const since = yearsBefore(f.actOn, s.priorPenalties.withinYears);
      const prior = f.discharger.penalties.filter(
        (p) => p.toxic && p.caseId !== f.caseId && p.decidedOn >= since && p.decidedOn <= f.actOn,
      );
      return prior.length >= s.priorPenalties.count
        ? [
            {
              basis:
                `${prior.length} administrative penalties for toxic discharges since ${since} ` +
                `(threshold: ${s.priorPenalties.count} within ${s.priorPenalties.withinYears} years)`,
            },
          ]
        : [];
    },
  },
  {
    code: 'GAINS_OR_LOSSES',
    title: '违法所得或者致使公私财产损失三十万元以上',
    test: (f, s) => {
      const threshold = s.gainsOrLossesYuan * 100;
      const findings: Finding[] = [];
      const { illegalGainsFen: gains, propertyLossFen: loss } = f.facts;
      if (gains !== undefined && gains >= threshold)
        findings.push({ basis: `Illegal gains of ${yuan(gains)} yuan (threshold: ${yuan(threshold)} yuan)` });
      if (loss !== undefined && loss >= threshold)
        findings.push({ basis: `Property loss of ${yuan(loss)} yuan (threshold: ${yuan(threshold)} yuan)` });
      return findings;
    },
  },
  {
    code: 'DRINKING_WATER_INTAKE_INTERRUPTED',
    title: '致使乡镇集中式饮用水水源取水中断十二小时以上',
    test: (f, s) =>
      f.facts.intakeInterruptedHours !== undefined &&
      atLeast(f.facts.intakeInterruptedHours, s.intakeStopHours)
        ? [
            {
              basis: `A township drinking-water intake stopped for ${f.facts.intakeInterruptedHours} h (threshold: ${s.intakeStopHours} h)`,
            },
          ]
        : [],
  },
];

/** Every ground the case's facts meet, in the order of the interpretation. */
export function crimeGroundsMet(facts: CrimeFacts, settings: CrimeGroundSettings): CrimeGround[] {
  return CRIME_GROUNDS.flatMap((ground) => {
    const findings = ground.test(facts, settings);
    if (findings.length === 0) return [];
    return [
      {
        code: ground.code,
        title: ground.title,
        basis: findings.map((f) => f.basis),
        sampleIds: [...new Set(findings.flatMap((f) => (f.sampleId ? [f.sampleId] : [])))],
      },
    ];
  });
}
