/**
 * The generic ladder runner: turns a deadline kind's description (what to load, which ladder, what a
 * step emits) into the sweeper's handler. Each due step is its own transaction, conditioned on the
 * timer the sweeper read and on the deadline still being open, so a step fires once however many
 * sweeps overlap, and completing or moving the deadline in between makes it fire nothing.
 */
import { systemActor } from '../auth/principal.ts';
import { ConflictError } from '../errors.ts';
import type { Key } from '../store/keys.ts';
import { UnitOfWork } from '../store/transaction.ts';
import type { TimerDeps, TimerHandler } from './kinds.ts';
import { dueSteps, type LadderStep, ladderTimer, stepUpdate } from './ladder.ts';
import { type DueTimerItem, timerUnchanged } from './timer.ts';

export interface LadderKindSpec<Context> {
  /** The deadline kind's name (the items' `timerKind`). */
  kind: string;
  /** Reads what the steps need; null when the deadline's owner no longer exists (nothing fires). */
  load(item: DueTimerItem, deps: TimerDeps): Promise<Context | null>;
  ladder(context: Context, item: DueTimerItem): readonly LadderStep[];
  /** The due instant the ladder counts from, as stored on the item. */
  dueAt(item: DueTimerItem): string;
  /** Extra condition that the deadline is still open, e.g. `attribute_not_exists(completedAt)`. */
  stillOpen?: { expression: string; values?: Record<string, unknown> };
  /** Adds what a fired step does to its unit of work: audit entry, events, records of its own. */
  onStep(work: UnitOfWork, step: LadderStep, context: Context, item: DueTimerItem): void;
}

const actor = systemActor('deadline-sweeper');

export function ladderTimerHandler<Context>(spec: LadderKindSpec<Context>): TimerHandler {
  return async (item, deps) => {
    const context = await spec.load(item, deps);
    if (!context) return 0;
    const ladder = spec.ladder(context, item);
    const dueAt = spec.dueAt(item);
    const now = deps.clock.now();
    const key: Key = { PK: item.PK, SK: item.SK };
    let read = { timerAt: item.timerAt, timerStep: item.timerStep, timerKind: item.timerKind };
    let fired = 0;
    for (const { index, step, decision } of dueSteps(ladder, dueAt, item.timerStep, now)) {
      const work = new UnitOfWork({ actor, correlationId: `deadline:${item.PK}:${item.SK}:${step.id}`, now });
      const unchanged = timerUnchanged(read);
      work.update(key, stepUpdate(spec.kind, ladder, dueAt, index, decision, now), {
        expression: [unchanged.expression, 'dueAt = :readDueAt', spec.stillOpen?.expression]
          .filter(Boolean)
          .join(' AND '),
        values: { ...unchanged.values, ':readDueAt': dueAt, ...spec.stillOpen?.values },
        onFailed: () => new ConflictError('timer already handled'),
      });
      if (decision === 'FIRE') spec.onStep(work, step, context, item);
      try {
        await work.commit(deps.store);
      } catch (error) {
        if (error instanceof ConflictError) return fired; // another sweep fired it, or the deadline changed
        throw error;
      }
      if (decision === 'FIRE') fired++;
      const next = ladderTimer(spec.kind, ladder, dueAt, index + 1);
      if (!next) break;
      read = { ...read, timerAt: next.timerAt, timerStep: next.timerStep };
    }
    return fired;
  };
}
