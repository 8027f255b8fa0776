/**
 * GraphQL Armor (max depth, aliases, directives, tokens, cost; field suggestions) with the limits of the
 * caller's tier from `limits.ts`. Armor's plugins are fixed per server, so one set is built per tier and
 * this plugin forwards each parse and validation to the set of the request's caller.
 */
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { tierOf } from './caller.ts';
import {
  type CallerTier,
  type DocumentLimits,
  LIMIT_ERROR_CODE,
  type LimitName,
  QUERY_LIMITS,
} from './limits.ts';

/** A refusal for a limit: coded, naming the limit, 400 unless the client accepts only application/json. */
export function limitError(limit: LimitName, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: LIMIT_ERROR_CODE, limit, http: { spec: true, status: 400 } },
  });
}

/** Armor words every refusal as a "Syntax Error"; only the parser's own errors are that. */
const reworded = (error: GraphQLError) => error.message.replace(/^Syntax Error: /, '');

/** Validation rules report through the validation context instead of throwing out of `validate`. */
function report(limit: LimitName) {
  return {
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) =>
        context?.reportError(limitError(limit, reworded(error))),
    ],
  };
}

function armorFor(limits: DocumentLimits) {
  const { plugins } = new EnvelopArmor({
    maxDepth: { n: limits.depth, ignoreIntrospection: true, ...report('depth') },
    maxAliases: { n: limits.aliases, allowList: [], ...report('aliases') },
    maxDirectives: { n: limits.directives, ...report('directives') },
    costLimit: {
      maxCost: limits.cost,
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1.5,
      ignoreIntrospection: true,
      ...report('cost'),
    },
    maxTokens: {
      n: limits.tokens,
      // Thrown while parsing: the parse stops at the first token over the limit.
      onReject: [
        (_context, error) => {
          throw limitError('tokens', reworded(error));
        },
      ],
    },
    blockFieldSuggestion: { enabled: !limits.fieldSuggestions },
  }).protect();
  for (const plugin of plugins) {
    const hooks = Object.keys(plugin).filter((hook) => hook !== 'onParse' && hook !== 'onValidate');
    // Only parse and validation are forwarded below: a new Armor hook must not be silently dropped.
    if (hooks.length > 0) throw new Error(`GraphQL Armor plugin with unforwarded hooks: ${hooks.join(', ')}`);
  }
  return plugins;
}

type Hook<P> = ((payload: P) => unknown) | undefined;

/** Calls every hook with the payload and returns one after-hook that calls theirs. */
function forward<P, A>(hooks: Hook<P>[], payload: P): ((after: A) => void) | undefined {
  const afters = hooks.map((hook) => hook?.(payload)).filter((a): a is (after: A) => void => !!a);
  if (afters.length === 0) return undefined;
  return (after) => {
    for (const fn of afters) fn(after);
  };
}

export function useQueryLimits(): Plugin {
  const armor: Record<CallerTier, ReturnType<typeof armorFor>> = {
    anonymous: armorFor(QUERY_LIMITS.anonymous),
    authenticated: armorFor(QUERY_LIMITS.authenticated),
  };
  const tier = (context: { request?: Request }) => armor[tierOf(context.request)];
  return {
    onParse: (payload) =>
      forward(
        tier(payload.context).map((p) => p.onParse as Hook<typeof payload>),
        payload,
      ),
    onValidate: (payload) =>
      forward(
        tier(payload.context).map((p) => p.onValidate as Hook<typeof payload>),
        payload,
      ),
  };
}
