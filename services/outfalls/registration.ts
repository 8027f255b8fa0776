/**
 * Registering an outfall, shared by the registerOutfall command and the bulk import: the checks of one
 * registration against the settings, the district's units and the codes and villages already taken
 * (every problem found, not the first), and the writes of one registration into a unit of work.
 */

import type { Actor } from '../shared/auth/principal.ts';
import { hasRole } from '../shared/auth/principal.ts';
import { ConflictError, type FieldProblem } from '../shared/errors.ts';
import { keys } from '../shared/store/keys.ts';
import type { UnitOfWork } from '../shared/store/transaction.ts';
import type { Unit } from '../units/model.ts';
import { annexItemOf, isGateControlled } from './annex.ts';
import type { Outfall, OutfallDeadlineRef, RegisterOutfallInput } from './model.ts';
import { type CodeHolder, codeItem, OUTFALL, outfallItem, villageItem } from './repository.ts';
import type { OutfallSettings } from './settings.ts';
import { type VillageHolder, villageDecision, villageRuleApplies } from './village.ts';

/** A problem with a registration; `reason` marks a clash with the stored register (a CONFLICT alone). */
export interface RegistrationProblem extends FieldProblem {
  reason?: 'OUTFALL_CODE_TAKEN' | 'OUTFALL_VILLAGE_TAKEN';
}

export interface RegistrationRefs {
  units: ReadonlyMap<string, Unit>;
  codeHolder(code: string): CodeHolder | undefined;
  villageHolder(townshipUnitId: string, village: string): VillageHolder | undefined;
}

export function codeProblem(code: string, settings: OutfallSettings): string | undefined {
  if (/[:#\s]/.test(code)) return 'must not contain ":", "#" or spaces';
  if (!new RegExp(settings.codePattern, 'u').test(code))
    return `must match the district's code format ${settings.codePattern}`;
  return undefined;
}

/** Every problem of one registration (`root` prefixes field names: `input` or an import row). */
export function registrationProblems(
  input: RegisterOutfallInput,
  refs: RegistrationRefs,
  settings: OutfallSettings,
  actor: Actor,
  root = 'input',
): RegistrationProblem[] {
  const problems: RegistrationProblem[] = [];
  const add = (field: string, message: string, reason?: RegistrationProblem['reason']) =>
    problems.push({ field: `${root}.${field}`, message, ...(reason ? { reason } : {}) });
  const badCode = codeProblem(input.code, settings);
  if (badCode) add('code', badCode);
  const holder = badCode ? undefined : refs.codeHolder(input.code);
  if (holder) add('code', `code ${input.code} is already outfall ${holder.outfallId}`, 'OUTFALL_CODE_TAKEN');
  problems.push(...detailProblems(input, refs.units, settings, root));
  if (villageRuleApplies(input.category) && input.townshipUnitId && input.village) {
    const decision = villageDecision(
      input.category,
      refs.villageHolder(input.townshipUnitId, input.village),
      !!input.villageException,
    );
    if (decision.refusedBy) {
      add(
        'village',
        `${input.village} already has rural outfall ${decision.refusedBy.code} (${decision.refusedBy.outfallId}): at most one per village unless the supervisor records an exception`,
        'OUTFALL_VILLAGE_TAKEN',
      );
    }
  }
  if (input.villageException && !hasRole(actor, 'SUPERVISOR')) {
    add('villageException', 'only the supervisor may record an exception to one rural outfall per village');
  }
  return problems;
}

/** Checks of the descriptive fields (registration and correction alike). */
export function detailProblems(
  input: Partial<
    Pick<RegisterOutfallInput, 'waterBody' | 'townshipUnitId' | 'responsibleUnitId' | 'category' | 'village'>
  >,
  units: ReadonlyMap<string, Unit>,
  settings: OutfallSettings,
  root = 'input',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `${root}.${field}`, message });
  if (input.waterBody !== undefined && !settings.waterBodies.includes(input.waterBody)) {
    add('waterBody', `must be one of the district's water bodies: ${settings.waterBodies.join(', ')}`);
  }
  if (input.townshipUnitId !== undefined && units.get(input.townshipUnitId)?.kind !== 'TOWNSHIP') {
    add('townshipUnitId', `${input.townshipUnitId} is not a township of the district`);
  }
  if (input.responsibleUnitId !== undefined) {
    const unit = units.get(input.responsibleUnitId);
    if (!unit || unit.kind === 'GROUP')
      add('responsibleUnitId', `${input.responsibleUnitId} is not a unit of the district`);
  }
  if (input.category === 'SCATTERED_RURAL_DOMESTIC') {
    if (!input.townshipUnitId) add('townshipUnitId', 'a scattered rural domestic outfall needs its township');
    if (!input.village) add('village', 'a scattered rural domestic outfall needs its administrative village');
  }
  return problems;
}

/** Throws the problems of a single registration: a clash with the register is a CONFLICT, the rest bad input. */
export function refuse(problems: RegistrationProblem[]): ConflictError | undefined {
  const clash = problems.find((p) => p.reason);
  return clash ? new ConflictError(clash.message, { reason: clash.reason, field: clash.field }) : undefined;
}

export function newOutfall(
  input: RegisterOutfallInput,
  id: string,
  deadline: OutfallDeadlineRef,
  now: Date,
  actor: Actor,
  village: { place: boolean },
  importId?: string,
): Outfall {
  const annexItem = annexItemOf(input.category, !!input.permit);
  const at = now.toISOString();
  return {
    id,
    code: input.code,
    name: input.name,
    waterBody: input.waterBody,
    townshipUnitId: input.townshipUnitId,
    village: input.village,
    location: input.location,
    category: input.category,
    permit: input.permit,
    dischargers: input.dischargers,
    responsibleUnitId: input.responsibleUnitId,
    responsiblePerson: input.responsiblePerson,
    attachments: input.attachments,
    notes: input.notes,
    limits: input.limits,
    disclosed: input.disclosed,
    annexItem,
    deadline,
    state: 'IDENTIFIED',
    late: now.getTime() > Date.parse(deadline.dueAt),
    gateControlled: isGateControlled(annexItem),
    villagePlace: village.place || undefined,
    villageException: input.villageException
      ? { reason: input.villageException.reason, by: actor.id, at }
      : undefined,
    importId,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/** The outfall, its code, its village place (if it takes one) and its audit entry. */
export function writeRegistration(work: UnitOfWork, outfall: Outfall, district: string): void {
  work.put(outfallItem(outfall, district), { expression: 'attribute_not_exists(PK)' });
  work.put(codeItem(district, { outfallId: outfall.id, code: outfall.code, importId: outfall.importId }), {
    expression: 'attribute_not_exists(PK)',
    onFailed: () =>
      new ConflictError(`Code ${outfall.code} was taken by another outfall meanwhile`, {
        reason: 'OUTFALL_CODE_TAKEN',
      }),
  });
  if (outfall.villagePlace && outfall.townshipUnitId && outfall.village) {
    work.put(
      villageItem(outfall.townshipUnitId, outfall.village, {
        outfallId: outfall.id,
        code: outfall.code,
        importId: outfall.importId,
      }),
      {
        expression: 'attribute_not_exists(PK)',
        onFailed: () =>
          new ConflictError(`${outfall.village} got a rural outfall meanwhile: at most one per village`, {
            reason: 'OUTFALL_VILLAGE_TAKEN',
          }),
      },
    );
  }
  work.audit({
    entityType: OUTFALL,
    entityId: outfall.id,
    action: 'REGISTER',
    summary: `Registered ${outfall.code} ${outfall.name} (${outfall.category}, annex ${outfall.annexItem}, due ${outfall.deadline.dueAt})${outfall.importId ? ` by import ${outfall.importId}` : ''}`,
    changes: {
      code: outfall.code,
      category: outfall.category,
      annexItem: outfall.annexItem,
      villageException: outfall.villageException?.reason,
    },
  });
}

/** Frees the village place an outfall holds (when it is sealed or merged, or moves). */
export function releaseVillage(work: UnitOfWork, outfall: Outfall): void {
  if (!outfall.villagePlace || !outfall.townshipUnitId || !outfall.village) return;
  work.delete(keys.outfallVillage(outfall.townshipUnitId, outfall.village), {
    expression: 'outfallId = :self',
    values: { ':self': outfall.id },
  });
}
