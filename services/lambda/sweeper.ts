/** Lambda adapter: the every-minute schedule runs one deadline sweep. */
import type { Context } from 'aws-lambda';
import { deadlineKinds } from '../app/deadline-kinds.ts';
import { observeSweep, type SweepReport, sweep } from '../shared/deadlines/sweeper.ts';
import { invocation, log, telemetry } from './observability.ts';
import { clock, lambdaStore, settings, time } from './runtime.ts';
import { traceClient, traced } from './tracing.ts';

const store = lambdaStore();
traceClient(store.db);

export async function handler(_event: unknown, context: Context): Promise<SweepReport> {
  return invocation(context, { correlation_id: context.awsRequestId }, () =>
    traced(async () => {
      const report = await sweep({ store, clock, settings, time, telemetry }, deadlineKinds, log);
      observeSweep(telemetry, report);
      return report;
    }),
  );
}
