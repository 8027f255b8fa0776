/**
 * Error masking: domain errors reach clients with their stable `extensions.code`; GraphQL's own
 * errors pass through; anything else is masked and logged with the correlation id. Nothing a client
 * sent is echoed unbounded: messages and extension strings are cut, and `problems` lists at most
 * `MAX_PROBLEMS` (with `problemCount` giving the total).
 */
import { GraphQLError } from 'graphql';
import { DomainError } from '../services/shared/errors.ts';

export const MAX_MESSAGE_LENGTH = 500;
export const MAX_ECHOED_VALUE_LENGTH = 200;
export const MAX_PROBLEMS = 20;

/** By name as well as by class: a dependency may carry its own copy of graphql-js. */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError || (error instanceof Error && error.name === 'GraphQLError');
}

export function maskError(error: unknown, message: string, log: (message: string, error: unknown) => void) {
  return boundError(unbounded(error, message, log));
}

function unbounded(error: unknown, message: string, log: (message: string, error: unknown) => void) {
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

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Strings cut, arrays shortened, nesting flattened: a bounded copy of any extension value. */
function bounded(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cut(value, MAX_ECHOED_VALUE_LENGTH);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 3) return '…';
  if (Array.isArray(value)) return value.slice(0, MAX_PROBLEMS).map((v) => bounded(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bounded(v, depth + 1)]));
}

/**
 * The same error with its message and extensions bounded; the error itself when nothing was over. The
 * `originalError` extension that yoga adds to a body that is not JSON quotes the body: it is dropped.
 */
export function boundError(error: GraphQLError): GraphQLError {
  const { http, originalError, problems, ...rest } = (error.extensions ?? {}) as Record<string, unknown>;
  const extensions: Record<string, unknown> = bounded(rest) as Record<string, unknown>;
  if (Array.isArray(problems)) {
    extensions.problems = bounded(problems);
    if (problems.length > MAX_PROBLEMS) extensions.problemCount = problems.length;
  }
  const message = cut(error.message, MAX_MESSAGE_LENGTH);
  const unchanged =
    originalError === undefined &&
    message === error.message &&
    JSON.stringify(extensions) ===
      JSON.stringify({ ...rest, ...(problems === undefined ? {} : { problems }) });
  if (unchanged) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    // Without `originalError` yoga would take a body that is not JSON for a GraphQL error (200 for
    // application/json): keep its status as a plain HTTP one.
    extensions:
      http === undefined
        ? extensions
        : { ...extensions, http: originalError ? { status: (http as { status?: number }).status } : http },
  });
}
