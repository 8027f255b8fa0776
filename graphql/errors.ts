/**
 * Error masking: domain errors reach clients with their stable `extensions.code`; GraphQL's own
 * errors pass through; anything else is masked and logged with the correlation id.
 */
import { GraphQLError } from 'graphql';
import { DomainError } from '../services/shared/errors.ts';

/** By name as well as by class: a dependency may carry its own copy of graphql-js. */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError || (error instanceof Error && error.name === 'GraphQLError');
}

export function maskError(error: unknown, message: string, log: (message: string, error: unknown) => void) {
  const original = isGraphQLError(error) ? error.originalError : error;
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, {
      nodes: isGraphQLError(error) ? error.nodes : undefined,
      path: isGraphQLError(error) ? error.path : undefined,
      extensions: { ...original.details, code: original.code },
    });
  }
  if (isGraphQLError(error) && (!original || isGraphQLError(original))) {
    // GraphQL's own input errors (e.g. a variable of the wrong type) carry no code: they are bad input.
    const inner = original && isGraphQLError(original) ? original : undefined;
    const code = error.extensions?.code ?? inner?.extensions?.code ?? 'BAD_USER_INPUT';
    const complete = error.extensions?.code && (code !== 'BAD_USER_INPUT' || error.extensions.field);
    return complete
      ? error
      : new GraphQLError(error.message, {
          nodes: error.nodes,
          path: error.path,
          extensions: { ...error.extensions, code, ...fieldOf(error.message) },
        });
  }
  log('Unexpected error in a resolver', error);
  return new GraphQLError(message, {
    path: isGraphQLError(error) ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/** `Variable "$input" got invalid value … at "input.percentComplete"` → `{ field: 'input.percentComplete' }`. */
function fieldOf(message: string): { field?: string } {
  const match = /at "([^"]+)"/.exec(message) ?? /Variable "\$([^"]+)"/.exec(message);
  return match?.[1] ? { field: match[1] } : {};
}
