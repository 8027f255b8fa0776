/**
 * What the code says about what happened — log lines and counts — without knowing where it goes:
 * Powertools in Lambda (JSON logs, CloudWatch metrics as EMF), the console in the local runtime, nowhere
 * in tests. Domain code takes a `Telemetry` (or the older `Log`) and never imports a logging library.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
/** The `(message, fields)` logger that modules written before `Telemetry` take; it logs at one level. */
export type Log = (message: string, fields?: LogFields) => void;

/**
 * Every metric Clearwater emits (CloudWatch namespace `Clearwater`, one `service` dimension per
 * function), with the extra dimension some carry. All are counts.
 */
export const METRIC = {
  /** Outbox records the publisher put on the bus. */
  eventsPublished: 'EventsPublished',
  /** Outbox records still failing after the publisher's retries: the stream source retries them. */
  publishFailures: 'PublishFailures',
  /** Outbox records parked for an operator; dimension `stage`: `publisher` (poison records; locally also records the poller gave up on). */
  deadLetters: 'DeadLetters',
  /** A rule target threw; dimension `target`. EventBridge retries it, then dead-letters it to the rule's queue. */
  targetFailures: 'TargetFailures',
  /** Webhook delivery attempts; dimension `outcome`: DELIVERED, PENDING (will retry) or FAILED (gave up). */
  webhookDeliveries: 'WebhookDeliveries',
  /** Due timer items a sweep read. */
  sweepItemsRead: 'SweepItemsRead',
  /** Deadline steps (ladder steps, delivery retries) a sweep fired. */
  deadlineStepsFired: 'DeadlineStepsFired',
  /** Timer handlers that threw; the next sweep retries them. */
  sweepFailures: 'SweepFailures',
  /** GraphQL operations answered. */
  graphqlRequests: 'GraphqlRequests',
  /** GraphQL operations answered with errors; dimension `code` (`extensions.code`), once per code per operation. */
  graphqlErrors: 'GraphqlErrors',
} as const;

export type Metric = (typeof METRIC)[keyof typeof METRIC];

export interface Telemetry {
  log(level: LogLevel, message: string, fields?: LogFields): void;
  count(metric: Metric, n?: number, dimensions?: Record<string, string>): void;
}

export const silentTelemetry: Telemetry = { log: () => {}, count: () => {} };

export function logAt(telemetry: Telemetry, level: LogLevel): Log {
  return (message, fields) => telemetry.log(level, message, fields);
}
