/** Lambda adapter for the GraphQL API (API Gateway HTTP API, payload 2.0) over the same yoga server. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { parseCorsOrigins } from '../../graphql/cors.ts';
import { createServer } from '../../graphql/yoga.ts';
import { DEFAULT_TOKEN_MAX_LIFETIME_SECONDS, parseLifetime, remoteVerifier } from '../shared/auth/verify.ts';
import { ENV, optionalEnv, requiredEnv } from '../shared/config.ts';
import { correlationIdOf, toRequest, toResult } from './http-api.ts';
import { invocation, telemetry } from './observability.ts';
import { clock, lambdaStore, settings, time } from './runtime.ts';

// No tracer here: the X-Ray SDK would take this bundle over its 1 MB budget (see tracing.ts). The function
// is still traced actively by Lambda (invocation and initialization segments).
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
  // GraphiQL is served by the local runtime only: nothing GraphiQL-related is imported into this bundle.
  telemetry,
  log: (message, error) => telemetry.log('error', message, { error }),
});

export async function handler(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  const correlationId = correlationIdOf(event, context.awsRequestId);
  return invocation(context, { correlation_id: correlationId }, async () =>
    toResult(await yoga.fetch(...toRequest(event, correlationId))),
  );
}
