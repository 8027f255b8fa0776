/**
 * Stored shapes of the cases context: enterprise files (一厂一档), cases, their samples, evidence and
 * sanctions, and the hand-off proposed when a crime is suspected. Amounts are integer fen; local dates
 * are `YYYY-MM-DD` in the district's zone; instants are UTC ISO strings.
 */
import type { CrimeGround, SampleResult } from './crime-grounds.ts';
import type { ReinspectionFinding } from './daily-penalty.ts';
import type { CaseStatus, HandoffStatus } from './status.ts';
import type { EvasionMethod, ViolationKind } from './violations.ts';

export const CASE_SOURCES = [
  'INSPECTION',
  'MONITORING',
  'HOTLINE_12369',
  'PATROL',
  'REFERRAL',
  'OUTFALL_EXCEEDANCE',
] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];
/** Sources an officer names when opening a case; the other two come from a complaint or an event. */
export const OFFICER_CASE_SOURCES = ['INSPECTION', 'MONITORING', 'PATROL', 'REFERRAL'] as const;

export const PERMIT_KINDS = ['DISCHARGE_PERMIT', 'REGISTRATION', 'OUTFALL_APPROVAL', 'OTHER'] as const;

/** An outfall named by id and code only: the outfall register owns the rest. */
export interface OutfallRef {
  id: string;
  code?: string;
  name?: string;
}

export interface Permit {
  number: string;
  kind: (typeof PERMIT_KINDS)[number];
  issuedBy?: string;
  validFrom?: string;
  validTo?: string;
}

/** An administrative penalty on the enterprise file: decided in a case here, or recorded from before. */
export interface PenaltyRecord {
  decidedOn: string;
  documentNumber?: string;
  amountFen?: number;
  /** For toxic discharges (the repeat-offence ground counts these). */
  toxic: boolean;
  caseId?: string;
  note?: string;
}

/** The enterprise file (一厂一档) of a water-related discharger. */
export interface Discharger {
  id: string;
  name: string;
  /** Unified social credit code (GB 32100-2015), when the discharger has one. */
  creditCode?: string;
  address: string;
  townshipUnitId?: string;
  industry?: string;
  /** 重点排污单位 / under key permit management. */
  keyDischargeUnit: boolean;
  permits: Permit[];
  outfalls: OutfallRef[];
  penalties: PenaltyRecord[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The party of a case: an enterprise file, or a name (and code) not yet on file. */
export interface PartyRef {
  dischargerId?: string;
  name: string;
  creditCode?: string;
}

export interface CaseSourceRecord {
  kind: CaseSource;
  complaintId?: string;
  /** For OUTFALL_EXCEEDANCE: the event and the outfall sample it reported. */
  eventId?: string;
  sampleId?: string;
  note?: string;
}

export interface Violation {
  kind: ViolationKind;
  method?: EvasionMethod;
  description: string;
  recordedAt: string;
  recordedBy: string;
}

export interface CaseFacts {
  toxicSubstances?: boolean;
  inProtectedArea?: boolean;
  hazardousWasteTonnes?: number;
  illegalGainsFen?: number;
  propertyLossFen?: number;
  intakeInterruptedHours?: number;
}

export interface FineDecision {
  amountFen: number;
  decisionNumber: string;
  decidedAt: string;
  decidedOn: string;
  sanctionId: string;
}

export interface Reinspection {
  at: string;
  on: string;
  finding: ReinspectionFinding;
  /** Days and amount of the daily-penalty decision it led to (0 when corrected). */
  days: number;
  amountFen: number;
  from?: string;
  to?: string;
  stoppedDays?: number;
  decisionNumber?: string;
  sanctionId?: string;
}

export const CYCLE_STATUSES = ['AWAITING_REINSPECTION', 'CORRECTED'] as const;

/** One daily-penalty cycle: from the service of a correction order to the correction found. */
export interface PenaltyCycle {
  number: number;
  fineFen: number;
  servedAt: string;
  servedOn: string;
  orders: { servedAt: string; servedOn: string; documentNumber?: string; sanctionId: string }[];
  reinspections: Reinspection[];
  status: (typeof CYCLE_STATUSES)[number];
  totalDays: number;
  totalFen: number;
  /** While awaiting: when the re-inspection is due. */
  reinspectionDueAt?: string;
}

export const CASE_OUTCOMES = ['NO_VIOLATION', 'CONCLUDED'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export interface EnforcementCase {
  id: string;
  /** `<bureau>-<year>-<seq>`, e.g. `yanhu-eeb-2020-0001`. */
  number: string;
  bureauUnitId: string;
  title: string;
  status: CaseStatus;
  handoffStatus: HandoffStatus;
  source: CaseSourceRecord;
  party?: PartyRef;
  /** Dischargers an outfall event named, matched to files by credit code where known. */
  candidates: PartyRef[];
  outfalls: OutfallRef[];
  townshipUnitId?: string;
  discoveredAt: string;
  discoveredOn: string;
  violations: Violation[];
  facts: CaseFacts;
  /** The grounds the facts meet now (a suspicion, not a finding). */
  crimeGrounds: CrimeGround[];
  crimeSuspectedAt?: string;
  handoffId?: string;
  /** Police units that see the case: the one it was handed to, and those joined to it by a consultation (会商). */
  policeUnitIds?: string[];
  fine?: FineDecision;
  penaltyCycles: PenaltyCycle[];
  /** The due instant of the pending re-inspection, if any (also the dashboard's column). */
  reinspectionDueAt?: string;
  closedAt?: string;
  outcome?: CaseOutcome;
  closingSummary?: string;
  published?: boolean;
  openedAt: string;
  openedBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Sample {
  id: string;
  caseId: string;
  sampledAt: string;
  outfallId?: string;
  location?: string;
  laboratory?: string;
  reportNumber?: string;
  results: SampleResult[];
  recordedAt: string;
  recordedBy: string;
  /** The outfall event this sample came from, if any. */
  sourceEventId?: string;
}

export const EVIDENCE_KINDS = [
  'PHOTO',
  'VIDEO',
  'INSPECTION_RECORD',
  'INTERVIEW_RECORD',
  'SAMPLING_RECORD',
  'MONITORING_REPORT',
  'SITE_DRAWING',
  'SEIZED_ITEMS_LIST',
  'EXPERT_OPINION',
  'DOCUMENT',
  'OTHER',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface Evidence {
  /** `<caseId>:<evidence>`. */
  id: string;
  caseId: string;
  kind: EvidenceKind;
  description: string;
  /** Who took it (an officer's name, internal). */
  takenBy: string;
  takenAt: string;
  /** Where the file is kept (a key in the bureau's file store, a URL). Never the file itself. */
  fileRef: string;
  /** SHA-256 of the file's bytes, lowercase hex, recorded when it was added. */
  sha256: string;
  sizeBytes?: number;
  addedAt: string;
  addedBy: { id: string; name?: string; unitId?: string };
  supersededAt?: string;
  supersededBy?: string;
  supersedeReason?: string;
  supersedes?: string;
}

export const SANCTION_KINDS = [
  'CORRECTION_ORDER',
  'FINE',
  'DAILY_PENALTY',
  'PRODUCTION_RESTRICTION',
  'SUSPENSION',
  'SEAL_UP',
  'CREDIT_PUNISHMENT',
  'CLOSURE',
  'BAN',
] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];
/** Sanctions imposed on their own (the others come with the penalty decision, the order, the re-inspection). */
export const IMPOSABLE_SANCTIONS = [
  'PRODUCTION_RESTRICTION',
  'SUSPENSION',
  'SEAL_UP',
  'CREDIT_PUNISHMENT',
  'CLOSURE',
  'BAN',
] as const satisfies readonly SanctionKind[];
export type ImposableSanction = (typeof IMPOSABLE_SANCTIONS)[number];
/** Measures that can stop the discharge, and so stop the daily-penalty count. */
export const STOPPING_SANCTIONS: readonly SanctionKind[] = [
  'PRODUCTION_RESTRICTION',
  'SUSPENSION',
  'SEAL_UP',
  'CLOSURE',
  'BAN',
];

export const SANCTION_STATUSES = ['PENDING_APPROVAL', 'IN_FORCE', 'REJECTED', 'LIFTED'] as const;
export type SanctionStatus = (typeof SANCTION_STATUSES)[number];

export interface Sanction {
  /** `<caseId>:<sanction>`. */
  id: string;
  caseId: string;
  kind: SanctionKind;
  status: SanctionStatus;
  decidedAt: string;
  decidedBy: string;
  documentNumber?: string;
  amountFen?: number;
  /** DAILY_PENALTY: the days counted, the window, the cycle. */
  days?: number;
  from?: string;
  to?: string;
  cycleNumber?: number;
  /** Measures in force from this instant (and local date). */
  effectiveFrom?: string;
  effectiveOn?: string;
  stopsDischarge?: boolean;
  liftedAt?: string;
  liftedOn?: string;
  liftReason?: string;
  /** CREDIT_PUNISHMENT: the measure, e.g. 列入环境信用黑名单. */
  measure?: string;
  note?: string;
  /** CLOSURE: the supervisor's decision, standing for the government with authority. */
  approval?: { decision: 'APPROVE' | 'REJECT'; by: string; at: string; reason: string };
}

/** The hand-off proposed when a crime is suspected; the police hand-off (services/handoffs) carries it on from PROPOSED. */
export interface HandoffProposal {
  id: string;
  caseId: string;
  caseNumber: string;
  bureauUnitId: string;
  policeUnitId: string;
  status: 'PROPOSED';
  grounds: CrimeGround[];
  proposedAt: string;
}

/** A case as one read gives it: the case item and every item under it. */
export interface CaseAggregate {
  case: EnforcementCase;
  samples: Sample[];
  evidence: Evidence[];
  sanctions: Sanction[];
  handoff?: HandoffProposal;
}
