/** Proposing (from the ladder) and deciding (by the supervisor) accountability interviews. */
import { accountability as events } from '../events/catalog/index.ts';
import { type Actor, hasRole } from '../shared/auth/principal.ts';
import type { Clock } from '../shared/clock.ts';
import { ConflictError, ForbiddenError, NotFoundError, StaleVersionError } from '../shared/errors.ts';
import type { Store } from '../shared/store/client.ts';
import { getItem } from '../shared/store/items.ts';
import { type Page, queryPage } from '../shared/store/query.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import { parseInput } from '../shared/validation.ts';
import {
  type AccountabilityInterview,
  DecideInterviewInput,
  type InterviewStatus,
  interviewKeys,
} from './model.ts';

/** Adds the proposal to the ladder step's unit of work, so it exists if and only if the step fired. */
export function proposeInterview(
  work: UnitOfWork,
  interview: Omit<AccountabilityInterview, 'status' | 'version'>,
): void {
  work.put(
    {
      ...interviewKeys.interview(interview.id),
      itemType: 'AccountabilityInterview',
      GSI1PK: interviewKeys.byStatus('PROPOSED'),
      GSI1SK: `${interview.proposedAt}#${interview.id}`,
      ...interview,
      status: 'PROPOSED',
      version: 1,
    },
    { expression: 'attribute_not_exists(PK)' },
  );
}

export async function getInterview(store: Store, id: string): Promise<AccountabilityInterview | undefined> {
  return getItem<AccountabilityInterview>(store, interviewKeys.interview(id));
}

export async function listInterviews(
  store: Store,
  status: InterviewStatus,
  first: number,
  after?: string | null,
): Promise<Page<AccountabilityInterview>> {
  return queryPage<AccountabilityInterview>(
    store,
    { index: 'GSI1', partition: interviewKeys.byStatus(status), descending: true },
    first,
    after,
  );
}

export async function decideInterview(
  deps: { store: Store; clock: Clock },
  ctx: { actor: Actor; correlationId: string },
  raw: unknown,
): Promise<AccountabilityInterview> {
  const input = parseInput(DecideInterviewInput, raw);
  if (!hasRole(ctx.actor, 'SUPERVISOR'))
    throw new ForbiddenError('Only the supervisor decides accountability interviews');
  const interview = await getInterview(deps.store, input.interviewId);
  if (!interview) throw new NotFoundError('AccountabilityInterview', input.interviewId);
  if (interview.status !== 'PROPOSED') {
    throw new ConflictError(`Interview ${interview.id} was already ${interview.status.toLowerCase()}`);
  }
  if (input.expectedVersion !== undefined && input.expectedVersion !== interview.version) {
    throw new StaleVersionError(
      'AccountabilityInterview',
      interview.id,
      input.expectedVersion,
      interview.version,
    );
  }
  const now = deps.clock.now();
  const status: InterviewStatus = input.decision === 'APPROVE' ? 'APPROVED' : 'DISMISSED';
  const decided: AccountabilityInterview = {
    ...interview,
    status,
    decidedAt: now.toISOString(),
    decidedBy: ctx.actor.id,
    reason: input.reason,
    version: interview.version + 1,
  };
  const work = new UnitOfWork({ ...ctx, now });
  work.update(
    interviewKeys.interview(interview.id),
    {
      expression:
        'SET #status = :status, decidedAt = :at, decidedBy = :by, reason = :reason, version = :next, GSI1PK = :pk',
      names: { '#status': 'status' },
      values: {
        ':status': status,
        ':at': decided.decidedAt,
        ':by': ctx.actor.id,
        ':reason': input.reason,
        ':next': decided.version,
        ':pk': interviewKeys.byStatus(status),
      },
    },
    {
      expression: 'version = :v AND #status = :proposed',
      values: { ':v': interview.version, ':proposed': 'PROPOSED' },
      onFailed: () => new StaleVersionError('AccountabilityInterview', interview.id, interview.version),
    },
  );
  work.audit({
    entityType: 'AccountabilityInterview',
    entityId: interview.id,
    action: input.decision,
    summary: `${status === 'APPROVED' ? 'Approved' : 'Dismissed'} the interview of ${interview.unitIds.join(', ')}: ${input.reason}`,
  });
  const definition =
    status === 'APPROVED' ? events.AccountabilityInterviewApproved : events.AccountabilityInterviewDismissed;
  work.emit(definition, {
    interviewId: interview.id,
    planId: interview.planId,
    taskId: interview.taskId,
    milestoneId: interview.milestoneId,
    unitIds: interview.unitIds,
    reason: input.reason,
    decidedBy: ctx.actor.id,
  });
  await work.commit(deps.store);
  return decided;
}
