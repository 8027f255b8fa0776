/** Which units an officer acts for: their own unit and every group it belongs to. Pure. */
import type { Actor } from './principal.ts';

/** The part of a unit this rule reads. */
export interface UnitMembership {
  id: string;
  kind: string;
  memberIds?: readonly string[];
}

export function unitsActingAs(unitId: string, units: readonly UnitMembership[]): Set<string> {
  const acting = new Set([unitId]);
  for (const unit of units) {
    if (unit.kind === 'GROUP' && unit.memberIds?.includes(unitId)) acting.add(unit.id);
  }
  return acting;
}

/** The units the actor acts for (empty when the token names no unit). */
export function actingUnits(actor: Actor, units: readonly UnitMembership[]): Set<string> {
  return actor.unitId ? unitsActingAs(actor.unitId, units) : new Set();
}

/** A group's members, or the unit itself when it is not a group (or an empty group). */
export function expandGroups(unitIds: Iterable<string>, units: readonly UnitMembership[]): string[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Set<string>();
  for (const id of unitIds) {
    const unit = byId.get(id);
    const members = unit?.kind === 'GROUP' && unit.memberIds?.length ? unit.memberIds : [id];
    for (const member of members) out.add(member);
  }
  return [...out];
}
