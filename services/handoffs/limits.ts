/**
 * The statutory limits of the police hand-off (DOMAIN.md §3; decree 310, 环环监〔2017〕17号, the MPS
 * procedure rules) in one table, and the `handoffs` settings section derived from it: each limit's
 * period (HOURS, DAYS with the holiday roll, or WORKING_DAYS — DOMAIN.md §8) is a setting whose default
 * is the table's. "Immediately" has no period to count: Clearwater holds the side to 24 hours.
 */
import * as z from 'zod';
import type { Deps } from '../shared/deps.ts';
import { settingOf } from '../shared/deps.ts';
import { MAX_PERIOD, PERIOD_UNITS, type Period } from '../shared/time/periods.ts';

export const SIDES = ['ENVIRONMENT_BUREAU', 'POLICE', 'PROCURATORATE'] as const;
export type Side = (typeof SIDES)[number];

export interface LimitSpec {
  title: string;
  /** Who must act by the due instant. */
  side: Side;
  period: Period;
  /**
   * A window for a right, not a duty (asking for materials, reconsideration, supervision): nothing is
   * "missed" when it passes unused — it lapses.
   */
  optional?: true;
  /** Limits that replace one another (the decision's 3, 7 or 30 days) share a group: names and closing go by it. */
  group?: string;
}

const H = (amount: number): Period => ({ amount, unit: 'HOURS' });
const D = (amount: number): Period => ({ amount, unit: 'DAYS' });
const W = (amount: number): Period => ({ amount, unit: 'WORKING_DAYS' });

export const LIMITS = {
  report: { title: '专案组提出移送书面报告', side: 'ENVIRONMENT_BUREAU', period: H(24) },
  approval: { title: '负责人审批是否移送', side: 'ENVIRONMENT_BUREAU', period: D(3) },
  transfer: { title: '移送公安机关并抄送检察院', side: 'ENVIRONMENT_BUREAU', period: H(24) },
  receipt: { title: '公安机关接受移送', side: 'POLICE', period: H(24) },
  materialsRequest: { title: '公安机关告知补充材料', side: 'POLICE', period: H(24), optional: true },
  materialsCompletion: { title: '补充移送材料', side: 'ENVIRONMENT_BUREAU', period: D(3) },
  decision: { title: '公安机关决定是否立案', side: 'POLICE', period: D(3) },
  decisionVerification: {
    title: '公安机关决定是否立案（需核查）',
    side: 'POLICE',
    period: D(7),
    group: 'decision',
  },
  decisionMajor: {
    title: '公安机关决定是否立案（重大案件）',
    side: 'POLICE',
    period: D(30),
    group: 'decision',
  },
  writtenNotice: { title: '书面通知立案决定', side: 'POLICE', period: D(3) },
  seizedItems: { title: '移交涉案物品', side: 'ENVIRONMENT_BUREAU', period: D(3) },
  reconsiderationRequest: { title: '提请复议', side: 'ENVIRONMENT_BUREAU', period: W(3), optional: true },
  reconsiderationDecision: { title: '公安机关作出复议决定', side: 'POLICE', period: W(3) },
  supervisionRequest: {
    title: '建议检察院立案监督',
    side: 'ENVIRONMENT_BUREAU',
    period: D(3),
    optional: true,
  },
  platformEntry: { title: '录入信息共享平台', side: 'ENVIRONMENT_BUREAU', period: D(7) },
  consultationAnswer: { title: '书面会商答复', side: 'POLICE', period: D(7) },
} as const satisfies Record<string, LimitSpec>;
export type LimitKey = keyof typeof LIMITS;
export const LIMIT_KEYS = Object.keys(LIMITS) as LimitKey[];

export function limitSpec(key: LimitKey): LimitSpec {
  return LIMITS[key] as LimitSpec;
}

/** The group a limit belongs to (its own key unless it replaces another). */
export function groupOf(key: LimitKey): LimitKey {
  return (limitSpec(key).group as LimitKey | undefined) ?? key;
}

export const DOCUMENT_KINDS = [
  'TRANSFER_LETTER',
  'INVESTIGATION_REPORT',
  'INSPECTION_RECORDS',
  'SITE_DRAWING_SAMPLING',
  'SEIZED_ITEMS_LIST',
  'PHOTOS_VIDEO',
  'MONITORING_REPORTS',
  'EXPERT_OPINIONS',
  'PENALTY_DECISION',
  'OTHER',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const PeriodSetting = z
  .object({ amount: z.number().int().min(1), unit: z.enum(PERIOD_UNITS) })
  .strict()
  .refine((p) => p.amount <= MAX_PERIOD[p.unit], 'is longer than any statutory period');

const limitShape = Object.fromEntries(
  LIMIT_KEYS.map((key) => [key, PeriodSetting.default(limitSpec(key).period)]),
) as Record<LimitKey, z.ZodDefault<typeof PeriodSetting>>;

export const HandoffsSettings = z
  .object({
    /** Each limit's period; defaults in LIMITS. */
    limits: z.object(limitShape).strict().prefault({}),
    /**
     * Documents every transfer package holds (17号 art. 5). Also required: SEIZED_ITEMS_LIST when items were
     * seized, EXPERT_OPINIONS when opinions were obtained, PENALTY_DECISION when the case has a penalty decision.
     */
    requiredDocuments: z
      .array(z.enum(DOCUMENT_KINDS))
      .max(DOCUMENT_KINDS.length)
      .default([
        'TRANSFER_LETTER',
        'INVESTIGATION_REPORT',
        'INSPECTION_RECORDS',
        'SITE_DRAWING_SAMPLING',
        'PHOTOS_VIDEO',
        'MONITORING_REPORTS',
      ]),
    /** The plan tasks joint inspections count towards (13: special inspections, 14: joint enforcement). */
    jointInspectionTaskIds: z
      .array(z.string().min(1).max(100))
      .min(1)
      .max(20)
      .default(['yanhu-2020:13', 'yanhu-2020:14']),
  })
  .strict();
export type HandoffsSettings = z.output<typeof HandoffsSettings>;

export function handoffsSettings(deps: Pick<Deps, 'settings'>): HandoffsSettings {
  return settingOf(deps, 'handoffs', HandoffsSettings);
}
