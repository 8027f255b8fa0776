/** Lambda adapter for the GraphQL API (API Gateway HTTP API, payload 2.0) over the same yoga server. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createServer } from '../../graphql/yoga.ts';
import { remoteVerifier } from '../shared/auth/verify.ts';
import { ENV, optionalEnv, requiredEnv } from '../shared/config.ts';
import { correlationIdOf, toRequest, toResult } from './http-api.ts';
import { invocation, telemetry } from './observability.ts';
import { clock, lambdaStore } from './runtime.ts';

// No tracer here: the X-Ray SDK would take this bundle over its 1 MB budget (see tracing.ts). The function
// is still traced actively by Lambda (invocation and initialization segments).
const yoga = createServer({
  store: lambdaStore(),
  clock,
  verifier: remoteVerifier(
    requiredEnv(ENV.jwtIssuer),
    optionalEnv(ENV.jwtAudience, '') || undefined,
    optionalEnv(ENV.jwksUrl, '') || undefined,
  ),
  // GraphiQL is served by the local runtime only: nothing GraphiQL-related is imported into this bundle.
  graphiql: false,
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
