/**
 * The outfall register's data: command inputs (zod, every string and list bounded) and the stored
 * shapes. Dischargers are recorded by name and optional unified social credit code; their files belong
 * to the enforcement context.
 */
import * as z from 'zod';
import { UnitId } from '../units/model.ts';
import type { AnnexItem } from './annex.ts';
import { OUTFALL_CATEGORIES, type OutfallCategory } from './categories.ts';
import type { OutfallState, RemediationMeasure } from './lifecycle.ts';
import { REMEDIATION_MEASURES } from './lifecycle.ts';
import type { Exceedance } from './limits.ts';
import { LimitSet, ParameterCode } from './limits.ts';

export const Text = (max: number) => z.string().trim().min(1).max(max);
const Instant = z.iso.datetime({ offset: true });
const Version = z.number().int().positive();
export const OutfallIdArg = z.string().trim().min(1).max(64);

/** 统一社会信用代码: 18 characters, digits and upper-case letters without I, O, S, V, Z. */
export const CreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
    'must be an 18-character unified social credit code',
  );

export const Discharger = z.object({ name: Text(100), creditCode: CreditCode.optional() });
export type Discharger = z.infer<typeof Discharger>;

/** WGS-84 degrees, as a field GPS gives them. */
export const Location = z.object({
  longitude: z.number().finite().min(-180).max(180),
  latitude: z.number().finite().min(-90).max(90),
});
export type Location = z.infer<typeof Location>;

export const Permit = z
  .object({
    number: Text(60),
    holder: Text(100),
    validFrom: z.iso.date().optional(),
    validUntil: z.iso.date().optional(),
  })
  .refine((p) => !p.validFrom || !p.validUntil || p.validFrom <= p.validUntil, {
    message: 'validUntil must not be before validFrom',
    path: ['validUntil'],
  });
export type Permit = z.infer<typeof Permit>;

export const ResponsiblePerson = z.object({
  name: Text(50),
  title: Text(50).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-() ]{3,30}$/, 'must be a phone number')
    .optional(),
});
export type ResponsiblePerson = z.infer<typeof ResponsiblePerson>;

export const Attachment = z.object({
  kind: z.enum(['DOCUMENT', 'PHOTO']),
  /** Where the file is kept (a document number, an archive reference or a URL). */
  ref: Text(500),
  title: Text(200).optional(),
});
export type Attachment = z.infer<typeof Attachment>;

export const OutfallCategorySchema = z.enum(OUTFALL_CATEGORIES);

/** The descriptive fields an officer registers and may later correct. */
const detailFields = {
  name: Text(100),
  waterBody: Text(50),
  townshipUnitId: UnitId.optional(),
  /** 行政村: required for scattered rural domestic outlets (one per village, A2). */
  village: Text(50)
    .regex(/^[^#]+$/, 'must not contain #')
    .optional(),
  location: Location,
  category: OutfallCategorySchema,
  permit: Permit.optional(),
  dischargers: z.array(Discharger).max(50),
  responsibleUnitId: UnitId,
  responsiblePerson: ResponsiblePerson.optional(),
  attachments: z.array(Attachment).max(50),
  /** Internal notes: never published. */
  notes: z.string().trim().max(2000).optional(),
  /** This outfall's own limits, over its category's (settings). */
  limits: LimitSet.refine((l) => Object.keys(l).length <= 30, 'at most 30 parameters').optional(),
  disclosed: z.boolean(),
};

/** Registration: lists empty and the outfall unpublished unless given. */
export const OutfallDetails = z.object({
  ...detailFields,
  dischargers: detailFields.dischargers.default([]),
  attachments: detailFields.attachments.default([]),
  disclosed: detailFields.disclosed.default(false),
});

/** A correction changes only the fields it gives (no defaults: an absent field is left as it is). */
const OutfallCorrection = z.object(detailFields).partial();

export const RegisterOutfallInput = OutfallDetails.extend({
  code: z.string().trim().min(1).max(64),
  /** The supervisor's exception to one rural outlet per village, with its reason. */
  villageException: z.object({ reason: Text(500) }).optional(),
});
export type RegisterOutfallInput = z.output<typeof RegisterOutfallInput>;

export const UpdateOutfallInput = OutfallCorrection.extend({
  outfallId: OutfallIdArg,
  expectedVersion: Version.optional(),
}).strict();

export const SampleValue = z.object({
  parameter: ParameterCode,
  value: z.number().finite().nonnegative(),
  unit: z.string().trim().min(1).max(20),
});

export const RecordSampleInput = z.object({
  outfallId: OutfallIdArg,
  sampledAt: Instant,
  sampledBy: Text(100),
  lab: Text(100),
  values: z.array(SampleValue).min(1).max(50),
  note: z.string().trim().max(2000).optional(),
});

export const Source = z.object({
  /** The inlet or pipe, as the tracing team labels it. */
  description: Text(200),
  discharger: Discharger.optional(),
  /** Nobody answers for this inlet: it must be sealed (A8). */
  ownerless: z.boolean().default(false),
});
export type Source = z.infer<typeof Source>;

export const TraceInput = z.object({
  outfallId: OutfallIdArg,
  sources: z.array(Source).min(1).max(100),
  findings: z.string().trim().max(2000).optional(),
  expectedVersion: Version.optional(),
});

export const MergeTarget = z
  .object({ outfallId: OutfallIdArg.optional(), sewer: Text(200).optional() })
  .refine((t) => !!t.outfallId !== !!t.sewer, {
    message: 'name either an outfall or a sewer',
    path: ['sewer'],
  });

export const PlanRemediationInput = z.object({
  outfallId: OutfallIdArg,
  measure: z.enum(REMEDIATION_MEASURES),
  dueAt: Instant,
  description: Text(2000),
  /** For MERGE_CONNECT: where it goes. */
  mergeInto: MergeTarget.optional(),
  /** Ownerless inlets found by tracing are sealed as part of the plan (required when there are any). */
  sealOwnerlessInlets: z.boolean().default(false),
  expectedVersion: Version.optional(),
});

export const CompleteRemediationInput = z.object({
  outfallId: OutfallIdArg,
  note: Text(2000),
  attachments: z.array(Attachment).max(20).default([]),
  expectedVersion: Version.optional(),
});

export const RetainInput = z.object({
  outfallId: OutfallIdArg,
  /** 标志牌: its number or photo reference. */
  signboard: Text(200).optional(),
  /** 档案: the archive reference of the outfall's file. */
  archiveRef: Text(200).optional(),
  responsiblePerson: ResponsiblePerson.optional(),
  expectedVersion: Version.optional(),
});

export const SealInput = z.object({
  outfallId: OutfallIdArg,
  note: Text(2000),
  expectedVersion: Version.optional(),
});

export const MergeInput = z.object({
  outfallId: OutfallIdArg,
  note: Text(2000).optional(),
  expectedVersion: Version.optional(),
});

export const RecordGateInput = z.object({
  outfallId: OutfallIdArg,
  open: z.boolean(),
  /** When the gate was seen in that position (default: now). */
  observedAt: Instant.optional(),
  note: z.string().trim().max(500).optional(),
});

export const DisclosureInput = z.object({
  outfallId: OutfallIdArg,
  disclosed: z.boolean(),
  expectedVersion: Version.optional(),
});

// ---- Stored shapes ----

export interface RemediationPlan {
  measure: RemediationMeasure;
  dueAt: string;
  description: string;
  mergeInto?: { outfallId?: string; outfallCode?: string; sewer?: string };
  sealOwnerlessInlets: boolean;
  plannedAt: string;
  plannedBy: string;
}

export interface GateRecord {
  open: boolean;
  observedAt: string;
  recordedBy: string;
  note?: string;
}

export interface Retention {
  signboard?: string;
  archiveRef?: string;
}

export interface OutfallDeadlineRef {
  /** The deadline item's name under the outfall (`annex-A7`). */
  name: string;
  taskId: string;
  dueAt: string;
}

export interface LatestSample {
  sampleId: string;
  sampledAt: string;
  exceedanceCount: number;
}

export interface Outfall {
  id: string;
  code: string;
  name: string;
  waterBody: string;
  townshipUnitId?: string;
  village?: string;
  location: Location;
  category: OutfallCategory;
  permit?: Permit;
  dischargers: Discharger[];
  sources?: Source[];
  findings?: string;
  responsibleUnitId: string;
  responsiblePerson?: ResponsiblePerson;
  attachments: Attachment[];
  notes?: string;
  limits?: LimitSet;
  disclosed: boolean;
  annexItem: AnnexItem;
  deadline: OutfallDeadlineRef;
  state: OutfallState;
  /** Counted as late in the register's counters (past the deadline, not ended). */
  late: boolean;
  gateControlled: boolean;
  gate?: GateRecord;
  remediation?: RemediationPlan;
  remediatedAt?: string;
  retention?: Retention;
  endedAt?: string;
  mergedInto?: RemediationPlan['mergeInto'];
  /** True when this outfall holds its village's one place (A2). */
  villagePlace?: boolean;
  villageException?: { reason: string; by: string; at: string };
  latestSample?: LatestSample;
  importId?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Sample {
  id: string;
  outfallId: string;
  sampledAt: string;
  sampledBy: string;
  lab: string;
  values: { parameter: string; value: number; unit: string }[];
  exceedances: Exceedance[];
  note?: string;
  recordedAt: string;
  recordedBy: string;
}
