/** Accountability interviews (约谈) proposed by the escalation ladder and decided by the supervisor. */
import { decideInterview, getInterview, listInterviews } from '../../services/accountability/interviews.ts';
import { type AccountabilityInterview, INTERVIEW_STATUSES } from '../../services/accountability/model.ts';
import { hasRole } from '../../services/shared/auth/principal.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { callerOf, depsOf, loadUnits } from '../context.ts';
import { domainId, idParts } from '../ids.ts';
import { withoutNulls } from '../inputs.ts';
import { forwardPageArgs, keyPage } from '../pagination.ts';
import { HasHistoryRef } from './history.ts';
import { UnitRef } from './unit.ts';

const InterviewStatusEnum = builder.enumType('InterviewStatus', { values: INTERVIEW_STATUSES });
const InterviewDecisionEnum = builder.enumType('InterviewDecision', {
  values: ['APPROVE', 'DISMISS'] as const,
});

const InterviewRef = builder.objectRef<AccountabilityInterview>('AccountabilityInterview');

builder.node(InterviewRef, {
  interfaces: [HasHistoryRef],
  id: { resolve: (i) => i.id, parse: (id) => idParts(id, 'AccountabilityInterview', 1)[0] as string },
  // The supervisor's alone, as `accountabilityInterviews` is.
  loadMany: (ids, ctx) =>
    Promise.all(
      ids.map(async (id) =>
        hasRole(ctx.actor, 'SUPERVISOR') ? ((await getInterview(ctx.store, id)) ?? null) : null,
      ),
    ),
  fields: (t) => ({
    interviewId: t.exposeID('id', { description: 'The interview’s own id.' }),
    status: t.field({ type: InterviewStatusEnum, resolve: (i) => i.status }),
    taskId: t.exposeID('taskId'),
    taskNumber: t.exposeString('taskNumber'),
    taskTitle: t.exposeString('taskTitle'),
    milestoneId: t.exposeID('milestoneId'),
    milestoneTitle: t.exposeString('milestoneTitle'),
    dueAt: t.field({ type: 'DateTime', resolve: (i) => i.dueAt }),
    units: t.field({
      type: [UnitRef],
      description: 'The LEAD and RESPONSIBLE units that would be interviewed.',
      resolve: (i, _a, ctx) => loadUnits(ctx, i.unitIds),
    }),
    proposedAt: t.field({ type: 'DateTime', resolve: (i) => i.proposedAt }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.decidedAt ?? null }),
    decidedBy: t.exposeString('decidedBy', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    version: t.exposeInt('version'),
  }),
});

const InterviewConnectionRef = builder.connectionObject(
  { type: InterviewRef, name: 'QueryAccountabilityInterviewsConnection' },
  { name: 'QueryAccountabilityInterviewsConnectionEdge' },
);

builder.queryField('accountabilityInterviews', (t) =>
  t.field({
    type: InterviewConnectionRef,
    description: 'Newest first. Page size: default 50, at most 100.',
    authScopes: { supervisor: true },
    args: { status: t.arg({ type: InterviewStatusEnum, defaultValue: 'PROPOSED' }), ...forwardPageArgs },
    resolve: async (_root, args, ctx) => {
      return keyPage(
        await listInterviews(
          ctx.store,
          args.status ?? 'PROPOSED',
          pageSize(args.first, 'first', 100),
          args.after,
        ),
      );
    },
  }),
);

const DecideInput = builder.inputType('DecideAccountabilityInterviewInput', {
  fields: (t) => ({
    interviewId: t.id({
      required: true,
      description: 'Global or plain (`AccountabilityInterview.interviewId`).',
    }),
    decision: t.field({ type: InterviewDecisionEnum, required: true }),
    reason: t.string({ required: true }),
    expectedVersion: t.int(),
  }),
});

builder.mutationField('decideAccountabilityInterview', (t) =>
  t.withAuth({ supervisor: true }).field({
    type: InterviewRef,
    args: { input: t.arg({ type: DecideInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      decideInterview(depsOf(ctx), callerOf(ctx), {
        ...withoutNulls(input),
        interviewId: domainId(input.interviewId, 'AccountabilityInterview', 'input.interviewId'),
      }),
  }),
);
