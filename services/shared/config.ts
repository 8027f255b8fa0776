/** Configuration read once from the environment; a missing required variable fails loudly at cold start. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

export function optionalEnv(name: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

/** Names of the environment variables the service functions read; the CDK stack sets the same ones. */
export const ENV = {
  tableName: 'CLEARWATER_TABLE',
  busName: 'CLEARWATER_BUS',
  dynamoEndpoint: 'CLEARWATER_DYNAMODB_ENDPOINT',
  jwtIssuer: 'CLEARWATER_JWT_ISSUER',
  jwtAudience: 'CLEARWATER_JWT_AUDIENCE',
  jwksUrl: 'CLEARWATER_JWKS_URL',
  /** Longest accepted bearer-token lifetime (`exp - iat`), e.g. `12h` (the default). */
  tokenMaxLifetime: 'CLEARWATER_TOKEN_MAX_LIFETIME',
  /** Browser origins allowed by CORS, comma-separated (`scheme://host[:port]`). */
  corsOrigins: 'CLEARWATER_CORS_ORIGINS',
  publisherDlqUrl: 'CLEARWATER_PUBLISHER_DLQ_URL',
} as const;
