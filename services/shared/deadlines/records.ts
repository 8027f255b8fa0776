/**
 * Deadlines as items of their own: an entity with several limits running at once (a hand-off waits on
 * the police's decision while the platform entry is due) keeps one item per limit, under the owner's
 * deadline partition, so one query reads its whole timeline. Each item carries its ladder progress and
 * timer like any deadline; a kind registered for its `kind` fires the steps.
 */
import { ConflictError } from '../errors.ts';
import type { EntityRef } from '../events/envelope.ts';
import type { Store } from '../store/client.ts';
import { strip } from '../store/items.ts';
import { keys } from '../store/keys.ts';
import { queryAll } from '../store/query.ts';
import type { UnitOfWork } from '../store/transaction.ts';
import { Update } from '../store/update.ts';
import type { Period, PeriodZone } from '../time/periods.ts';
import { periodEnd } from '../time/periods.ts';
import { type LadderStep, ladderTimer } from './ladder.ts';
import { TIMER_ATTRIBUTES } from './timer.ts';

export const DEADLINE_OUTCOMES = ['MET', 'LATE', 'CANCELLED'] as const;
export type DeadlineOutcome = (typeof DEADLINE_OUTCOMES)[number];

export interface DeadlineRecord {
  owner: EntityRef & { title?: string };
  /** Stable within the owner, e.g. `reinspection` or `police-decision`. */
  name: string;
  /** What is due, for people: 「公安机关作出立案决定」. */
  title: string;
  /** The deadline kind that fires its ladder (`timerKind`). */
  kind: string;
  /** The instant the period counts from, and the period, when the due instant was computed. */
  startedAt: string;
  period?: Period;
  dueAt: string;
  /** The ladder, stored with the deadline: recipients resolved to unit ids when it was opened. */
  ladder: LadderStep[];
  firedSteps: Record<string, string>;
  skippedSteps: string[];
  /** Who is held to it (the side or units that must act). */
  responsibleUnitIds: string[];
  closedAt?: string;
  outcome?: DeadlineOutcome;
  /** Whatever the kind needs to describe its steps (e.g. which side must act). */
  context?: Record<string, unknown>;
}

export interface OpenDeadline {
  owner: DeadlineRecord['owner'];
  name: string;
  title: string;
  kind: string;
  startedAt: Date;
  /** Either a period counted from `startedAt` the way the law counts it, or a due instant as given. */
  period?: Period;
  dueAt?: Date;
  ladder: LadderStep[];
  responsibleUnitIds: string[];
  context?: Record<string, unknown>;
}

/** The due instant of a deadline: the period counted from its start, or the instant given. */
export function dueInstant(
  spec: Pick<OpenDeadline, 'startedAt' | 'period' | 'dueAt'>,
  zone: PeriodZone,
): Date {
  if (spec.period) return periodEnd(spec.startedAt, spec.period, zone);
  if (spec.dueAt) return spec.dueAt;
  throw new Error('A deadline needs a period or a due instant');
}

/**
 * Adds the deadline to the unit of work, its timer on the ladder's first step. A deadline of the same
 * name may be opened again once closed (a second re-inspection cycle); an open one is a CONFLICT.
 */
export function openDeadline(work: UnitOfWork, spec: OpenDeadline, zone: PeriodZone): DeadlineRecord {
  const dueAt = dueInstant(spec, zone).toISOString();
  const record: DeadlineRecord = {
    owner: spec.owner,
    name: spec.name,
    title: spec.title,
    kind: spec.kind,
    startedAt: spec.startedAt.toISOString(),
    period: spec.period,
    dueAt,
    ladder: spec.ladder,
    firedSteps: {},
    skippedSteps: [],
    responsibleUnitIds: spec.responsibleUnitIds,
    context: spec.context,
  };
  work.put(
    {
      ...keys.deadline(spec.owner.type, spec.owner.id, spec.name),
      itemType: 'Deadline',
      ...record,
      ...ladderTimer(spec.kind, spec.ladder, dueAt, 0),
    },
    {
      expression: 'attribute_not_exists(PK) OR attribute_exists(closedAt)',
      onFailed: () =>
        new ConflictError(`${spec.owner.type} ${spec.owner.id} already has an open ${spec.name} deadline`, {
          reason: 'DEADLINE_OPEN',
        }),
    },
  );
  return record;
}

/**
 * Closes an open deadline: MET when closed by its due instant, LATE after it, or CANCELLED (the step it
 * waited for is no longer needed). Its timer stops. `dueAt` is the instant the caller read, so an
 * outcome is judged against the deadline that was open.
 */
export function closeDeadline(
  work: UnitOfWork,
  owner: EntityRef,
  name: string,
  dueAt: string,
  how: 'DONE' | 'CANCELLED' = 'DONE',
): DeadlineOutcome {
  const at = work.context.now;
  const outcome: DeadlineOutcome =
    how === 'CANCELLED' ? 'CANCELLED' : at.getTime() <= Date.parse(dueAt) ? 'MET' : 'LATE';
  work.update(
    keys.deadline(owner.type, owner.id, name),
    new Update().setAll({ closedAt: at.toISOString(), outcome }).remove(...TIMER_ATTRIBUTES),
    {
      expression: 'attribute_exists(PK) AND attribute_not_exists(closedAt) AND dueAt = :readDueAt',
      values: { ':readDueAt': dueAt },
      onFailed: () =>
        new ConflictError(`The ${name} deadline of ${owner.type} ${owner.id} is not open`, {
          reason: 'DEADLINE_NOT_OPEN',
        }),
    },
  );
  return outcome;
}

/** Every deadline an entity has had, open and closed, in due order: its timeline of limits. */
export async function listDeadlines(store: Store, owner: EntityRef): Promise<DeadlineRecord[]> {
  const items = await queryAll(store, { partition: keys.deadline.partition(owner.type, owner.id) });
  return items.map((item) => strip<DeadlineRecord>(item)).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

export type DeadlineState = 'OPEN' | 'DUE_SOON' | 'OVERDUE' | DeadlineOutcome;

/** Where a deadline stands at `now`: closed with its outcome, or open and how close to due. */
export function deadlineState(
  record: Pick<DeadlineRecord, 'dueAt' | 'outcome' | 'ladder'>,
  now: Date,
): DeadlineState {
  if (record.outcome) return record.outcome;
  const due = Date.parse(record.dueAt);
  if (now.getTime() > due) return 'OVERDUE';
  const reminder = record.ladder.find((step) => step.offsetMs < 0);
  if (reminder && now.getTime() >= due + reminder.offsetMs) return 'DUE_SOON';
  return 'OPEN';
}
