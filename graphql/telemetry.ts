/**
 * One log line and one count per GraphQL operation, with the codes of its errors: what an operator
 * reads to see who gets which errors, in Lambda and locally alike.
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { METRIC, type Telemetry } from '../services/shared/telemetry.ts';

export function telemetryPlugin(telemetry: Telemetry): Plugin {
  const operationNames = new WeakMap<Request, string>();
  return {
    onParams: ({ request, params }) => {
      if (params.operationName) operationNames.set(request, params.operationName);
    },
    onResultProcess: ({ request, result }) => {
      // A subscription's stream is not one answer: nothing to count here.
      if (Symbol.asyncIterator in result) return;
      for (const one of Array.isArray(result) ? result : [result]) {
        const errorCodes = codesOf(one);
        telemetry.count(METRIC.graphqlRequests);
        for (const code of errorCodes) telemetry.count(METRIC.graphqlErrors, 1, { code });
        telemetry.log('info', 'GraphQL operation', {
          // Both servers put one on every request: the Lambda adapter and the local runtime.
          correlation_id: request.headers.get('x-correlation-id') ?? undefined,
          operationName: operationNames.get(request),
          ...(errorCodes.length > 0 ? { errorCodes } : {}),
        });
      }
    },
  };
}

function codesOf(result: ExecutionResult): string[] {
  const codes = (result.errors ?? []).map((error) => String(error.extensions?.code ?? 'UNKNOWN'));
  return [...new Set(codes)];
}
