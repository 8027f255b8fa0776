/** What every Lambda handler shares, built once per cold start from the environment. */
import { validateSettings } from '../app/settings.ts';
import { systemClock } from '../shared/clock.ts';
import { ENV, optionalEnv, requiredEnv } from '../shared/config.ts';
import { loadSettings } from '../shared/settings.ts';
import { createStore, type Store } from '../shared/store/client.ts';
import { districtTime } from '../shared/time/zone.ts';

let store: Store | undefined;

export function lambdaStore(): Store {
  store ??= createStore({
    tableName: requiredEnv(ENV.tableName),
    endpoint: optionalEnv(ENV.dynamoEndpoint, '') || undefined,
  });
  return store;
}

export const clock = systemClock;

/** The operator's settings and the district's time, read once per cold start; invalid settings fail it. */
export const settings = validateSettings(loadSettings());
export const time = districtTime(settings);
