/** Units: the agencies, townships and groups that tasks are assigned to. */
import { UNIT_KINDS, type Unit } from '../../services/units/model.ts';
import { builder } from '../builder.ts';
import { type Context, callerOf, depsOf, loadUnits, orNull } from '../context.ts';
import { domainId, idParts } from '../ids.ts';
import { lazy } from '../lazy.ts';
import { HasHistoryRef } from './history.ts';

// Loaded on a mutation's first call (graphql/commands.ts): cold starts do not parse the commands.
const { addGroupMember, confirmUnit, removeGroupMember } = lazy(() => import('../commands.ts'));

export const UnitKindEnum = builder.enumType('UnitKind', { values: UNIT_KINDS });

export const UnitRef = builder.objectRef<Unit>('Unit');

builder.node(UnitRef, {
  description: 'A responsible unit (agency, township, park, police) or a group of units such as 各乡镇办.',
  interfaces: [HasHistoryRef],
  id: { resolve: (u) => u.id, parse: (id) => idParts(id, 'Unit', 1)[0] as string },
  loadMany: (ids, ctx) => ctx.loaders.unit.loadMany(ids).then(orNull),
  fields: (t) => ({
    unitId: t.exposeID('id', { description: 'The unit’s own id, e.g. `xiezhou`.' }),
    name: t.exposeString('name'),
    shortName: t.exposeString('shortName', { nullable: true }),
    kind: t.field({ type: UnitKindEnum, resolve: (u) => u.kind }),
    source: t.exposeString('source', {
      nullable: true,
      description: 'Where the unit’s data comes from when not from a plan document, e.g. a public listing.',
    }),
    unconfirmed: t.boolean({
      description: 'True while the district has not confirmed the unit (or a group’s membership).',
      resolve: (u) => !!u.unconfirmed,
    }),
    members: t.field({
      type: [UnitRef],
      description: 'For a group: its member units.',
      resolve: (u, _args, ctx) => loadUnits(ctx, u.memberIds ?? []),
    }),
    groups: t.field({
      type: [UnitRef],
      description: 'The groups this unit belongs to.',
      resolve: async (u, _args, ctx) =>
        (await ctx.loaders.allUnits()).filter((g) => g.memberIds?.includes(u.id)),
    }),
  }),
});

builder.queryFields((t) => ({
  units: t.field({
    type: [UnitRef],
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => ctx.loaders.allUnits(),
  }),
  unit: t.field({
    type: UnitRef,
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, description: 'Global (`Unit:xiezhou`) or plain (`xiezhou`).' }) },
    resolve: (_root, { id }, ctx) => ctx.loaders.unit.load(domainId(id, 'Unit')),
  }),
}));

const GroupMemberInput = builder.inputType('GroupMemberInput', {
  fields: (t) => ({
    groupId: t.id({ required: true, description: 'The group, e.g. yanhu-townships (各乡镇办).' }),
    unitId: t.id({ required: true }),
    reason: t.string({ required: true, description: 'At most 500 characters.' }),
  }),
});

const ConfirmUnitInput = builder.inputType('ConfirmUnitInput', {
  fields: (t) => ({
    unitId: t.id({ required: true }),
    note: t.string({ description: 'At most 500 characters, e.g. the confirming document.' }),
  }),
});

/** Answers the unit as the command left it, and forgets cached unit reads of this request. */
async function unitAfter(ctx: Context, change: Promise<Unit>): Promise<Unit> {
  const unit = await change;
  ctx.loaders.unit.clear(unit.id).prime(unit.id, unit);
  return unit;
}

builder.mutationFields((t) => ({
  addGroupMember: t.withAuth({ supervisor: true }).field({
    type: UnitRef,
    description: 'Adds a unit to a group (supervisor); audited, with the event UnitGroupMemberAdded.',
    args: { input: t.arg({ type: GroupMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      unitAfter(
        ctx,
        addGroupMember(depsOf(ctx), callerOf(ctx), {
          ...input,
          groupId: String(input.groupId),
          unitId: String(input.unitId),
        }),
      ),
  }),
  removeGroupMember: t.withAuth({ supervisor: true }).field({
    type: UnitRef,
    description: 'Removes a unit from a group (supervisor); audited, with the event UnitGroupMemberRemoved.',
    args: { input: t.arg({ type: GroupMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      unitAfter(
        ctx,
        removeGroupMember(depsOf(ctx), callerOf(ctx), {
          ...input,
          groupId: String(input.groupId),
          unitId: String(input.unitId),
        }),
      ),
  }),
  confirmUnit: t.withAuth({ supervisor: true }).field({
    type: UnitRef,
    description: 'Records that the district confirmed a unit taken from public listings (supervisor).',
    args: { input: t.arg({ type: ConfirmUnitInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      unitAfter(
        ctx,
        confirmUnit(depsOf(ctx), callerOf(ctx), {
          unitId: String(input.unitId),
          note: input.note ?? undefined,
        }),
      ),
  }),
}));
