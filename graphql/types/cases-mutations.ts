/**
 * Mutations of the cases context. Every one needs a caller; what each caller may do is decided by the
 * commands' policies (services/cases/access.ts), so a refusal is the same whichever way it is reached.
 */

import type { EvidenceVerification } from '../../services/cases/evidence-commands.ts';
import { CUSTODY_ACTIONS, LIMITS } from '../../services/cases/input-limits.ts';
import {
  type Evidence,
  IMPOSABLE_SANCTIONS,
  OFFICER_CASE_SOURCES,
  PERMIT_KINDS,
} from '../../services/cases/model.ts';
import { builder } from '../builder.ts';
import { callerOf, depsOf } from '../context.ts';
import { lazy } from '../lazy.ts';
import { commandInput } from './case-inputs.ts';
import { EvidenceKindEnum } from './case-records.ts';
import { CaseRef, DischargerRef, EvidenceRef, SampleRef, SanctionRef } from './case-refs.ts';
import { CaseOutcomeEnum, EvasionMethodEnum, ViolationKindEnum } from './cases.ts';
import { YUAN_INPUT } from './money.ts';

// Loaded on a mutation's first call (graphql/commands.ts): cold starts do not parse the commands.
const {
  addEvidence,
  closeCase,
  decideClosure,
  decidePenalty,
  identifyParty,
  imposeSanction,
  liftSanction,
  openCase,
  recordCaseFacts,
  recordEvidenceCustody,
  recordPriorPenalty,
  recordReinspection,
  recordSample,
  recordViolation,
  registerDischarger,
  reportRecurrence,
  serveCorrectionOrder,
  startInvestigation,
  supersedeEvidence,
  updateDischarger,
  verifyEvidence,
} = lazy(() => import('../commands.ts'));

const max = (n: number) => `At most ${n} characters.`;
const OfficerSourceEnum = builder.enumType('OfficerCaseSource', { values: OFFICER_CASE_SOURCES });
const PermitKindEnum = builder.enumType('PermitKind', { values: PERMIT_KINDS });
const ImposableSanctionEnum = builder.enumType('ImposableSanction', { values: IMPOSABLE_SANCTIONS });
const CustodyActionEnum = builder.enumType('CustodyAction', { values: CUSTODY_ACTIONS });
const FindingEnum = builder.enumType('ReinspectionFinding', {
  values: ['VIOLATION_CONTINUES', 'CORRECTED'] as const,
});
const ClosureDecisionEnum = builder.enumType('ClosureDecision', { values: ['APPROVE', 'REJECT'] as const });

export const OutfallRefInput = builder.inputType('CaseOutfallInput', {
  fields: (t) => ({
    id: t.id({
      required: true,
      description:
        'The outfall’s global id (`Outfall:<id>`) or its plain register id. At most 150 characters.',
    }),
    code: t.string({ description: max(64) }),
    name: t.string({ description: max(LIMITS.name) }),
  }),
});

const PermitInput = builder.inputType('PermitInput', {
  fields: (t) => ({
    number: t.string({ required: true, description: max(LIMITS.documentNumber) }),
    kind: t.field({ type: PermitKindEnum, required: true }),
    issuedBy: t.string({ description: max(LIMITS.shortText) }),
    validFrom: t.string({ description: 'YYYY-MM-DD.' }),
    validTo: t.string({ description: 'YYYY-MM-DD.' }),
  }),
});

export const PartyInput = builder.inputType('CasePartyInput', {
  description: 'An enterprise file by id, or a name (and credit code) not on file — not both.',
  fields: (t) => ({
    dischargerId: t.id(),
    name: t.string({ description: max(LIMITS.name) }),
    creditCode: t.string({
      description: 'Unified social credit code: 18 characters, check character verified.',
    }),
  }),
});

const NewEvidenceInput = builder.inputType('NewEvidenceInput', {
  fields: (t) => ({
    kind: t.field({ type: EvidenceKindEnum, required: true }),
    description: t.string({ required: true, description: max(LIMITS.text) }),
    takenBy: t.string({ required: true, description: max(100) }),
    takenAt: t.field({ type: 'DateTime', required: true }),
    fileRef: t.string({ required: true, description: `Where the file is kept. ${max(LIMITS.fileRef)}` }),
    sha256: t.string({ description: 'SHA-256 of the file computed by the client: 64 hex characters.' }),
    contentBase64: t.string({
      description:
        'Or the file itself, base64, at most 512 KiB decoded: the server hashes it and keeps only the hash.',
    }),
  }),
});

const inputs = {
  RegisterDischargerInput: builder.inputType('RegisterEnterpriseFileInput', {
    fields: (t) => ({
      name: t.string({ required: true, description: max(LIMITS.name) }),
      creditCode: t.string({ description: 'Unified social credit code (GB 32100-2015), 18 characters.' }),
      address: t.string({ required: true, description: max(LIMITS.address) }),
      townshipUnitId: t.id(),
      industry: t.string({ description: max(100) }),
      keyDischargeUnit: t.boolean({ description: '重点排污单位; default false.' }),
      permits: t.field({ type: [PermitInput], description: `At most ${LIMITS.permits}.` }),
      outfalls: t.field({ type: [OutfallRefInput], description: `At most ${LIMITS.outfalls}.` }),
    }),
  }),
  UpdateDischargerInput: builder.inputType('UpdateEnterpriseFileInput', {
    fields: (t) => ({
      dischargerId: t.id({ required: true }),
      name: t.string({ description: max(LIMITS.name) }),
      address: t.string({ description: max(LIMITS.address) }),
      townshipUnitId: t.id(),
      industry: t.string({ description: max(100) }),
      keyDischargeUnit: t.boolean(),
      permits: t.field({ type: [PermitInput], description: `Replaces the list. At most ${LIMITS.permits}.` }),
      outfalls: t.field({
        type: [OutfallRefInput],
        description: `Replaces the list. At most ${LIMITS.outfalls}.`,
      }),
      expectedVersion: t.int(),
    }),
  }),
  RecordPriorPenaltyInput: builder.inputType('RecordPriorPenaltyInput', {
    fields: (t) => ({
      dischargerId: t.id({ required: true }),
      decidedOn: t.string({ required: true, description: 'YYYY-MM-DD.' }),
      documentNumber: t.string({ description: max(LIMITS.documentNumber) }),
      amountYuan: t.string({ description: YUAN_INPUT }),
      toxic: t.boolean({ required: true, description: 'For discharging toxic substances.' }),
      note: t.string({ description: max(LIMITS.text) }),
      expectedVersion: t.int(),
    }),
  }),
  OpenCaseInput: builder.inputType('OpenCaseInput', {
    fields: (t) => ({
      title: t.string({ required: true, description: max(LIMITS.shortText) }),
      source: t.field({ type: OfficerSourceEnum, required: true }),
      party: t.field({ type: PartyInput }),
      outfalls: t.field({ type: [OutfallRefInput], description: `At most ${LIMITS.outfalls}.` }),
      townshipUnitId: t.id(),
      discoveredAt: t.field({ type: 'DateTime', description: 'Default: now. Not in the future.' }),
      note: t.string({ description: max(LIMITS.text) }),
    }),
  }),
  CaseInput: builder.inputType('CaseInput', {
    fields: (t) => ({ caseId: t.id({ required: true }), expectedVersion: t.int() }),
  }),
  IdentifyCasePartyInput: builder.inputType('IdentifyCasePartyInput', {
    fields: (t) => ({
      caseId: t.id({ required: true }),
      dischargerId: t.id({ required: true }),
      expectedVersion: t.int(),
    }),
  }),
  RecordViolationInput: builder.inputType('RecordViolationInput', {
    fields: (t) => ({
      caseId: t.id({ required: true }),
      kind: t.field({ type: ViolationKindEnum, required: true }),
      method: t.field({ type: EvasionMethodEnum, description: 'For EVADING_SUPERVISION.' }),
      description: t.string({ required: true, description: max(LIMITS.text) }),
      expectedVersion: t.int(),
    }),
  }),
  RecordCaseFactsInput: builder.inputType('RecordCaseFactsInput', {
    description: 'Facts the serious-pollution grounds read; give those that are known.',
    fields: (t) => ({
      caseId: t.id({ required: true }),
      toxicSubstances: t.boolean(),
      inProtectedArea: t.boolean({
        description: 'In a drinking-water source protection area or like key area.',
      }),
      hazardousWasteTonnes: t.float(),
      illegalGainsYuan: t.string({ description: YUAN_INPUT }),
      propertyLossYuan: t.string({ description: YUAN_INPUT }),
      intakeInterruptedHours: t.float({
        description: 'A township drinking-water intake stopped for this long.',
      }),
      expectedVersion: t.int(),
    }),
  }),
  SampleResultInput: builder.inputType('SampleResultInput', {
    fields: (t) => ({
      parameter: t.string({ required: true, description: `e.g. Cd, 总镉, COD. ${max(32)}` }),
      value: t.float({ required: true }),
      limit: t.float({ required: true, description: 'The applicable emission standard, same unit.' }),
      unit: t.string({ required: true, description: max(16) }),
    }),
  }),
};

const RecordSampleInput = builder.inputType('RecordSampleInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    sampledAt: t.field({ type: 'DateTime', required: true }),
    outfallId: t.id(),
    location: t.string({ description: max(LIMITS.shortText) }),
    laboratory: t.string({ description: max(LIMITS.shortText) }),
    reportNumber: t.string({ description: max(LIMITS.documentNumber) }),
    results: t.field({
      type: [inputs.SampleResultInput],
      required: true,
      description: `1 to ${LIMITS.results}.`,
    }),
    expectedVersion: t.int(),
  }),
});

const AddEvidenceInput = builder.inputType('AddEvidenceInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    kind: t.field({ type: EvidenceKindEnum, required: true }),
    description: t.string({ required: true, description: max(LIMITS.text) }),
    takenBy: t.string({ required: true, description: max(100) }),
    takenAt: t.field({ type: 'DateTime', required: true }),
    fileRef: t.string({ required: true, description: `Where the file is kept. ${max(LIMITS.fileRef)}` }),
    sha256: t.string({ description: 'SHA-256 of the file computed by the client: 64 hex characters.' }),
    contentBase64: t.string({ description: 'Or the file itself, base64, at most 512 KiB decoded.' }),
    expectedVersion: t.int(),
  }),
});

const SupersedeEvidenceInput = builder.inputType('SupersedeEvidenceInput', {
  fields: (t) => ({
    evidenceId: t.id({ required: true }),
    reason: t.string({ required: true, description: max(LIMITS.text) }),
    replacement: t.field({ type: NewEvidenceInput }),
    expectedVersion: t.int(),
  }),
});

const RecordCustodyInput = builder.inputType('RecordEvidenceCustodyInput', {
  fields: (t) => ({
    evidenceId: t.id({ required: true }),
    action: t.field({ type: CustodyActionEnum, required: true }),
    handedTo: t.string({ description: max(LIMITS.shortText) }),
    note: t.string({ description: max(LIMITS.text) }),
  }),
});

const VerifyEvidenceInput = builder.inputType('VerifyEvidenceInput', {
  fields: (t) => ({
    evidenceId: t.id({ required: true }),
    sha256: t.string({ description: '64 hex characters.' }),
    contentBase64: t.string({ description: 'At most 512 KiB decoded.' }),
  }),
});

const DecidePenaltyInput = builder.inputType('DecidePenaltyInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    decisionNumber: t.string({ required: true, description: max(LIMITS.documentNumber) }),
    fineYuan: t.string({
      required: true,
      description: `The fine, and the daily penalty’s amount per day. ${YUAN_INPUT}`,
    }),
    decidedAt: t.field({ type: 'DateTime', description: 'Default: now.' }),
    note: t.string({ description: max(LIMITS.text) }),
    expectedVersion: t.int(),
  }),
});

const ServeOrderInput = builder.inputType('ServeCorrectionOrderInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    documentNumber: t.string({ description: max(LIMITS.documentNumber) }),
    servedAt: t.field({ type: 'DateTime', description: 'Default: now. The count starts the next day.' }),
    expectedVersion: t.int(),
  }),
});

const ReinspectionInput = builder.inputType('RecordReinspectionInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    inspectedAt: t.field({ type: 'DateTime', description: 'Default: now.' }),
    finding: t.field({ type: FindingEnum, required: true }),
    decisionNumber: t.string({
      description: `The daily-penalty decision’s number. ${max(LIMITS.documentNumber)}`,
    }),
    renewedOrderNumber: t.string({
      description: `The renewed correction order served on the spot. ${max(LIMITS.documentNumber)}`,
    }),
    note: t.string({ description: max(LIMITS.text) }),
    expectedVersion: t.int(),
  }),
});

const RecurrenceInput = builder.inputType('ReportRecurrenceInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    foundAt: t.field({ type: 'DateTime' }),
    note: t.string({ required: true, description: max(LIMITS.text) }),
    expectedVersion: t.int(),
  }),
});

const ImposeInput = builder.inputType('ImposeSanctionInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    kind: t.field({ type: ImposableSanctionEnum, required: true }),
    documentNumber: t.string({ description: max(LIMITS.documentNumber) }),
    effectiveFrom: t.field({
      type: 'DateTime',
      description: 'Default: now (a closure takes effect when approved).',
    }),
    stopsDischarge: t.boolean({ description: 'Default: true, except for a production restriction.' }),
    measure: t.string({ description: `CREDIT_PUNISHMENT: the measure. ${max(LIMITS.shortText)}` }),
    note: t.string({ description: max(LIMITS.text) }),
    expectedVersion: t.int(),
  }),
});

const LiftInput = builder.inputType('LiftSanctionInput', {
  fields: (t) => ({
    sanctionId: t.id({ required: true }),
    liftedAt: t.field({ type: 'DateTime' }),
    reason: t.string({ required: true, description: max(LIMITS.text) }),
    expectedVersion: t.int(),
  }),
});

const ClosureInput = builder.inputType('DecideClosureInput', {
  fields: (t) => ({
    sanctionId: t.id({ required: true }),
    decision: t.field({ type: ClosureDecisionEnum, required: true }),
    reason: t.string({ required: true, description: max(LIMITS.text) }),
    expectedVersion: t.int(),
  }),
});

const CloseInput = builder.inputType('CloseCaseInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    outcome: t.field({ type: CaseOutcomeEnum, required: true }),
    summary: t.string({ required: true, description: max(LIMITS.text) }),
    publish: t.boolean({ description: 'Publish a depersonalised record (default false).' }),
    publicSummary: t.string({
      description: 'Required to publish; no ID-card or phone numbers. At most 1000 characters.',
    }),
    expectedVersion: t.int(),
  }),
});

const SupersededRef = builder
  .objectRef<{ superseded: Evidence; replacement?: Evidence }>('SupersedeEvidencePayload')
  .implement({
    fields: (t) => ({
      superseded: t.field({ type: EvidenceRef, resolve: (p) => p.superseded }),
      replacement: t.field({ type: EvidenceRef, nullable: true, resolve: (p) => p.replacement ?? null }),
    }),
  });

const VerificationRef = builder.objectRef<EvidenceVerification>('EvidenceVerification').implement({
  fields: (t) => ({
    evidence: t.field({ type: EvidenceRef, resolve: (v) => v.evidence }),
    match: t.exposeBoolean('match'),
    recordedSha256: t.exposeString('recordedSha256'),
    presentedSha256: t.exposeString('presentedSha256'),
  }),
});

type Command<T> = (
  deps: ReturnType<typeof depsOf>,
  caller: ReturnType<typeof callerOf>,
  raw: unknown,
) => Promise<T>;
const run =
  <T>(command: Command<T>) =>
  (_root: unknown, args: { input: unknown }, ctx: Parameters<typeof callerOf>[0]) =>
    command(depsOf(ctx), callerOf(ctx), commandInput(args.input));

builder.mutationFields((t) => {
  const auth = t.withAuth({ authenticated: true });
  const arg = <I extends Parameters<typeof t.arg>[0]['type']>(type: I) => ({
    input: t.arg({ type, required: true }),
  });
  return {
    registerEnterpriseFile: auth.field({
      type: DischargerRef,
      args: arg(inputs.RegisterDischargerInput),
      resolve: run(registerDischarger),
    }),
    updateEnterpriseFile: auth.field({
      type: DischargerRef,
      args: arg(inputs.UpdateDischargerInput),
      resolve: run(updateDischarger),
    }),
    recordPriorPenalty: auth.field({
      type: DischargerRef,
      description: 'Enters a penalty decided before (or elsewhere) on the enterprise file.',
      args: arg(inputs.RecordPriorPenaltyInput),
      resolve: run(recordPriorPenalty),
    }),
    openCase: auth.field({ type: CaseRef, args: arg(inputs.OpenCaseInput), resolve: run(openCase) }),
    startInvestigation: auth.field({
      type: CaseRef,
      args: arg(inputs.CaseInput),
      resolve: run(startInvestigation),
    }),
    identifyCaseParty: auth.field({
      type: CaseRef,
      args: arg(inputs.IdentifyCasePartyInput),
      resolve: run(identifyParty),
    }),
    recordViolation: auth.field({
      type: CaseRef,
      args: arg(inputs.RecordViolationInput),
      resolve: run(recordViolation),
    }),
    recordCaseFacts: auth.field({
      type: CaseRef,
      args: arg(inputs.RecordCaseFactsInput),
      resolve: run(recordCaseFacts),
    }),
    recordSample: auth.field({ type: SampleRef, args: arg(RecordSampleInput), resolve: run(recordSample) }),
    addEvidence: auth.field({ type: EvidenceRef, args: arg(AddEvidenceInput), resolve: run(addEvidence) }),
    supersedeEvidence: auth.field({
      type: SupersededRef,
      args: arg(SupersedeEvidenceInput),
      resolve: run(supersedeEvidence),
    }),
    recordEvidenceCustody: auth.field({
      type: EvidenceRef,
      args: arg(RecordCustodyInput),
      resolve: run(recordEvidenceCustody),
    }),
    verifyEvidence: auth.field({
      type: VerificationRef,
      description:
        'Compares a file (or its hash) with the hash recorded; the check is kept in the item’s history.',
      args: arg(VerifyEvidenceInput),
      resolve: run(verifyEvidence),
    }),
    decidePenalty: auth.field({ type: CaseRef, args: arg(DecidePenaltyInput), resolve: run(decidePenalty) }),
    serveCorrectionOrder: auth.field({
      type: CaseRef,
      args: arg(ServeOrderInput),
      resolve: run(serveCorrectionOrder),
    }),
    recordReinspection: auth.field({
      type: CaseRef,
      args: arg(ReinspectionInput),
      resolve: run(recordReinspection),
    }),
    reportRecurrence: auth.field({
      type: CaseRef,
      args: arg(RecurrenceInput),
      resolve: run(reportRecurrence),
    }),
    imposeSanction: auth.field({ type: SanctionRef, args: arg(ImposeInput), resolve: run(imposeSanction) }),
    liftSanction: auth.field({ type: SanctionRef, args: arg(LiftInput), resolve: run(liftSanction) }),
    decideClosure: auth.field({
      type: SanctionRef,
      description: 'The supervisor approves or rejects a proposed closure (责令关闭).',
      args: arg(ClosureInput),
      resolve: run(decideClosure),
    }),
    closeCase: auth.field({ type: CaseRef, args: arg(CloseInput), resolve: run(closeCase) }),
  };
});
