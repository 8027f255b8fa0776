/**
 * The command kit: what every context's commands share. A command parses its input, loads what it acts
 * on, authorizes, checks the version, makes a guarded transition, and commits the change, its audit
 * entry and its events in one unit of work.
 */
import type { Actor } from '../auth/principal.ts';
import type { Deps } from '../deps.ts';
import { StaleVersionError } from '../errors.ts';
import type { Condition } from '../store/transaction.ts';
import { UnitOfWork } from '../store/transaction.ts';
import type { Update } from '../store/update.ts';

export { parseInput as parse } from '../validation.ts';

/** What a command needs from the world. */
export type CommandDeps = Deps;

/** Who asks, and under which correlation id (the request's). */
export interface Caller {
  actor: Actor;
  correlationId: string;
}

/** A unit of work for the caller, stamped with the clock's now. */
export function unitOfWork(deps: Pick<CommandDeps, 'clock'>, caller: Caller): UnitOfWork {
  return new UnitOfWork({ ...caller, now: deps.clock.now() });
}

export interface Versioned {
  id: string;
  version: number;
}

/** The version the change is based on; a stale `expected` is the caller's CONFLICT to resolve. */
export function checkVersion(entity: string, current: Versioned, expected: number | undefined): number {
  if (expected !== undefined && expected !== current.version) {
    throw new StaleVersionError(entity, current.id, expected, current.version);
  }
  return current.version;
}

/**
 * Adds `version = version + 1` (and `updatedAt`) to the update, and returns the condition that the
 * item is still at the version read — failing with a StaleVersionError naming the entity.
 */
export function bumpVersion(
  update: Update,
  entity: string,
  current: Versioned,
  now: Date,
  extra?: Omit<Condition, 'onFailed'>,
): Condition {
  update.set('version', current.version + 1).set('updatedAt', now.toISOString());
  return {
    expression: ['version = :readVersion', extra?.expression].filter(Boolean).join(' AND '),
    names: extra?.names,
    values: { ':readVersion': current.version, ...extra?.values },
    onFailed: () => new StaleVersionError(entity, current.id, current.version),
  };
}

export interface RetryOptions {
  /** Attempts before the conflict is the caller's (default 12). */
  attempts?: number;
  /** Upper bound of the jittered wait before a retry (ms). */
  maxDelayMs?: number;
}

/**
 * With an expected version a conflict is the caller's to resolve; without one, the command is re-read
 * and retried (full jitter, growing bound) so concurrent writers never lose an update.
 */
export async function retryOnConflict<T>(
  expectedVersion: number | undefined,
  attempt: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 12;
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const retry = expectedVersion === undefined && error instanceof StaleVersionError && i < attempts;
      if (!retry) throw error;
      const bound = Math.min(options.maxDelayMs ?? 320, 10 * 2 ** Math.min(i, 6));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * bound));
    }
  }
}
