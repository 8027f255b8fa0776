/**
 * Which annex item of the Yanhu plan governs an outfall, from its category and permit (DOMAIN.md §1,
 * annex A1–A10). A pure table, read top to bottom: the first row that matches decides. A10 (disclosure,
 * signboards and files of retained outfalls) applies to every retained outfall on top of its own item,
 * so it governs none by itself. Gate control (A3, A7) follows from the item.
 */
import type { OutfallCategory } from './categories.ts';

export const ANNEX_ITEMS = ['A1', 'A2', 'A3', 'A5', 'A6', 'A7', 'A8', 'A9'] as const;
export type AnnexItem = (typeof ANNEX_ITEMS)[number];
/** Every annex task number, A4 (wetlands) and A10 (disclosure) included: they show outfall progress too. */
export const ANNEX_TASKS = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10'] as const;

export interface AnnexRule {
  item: AnnexItem;
  /** Why, as the plan words it. */
  because: string;
  matches(category: OutfallCategory, permitted: boolean): boolean;
}

const is =
  (...categories: OutfallCategory[]) =>
  (category: OutfallCategory) =>
    categories.includes(category);

export const ANNEX_RULES: readonly AnnexRule[] = [
  {
    item: 'A2',
    because: '农村生活污水散乱排口',
    matches: is('SCATTERED_RURAL_DOMESTIC'),
  },
  {
    item: 'A3',
    because: '城镇污水处理厂进水管网溢流口',
    matches: is('WWTP_INFLOW_OVERFLOW'),
  },
  {
    item: 'A3',
    because: '未取得排污许可的工业企业雨水排口',
    matches: (category, permitted) => category === 'INDUSTRIAL_RAIN' && !permitted,
  },
  { item: 'A5', because: '城镇生活污水散乱排口', matches: is('SCATTERED_URBAN_DOMESTIC') },
  { item: 'A6', because: '城镇雨水排口', matches: is('URBAN_RAIN') },
  { item: 'A7', because: '农田灌溉退水口', matches: is('IRRIGATION_RETURN') },
  { item: 'A8', because: '多个排污单位共用排污口', matches: is('SHARED') },
  {
    item: 'A1',
    because: '已取得排污许可的企事业单位入河排污口',
    matches: (_category, permitted) => permitted,
  },
  { item: 'A9', because: '其他入河入渠排污口', matches: () => true },
];

/** The annex item governing an outfall of this category, with or without a permit. */
export function annexItemOf(category: OutfallCategory, permitted: boolean): AnnexItem {
  const rule = ANNEX_RULES.find((r) => r.matches(category, permitted));
  return (rule as AnnexRule).item;
}

/** Outfalls whose gates may be open only in the flood season: A3 and A7 (unpermitted rain, overflow, irrigation). */
export function isGateControlled(item: AnnexItem): boolean {
  return item === 'A3' || item === 'A7';
}
