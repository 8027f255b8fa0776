/**
 * The timer attributes of an item with a pending deadline, and every change to them. An item is on the
 * sparse Timers index exactly while it carries these attributes, so the sweeper's query reads what is
 * due and nothing else. The attribute names are written here and nowhere else.
 */
import type { Store } from '../store/client.ts';
import type { Item } from '../store/codec.ts';
import { indexKeys } from '../store/keys.ts';
import { queryAll } from '../store/query.ts';
import type { Update } from '../store/update.ts';

export interface TimerAttributes {
  timerShard: string;
  /** UTC ISO instant (`toISOString()`), so lexical order is time order. */
  timerAt: string;
  /** The deadline kind: which handler the sweeper hands the item to. */
  timerKind: string;
  /** Where the kind is in its sequence (ladder step index, delivery attempt count). */
  timerStep: number;
}

export const TIMER_ATTRIBUTES = ['timerShard', 'timerAt', 'timerKind', 'timerStep'] as const;

export function timerAttributes(kind: string, at: Date | string, step: number): TimerAttributes {
  return {
    timerShard: indexKeys.timers.partition(),
    timerAt: typeof at === 'string' ? at : at.toISOString(),
    timerKind: kind,
    timerStep: step,
  };
}

/** Adds to an update: arm the timer, or take the item off the index when `timer` is null. */
export function applyTimer(update: Update, timer: TimerAttributes | null): Update {
  if (!timer) return update.remove(...TIMER_ATTRIBUTES);
  return update.setAll({ ...timer });
}

/** A due item as read from the Timers index: the whole item, with its key and timer attributes. */
export type DueTimerItem = Item & { PK: string; SK: string } & TimerAttributes;

/** Every item whose timer is due at `at`, oldest first. */
export function dueTimers(store: Store, at: string): Promise<DueTimerItem[]> {
  return queryAll<DueTimerItem>(store, {
    index: indexKeys.timers.index,
    partition: indexKeys.timers.partition(),
    atMost: at,
  });
}

/** The condition that the item still holds the timer the sweeper read: each step takes effect once. */
export function timerUnchanged(item: Pick<DueTimerItem, 'timerAt' | 'timerStep' | 'timerKind'>) {
  return {
    expression: 'timerAt = :readTimerAt AND timerStep = :readTimerStep AND timerKind = :readTimerKind',
    values: {
      ':readTimerAt': item.timerAt,
      ':readTimerStep': item.timerStep,
      ':readTimerKind': item.timerKind,
    },
  };
}
