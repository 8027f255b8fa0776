/**
 * What every rule target says about the events it handles, in Lambda and in the local runtime alike:
 * the same fields on every line, a log line per handled event, a count per failure.
 */

import type { BusEvent } from '../shared/events/envelope.ts';
import type { TargetHandler } from '../shared/events/target.ts';
import { METRIC, silentTelemetry } from '../shared/telemetry.ts';
import type { TargetName } from './rules.ts';

export interface EventLogFields {
  /** Powertools' key for the correlation id: the event's own, else EventBridge's event id. */
  correlation_id: string;
  eventId: string;
  detailType: string;
  source: string;
}

export function eventLogFields(event: BusEvent): EventLogFields {
  // Optional chaining: a malformed event must still be logged, not crash the logging of it.
  const metadata = event.detail?.metadata;
  return {
    correlation_id: metadata?.correlationId ?? event.id,
    eventId: metadata?.eventId ?? event.id,
    detailType: event['detail-type'],
    source: event.source,
  };
}

/** The handler, logging each event it handled and counting each time it threw (then rethrowing). */
export function observedTarget(target: TargetName, handler: TargetHandler): TargetHandler {
  return async (event, deps) => {
    const telemetry = deps.telemetry ?? silentTelemetry;
    const fields = { ...eventLogFields(event), target };
    try {
      await handler(event, deps);
    } catch (error) {
      telemetry.count(METRIC.targetFailures, 1, { target });
      telemetry.log('warn', 'Target failed; the bus retries it, then dead-letters it', { ...fields, error });
      throw error;
    }
    telemetry.log('info', 'Handled event', fields);
  };
}
