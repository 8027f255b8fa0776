/**
 * Who may do what with cases, enterprise files and 12369 reports, as a matrix of caller × operation.
 * Enforcement officers of the enforcement units run cases; the supervisor reads them and decides
 * closures; the 12369 desk takes, accepts and assigns reports; the assigned unit extends and closes
 * them; the reporter's contact is seen by the supervisor and the assigned unit only; the police read
 * only cases handed or joined to their unit (none of these: a case is hidden from them, see
 * handoffs-auth-matrix.test.ts); anyone reads the public record. A refused mutation changes nothing.
 */
import type { TestApi } from '../support/api.ts';
import {
  type Callers,
  describeAuthMatrix,
  type Outcome,
  type OperationSpec as Spec,
} from '../support/auth-matrix.ts';
import { ok, Q } from '../support/cases.ts';

const A: Outcome = 'ALLOWED';
const U: Outcome = 'UNAUTHENTICATED';
const F: Outcome = 'FORBIDDEN';
/** Not theirs to know: NOT_FOUND, or null where a read answers null. */
const H: Outcome = 'HIDDEN';

const CALLERS: Callers = {
  'no token': null,
  SUPERVISOR: { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' },
  'ENFORCEMENT_OFFICER (盐湖分局)': { roles: ['ENFORCEMENT_OFFICER'], unit: 'yanhu-eeb' },
  'ENFORCEMENT_OFFICER (other unit)': { roles: ['ENFORCEMENT_OFFICER'], unit: 'yanhu-housing' },
  'UNIT_OFFICER (12369 desk)': { roles: ['UNIT_OFFICER'], unit: 'yanhu-eeb' },
  'UNIT_OFFICER (assigned unit)': { roles: ['UNIT_OFFICER'], unit: 'xiezhou' },
  'UNIT_OFFICER (other unit)': { roles: ['UNIT_OFFICER'], unit: 'dongguo' },
  POLICE_OFFICER: { roles: ['POLICE_OFFICER'], unit: 'yanhu-police' },
  INTEGRATOR: { roles: ['INTEGRATOR'] },
};

const OPERATIONS = [
  'case',
  'cases',
  'registerEnterpriseFile',
  'openCase',
  'recordSample',
  'addEvidence',
  'decidePenalty',
  'decideClosure',
  'publishedCases',
  'intakeComplaint',
  'complaint',
  'reporterContact',
  'acceptComplaint',
  'assignComplaint',
  'extendComplaint',
  'closeComplaint',
  'openCaseFromComplaint',
] as const;
type Operation = (typeof OPERATIONS)[number];

// biome-ignore format: the matrix reads as a table
const MATRIX: Record<keyof typeof CALLERS, Outcome[]> = {
  //                                  case cases regD open sample evid penalty closure public intake cmpl contact accept assign extend close openFrom
  'no token':                         [U,   U,    U,   U,   U,     U,   U,      U,      A,     U,     U,   U,      U,     U,     U,     U,    U],
  SUPERVISOR:                         [A,   A,    F,   F,   F,     F,   F,      A,      A,     A,     A,   A,      A,     A,     A,     A,    F],
  'ENFORCEMENT_OFFICER (盐湖分局)':   [A,   A,    A,   A,   A,     A,   A,      F,      A,     A,     A,   H,      A,     A,     F,     F,    A],
  'ENFORCEMENT_OFFICER (other unit)': [F,   F,    F,   F,   F,     F,   F,      F,      A,     F,     H,   H,      H,     H,     H,     H,    F],
  'UNIT_OFFICER (12369 desk)':        [F,   F,    F,   F,   F,     F,   F,      F,      A,     A,     A,   H,      A,     A,     F,     F,    F],
  'UNIT_OFFICER (assigned unit)':     [F,   F,    F,   F,   F,     F,   F,      F,      A,     F,     A,   A,      H,     H,     A,     A,    F],
  'UNIT_OFFICER (other unit)':        [F,   F,    F,   F,   F,     F,   F,      F,      A,     F,     H,   H,      H,     H,     H,     H,    F],
  POLICE_OFFICER:                     [H,   F,    F,   F,   F,     F,   F,      F,      A,     F,     H,   H,      H,     H,     H,     H,    F],
  INTEGRATOR:                         [F,   F,    F,   F,   F,     F,   F,      F,      A,     F,     H,   H,      H,     H,     H,     H,    F],
};

interface Tokens {
  officer: string;
  supervisor: string;
  desk: string;
}

type OperationSpec = Spec<Tokens>;

let serial = 0;

async function newCase(
  api: TestApi,
  { officer, supervisor }: Tokens,
  stage: 'OPEN' | 'INVESTIGATING' | 'CLOSURE_PENDING',
) {
  const file = ok<{ registerEnterpriseFile: { id: string } }>(
    await api.gql(
      Q.registerEnterpriseFile,
      { input: { name: `矩阵企业${++serial}`, address: '盐湖区' } },
      officer,
    ),
  ).registerEnterpriseFile;
  const caseId = ok<{ openCase: { id: string } }>(
    await api.gql(
      Q.openCase,
      { input: { title: '矩阵案件', source: 'PATROL', party: { dischargerId: file.id } } },
      officer,
    ),
  ).openCase.id;
  if (stage === 'OPEN') return caseId;
  ok(await api.gql(Q.startInvestigation, { input: { caseId } }, officer));
  ok(
    await api.gql(
      Q.recordViolation,
      { input: { caseId, kind: 'EXCEEDING_STANDARD', description: '超标' } },
      officer,
    ),
  );
  if (stage === 'INVESTIGATING') return caseId;
  ok(
    await api.gql(
      Q.decidePenalty,
      { input: { caseId, decisionNumber: `罚${serial}`, fineYuan: '50000' } },
      officer,
    ),
  );
  const closure = ok<{ imposeSanction: { id: string } }>(
    await api.gql(Q.impose, { input: { caseId, kind: 'CLOSURE' } }, officer),
  ).imposeSanction;
  void supervisor;
  return closure.id;
}

async function newComplaint(api: TestApi, { desk }: Tokens, stage: 'RECEIVED' | 'ACCEPTED' | 'ASSIGNED') {
  const id = ok<{ intakeComplaint: { id: string } }>(
    await api.gql(
      Q.intake,
      {
        input: {
          channel: 'WEB',
          location: '解州镇',
          description: '排污',
          reporter: { phone: '13800000000' },
        },
      },
      desk,
    ),
  ).intakeComplaint.id;
  if (stage === 'RECEIVED') return id;
  ok(await api.gql(Q.accept, { input: { complaintId: id } }, desk));
  if (stage === 'ACCEPTED') return id;
  ok(await api.gql(Q.assign, { input: { complaintId: id, unitId: 'xiezhou' } }, desk));
  return id;
}

const SPECS: Record<Operation, OperationSpec> = {
  case: {
    query: 'query($id: ID!) { case(id: $id) { id } }',
    mutation: false,
    field: 'case',
    prepare: async (api, t) => ({ id: await newCase(api, t, 'OPEN') }),
  },
  cases: {
    query: '{ cases(bureauUnitId: "yanhu-eeb", first: 5) { openCount edges { node { id } } } }',
    mutation: false,
    field: 'cases',
    prepare: async () => ({}),
  },
  registerEnterpriseFile: {
    query: Q.registerEnterpriseFile,
    mutation: true,
    field: 'registerEnterpriseFile',
    prepare: async () => ({ input: { name: `新企业${++serial}`, address: '盐湖区' } }),
  },
  openCase: {
    query: Q.openCase,
    mutation: true,
    field: 'openCase',
    prepare: async () => ({ input: { title: '巡查发现', source: 'PATROL' } }),
  },
  recordSample: {
    query: Q.recordSample,
    mutation: true,
    field: 'recordSample',
    prepare: async (api, t) => ({
      input: {
        caseId: await newCase(api, t, 'OPEN'),
        sampledAt: '2020-05-01T08:00:00+08:00',
        results: [{ parameter: 'COD', value: 120, limit: 100, unit: 'mg/L' }],
      },
    }),
  },
  addEvidence: {
    query: Q.addEvidence,
    mutation: true,
    field: 'addEvidence',
    prepare: async (api, t) => ({
      input: {
        caseId: await newCase(api, t, 'OPEN'),
        kind: 'PHOTO',
        description: '现场',
        takenBy: '甲',
        takenAt: '2020-05-01T08:00:00+08:00',
        fileRef: 'evidence/1.jpg',
        sha256: 'c'.repeat(64),
      },
    }),
  },
  decidePenalty: {
    query: Q.decidePenalty,
    mutation: true,
    field: 'decidePenalty',
    prepare: async (api, t) => ({
      input: {
        caseId: await newCase(api, t, 'INVESTIGATING'),
        decisionNumber: '盐环罚〔2020〕1号',
        fineYuan: '100000',
      },
    }),
  },
  decideClosure: {
    query: Q.decideClosure,
    mutation: true,
    field: 'decideClosure',
    prepare: async (api, t) => ({
      input: { sanctionId: await newCase(api, t, 'CLOSURE_PENDING'), decision: 'APPROVE', reason: '同意' },
    }),
  },
  publishedCases: {
    query: '{ publishedCases { edges { node { caseNumber } } } }',
    mutation: false,
    field: 'publishedCases',
    prepare: async () => ({}),
  },
  intakeComplaint: {
    query: Q.intake,
    mutation: true,
    field: 'intakeComplaint',
    prepare: async () => ({ input: { channel: 'PHONE', location: '东郭镇', description: '河面有油污' } }),
  },
  complaint: {
    query: 'query($id: ID!) { complaint(id: $id) { id } }',
    mutation: false,
    field: 'complaint',
    prepare: async (api, t) => ({ id: await newComplaint(api, t, 'ASSIGNED') }),
  },
  reporterContact: {
    query: 'query($id: ID!) { complaint(id: $id) { id reporter { phone } } }',
    mutation: false,
    field: 'complaint',
    nullPath: (data) => (data.complaint as { reporter?: unknown } | null)?.reporter ?? null,
    prepare: async (api, t) => ({ id: await newComplaint(api, t, 'ASSIGNED') }),
  },
  acceptComplaint: {
    query: Q.accept,
    mutation: true,
    field: 'acceptComplaint',
    prepare: async (api, t) => ({ input: { complaintId: await newComplaint(api, t, 'RECEIVED') } }),
  },
  assignComplaint: {
    query: Q.assign,
    mutation: true,
    field: 'assignComplaint',
    prepare: async (api, t) => ({
      input: { complaintId: await newComplaint(api, t, 'ACCEPTED'), unitId: 'xiezhou' },
    }),
  },
  extendComplaint: {
    query: Q.extend,
    mutation: true,
    field: 'extendComplaint',
    prepare: async (api, t) => ({
      input: { complaintId: await newComplaint(api, t, 'ASSIGNED'), days: 10, reason: '需监测' },
    }),
  },
  closeComplaint: {
    query: Q.closeComplaint,
    mutation: true,
    field: 'closeComplaint',
    prepare: async (api, t) => ({
      input: {
        complaintId: await newComplaint(api, t, 'ASSIGNED'),
        outcome: 'UNSUBSTANTIATED',
        reply: '经查不属实',
      },
    }),
  },
  openCaseFromComplaint: {
    query:
      'mutation($input: OpenCaseFromComplaintInput!) { openCaseFromComplaint(input: $input) { case { id } } }',
    mutation: true,
    field: 'openCaseFromComplaint',
    prepare: async (api, t) => ({
      input: { complaintId: await newComplaint(api, t, 'ACCEPTED'), title: '举报立案' },
    }),
  },
};

describeAuthMatrix({
  title: 'Cases and complaints authorization matrix (caller × operation)',
  label: 'cases-matrix',
  now: '2020-05-06T10:00:00+08:00',
  callers: CALLERS,
  operations: OPERATIONS,
  matrix: MATRIX,
  specs: SPECS,
  tokens: async (api) => ({
    officer: await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb'),
    supervisor: await api.token('SUPERVISOR', 'yanhu-gov-office'),
    desk: await api.token('UNIT_OFFICER', 'yanhu-eeb'),
  }),
});
