/** GraphQL operations and fixtures shared by the hand-off tests: a case with a suspected crime, a full package. */
import type { GraphqlResponse } from './api.ts';
import { ok, Q } from './cases.ts';

export const HANDOFF_FIELDS = `
  id handoffId caseNumber status version team decisionBasis policeCaseNumber missingDocuments
  documents { kind title sha256 }
  steps { step at actor { actorId unitId } }
  limits { name title side period { amount unit } startedAt dueAt state closedAt }
  openLimits { name side dueAt }
  case { id handoffStatus }
`;

const mutation = (name: string, input: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { ${HANDOFF_FIELDS} } }`;

export const H = {
  report: mutation('reportHandoff', 'ReportHandoffInput'),
  decideApproval: mutation('decideHandoffApproval', 'DecideHandoffApprovalInput'),
  transfer: mutation('transferHandoff', 'TransferHandoffInput'),
  receive: mutation('receiveHandoff', 'HandoffNoteInput'),
  requestMaterials: mutation('requestHandoffMaterials', 'RequestHandoffMaterialsInput'),
  completeMaterials: mutation('completeHandoffMaterials', 'CompleteHandoffMaterialsInput'),
  extend: mutation('extendHandoffDecisionPeriod', 'ExtendHandoffDecisionPeriodInput'),
  file: mutation('fileHandoff', 'FileHandoffInput'),
  decline: mutation('declineHandoff', 'HandoffReasonsInput'),
  notify: mutation('notifyHandoffDecision', 'NotifyHandoffDecisionInput'),
  seizedItems: mutation('handOverSeizedItems', 'HandOverSeizedItemsInput'),
  requestReconsideration: mutation('requestHandoffReconsideration', 'HandoffReasonsInput'),
  decideReconsideration: mutation('decideHandoffReconsideration', 'DecideHandoffReconsiderationInput'),
  requestSupervision: mutation('requestHandoffSupervision', 'RequestHandoffSupervisionInput'),
  acceptDecision: mutation('acceptPoliceDecision', 'HandoffNoteInput'),
  platform: mutation('enterHandoffOnPlatform', 'EnterHandoffOnPlatformInput'),
  handoff: `query($id: ID!) { handoff(id: $id) { ${HANDOFF_FIELDS} } }`,
  queue: `query($ended: Boolean) { policeQueue(ended: $ended, first: 50) { edges { node { id caseNumber status documents { kind } openLimits { name dueAt } case { id number } } } } }`,
  feed: `{ policeFeed(first: 100) { edges { cursor node { eventId detailType caseNumber handoffId data } } } }`,
  schedule: `mutation($input: ScheduleConsultationInput!) { scheduleConsultation(input: $input) { id kind topic addressee version answerLimit { name side dueAt state } } }`,
  conclude: `mutation($input: ConcludeConsultationInput!) { concludeConsultation(input: $input) { id conclusions answer answeredAt version answerLimit { state } } }`,
  joint: `mutation($input: RecordJointInspectionInput!) { recordJointInspection(input: $input) { inspectionId place officers { name unit { id } } } }`,
};

export interface HandoffView {
  id: string;
  handoffId: string;
  caseNumber: string;
  status: string;
  version: number;
  team: string[];
  decisionBasis: string | null;
  policeCaseNumber: string | null;
  missingDocuments: string[];
  documents: { kind: string; title: string; sha256: string }[];
  steps: { step: string; at: string; actor: { actorId: string; unitId: string | null } }[];
  limits: {
    name: string;
    title: string;
    side: string;
    period: { amount: number; unit: string };
    startedAt: string;
    dueAt: string;
    state: string;
    closedAt: string | null;
  }[];
  openLimits: { name: string; side: string; dueAt: string }[];
  case: { id: string; handoffStatus: string } | null;
}

/** The package a transfer needs by default (17号 art. 5), as references with made-up hashes. */
export const PACKAGE = [
  'TRANSFER_LETTER',
  'INVESTIGATION_REPORT',
  'INSPECTION_RECORDS',
  'SITE_DRAWING_SAMPLING',
  'PHOTOS_VIDEO',
  'MONITORING_REPORTS',
].map((kind, i) => ({
  kind,
  title: `${kind} 材料`,
  fileRef: `handoff/${kind}.pdf`,
  sha256: String(i).repeat(64),
}));

export const document = (kind: string) => ({
  kind,
  title: `${kind} 补充`,
  fileRef: `handoff/${kind}-2.pdf`,
  sha256: 'f'.repeat(64),
});

type Gql = (
  query: string,
  variables: Record<string, unknown>,
  token?: string,
) => Promise<GraphqlResponse<unknown>>;

let serial = 0;

/** A case under investigation whose sample shows Cd at 5× its limit: a crime is suspected, a hand-off proposed. */
export async function suspectedCase(
  gql: Gql,
  officer: string,
): Promise<{ caseId: string; handoffId: string }> {
  const file = ok<{ registerEnterpriseFile: { id: string } }>(
    await gql(
      Q.registerEnterpriseFile,
      { input: { name: `某电镀厂${++serial}`, address: '解州镇' } },
      officer,
    ),
  ).registerEnterpriseFile;
  const opened = ok<{ openCase: { id: string } }>(
    await gql(
      Q.openCase,
      { input: { title: '电镀废水', source: 'INSPECTION', party: { dischargerId: file.id } } },
      officer,
    ),
  ).openCase;
  ok(await gql(Q.startInvestigation, { input: { caseId: opened.id } }, officer));
  ok(
    await gql(
      Q.recordSample,
      {
        input: {
          caseId: opened.id,
          sampledAt: '2020-04-01T08:00:00+08:00',
          results: [{ parameter: 'Cd', value: 0.5, limit: 0.1, unit: 'mg/L' }],
        },
      },
      officer,
    ),
  );
  const c = ok<{ case: { handoff: { id: string } } }>(
    await gql('query($id: ID!) { case(id: $id) { handoff { id } } }', { id: opened.id }, officer),
  ).case;
  return { caseId: opened.id, handoffId: c.handoff.id };
}
