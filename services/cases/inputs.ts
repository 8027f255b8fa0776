/**
 * What clients send to the cases context, validated at the edge. Every string has a maximum length and
 * every list a maximum size (the GraphQL descriptions repeat them).
 */
import * as z from 'zod';
import { isLocalDate } from '../shared/time/offset.ts';
import { creditCodeProblem } from './credit-code.ts';
import { REINSPECTION_FINDINGS } from './daily-penalty.ts';
import { CUSTODY_ACTIONS, LIMITS } from './input-limits.ts';
import {
  CASE_OUTCOMES,
  EVIDENCE_KINDS,
  IMPOSABLE_SANCTIONS,
  OFFICER_CASE_SOURCES,
  PERMIT_KINDS,
} from './model.ts';
import { MAX_AMOUNT_FEN, YuanInput } from './money.ts';
import { EVASION_METHODS, VIOLATION_KINDS } from './violations.ts';

// Re-exported: the commands read them here with the schemas.
export { CUSTODY_ACTIONS, LIMITS };

const Text = (max: number) => z.string().trim().min(1).max(max);
const Id = z.string().trim().min(1).max(150);
/** An outfall of the register (its plain id): a key's characters only, never `#`, `:` or control characters. */
const OutfallId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,149}$/, 'must be the plain id of an outfall of the register');
const Instant = z.iso.datetime({ offset: true });
const LocalDate = z.string().refine(isLocalDate, 'must be a date written YYYY-MM-DD');
const Version = z.number().int().positive();
const UnitId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a unit id');

export const CreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const OutfallRefInput = z.object({
  id: OutfallId,
  code: Text(64).optional(),
  name: Text(LIMITS.name).optional(),
});

const PermitInput = z.object({
  number: Text(LIMITS.documentNumber),
  kind: z.enum(PERMIT_KINDS),
  issuedBy: Text(LIMITS.shortText).optional(),
  validFrom: LocalDate.optional(),
  validTo: LocalDate.optional(),
});

export const PriorPenaltyInput = z.object({
  decidedOn: LocalDate,
  documentNumber: Text(LIMITS.documentNumber).optional(),
  amountYuan: YuanInput.optional(),
  toxic: z.boolean(),
  note: Text(LIMITS.text).optional(),
});

export const RegisterDischargerInput = z.object({
  name: Text(LIMITS.name),
  creditCode: CreditCode.optional(),
  address: Text(LIMITS.address),
  townshipUnitId: UnitId.optional(),
  industry: Text(100).optional(),
  keyDischargeUnit: z.boolean().default(false),
  permits: z.array(PermitInput).max(LIMITS.permits).default([]),
  outfalls: z.array(OutfallRefInput).max(LIMITS.outfalls).default([]),
});

export const UpdateDischargerInput = z.object({
  dischargerId: Id,
  name: Text(LIMITS.name).optional(),
  address: Text(LIMITS.address).optional(),
  townshipUnitId: UnitId.optional(),
  industry: Text(100).optional(),
  keyDischargeUnit: z.boolean().optional(),
  permits: z.array(PermitInput).max(LIMITS.permits).optional(),
  outfalls: z.array(OutfallRefInput).max(LIMITS.outfalls).optional(),
  expectedVersion: Version.optional(),
});

export const RecordPriorPenaltyInput = PriorPenaltyInput.extend({
  dischargerId: Id,
  expectedVersion: Version.optional(),
});

/** The party: an enterprise file by id, or a name (and code) not on file yet — not both. */
const PartyInput = z
  .object({
    dischargerId: Id.optional(),
    name: Text(LIMITS.name).optional(),
    creditCode: CreditCode.optional(),
  })
  .refine((p) => (p.dischargerId ? !p.name && !p.creditCode : !!p.name), {
    message: 'give dischargerId, or name (and creditCode), not both',
  });

export const NewCaseFields = z.object({
  title: Text(LIMITS.shortText),
  party: PartyInput.optional(),
  outfalls: z.array(OutfallRefInput).max(LIMITS.outfalls).default([]),
  townshipUnitId: UnitId.optional(),
  discoveredAt: Instant.optional(),
  note: Text(LIMITS.text).optional(),
});

export const OpenCaseInput = NewCaseFields.extend({ source: z.enum(OFFICER_CASE_SOURCES) });

export const CaseVersionInput = z.object({ caseId: Id, expectedVersion: Version.optional() });

export const IdentifyPartyInput = z.object({
  caseId: Id,
  dischargerId: Id,
  expectedVersion: Version.optional(),
});

export const RecordViolationInput = z
  .object({
    caseId: Id,
    kind: z.enum(VIOLATION_KINDS),
    method: z.enum(EVASION_METHODS).optional(),
    description: Text(LIMITS.text),
    expectedVersion: Version.optional(),
  })
  .refine((v) => v.kind === 'EVADING_SUPERVISION' || !v.method, {
    message: 'only EVADING_SUPERVISION has a method',
    path: ['method'],
  });

const Tonnes = z.number().finite().min(0).max(1_000_000);

export const RecordCaseFactsInput = z.object({
  caseId: Id,
  toxicSubstances: z.boolean().optional(),
  inProtectedArea: z.boolean().optional(),
  hazardousWasteTonnes: Tonnes.optional(),
  illegalGainsYuan: YuanInput.optional(),
  propertyLossYuan: YuanInput.optional(),
  intakeInterruptedHours: z.number().finite().min(0).max(100_000).optional(),
  expectedVersion: Version.optional(),
});

const Measurement = z.number().finite().min(0).max(1e9);

export const SampleResultInput = z.object({
  parameter: Text(32),
  value: Measurement,
  limit: Measurement.refine((v) => v > 0, 'must be greater than 0'),
  unit: Text(16),
});

export const RecordSampleInput = z.object({
  caseId: Id,
  sampledAt: Instant,
  outfallId: OutfallId.optional(),
  location: Text(LIMITS.shortText).optional(),
  laboratory: Text(LIMITS.shortText).optional(),
  reportNumber: Text(LIMITS.documentNumber).optional(),
  results: z.array(SampleResultInput).min(1).max(LIMITS.results),
  expectedVersion: Version.optional(),
});

const Sha256 = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 hexadecimal characters (SHA-256)');
const Base64Content = z
  .string()
  .max(Math.ceil(LIMITS.evidenceContentBytes / 3) * 4, 'is over the 512 KiB cap: send the sha256 instead')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/** Either the hash computed by the client, or the content (the server hashes it), or both (they must agree). */
export const EvidenceContent = z
  .object({ sha256: Sha256.optional(), contentBase64: Base64Content.optional() })
  .refine((e) => e.sha256 !== undefined || e.contentBase64 !== undefined, {
    message: 'give sha256 or contentBase64',
    path: ['sha256'],
  });

export const NewEvidenceFields = z.object({
  kind: z.enum(EVIDENCE_KINDS),
  description: Text(LIMITS.text),
  takenBy: Text(100),
  takenAt: Instant,
  fileRef: Text(LIMITS.fileRef),
  sha256: Sha256.optional(),
  contentBase64: Base64Content.optional(),
});

const hasContent = (e: { sha256?: string; contentBase64?: string }) =>
  e.sha256 !== undefined || e.contentBase64 !== undefined;
const CONTENT_NEEDED = { message: 'give sha256 or contentBase64', path: ['sha256'] };

export const AddEvidenceInput = NewEvidenceFields.extend({
  caseId: Id,
  expectedVersion: Version.optional(),
}).refine(hasContent, CONTENT_NEEDED);

export const SupersedeEvidenceInput = z.object({
  evidenceId: Id,
  reason: Text(LIMITS.text),
  replacement: NewEvidenceFields.refine(hasContent, CONTENT_NEEDED).optional(),
  expectedVersion: Version.optional(),
});

export const RecordCustodyInput = z.object({
  evidenceId: Id,
  action: z.enum(CUSTODY_ACTIONS),
  handedTo: Text(LIMITS.shortText).optional(),
  note: Text(LIMITS.text).optional(),
});

export const VerifyEvidenceInput = EvidenceContent.safeExtend({ evidenceId: Id });

export const DecidePenaltyInput = z.object({
  caseId: Id,
  decisionNumber: Text(LIMITS.documentNumber),
  fineYuan: YuanInput,
  decidedAt: Instant.optional(),
  note: Text(LIMITS.text).optional(),
  expectedVersion: Version.optional(),
});

export const ServeCorrectionOrderInput = z.object({
  caseId: Id,
  documentNumber: Text(LIMITS.documentNumber).optional(),
  servedAt: Instant.optional(),
  expectedVersion: Version.optional(),
});

export const RecordReinspectionInput = z.object({
  caseId: Id,
  inspectedAt: Instant.optional(),
  finding: z.enum(REINSPECTION_FINDINGS),
  /** The daily-penalty decision's number, when the violation continues. */
  decisionNumber: Text(LIMITS.documentNumber).optional(),
  /** The renewed correction order served at the re-inspection, when the violation continues. */
  renewedOrderNumber: Text(LIMITS.documentNumber).optional(),
  note: Text(LIMITS.text).optional(),
  expectedVersion: Version.optional(),
});

export const ReportRecurrenceInput = z.object({
  caseId: Id,
  foundAt: Instant.optional(),
  note: Text(LIMITS.text),
  expectedVersion: Version.optional(),
});

export const ImposeSanctionInput = z.object({
  caseId: Id,
  kind: z.enum(IMPOSABLE_SANCTIONS),
  documentNumber: Text(LIMITS.documentNumber).optional(),
  effectiveFrom: Instant.optional(),
  /** Whether the measure stops the discharge; default: yes, except for a production restriction. */
  stopsDischarge: z.boolean().optional(),
  measure: Text(LIMITS.shortText).optional(),
  note: Text(LIMITS.text).optional(),
  expectedVersion: Version.optional(),
});

export const LiftSanctionInput = z.object({
  sanctionId: Id,
  liftedAt: Instant.optional(),
  reason: Text(LIMITS.text),
  expectedVersion: Version.optional(),
});

export const DecideClosureInput = z.object({
  sanctionId: Id,
  decision: z.enum(['APPROVE', 'REJECT']),
  reason: Text(LIMITS.text),
  expectedVersion: Version.optional(),
});

/** Free text meant for the public: no ID-card numbers or phone numbers may slip into it. */
export const PublicText = Text(1000).superRefine((text, ctx) => {
  if (/\d{17}[\dXx]/.test(text) || /(?<!\d)1[3-9]\d{9}(?!\d)/.test(text) || /\d{3,4}-\d{7,8}/.test(text)) {
    ctx.addIssue({ code: 'custom', message: 'must not contain ID-card or telephone numbers' });
  }
});

export const CloseCaseInput = z
  .object({
    caseId: Id,
    outcome: z.enum(CASE_OUTCOMES),
    summary: Text(LIMITS.text),
    publish: z.boolean().default(false),
    publicSummary: PublicText.optional(),
    expectedVersion: Version.optional(),
  })
  .refine((c) => !c.publish || c.publicSummary, {
    message: 'a case published needs its public summary',
    path: ['publicSummary'],
  });

export const MAX_FINE_FEN = MAX_AMOUNT_FEN;
