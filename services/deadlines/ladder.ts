/**
 * The escalation ladder of a milestone, as pure functions. A milestone's timer points at the next
 * ladder step that has not fired; the sweeper fires it and moves the timer to the step after.
 */

import type { LadderStep } from '../plan/model.ts';
import { DAY_MS } from '../shared/clock.ts';

export const TIMER_SHARD = 'TIMER';

/** Attributes that put an item on the sparse Timers index. */
export interface TimerAttributes {
  timerShard: typeof TIMER_SHARD;
  /** UTC ISO instant (`toISOString()`), so lexical order is time order. */
  timerAt: string;
  timerKind: string;
  timerStep: number;
}

export function stepInstant(step: LadderStep, dueAt: string): Date {
  return new Date(Date.parse(dueAt) + step.offsetDays * DAY_MS);
}

/** The timer for step `index` of the ladder, or null when the ladder is exhausted. */
export function ladderTimer(
  ladder: readonly LadderStep[],
  dueAt: string,
  index: number,
): TimerAttributes | null {
  const step = ladder[index];
  if (!step) return null;
  return {
    timerShard: TIMER_SHARD,
    timerAt: stepInstant(step, dueAt).toISOString(),
    timerKind: 'MilestoneLadder',
    timerStep: index,
  };
}

/** The first step that has not fired yet: where a reopened milestone's timer resumes. */
export function firstUnfiredStep(
  ladder: readonly LadderStep[],
  firedSteps: Record<string, string>,
  skippedSteps: readonly string[] = [],
): number {
  const index = ladder.findIndex(
    (step) => !(step.detailType in firedSteps) && !skippedSteps.includes(step.detailType),
  );
  return index === -1 ? ladder.length : index;
}

export type StepDecision = 'FIRE' | 'SKIP';

/**
 * Whether a due step fires or is skipped. Reminders before the due instant (negative offset) are
 * pointless once the due instant has passed, e.g. when the local runtime starts long after it.
 */
export function decideStep(step: LadderStep, dueAt: string, now: Date): StepDecision {
  if (step.offsetDays < 0 && now.getTime() > Date.parse(dueAt)) return 'SKIP';
  return 'FIRE';
}
