/**
 * The contract of a deadline kind: what the sweeper calls when an item's timer of that kind is due.
 * Kinds are registered where the application is wired (`services/app/deadline-kinds.ts`), never here.
 */
import type { OutboundDeps } from '../deps.ts';
import type { DueTimerItem } from './timer.ts';

export interface TimerDeps extends OutboundDeps {
  /** Reads shared by the timers of one sweep (a plan, its units), so each is read once a sweep. */
  memo?: Map<string, Promise<unknown>>;
}

/**
 * Acts on one due timer. Must be safe under overlapping sweeps: every write is conditioned on the
 * timer it read, so each step takes effect once. Returns how many steps took effect (0 when another
 * sweep got there first or nothing was due any more).
 */
export type TimerHandler = (item: DueTimerItem, deps: TimerDeps) => Promise<number>;

export interface DeadlineKind<Name extends string = string> {
  /** Stored as `timerKind` on the items that carry this kind of deadline. */
  readonly name: Name;
  readonly description: string;
  readonly fire: TimerHandler;
}

export function defineDeadlineKind<Name extends string>(kind: DeadlineKind<Name>): DeadlineKind<Name> {
  return kind;
}

export type DeadlineKindRegistry<Names extends string = string> = { readonly [N in Names]: DeadlineKind<N> };

/** A registry keyed by kind name; a name registered twice is a wiring mistake and fails at start. */
export function deadlineKindRegistry<const Kinds extends readonly DeadlineKind[]>(
  kinds: Kinds,
): DeadlineKindRegistry<Kinds[number]['name']> {
  const registry: Record<string, DeadlineKind> = {};
  for (const kind of kinds) {
    if (registry[kind.name]) throw new Error(`Deadline kind ${kind.name} is registered twice`);
    registry[kind.name] = kind;
  }
  return registry as DeadlineKindRegistry<Kinds[number]['name']>;
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
