/** The contract of a rule target: a handler that receives one bus event. Idempotent on `eventId`. */
import type { OutboundDeps } from '../deps.ts';
import type { BusEvent } from './envelope.ts';

/** A target's dependencies: the store, the clock, settings, and `fetch` for outbound calls (webhooks). */
export type TargetDeps = OutboundDeps;

export type TargetHandler = (event: BusEvent, deps: TargetDeps) => Promise<void>;
