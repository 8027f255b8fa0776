/**
 * Escalation ladders, as pure functions. A deadline has a due instant and a ladder of steps placed
 * before, at and after it; its item's timer points at the next step that has not fired, and the sweeper
 * fires it and moves the timer on. Which events a step emits and whom it tells is the deadline kind's
 * business: the kernel only knows when, in what order, and what has happened.
 */
import { Update } from '../store/update.ts';
import { type TimerAttributes, timerAttributes } from './timer.ts';

export interface LadderStep<Recipient extends string = string> {
  /** Stable name of the step, recorded when it fires (the milestone ladder uses its event's detail-type). */
  id: string;
  /** From the due instant, in milliseconds; negative = before it. */
  offsetMs: number;
  /** Who is told, in the deadline kind's own terms (assignment roles, the supervisor, …). */
  notify: readonly Recipient[];
}

/** What has happened on a deadline's ladder, as stored on the item that carries the deadline. */
export interface LadderProgress {
  dueAt: string;
  /** Step ids that fired, with the instant each fired. */
  firedSteps: Record<string, string>;
  /** Steps passed over because they were moot when due (a reminder after the due instant). */
  skippedSteps?: string[];
}

export type StepDecision = 'FIRE' | 'SKIP';

export function stepInstant(step: LadderStep, dueAt: string): Date {
  return new Date(Date.parse(dueAt) + step.offsetMs);
}

/** The timer for step `index` of the ladder, or null when the ladder is exhausted. */
export function ladderTimer(
  kind: string,
  ladder: readonly LadderStep[],
  dueAt: string,
  index: number,
): TimerAttributes | null {
  const step = ladder[index];
  return step ? timerAttributes(kind, stepInstant(step, dueAt), index) : null;
}

/** The first step that has neither fired nor been skipped: where a reopened deadline's timer resumes. */
export function firstOpenStep(
  ladder: readonly LadderStep[],
  progress: Omit<LadderProgress, 'dueAt'>,
): number {
  const skipped = progress.skippedSteps ?? [];
  const index = ladder.findIndex((step) => !(step.id in progress.firedSteps) && !skipped.includes(step.id));
  return index === -1 ? ladder.length : index;
}

/**
 * Whether a due step fires or is skipped. Reminders before the due instant are pointless once it has
 * passed, e.g. when the local runtime starts long after it or a deadline is set in the past.
 */
export function decideStep(step: LadderStep, dueAt: string, now: Date): StepDecision {
  if (step.offsetMs < 0 && now.getTime() > Date.parse(dueAt)) return 'SKIP';
  return 'FIRE';
}

/** The steps of the ladder from `from` on that are due at `now`, in order, each with its decision. */
export function dueSteps(
  ladder: readonly LadderStep[],
  dueAt: string,
  from: number,
  now: Date,
): { index: number; step: LadderStep; decision: StepDecision }[] {
  const due: { index: number; step: LadderStep; decision: StepDecision }[] = [];
  for (let index = from; index < ladder.length; index++) {
    const step = ladder[index] as LadderStep;
    if (stepInstant(step, dueAt).getTime() > now.getTime()) break;
    due.push({ index, step, decision: decideStep(step, dueAt, now) });
  }
  return due;
}

/**
 * The update that records a step on the item carrying the deadline (its `firedSteps` or `skippedSteps`)
 * and moves the timer to the next step, or off the index after the last.
 */
export function stepUpdate(
  kind: string,
  ladder: readonly LadderStep[],
  dueAt: string,
  index: number,
  decision: StepDecision,
  now: Date,
): Update {
  const step = ladder[index] as LadderStep;
  const update = new Update();
  if (decision === 'FIRE') update.set(`firedSteps.${step.id}`, now.toISOString());
  else update.append('skippedSteps', [step.id]);
  const next = ladderTimer(kind, ladder, dueAt, index + 1);
  return next
    ? update.set('timerAt', next.timerAt).set('timerStep', next.timerStep)
    : update.remove('timerShard', 'timerAt', 'timerKind', 'timerStep');
}

/** Ladder state of a deadline that starts (or restarts) at `dueAt`: nothing fired, timer on step 0. */
export function freshLadder(kind: string, ladder: readonly LadderStep[], dueAt: string) {
  return {
    progress: { dueAt, firedSteps: {}, skippedSteps: [] } satisfies LadderProgress,
    timer: ladderTimer(kind, ladder, dueAt, 0),
  };
}
