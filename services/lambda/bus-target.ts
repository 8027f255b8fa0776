/**
 * Lambda adapter for rule targets: one bundle, one function per target name (CLEARWATER_TARGET).
 * A thrown error makes EventBridge retry with the rule's policy, then dead-letter the event.
 */
import type { Context } from 'aws-lambda';
import { targets } from '../app/targets.ts';
import { eventLogFields, observedTarget } from '../events/observed-target.ts';
import { TARGETS, type TargetName } from '../events/rules.ts';
import { requiredEnv } from '../shared/config.ts';
import type { BusEvent } from '../shared/events/envelope.ts';
import { invocation, telemetry } from './observability.ts';
import { clock, lambdaStore, settings, time } from './runtime.ts';
import { traceClient, traced } from './tracing.ts';

const name = requiredEnv('CLEARWATER_TARGET') as TargetName;
if (!TARGETS.includes(name)) throw new Error(`Unknown CLEARWATER_TARGET ${name}`);
const target = observedTarget(name, targets[name]);
const store = lambdaStore();
traceClient(store.db);

export async function handler(event: BusEvent, context: Context): Promise<void> {
  await invocation(context, { ...eventLogFields(event), target: name }, () =>
    traced(() => target(event, { store, clock, settings, time, telemetry })),
  );
}
