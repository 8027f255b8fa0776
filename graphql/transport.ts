/**
 * Checks on the request itself, before GraphQL parses anything: params that are not JSON are a coded
 * 400, a content type that no parser reads a coded 415, and a query text too long or too deeply
 * bracketed, or JSON variables nested too deep, are refused by a linear scan (the parser and
 * graphql-js's walkers recurse, so depth must be bounded before them).
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { limitError } from './armor.ts';
import { tierOf } from './caller.ts';
import { type DocumentLimits, QUERY_LIMITS } from './limits.ts';

/** GET and form requests carry `variables` and `extensions` as JSON text; yoga lets JSON.parse throw. */
function badParams(): GraphQLError {
  return new GraphQLError('The `variables` and `extensions` parameters must be JSON objects', {
    extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
  });
}

function unsupportedMediaType(): GraphQLError {
  return new GraphQLError(
    'Send the request as application/json (or a GET with a query string, or a form or multipart POST)',
    { extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } } },
  );
}

/** Deepest `{`, `[` or `(` nesting of a GraphQL text, skipping strings and comments; stops past `limit`. */
export function bracketDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"') {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        if (end < 0) return deepest;
        i = end + 2;
      } else {
        for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
      }
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
    }
  }
  return deepest;
}

/** Whether objects and arrays nest deeper than `limit` in a JSON value; iterative, so any depth is safe. */
export function jsonDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

function refusal(
  params: { query?: unknown; variables?: unknown; extensions?: unknown },
  limits: DocumentLimits,
) {
  const { query } = params;
  if (typeof query === 'string') {
    if (query.length > limits.characters)
      return limitError(
        'characters',
        `Query text limit of ${limits.characters} characters exceeded, found ${query.length}.`,
      );
    const depth = bracketDepth(query, limits.nesting);
    if (depth > limits.nesting)
      return limitError('nesting', `Bracket nesting limit of ${limits.nesting} exceeded.`);
  }
  for (const name of ['variables', 'extensions'] as const) {
    if (jsonDeeperThan(params[name] ?? null, limits.variablesDepth + 1))
      return limitError(
        'variablesDepth',
        `Nesting limit of ${limits.variablesDepth} exceeded in \`${name}\`.`,
      );
  }
  return undefined;
}

export function useTransportChecks(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      // Yoga answers a content type it cannot read with an empty 415: give it a body and a code.
      if (!requestParser) {
        setRequestParser(() => {
          throw unsupportedMediaType();
        });
        return;
      }
      const parse = requestParser;
      setRequestParser(async (request) => {
        try {
          return await parse(request);
        } catch (error) {
          if (error instanceof SyntaxError) throw badParams();
          throw error;
        }
      });
    },
    // Runs after `useCaller` (plugins run in order), so the caller's tier is known.
    onParams({ request, params, setResult }) {
      const error = refusal(params, QUERY_LIMITS[tierOf(request)]);
      if (error) setResult({ errors: [error] });
    },
  };
}
