/** `me`: who the bearer token says the caller is. */
import { type Actor, ROLES } from '../../services/shared/auth/principal.ts';
import { builder } from '../builder.ts';
import { encodeGlobalId } from '../ids.ts';
import { UnitRef } from './unit.ts';

export const RoleEnum = builder.enumType('Role', { values: ROLES });

const MeRef = builder.objectRef<Actor>('Me').implement({
  fields: (t) => ({
    id: t.id({
      description: 'The caller’s global id, `User:<sub>`.',
      resolve: (a) => encodeGlobalId('User', a.id),
    }),
    userId: t.exposeID('id', { description: 'The token’s `sub`.' }),
    name: t.exposeString('name', { nullable: true }),
    roles: t.field({ type: [RoleEnum], resolve: (a) => a.roles }),
    unit: t.field({
      type: UnitRef,
      nullable: true,
      resolve: (a, _args, ctx) => (a.unitId ? ctx.loaders.unit.load(a.unitId) : null),
    }),
  }),
});

builder.queryField('me', (t) =>
  t.withAuth({ authenticated: true }).field({
    type: MeRef,
    resolve: (_root, _args, ctx) => ctx.actor,
  }),
);
