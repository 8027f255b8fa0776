/**
 * Who may do what in the hand-off, as a matrix of caller × operation: enforcement officers of the bureau
 * take the bureau's steps, the head (SUPERVISOR) approves, police officers of the police unit take the
 * police's steps and see only what was transferred to them; nobody takes the other side's steps. Joint
 * work needs an officer of either agency. A refused mutation changes nothing.
 */
import { expect, it } from 'vitest';
import type { TestApi } from '../support/api.ts';
import {
  type Callers,
  describeAuthMatrix,
  type Outcome,
  type OperationSpec as Spec,
} from '../support/auth-matrix.ts';
import { ok, Q } from '../support/cases.ts';
import { H, PACKAGE, suspectedCase } from '../support/handoffs.ts';

const A: Outcome = 'ALLOWED';
const U: Outcome = 'UNAUTHENTICATED';
const F: Outcome = 'FORBIDDEN';
/** Not theirs to know: NOT_FOUND, or null. */
const H_: Outcome = 'HIDDEN';

const CALLERS: Callers = {
  'no token': null,
  'SUPERVISOR (head)': { roles: ['SUPERVISOR'], unit: 'yanhu-gov-office' },
  'ENFORCEMENT_OFFICER (盐湖分局)': { roles: ['ENFORCEMENT_OFFICER'], unit: 'yanhu-eeb' },
  'ENFORCEMENT_OFFICER (other unit)': { roles: ['ENFORCEMENT_OFFICER'], unit: 'yanhu-housing' },
  'POLICE_OFFICER (盐湖分局)': { roles: ['POLICE_OFFICER'], unit: 'yanhu-police' },
  'POLICE_OFFICER (other police)': { roles: ['POLICE_OFFICER'], unit: 'city-police' },
  UNIT_OFFICER: { roles: ['UNIT_OFFICER'], unit: 'xiezhou' },
  'INTEGRATOR (police system)': { roles: ['INTEGRATOR'], unit: 'yanhu-police' },
};

const OPERATIONS = [
  'handoff',
  'handoffNotYetTransferred',
  'caseHandedOver',
  'policeQueue',
  'policeFeed',
  'reportHandoff',
  'decideHandoffApproval',
  'transferHandoff',
  'receiveHandoff',
  'declineHandoff',
  'requestHandoffReconsideration',
  'decideHandoffReconsideration',
  'scheduleConsultation',
  'recordJointInspection',
] as const;
type Operation = (typeof OPERATIONS)[number];

// biome-ignore format: the matrix reads as a table
const MATRIX: Record<keyof typeof CALLERS, Outcome[]> = {
  //                                   read  notYet case queue feed report approve transfer receive decline reqRecon decRecon consult joint
  'no token':                         [U,    U,     U,   U,    U,   U,     U,      U,       U,      U,      U,       U,       U,      U],
  'SUPERVISOR (head)':                [A,    A,     A,   A,    A,   F,     A,      F,       F,      F,      F,       F,       F,      F],
  'ENFORCEMENT_OFFICER (盐湖分局)':   [A,    A,     A,   F,    F,   A,     F,      A,       F,      F,      A,       F,       A,      A],
  'ENFORCEMENT_OFFICER (other unit)': [H_,   H_,    F,   F,    F,   F,     F,      F,       F,      F,      F,       F,       F,      F],
  'POLICE_OFFICER (盐湖分局)':        [A,    H_,    A,   A,    A,   F,     F,      F,       A,      A,      F,       A,       A,      A],
  'POLICE_OFFICER (other police)':    [H_,   H_,    H_,  A,    A,   F,     F,      F,       H_,     H_,     F,       H_,      F,      F],
  UNIT_OFFICER:                       [H_,   H_,    F,   F,    F,   F,     F,      F,       F,      F,      F,       F,       F,      F],
  'INTEGRATOR (police system)':       [H_,   H_,    F,   A,    A,   F,     F,      F,       F,      F,      F,       F,       F,      F],
};

interface Tokens {
  officer: string;
  head: string;
  police: string;
}

type Stage = 'PROPOSED' | 'APPROVED' | 'TRANSFERRED' | 'RECEIVED' | 'DECLINED' | 'RECONSIDERATION_REQUESTED';
const STAGES: Stage[] = [
  'PROPOSED',
  'APPROVED',
  'TRANSFERRED',
  'RECEIVED',
  'DECLINED',
  'RECONSIDERATION_REQUESTED',
];

/** A new hand-off taken to `stage` by the sides whose steps lead there. */
async function handoffAt(
  api: TestApi,
  t: Tokens,
  stage: Stage,
): Promise<{ handoffId: string; caseId: string }> {
  const ids = await suspectedCase(api.gql, t.officer);
  const handoffId = ids.handoffId;
  const steps: [string, object, string][] = [
    [H.report, { team: ['甲', '乙'], summary: 'x' }, t.officer],
    [H.decideApproval, { decision: 'APPROVE', reasons: '同意' }, t.head],
    [H.transfer, { letterNumber: '1', documents: PACKAGE, itemsSeized: false }, t.officer],
    [H.receive, {}, t.police],
    [H.decline, { reasons: '不立案' }, t.police],
    [H.requestReconsideration, { reasons: '复议' }, t.officer],
  ];
  // APPROVED takes the report and the approval; each later stage one step more.
  const taken = stage === 'PROPOSED' ? 0 : STAGES.indexOf(stage) + 1;
  for (const [query, input, token] of steps.slice(0, taken))
    ok(await api.gql(query, { input: { handoffId, ...input } }, token));
  return ids;
}

type OperationSpec = Spec<Tokens>;

const handoffInput = (stage: Stage, input: object) => async (api: TestApi, t: Tokens) => ({
  input: { handoffId: (await handoffAt(api, t, stage)).handoffId, ...input },
});

const SPECS: Record<Operation, OperationSpec> = {
  handoff: {
    query: 'query($id: ID!) { handoff(id: $id) { id } }',
    mutation: false,
    field: 'handoff',
    prepare: async (api, t) => ({ id: (await handoffAt(api, t, 'TRANSFERRED')).handoffId }),
  },
  handoffNotYetTransferred: {
    query: 'query($id: ID!) { handoff(id: $id) { id } }',
    mutation: false,
    field: 'handoff',
    prepare: async (api, t) => ({ id: (await handoffAt(api, t, 'APPROVED')).handoffId }),
  },
  caseHandedOver: {
    query: 'query($id: ID!) { case(id: $id) { id handoff { id } } }',
    mutation: false,
    field: 'case',
    prepare: async (api, t) => ({ id: (await handoffAt(api, t, 'TRANSFERRED')).caseId }),
  },
  policeQueue: {
    query: '{ policeQueue { edges { node { id caseNumber } } } }',
    mutation: false,
    field: 'policeQueue',
    prepare: async () => ({}),
  },
  policeFeed: { query: H.feed, mutation: false, field: 'policeFeed', prepare: async () => ({}) },
  reportHandoff: {
    query: H.report,
    mutation: true,
    field: 'reportHandoff',
    prepare: handoffInput('PROPOSED', { team: ['甲', '乙'], summary: 'x' }),
  },
  decideHandoffApproval: {
    query: H.decideApproval,
    mutation: true,
    field: 'decideHandoffApproval',
    prepare: async (api, t) => {
      const { handoffId } = await handoffAt(api, t, 'PROPOSED');
      ok(await api.gql(H.report, { input: { handoffId, team: ['甲', '乙'], summary: 'x' } }, t.officer));
      return { input: { handoffId, decision: 'APPROVE', reasons: '同意' } };
    },
  },
  transferHandoff: {
    query: H.transfer,
    mutation: true,
    field: 'transferHandoff',
    prepare: handoffInput('APPROVED', { letterNumber: '1', documents: PACKAGE, itemsSeized: false }),
  },
  receiveHandoff: {
    query: H.receive,
    mutation: true,
    field: 'receiveHandoff',
    prepare: handoffInput('TRANSFERRED', {}),
  },
  declineHandoff: {
    query: H.decline,
    mutation: true,
    field: 'declineHandoff',
    prepare: handoffInput('RECEIVED', { reasons: '不立案' }),
  },
  requestHandoffReconsideration: {
    query: H.requestReconsideration,
    mutation: true,
    field: 'requestHandoffReconsideration',
    prepare: handoffInput('DECLINED', { reasons: '复议' }),
  },
  decideHandoffReconsideration: {
    query: H.decideReconsideration,
    mutation: true,
    field: 'decideHandoffReconsideration',
    prepare: handoffInput('RECONSIDERATION_REQUESTED', { outcome: 'UPHOLD', reasons: '维持' }),
  },
  scheduleConsultation: {
    query: H.schedule,
    mutation: true,
    field: 'scheduleConsultation',
    prepare: async (api, t) => ({
      input: {
        caseId: (await handoffAt(api, t, 'TRANSFERRED')).caseId,
        kind: 'MEETING',
        topic: '会商',
        scheduledAt: '2020-05-08T09:00:00+08:00',
        participants: [
          { name: '甲', unitId: 'yanhu-eeb' },
          { name: '王', unitId: 'yanhu-police' },
        ],
      },
    }),
  },
  recordJointInspection: {
    query: H.joint,
    mutation: true,
    field: 'recordJointInspection',
    prepare: async () => ({
      input: {
        taskId: 'yanhu-2020:13',
        at: '2020-05-01T10:00:00+08:00',
        place: '涑水河',
        officers: [
          { name: '甲', unitId: 'yanhu-eeb' },
          { name: '王', unitId: 'yanhu-police' },
        ],
        findings: '无',
      },
    }),
  },
};

describeAuthMatrix(
  {
    title: 'Hand-off authorization matrix (caller × operation)',
    label: 'handoffs-matrix',
    now: '2020-05-07T10:00:00+08:00',
    callers: CALLERS,
    operations: OPERATIONS,
    matrix: MATRIX,
    specs: SPECS,
    tokens: async (api) => ({
      officer: await api.token('ENFORCEMENT_OFFICER', 'yanhu-eeb'),
      head: await api.token('SUPERVISOR', 'yanhu-gov-office'),
      police: await api.token('POLICE_OFFICER', 'yanhu-police'),
    }),
  },
  ({ api, tokens }) => {
    it('shows the police a case once it was handed to them, and not before', async () => {
      const { caseId, handoffId } = await handoffAt(api(), tokens(), 'APPROVED');
      const read = async () =>
        ok<{ case: { id: string } | null }>(await api().gql(Q.case, { id: caseId }, tokens().police)).case;
      expect(await read()).toBeNull();

      ok(
        await api().gql(
          H.transfer,
          { input: { handoffId, letterNumber: '1', documents: PACKAGE, itemsSeized: false } },
          tokens().officer,
        ),
      );

      expect((await read())?.id).toBe(caseId);
    });
  },
);
