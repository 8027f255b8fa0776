/**
 * What domain code needs from the world, built once at start (a Lambda cold start, the local runtime)
 * and passed down: the store, the clock, the operator's settings and the district's time.
 */
import type { z } from 'zod';
import type { Clock } from './clock.ts';
import type { HostResolver, PinnedSender } from './outbound.ts';
import { readSection, type Settings } from './settings.ts';
import type { Store } from './store/client.ts';
import type { Telemetry } from './telemetry.ts';
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
  /** DNS for outbound requests; absent = `dns.lookup` (tests inject one). */
  resolveHost?: HostResolver;
  /** Sends a request to the address that was checked; absent = node:http(s) (tests may inject one). */
  sendHttp?: PinnedSender;
  /** Local runtime only: webhooks may target http://localhost, http://127.0.0.1 and loopback addresses. */
  allowInsecureLocalhost?: boolean;
  /** Where handlers log and count what they did; silent when absent. */
  telemetry?: Telemetry;
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
