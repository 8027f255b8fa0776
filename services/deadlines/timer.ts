/** The contract of a timer kind: what the sweeper calls when an item's timer is due. */
import type { Clock } from '../shared/clock.ts';
import type { Store } from '../shared/store/client.ts';
import type { Item } from '../shared/store/codec.ts';
import type { Telemetry } from '../shared/telemetry.ts';

export interface TimerDeps {
  store: Store;
  clock: Clock;
  fetch: typeof fetch;
  allowInsecureLocalhost?: boolean;
  /** Where handlers log and count what they did; silent when absent. */
  telemetry?: Telemetry;
  /** Reads shared by the timers of one sweep (a plan, its units), so each is read once a sweep. */
  memo?: Map<string, Promise<unknown>>;
}

/** `load()` once per sweep for `key` (every time when there is no sweep memo). */
export function memoized<T>(deps: TimerDeps, key: string, load: () => Promise<T>): Promise<T> {
  if (!deps.memo) return load();
  let found = deps.memo.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    deps.memo.set(key, found);
  }
  return found;
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
