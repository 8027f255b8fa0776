/**
 * Builds the GraphQL server. `yoga.fetch(...)` serves tests in-process; the Lambda adapter and the
 * local dev server wrap the same instance.
 */
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance, type YogaServerOptions } from 'graphql-yoga';
import type { TokenVerifier } from '../services/shared/auth/verify.ts';
import type { Clock } from '../services/shared/clock.ts';
import { DomainError } from '../services/shared/errors.ts';
import { newId } from '../services/shared/ids.ts';
import type { HostResolver } from '../services/shared/outbound.ts';
import type { Settings } from '../services/shared/settings.ts';
import type { Store } from '../services/shared/store/client.ts';
import type { Telemetry } from '../services/shared/telemetry.ts';
import type { DistrictTime } from '../services/shared/time/zone.ts';
import { useQueryLimits } from './armor.ts';
import { requestActor, useCaller } from './caller.ts';
import { type Context, createLoaders } from './context.ts';
import { corsFor } from './cors.ts';
import { boundError, maskError } from './errors.ts';
import { REQUEST_BODY_MAX_BYTES } from './limits.ts';
import { outfallExports } from './outfall-exports.ts';
import { schema } from './schema.ts';
import { useStringLimits } from './string-limits-check.ts';
import { useTransportChecks } from './transport.ts';

/** Renders the GraphiQL page, e.g. `renderGraphiQL` of `@graphql-yoga/render-graphiql` (assets inlined). */
export type GraphiqlRenderer = NonNullable<YogaServerOptions<object, object>['renderGraphiQL']>;

import { telemetryPlugin } from './telemetry.ts';

export interface ServerOptions {
  store: Store;
  clock: Clock;
  verifier: TokenVerifier;
  /** Serve GraphiQL with this renderer; none: no GraphiQL (yoga's own page would load its assets from a CDN). */
  graphiql?: GraphiqlRenderer;
  /** Browser origins allowed to call (`scheme://host[:port]`, `:*` for any port); none by default. */
  corsOrigins?: readonly string[];
  /** Local runtime only: accept http://localhost and http://127.0.0.1 webhook URLs. */
  allowInsecureLocalhost?: boolean;
  /** DNS for checking webhook URLs; default: the system resolver (tests inject one). */
  resolveHost?: HostResolver;
  log?: (message: string, error: unknown) => void;
  /** The operator's settings; default: every section at its defaults. */
  settings?: Settings;
  /** The district's UTC offset and holiday calendar; default +08:00 and the calendar package's years. */
  time?: DistrictTime;
  /** Counts operations and errors by code, and logs one line per operation. */
  telemetry?: Telemetry;
}

export type ClearwaterYoga = YogaServerInstance<Record<string, unknown>, Context>;

/** Query validation errors get a code too, so every error a client sees has one. */
const validationCodes: Plugin = {
  onValidate:
    () =>
    ({ result, setResult }) => {
      if (result.length === 0) return;
      setResult(
        result.map(
          (error) =>
            new GraphQLError(error.message, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              // `http` as yoga marks spec errors: 400 unless the client asked for plain application/json.
              extensions: {
                http: { spec: true, status: 400 },
                ...error.extensions,
                code: 'GRAPHQL_VALIDATION_FAILED',
              },
            }),
        ),
      );
    },
};

/** Parse, validation and transport errors bypass masking: bound what they echo here too. */
const boundedErrors: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
    setResult({ ...result, errors: result.errors.map((error) => boundError(error as GraphQLError)) });
  },
};

export function createServer(options: ServerOptions): ClearwaterYoga {
  const log = options.log ?? ((message, error) => console.error(message, error));
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.graphiql ? { title: 'Clearwater GraphiQL' } : false,
    renderGraphiQL: options.graphiql,
    landingPage: false,
    cors: corsFor(options.corsOrigins ?? []),
    maxRequestBodySize: REQUEST_BODY_MAX_BYTES,
    // Parsed documents are cached by text; validation results are not, because they depend on the
    // caller's limits, and neither are parse errors (a token limit is per caller too).
    parserAndValidationCache: { validationCache: false, errorCache: { get: () => undefined, set: () => {} } },
    // Expected failures (domain errors, bad queries) are answers, not incidents: only the unexpected is logged.
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => log('GraphQL warning', args),
      error: (...args: unknown[]) => {
        if (!args.some((a) => a instanceof DomainError || (a as Error)?.name === 'GraphQLError'))
          log('GraphQL error', args);
      },
    },
    // In order: who calls, then the checks before parsing, then Armor's limits while parsing and
    // validating, then the length of every string argument before executing.
    plugins: [
      useCaller(options.verifier),
      useTransportChecks(),
      useQueryLimits(),
      validationCodes,
      useStringLimits(),
      boundedErrors,
      outfallExports(options),
      ...(options.telemetry ? [telemetryPlugin(options.telemetry)] : []),
    ],
    maskedErrors: {
      maskError: (error, message) => maskError(error, message, log),
    },
    context: ({ request }): Context => ({
      actor: requestActor(request),
      store: options.store,
      clock: options.clock,
      correlationId: request.headers.get('x-correlation-id') ?? newId(options.clock.now()),
      loaders: createLoaders(options.store),
      allowInsecureLocalhost: options.allowInsecureLocalhost ?? false,
      resolveHost: options.resolveHost,
      settings: options.settings,
      time: options.time,
    }),
  });
}
