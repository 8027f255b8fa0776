/** GraphQL operations and small helpers shared by the cases and complaints tests. */
import { expect } from 'vitest';
import type { GraphqlResponse } from './api.ts';

export const CASE_FIELDS = `
  id number title status handoffStatus version
  party { name creditCode enterpriseFile { id name } }
  outfalls { id: outfallId code }
  source { kind eventId complaint { id number } }
  violations { kind method }
  crimeGrounds { code title basis sampleIds }
  crimeSuspectedAt
  handoff { id status grounds { code } policeUnit { id } }
  fine { amount { fen yuan } decisionNumber }
  penaltyCycles {
    number status totalDays total { fen yuan } reinspectionDueAt
    reinspections { on finding days from to stoppedDays amount { yuan } }
  }
  dailyPenaltyTotal { yuan }
  reinspectionDueAt
  closedAt outcome published
`;

export const Q = {
  registerEnterpriseFile: `mutation($input: RegisterEnterpriseFileInput!) { registerEnterpriseFile(input: $input) { id name creditCode version keyDischargeUnit } }`,
  openCase: `mutation($input: OpenCaseInput!) { openCase(input: $input) { ${CASE_FIELDS} } }`,
  startInvestigation: `mutation($input: CaseInput!) { startInvestigation(input: $input) { ${CASE_FIELDS} } }`,
  recordViolation: `mutation($input: RecordViolationInput!) { recordViolation(input: $input) { ${CASE_FIELDS} } }`,
  recordFacts: `mutation($input: RecordCaseFactsInput!) { recordCaseFacts(input: $input) { ${CASE_FIELDS} } }`,
  recordSample: `mutation($input: RecordSampleInput!) { recordSample(input: $input) { id results { parameter multiple } } }`,
  decidePenalty: `mutation($input: DecidePenaltyInput!) { decidePenalty(input: $input) { ${CASE_FIELDS} } }`,
  serveOrder: `mutation($input: ServeCorrectionOrderInput!) { serveCorrectionOrder(input: $input) { ${CASE_FIELDS} } }`,
  reinspect: `mutation($input: RecordReinspectionInput!) { recordReinspection(input: $input) { ${CASE_FIELDS} } }`,
  recurrence: `mutation($input: ReportRecurrenceInput!) { reportRecurrence(input: $input) { ${CASE_FIELDS} } }`,
  impose: `mutation($input: ImposeSanctionInput!) { imposeSanction(input: $input) { id kind status stopsDischarge effectiveFrom } }`,
  lift: `mutation($input: LiftSanctionInput!) { liftSanction(input: $input) { id status liftedAt } }`,
  decideClosure: `mutation($input: DecideClosureInput!) { decideClosure(input: $input) { id status approval { decision } } }`,
  closeCase: `mutation($input: CloseCaseInput!) { closeCase(input: $input) { ${CASE_FIELDS} } }`,
  case: `query($id: ID!) { case(id: $id) { ${CASE_FIELDS}
    samples { id results { parameter value limit multiple } }
    sanctions { id kind status amount { yuan } days }
    deadlines { name dueAt state escalations }
    evidence { id sha256 superseded }
  } }`,
  addEvidence: `mutation($input: AddEvidenceInput!) { addEvidence(input: $input) { id sha256 sizeBytes superseded } }`,
  intake: `mutation($input: IntakeComplaintInput!) { intakeComplaint(input: $input) { id number status acceptanceDueAt reporter { name phone } } }`,
  accept: `mutation($input: AcceptComplaintInput!) { acceptComplaint(input: $input) { id status closureDueAt } }`,
  assign: `mutation($input: AssignComplaintInput!) { assignComplaint(input: $input) { id status closureDueAt assignedUnit { id } } }`,
  extend: `mutation($input: ExtendComplaintInput!) { extendComplaint(input: $input) { id closureDueAt extension { days } } }`,
  closeComplaint: `mutation($input: CloseComplaintInput!) { closeComplaint(input: $input) { id status closure { outcome reply late } } }`,
  openCaseFromComplaint: `mutation($input: OpenCaseFromComplaintInput!) { openCaseFromComplaint(input: $input) { case { ${CASE_FIELDS} } complaint { id status } } }`,
  complaint: `query($id: ID!) { complaint(id: $id) { id number status reporter { name phone email } cases { id number } deadlines { name dueAt state } } }`,
};

/** The data of a response that must have succeeded. */
export function ok<T = Record<string, never>>(response: GraphqlResponse<unknown>): T {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

/** The `extensions` of the first error of a response that must have failed. */
export function refused(response: GraphqlResponse<unknown>): Record<string, unknown> {
  expect(response.errors?.length, JSON.stringify(response.data)).toBeGreaterThan(0);
  return response.errors?.[0]?.extensions ?? {};
}

export const CREDIT_CODES = {
  /** Real-format codes (valid check characters). */
  enterprise: '91350100M000100Y43',
  other: '914403001922038216',
  third: '9144030071526726XG',
};

export const HEX_A = 'a'.repeat(64);
