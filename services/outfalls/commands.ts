/**
 * Registering outfalls, correcting them and publishing them. Each command parses its input, loads what it
 * needs, authorizes, and commits the change, its counters, its deadline, its audit entry and its event in
 * one unit of work.
 */
import { outfalls as events } from '../events/catalog/index.ts';
import { authorize } from '../shared/auth/policy.ts';
import { type Caller, type CommandDeps, checkVersion, parse, unitOfWork } from '../shared/commands/kit.ts';
import { closeDeadline } from '../shared/deadlines/records.ts';
import { timeOf } from '../shared/deps.ts';
import { BadUserInputError } from '../shared/errors.ts';
import { newId } from '../shared/ids.ts';
import { actingUnitsOf, canExceptVillageRule, canManageOutfall } from './access.ts';
import { annexItemOf, isGateControlled } from './annex.ts';
import { loadAnnexContext, openAnnexDeadline } from './annex-deadline.ts';
import { contributionOf, loadOutfall, nextVersion, onOutfall, writeChange } from './change.ts';
import { isEnded } from './lifecycle.ts';
import { DisclosureInput, type Outfall, RegisterOutfallInput, UpdateOutfallInput } from './model.ts';
import {
  codeProblem,
  detailProblems,
  newOutfall,
  refuse,
  registrationProblems,
  releaseVillage,
  writeRegistration,
} from './registration.ts';
import { applyStats, getCodeHolder, getVillageHolder, villageItem } from './repository.ts';
import { outfallSettings } from './settings.ts';
import { statsChange } from './stats.ts';
import { villageDecision, villageRuleApplies } from './village.ts';

export async function registerOutfall(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Outfall> {
  const input = parse(RegisterOutfallInput, raw);
  const settings = outfallSettings(deps);
  authorize(caller.actor, canManageOutfall, {
    outfall: input,
    acting: await actingUnitsOf(deps.store, caller.actor),
  });
  if (input.villageException) authorize(caller.actor, canExceptVillageRule, undefined);
  const [context, codeHolder, villageHolder] = await Promise.all([
    loadAnnexContext(deps.store, settings),
    // A code that breaks the format cannot name an item: its problem is reported, nothing is read.
    codeProblem(input.code, settings) ? undefined : getCodeHolder(deps.store, settings.district, input.code),
    input.townshipUnitId && input.village
      ? getVillageHolder(deps.store, input.townshipUnitId, input.village)
      : undefined,
  ]);
  const problems = registrationProblems(
    input,
    {
      units: new Map(context.units.map((u) => [u.id, u])),
      codeHolder: () => codeHolder,
      villageHolder: () => villageHolder,
    },
    settings,
    caller.actor,
  );
  if (problems.length) throw refuse(problems) ?? new BadUserInputError(problems);
  const work = unitOfWork(deps, caller);
  const id = newId(work.context.now);
  const annexItem = annexItemOf(input.category, !!input.permit);
  const deadline = openAnnexDeadline(work, { ...input, id, annexItem }, context, settings, timeOf(deps));
  const village = villageDecision(input.category, villageHolder, !!input.villageException);
  const outfall = newOutfall(input, id, deadline, work.context.now, caller.actor, { place: village.claim });
  writeRegistration(work, outfall, settings.district);
  applyStats(work, settings.district, statsChange(null, contributionOf(outfall)));
  work.emit(events.OutfallRegistered, {
    outfallId: id,
    outfallCode: outfall.code,
    outfallName: outfall.name,
    waterBody: outfall.waterBody,
    category: outfall.category,
    annexItem,
    townshipUnitId: outfall.townshipUnitId,
    responsibleUnitId: outfall.responsibleUnitId,
    dueAt: deadline.dueAt,
    outfallVersion: 1,
  });
  await work.commit(deps.store);
  return outfall;
}

/** Corrects details; a new category or permit moves the outfall to its new annex item and deadline. */
export async function updateOutfall(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Outfall> {
  const { outfallId, expectedVersion, ...changes } = parse(UpdateOutfallInput, raw);
  const settings = outfallSettings(deps);
  return onOutfall(outfallId, expectedVersion, async () => {
    const outfall = await loadOutfall(deps.store, outfallId);
    const acting = await actingUnitsOf(deps.store, caller.actor);
    authorize(caller.actor, canManageOutfall, { outfall, acting });
    const merged = { ...outfall, ...changes };
    authorize(caller.actor, canManageOutfall, { outfall: merged, acting });
    checkVersion('Outfall', outfall, expectedVersion);
    const context = await loadAnnexContext(deps.store, settings);
    const problems = detailProblems(
      {
        ...changes,
        category: merged.category,
        townshipUnitId: merged.townshipUnitId,
        village: merged.village,
      },
      new Map(context.units.map((u) => [u.id, u])),
      settings,
    );
    if (problems.length) throw new BadUserInputError(problems);
    const work = unitOfWork(deps, caller);
    const annexItem = annexItemOf(merged.category, !!merged.permit);
    let deadline = outfall.deadline;
    // An ended outfall's deadline is closed: a late correction of its kind relabels it, nothing more.
    if (annexItem !== outfall.annexItem && !isEnded(outfall.state)) {
      closeDeadline(
        work,
        { type: 'Outfall', id: outfall.id },
        outfall.deadline.name,
        outfall.deadline.dueAt,
        'CANCELLED',
      );
      deadline = openAnnexDeadline(work, { ...merged, annexItem }, context, settings, timeOf(deps));
    }
    const villagePlace = await moveVillagePlace(deps, work, outfall, merged);
    const after = nextVersion(
      outfall,
      { ...changes, annexItem, deadline, gateControlled: isGateControlled(annexItem), villagePlace },
      work.context.now,
    );
    writeChange(work, settings.district, outfall, after);
    const changed = Object.keys(changes);
    work.audit({
      entityType: 'Outfall',
      entityId: outfall.id,
      action: 'UPDATE',
      summary: `Updated ${changed.join(', ')}${annexItem !== outfall.annexItem ? `; annex ${outfall.annexItem} → ${annexItem}` : ''}`,
      changes,
    });
    work.emit(events.OutfallUpdated, {
      outfallId: outfall.id,
      outfallCode: outfall.code,
      outfallName: after.name,
      changed,
      annexItem,
      previousAnnexItem: annexItem !== outfall.annexItem ? outfall.annexItem : undefined,
      outfallVersion: after.version,
    });
    await work.commit(deps.store);
    return after;
  });
}

/** The village place follows a correction of category, township or village: freed, or taken if free. */
async function moveVillagePlace(
  deps: CommandDeps,
  work: ReturnType<typeof unitOfWork>,
  before: Outfall,
  after: Outfall,
): Promise<boolean | undefined> {
  const same = before.townshipUnitId === after.townshipUnitId && before.village === after.village;
  if (same && villageRuleApplies(before.category) === villageRuleApplies(after.category))
    return before.villagePlace;
  releaseVillage(work, before);
  if (!villageRuleApplies(after.category) || !after.townshipUnitId || !after.village) return undefined;
  const holder = await getVillageHolder(deps.store, after.townshipUnitId, after.village);
  const decision = villageDecision(after.category, holder, !!before.villageException);
  if (decision.refusedBy) {
    throw refuse([
      {
        field: 'input.village',
        message: `${after.village} already has rural outfall ${decision.refusedBy.code}`,
        reason: 'OUTFALL_VILLAGE_TAKEN',
      },
    ]);
  }
  if (!decision.claim) return undefined;
  work.put(villageItem(after.townshipUnitId, after.village, { outfallId: after.id, code: after.code }), {
    expression: 'attribute_not_exists(PK)',
  });
  return true;
}

/** Publishes an outfall on the public register (A10), or withdraws it. */
export async function setOutfallDisclosure(
  deps: CommandDeps,
  caller: Caller,
  raw: unknown,
): Promise<Outfall> {
  const input = parse(DisclosureInput, raw);
  const settings = outfallSettings(deps);
  return onOutfall(input.outfallId, input.expectedVersion, async () => {
    const outfall = await loadOutfall(deps.store, input.outfallId);
    authorize(caller.actor, canManageOutfall, {
      outfall,
      acting: await actingUnitsOf(deps.store, caller.actor),
    });
    checkVersion('Outfall', outfall, input.expectedVersion);
    const work = unitOfWork(deps, caller);
    const after = nextVersion(outfall, { disclosed: input.disclosed }, work.context.now);
    writeChange(work, settings.district, outfall, after);
    work.audit({
      entityType: 'Outfall',
      entityId: outfall.id,
      action: input.disclosed ? 'DISCLOSE' : 'WITHDRAW',
      summary: input.disclosed ? 'Published on the public register' : 'Withdrawn from the public register',
    });
    work.emit(events.OutfallDisclosureChanged, {
      outfallId: outfall.id,
      outfallCode: outfall.code,
      outfallName: outfall.name,
      disclosed: input.disclosed,
      outfallVersion: after.version,
    });
    await work.commit(deps.store);
    return after;
  });
}
