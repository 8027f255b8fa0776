/**
 * Keeps "late" right as time passes: when an outfall's annex deadline reaches its Overdue step
 * (DeadlineOverdue, owner type Outfall), the outfall is marked late and the register's late counters move
 * in the same transaction. Idempotent: an outfall already late, ended, or on another deadline is left
 * alone, so a redelivered event changes nothing. Ending after the deadline takes the count back
 * (commands recompute `late` on every change).
 */
import { deadlines } from '../events/catalog/index.ts';
import { systemActor } from '../shared/auth/principal.ts';
import { retryOnConflict } from '../shared/commands/kit.ts';
import type { TargetHandler } from '../shared/events/target.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import { nextVersion, writeChange } from './change.ts';
import { isEnded } from './lifecycle.ts';
import { getOutfall, OUTFALL } from './repository.ts';
import { outfallSettings } from './settings.ts';

const actor = systemActor('outfall-deadlines');

export const markOutfallLate: TargetHandler = async (event, deps) => {
  if (event['detail-type'] !== 'DeadlineOverdue') return;
  const data = deadlines.DeadlineOverdue.data.parse(event.detail.data);
  if (data.owner.type !== OUTFALL) return;
  const settings = outfallSettings(deps);
  await retryOnConflict(undefined, async () => {
    const outfall = await getOutfall(deps.store, data.owner.id);
    if (!outfall || outfall.late || isEnded(outfall.state)) return;
    if (outfall.deadline.name !== data.deadline.name || outfall.deadline.dueAt !== data.deadline.dueAt)
      return;
    const now = deps.clock.now();
    const work = new UnitOfWork({ actor, correlationId: event.detail.metadata.correlationId, now });
    // Marked late from the deadline itself, whatever the clock says (a replayed event may arrive early).
    const after = { ...nextVersion(outfall, {}, now), late: true };
    writeChange(work, settings.district, outfall, after);
    work.audit({
      entityType: OUTFALL,
      entityId: outfall.id,
      action: 'LATE',
      summary: `Past its deadline (${data.deadline.title}, due ${data.deadline.dueAt}) and not ended`,
    });
    await work.commit(deps.store);
  });
};
