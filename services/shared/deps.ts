/**
 * What domain code needs from the world, built once at start (a Lambda cold start, the local runtime)
 * and passed down: the store, the clock, the operator's settings and the district's time.
 */
import type { z } from 'zod';
import type { Clock } from './clock.ts';
import { readSection, type Settings } from './settings.ts';
import type { Store } from './store/client.ts';
import { DEFAULT_TIME_ZONE, packageCalendar } from './time/calendar.ts';
import type { DistrictTime } from './time/zone.ts';

export interface Deps {
  store: Store;
  clock: Clock;
  /** The operator's settings document; absent = every section at its defaults. */
  settings?: Settings;
  /** The district's UTC offset and holiday calendar; absent = +08:00 and the calendar package's years. */
  time?: DistrictTime;
}

/** Deps of code that also calls out (webhooks) — bus targets and deadline kinds. */
export interface OutboundDeps extends Deps {
  fetch: typeof fetch;
  /** Local runtime only: webhooks may target http://localhost and http://127.0.0.1. */
  allowInsecureLocalhost?: boolean;
}

const DEFAULT_TIME: DistrictTime = { timeZone: DEFAULT_TIME_ZONE, calendar: packageCalendar };

export function timeOf(deps: Pick<Deps, 'time'>): DistrictTime {
  return deps.time ?? DEFAULT_TIME;
}

const sections = new WeakMap<Settings, Map<string, unknown>>();
const NO_SETTINGS: Settings = {};

/** A settings section parsed by its schema (defaults applied), parsed once per settings document. */
export function settingOf<S extends z.ZodType>(
  deps: Pick<Deps, 'settings'>,
  name: string,
  schema: S,
): z.output<S> {
  const settings = deps.settings ?? NO_SETTINGS;
  let parsed = sections.get(settings);
  if (!parsed) {
    parsed = new Map();
    sections.set(settings, parsed);
  }
  if (!parsed.has(name)) parsed.set(name, readSection(settings, name, schema));
  return parsed.get(name) as z.output<S>;
}
