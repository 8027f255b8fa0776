/** Bearer-token verification (jose): a JWT from the configured issuer becomes an Actor. */
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import * as z from 'zod';
import { UnauthenticatedError } from '../errors.ts';
import { type Actor, Role } from './principal.ts';

export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

export interface VerifierOptions {
  issuer: string;
  /** Expected `aud` (or Cognito `client_id`); not checked when absent. */
  audience?: string;
  keys: JWTVerifyGetKey;
}

/**
 * Claims Clearwater reads. Tokens from the local issuer carry `unit` and `roles`; Cognito carries
 * `custom:unit` and `cognito:groups` (one group per role).
 */
const Claims = z.object({
  sub: z.string().min(1),
  name: z.string().optional(),
  unit: z.string().optional(),
  'custom:unit': z.string().optional(),
  roles: z.array(z.string()).optional(),
  'cognito:groups': z.array(z.string()).optional(),
  client_id: z.string().optional(),
  token_use: z.string().optional(),
});

export function actorFromClaims(payload: JWTPayload): Actor {
  const parsed = Claims.safeParse(payload);
  if (!parsed.success) throw new UnauthenticatedError('The token lacks a subject');
  const claims = parsed.data;
  const roles = [...(claims.roles ?? []), ...(claims['cognito:groups'] ?? [])]
    .map((r) => Role.safeParse(r))
    .flatMap((r) => (r.success ? [r.data] : []));
  return {
    kind: 'USER',
    id: claims.sub,
    name: claims.name,
    unitId: claims.unit ?? claims['custom:unit'],
    roles: [...new Set(roles)],
  };
}

export function createTokenVerifier({ issuer, audience, keys }: VerifierOptions): TokenVerifier {
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, { issuer, clockTolerance: 30 }));
      } catch {
        throw new UnauthenticatedError('The bearer token is invalid or expired');
      }
      if (
        audience &&
        payload.aud !== audience &&
        !(Array.isArray(payload.aud) && payload.aud.includes(audience))
      ) {
        // Cognito access tokens carry the app client in `client_id` rather than `aud`.
        if (payload.client_id !== audience)
          throw new UnauthenticatedError('The bearer token is for another audience');
      }
      return actorFromClaims(payload);
    },
  };
}

/** A verifier for an OIDC issuer (Cognito or another), keys fetched from its JWKS and cached. */
export function remoteVerifier(issuer: string, audience?: string, jwksUrl?: string): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl ?? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  return createTokenVerifier({ issuer, audience, keys });
}

/** Reads `Authorization: Bearer <token>`; null when there is no such header. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError('The Authorization header must be `Bearer <token>`');
  return match[1] ?? null;
}
