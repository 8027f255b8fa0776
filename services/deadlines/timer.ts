/** The contract of a timer kind: what the sweeper calls when an item's timer is due. */
import type { Clock } from '../shared/clock.ts';
import type { Store } from '../shared/store/client.ts';
import type { Item } from '../shared/store/codec.ts';

export interface TimerDeps {
  store: Store;
  clock: Clock;
  fetch: typeof fetch;
  allowInsecureLocalhost?: boolean;
}

/** A due item as read from the Timers index: the whole item, with its key and timer attributes. */
export type DueTimerItem = Item & {
  PK: string;
  SK: string;
  timerAt: string;
  timerKind: string;
  timerStep: number;
};

/**
 * Acts on one due timer. Must be safe under overlapping sweeps: every write is conditioned on the
 * timer it read (`timerAt` and `timerStep`), so each step takes effect once. Returns how many steps
 * fired (0 when another sweep got there first or nothing was due any more).
 */
export type TimerHandler = (item: DueTimerItem, deps: TimerDeps) => Promise<number>;
