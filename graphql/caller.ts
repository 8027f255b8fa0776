/**
 * Who is calling. The bearer token is verified once per request, before the document is parsed, so the
 * query limits can depend on it; the GraphQL context reads the result with `requestActor(request)`.
 */
import type { Plugin } from 'graphql-yoga';
import type { Actor } from '../services/shared/auth/principal.ts';
import { bearerToken, type TokenVerifier } from '../services/shared/auth/verify.ts';
import { DomainError } from '../services/shared/errors.ts';
import type { CallerTier } from './limits.ts';

const callers = new WeakMap<Request, Actor | null>();

/**
 * A missing token and a token that fails any check (malformed, expired, no `exp`, too long-lived, foreign
 * key or audience, no known role) both make an anonymous caller: every field that needs a caller then
 * answers the same `UNAUTHENTICATED` (HTTP 401), so an answer never tells which check failed.
 */
async function identify(header: string | null, verifier: TokenVerifier): Promise<Actor | null> {
  try {
    const token = bearerToken(header);
    return token ? await verifier.verify(token) : null;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

export function useCaller(verifier: TokenVerifier): Plugin {
  return {
    async onParams({ request }) {
      if (!callers.has(request))
        callers.set(request, await identify(request.headers.get('authorization'), verifier));
    },
  };
}

export function requestActor(request: Request | undefined): Actor | null {
  return (request && callers.get(request)) ?? null;
}

export function tierOf(request: Request | undefined): CallerTier {
  return requestActor(request) ? 'authenticated' : 'anonymous';
}
