/**
 * How every command writes an outfall: the whole item, conditioned on the version it read, with the
 * register's counters moved in the same unit of work. Commands on one outfall are queued within the
 * process and retried after a conflict when the caller sent no expectedVersion.
 */
import { retryOnConflict } from '../shared/commands/kit.ts';
import { serialized } from '../shared/commands/serialize.ts';
import { NotFoundError, StaleVersionError } from '../shared/errors.ts';
import type { Store } from '../shared/store/client.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import type { Outfall } from './model.ts';
import { applyStats, getOutfall, OUTFALL, outfallItem } from './repository.ts';
import { type Contribution, isLate, statsChange } from './stats.ts';

/** What an outfall counts for, as stored. */
export function contributionOf(outfall: Outfall): Contribution {
  return {
    waterBody: outfall.waterBody,
    townshipUnitId: outfall.townshipUnitId,
    category: outfall.category,
    annexItem: outfall.annexItem,
    state: outfall.state,
    late: outfall.late,
    disclosed: outfall.disclosed,
  };
}

/** The outfall after a change at `now`: next version, `late` recomputed from its deadline. */
export function nextVersion(outfall: Outfall, changes: Partial<Outfall>, now: Date): Outfall {
  const next = { ...outfall, ...changes };
  return {
    ...next,
    late: isLate(next.state, next.deadline.dueAt, now),
    version: outfall.version + 1,
    updatedAt: now.toISOString(),
  };
}

/** Writes `after` over `before` (same version as read) and moves its counts. */
export function writeChange(work: UnitOfWork, district: string, before: Outfall, after: Outfall): void {
  work.put(outfallItem(after, district), {
    expression: 'version = :readVersion',
    values: { ':readVersion': before.version },
    onFailed: () => new StaleVersionError(OUTFALL, before.id, before.version),
  });
  applyStats(work, district, statsChange(contributionOf(before), contributionOf(after)));
}

export async function loadOutfall(store: Store, id: string): Promise<Outfall> {
  const outfall = await getOutfall(store, id);
  if (!outfall) throw new NotFoundError(OUTFALL, id);
  return outfall;
}

/** Runs a command on one outfall: queued in the process, retried on a conflict without expectedVersion. */
export function onOutfall<T>(
  id: string,
  expectedVersion: number | undefined,
  run: () => Promise<T>,
): Promise<T> {
  return serialized(`outfall:${id}`, () => retryOnConflict(expectedVersion, run));
}
