/**
 * Who may do what to outfalls (issue 8 §8): officers of the responsible unit or of the township register
 * and update; enforcement officers record samples and tracing; the supervisor does everything; staff read
 * the register; the public reads only the disclosed view (no policy: no caller).
 */
import { actingUnits } from '../shared/auth/acting-units.ts';
import { policy } from '../shared/auth/policy.ts';
import { type Actor, hasRole } from '../shared/auth/principal.ts';
import type { Store } from '../shared/store/client.ts';
import { listUnits } from '../units/repository.ts';
import type { Outfall } from './model.ts';

export interface OutfallAccess {
  outfall: Pick<Outfall, 'responsibleUnitId' | 'townshipUnitId'>;
  /** The units the actor acts for (empty for a supervisor: not needed). */
  acting: ReadonlySet<string>;
}

/** Group membership matters only to unit officers: the supervisor's access needs no unit list. */
export async function actingUnitsOf(store: Store, actor: Actor): Promise<ReadonlySet<string>> {
  return hasRole(actor, 'UNIT_OFFICER') ? actingUnits(actor, await listUnits(store)) : new Set();
}

function ownUnit(actor: Actor, access: OutfallAccess): boolean {
  const { responsibleUnitId, townshipUnitId } = access.outfall;
  return (
    hasRole(actor, 'UNIT_OFFICER') &&
    (access.acting.has(responsibleUnitId) || (!!townshipUnitId && access.acting.has(townshipUnitId)))
  );
}

const units = (access: OutfallAccess) =>
  [access.outfall.responsibleUnitId, access.outfall.townshipUnitId].filter(Boolean).join(' or ');

/** Register, correct, plan and close: the supervisor, or an officer of the responsible unit or township. */
export const canManageOutfall = policy<OutfallAccess>(
  'manageOutfall',
  (actor, access) => hasRole(actor, 'SUPERVISOR') || ownUnit(actor, access),
  (_actor, access) =>
    `Only the supervisor or an officer of ${units(access)} may register or change this outfall`,
);

/** Samples and tracing are the enforcement officers' (and the supervisor's). */
export const canInvestigateOutfall = policy<OutfallAccess>(
  'investigateOutfall',
  (actor) => hasRole(actor, 'SUPERVISOR', 'ENFORCEMENT_OFFICER'),
  'Only enforcement officers or the supervisor record samples and tracing',
);

/** A gate's position is seen by the unit that runs it and by inspectors alike. */
export const canRecordGate = policy<OutfallAccess>(
  'recordOutfallGate',
  (actor, access) => hasRole(actor, 'SUPERVISOR', 'ENFORCEMENT_OFFICER') || ownUnit(actor, access),
  (_actor, access) =>
    `Only the supervisor, an enforcement officer or an officer of ${units(access)} may record this gate`,
);

/** "In principle" one rural outlet per village: only the supervisor records an exception. */
export const canExceptVillageRule = policy<unknown>(
  'exceptVillageRule',
  (actor) => hasRole(actor, 'SUPERVISOR'),
  'Only the supervisor may record an exception to one rural outfall per village',
);

/** Reading the register (with dischargers and internal notes) is for staff, not for integrators. */
export function canReadRegister(actor: Actor | null | undefined): boolean {
  return hasRole(actor, 'SUPERVISOR', 'UNIT_OFFICER', 'ENFORCEMENT_OFFICER', 'POLICE_OFFICER');
}
