/** The one Pothos builder. Type files in `types/` register on it by side effect. */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { hasRole } from '../services/shared/auth/principal.ts';
import { BadUserInputError } from '../services/shared/errors.ts';
import type { AuthenticatedContext, Context } from './context.ts';
import { assertNodeType, decodeGlobalId, encodeGlobalId } from './ids.ts';
import { STRING_LIMITS_PLUGIN } from './string-limits-schema.ts';

const MAX_NODES = 100;

export const builder = new SchemaBuilder<{
  Context: Context;
  /** A field behind any of these scopes resolves with `ctx.actor` known to be present (`t.withAuth`). */
  AuthContexts: {
    authenticated: AuthenticatedContext;
    supervisor: AuthenticatedContext;
    unitOfficer: AuthenticatedContext;
    enforcementOfficer: AuthenticatedContext;
    policeOfficer: AuthenticatedContext;
    integrator: AuthenticatedContext;
  };
  AuthScopes: {
    authenticated: boolean;
    supervisor: boolean;
    unitOfficer: boolean;
    enforcementOfficer: boolean;
    policeOfficer: boolean;
    integrator: boolean;
  };
  Scalars: {
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  // Every String, ID and JSON argument and input field gets its maximum length.
  plugins: [ScopeAuthPlugin, RelayPlugin, STRING_LIMITS_PLUGIN],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Readable global ids, `<Type>:<domain id>` (graphql/ids.ts).
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    // Signed-in callers only; each type's loader applies the access rules of its root fields and
    // answers null for what the caller may not see (graphql/types/*.ts).
    nodeQueryOptions: {
      authScopes: { authenticated: true },
      description:
        'Any entity by its global id (`<Type>:<domain id>`); null if it does not exist or is not yours to see.',
      resolve: (_root, { id }, _ctx, info, resolveNode) => {
        assertNodeType(info.schema, id.typename, 'id');
        return resolveNode(id);
      },
    },
    nodesQueryOptions: {
      authScopes: { authenticated: true },
      description: `Entities by global id, in order (at most ${MAX_NODES}); null for each that does not exist or is not yours to see.`,
      resolve: (_root, { ids }, _ctx, info, resolveNodes) => {
        if (ids.length > MAX_NODES) {
          throw new BadUserInputError([{ field: 'ids', message: `at most ${MAX_NODES} ids` }]);
        }
        for (const [i, id] of ids.entries()) assertNodeType(info.schema, id.typename, `ids.${i}`);
        return resolveNodes(ids);
      },
    },
  },
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: !!ctx.actor,
      supervisor: hasRole(ctx.actor, 'SUPERVISOR'),
      unitOfficer: hasRole(ctx.actor, 'UNIT_OFFICER'),
      enforcementOfficer: hasRole(ctx.actor, 'ENFORCEMENT_OFFICER'),
      policeOfficer: hasRole(ctx.actor, 'POLICE_OFFICER'),
      integrator: hasRole(ctx.actor, 'INTEGRATOR'),
    }),
    unauthorizedError: (_parent, ctx, info) =>
      ctx.actor
        ? new GraphQLError(`Your roles do not allow ${info.parentType.name}.${info.fieldName}`, {
            extensions: { code: 'FORBIDDEN' },
          })
        : // The one answer for a missing token and for any token that failed verification (graphql/caller.ts).
          new GraphQLError('Authentication required: send a valid bearer token', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          }),
  },
});

builder.queryType({});
builder.mutationType({});
