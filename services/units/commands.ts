/**
 * What the supervisor does to units: add and remove members of a group (各乡镇办's membership is data the
 * district maintains, not the seed's) and confirm a unit taken from public listings. Each change is
 * audited on the unit and emits an event, in one transaction conditioned on the membership it read.
 */
import * as z from 'zod';
import { units as unitEvents } from '../events/catalog/index.ts';
import { authorize } from '../shared/auth/policy.ts';
import { type Caller, type CommandDeps, parse, unitOfWork } from '../shared/commands/kit.ts';
import { guard } from '../shared/commands/transitions.ts';
import { NotFoundError } from '../shared/errors.ts';
import { keys } from '../shared/store/keys.ts';
import { Update } from '../shared/store/update.ts';
import { canMaintainUnits } from './access.ts';
import { type Unit, UnitId } from './model.ts';
import { getUnit } from './repository.ts';

const Reason = z.string().trim().min(1).max(500);

export const GroupMemberInput = z.object({ groupId: UnitId, unitId: UnitId, reason: Reason });
export const ConfirmUnitInput = z.object({ unitId: UnitId, note: z.string().trim().max(500).optional() });

async function loadGroupAndMember(deps: CommandDeps, groupId: string, unitId: string) {
  const [group, member] = await Promise.all([getUnit(deps.store, groupId), getUnit(deps.store, unitId)]);
  if (!group) throw new NotFoundError('Unit', groupId);
  if (!member) throw new NotFoundError('Unit', unitId);
  guard(group.kind === 'GROUP', 'UNIT_NOT_A_GROUP', `${group.name} (${group.id}) is not a group`);
  guard(member.kind !== 'GROUP', 'GROUP_IN_GROUP', 'A group cannot be a member of another group');
  return { group, member };
}

export async function addGroupMember(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Unit> {
  const input = parse(GroupMemberInput, raw);
  authorize(caller.actor, canMaintainUnits, { unitId: input.groupId });
  const { group, member } = await loadGroupAndMember(deps, input.groupId, input.unitId);
  const members = group.memberIds ?? [];
  guard(
    !members.includes(member.id),
    'ALREADY_A_MEMBER',
    `${member.name} is already a member of ${group.name}`,
  );
  return changeMembers(deps, caller, group, [...members, member.id], {
    action: 'ADD_MEMBER',
    summary: `Added ${member.name} (${member.id}) to ${group.name}: ${input.reason}`,
    emit: (work) =>
      work.emit(unitEvents.UnitGroupMemberAdded, {
        groupId: group.id,
        unitId: member.id,
        memberIds: [...members, member.id],
        reason: input.reason,
      }),
  });
}

export async function removeGroupMember(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Unit> {
  const input = parse(GroupMemberInput, raw);
  authorize(caller.actor, canMaintainUnits, { unitId: input.groupId });
  const { group, member } = await loadGroupAndMember(deps, input.groupId, input.unitId);
  const members = group.memberIds ?? [];
  guard(members.includes(member.id), 'NOT_A_MEMBER', `${member.name} is not a member of ${group.name}`);
  const remaining = members.filter((id) => id !== member.id);
  return changeMembers(deps, caller, group, remaining, {
    action: 'REMOVE_MEMBER',
    summary: `Removed ${member.name} (${member.id}) from ${group.name}: ${input.reason}`,
    emit: (work) =>
      work.emit(unitEvents.UnitGroupMemberRemoved, {
        groupId: group.id,
        unitId: member.id,
        memberIds: remaining,
        reason: input.reason,
      }),
  });
}

/** Records that the district confirmed a unit (or a group's membership) taken from public listings. */
export async function confirmUnit(deps: CommandDeps, caller: Caller, raw: unknown): Promise<Unit> {
  const input = parse(ConfirmUnitInput, raw);
  authorize(caller.actor, canMaintainUnits, { unitId: input.unitId });
  const unit = await getUnit(deps.store, input.unitId);
  if (!unit) throw new NotFoundError('Unit', input.unitId);
  guard(!!unit.unconfirmed, 'UNIT_CONFIRMED', `${unit.name} is already confirmed`);
  const work = unitOfWork(deps, caller);
  work.update(keys.unit(unit.id), new Update().remove('unconfirmed'), {
    expression: 'unconfirmed = :true',
    values: { ':true': true },
  });
  work.audit({
    entityType: 'Unit',
    entityId: unit.id,
    action: 'CONFIRM',
    summary: `Confirmed ${unit.name}${input.note ? `: ${input.note}` : ''}`,
  });
  work.emit(unitEvents.UnitConfirmed, { unitId: unit.id, name: unit.name, note: input.note });
  await work.commit(deps.store);
  const { unconfirmed: _was, ...confirmed } = unit;
  return confirmed;
}

async function changeMembers(
  deps: CommandDeps,
  caller: Caller,
  group: Unit,
  memberIds: string[],
  change: { action: string; summary: string; emit: (work: ReturnType<typeof unitOfWork>) => void },
): Promise<Unit> {
  const work = unitOfWork(deps, caller);
  // Conditioned on the membership read: two supervisors editing at once cannot lose each other's change.
  work.update(keys.unit(group.id), new Update().set('memberIds', memberIds), {
    expression: group.memberIds ? 'memberIds = :read' : 'attribute_not_exists(memberIds)',
    values: group.memberIds ? { ':read': group.memberIds } : {},
  });
  work.audit({
    entityType: 'Unit',
    entityId: group.id,
    action: change.action,
    summary: change.summary,
    changes: { memberIds: [group.memberIds ?? [], memberIds] },
  });
  change.emit(work);
  await work.commit(deps.store);
  return { ...group, memberIds };
}
