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
  /** Longest accepted lifetime, `exp - iat`, in seconds. @default DEFAULT_TOKEN_MAX_LIFETIME_SECONDS */
  maxLifetimeSeconds?: number;
}

/** 12 hours: a working day. Cognito's ID tokens live 1 hour by default; the dev issuer's 8 hours. */
export const DEFAULT_TOKEN_MAX_LIFETIME_SECONDS = 12 * 3600;

/** Reads a lifetime such as `12h`, `90m`, `3600s` or `3600` (seconds); throws on anything else. */
export function parseLifetime(text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match?.[2] ?? ''];
  const seconds = match && unit ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0)
    throw new Error(
      `A token lifetime is a positive number of seconds or e.g. 12h, 90m; got ${JSON.stringify(text)}`,
    );
  return seconds;
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
  // Every permission hangs on a role: a signed token without one must not read as a user who may read all.
  if (roles.length === 0) throw new UnauthenticatedError('The token carries no known role');
  return {
    kind: 'USER',
    id: claims.sub,
    name: claims.name,
    unitId: claims.unit ?? claims['custom:unit'],
    roles: [...new Set(roles)],
  };
}

export function createTokenVerifier({
  issuer,
  audience,
  keys,
  maxLifetimeSeconds = DEFAULT_TOKEN_MAX_LIFETIME_SECONDS,
}: VerifierOptions): TokenVerifier {
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        // `maxTokenAge` also refuses an `iat` in the future; a token without `exp` would never expire.
        ({ payload } = await jwtVerify(token, keys, {
          issuer,
          clockTolerance: 30,
          requiredClaims: ['exp', 'iat'],
          maxTokenAge: maxLifetimeSeconds,
        }));
      } catch {
        throw new UnauthenticatedError('The bearer token is invalid or expired');
      }
      // The lifetime is what the issuer granted (`exp - iat`), not only what is left of it.
      if ((payload.exp as number) - (payload.iat as number) > maxLifetimeSeconds)
        throw new UnauthenticatedError('The bearer token lives longer than allowed');
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
export function remoteVerifier(
  issuer: string,
  audience?: string,
  jwksUrl?: string,
  maxLifetimeSeconds?: number,
): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl ?? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  return createTokenVerifier({ issuer, audience, keys, maxLifetimeSeconds });
}

/** Reads `Authorization: Bearer <token>`; null when there is no such header. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError('The Authorization header must be `Bearer <token>`');
  return match[1] ?? null;
}
