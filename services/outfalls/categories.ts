/**
 * Kinds of outfall (DOMAIN.md §2): the national categories (国办函〔2022〕17号; HJ 1312-2023) and the
 * practical kinds the Yanhu plan names, each with the national class it belongs to. Pure data.
 */

export const OUTFALL_CATEGORIES = [
  // 工业排污口
  'INDUSTRIAL',
  'INDUSTRIAL_RAIN',
  'PARK_WWTP',
  'HITECH_MIXED',
  // 城镇污水处理厂排污口
  'URBAN_WWTP',
  'WWTP_INFLOW_OVERFLOW',
  // 农业排口
  'AGRICULTURAL',
  // 其他排口
  'IRRIGATION_RETURN',
  'SCATTERED_RURAL_DOMESTIC',
  'SCATTERED_URBAN_DOMESTIC',
  'URBAN_RAIN',
  'SHARED',
  'OTHER',
] as const;
export type OutfallCategory = (typeof OUTFALL_CATEGORIES)[number];

export const NATIONAL_CLASSES = ['INDUSTRIAL', 'URBAN_WWTP', 'AGRICULTURAL', 'OTHER'] as const;
export type NationalClass = (typeof NATIONAL_CLASSES)[number];

export interface CategoryInfo {
  nationalClass: NationalClass;
  /** The name officers read (Chinese, as in the plan and the national rules). */
  label: string;
}

export const CATEGORY_INFO: Readonly<Record<OutfallCategory, CategoryInfo>> = {
  INDUSTRIAL: { nationalClass: 'INDUSTRIAL', label: '工业企业排污口' },
  INDUSTRIAL_RAIN: { nationalClass: 'INDUSTRIAL', label: '工业企业雨水排口' },
  PARK_WWTP: { nationalClass: 'INDUSTRIAL', label: '工业园区污水处理厂排污口' },
  HITECH_MIXED: { nationalClass: 'INDUSTRIAL', label: '高新区混合排口' },
  URBAN_WWTP: { nationalClass: 'URBAN_WWTP', label: '城镇污水处理厂排污口' },
  WWTP_INFLOW_OVERFLOW: { nationalClass: 'URBAN_WWTP', label: '污水处理厂进水管网溢流口' },
  AGRICULTURAL: { nationalClass: 'AGRICULTURAL', label: '农业排口（规模化畜禽养殖、水产养殖）' },
  IRRIGATION_RETURN: { nationalClass: 'OTHER', label: '农田灌溉退水口' },
  SCATTERED_RURAL_DOMESTIC: { nationalClass: 'OTHER', label: '农村生活污水散乱排口' },
  SCATTERED_URBAN_DOMESTIC: { nationalClass: 'OTHER', label: '城镇生活污水散乱排口' },
  URBAN_RAIN: { nationalClass: 'OTHER', label: '城镇雨水排口' },
  SHARED: { nationalClass: 'OTHER', label: '多个排污单位共用排污口' },
  OTHER: { nationalClass: 'OTHER', label: '其他排口' },
};
