/** The contract of a rule target: a handler that receives one bus event. Idempotent on `eventId`. */
import type { Clock } from '../shared/clock.ts';
import type { Store } from '../shared/store/client.ts';
import type { Telemetry } from '../shared/telemetry.ts';
import type { BusEvent } from './envelope.ts';

export interface TargetDeps {
  store: Store;
  clock: Clock;
  /** HTTP client for outbound calls (webhooks); the global fetch unless a test swaps it. */
  fetch: typeof fetch;
  /** Local runtime only: extra http origins allowed for webhooks (http://localhost, http://127.0.0.1). */
  allowInsecureLocalhost?: boolean;
  /** Where handlers log and count what they did; silent when absent. */
  telemetry?: Telemetry;
}

export type TargetHandler = (event: BusEvent, deps: TargetDeps) => Promise<void>;
