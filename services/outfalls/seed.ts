/**
 * A small, clearly fictional register for the local runtime (`npm start`): a dozen outfalls on 涑水河 and
 * 姚暹渠, of several kinds, taken through the lifecycle by the same commands people use. Every name says
 * 示例（虚构） and every note says the data is invented: nothing here pretends to be official.
 */
import { systemActor } from '../shared/auth/principal.ts';
import { DAY_MS } from '../shared/clock.ts';
import type { Caller, CommandDeps } from '../shared/commands/kit.ts';
import { registerOutfall } from './commands.ts';
import { recordOutfallGate } from './gate.ts';
import {
  completeOutfallRemediation,
  mergeOutfall,
  planOutfallRemediation,
  recordOutfallSample,
  retainOutfall,
  sealOutfall,
  traceOutfall,
} from './lifecycle-commands.ts';
import { getCodeHolder } from './repository.ts';
import { outfallSettings } from './settings.ts';

const NOTE = '虚构示例数据，仅供本地演示，非官方数据';
const caller: Caller = {
  actor: { ...systemActor('outfall-seed'), roles: ['SUPERVISOR'] },
  correlationId: 'local-outfall-seed',
};

type Step =
  | 'SAMPLE'
  | 'EXCEEDANCE'
  | 'TRACE'
  | 'TRACE_OWNERLESS'
  | 'PLAN'
  | 'REMEDIATE'
  | 'END'
  | 'GATE_CLOSED';

interface SeedOutfall {
  code: string;
  name: string;
  waterBody: '涑水河' | '姚暹渠';
  townshipUnitId: string;
  village?: string;
  category: string;
  responsibleUnitId: string;
  location: [number, number];
  permit?: boolean;
  disclosed?: boolean;
  measure?: 'ABOLISH_SEAL' | 'MERGE_CONNECT' | 'REGULARISE_RETAIN' | 'GATE_CONTROL';
  steps: Step[];
}

export const SEED: readonly SeedOutfall[] = [
  {
    code: 'DEMO-SSH-001',
    name: '示例城西污水处理厂排口（虚构）',
    waterBody: '涑水河',
    townshipUnitId: 'xicheng',
    category: 'URBAN_WWTP',
    responsibleUnitId: 'yanhu-eeb',
    location: [110.95, 35.04],
    permit: true,
    disclosed: true,
    measure: 'REGULARISE_RETAIN',
    steps: ['SAMPLE', 'TRACE', 'PLAN', 'REMEDIATE', 'END'],
  },
  {
    code: 'DEMO-SSH-002',
    name: '示例进水管网溢流口（虚构）',
    waterBody: '涑水河',
    townshipUnitId: 'xicheng',
    category: 'WWTP_INFLOW_OVERFLOW',
    responsibleUnitId: 'yanhu-housing',
    location: [110.96, 35.05],
    disclosed: true,
    steps: ['SAMPLE', 'GATE_CLOSED'],
  },
  {
    code: 'DEMO-SSH-003',
    name: '示例农田退水口（虚构）',
    waterBody: '涑水河',
    townshipUnitId: 'xiezhou',
    category: 'IRRIGATION_RETURN',
    responsibleUnitId: 'yanhu-agri',
    location: [110.86, 34.92],
    steps: [],
  },
  {
    code: 'DEMO-SSH-004',
    name: '示例村生活污水散排口（虚构）',
    waterBody: '涑水河',
    townshipUnitId: 'xiezhou',
    village: '示例一村（虚构）',
    category: 'SCATTERED_RURAL_DOMESTIC',
    responsibleUnitId: 'xiezhou',
    location: [110.88, 34.93],
    measure: 'ABOLISH_SEAL',
    steps: ['EXCEEDANCE', 'TRACE', 'PLAN'],
  },
  {
    code: 'DEMO-SSH-005',
    name: '示例城镇雨水排口（虚构）',
    waterBody: '涑水河',
    townshipUnitId: 'zhongcheng',
    category: 'URBAN_RAIN',
    responsibleUnitId: 'yanhu-housing',
    location: [111.0, 35.03],
    disclosed: true,
    measure: 'REGULARISE_RETAIN',
    steps: ['SAMPLE', 'TRACE', 'PLAN', 'REMEDIATE'],
  },
  {
    code: 'DEMO-SSH-006',
    name: '示例多单位共用排口（虚构）',
    waterBody: '涑水河',
    townshipUnitId: 'anyi',
    category: 'SHARED',
    responsibleUnitId: 'yanhu-housing',
    location: [111.02, 35.06],
    measure: 'REGULARISE_RETAIN',
    steps: ['SAMPLE', 'TRACE_OWNERLESS', 'PLAN'],
  },
  {
    code: 'DEMO-YXQ-001',
    name: '示例企业雨水排口（虚构）',
    waterBody: '姚暹渠',
    townshipUnitId: 'dongguo',
    category: 'INDUSTRIAL_RAIN',
    responsibleUnitId: 'yanhu-eeb',
    location: [111.1, 34.98],
    disclosed: true,
    steps: [],
  },
  {
    code: 'DEMO-YXQ-002',
    name: '示例高新区混合排口（虚构）',
    waterBody: '姚暹渠',
    townshipUnitId: 'yaomeng',
    category: 'HITECH_MIXED',
    responsibleUnitId: 'yanhu-hitech',
    location: [111.05, 34.99],
    steps: ['EXCEEDANCE'],
  },
  {
    code: 'DEMO-YXQ-003',
    name: '示例城镇生活污水散排口（虚构）',
    waterBody: '姚暹渠',
    townshipUnitId: 'nancheng',
    category: 'SCATTERED_URBAN_DOMESTIC',
    responsibleUnitId: 'yanhu-housing',
    location: [111.01, 35.0],
    disclosed: true,
    measure: 'MERGE_CONNECT',
    steps: ['SAMPLE', 'TRACE', 'PLAN', 'REMEDIATE', 'END'],
  },
  {
    code: 'DEMO-YXQ-004',
    name: '示例养殖场排口（虚构）',
    waterBody: '姚暹渠',
    townshipUnitId: 'taocun',
    category: 'AGRICULTURAL',
    responsibleUnitId: 'yanhu-livestock',
    location: [111.15, 35.02],
    permit: true,
    steps: [],
  },
  {
    code: 'DEMO-YXQ-005',
    name: '示例无主排口（虚构）',
    waterBody: '姚暹渠',
    townshipUnitId: 'sanluli',
    category: 'OTHER',
    responsibleUnitId: 'sanluli',
    location: [111.2, 34.96],
    disclosed: true,
    measure: 'ABOLISH_SEAL',
    steps: ['SAMPLE', 'TRACE_OWNERLESS', 'PLAN', 'REMEDIATE', 'END'],
  },
  {
    code: 'DEMO-YXQ-006',
    name: '示例灌区退水口（虚构）',
    waterBody: '姚暹渠',
    townshipUnitId: 'sanluli',
    category: 'IRRIGATION_RETURN',
    responsibleUnitId: 'yanhu-agri',
    location: [111.18, 34.95],
    disclosed: true,
    steps: ['GATE_CLOSED'],
  },
];

/** Loads the seed unless it is there already (a persisted runtime restarting). Returns how many were added. */
export async function seedOutfalls(deps: CommandDeps): Promise<number> {
  const settings = outfallSettings(deps);
  if (await getCodeHolder(deps.store, settings.district, SEED[0]?.code as string)) return 0;
  for (const seed of SEED) await seedOne(deps, seed);
  return SEED.length;
}

async function seedOne(deps: CommandDeps, seed: SeedOutfall): Promise<void> {
  const now = deps.clock.now().getTime();
  const outfall = await registerOutfall(deps, caller, {
    code: seed.code,
    name: seed.name,
    waterBody: seed.waterBody,
    townshipUnitId: seed.townshipUnitId,
    village: seed.village,
    location: { longitude: seed.location[0], latitude: seed.location[1] },
    category: seed.category,
    permit: seed.permit ? { number: `示例许可-${seed.code}`, holder: `示例持证单位（虚构）` } : undefined,
    responsibleUnitId: seed.responsibleUnitId,
    responsiblePerson: { name: '示例责任人（虚构）' },
    notes: NOTE,
    disclosed: seed.disclosed ?? false,
  });
  const outfallId = outfall.id;
  const sampledAt = new Date(now - DAY_MS).toISOString();
  for (const step of seed.steps) {
    switch (step) {
      case 'SAMPLE':
      case 'EXCEEDANCE':
        await recordOutfallSample(deps, caller, {
          outfallId,
          sampledAt,
          sampledBy: '示例采样员（虚构）',
          lab: '示例检测站（虚构）',
          values: [
            { parameter: 'COD', value: step === 'EXCEEDANCE' ? 180 : 28, unit: 'mg/L' },
            { parameter: 'NH3_N', value: 1.2, unit: 'mg/L' },
            ...(seed.category === 'HITECH_MIXED' ? [{ parameter: 'CD', value: 0.35, unit: 'mg/L' }] : []),
          ],
          note: NOTE,
        });
        break;
      case 'TRACE':
      case 'TRACE_OWNERLESS':
        await traceOutfall(deps, caller, {
          outfallId,
          sources: [
            { description: '主管（虚构）', discharger: { name: '示例排污单位（虚构）' } },
            ...(step === 'TRACE_OWNERLESS' ? [{ description: '暗管（虚构）', ownerless: true }] : []),
          ],
          findings: NOTE,
        });
        break;
      case 'PLAN':
        await planOutfallRemediation(deps, caller, {
          outfallId,
          measure: seed.measure,
          dueAt: new Date(now + 30 * DAY_MS).toISOString(),
          description: `一口一策（示例）：${seed.measure}`,
          mergeInto: seed.measure === 'MERGE_CONNECT' ? { sewer: '示例市政污水管网（虚构）' } : undefined,
          sealOwnerlessInlets: true,
        });
        break;
      case 'REMEDIATE':
        await completeOutfallRemediation(deps, caller, { outfallId, note: '整治完成（示例）' });
        break;
      case 'GATE_CLOSED':
        await recordOutfallGate(deps, caller, { outfallId, open: false, note: NOTE });
        break;
      case 'END':
        if (seed.measure === 'ABOLISH_SEAL')
          await sealOutfall(deps, caller, { outfallId, note: '已封堵（示例）' });
        else if (seed.measure === 'MERGE_CONNECT') await mergeOutfall(deps, caller, { outfallId });
        else
          await retainOutfall(deps, caller, {
            outfallId,
            signboard: `示例标志牌-${seed.code}`,
            archiveRef: `示例档案-${seed.code}`,
          });
        break;
    }
  }
}
