/** Units: the agencies, townships and groups that tasks are assigned to. */
import { UNIT_KINDS, type Unit } from '../../services/units/model.ts';
import { builder } from '../builder.ts';
import { loadUnits, orNull } from '../context.ts';
import { domainId, idParts } from '../ids.ts';

export const UnitKindEnum = builder.enumType('UnitKind', { values: UNIT_KINDS });

export const UnitRef = builder.objectRef<Unit>('Unit');

builder.node(UnitRef, {
  description: 'A responsible unit (agency, township, park, police) or a group of units such as 各乡镇办.',
  id: { resolve: (u) => u.id, parse: (id) => idParts(id, 'Unit', 1)[0] as string },
  loadMany: (ids, ctx) => ctx.loaders.unit.loadMany(ids).then(orNull),
  fields: (t) => ({
    unitId: t.exposeID('id', { description: 'The unit’s own id, e.g. `xiezhou`.' }),
    name: t.exposeString('name'),
    shortName: t.exposeString('shortName', { nullable: true }),
    kind: t.field({ type: UnitKindEnum, resolve: (u) => u.kind }),
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
