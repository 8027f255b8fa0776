/** Lambda adapter for the GraphQL API (API Gateway HTTP API, payload 2.0) over the same yoga server. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { parseCorsOrigins } from '../../graphql/cors.ts';
import { createServer } from '../../graphql/yoga.ts';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, parseLifetime, remoteVerifier } from '../shared/auth/verify.ts';
import { ENV, optionalEnv, requiredEnv } from '../shared/config.ts';
import { clock, lambdaStore, settings, time } from './runtime.ts';

const yoga = createServer({
  store: lambdaStore(),
  clock,
  verifier: remoteVerifier(
    requiredEnv(ENV.jwtIssuer),
    optionalEnv(ENV.jwtAudience, '') || undefined,
    optionalEnv(ENV.jwksUrl, '') || undefined,
    parseLifetime(optionalEnv(ENV.tokenMaxLifetime, String(DEFAULT_TOKEN_MAX_LIFETIME_SECONDS))),
  ),
  settings,
  time,
  // In AWS the HTTP API answers CORS itself from the same list; this covers other front doors.
  corsOrigins: parseCorsOrigins(optionalEnv(ENV.corsOrigins, '')),
});

export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const url = `https://${event.requestContext.domainName}${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers.set(name, value);
  if (!headers.has('x-correlation-id')) headers.set('x-correlation-id', context.awsRequestId);
  const method = event.requestContext.http.method;
  const body =
    method === 'GET' || method === 'HEAD' || !event.body
      ? undefined
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64')
        : event.body;
  const response = await yoga.fetch(url, { method, headers, body });
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body: await response.text(),
  };
}
