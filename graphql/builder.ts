/** The one Pothos builder. Type files in `types/` register on it by side effect. */
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { hasRole } from '../services/shared/auth/principal.ts';
import type { AuthenticatedContext, Context } from './context.ts';
import { decodeGlobalId, encodeGlobalId } from './ids.ts';

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
  plugins: [ScopeAuthPlugin, RelayPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // Readable global ids, `<Type>:<domain id>` (graphql/ids.ts).
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    nodeQueryOptions: false,
    nodesQueryOptions: false,
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
