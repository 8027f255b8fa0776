/**
 * The maximum length of every String, ID and JSON argument and input field, each declared once: here,
 * by schema coordinate (`Input.field`, `Type.field(arg)`), or else the default of its kind. The schema
 * plugin (`string-limits-schema.ts`) writes each maximum into the schema — `extensions.maxLength`, and
 * "At most N characters." in the description unless it already states one — and the request check
 * (`string-limits-check.ts`) refuses a longer value before anything executes. This is a second line in
 * front of the domain's zod schemas (whose maxima the figures below repeat): it also bounds ids and
 * cursors, so no unbounded value reaches a key, a lookup or an error message.
 */
import { LIMITS as CASE_LIMITS } from '../services/cases/inputs.ts';
import { LIMITS as COMPLAINT_LIMITS } from '../services/complaints/model.ts';
import { MAX as HANDOFF } from '../services/handoffs/model.ts';
import { MAX_CURSOR_LENGTH } from '../services/shared/store/cursor.ts';
import { MAX_PATTERN_LENGTH } from '../services/webhooks/model.ts';

/** The default of each kind, for a field not listed in `MAX_LENGTHS`. */
export const DEFAULT_MAX_LENGTH = {
  /**
   * Ids, global (`Milestone:<plan>:<task>:<milestone>`, ~160 characters at the longest) or plain: room
   * for every id the API hands out, and small enough that three bytes a character fit a DynamoDB key.
   */
  id: 200,
  /** `after` and `before`: far longer than any cursor a list returns. */
  cursor: MAX_CURSOR_LENGTH,
  /** Short texts: codes, names, filters. */
  text: 1_000,
  /** JSON values, counted as JSON text. */
  json: 100_000,
} as const;

/** The imports travel in one request, whose body is capped at 1 MiB (`limits.ts`): that cap binds first. */
const IMPORT_DOCUMENT = 1_000_000;
const NOTE = 2_000;
const UNIT_ID = 63;
const OUTFALL_ID = 64;
const LOCAL_DATE = 10; // YYYY-MM-DD
const YUAN = 16;
const CREDIT_CODE = 18;
const SHA256 = 64;
/** Base64 of the 512 KiB of evidence content the cases context accepts inline. */
const BASE64_CONTENT = Math.ceil(CASE_LIMITS.evidenceContentBytes / 3) * 4;

/** The same maximum for a field of several input types. */
function each(types: readonly string[], field: string, max: number): Record<string, number> {
  return Object.fromEntries(types.map((type) => [`${type}.${field}`, max]));
}

const OUTFALL_INPUTS = [
  'UpdateOutfallInput',
  'RecordOutfallSampleInput',
  'TraceOutfallInput',
  'MergeTargetInput',
  'PlanOutfallRemediationInput',
  'CompleteOutfallRemediationInput',
  'RetainOutfallInput',
  'SealOutfallInput',
  'MergeOutfallInput',
  'RecordOutfallGateInput',
  'SetOutfallDisclosureInput',
];
const EVIDENCE_INPUTS = ['NewEvidenceInput', 'AddEvidenceInput'];

export const MAX_LENGTHS: Readonly<Record<string, number>> = {
  // Plans, tasks, units
  'Mutation.importPlan(document)': IMPORT_DOCUMENT,
  'GroupMemberInput.reason': 500,
  'ConfirmUnitInput.note': 500,
  'TaskFilter.category': 40,
  // A global indicator id (`Indicator:<plan>:<task>:<indicator>`) or the id within the task.
  'IndicatorValueInput.indicatorId': DEFAULT_MAX_LENGTH.id,
  'ReportProgressInput.note': NOTE,
  'CompleteMilestoneInput.note': NOTE,
  'ReopenMilestoneInput.reason': NOTE,
  'RescheduleMilestoneInput.reason': NOTE,
  'NameTaskMembersInput.reason': NOTE,
  'DecideAccountabilityInterviewInput.reason': NOTE,
  'Query.periodEnd(utcOffset)': 6,
  // Events and webhooks
  'EventFilter.source': 100,
  'EventFilter.detailType': 100,
  'EventFilter.entityId': 200,
  'CreateWebhookSubscriptionInput.url': 2_048,
  'CreateWebhookSubscriptionInput.eventPattern': MAX_PATTERN_LENGTH,
  'CreateWebhookSubscriptionInput.description': 500,
  // Outfalls
  'Query.outfall(id)': OUTFALL_ID,
  ...each(OUTFALL_INPUTS, 'outfallId', OUTFALL_ID),
  'Mutation.importOutfalls(document)': IMPORT_DOCUMENT,
  'Mutation.rollbackOutfallImport(importId)': 64,
  'OutfallFilter.waterBody': 50,
  'OutfallFilter.townshipUnitId': UNIT_ID,
  'OutfallFilter.annexItem': 10,
  'DischargePermitInput.number': 60,
  'DischargePermitInput.holder': 100,
  'DischargePermitInput.validFrom': LOCAL_DATE,
  'DischargePermitInput.validUntil': LOCAL_DATE,
  'DischargerInput.name': 100,
  'DischargerInput.creditCode': CREDIT_CODE,
  'ResponsiblePersonInput.name': 50,
  'ResponsiblePersonInput.title': 50,
  'ResponsiblePersonInput.phone': 30,
  'OutfallAttachmentInput.kind': 8,
  'OutfallAttachmentInput.ref': 500,
  'OutfallAttachmentInput.title': 200,
  'DischargeLimitInput.parameter': 20,
  'DischargeLimitInput.unit': 20,
  'RegisterOutfallInput.code': 64,
  ...each(['RegisterOutfallInput', 'UpdateOutfallInput'], 'name', 100),
  ...each(['RegisterOutfallInput', 'UpdateOutfallInput'], 'waterBody', 50),
  ...each(['RegisterOutfallInput', 'UpdateOutfallInput'], 'townshipUnitId', UNIT_ID),
  ...each(['RegisterOutfallInput', 'UpdateOutfallInput'], 'village', 50),
  ...each(['RegisterOutfallInput', 'UpdateOutfallInput'], 'responsibleUnitId', UNIT_ID),
  ...each(['RegisterOutfallInput', 'UpdateOutfallInput'], 'notes', NOTE),
  'RegisterOutfallInput.villageExceptionReason': 500,
  'SampleValueInput.parameter': 20,
  'SampleValueInput.unit': 20,
  'RecordOutfallSampleInput.sampledBy': 100,
  'RecordOutfallSampleInput.lab': 100,
  'RecordOutfallSampleInput.note': NOTE,
  'OutfallSourceInput.description': 200,
  'TraceOutfallInput.findings': NOTE,
  'MergeTargetInput.sewer': 200,
  'PlanOutfallRemediationInput.description': NOTE,
  'CompleteOutfallRemediationInput.note': NOTE,
  'RetainOutfallInput.signboard': 200,
  'RetainOutfallInput.archiveRef': 200,
  'SealOutfallInput.note': NOTE,
  'MergeOutfallInput.note': NOTE,
  'RecordOutfallGateInput.note': 500,
  // Enterprise files, cases, evidence
  'Query.enterpriseFile(creditCode)': CREDIT_CODE,
  'CaseOutfallInput.id': 150,
  'CaseOutfallInput.code': 64,
  'CaseOutfallInput.name': CASE_LIMITS.name,
  'PermitInput.number': CASE_LIMITS.documentNumber,
  'PermitInput.issuedBy': CASE_LIMITS.shortText,
  'PermitInput.validFrom': LOCAL_DATE,
  'PermitInput.validTo': LOCAL_DATE,
  'CasePartyInput.name': CASE_LIMITS.name,
  'CasePartyInput.creditCode': CREDIT_CODE,
  ...each(EVIDENCE_INPUTS, 'description', CASE_LIMITS.text),
  ...each(EVIDENCE_INPUTS, 'takenBy', 100),
  ...each(EVIDENCE_INPUTS, 'fileRef', CASE_LIMITS.fileRef),
  ...each([...EVIDENCE_INPUTS, 'VerifyEvidenceInput'], 'sha256', SHA256),
  ...each([...EVIDENCE_INPUTS, 'VerifyEvidenceInput'], 'contentBase64', BASE64_CONTENT),
  ...each(['RegisterEnterpriseFileInput', 'UpdateEnterpriseFileInput'], 'name', CASE_LIMITS.name),
  ...each(['RegisterEnterpriseFileInput', 'UpdateEnterpriseFileInput'], 'address', CASE_LIMITS.address),
  ...each(['RegisterEnterpriseFileInput', 'UpdateEnterpriseFileInput'], 'townshipUnitId', UNIT_ID),
  ...each(['RegisterEnterpriseFileInput', 'UpdateEnterpriseFileInput'], 'industry', 100),
  'RegisterEnterpriseFileInput.creditCode': CREDIT_CODE,
  'RecordPriorPenaltyInput.decidedOn': LOCAL_DATE,
  'RecordPriorPenaltyInput.documentNumber': CASE_LIMITS.documentNumber,
  'RecordPriorPenaltyInput.amountYuan': YUAN,
  'RecordPriorPenaltyInput.note': CASE_LIMITS.text,
  'OpenCaseInput.title': CASE_LIMITS.shortText,
  'OpenCaseInput.townshipUnitId': UNIT_ID,
  'OpenCaseInput.note': CASE_LIMITS.text,
  'RecordViolationInput.description': CASE_LIMITS.text,
  'RecordCaseFactsInput.illegalGainsYuan': YUAN,
  'RecordCaseFactsInput.propertyLossYuan': YUAN,
  'SampleResultInput.parameter': 32,
  'SampleResultInput.unit': 16,
  'RecordSampleInput.location': CASE_LIMITS.shortText,
  'RecordSampleInput.laboratory': CASE_LIMITS.shortText,
  'RecordSampleInput.reportNumber': CASE_LIMITS.documentNumber,
  'SupersedeEvidenceInput.reason': CASE_LIMITS.text,
  'RecordEvidenceCustodyInput.handedTo': CASE_LIMITS.shortText,
  'RecordEvidenceCustodyInput.note': CASE_LIMITS.text,
  'DecidePenaltyInput.decisionNumber': CASE_LIMITS.documentNumber,
  'DecidePenaltyInput.fineYuan': YUAN,
  'DecidePenaltyInput.note': CASE_LIMITS.text,
  'ServeCorrectionOrderInput.documentNumber': CASE_LIMITS.documentNumber,
  'RecordReinspectionInput.decisionNumber': CASE_LIMITS.documentNumber,
  'RecordReinspectionInput.renewedOrderNumber': CASE_LIMITS.documentNumber,
  'RecordReinspectionInput.note': CASE_LIMITS.text,
  'ReportRecurrenceInput.note': CASE_LIMITS.text,
  'ImposeSanctionInput.documentNumber': CASE_LIMITS.documentNumber,
  'ImposeSanctionInput.measure': CASE_LIMITS.shortText,
  'ImposeSanctionInput.note': CASE_LIMITS.text,
  'LiftSanctionInput.reason': CASE_LIMITS.text,
  'DecideClosureInput.reason': CASE_LIMITS.text,
  'CloseCaseInput.summary': CASE_LIMITS.text,
  'CloseCaseInput.publicSummary': 1_000,
  // 12369 complaints
  'ReporterContactInput.name': 50,
  'ReporterContactInput.phone': 32,
  'ReporterContactInput.email': 254,
  'IntakeComplaintInput.location': COMPLAINT_LIMITS.location,
  'IntakeComplaintInput.townshipUnitId': UNIT_ID,
  'IntakeComplaintInput.description': COMPLAINT_LIMITS.description,
  'AcceptComplaintInput.note': COMPLAINT_LIMITS.reason,
  'RedirectComplaintInput.redirectedTo': COMPLAINT_LIMITS.redirectedTo,
  'RedirectComplaintInput.reason': COMPLAINT_LIMITS.reason,
  'AssignComplaintInput.note': COMPLAINT_LIMITS.reason,
  'ExtendComplaintInput.reason': COMPLAINT_LIMITS.reason,
  'CloseComplaintInput.reply': COMPLAINT_LIMITS.reply,
  'OpenCaseFromComplaintInput.title': CASE_LIMITS.shortText,
  'OpenCaseFromComplaintInput.townshipUnitId': UNIT_ID,
  'OpenCaseFromComplaintInput.note': CASE_LIMITS.text,
  // The police hand-off and joint work
  'HandoffDocumentInput.title': HANDOFF.title,
  'HandoffDocumentInput.fileRef': HANDOFF.fileRef,
  'HandoffDocumentInput.sha256': SHA256,
  'HandoffReasonsInput.reasons': HANDOFF.text,
  'HandoffNoteInput.note': HANDOFF.text,
  'ReportHandoffInput.team': HANDOFF.name,
  'ReportHandoffInput.summary': HANDOFF.text,
  'DecideHandoffApprovalInput.reasons': HANDOFF.text,
  'TransferHandoffInput.letterNumber': HANDOFF.number,
  'RequestHandoffMaterialsInput.note': HANDOFF.text,
  'ExtendHandoffDecisionPeriodInput.reasons': HANDOFF.text,
  'ExtendHandoffDecisionPeriodInput.approvedBy': HANDOFF.name,
  'FileHandoffInput.policeCaseNumber': HANDOFF.number,
  'FileHandoffInput.note': HANDOFF.text,
  'NotifyHandoffDecisionInput.documentNumber': HANDOFF.number,
  'HandOverSeizedItemsInput.note': HANDOFF.text,
  'DecideHandoffReconsiderationInput.reasons': HANDOFF.text,
  'DecideHandoffReconsiderationInput.policeCaseNumber': HANDOFF.number,
  'RequestHandoffSupervisionInput.procuratorate': HANDOFF.name,
  'RequestHandoffSupervisionInput.reasons': HANDOFF.text,
  'EnterHandoffOnPlatformInput.platformReference': HANDOFF.number,
  'EnterHandoffOnPlatformInput.limitName': HANDOFF.number,
  'JointParticipantInput.name': HANDOFF.name,
  'JointParticipantInput.unitId': UNIT_ID,
  'ScheduleConsultationInput.topic': HANDOFF.title,
  'ScheduleConsultationInput.place': HANDOFF.title,
  'ScheduleConsultationInput.question': HANDOFF.text,
  'ConcludeConsultationInput.text': HANDOFF.text,
  'RecordJointInspectionInput.place': HANDOFF.title,
  'RecordJointInspectionInput.findings': HANDOFF.text,
};

/** The scalars whose values have a maximum length. */
export type LimitedScalar = 'String' | 'ID' | 'JSON';

export function isLimitedScalar(name: string): name is LimitedScalar {
  return name === 'String' || name === 'ID' || name === 'JSON';
}

/** The maximum of an argument or input field, by its coordinate, its scalar and its name. */
export function maxLengthOf(coordinate: string, scalar: LimitedScalar, name: string): number {
  const declared = MAX_LENGTHS[coordinate];
  if (declared !== undefined) return declared;
  if (scalar === 'ID') return DEFAULT_MAX_LENGTH.id;
  if (scalar === 'JSON') return DEFAULT_MAX_LENGTH.json;
  return name === 'after' || name === 'before' ? DEFAULT_MAX_LENGTH.cursor : DEFAULT_MAX_LENGTH.text;
}
