/**
 * Lambda adapter for rule targets: one bundle, one function per target name (CLEARWATER_TARGET).
 * A thrown error makes EventBridge retry with the rule's policy, then dead-letter the event.
 */

import { targets } from '../app/targets.ts';
import { TARGETS, type TargetName } from '../events/rules.ts';
import { requiredEnv } from '../shared/config.ts';
import type { BusEvent } from '../shared/events/envelope.ts';
import { clock, lambdaStore, log, settings, time } from './runtime.ts';

const name = requiredEnv('CLEARWATER_TARGET') as TargetName;
if (!TARGETS.includes(name)) throw new Error(`Unknown CLEARWATER_TARGET ${name}`);
const target = targets[name];

export async function handler(event: BusEvent): Promise<void> {
  await target(event, { store: lambdaStore(), clock, settings, time, fetch });
  log('Handled event', {
    target: name,
    eventId: event.detail?.metadata?.eventId,
    detailType: event['detail-type'],
  });
}
