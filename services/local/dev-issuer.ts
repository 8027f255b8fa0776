/**
 * The local development issuer: an ES256 key pair created on first start and kept in a folder, so the
 * token command and the running server agree without any configuration.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Role } from '../shared/auth/principal.ts';
import { createTokenVerifier, type TokenVerifier } from '../shared/auth/verify.ts';

export const DEV_ISSUER = 'https://clearwater.local/dev-issuer';
export const DEV_AUDIENCE = 'clearwater-local';
const ALG = 'ES256';

interface KeyFile {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function ensureDevKeys(dir: string): Promise<KeyFile> {
  const file = join(dir, 'dev-issuer-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const keyFile: KeyFile = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
  };
  writeFileSync(file, JSON.stringify(keyFile, null, 2), { mode: 0o600 });
  return keyFile;
}

export async function devVerifier(dir: string, maxLifetimeSeconds?: number): Promise<TokenVerifier> {
  const { publicJwk } = await ensureDevKeys(dir);
  return createTokenVerifier({
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    keys: createLocalJWKSet({ keys: [publicJwk] }),
    maxLifetimeSeconds,
  });
}

export interface DevTokenRequest {
  roles: Role[];
  unit?: string;
  sub?: string;
  name?: string;
  /** Lifetime, e.g. `8h` (default); the server refuses one over its maximum (12 h unless configured). */
  expiresIn?: string;
}

export async function signDevToken(dir: string, request: DevTokenRequest): Promise<string> {
  const { privateJwk, kid } = await ensureDevKeys(dir);
  const key = await importJWK(privateJwk, ALG);
  const sub =
    request.sub ?? `dev-${request.roles.join('-').toLowerCase()}${request.unit ? `-${request.unit}` : ''}`;
  return new SignJWT({
    name: request.name ?? sub,
    roles: request.roles,
    ...(request.unit ? { unit: request.unit } : {}),
  })
    .setProtectedHeader({ alg: ALG, kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '8h')
    .sign(key);
}
