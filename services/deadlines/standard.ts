/**
 * The standard deadline: any entity's limit (an outfall's annex deadline, a re-inspection within 30
 * days, a complaint closed within 60) with a reminder before, an overdue notice at, and an escalation
 * after its due instant, each a `clearwater.deadlines` event that reaches the units' inboxes. The
 * deadline is its own item (kernel `records.ts`), its ladder and recipients fixed when it is opened.
 */
import { deadlines as events } from '../events/catalog/index.ts';
import { DAY_MS, HOUR_MS } from '../shared/clock.ts';
import { defineDeadlineKind } from '../shared/deadlines/kinds.ts';
import type { LadderStep } from '../shared/deadlines/ladder.ts';
import { type DeadlineRecord, type OpenDeadline, openDeadline } from '../shared/deadlines/records.ts';
import { ladderTimerHandler } from '../shared/deadlines/runner.ts';
import { strip } from '../shared/store/items.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import type { DistrictTime } from '../shared/time/zone.ts';

export const STANDARD_DEADLINE = 'Deadline';

export const STANDARD_STEPS = {
  DueSoon: events.DeadlineDueSoon,
  Overdue: events.DeadlineOverdue,
  Escalated: events.DeadlineEscalated,
} as const;
export type StandardStep = keyof typeof STANDARD_STEPS;

export interface StandardLadder {
  /** Told before, at and after the due instant (unit ids). */
  remind: readonly string[];
  overdue: readonly string[];
  escalate: readonly string[];
  /** How long before the due instant the reminder goes out; default 3 days (0: none). */
  remindBeforeMs?: number;
  /** How long after the due instant the escalation goes out; default 7 days. */
  escalateAfterMs?: number;
}

/** The ladder of a standard deadline; a step with nobody to tell is left out. */
export function standardLadder(spec: StandardLadder): LadderStep[] {
  const steps: LadderStep[] = [];
  const remindBefore = spec.remindBeforeMs ?? 3 * DAY_MS;
  if (remindBefore > 0 && spec.remind.length)
    steps.push({ id: 'DueSoon', offsetMs: -remindBefore, notify: spec.remind });
  if (spec.overdue.length) steps.push({ id: 'Overdue', offsetMs: 0, notify: spec.overdue });
  if (spec.escalate.length)
    steps.push({ id: 'Escalated', offsetMs: spec.escalateAfterMs ?? 7 * DAY_MS, notify: spec.escalate });
  return steps;
}

export const standardDeadline = defineDeadlineKind({
  name: STANDARD_DEADLINE,
  description: 'Any entity’s limit: reminder before, overdue notice at, escalation after its due instant.',
  fire: ladderTimerHandler<DeadlineRecord>({
    kind: STANDARD_DEADLINE,
    load: async (item) => strip<DeadlineRecord>(item),
    ladder: (record) => record.ladder,
    dueAt: (item) => String(item.dueAt),
    stillOpen: { expression: 'attribute_not_exists(closedAt)' },
    onStep(work, step, record) {
      const definition = STANDARD_STEPS[step.id as StandardStep];
      if (!definition) throw new Error(`A standard deadline has no step ${step.id}`);
      work.audit({
        entityType: record.owner.type,
        entityId: record.owner.id,
        action: 'DEADLINE',
        summary: `${definition.detailType}: ${record.title} (due ${record.dueAt})`,
        changes: { deadline: record.name, step: step.id },
      });
      work.emit(definition, {
        owner: record.owner,
        deadline: {
          name: record.name,
          title: record.title,
          startedAt: record.startedAt,
          dueAt: record.dueAt,
          period: record.period,
        },
        step: step.id,
        offsetHours: step.offsetMs / HOUR_MS,
        recipientUnitIds: [...step.notify],
        responsibleUnitIds: record.responsibleUnitIds,
      });
    },
  }),
});

export interface StandardDeadlineSpec extends Omit<OpenDeadline, 'kind' | 'ladder'> {
  ladder: StandardLadder;
}

/** Opens a standard deadline in the unit of work; its due instant counted in the district's time. */
export function openStandardDeadline(
  work: UnitOfWork,
  spec: StandardDeadlineSpec,
  time: DistrictTime,
): DeadlineRecord {
  return openDeadline(
    work,
    { ...spec, kind: STANDARD_DEADLINE, ladder: standardLadder(spec.ladder) },
    { utcOffset: time.timeZone, calendar: time.calendar },
  );
}
