/**
 * Builds the GraphQL server. `yoga.fetch(...)` serves tests in-process; the Lambda adapter and the
 * local dev server wrap the same instance.
 */
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Actor } from '../services/shared/auth/principal.ts';
import { bearerToken, type TokenVerifier } from '../services/shared/auth/verify.ts';
import type { Clock } from '../services/shared/clock.ts';
import { DomainError } from '../services/shared/errors.ts';
import { newId } from '../services/shared/ids.ts';
import type { Settings } from '../services/shared/settings.ts';
import type { Store } from '../services/shared/store/client.ts';
import type { DistrictTime } from '../services/shared/time/zone.ts';
import { type Context, createLoaders } from './context.ts';
import { maskError } from './errors.ts';
import { outfallExports } from './outfall-exports.ts';
import { schema } from './schema.ts';

export interface ServerOptions {
  store: Store;
  clock: Clock;
  verifier: TokenVerifier;
  graphiql?: boolean;
  /** Local runtime only: accept http://localhost and http://127.0.0.1 webhook URLs. */
  allowInsecureLocalhost?: boolean;
  log?: (message: string, error: unknown) => void;
  /** The operator's settings; default: every section at its defaults. */
  settings?: Settings;
  /** The district's UTC offset and holiday calendar; default +08:00 and the calendar package's years. */
  time?: DistrictTime;
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

export function createServer(options: ServerOptions): ClearwaterYoga {
  const log = options.log ?? ((message, error) => console.error(message, error));
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.graphiql ?? false,
    landingPage: false,
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
    plugins: [validationCodes, outfallExports(options)],
    maskedErrors: {
      maskError: (error, message) => maskError(error, message, log),
    },
    context: async ({ request }): Promise<Context> => ({
      actor: await authenticate(request.headers.get('authorization'), options.verifier),
      store: options.store,
      clock: options.clock,
      correlationId: request.headers.get('x-correlation-id') ?? newId(options.clock.now()),
      loaders: createLoaders(options.store),
      allowInsecureLocalhost: options.allowInsecureLocalhost ?? false,
      settings: options.settings,
      time: options.time,
    }),
  });
}

async function authenticate(header: string | null, verifier: TokenVerifier): Promise<Actor | null> {
  try {
    const token = bearerToken(header);
    return token ? await verifier.verify(token) : null;
  } catch (error) {
    if (error instanceof DomainError) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
    }
    throw error;
  }
}
