/** Lambda adapter: the every-minute schedule runs one deadline sweep. */
import type { Context } from 'aws-lambda';
import { observeSweep, type SweepReport, sweep } from '../deadlines/sweeper.ts';
import { timerHandlers } from '../deadlines/timer-kinds.ts';
import { invocation, log, telemetry } from './observability.ts';
import { clock, lambdaStore } from './runtime.ts';
import { traceClient, traced } from './tracing.ts';

const store = lambdaStore();
traceClient(store.db);

export async function handler(_event: unknown, context: Context): Promise<SweepReport> {
  return invocation(context, { correlation_id: context.awsRequestId }, () =>
    traced(async () => {
      const report = await sweep({ store, clock, fetch, telemetry }, timerHandlers, log);
      observeSweep(telemetry, report);
      return report;
    }),
  );
}
