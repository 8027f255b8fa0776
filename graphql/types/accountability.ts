/** Accountability interviews (约谈) proposed by the escalation ladder and decided by the supervisor. */
import { decideInterview, listInterviews } from '../../services/accountability/interviews.ts';
import { type AccountabilityInterview, INTERVIEW_STATUSES } from '../../services/accountability/model.ts';
import { pageSize } from '../../services/shared/store/cursor.ts';
import { builder } from '../builder.ts';
import { callerOf, depsOf, loadUnits } from '../context.ts';
import { withoutNulls } from '../inputs.ts';
import { forwardOnly, keyPage } from '../pagination.ts';
import { HasHistoryRef } from './history.ts';
import { UnitRef } from './unit.ts';

const InterviewStatusEnum = builder.enumType('InterviewStatus', { values: INTERVIEW_STATUSES });
const InterviewDecisionEnum = builder.enumType('InterviewDecision', {
  values: ['APPROVE', 'DISMISS'] as const,
});

const InterviewRef = builder.objectRef<AccountabilityInterview>('AccountabilityInterview').implement({
  interfaces: [HasHistoryRef],
  fields: (t) => ({
    id: t.exposeID('id'),
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

builder.queryField('accountabilityInterviews', (t) =>
  t.connection({
    type: InterviewRef,
    description: 'Newest first.',
    authScopes: { supervisor: true },
    args: { status: t.arg({ type: InterviewStatusEnum, defaultValue: 'PROPOSED' }) },
    resolve: async (_root, args, ctx) => {
      forwardOnly(args);
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
    interviewId: t.id({ required: true }),
    decision: t.field({ type: InterviewDecisionEnum, required: true }),
    reason: t.string({ required: true }),
    expectedVersion: t.int(),
  }),
});

builder.mutationField('decideAccountabilityInterview', (t) =>
  t.withAuth({ supervisor: true }).field({
    type: InterviewRef,
    args: { input: t.arg({ type: DecideInput, required: true }) },
    resolve: (_root, { input }, ctx) => decideInterview(depsOf(ctx), callerOf(ctx), withoutNulls(input)),
  }),
);
