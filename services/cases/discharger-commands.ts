/**
 * Enterprise files (一厂一档): opened and kept by enforcement officers. A credit code names at most one
 * file (a pointer item written in the same transaction, conditioned on being absent). Penalties are
 * recorded on the file — decided in a case here, or entered from before — for the repeat-offence ground.
 */
import { cases as events } from '../events/catalog/index.ts';
import { authorize } from '../shared/auth/policy.ts';
import {
  bumpVersion,
  type Caller,
  type CommandDeps,
  checkVersion,
  parse,
  retryOnConflict,
  unitOfWork,
} from '../shared/commands/kit.ts';
import { serialized } from '../shared/commands/serialize.ts';
import { ConflictError, NotFoundError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { keys } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import { Update } from '../shared/store/update.ts';
import { assertTownship } from '../units/townships.ts';
import { canRunCases } from './access.ts';
import { LIMITS, RecordPriorPenaltyInput, RegisterDischargerInput, UpdateDischargerInput } from './inputs.ts';
import type { Discharger, PenaltyRecord } from './model.ts';
import { creditCodeItem, dischargerItem, getDischarger } from './repository.ts';
import { casesSettings } from './settings.ts';

/** The audit entity type: the GraphQL type's name. */
export const DISCHARGER = 'EnterpriseFile';

export async function registerDischarger(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<Discharger> {
  authorize(caller.actor, canRunCases, casesSettings(deps));
  const input = parse(RegisterDischargerInput, raw);
  await assertTownship(deps.store, input.townshipUnitId, 'input.townshipUnitId');
  const work = unitOfWork(deps, caller);
  const now = work.context.now.toISOString();
  const discharger: Discharger = {
    id: newId(work.context.now),
    ...input,
    penalties: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  work.put(dischargerItem(discharger), { expression: 'attribute_not_exists(PK)' });
  if (discharger.creditCode) {
    const code = discharger.creditCode;
    work.put(creditCodeItem(discharger), {
      expression: 'attribute_not_exists(PK)',
      onFailed: () =>
        new ConflictError(`An enterprise file with credit code ${code} already exists`, {
          reason: 'CREDIT_CODE_REGISTERED',
        }),
    });
  }
  work.audit({
    entityType: DISCHARGER,
    entityId: discharger.id,
    action: 'REGISTER',
    summary: `Enterprise file opened: ${discharger.name}${discharger.creditCode ? ` (${discharger.creditCode})` : ''}`,
  });
  work.emit(events.DischargerRegistered, {
    dischargerId: discharger.id,
    name: discharger.name,
    creditCode: discharger.creditCode,
    townshipUnitId: discharger.townshipUnitId,
    keyDischargeUnit: discharger.keyDischargeUnit,
  });
  await work.commit(deps.store);
  return discharger;
}

function onDischarger(
  deps: CommandDeps,
  caller: Caller,
  id: string,
  expectedVersion: number | undefined,
  body: (discharger: Discharger, work: UnitOfWork) => { changes: Partial<Discharger>; summary: string },
): Promise<Discharger> {
  authorize(caller.actor, canRunCases, casesSettings(deps));
  return serialized(`discharger:${id}`, () =>
    retryOnConflict(expectedVersion, async () => {
      const discharger = await getDischarger(deps.store, id);
      if (!discharger) throw new NotFoundError(DISCHARGER, id);
      checkVersion(DISCHARGER, discharger, expectedVersion);
      const work = unitOfWork(deps, caller);
      const { changes, summary } = body(discharger, work);
      const update = new Update().setAll(changes);
      work.update(keys.discharger(id), update, bumpVersion(update, DISCHARGER, discharger, work.context.now));
      work.audit({ entityType: DISCHARGER, entityId: id, action: 'UPDATE', summary, changes });
      work.emit(events.DischargerFileUpdated, {
        dischargerId: id,
        name: changes.name ?? discharger.name,
        changed: Object.keys(changes),
      });
      await work.commit(deps.store);
      return {
        ...discharger,
        ...changes,
        version: discharger.version + 1,
        updatedAt: work.context.now.toISOString(),
      };
    }),
  ) as Promise<Discharger>;
}

export async function updateDischarger(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Discharger> {
  const { dischargerId, expectedVersion, ...fields } = parse(UpdateDischargerInput, raw);
  await assertTownship(deps.store, fields.townshipUnitId, 'input.townshipUnitId');
  const changes = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as Partial<Discharger>;
  return onDischarger(deps, caller, dischargerId, expectedVersion, () => ({
    changes,
    summary: `Updated: ${Object.keys(changes).join(', ') || 'nothing'}`,
  }));
}

/** A penalty decided before Clearwater (or elsewhere), entered on the file. */
export function recordPriorPenalty(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Discharger> {
  const { dischargerId, expectedVersion, amountYuan, ...fields } = parse(RecordPriorPenaltyInput, raw);
  return onDischarger(deps, caller, dischargerId, expectedVersion, (discharger) => ({
    changes: { penalties: withPenalty(discharger, { ...fields, amountFen: amountYuan }) },
    summary: `Penalty of ${fields.decidedOn} recorded${fields.toxic ? ' (toxic discharge)' : ''}`,
  }));
}

/** The file's penalties with one more, the oldest dropped past the cap. */
export function withPenalty(discharger: Discharger, penalty: PenaltyRecord): PenaltyRecord[] {
  return [...discharger.penalties, penalty]
    .sort((a, b) => a.decidedOn.localeCompare(b.decidedOn))
    .slice(-LIMITS.penalties);
}

/** Adds a penalty decided in a case to the file, in the case's unit of work. */
export function recordCasePenalty(work: UnitOfWork, discharger: Discharger, penalty: PenaltyRecord): void {
  const update = new Update().set('penalties', withPenalty(discharger, penalty));
  work.update(
    keys.discharger(discharger.id),
    update,
    bumpVersion(update, DISCHARGER, discharger, work.context.now),
  );
  work.audit({
    entityType: DISCHARGER,
    entityId: discharger.id,
    action: 'PENALTY',
    summary: `Penalty ${penalty.documentNumber ?? ''} of ${penalty.decidedOn} in case ${penalty.caseId}`,
  });
  work.emit(events.DischargerFileUpdated, {
    dischargerId: discharger.id,
    name: discharger.name,
    changed: ['penalties'],
  });
}
