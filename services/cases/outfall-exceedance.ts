/**
 * Bus handler: an outfall exceedance (source `clearwater.outfalls`) proposes an enforcement case — OPEN,
 * with the outfall named by id and code, the sample's exceedances as the case's first sample, and the
 * dischargers behind the outfall matched to enterprise files by credit code. One proposal per event:
 * the case is written with a marker keyed by the event id, conditioned on its absence, in one transaction.
 */
import { outfalls } from '../events/catalog/index.ts';
import { systemActor } from '../shared/auth/principal.ts';
import { retryOnConflict } from '../shared/commands/kit.ts';
import { timeOf } from '../shared/deps.ts';
import { ConflictError } from '../shared/errors.ts';
import type { TargetHandler } from '../shared/events/target.ts';
import { keys } from '../shared/store/keys.ts';
import { UnitOfWork } from '../shared/store/transaction.ts';
import { isValidCreditCode } from './credit-code.ts';
import type { PartyRef } from './model.ts';
import { addNewCase, readCaseNumbering } from './new-case.ts';
import { dischargerIdsByCreditCode, getDischargers } from './repository.ts';
import { casesSettings } from './settings.ts';

export const OUTFALL_CASE_CONSUMER = 'outfall-exceedance-cases';
const actor = systemActor(OUTFALL_CASE_CONSUMER);

class AlreadyProposed extends ConflictError {
  constructor() {
    super('A case was already proposed for this event');
  }
}

export const proposeCaseFromExceedance: TargetHandler = async (event, deps) => {
  const data = outfalls.OutfallExceedanceDetected.data.parse(event.detail.data);
  const { eventId, correlationId } = event.detail.metadata;
  const settings = casesSettings(deps);
  const time = timeOf(deps);
  const codes = data.dischargers.flatMap((d) => {
    const code = d.creditCode?.trim().toUpperCase();
    return code && isValidCreditCode(code) ? [code] : [];
  });
  const fileIds = await dischargerIdsByCreditCode(deps.store, codes);
  const files = await getDischargers(deps.store, [...fileIds.values()]);
  const candidates: PartyRef[] = data.dischargers.map((d) => {
    const code = d.creditCode?.trim().toUpperCase();
    const file = code ? files.get(fileIds.get(code) ?? '') : undefined;
    return file
      ? { dischargerId: file.id, name: file.name, creditCode: file.creditCode }
      : { name: d.name, creditCode: code && isValidCreditCode(code) ? code : undefined };
  });
  const sole = candidates.length === 1 && candidates[0]?.dischargerId ? candidates[0] : undefined;
  const summary = data.exceedances
    .map((e) => `${e.parameter} ${e.value} ${e.unit} (limit ${e.limit})`)
    .join(', ');
  try {
    await retryOnConflict(undefined, async () => {
      const work = new UnitOfWork({ actor, correlationId, now: deps.clock.now() });
      work.put(
        { ...keys.consumed(OUTFALL_CASE_CONSUMER, eventId), itemType: 'Consumed', eventId },
        { expression: 'attribute_not_exists(PK)', onFailed: () => new AlreadyProposed() },
      );
      const numbering = await readCaseNumbering(
        deps.store,
        settings.defaultBureauUnitId,
        work.context.now,
        time,
      );
      addNewCase(
        work,
        {
          bureauUnitId: settings.defaultBureauUnitId,
          title: `排污口${data.outfallCode}（${data.outfallName}）超标排放`,
          source: { kind: 'OUTFALL_EXCEEDANCE', eventId, sampleId: data.sampleId },
          party: sole,
          candidates,
          outfalls: [{ id: data.outfallId, code: data.outfallCode, name: data.outfallName }],
          townshipUnitId: data.townshipUnitId,
          discoveredAt: new Date(data.sampledAt),
          violations: [
            {
              kind: 'EXCEEDING_STANDARD',
              description: `Outfall ${data.outfallCode} on ${data.waterBody}: ${summary}`,
              recordedAt: work.context.now.toISOString(),
              recordedBy: actor.id,
            },
          ],
          samples: [
            {
              sampledAt: new Date(data.sampledAt).toISOString(),
              outfallId: data.outfallId,
              reportNumber: data.sampleId,
              results: data.exceedances.map((e) => ({
                parameter: e.parameter,
                value: e.value,
                limit: e.limit,
                unit: e.unit,
              })),
              recordedAt: work.context.now.toISOString(),
              recordedBy: actor.id,
              sourceEventId: eventId,
            },
          ],
          note: `Proposed from OutfallExceedanceDetected ${eventId}`,
        },
        numbering,
        { actor, settings, time, discharger: sole ? files.get(sole.dischargerId as string) : undefined },
      );
      await work.commit(deps.store);
    });
  } catch (error) {
    if (error instanceof AlreadyProposed) return; // delivered again: the case exists
    throw error;
  }
};
