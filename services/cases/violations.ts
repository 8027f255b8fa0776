/** What a discharger can be found doing, and how it evaded supervision: the case's vocabulary. */

export const VIOLATION_KINDS = [
  'UNLICENSED_DISCHARGE',
  'EXCEEDING_STANDARD',
  'ILLEGAL_DUMPING',
  'EVADING_SUPERVISION',
  'MONITORING_DATA_TAMPERING',
  'SCATTERED_POLLUTING_ENTERPRISE',
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/** Ways of evading supervision (逃避监管); the first six are those 法释〔2023〕7号 names. */
export const EVASION_METHODS = [
  'HIDDEN_PIPE',
  'SEEPAGE_WELL',
  'SEEPAGE_PIT',
  'CRACK',
  'KARST_CAVE',
  'INJECTION',
  'FACILITY_NOT_RUNNING',
  'OTHER',
] as const;
export type EvasionMethod = (typeof EVASION_METHODS)[number];

/** 暗管、渗井、渗坑、裂隙、溶洞、灌注. */
export const CONCEALED_METHODS: readonly EvasionMethod[] = [
  'HIDDEN_PIPE',
  'SEEPAGE_WELL',
  'SEEPAGE_PIT',
  'CRACK',
  'KARST_CAVE',
  'INJECTION',
];
