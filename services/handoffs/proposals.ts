/**
 * A suspected crime (`CaseCrimeSuspected`, rule `handoff-proposals`) starts the bureau's first limit: the
 * team's written transfer report, "immediately" (24 hours by default). Idempotent on `eventId`, and
 * nothing is opened once the bureau has reported (the hand-off is no longer PROPOSED).
 */
import { casesSettings } from '../cases/settings.ts';
import { cases } from '../events/catalog/index.ts';
import { systemActor } from '../shared/auth/principal.ts';
import { timeOf } from '../shared/deps.ts';
import { ConflictError } from '../shared/errors.ts';
import type { TargetHandler } from '../shared/events/target.ts';
import { keys } from '../shared/store/keys.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import { openLimit } from './deadline.ts';
import { handoffsSettings } from './limits.ts';
import { getHandoff, handoffKey } from './repository.ts';

const CONSUMER = 'handoff-proposals';

export const openReportLimit: TargetHandler = async (event, deps) => {
  const data = cases.CaseCrimeSuspected.data.parse(event.detail.data);
  const { eventId, correlationId } = event.detail.metadata;
  const handoff = await getHandoff(deps.store, data.handoff.handoffId);
  const key = handoffKey(data.handoff.handoffId);
  if (!handoff || !key || handoff.status !== 'PROPOSED') return;
  const work = new UnitOfWork({ actor: systemActor(CONSUMER), correlationId, now: deps.clock.now() });
  work.put(
    { ...keys.consumed(CONSUMER, eventId), itemType: 'Consumed', eventId },
    { expression: 'attribute_not_exists(PK)' },
  );
  const record = openLimit(
    work,
    {
      owner: { type: 'Handoff', id: handoff.id },
      limit: 'report',
      name: 'report',
      startedAt: new Date(data.handoff.proposedAt),
      period: handoffsSettings(deps).limits.report,
      ref: {
        caseId: data.caseId,
        caseNumber: data.caseNumber,
        bureauUnitId: data.bureauUnitId,
        policeUnitId: handoff.policeUnitId,
        handoffId: handoff.id,
      },
      supervisorUnitId: casesSettings(deps).supervisorUnitId,
      policeUnitIds: [],
    },
    timeOf(deps),
  );
  // A new version, so a report read before this commit retries and meets the limit it did not see.
  work.update(
    key,
    new Update()
      .set('openLimits', [{ name: record.name, side: 'ENVIRONMENT_BUREAU', dueAt: record.dueAt }])
      .increment('version'),
    { expression: '#s = :proposed', names: { '#s': 'status' }, values: { ':proposed': 'PROPOSED' } },
  );
  try {
    await work.commit(deps.store);
  } catch (error) {
    if (error instanceof ConflictError) return; // delivered again, or the bureau has reported already
    throw error;
  }
};
