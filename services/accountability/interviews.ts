/** Proposing (from the ladder) and deciding (by the supervisor) accountability interviews. */
// The context's own events only: the whole catalog would load with the read functions below.
import * as events from '../events/catalog/accountability.ts';
import { authorize } from '../shared/auth/policy.ts';
import {
  bumpVersion,
  type Caller,
  type CommandDeps,
  checkVersion,
  parse,
  unitOfWork,
} from '../shared/commands/kit.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Store } from '../shared/store/client.ts';
import { getItem } from '../shared/store/items.ts';
import { indexKeys, keys } from '../shared/store/keys.ts';
import { type Page, queryPage } from '../shared/store/query.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import { canDecideInterviews } from './access.ts';
import {
  type AccountabilityInterview,
  DecideInterviewInput,
  type InterviewStatus,
  interviewDecisions,
} from './model.ts';

const ENTITY = 'AccountabilityInterview';

/** Adds the proposal to the ladder step's unit of work, so it exists if and only if the step fired. */
export function proposeInterview(
  work: UnitOfWork,
  interview: Omit<AccountabilityInterview, 'status' | 'version'>,
): void {
  work.put(
    {
      ...keys.interview(interview.id),
      itemType: ENTITY,
      GSI1PK: indexKeys.interviewsByStatus.partition('PROPOSED'),
      GSI1SK: indexKeys.interviewsByStatus.sort(interview.proposedAt, interview.id),
      ...interview,
      status: 'PROPOSED',
      version: 1,
    },
    { expression: 'attribute_not_exists(PK)' },
  );
}

export async function getInterview(store: Store, id: string): Promise<AccountabilityInterview | undefined> {
  return getItem<AccountabilityInterview>(store, keys.interview(id));
}

export async function listInterviews(
  store: Store,
  status: InterviewStatus,
  first: number,
  after?: string | null,
): Promise<Page<AccountabilityInterview>> {
  return queryPage<AccountabilityInterview>(
    store,
    {
      index: indexKeys.interviewsByStatus.index,
      partition: indexKeys.interviewsByStatus.partition(status),
      descending: true,
    },
    first,
    after,
  );
}

export async function decideInterview(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<AccountabilityInterview> {
  const input = parse(DecideInterviewInput, raw);
  authorize(caller.actor, canDecideInterviews, {});
  const interview = await getInterview(deps.store, input.interviewId);
  if (!interview) throw new NotFoundError(ENTITY, input.interviewId);
  const status: InterviewStatus = interviewDecisions.next(interview.status, input.decision, interview.id);
  checkVersion(ENTITY, interview, input.expectedVersion);
  const work = unitOfWork(deps, caller);
  const decided: AccountabilityInterview = {
    ...interview,
    status,
    decidedAt: work.context.now.toISOString(),
    decidedBy: caller.actor.id,
    reason: input.reason,
    version: interview.version + 1,
  };
  const change = new Update().setAll({
    status,
    decidedAt: decided.decidedAt,
    decidedBy: caller.actor.id,
    reason: input.reason,
    GSI1PK: indexKeys.interviewsByStatus.partition(status),
  });
  work.update(
    keys.interview(interview.id),
    change,
    bumpVersion(change, ENTITY, interview, work.context.now, {
      expression: '#status = :proposed',
      names: { '#status': 'status' },
      values: { ':proposed': 'PROPOSED' },
    }),
  );
  work.audit({
    entityType: ENTITY,
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
    decidedBy: caller.actor.id,
  });
  await work.commit(deps.store);
  return decided;
}
