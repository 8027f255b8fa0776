/** What every Lambda handler shares, built once per cold start from the environment. */
import { systemClock } from '../shared/clock.ts';
import { ENV, optionalEnv, requiredEnv } from '../shared/config.ts';
import { createStore, type Store } from '../shared/store/client.ts';

let store: Store | undefined;

export function lambdaStore(): Store {
  store ??= createStore({
    tableName: requiredEnv(ENV.tableName),
    endpoint: optionalEnv(ENV.dynamoEndpoint, '') || undefined,
  });
  return store;
}

export const clock = systemClock;
