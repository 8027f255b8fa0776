/**
 * Telemetry in Lambda, by Powertools: JSON log lines carrying the Lambda context and the invocation's
 * correlation id, and CloudWatch metrics written as EMF to stdout. Service name, metrics namespace and
 * log level come from POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE and POWERTOOLS_LOG_LEVEL,
 * which the CDK construct sets. The tracer lives in `tracing.ts`, imported only where it fits the bundle.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { type LogFields, logAt, type Telemetry } from '../shared/telemetry.ts';

export const logger = new Logger();
const metrics = new Metrics();

export const telemetry: Telemetry = {
  log: (level, message, fields = {}) => logger[level](message, fields),
  count: (metric, n = 1, dimensions) => {
    if (!dimensions) return void metrics.addMetric(metric, MetricUnit.Count, n);
    // Dimensions apply to a whole EMF document: a metric with its own goes out in a document of its own.
    const single = metrics.singleMetric();
    single.addDimensions(dimensions);
    single.addMetric(metric, MetricUnit.Count, n);
  },
};

/** For modules that take a `(message, fields)` logger. */
export const log = logAt(telemetry, 'info');

/** What every log line of one invocation carries besides the Lambda context. */
export type InvocationKeys = { correlation_id: string } & LogFields;

/**
 * Runs one invocation: its keys on every log line, a ColdStart metric on the first, the metrics flushed at
 * the end whatever happens, and an escaping error logged once (with the correlation id) before Lambda sees it.
 */
export async function invocation<T>(
  context: Context,
  keys: InvocationKeys,
  run: () => Promise<T>,
): Promise<T> {
  logger.addContext(context);
  logger.appendKeys(keys);
  metrics.captureColdStartMetric(context.functionName);
  try {
    return await run();
  } catch (error) {
    logger.error('Invocation failed', error as Error);
    throw error;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    logger.resetKeys();
  }
}
